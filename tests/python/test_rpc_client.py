"""Drives the provider through the whole lifecycle of its three resources, against moto,
using only the `pulumirpc` stubs from the `pulumi` PyPI package (as the Pulumi engine would).

Run: .venv/bin/python -m pytest tests/python -q
"""

from __future__ import annotations

import json
import os

import grpc
import pytest
from botocore.exceptions import ClientError
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2

from conftest import (
    RPC_TIMEOUT,
    SECRET_SIG,
    SIG_KEY,
    UNKNOWN,
    Client,
    configure_args,
    from_struct,
    is_secret,
    secret,
    to_struct,
    unique,
    urn,
)

USER_POOL = "cognito:index:UserPool"
CLIENT = "cognito:index:UserPoolClient"
IDENTITY_POOL = "cognito:index:IdentityPool"
PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:cognito::default"

STRONG_POLICY = {
    "minimumLength": 8,
    "requireLowercase": True,
    "requireUppercase": True,
    "requireNumbers": True,
    "requireSymbols": True,
}


def failures_of(resp) -> list[tuple[str, str]]:
    return [(f.property, f.reason) for f in resp.failures]


def count_user_pools(idp) -> int:
    n = 0
    for page in idp.get_paginator("list_user_pools").paginate(MaxResults=60):
        n += len(page["UserPools"])
    return n


def pool_names(idp) -> list[str]:
    names = []
    for page in idp.get_paginator("list_user_pools").paginate(MaxResults=60):
        names += [p["Name"] for p in page["UserPools"]]
    return names


def create_pool(client: Client, logical: str, extra: dict | None = None):
    """Check + Create a user pool; returns (id, checked inputs, outputs)."""
    news = {"name": unique(logical), "passwordPolicy": dict(STRONG_POLICY)}
    news.update(extra or {})
    inputs = client.checked(USER_POOL, logical, news)
    resp = client.create(USER_POOL, logical, inputs)
    assert resp.id, "Create returned no id"
    return resp.id, inputs, from_struct(resp.properties)


# --------------------------------------------------------------------------------------
# Plugin-level RPCs
# --------------------------------------------------------------------------------------


def test_get_plugin_info_has_version(stub):
    info = stub.GetPluginInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT)
    assert info.version.strip() != ""


def test_handshake(stub, tmp_path):
    resp = stub.Handshake(
        provider_pb2.ProviderHandshakeRequest(
            engine_address="127.0.0.1:1",
            root_directory=str(tmp_path),
            program_directory=str(tmp_path),
        ),
        timeout=RPC_TIMEOUT,
    )
    assert resp.accept_secrets is True


def test_check_config_accepts_full_config(stub, moto_url):
    args = configure_args(moto_url)
    resp = stub.CheckConfig(
        provider_pb2.CheckRequest(urn=PROVIDER_URN, olds=to_struct({}), news=to_struct(args)),
        timeout=RPC_TIMEOUT,
    )
    assert failures_of(resp) == []
    assert from_struct(resp.inputs)["region"] == "us-east-1"


def test_check_config_without_region_fails(stub, provider_proc):
    # The provider was started with AWS_REGION/AWS_DEFAULT_REGION/AWS_PROFILE scrubbed.
    env = open(f"/proc/{provider_proc.proc.pid}/environ", "rb").read().split(b"\0")
    names = {e.split(b"=", 1)[0].decode() for e in env if e}
    assert not names & {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}

    resp = stub.CheckConfig(
        provider_pb2.CheckRequest(
            urn=PROVIDER_URN,
            olds=to_struct({}),
            news=to_struct({"accessKey": "testing", "secretKey": "testing"}),
        ),
        timeout=RPC_TIMEOUT,
    )
    fails = failures_of(resp)
    assert fails, "CheckConfig without a region must fail"
    assert any("cognito:region" in p or "cognito:region" in r for p, r in fails), fails


def test_configure_response(configured):
    assert configured.acceptSecrets is True
    assert configured.supportsPreview is True


