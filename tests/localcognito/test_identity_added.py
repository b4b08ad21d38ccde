"""Set/GetIdentityPoolRoles, Set/GetPrincipalTagAttributeMap and the identity pool tag calls
(added), and GetCredentialsForIdentity once roles are set (fixed)."""

import pytest

from conftest import ACCOUNT, MISSING_IDENTITY_POOL, REGION, expect_error, unique

AUTH_ROLE = "arn:aws:iam::123456789012:role/auth"
UNAUTH_ROLE = "arn:aws:iam::123456789012:role/unauth"


@pytest.fixture
def ipool(identity, pool, client):
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pool['Id']}"
    return identity.create_identity_pool(
        IdentityPoolName=unique("ip"), AllowUnauthenticatedIdentities=True,
        SupportedLoginProviders={"accounts.google.com": "123.apps.googleusercontent.com"},
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client["ClientId"]}],
        OpenIdConnectProviderARNs=["arn:aws:iam::123456789012:oidc-provider/login.example.com"],
        IdentityPoolTags={"team": "a"},
    )


def arn(ip):
    return f"arn:aws:cognito-identity:{REGION}:{ACCOUNT}:identitypool/{ip['IdentityPoolId']}"


def test_roles_and_mappings(identity, ipool, client):
    ip_id = ipool["IdentityPoolId"]
    assert identity.get_identity_pool_roles(IdentityPoolId=ip_id)["Roles"] == {}
    cognito_key = f"{ipool['CognitoIdentityProviders'][0]['ProviderName']}:{client['ClientId']}"
    mappings = {
        cognito_key: {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"},
        "accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {
            "Rules": [{"Claim": "email", "MatchType": "Contains", "Value": "@example.com", "RoleARN": AUTH_ROLE}]}},
        "login.example.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"},
    }
    identity.set_identity_pool_roles(IdentityPoolId=ip_id, Roles={"authenticated": AUTH_ROLE,
                                                                  "unauthenticated": UNAUTH_ROLE},
                                     RoleMappings=mappings)
    got = identity.get_identity_pool_roles(IdentityPoolId=ip_id)
    assert got["Roles"] == {"authenticated": AUTH_ROLE, "unauthenticated": UNAUTH_ROLE}
    assert got["RoleMappings"] == mappings
    identity.set_identity_pool_roles(IdentityPoolId=ip_id, Roles={})
    got = identity.get_identity_pool_roles(IdentityPoolId=ip_id)
    assert got["Roles"] == {} and "RoleMappings" not in got


def test_role_errors(identity, ipool):
    ip_id = ipool["IdentityPoolId"]
    expect_error("ResourceNotFoundException", identity.get_identity_pool_roles, IdentityPoolId=MISSING_IDENTITY_POOL)
    expect_error("ResourceNotFoundException", identity.set_identity_pool_roles,
                 IdentityPoolId=MISSING_IDENTITY_POOL, Roles={})
    msg = expect_error("InvalidParameterException", identity.set_identity_pool_roles, IdentityPoolId=ip_id,
                       Roles={}, RoleMappings={"graph.facebook.com": {"Type": "Token",
                                                                       "AmbiguousRoleResolution": "Deny"}})
    assert "graph.facebook.com" in msg
    expect_error("InvalidParameterException", identity.set_identity_pool_roles, IdentityPoolId=ip_id,
                 Roles={}, RoleMappings={"accounts.google.com": {"Type": "Token"}})
    expect_error("InvalidParameterException", identity.set_identity_pool_roles, IdentityPoolId=ip_id,
                 Roles={}, RoleMappings={"accounts.google.com": {"Type": "Rules",
                                                                 "AmbiguousRoleResolution": "Deny"}})
    expect_error("ValidationException", identity.set_identity_pool_roles, IdentityPoolId=ip_id,
                 Roles={"admin": AUTH_ROLE})


def test_credentials_need_a_role_once_roles_are_set(identity, ipool):
    ip_id = ipool["IdentityPoolId"]
    identity_id = identity.get_id(IdentityPoolId=ip_id)["IdentityId"]
    # Roles never set: moto's answer.
    assert identity.get_credentials_for_identity(IdentityId=identity_id)["IdentityId"] == identity_id
    identity.set_identity_pool_roles(IdentityPoolId=ip_id, Roles={"authenticated": AUTH_ROLE})
    expect_error("InvalidIdentityPoolConfigurationException", identity.get_credentials_for_identity,
                 IdentityId=identity_id)
    identity.set_identity_pool_roles(IdentityPoolId=ip_id, Roles={"unauthenticated": UNAUTH_ROLE})
    creds = identity.get_credentials_for_identity(IdentityId=identity_id)["Credentials"]
    assert creds["AccessKeyId"] and creds["SecretKey"]
    expect_error("ResourceNotFoundException", identity.get_credentials_for_identity,
                 IdentityId=f"{REGION}:00000000-0000-4000-8000-000000000000")


def test_principal_tags(identity, ipool):
    ip_id = ipool["IdentityPoolId"]
    before = identity.get_principal_tag_attribute_map(IdentityPoolId=ip_id,
                                                      IdentityProviderName="accounts.google.com")
    assert before["UseDefaults"] is False and before["PrincipalTags"] == {}
    got = identity.set_principal_tag_attribute_map(IdentityPoolId=ip_id, IdentityProviderName="accounts.google.com",
                                                   UseDefaults=False, PrincipalTags={"team": "hd"})
    assert got["PrincipalTags"] == {"team": "hd"}
    assert identity.get_principal_tag_attribute_map(IdentityPoolId=ip_id, IdentityProviderName="accounts.google.com") \
        ["PrincipalTags"] == {"team": "hd"}
    identity.set_principal_tag_attribute_map(IdentityPoolId=ip_id, IdentityProviderName="accounts.google.com",
                                             UseDefaults=True)
    after = identity.get_principal_tag_attribute_map(IdentityPoolId=ip_id, IdentityProviderName="accounts.google.com")
    assert after["UseDefaults"] is True and after["PrincipalTags"] == {}
    expect_error("ResourceNotFoundException", identity.get_principal_tag_attribute_map,
                 IdentityPoolId=MISSING_IDENTITY_POOL, IdentityProviderName="accounts.google.com")
    expect_error("ResourceNotFoundException", identity.set_principal_tag_attribute_map,
                 IdentityPoolId=MISSING_IDENTITY_POOL, IdentityProviderName="accounts.google.com", UseDefaults=True)


def test_tags_follow_identity_pool_tags(identity, ipool):
    ip_id = ipool["IdentityPoolId"]
    assert identity.list_tags_for_resource(ResourceArn=arn(ipool))["Tags"] == {"team": "a"}
    identity.tag_resource(ResourceArn=arn(ipool), Tags={"env": "dev"})
    assert identity.describe_identity_pool(IdentityPoolId=ip_id)["IdentityPoolTags"] == {"team": "a", "env": "dev"}
    identity.untag_resource(ResourceArn=arn(ipool), TagKeys=["team"])
    assert identity.list_tags_for_resource(ResourceArn=arn(ipool))["Tags"] == {"env": "dev"}
    missing = arn({"IdentityPoolId": MISSING_IDENTITY_POOL})
    expect_error("ResourceNotFoundException", identity.tag_resource, ResourceArn=missing, Tags={"a": "b"})
    expect_error("ResourceNotFoundException", identity.list_tags_for_resource, ResourceArn=missing)
    expect_error("InvalidParameterException", identity.untag_resource,
                 ResourceArn="arn:aws:cognito-idp:us-east-1:123456789012:userpool/x", TagKeys=["a"])
