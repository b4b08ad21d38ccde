"""The launcher's contract: first stdout line, --port, SIGTERM, reset, recorder, errors."""

from __future__ import annotations

import base64
import json
import signal
import socket

from conftest import REGION, Server, expect_error, unique


def test_first_line_names_the_url(server):
    assert server.first_line == f"listening on http://127.0.0.1:{server.port}"
    status, _, _ = server.http("GET", "/moto-api/")
    assert status == 200


def test_port_option_and_clean_sigterm(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = Server(tmp_path / "port.log", "--port", str(port))
    try:
        assert srv.port == port
        idp, _ = srv.clients()
        assert idp.list_user_pools(MaxResults=1)["UserPools"] == []
    finally:
        code = srv.stop(signal.SIGTERM)
    assert code == 0
    assert srv.rest == [], "nothing but the first line goes to stdout"


def test_bad_arguments_are_refused(tmp_path):
    import subprocess

    from conftest import SCRIPT

    r = subprocess.run([str(SCRIPT), "--port", "x"], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert "--port must be a number" in r.stderr


def test_reset_wipes_moto_and_localcognito_state(tmp_path):
    srv = Server(tmp_path / "reset.log")
    try:
        idp, identity = srv.clients()
        pool = idp.create_user_pool(PoolName="p")["UserPool"]
        idp.create_user_pool_domain(UserPoolId=pool["Id"], Domain="resetdomain")
        idp.set_log_delivery_configuration(UserPoolId=pool["Id"], LogConfigurations=[{
            "LogLevel": "ERROR", "EventSource": "userNotification",
            "CloudWatchLogsConfiguration": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:g"}}])
        ip = identity.create_identity_pool(IdentityPoolName="ip", AllowUnauthenticatedIdentities=False)
        identity.set_identity_pool_roles(IdentityPoolId=ip["IdentityPoolId"],
                                         Roles={"authenticated": "arn:aws:iam::123456789012:role/a"})
        status, _, _ = srv.http("POST", "/moto-api/reset", b"")
        assert status == 200
        assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
        assert idp.describe_user_pool_domain(Domain="resetdomain")["DomainDescription"] == {}
        expect_error("ResourceNotFoundException", idp.get_log_delivery_configuration, UserPoolId=pool["Id"])
        expect_error("ResourceNotFoundException", identity.get_identity_pool_roles,
                     IdentityPoolId=ip["IdentityPoolId"])
        # The same names are free again, and the new pool starts with nothing set.
        pool2 = idp.create_user_pool(PoolName="p")["UserPool"]
        idp.create_user_pool_domain(UserPoolId=pool2["Id"], Domain="resetdomain")
        got = idp.get_log_delivery_configuration(UserPoolId=pool2["Id"])["LogDeliveryConfiguration"]
        assert got["LogConfigurations"] == []
    finally:
        assert srv.stop() == 0


def test_unknown_operation_is_a_json_501_not_a_500(server):
    status, body = server.call("AWSCognitoIdentityProviderService.NoSuchOperation", {})
    assert status == 501
    assert body["__type"] == "NotImplementedException"


def test_invalid_json_is_a_400(server):
    status, body = server.call("AWSCognitoIdentityProviderService.ListTerms", b"{not json")
    assert (status, body["__type"]) == (400, "SerializationException")


def test_validation_errors_list_every_violation(server):
    status, body = server.call("AWSCognitoIdentityProviderService.CreateTerms",
                               {"UserPoolId": "bad id", "TermsName": "x"})
    assert status == 400
    assert body["__type"] == "InvalidParameterException"
    msg = body["message"]
    assert msg.startswith("5 validation errors detected: ")
    assert "Value null at 'clientId' failed to satisfy constraint: Member must not be null" in msg
    assert "at 'termsName' failed to satisfy constraint: Member must satisfy regular expression pattern" in msg
    assert "at 'userPoolId' failed to satisfy constraint" in msg


def test_recorder_sees_each_request_once_as_sent(server, idp):
    pool_id = idp.create_user_pool(PoolName=unique())["UserPool"]["Id"]
    for action in ("reset-recording", "start-recording"):
        assert server.http("POST", f"/moto-api/recorder/{action}", b"")[0] == 200
    try:
        # AdminCreateUser is handed on to moto with a generated password added...
        idp.admin_create_user(UserPoolId=pool_id, Username="rec", MessageAction="SUPPRESS")
        # ...DescribeUserPool goes to moto and its answer is changed...
        idp.describe_user_pool(UserPoolId=pool_id)
        # ...GetLogDeliveryConfiguration never reaches moto's handlers.
        idp.get_log_delivery_configuration(UserPoolId=pool_id)
    finally:
        server.http("POST", "/moto-api/recorder/stop-recording", b"")
    _, _, raw = server.http("GET", "/moto-api/recorder/download-recording")
    entries = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
    targets = [{k.lower(): v for k, v in e["headers"].items()}.get("x-amz-target", "").split(".")[-1]
               for e in entries]
    assert targets == ["AdminCreateUser", "DescribeUserPool", "GetLogDeliveryConfiguration"]
    first = entries[0]["body"]
    if entries[0].get("body_encoded"):
        first = base64.b64decode(first).decode()
    assert "TemporaryPassword" not in json.loads(first)


def test_signed_region_is_respected(server):
    _, identity = server.clients()
    import boto3

    west = boto3.client("cognito-idp", endpoint_url=server.url, region_name="eu-west-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    pool = west.create_user_pool(PoolName=unique())["UserPool"]
    assert pool["Id"].startswith("eu-west-1_")
    west.set_log_delivery_configuration(UserPoolId=pool["Id"], LogConfigurations=[])
    east, _ = server.clients()
    expect_error("ResourceNotFoundException", east.get_log_delivery_configuration, UserPoolId=pool["Id"])
    assert REGION == "us-east-1"


def test_user_pool_creation_and_sign_in_still_work(server, idp):
    # The one-time RSA key parsing must not change what moto signs tokens with.
    pool_id = idp.create_user_pool(PoolName=unique())["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c",
                                         ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH",
                                                            "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ada", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ada", Password="Passw0rd!x", Permanent=True)
    out = idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client["ClientId"],
                                  AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "ada", "PASSWORD": "Passw0rd!x"})
    token = out["AuthenticationResult"]["IdToken"]
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    status, _, raw = server.http("GET", f"/{pool_id}/.well-known/jwks.json")
    assert status == 200
    assert header["kid"] in [k["kid"] for k in json.loads(raw)["keys"]]


def test_a_crash_inside_moto_is_a_json_error_not_html(server):
    # moto fails with a TypeError on an ID that is not a string (an input AWS rejects as
    # a validation error); the answer is still JSON the SDKs can read.
    status, body = server.call("AWSCognitoIdentityService.DescribeIdentityPool",
                               {"IdentityPoolId": ["not", "a", "string"]})
    assert (status, body["__type"]) == (500, "InternalErrorException"), body
    assert "DescribeIdentityPool" in body["message"]