def test_get_schema_lists_resources(stub):
    resp = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=RPC_TIMEOUT)
    schema = json.loads(resp.schema)
    assert schema["name"] == "cognito"
    for tok in (USER_POOL, CLIENT, IDENTITY_POOL):
        assert tok in schema["resources"], f"{tok} missing from schema"
    pool = schema["resources"][USER_POOL]
    assert "passwordPolicy" in pool["inputProperties"]
    assert "arn" in pool["properties"]


def test_invoke_of_an_unknown_function_is_invalid(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.Invoke(provider_pb2.InvokeRequest(tok="cognito:index:getNothing", args=to_struct({})),
                    timeout=RPC_TIMEOUT)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "getNothing" in ei.value.details()


def test_invoke_with_bad_arguments_answers_failures(stub):
    resp = stub.Invoke(provider_pb2.InvokeRequest(tok="cognito:index:getUserPool",
                                                  args=to_struct({"userPoolId": "not a pool id"})),
                       timeout=RPC_TIMEOUT)
    assert [f.property for f in resp.failures] == ["userPoolId"]


@pytest.mark.parametrize("rpc", ["Construct", "Call"])
def test_unsupported_rpcs_are_unimplemented(stub, rpc):
    req = {
        "Construct": provider_pb2.ConstructRequest(project="proj", stack="dev", type="cognito:index:X", name="x"),
        "Call": provider_pb2.CallRequest(tok="cognito:index:X/method", args=to_struct({})),
    }[rpc]
    with pytest.raises(grpc.RpcError) as ei:
        getattr(stub, rpc)(req, timeout=RPC_TIMEOUT)
    assert ei.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_unknown_method_is_unimplemented(provider_proc):
    call = provider_proc.channel.unary_unary(
        "/pulumirpc.ResourceProvider/NoSuchMethod",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=empty_pb2.Empty.FromString,
    )
    with pytest.raises(grpc.RpcError) as ei:
        call(empty_pb2.Empty(), timeout=RPC_TIMEOUT)
    assert ei.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_sigterm_exits_cleanly_with_open_connection(start_provider):
    # A separate process: SIGTERM while a client connection is still open (the engine's
    # channel may be alive when it stops a plugin) must still end the process with 0.
    p = start_provider()
    info = p.stub.GetPluginInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT)
    assert info.version
    rc = p.terminate(close_channel=False)
    assert rc == 0, f"exit code {rc!r} after SIGTERM (None = still running); log:\n{p.log()}"


# --------------------------------------------------------------------------------------
# UserPool
# --------------------------------------------------------------------------------------


def test_user_pool_check_autonames_deterministically(client):
    seed = os.urandom(32)
    news = {"passwordPolicy": dict(STRONG_POLICY)}
    a = client.checked(USER_POOL, "mypool", news, seed=seed)
    b = client.checked(USER_POOL, "mypool", news, seed=seed)
    assert a["name"].startswith("mypool-"), a
    assert a["name"] == b["name"]
    assert a["passwordPolicy"]["minimumLength"] == 8
    # A user-given name is kept as is.
    given = client.checked(USER_POOL, "mypool", {"name": "explicit-name"}, seed=seed)
    assert given["name"] == "explicit-name"


