"""moto's user pool operations that answered unlike AWS, now fixed."""

import json

from conftest import MISSING_POOL, expect_error, unique

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
CERT2 = "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000"


# -- app clients -----------------------------------------------------------------------

def test_update_client_resets_omitted_fields(idp, pool):
    made = idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="app", GenerateSecret=True, RefreshTokenValidity=10,
        CallbackURLs=["https://example.com/cb"], ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
        ReadAttributes=["email"])["UserPoolClient"]
    upd = idp.update_user_pool_client(UserPoolId=pool["Id"], ClientId=made["ClientId"],
                                      ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"])["UserPoolClient"]
    desc = idp.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=made["ClientId"])["UserPoolClient"]
    for got in (upd, desc):
        assert got["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH"]
        assert "CallbackURLs" not in got and "ReadAttributes" not in got
        assert got["RefreshTokenValidity"] == 30  # the default again
        assert got["ClientName"] == "app"  # a name left out stays
        assert got["ClientSecret"] == made["ClientSecret"]
    expect_error("ResourceNotFoundException", idp.update_user_pool_client, UserPoolId=pool["Id"],
                 ClientId="nosuchclient")
    expect_error("ResourceNotFoundException", idp.update_user_pool_client, UserPoolId=MISSING_POOL,
                 ClientId=made["ClientId"])


# -- domains ---------------------------------------------------------------------------

def test_domain_names_are_unique_across_pools(idp, pool, domain):
    other = idp.create_user_pool(PoolName=unique())["UserPool"]
    msg = expect_error("InvalidParameterException", idp.create_user_pool_domain,
                       UserPoolId=other["Id"], Domain=domain)
    assert msg == "Domain already associated with another user pool."
    assert idp.describe_user_pool_domain(Domain=domain)["DomainDescription"]["UserPoolId"] == pool["Id"]


def test_one_prefix_and_one_custom_domain_per_pool(idp, pool, domain):
    expect_error("InvalidParameterException", idp.create_user_pool_domain, UserPoolId=pool["Id"],
                 Domain=unique("dom"))
    custom = f"{unique('auth')}.example.com"
    out = idp.create_user_pool_domain(UserPoolId=pool["Id"], Domain=custom, CustomDomainConfig={"CertificateArn": CERT})
    assert out["CloudFrontDomain"].endswith(".cloudfront.net") and out["ManagedLoginVersion"] == 1
    expect_error("InvalidParameterException", idp.create_user_pool_domain, UserPoolId=pool["Id"],
                 Domain=f"{unique('auth')}.example.com", CustomDomainConfig={"CertificateArn": CERT})
    up = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert (up["Domain"], up["CustomDomain"]) == (domain, custom)


def test_describe_domain_reads_back_everything(idp, pool):
    custom = f"{unique('auth')}.example.com"
    idp.create_user_pool_domain(UserPoolId=pool["Id"], Domain=custom, ManagedLoginVersion=2,
                                CustomDomainConfig={"CertificateArn": CERT})
    d1 = idp.describe_user_pool_domain(Domain=custom)["DomainDescription"]
    d2 = idp.describe_user_pool_domain(Domain=custom)["DomainDescription"]
    assert d1["CustomDomainConfig"] == {"CertificateArn": CERT}
    assert d1["ManagedLoginVersion"] == 2 and d1["Status"] == "ACTIVE"
    assert d1["AWSAccountId"] == d2["AWSAccountId"] == "123456789012"
    assert idp.describe_user_pool_domain(Domain="nosuchdomain")["DomainDescription"] == {}


def test_update_domain_keeps_what_it_omits(idp, pool):
    custom = f"{unique('auth')}.example.com"
    idp.create_user_pool_domain(UserPoolId=pool["Id"], Domain=custom, CustomDomainConfig={"CertificateArn": CERT})
    out = idp.update_user_pool_domain(UserPoolId=pool["Id"], Domain=custom, ManagedLoginVersion=2)
    assert out["ManagedLoginVersion"] == 2 and out["CloudFrontDomain"]
    d = idp.describe_user_pool_domain(Domain=custom)["DomainDescription"]
    assert d["CustomDomainConfig"] == {"CertificateArn": CERT} and d["ManagedLoginVersion"] == 2
    idp.update_user_pool_domain(UserPoolId=pool["Id"], Domain=custom, CustomDomainConfig={"CertificateArn": CERT2})
    d = idp.describe_user_pool_domain(Domain=custom)["DomainDescription"]
    assert d["CustomDomainConfig"] == {"CertificateArn": CERT2} and d["ManagedLoginVersion"] == 2


