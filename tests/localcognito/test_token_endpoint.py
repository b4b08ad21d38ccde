"""The domain's token endpoint (`POST /oauth2/token`, added): the client_credentials grant."""

import base64
import json
from urllib.parse import urlencode

import pytest
from joserfc import jwk, jwt

from conftest import unique

IDENT = "https://api.example.com"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def basic(client_id: str, secret: str) -> dict:
    token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {**FORM, "Authorization": f"Basic {token}"}


@pytest.fixture
def m2m(idp, pool, domain) -> dict:
    """A machine client allowed two of the pool's three resource server scopes."""
    idp.create_resource_server(UserPoolId=pool["Id"], Identifier=IDENT, Name="api", Scopes=[
        {"ScopeName": n, "ScopeDescription": n} for n in ("read", "write", "admin")])
    return idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="m2m", GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[f"{IDENT}/read", f"{IDENT}/write"],
        AccessTokenValidity=15, TokenValidityUnits={"AccessToken": "minutes"})["UserPoolClient"]


def post(server, form: dict, headers: dict) -> tuple[int, dict]:
    status, _, body = server.http("POST", "/oauth2/token", urlencode(form).encode(), headers)
    return status, json.loads(body)


def test_client_credentials_token_is_signed_by_the_pool_key(server, pool, m2m):
    status, got = post(server, {"grant_type": "client_credentials", "scope": f"{IDENT}/read"},
                       basic(m2m["ClientId"], m2m["ClientSecret"]))
    assert status == 200, got
    assert got["token_type"] == "Bearer" and got["expires_in"] == 15 * 60
    status, _, keys = server.http("GET", f"/{pool['Id']}/.well-known/jwks.json")
    assert status == 200
    key = jwk.KeySet.import_key_set(json.loads(keys))
    claims = jwt.decode(got["access_token"], key).claims
    assert claims["client_id"] == claims["sub"] == m2m["ClientId"]
    assert claims["token_use"] == "access" and claims["scope"] == f"{IDENT}/read"
    assert claims["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}"
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_no_scope_asked_gives_every_allowed_scope(server, m2m):
    status, got = post(server, {"grant_type": "client_credentials", "client_id": m2m["ClientId"],
                                "client_secret": m2m["ClientSecret"]}, FORM)
    assert status == 200, got
    claims = json.loads(base64.urlsafe_b64decode(got["access_token"].split(".")[1] + "=="))
    assert claims["scope"].split() == [f"{IDENT}/read", f"{IDENT}/write"]


@pytest.mark.parametrize("form,headers_of,error", [
    ({"grant_type": "client_credentials", "scope": f"{IDENT}/admin"}, "good", "invalid_scope"),
    ({"grant_type": "client_credentials"}, "wrong-secret", "invalid_client"),
    ({"grant_type": "client_credentials"}, "unknown-client", "invalid_client"),
    ({"grant_type": "password"}, "good", "unsupported_grant_type"),
    ({"grant_type": "authorization_code", "code": "x"}, "good", "unsupported_grant_type"),
    ({}, "good", "invalid_request"),
])
def test_errors_are_the_documented_ones(server, m2m, form, headers_of, error):
    cid, secret = m2m["ClientId"], m2m["ClientSecret"]
    headers = {"good": basic(cid, secret), "wrong-secret": basic(cid, "nope"),
               "unknown-client": basic("nosuchclient", secret)}[headers_of]
    status, got = post(server, form, headers)
    assert (status, got["error"]) == (400, error), got


def test_client_without_the_flow_is_unauthorized(server, idp, pool, m2m):
    plain = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="web",
                                        GenerateSecret=True)["UserPoolClient"]
    status, got = post(server, {"grant_type": "client_credentials"},
                       basic(plain["ClientId"], plain["ClientSecret"]))
    assert (status, got["error"]) == (400, "unauthorized_client"), got


def test_a_pool_without_a_domain_has_no_token_endpoint(server, idp):
    pool = idp.create_user_pool(PoolName=unique("nodom"))["UserPool"]
    idp.create_resource_server(UserPoolId=pool["Id"], Identifier=IDENT, Name="api",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    c = idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="m2m", GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[f"{IDENT}/read"])["UserPoolClient"]
    status, got = post(server, {"grant_type": "client_credentials"}, basic(c["ClientId"], c["ClientSecret"]))
    assert status == 404 and "no domain" in got["error_description"], got


def test_host_header_must_name_the_pool_domain(server, m2m, domain):
    good = {**basic(m2m["ClientId"], m2m["ClientSecret"]), "Host": f"{domain}.auth.us-east-1.amazoncognito.com"}
    assert post(server, {"grant_type": "client_credentials"}, good)[0] == 200
    other = {**good, "Host": "someone-else.auth.us-east-1.amazoncognito.com"}
    status, got = post(server, {"grant_type": "client_credentials"}, other)
    assert (status, got["error"]) == (400, "invalid_client"), got


def test_wrong_method_and_content_type(server, m2m):
    status, _, _ = server.http("GET", "/oauth2/token")
    assert status == 405
    status, got = post(server, {"grant_type": "client_credentials"},
                       {"Content-Type": "application/json",
                        **{k: v for k, v in basic(m2m["ClientId"], m2m["ClientSecret"]).items()
                           if k == "Authorization"}})
    assert (status, got["error"]) == (400, "invalid_request")