def test_user_pool_lifecycle(client, idp):
    logical = "mypool"
    name = unique("pytest-pool")
    inputs = client.checked(USER_POOL, logical, {"name": name, "passwordPolicy": dict(STRONG_POLICY)})
    assert inputs["name"] == name

    # Create.
    created = client.create(USER_POOL, logical, inputs)
    pool_id = created.id
    assert pool_id.startswith("us-east-1_"), pool_id
    outputs = from_struct(created.properties)
    assert outputs["arn"].startswith("arn:aws:cognito-idp:us-east-1:"), outputs
    assert outputs["arn"].endswith(f"userpool/{pool_id}")
    assert outputs["endpoint"] == f"cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    assert outputs["name"] == name
    assert outputs["passwordPolicy"]["minimumLength"] == 8

    desc = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert desc["Name"] == name
    pol = desc["Policies"]["PasswordPolicy"]
    assert pol["MinimumLength"] == 8
    assert pol["RequireLowercase"] and pol["RequireUppercase"]
    assert pol["RequireNumbers"] and pol["RequireSymbols"]

    # Diff against changed inputs.
    news = client.checked(
        USER_POOL,
        logical,
        {"name": name, "passwordPolicy": dict(STRONG_POLICY, minimumLength=12)},
        olds=inputs,
    )
    d = client.diff(USER_POOL, logical, pool_id, inputs, outputs, news)
    assert d.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(d.replaces) == []
    assert "passwordPolicy.minimumLength" in d.detailedDiff, dict(d.detailedDiff)
    assert d.detailedDiff["passwordPolicy.minimumLength"].kind == provider_pb2.PropertyDiff.UPDATE
    assert not d.deleteBeforeReplace

    # No-op diff.
    same = client.diff(USER_POOL, logical, pool_id, inputs, outputs, inputs)
    assert same.changes == provider_pb2.DiffResponse.DIFF_NONE
    assert list(same.replaces) == []

    # Update.
    upd = client.update(USER_POOL, logical, pool_id, inputs, outputs, news)
    outputs2 = from_struct(upd.properties)
    assert outputs2["passwordPolicy"]["minimumLength"] == 12
    assert outputs2["arn"] == outputs["arn"]
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Policies"]["PasswordPolicy"][
        "MinimumLength"
    ] == 12

    # Refresh.
    r = client.read(USER_POOL, logical, pool_id, inputs=news, properties=outputs2)
    assert r.id == pool_id
    assert from_struct(r.inputs) == news
    refreshed = from_struct(r.properties)
    assert refreshed["arn"] == outputs["arn"]
    assert refreshed["passwordPolicy"]["minimumLength"] == 12

    # Import (id only).
    imp = client.read(USER_POOL, "imported", pool_id)
    assert imp.id == pool_id
    imp_inputs = from_struct(imp.inputs)
    assert imp_inputs["name"] == name
    assert imp_inputs["passwordPolicy"]["minimumLength"] == 12
    assert imp_inputs["passwordPolicy"]["requireSymbols"] is True
    assert from_struct(imp.properties)["arn"] == outputs["arn"]

    # Delete.
    client.delete(USER_POOL, logical, pool_id, news, outputs2)
    with pytest.raises(ClientError) as ei:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert ei.value.response["Error"]["Code"] == "ResourceNotFoundException"

    # Read after delete: gone.
    gone = client.read(USER_POOL, logical, pool_id, inputs=news, properties=outputs2)
    assert gone.id == ""

    # Deleting again succeeds.
    client.delete(USER_POOL, logical, pool_id, news, outputs2)


def test_user_pool_preview_create_makes_no_aws_call(client, idp, moto_recorder):
    logical = "previewpool"
    name = unique("pytest-preview")
    inputs = client.checked(USER_POOL, logical, {"name": name, "passwordPolicy": dict(STRONG_POLICY)})
    before = count_user_pools(idp)
    with moto_recorder.record() as calls:
        resp = client.create(USER_POOL, logical, inputs, preview=True)
    assert calls == [], "preview Create called AWS"
    assert count_user_pools(idp) == before
    assert name not in pool_names(idp)
    props = from_struct(resp.properties)
    assert props["arn"] == UNKNOWN, props
    assert props["name"] == name
    assert props["passwordPolicy"]["minimumLength"] == 8


