"""The seed program in each language, deployed with the real `pulumi` CLI against moto.

Each class instance is one language (the `stack` fixture); its tests are consecutive steps
on that one stack, so they run in order. Everything in moto is checked with boto3."""

from __future__ import annotations

import json

import pytest

from harness import OUTPUTS, REGION

POOL = "cognito:index:UserPool"
CLIENT = "cognito:index:UserPoolClient"
IDPOOL = "cognito:index:IdentityPool"
NAMES = {
    POOL: "ai_training_user_pool",
    CLIENT: "ai_training_user_pool_client",
    IDPOOL: "ai_training_identity_pool",
}
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
PASSWORD = "Train-Models-42!x"  # 17 characters: satisfies minimum length 8 and 12
ADMIN, ADMIN_PASSWORD = "platform-admin", "Platform-Admin-42!"  # the example's User (default password)
# The stack itself and the example's resources: pool, client, identity pool, two groups, the
# administrator, their membership, the identity pool's role attachment, the domain, the
# resource server and the scheduler's machine-to-machine client.
RESOURCES = 12
SCOPES = ["https://api.ai-training.example.com/jobs.read", "https://api.ai-training.example.com/jobs.write"]


def steps_by_name(preview: dict) -> dict[str, dict]:
    """`pulumi preview --json` steps of our three resources, by logical name."""
    out = {}
    for s in preview.get("steps", []):
        typ, name = s["urn"].split("::")[-2:]
        if NAMES.get(typ) == name:
            out[name] = s
    return out


def seed_client(resource: dict) -> bool:
    """The seed's sign-in client (not the scheduler's machine client), in exported state."""
    return resource["type"] == CLIENT and resource["urn"].endswith("::" + NAMES[CLIENT])


def check_deployed(stack, min_length: int) -> dict:
    """The three resources exist in moto exactly as declared; returns the outputs."""
    moto = stack.moto
    out = stack.outputs()
    assert set(OUTPUTS) <= set(out), out
    pool_id, client_id, idpool_id = (out[k] for k in OUTPUTS)

    pools = moto.user_pools()
    assert [p["Id"] for p in pools] == [pool_id]
    pool = moto.idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == min_length, policy
    for flag in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"):
        assert policy[flag] is True, (flag, policy)

    clients = {c["ClientName"]: c["ClientId"] for c in moto.clients(pool_id)}
    assert sorted(clients.values()) == sorted([client_id, out["scheduler_client_id"]]), clients
    assert clients["training-scheduler"] == out["scheduler_client_id"], clients
    client = moto.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["ExplicitAuthFlows"] == ["ADMIN_NO_SRP_AUTH"], client
    assert client.get("ClientSecret"), "generateSecret=true but the client has no secret"

    assert [p["IdentityPoolId"] for p in moto.identity_pools()] == [idpool_id]
    idpool = moto.identity.describe_identity_pool(IdentityPoolId=idpool_id)
    assert idpool["AllowUnauthenticatedIdentities"] is False
    assert idpool["IdentityPoolName"] == "ai_training_identity_pool"
    providers = [(p["ProviderName"], p["ClientId"]) for p in idpool["CognitoIdentityProviders"]]
    assert providers == [(f"cognito-idp.{REGION}.amazonaws.com/{pool_id}", client_id)], providers
    return out


def assert_changes(stack, expected: dict[str, int], kind: str = "update") -> None:
    last = stack.last_update()
    assert last["kind"] == kind, last
    assert last["result"] == "succeeded", last
    changes = {k: v for k, v in (last.get("resourceChanges") or {}).items() if v}
    assert changes == expected, f"{kind} changed {changes}, expected {expected}"


