"""GetSigningCertificate and the user pool tag calls (added)."""

import base64

from cryptography import x509

from conftest import MISSING_POOL, expect_error


def test_signing_certificate(idp, pool):
    cert = idp.get_signing_certificate(UserPoolId=pool["Id"])["Certificate"]
    parsed = x509.load_der_x509_certificate(base64.b64decode(cert))
    assert (parsed.not_valid_after_utc - parsed.not_valid_before_utc).days >= 3649
    assert idp.get_signing_certificate(UserPoolId=pool["Id"])["Certificate"] == cert
    expect_error("ResourceNotFoundException", idp.get_signing_certificate, UserPoolId=MISSING_POOL)


def test_tags_follow_user_pool_tags(idp):
    pool = idp.create_user_pool(PoolName="tagged", UserPoolTags={"team": "a"})["UserPool"]
    arn = pool["Arn"]
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": "a"}
    idp.tag_resource(ResourceArn=arn, Tags={"env": "dev", "team": "b"})
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": "b", "env": "dev"}
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {"team": "b", "env": "dev"}
    idp.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {"env": "dev"}


def test_tag_errors(server, idp, pool):
    missing = pool["Arn"].rsplit("/", 1)[0] + "/" + MISSING_POOL
    expect_error("ResourceNotFoundException", idp.tag_resource, ResourceArn=missing, Tags={"a": "b"})
    expect_error("ResourceNotFoundException", idp.list_tags_for_resource, ResourceArn=missing)
    expect_error("ResourceNotFoundException", idp.untag_resource, ResourceArn=missing, TagKeys=["a"])
    expect_error("InvalidParameterException", idp.list_tags_for_resource,
                 ResourceArn="arn:aws:s3:us-east-1:123456789012:bucket/x")
    expect_error("InvalidParameterException", idp.tag_resource, ResourceArn=pool["Arn"],
                 Tags={f"k{i}": "v" for i in range(51)})
    # boto3 checks lengths itself, so this one goes out raw.
    status, body = server.call("AWSCognitoIdentityProviderService.TagResource",
                               {"ResourceArn": pool["Arn"], "Tags": {"": "v"}})
    assert (status, body["__type"]) == (400, "InvalidParameterException")
    assert "Member must have length greater than or equal to 1" in body["message"]


def test_update_user_pool_keeps_tags_it_is_not_given(idp):
    # AWS: UpdateUserPool resets the settings it is not given, but not the tags (moto
    # resets them); UserPoolTags given replace them.
    pool = idp.create_user_pool(PoolName="kept-tags", UserPoolTags={"team": "a"})["UserPool"]
    idp.update_user_pool(UserPoolId=pool["Id"], AutoVerifiedAttributes=["email"])
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {"team": "a"}
    idp.update_user_pool(UserPoolId=pool["Id"], UserPoolTags={"env": "dev"})
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {"env": "dev"}