def test_user_pool_preview_update_makes_no_aws_call(client, idp, moto_recorder):
    logical = "previewupd"
    pool_id, inputs, outputs = create_pool(client, logical)
    news = client.checked(
        USER_POOL, logical, dict(inputs, passwordPolicy=dict(STRONG_POLICY, minimumLength=20)), olds=inputs
    )
    with moto_recorder.record() as calls:
        resp = client.update(USER_POOL, logical, pool_id, inputs, outputs, news, preview=True)
    assert calls == [], "preview Update called AWS"
    props = from_struct(resp.properties)
    assert props["passwordPolicy"]["minimumLength"] == 20
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Policies"]["PasswordPolicy"][
        "MinimumLength"
    ] == 8
    client.delete(USER_POOL, logical, pool_id, inputs, outputs)


def test_secret_input_stays_secret(client, idp):
    logical = "secretpool"
    name = unique("pytest-secret")
    news = {"name": secret(name), "passwordPolicy": dict(STRONG_POLICY)}
    check = client.check(USER_POOL, logical, news)
    assert failures_of(check) == []
    assert from_struct(check.inputs)["name"] == secret(name), "Check dropped the secret marker"

    resp = client.create(USER_POOL, logical, news)
    pool_id = resp.id
    props = from_struct(resp.properties)
    assert is_secret(props["name"]), props["name"]
    assert props["name"]["value"] == name
    assert not is_secret(props["arn"])
    # AWS got the plain name, not the wrapper.
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == name

    client.delete(USER_POOL, logical, pool_id, news, props)


# --------------------------------------------------------------------------------------
# UserPoolClient
# --------------------------------------------------------------------------------------


def test_user_pool_client_lifecycle(client, idp):
    pool_id, pool_inputs, pool_outputs = create_pool(client, "clientpool")
    logical = "myclient"
    news = {
        "userPoolId": pool_id,
        "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"],
        "generateSecret": True,
    }
    inputs = client.checked(CLIENT, logical, news)
    assert inputs["userPoolId"] == pool_id
    assert inputs["name"].startswith("myclient-"), inputs

    created = client.create(CLIENT, logical, inputs)
    client_id = created.id
    assert client_id
    outputs = from_struct(created.properties)
    cs = outputs["clientSecret"]
    assert set(cs) == {SIG_KEY, "value"}, cs
    assert cs[SIG_KEY] == SECRET_SIG
    desc = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert cs["value"] == desc["ClientSecret"]
    assert desc["ExplicitAuthFlows"] == ["ADMIN_NO_SRP_AUTH"]
    assert desc["ClientName"] == inputs["name"]

    # Changing generateSecret replaces the client.
    news2 = client.checked(CLIENT, logical, dict(inputs, generateSecret=False), olds=inputs)
    d = client.diff(CLIENT, logical, client_id, inputs, outputs, news2)
    assert d.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert "generateSecret" in list(d.replaces), list(d.replaces)
    assert d.detailedDiff["generateSecret"].kind == provider_pb2.PropertyDiff.UPDATE_REPLACE

    # Import by <poolId>/<clientId>.
    imp = client.read(CLIENT, "importedclient", f"{pool_id}/{client_id}")
    assert imp.id == client_id
    imp_inputs = from_struct(imp.inputs)
    assert imp_inputs["userPoolId"] == pool_id
    assert imp_inputs["generateSecret"] is True
    imp_props = from_struct(imp.properties)
    assert is_secret(imp_props["clientSecret"]), imp_props.get("clientSecret")
    assert imp_props["clientSecret"]["value"] == desc["ClientSecret"]

    # Refresh while it exists.
    r = client.read(CLIENT, logical, client_id, inputs=inputs, properties=outputs)
    assert r.id == client_id
    assert from_struct(r.inputs) == inputs

    # Deleted out of band: Read reports it gone, Delete still succeeds.
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    gone = client.read(CLIENT, logical, client_id, inputs=inputs, properties=outputs)
    assert gone.id == ""
    client.delete(CLIENT, logical, client_id, inputs, outputs)

    client.delete(USER_POOL, "clientpool", pool_id, pool_inputs, pool_outputs)


# --------------------------------------------------------------------------------------
# IdentityPool
# --------------------------------------------------------------------------------------