@pytest.mark.steps
class TestSeedProgram:
    def test_01_preview_creates_nothing(self, stack):
        preview = stack.json("preview", "--json")
        steps = steps_by_name(preview)
        assert {n: s["op"] for n, s in steps.items()} == {n: "create" for n in NAMES.values()}, steps
        assert stack.moto.inventory() == {"user_pools": [], "clients": [], "identity_pools": []}

    @pytest.mark.gate
    def test_02_up_creates_the_three_resources(self, stack):
        stack.run("up", "--yes", "--skip-preview")
        assert_changes(stack, {"create": RESOURCES})
        out = check_deployed(stack, min_length=8)
        stack.notes["outputs"] = out
        state = {r["type"]: r for r in stack.resources() if r["urn"].endswith("::" + NAMES.get(r["type"], ""))}
        assert set(NAMES) <= set(state), sorted(state)
        assert state[POOL]["id"] == out["user_pool_id"]
        assert state[CLIENT]["id"] == out["user_pool_client_id"]
        assert state[IDPOOL]["id"] == out["identity_pool_id"]

    def test_03_client_secret_is_encrypted_in_state(self, stack):
        out = stack.notes["outputs"]
        secret = stack.moto.idp.describe_user_pool_client(
            UserPoolId=out["user_pool_id"], ClientId=out["user_pool_client_id"]
        )["UserPoolClient"]["ClientSecret"]
        assert len(secret) >= 16
        exported = json.dumps(stack.export())
        assert secret not in exported, "the client secret is in plaintext in `pulumi stack export`"
        assert secret not in stack.state_files_text(), "the client secret is in plaintext in the state files"
        # ...but it is there, encrypted: the stored value is a secret with a ciphertext.
        (client,) = [r for r in stack.export()["deployment"]["resources"] if seed_client(r)]
        stored = client["outputs"]["clientSecret"]
        assert stored.get(SECRET_SIG_KEY) == SECRET_SIG and stored.get("ciphertext"), stored
        (shown,) = [r for r in stack.export(show_secrets=True)["deployment"]["resources"] if seed_client(r)]
        assert secret in json.dumps(shown["outputs"]["clientSecret"]), "the decrypted state lacks the secret"

    def test_04_a_user_signs_in_through_the_client(self, stack):
        out = stack.notes["outputs"]
        tokens = stack.moto.sign_in(out["user_pool_id"], out["user_pool_client_id"], "ada", PASSWORD)
        for t in ("AccessToken", "IdToken", "RefreshToken"):
            assert tokens.get(t), f"no {t} in {sorted(tokens)}"

    def test_04b_the_admin_signs_in_and_gets_aws_credentials(self, stack):
        """The example's administrator (a User in the admins group) signs in with its password,
        then trades the ID token for AWS credentials through the identity pool: the role
        attachment's Rules mapping on `cognito:groups` is what makes the local Cognito (like
        AWS) hand them out."""
        out, moto = stack.notes["outputs"], stack.moto
        pool, client = out["user_pool_id"], out["user_pool_client_id"]
        groups = moto.idp.admin_list_groups_for_user(UserPoolId=pool, Username=ADMIN)["Groups"]
        assert [g["GroupName"] for g in groups] == ["admins"], groups
        roles = moto.identity.get_identity_pool_roles(IdentityPoolId=out["identity_pool_id"])
        assert roles["Roles"] == {"authenticated": "arn:aws:iam::123456789012:role/ai-training-users"}
        (mapping,) = roles["RoleMappings"].values()
        assert [r["Value"] for r in mapping["RulesConfiguration"]["Rules"]] == ["admins", "researchers"]
        tokens = moto.sign_in(pool, client, ADMIN, ADMIN_PASSWORD, create=False)
        creds = moto.aws_credentials(out["identity_pool_id"], pool, tokens["IdToken"])
        assert creds["AccessKeyId"] and creds["SecretKey"] and creds["SessionToken"], creds

    def test_04c_the_scheduler_gets_a_token_for_its_scopes(self, stack):
        """The machine-to-machine client gets an access token from the domain's token endpoint
        (the local Cognito serves `/oauth2/token` for the client-credentials grant), with the
        resource server's two scopes, signed by the key the pool publishes."""
        out, moto = stack.notes["outputs"], stack.moto
        pool, client_id = out["user_pool_id"], out["scheduler_client_id"]
        assert out["domain"] == "ai-training-dev", out
        described = moto.idp.describe_user_pool_domain(Domain=out["domain"])["DomainDescription"]
        assert described["UserPoolId"] == pool
        server = moto.idp.describe_resource_server(
            UserPoolId=pool, Identifier="https://api.ai-training.example.com")["ResourceServer"]
        assert sorted(s["ScopeName"] for s in server["Scopes"]) == ["jobs.read", "jobs.write"]
        client = moto.idp.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)["UserPoolClient"]
        assert client["AllowedOAuthFlows"] == ["client_credentials"] and sorted(client["AllowedOAuthScopes"]) == SCOPES
        claims = moto.client_credentials_token(client_id, client["ClientSecret"], pool)
        assert claims["client_id"] == client_id and sorted(claims["scope"].split()) == SCOPES, claims

    def test_05_second_up_changes_nothing(self, stack):
        preview = stack.json("preview", "--json")
        changing = {n: s["op"] for n, s in steps_by_name(preview).items() if s["op"] != "same"}
        assert changing == {}, changing
        assert {k: v for k, v in preview["changeSummary"].items() if v} == {"same": RESOURCES}, preview["changeSummary"]
        stack.run("up", "--yes", "--skip-preview", "--expect-no-changes")
        assert_changes(stack, {"same": RESOURCES})

    def test_06_min_length_12_is_an_in_place_update(self, stack):
        stack.run("config", "set", "minLength", "12")
        preview = stack.json("preview", "--json", "--diff")
        steps = steps_by_name(preview)
        ops = {n: s["op"] for n, s in steps.items() if s["op"] != "same"}
        assert ops == {NAMES[POOL]: "update"}, ops
        assert {k: v for k, v in preview["changeSummary"].items() if v} == {"update": 1, "same": RESOURCES - 1}
        pool_step = steps[NAMES[POOL]]
        assert not pool_step.get("replaceReasons"), pool_step
        assert set(pool_step.get("diffReasons") or []) == {"passwordPolicy"}, pool_step.get("diffReasons")
        stack.run("up", "--yes", "--skip-preview")
        assert_changes(stack, {"update": 1, "same": RESOURCES - 1})
        out = check_deployed(stack, min_length=12)
        assert out == stack.notes["outputs"], "an in-place update must keep every id"

    def test_07_refresh_finds_no_drift(self, stack):
        stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")
        assert_changes(stack, {"same": RESOURCES}, kind="refresh")

    def test_08_client_deleted_out_of_band_comes_back(self, stack):
        moto, old = stack.moto, stack.notes["outputs"]
        moto.idp.delete_user_pool_client(UserPoolId=old["user_pool_id"], ClientId=old["user_pool_client_id"])
        stack.run("refresh", "--yes", "--skip-preview")
        assert [r for r in stack.resources("UserPoolClient") if seed_client(r)] == [], \
            "refresh kept the deleted client in state"
        assert len(stack.resources("UserPool")) == 1 and len(stack.resources("IdentityPool")) == 1
        stack.run("up", "--yes", "--skip-preview")
        out = check_deployed(stack, min_length=12)  # also: the identity pool federates the new client
        assert out["user_pool_client_id"] != old["user_pool_client_id"]
        assert out["user_pool_id"] == old["user_pool_id"]
        assert out["identity_pool_id"] == old["identity_pool_id"]
        (client,) = [r for r in stack.resources("UserPoolClient") if seed_client(r)]
        assert client["id"] == out["user_pool_client_id"]
        tokens = moto.sign_in(out["user_pool_id"], out["user_pool_client_id"], "grace", PASSWORD)
        assert tokens.get("AccessToken")
        stack.notes["outputs"] = out

    def test_09_import_an_existing_user_pool(self, stack):
        name = f"imported-{stack.language}"
        pool_id = stack.moto.idp.create_user_pool(PoolName=name)["UserPool"]["Id"]
        # `pulumi import` asks the language host to write the declaration (GenerateProgram).
        # The Python, Node.js and Go hosts here are v3.66.0's (the newest the Go module proxy
        # serves), which lack that call, so under today's CLI only YAML generates code.
        generates = stack.language == "yaml" or stack.version == "v3.66.0"
        flags = [] if generates else ["--generate-code=false"]
        p = stack.run("import", POOL, "imported_pool", pool_id, "--yes", "--protect=false", *flags)
        if generates:
            assert "imported_pool" in p.stdout, p.stdout[-3000:]  # the generated declaration
        (imported,) = [r for r in stack.resources("UserPool") if r["urn"].endswith("::imported_pool")]
        assert imported["id"] == pool_id
        assert imported["inputs"].get("name") == name, imported["inputs"]
        assert imported["outputs"].get("name") == name
        assert not imported.get("protect")
        assert_changes(stack, {"import": 1, "same": RESOURCES}, kind="resource-import")

    def test_10_destroy_leaves_nothing_in_moto(self, stack):
        stack.run("destroy", "--yes", "--skip-preview")
        assert stack.moto.inventory() == {"user_pools": [], "clients": [], "identity_pools": []}
        assert [r for r in stack.export()["deployment"].get("resources") or [] if r["type"].startswith("cognito:")] == []