def test_domain_errors(idp, pool, domain):
    other = idp.create_user_pool(PoolName=unique())["UserPool"]
    expect_error("InvalidParameterException", idp.update_user_pool_domain, UserPoolId=other["Id"],
                 Domain=domain, ManagedLoginVersion=2)
    expect_error("InvalidParameterException", idp.delete_user_pool_domain, UserPoolId=other["Id"], Domain=domain)
    expect_error("InvalidParameterException", idp.update_user_pool_domain, UserPoolId=pool["Id"],
                 Domain=domain, CustomDomainConfig={"CertificateArn": CERT})
    expect_error("InvalidParameterException", idp.update_user_pool_domain, UserPoolId=pool["Id"],
                 Domain=domain, ManagedLoginVersion=3)
    expect_error("ResourceNotFoundException", idp.update_user_pool_domain, UserPoolId=pool["Id"],
                 Domain="nosuchdomain", ManagedLoginVersion=2)
    expect_error("ResourceNotFoundException", idp.delete_user_pool_domain, UserPoolId=pool["Id"],
                 Domain="nosuchdomain")
    expect_error("ResourceNotFoundException", idp.create_user_pool_domain, UserPoolId=MISSING_POOL,
                 Domain=unique("dom"))
    assert expect_error("InvalidParameterException", idp.create_user_pool_domain, UserPoolId=other["Id"],
                        Domain=unique("my-cognito-")) == "Domain cannot contain reserved word: cognito"
    expect_error("InvalidParameterException", idp.create_user_pool_domain, UserPoolId=other["Id"],
                 Domain="Upper_Case")
    expect_error("InvalidParameterException", idp.create_user_pool_domain, UserPoolId=other["Id"],
                 Domain="not a host", CustomDomainConfig={"CertificateArn": CERT})


def test_delete_pool_refused_while_a_domain_is_attached(idp, pool, domain):
    msg = expect_error("InvalidParameterException", idp.delete_user_pool, UserPoolId=pool["Id"])
    assert msg == "User pool cannot be deleted. It has a domain configured that should be deleted first."
    idp.delete_user_pool_domain(UserPoolId=pool["Id"], Domain=domain)
    assert "Domain" not in idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    idp.delete_user_pool(UserPoolId=pool["Id"])
    expect_error("ResourceNotFoundException", idp.describe_user_pool, UserPoolId=pool["Id"])
    expect_error("ResourceNotFoundException", idp.delete_user_pool, UserPoolId=pool["Id"])


# -- identity providers ----------------------------------------------------------------

SOCIAL = {"client_id": "id", "client_secret": "secret", "authorize_scopes": "email openid"}
METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def create(idp, pool, name, ptype, details, **kw):
    return idp.create_identity_provider(UserPoolId=pool["Id"], ProviderName=name, ProviderType=ptype,
                                        ProviderDetails=details, **kw)["IdentityProvider"]


def test_duplicate_provider(idp, pool):
    create(idp, pool, "Google", "Google", SOCIAL)
    expect_error("DuplicateProviderException", create, idp, pool, "Google", "Google", SOCIAL)
    expect_error("ResourceNotFoundException", create, idp, {"Id": MISSING_POOL}, "Google", "Google", SOCIAL)


def test_computed_provider_details(idp, pool):
    g = create(idp, pool, "Google", "Google", SOCIAL)
    assert g["ProviderDetails"]["authorize_url"] == "https://accounts.google.com/o/oauth2/v2/auth"
    assert g["ProviderDetails"]["oidc_issuer"] == "https://accounts.google.com"
    assert g["ProviderDetails"]["attributes_url_add_attributes"] == "true"
    assert g["ProviderDetails"]["token_request_method"] == "POST"
    assert g["ProviderDetails"]["client_secret"] == "secret"
    assert g["AttributeMapping"] == {"username": "sub"}  # AWS's mapping when none is given
    fb = create(idp, pool, "Facebook", "Facebook", dict(SOCIAL, api_version="v17.0"))["ProviderDetails"]
    assert fb["authorize_url"] == "https://www.facebook.com/v17.0/dialog/oauth"
    assert fb["token_url"] == "https://graph.facebook.com/v17.0/oauth/access_token"
    assert fb["token_request_method"] == "GET"
    amzn = create(idp, pool, "LoginWithAmazon", "LoginWithAmazon", SOCIAL)["ProviderDetails"]
    assert amzn["attributes_url"] == "https://api.amazon.com/user/profile"
    apple = create(idp, pool, "SignInWithApple", "SignInWithApple",
                   {"client_id": "com.example", "team_id": "T", "key_id": "K", "private_key": "PK",
                    "authorize_scopes": "email name"})["ProviderDetails"]
    assert apple["oidc_issuer"] == "https://appleid.apple.com" and "private_key" not in apple
    oidc = create(idp, pool, "Corp", "OIDC",
                  {"client_id": "c", "client_secret": "s", "attributes_request_method": "GET",
                   "oidc_issuer": "https://login.example.com", "authorize_scopes": "openid",
                   "token_url": "https://login.example.com/oauth/token"},
                  AttributeMapping={"email": "email"})
    d = oidc["ProviderDetails"]
    assert d["token_url"] == "https://login.example.com/oauth/token"  # given: kept
    assert d["authorize_url"] and d["jwks_uri"] and d["attributes_url_add_attributes"] == "false"
    assert oidc["AttributeMapping"] == {"email": "email"}
    desc = idp.describe_identity_provider(UserPoolId=pool["Id"], ProviderName="Corp")["IdentityProvider"]
    assert desc["ProviderDetails"] == d