def test_identity_pool_lifecycle(client, identity, moto_recorder):
    pool_id, pool_inputs, pool_outputs = create_pool(client, "idppool")
    c_inputs = client.checked(
        CLIENT, "idpclient", {"userPoolId": pool_id, "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"]}
    )
    c = client.create(CLIENT, "idpclient", c_inputs)
    client_id = c.id
    c_outputs = from_struct(c.properties)
    assert "clientSecret" not in c_outputs or c_outputs["clientSecret"] in (None, secret(None))

    logical = "myidentitypool"
    name = unique("pytest_identity")
    news = {
        "identityPoolName": name,
        "allowUnauthenticatedIdentities": False,
        "cognitoIdentityProviders": [
            {
                "clientId": client_id,
                "providerName": pool_outputs["endpoint"],
                "serverSideTokenCheck": False,
            }
        ],
    }
    inputs = client.checked(IDENTITY_POOL, logical, news)
    created = client.create(IDENTITY_POOL, logical, inputs)
    ip_id = created.id
    assert ip_id.startswith("us-east-1:"), ip_id
    outputs = from_struct(created.properties)
    assert outputs["identityPoolName"] == name
    assert outputs.get("arn", "").endswith(f"identitypool/{ip_id}"), outputs

    desc = identity.describe_identity_pool(IdentityPoolId=ip_id)
    assert desc["IdentityPoolName"] == name
    assert desc["AllowUnauthenticatedIdentities"] is False
    assert desc["CognitoIdentityProviders"] == [
        {
            "ClientId": client_id,
            "ProviderName": pool_outputs["endpoint"],
            "ServerSideTokenCheck": False,
        }
    ]

    # Rename: an in-place update.
    new_name = unique("pytest_identity_renamed")
    news2 = client.checked(IDENTITY_POOL, logical, dict(inputs, identityPoolName=new_name), olds=inputs)
    assert news2["identityPoolName"] == new_name
    d = client.diff(IDENTITY_POOL, logical, ip_id, inputs, outputs, news2)
    assert d.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert "identityPoolName" not in list(d.replaces)
    assert list(d.replaces) == []
    assert d.detailedDiff["identityPoolName"].kind == provider_pb2.PropertyDiff.UPDATE

    with moto_recorder.record() as calls:
        upd = client.update(IDENTITY_POOL, logical, ip_id, inputs, outputs, news2)
    outputs2 = from_struct(upd.properties)
    assert outputs2["arn"] == outputs["arn"]
    actions = [c["action"] for c in calls]
    assert "UpdateIdentityPool" in actions, actions
    assert not {"CreateIdentityPool", "DeleteIdentityPool"} & set(actions), actions
    sent = [c["body"] for c in calls if c["action"] == "UpdateIdentityPool"][-1]
    assert sent["IdentityPoolId"] == ip_id
    assert sent["IdentityPoolName"] == new_name
    assert sent["CognitoIdentityProviders"] == desc["CognitoIdentityProviders"]
    # moto 5.2.5's UpdateIdentityPool never renames (`name = pool.name or new_name`), so
    # moto may still report the old name; real AWS renames. The request above is what counts.
    moto_name = identity.describe_identity_pool(IdentityPoolId=ip_id)["IdentityPoolName"]
    assert moto_name in (new_name, name)
    # Outputs are what AWS reports after the write, as a refresh would see them.
    assert outputs2["identityPoolName"] == moto_name

    # Refresh reports what AWS (moto) has.
    r = client.read(IDENTITY_POOL, logical, ip_id, inputs=news2, properties=outputs2)
    assert r.id == ip_id
    assert from_struct(r.inputs) == dict(news2, identityPoolName=moto_name)
    assert from_struct(r.properties)["arn"] == outputs["arn"]

    imp = client.read(IDENTITY_POOL, "importedidp", ip_id)
    assert imp.id == ip_id
    imp_inputs = from_struct(imp.inputs)
    assert imp_inputs["identityPoolName"] == moto_name
    assert imp_inputs["cognitoIdentityProviders"] == news2["cognitoIdentityProviders"]

    client.delete(IDENTITY_POOL, logical, ip_id, news2, outputs2)
    with pytest.raises(ClientError) as ei:
        identity.describe_identity_pool(IdentityPoolId=ip_id)
    assert ei.value.response["Error"]["Code"] == "ResourceNotFoundException"
    gone = client.read(IDENTITY_POOL, logical, ip_id, inputs=news2, properties=outputs2)
    assert gone.id == ""

    client.delete(CLIENT, "idpclient", client_id, c_inputs, c_outputs)
    client.delete(USER_POOL, "idppool", pool_id, pool_inputs, pool_outputs)


