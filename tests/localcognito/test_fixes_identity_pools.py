"""moto's identity pool operations that answered unlike AWS, now fixed."""

from conftest import MISSING_IDENTITY_POOL, REGION, expect_error, unique

OIDC = "arn:aws:iam::123456789012:oidc-provider/login.example.com"


def test_update_identity_pool_replaces_everything(identity):
    ip = identity.create_identity_pool(
        IdentityPoolName=unique("ip"), AllowUnauthenticatedIdentities=False,
        SupportedLoginProviders={"accounts.google.com": "x"}, OpenIdConnectProviderARNs=[OIDC],
        IdentityPoolTags={"team": "a"})
    new_name = unique("renamed")
    out = identity.update_identity_pool(IdentityPoolId=ip["IdentityPoolId"], IdentityPoolName=new_name,
                                        AllowUnauthenticatedIdentities=True, IdentityPoolTags={})
    desc = identity.describe_identity_pool(IdentityPoolId=ip["IdentityPoolId"])
    for got in (out, desc):
        assert got["IdentityPoolName"] == new_name
        assert got["AllowUnauthenticatedIdentities"] is True
        assert got["IdentityPoolTags"] == {}
        assert got.get("SupportedLoginProviders", {}) == {} and got.get("OpenIdConnectProviderARNs", []) == []
    # Tags left out stay (they are also managed by TagResource).
    identity.update_identity_pool(IdentityPoolId=ip["IdentityPoolId"], IdentityPoolName=new_name,
                                  AllowUnauthenticatedIdentities=True, IdentityPoolTags={"env": "dev"})
    identity.update_identity_pool(IdentityPoolId=ip["IdentityPoolId"], IdentityPoolName=new_name,
                                  AllowUnauthenticatedIdentities=True)
    assert identity.describe_identity_pool(IdentityPoolId=ip["IdentityPoolId"])["IdentityPoolTags"] == {"env": "dev"}


def test_update_identity_pool_errors(identity):
    expect_error("ResourceNotFoundException", identity.update_identity_pool, IdentityPoolId=MISSING_IDENTITY_POOL,
                 IdentityPoolName="x", AllowUnauthenticatedIdentities=False)
    ip = identity.create_identity_pool(IdentityPoolName=unique("ip"), AllowUnauthenticatedIdentities=False,
                                       DeveloperProviderName="login.example")
    msg = expect_error("ValidationException", identity.update_identity_pool, IdentityPoolId=ip["IdentityPoolId"],
                       IdentityPoolName="bad/name", AllowUnauthenticatedIdentities=False)
    assert "identityPoolName" in msg
    expect_error("InvalidParameterException", identity.update_identity_pool, IdentityPoolId=ip["IdentityPoolId"],
                 IdentityPoolName="x", AllowUnauthenticatedIdentities=False, DeveloperProviderName="other")


def test_get_id(identity):
    expect_error("ResourceNotFoundException", identity.get_id, IdentityPoolId=MISSING_IDENTITY_POOL)
    closed = identity.create_identity_pool(IdentityPoolName=unique("ip"), AllowUnauthenticatedIdentities=False,
                                           SupportedLoginProviders={"accounts.google.com": "x"})
    expect_error("NotAuthorizedException", identity.get_id, IdentityPoolId=closed["IdentityPoolId"])
    a = identity.get_id(IdentityPoolId=closed["IdentityPoolId"], Logins={"accounts.google.com": "token-a"})
    again = identity.get_id(IdentityPoolId=closed["IdentityPoolId"], Logins={"accounts.google.com": "token-a"})
    b = identity.get_id(IdentityPoolId=closed["IdentityPoolId"], Logins={"accounts.google.com": "token-b"})
    assert a["IdentityId"] == again["IdentityId"] != b["IdentityId"]
    assert a["IdentityId"].startswith(f"{REGION}:")


def test_list_identity_pools_pages(identity):
    for _ in range(3):
        identity.create_identity_pool(IdentityPoolName=unique("page"), AllowUnauthenticatedIdentities=False)
    seen, token, pages = [], None, 0
    while True:
        kw = {"NextToken": token} if token else {}
        out = identity.list_identity_pools(MaxResults=2, **kw)
        assert len(out["IdentityPools"]) <= 2
        assert all(set(p) == {"IdentityPoolId", "IdentityPoolName"} for p in out["IdentityPools"])
        seen += [p["IdentityPoolId"] for p in out["IdentityPools"]]
        pages += 1
        token = out.get("NextToken")
        if not token:
            break
    assert pages >= 2 and len(seen) == len(set(seen)) >= 3
    expect_error("ValidationException", identity.list_identity_pools, MaxResults=61)
    expect_error("InvalidParameterException", identity.list_identity_pools, MaxResults=2, NextToken="garbage")


def test_list_identities_unknown_pool_is_not_found(identity):
    expect_error("ResourceNotFoundException", identity.list_identities, IdentityPoolId=MISSING_IDENTITY_POOL,
                 MaxResults=10)
    ip = identity.create_identity_pool(IdentityPoolName=unique("ip"), AllowUnauthenticatedIdentities=True)
    got = identity.get_id(IdentityPoolId=ip["IdentityPoolId"])["IdentityId"]
    listed = identity.list_identities(IdentityPoolId=ip["IdentityPoolId"], MaxResults=10)["Identities"]
    assert [i["IdentityId"] for i in listed] == [got]