def test_saml_details(idp, pool):
    expect_error("InvalidParameterException", create, idp, pool, "Saml", "SAML", {"IDPSignout": "true"})
    expect_error("InvalidParameterException", create, idp, pool, "Saml", "SAML",
                 {"MetadataURL": "https://idp.example.com/md", "MetadataFile": METADATA})
    expect_error("InvalidParameterException", create, idp, pool, "Saml", "SAML", {"MetadataFile": "<not xml"})
    d = create(idp, pool, "Saml", "SAML", {"MetadataFile": METADATA})["ProviderDetails"]
    assert d["SSORedirectBindingURI"] == "https://idp.example.com/sso"
    assert d["SLORedirectBindingURI"] == "https://idp.example.com/slo"
    assert d["ActiveEncryptionCertificate"]
    u = create(idp, pool, "SamlUrl", "SAML", {"MetadataURL": "https://idp.example.com/md"})["ProviderDetails"]
    assert u["SSORedirectBindingURI"].startswith("https://idp.example.com/")
    upd = idp.update_identity_provider(UserPoolId=pool["Id"], ProviderName="SamlUrl",
                                       ProviderDetails={"MetadataFile": METADATA})["IdentityProvider"]
    assert upd["ProviderDetails"]["SSORedirectBindingURI"] == "https://idp.example.com/sso"
    expect_error("ResourceNotFoundException", idp.update_identity_provider, UserPoolId=pool["Id"],
                 ProviderName="Nope", ProviderDetails={"MetadataFile": METADATA})


def test_provider_validation(idp, pool):
    msg = expect_error("InvalidParameterException", create, idp, pool, "Google", "Google", {"client_id": "x"})
    assert "client_secret" in msg
    expect_error("InvalidParameterException", create, idp, pool, "X", "Myspace", SOCIAL)


# -- users -----------------------------------------------------------------------------

def _stored_user(server, pool_id, username):
    _, _, raw = server.http("GET", "/moto-api/data.json")
    users = json.loads(raw)["cognitoidp"]["CognitoIdpUser"]
    return next(u for u in users if u["user_pool_id"] == pool_id and u["username"] == username)


def test_admin_create_user_generates_a_password(server, idp):
    pool = idp.create_user_pool(PoolName=unique(), Policies={"PasswordPolicy": {
        "MinimumLength": 16, "RequireUppercase": True, "RequireLowercase": True,
        "RequireNumbers": True, "RequireSymbols": True}})["UserPool"]
    user = idp.admin_create_user(UserPoolId=pool["Id"], Username="grace", MessageAction="SUPPRESS")["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    pw = _stored_user(server, pool["Id"], "grace")["password"]
    assert len(pw) >= 16 and any(c.isupper() for c in pw) and any(c.islower() for c in pw)
    assert any(c.isdigit() for c in pw) and any(not c.isalnum() for c in pw)
    # A temporary password given is used as is.
    idp.admin_create_user(UserPoolId=pool["Id"], Username="ada", TemporaryPassword="Given-Passw0rd!x",
                          MessageAction="SUPPRESS")
    assert _stored_user(server, pool["Id"], "ada")["password"] == "Given-Passw0rd!x"
    expect_error("ResourceNotFoundException", idp.admin_create_user, UserPoolId=MISSING_POOL, Username="x")


def test_email_username_pool_uses_sub_as_username(idp):
    pool = idp.create_user_pool(PoolName=unique(), UsernameAttributes=["email"])["UserPool"]
    user = idp.admin_create_user(UserPoolId=pool["Id"], Username="ada@example.com", MessageAction="SUPPRESS")["User"]
    attrs = {a["Name"]: a["Value"] for a in user["Attributes"]}
    assert user["Username"] == attrs["sub"] and attrs["email"] == "ada@example.com"