# --------------------------------------------------------------------------------------
# Check failures
# --------------------------------------------------------------------------------------


def test_check_rejects_short_minimum_length(client):
    resp = client.check(
        USER_POOL, "badpool", {"name": unique("bad"), "passwordPolicy": {"minimumLength": 5}}
    )
    props = [p for p, _ in failures_of(resp)]
    assert "passwordPolicy.minimumLength" in props, failures_of(resp)


def test_check_rejects_mixed_auth_flows(client):
    resp = client.check(
        CLIENT,
        "badclient",
        {
            "userPoolId": "us-east-1_doesnotmatter",
            "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH"],
        },
    )
    props = [p for p, _ in failures_of(resp)]
    assert any(p == "explicitAuthFlows" or p.startswith("explicitAuthFlows[") for p in props), failures_of(resp)


def test_check_rejects_wrong_type_without_crashing(client, stub):
    resp = client.check(
        USER_POOL, "typepool", {"name": unique("typed"), "passwordPolicy": {"minimumLength": "abc"}}
    )
    fails = failures_of(resp)
    assert [p for p, _ in fails] == ["passwordPolicy.minimumLength"], fails
    assert fails[0][1], "failure has no reason"
    # Still alive and answering.
    assert stub.GetPluginInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT).version


def test_unknown_resource_type_is_an_error_not_a_crash(client, stub):
    with pytest.raises(grpc.RpcError) as ei:
        client.check("cognito:index:NoSuchThing", "x", {})
    assert ei.value.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.UNIMPLEMENTED)
    assert stub.GetPluginInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT).version


# --------------------------------------------------------------------------------------
# More of what the engine does
# --------------------------------------------------------------------------------------


def test_fresh_stack_preview_with_unknown_inputs(client, moto_recorder):
    # On the first preview of a stack the pool does not exist yet, so the client's
    # userPoolId and the identity pool's provider are unknown: Check must accept them and
    # preview Create must predict outputs without calling AWS.
    pool_inputs = client.checked(USER_POOL, "freshpool", {"passwordPolicy": dict(STRONG_POLICY)})
    c_check = client.check(
        CLIENT,
        "freshclient",
        {"userPoolId": UNKNOWN, "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"], "generateSecret": True},
    )
    assert failures_of(c_check) == []
    c_inputs = from_struct(c_check.inputs)
    assert c_inputs["userPoolId"] == UNKNOWN

    ip_check = client.check(
        IDENTITY_POOL,
        "freshidp",
        {
            "allowUnauthenticatedIdentities": False,
            "cognitoIdentityProviders": [
                {"clientId": UNKNOWN, "providerName": UNKNOWN, "serverSideTokenCheck": False}
            ],
        },
    )
    assert failures_of(ip_check) == []
    ip_inputs = from_struct(ip_check.inputs)
    assert ip_inputs["identityPoolName"].startswith("freshidp-")

    with moto_recorder.record() as calls:
        pool = from_struct(client.create(USER_POOL, "freshpool", pool_inputs, preview=True).properties)
        cl = client.create(CLIENT, "freshclient", c_inputs, preview=True)
        ip = client.create(IDENTITY_POOL, "freshidp", ip_inputs, preview=True)
    assert calls == [], [c["action"] for c in calls]
    assert pool["endpoint"] == UNKNOWN
    cl_props = from_struct(cl.properties)
    assert cl_props["userPoolId"] == UNKNOWN
    assert cl_props["clientSecret"] in (UNKNOWN, secret(UNKNOWN)), cl_props
    ip_props = from_struct(ip.properties)
    assert ip_props["arn"] == UNKNOWN
    # A list holding an unknown element may come back unknown as a whole (the provider's
    # documented choice) or element-wise; either is a valid preview.
    cip = ip_props["cognitoIdentityProviders"]
    assert cip == UNKNOWN or cip[0]["clientId"] == UNKNOWN, cip


def test_diff_replacement_rules_and_ignore_changes(client):
    olds = client.checked(USER_POOL, "rules", {"name": "rules-a", "passwordPolicy": dict(STRONG_POLICY)})
    outs = dict(olds, arn="arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x")

    # Renaming a user pool updates in place.
    renamed = dict(olds, name="rules-b")
    d = client.diff(USER_POOL, "rules", "us-east-1_x", olds, outs, renamed)
    assert d.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(d.replaces) == []
    assert d.detailedDiff["name"].kind == provider_pb2.PropertyDiff.UPDATE

    # Changing sign-in aliases replaces it.
    aliased = dict(olds, aliasAttributes=["email"])
    d = client.diff(USER_POOL, "rules", "us-east-1_x", olds, outs, aliased)
    assert "aliasAttributes" in list(d.replaces)
    assert d.detailedDiff["aliasAttributes"].kind == provider_pb2.PropertyDiff.ADD_REPLACE

    # ignoreChanges hides a change.
    stricter = dict(olds, passwordPolicy=dict(STRONG_POLICY, minimumLength=30))
    req = provider_pb2.DiffRequest(
        id="us-east-1_x",
        urn=urn(USER_POOL, "rules"),
        type=USER_POOL,
        name="rules",
        olds=to_struct(outs),
        news=to_struct(stricter),
        old_inputs=to_struct(olds),
        ignoreChanges=["passwordPolicy"],
    )
    d = client.stub.Diff(req, timeout=RPC_TIMEOUT)
    assert d.changes == provider_pb2.DiffResponse.DIFF_NONE, dict(d.detailedDiff)

    # The client's user pool is fixed: moving it replaces the client.
    c_olds = {"userPoolId": "us-east-1_a", "name": "c"}
    d = client.diff(CLIENT, "c", "cid", c_olds, c_olds, dict(c_olds, userPoolId="us-east-1_b"))
    assert "userPoolId" in list(d.replaces)


def test_configure_from_variables_and_unconfigured_errors(start_provider, moto_url, idp):
    p = start_provider()
    c = Client(p.stub)
    # Before Configure, AWS operations fail cleanly rather than crash.
    with pytest.raises(grpc.RpcError) as ei:
        c.read(USER_POOL, "early", "us-east-1_doesnotexist")
    assert ei.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    # Engines that send only `variables` (no `args`).
    resp = p.stub.Configure(
        provider_pb2.ConfigureRequest(
            variables={
                "cognito:config:region": "us-east-1",
                "cognito:config:endpoint": moto_url,
                "cognito:config:accessKey": "testing",
                "cognito:config:secretKey": "testing",
                "cognito:config:maxRetries": "0",
            },
            acceptSecrets=True,
            acceptResources=True,
        ),
        timeout=RPC_TIMEOUT,
    )
    assert resp.supportsPreview
    pool_id = idp.create_user_pool(PoolName=unique("pytest-vars"))["UserPool"]["Id"]
    r = c.read(USER_POOL, "vars", pool_id)
    assert r.id == pool_id
    assert from_struct(r.properties)["endpoint"].endswith(pool_id)
    c.delete(USER_POOL, "vars", pool_id, from_struct(r.inputs), from_struct(r.properties))
    assert c.read(USER_POOL, "vars", pool_id).id == ""

    rc = p.terminate()
    assert rc == 0, f"exit code {rc!r} after SIGTERM; log:\n{p.log()}"
