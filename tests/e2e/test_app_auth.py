"""The AppAuth component (cognito:index:AppAuth, served through Construct) in YAML and
Python (tests/e2e/app_auth/<language>), with the real `pulumi` CLI v3.276.0 against its own
local Cognito: up, the children under the component with its outputs, secrets kept secret,
a no-change preview, an in-place change of one group that updates only that child, the
sign-in chain (a user through the web client and the identity pool; a machine client at the
domain's token endpoint), a child's failure during up that reports cleanly and converges on
the next up, and destroy to nothing. What exists is checked with boto3."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from harness import EXAMPLES, REPO, Moto, Stack, selected_languages

HERE = Path(__file__).resolve().parent / "app_auth"
LANGS = [l for l in ("yaml", "python") if l in selected_languages()]
EXAMPLE_LANGS = [l for l in ("yaml", "python", "typescript", "go") if l in selected_languages()]
COMPONENT = "cognito:index:AppAuth"
# The children of the component by type, as the programs configure it.
CHILDREN = {
    "cognito:index:UserPool": 1, "cognito:index:UserPoolClient": 3, "cognito:index:ResourceServer": 1,
    "cognito:index:UserPoolDomain": 1, "cognito:index:UserGroup": 2, "cognito:index:IdentityPool": 1,
    "cognito:index:IdentityPoolRoleAttachment": 1,
}
API = "https://api.training.example.com"


@pytest.fixture(scope="class", params=LANGS)
def auth_stack(request, tmp_path_factory, pulumi_bin, node_bin, plugin_tgz, plugin_version, examples_ready):
    language = request.param
    root = tmp_path_factory.mktemp(f"appauth-{language}")
    moto = Moto(root / "moto.log")
    request.addfinalizer(moto.stop)
    project = root / "project"
    shutil.copytree(HERE / language, project)
    if language == "python":
        # The example's venv holds pulumi and the SDK installed from sdk/python.
        (project / "venv").symlink_to(EXAMPLES / "python" / "venv", target_is_directory=True)
    s = Stack(language, root, pulumi_bin, moto, node_bin)
    s.run("plugin", "install", "resource", "cognito", plugin_version, "--file", str(plugin_tgz))
    s.run("login", f"file://{s.state}")
    s.run("stack", "init", "dev")
    for k, v in (("cognito:region", "us-east-1"), ("cognito:endpoint", moto.url), ("cognito:accessKey", "testing")):
        s.run("config", "set", k, v)
    s.run("config", "set", "--secret", "cognito:secretKey", "testing")
    yield s


def children(stack) -> tuple[dict, dict[str, int]]:
    """The component's state and its children counted by type (each must have it as parent)."""
    res = stack.resources()
    (comp,) = [r for r in res if r["type"] == COMPONENT]
    counts: dict[str, int] = {}
    for r in res:
        if r["type"].startswith("cognito:index:") and r["type"] != COMPONENT:
            assert r.get("parent") == comp["urn"], r["urn"]
            counts[r["type"]] = counts.get(r["type"], 0) + 1
    return comp, counts


def claims(jwt: str) -> dict:
    body = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def summary(preview: dict) -> dict[str, int]:
    return {k: v for k, v in preview["changeSummary"].items() if v}


@pytest.mark.steps
class TestAppAuth:
    @pytest.mark.gate
    def test_1_up_registers_children_under_the_component(self, auth_stack):
        s = auth_stack
        # The first preview constructs the component with every child unknown.
        preview = s.json("preview", "--json")
        creates = [st["urn"].split("::")[2].rsplit("$", 1)[-1] for st in preview["steps"] if st["op"] == "create"]
        assert creates.count(COMPONENT) == 1
        assert {t: creates.count(t) for t in CHILDREN} == CHILDREN, creates
        s.run("up", "--yes", "--skip-preview")
        comp, counts = children(s)
        assert counts == CHILDREN
        out = s.outputs()
        s.notes["out"] = out
        pool = out["user_pool_id"]
        idp = s.moto.idp
        # The pool's safe defaults, straight from the local Cognito.
        p = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
        pw = p["Policies"]["PasswordPolicy"]
        assert pw["MinimumLength"] == 12 and pw["TemporaryPasswordValidityDays"] == 3
        assert all(pw[k] for k in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"))
        assert p["UsernameAttributes"] == ["email"] and p["MfaConfiguration"] == "OPTIONAL"
        assert p["AccountRecoverySetting"]["RecoveryMechanisms"] == [{"Priority": 1, "Name": "verified_email"}]
        assert p["UserPoolTags"] == {"project": "ai-training"}  # the escape hatch
        assert idp.get_user_pool_mfa_config(UserPoolId=pool)["SoftwareTokenMfaConfiguration"]["Enabled"] is True
        web = idp.describe_user_pool_client(UserPoolId=pool, ClientId=out["web_client_id"])["UserPoolClient"]
        assert web["AllowedOAuthFlows"] == ["code"] and "ClientSecret" not in web
        assert web["PreventUserExistenceErrors"] == "ENABLED"
        assert web["CallbackURLs"] == ["https://app.training.example.com/callback"]
        trainer = out["machine_clients"]["trainer"]
        m = idp.describe_user_pool_client(UserPoolId=pool, ClientId=trainer["clientId"])["UserPoolClient"]
        assert m["AllowedOAuthFlows"] == ["client_credentials"] and m["ClientSecret"] == trainer["clientSecret"]
        assert sorted(m["AllowedOAuthScopes"]) == [f"{API}/jobs.read", f"{API}/jobs.write"]
        server = idp.describe_resource_server(UserPoolId=pool, Identifier=API)["ResourceServer"]
        assert sorted(x["ScopeName"] for x in server["Scopes"]) == ["jobs.read", "jobs.write"]
        assert idp.describe_user_pool_domain(Domain="training-login")["DomainDescription"]["UserPoolId"] == pool
        groups = {g["GroupName"]: g for g in idp.list_groups(UserPoolId=pool)["Groups"]}
        assert groups["admins"]["Precedence"] == 1 and groups["researchers"]["Precedence"] == 10
        roles = s.moto.identity.get_identity_pool_roles(IdentityPoolId=out["identity_pool_id"])
        assert roles["Roles"]["authenticated"].endswith("role/training-users")
        (mapping,) = roles["RoleMappings"].values()
        assert [r["Value"] for r in mapping["RulesConfiguration"]["Rules"]] == ["admins", "researchers"]
        # The outputs.
        issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool}"
        assert out["issuer_url"] == issuer
        assert out["jwks_url"] == f"{issuer}/.well-known/jwks.json"
        assert out["openid_configuration_url"] == f"{issuer}/.well-known/openid-configuration"
        assert out["hosted_login_url"] == "https://training-login.auth.us-east-1.amazoncognito.com"
        assert out["user_pool_arn"].endswith(f":userpool/{pool}")
        # The children as resources of the program.
        assert out["pool_name"] == p["Name"] and out["web_client_name"] == web["ClientName"]
        assert comp["outputs"]["userPoolId"] == pool

    def test_2_secrets_stay_secret(self, auth_stack):
        s = auth_stack
        secrets = [c["clientSecret"] for c in s.notes["out"]["machine_clients"].values()]
        exported = json.dumps(s.export())
        for secret in secrets:
            assert secret not in exported, "a machine client's secret is in plaintext in the state"
        shown = s.json("stack", "output", "--json")
        assert shown["machine_clients"] == "[secret]", shown["machine_clients"]

    def test_3_preview_shows_no_change(self, auth_stack):
        preview = auth_stack.json("preview", "--json", "--expect-no-changes")
        assert set(summary(preview)) == {"same"}, summary(preview)

    def test_4_one_group_updates_in_place(self, auth_stack):
        s = auth_stack
        s.run("config", "set", "researchersPrecedence", "5")
        preview = s.json("preview", "--json", "--diff")
        changed = {st["urn"].split("::")[-1]: st["op"] for st in preview["steps"] if st["op"] != "same"}
        assert changed == {"auth-group-researchers": "update"}, changed
        s.run("up", "--yes", "--skip-preview")
        pool = s.notes["out"]["user_pool_id"]
        assert s.moto.idp.get_group(UserPoolId=pool, GroupName="researchers")["Group"]["Precedence"] == 5
        assert s.outputs()["user_pool_id"] == pool
        s.run("preview", "--expect-no-changes")

    def test_5_user_signs_in_through_the_web_client(self, auth_stack):
        """As far as the local Cognito allows: it has no hosted login pages, so the user
        signs in with AdminInitiateAuth on the web client (which has no secret), and trades
        the ID token for AWS credentials through the component's identity pool."""
        s = auth_stack
        out = s.notes["out"]
        pool, client = out["user_pool_id"], out["web_client_id"]
        idp = s.moto.idp
        user, password = "ada@training.example.com", "Research-Lab-42!"
        idp.admin_create_user(UserPoolId=pool, Username=user, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username=user, Password=password, Permanent=True)
        idp.admin_add_user_to_group(UserPoolId=pool, Username=user, GroupName="researchers")
        tokens = idp.admin_initiate_auth(
            UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user, "PASSWORD": password},
        )["AuthenticationResult"]
        c = claims(tokens["IdToken"])
        assert c["aud"] == client and c["iss"].endswith(f"/{pool}")
        creds = s.moto.aws_credentials(out["identity_pool_id"], pool, tokens["IdToken"])
        assert creds["AccessKeyId"] and creds["SecretKey"]

    def test_6_machine_client_gets_a_token(self, auth_stack):
        """The client-credentials flow at the domain's token endpoint, for the scopes the
        component gave the client; a scope it lacks is refused."""
        s = auth_stack
        reporter = s.notes["out"]["machine_clients"]["reporter"]

        def token(scope: str) -> tuple[int, dict]:
            basic = base64.b64encode(f"{reporter['clientId']}:{reporter['clientSecret']}".encode()).decode()
            req = urllib.request.Request(
                f"{s.moto.url}/oauth2/token",
                data=urllib.parse.urlencode({"grant_type": "client_credentials", "scope": scope}).encode(),
                headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
            )
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    return r.status, json.load(r)
            except urllib.error.HTTPError as e:
                return e.code, json.load(e)

        status, body = token(f"{API}/jobs.read")
        assert status == 200, body
        c = claims(body["access_token"])
        assert c["client_id"] == reporter["clientId"] and c["scope"] == f"{API}/jobs.read"
        assert c["iss"] == s.notes["out"]["issuer_url"]
        status, body = token(f"{API}/jobs.write")
        assert status == 400 and body["error"] == "invalid_scope", body

    def test_7_a_child_failure_reports_cleanly_and_converges(self, auth_stack):
        """The domain moves to a prefix another pool holds out of band: the domain child's
        create fails (after its old domain was deleted: a pool has one prefix domain), the
        up reports it and the other children stay; once the prefix is free, the next up
        converges."""
        s = auth_stack
        idp = s.moto.idp
        pool = s.notes["out"]["user_pool_id"]
        squatter = idp.create_user_pool(PoolName="squatter")["UserPool"]["Id"]
        idp.create_user_pool_domain(UserPoolId=squatter, Domain="training-login-next")
        s.run("config", "set", "domainPrefix", "training-login-next")
        p = s.run("up", "--yes", "--skip-preview", check=False)
        text = p.stdout + p.stderr
        assert p.returncode != 0
        assert "auth-domain" in text and "Domain already associated with another user pool" in text, text[-3000:]
        assert "panic" not in text.lower(), text[-3000:]
        _, counts = children(s)
        assert {**counts, "cognito:index:UserPoolDomain": 1} == CHILDREN, counts
        idp.delete_user_pool_domain(UserPoolId=squatter, Domain="training-login-next")
        idp.delete_user_pool(UserPoolId=squatter)
        s.run("up", "--yes", "--skip-preview")
        assert idp.describe_user_pool_domain(Domain="training-login-next")["DomainDescription"]["UserPoolId"] == pool
        assert s.outputs()["hosted_login_url"] == "https://training-login-next.auth.us-east-1.amazoncognito.com"
        s.run("preview", "--expect-no-changes")

    def test_8_renamed_component_keeps_its_children(self, auth_stack):
        """The component is renamed with an alias: the engine carries the alias to the
        children (named after the component), so nothing is created or deleted."""
        s = auth_stack
        if s.language == "yaml":
            f = s.dir / "Pulumi.yaml"
            old_urn = "urn:pulumi:dev::app-auth-yaml::cognito:index:AppAuth::auth"
            text = f.read_text().replace(
                "  auth:\n    type: cognito:index:AppAuth\n",
                f"  signin:\n    type: cognito:index:AppAuth\n    options:\n      aliases:\n        - {old_urn}\n",
            ).replace("${auth.", "${signin.")
        else:
            f = s.dir / "__main__.py"
            text = f.read_text().replace(
                'cognito.AppAuth("auth",',
                'cognito.AppAuth("signin", opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="auth")]),',
            )
        assert "signin" in text
        f.write_text(text)
        preview = s.json("preview", "--json")
        ops = {st["op"] for st in preview["steps"]}
        assert ops <= {"same", "update"} and not {"create", "delete", "replace"} & ops, preview["steps"]
        s.run("up", "--yes", "--skip-preview")
        comp, counts = children(s)
        assert comp["urn"].endswith("::signin") and counts == CHILDREN
        names = {r["urn"].split("::")[-1] for r in s.resources() if r.get("parent") == comp["urn"]}
        assert "signin-pool" in names and not any(n.startswith("auth-") for n in names), names
        assert s.outputs()["user_pool_id"] == s.notes["out"]["user_pool_id"]
        s.run("preview", "--expect-no-changes")

    def test_9_destroy_leaves_nothing(self, auth_stack):
        s = auth_stack
        s.run("destroy", "--yes", "--skip-preview")
        assert [r for r in s.resources() if r["type"].startswith("cognito:")] == []
        assert s.moto.inventory() == {"user_pools": [], "clients": [], "identity_pools": []}


@pytest.fixture(scope="class", params=EXAMPLE_LANGS)
def example_stack(request, tmp_path_factory, pulumi_bin, node_bin, plugin_tgz, plugin_version, examples_ready):
    """examples/<language>/app-auth as a user runs it, against its own local Cognito."""
    language = request.param
    root = tmp_path_factory.mktemp(f"appauth-example-{language}")
    moto = Moto(root / "moto.log")
    request.addfinalizer(moto.stop)
    shutil.copytree(EXAMPLES / language / "app-auth", root / "project")
    if language == "python":
        # Pulumi.yaml names ../venv (examples/python/venv); the harness activates ./venv.
        for link in (root / "venv", root / "project" / "venv"):
            link.symlink_to(EXAMPLES / "python" / "venv", target_is_directory=True)
    if language == "typescript":
        # In place, Node finds examples/typescript/node_modules one directory up.
        (root / "node_modules").symlink_to(EXAMPLES / "typescript" / "node_modules", target_is_directory=True)
    if language == "go":
        # The replace directive points at ../../../sdk relative to examples/go/app-auth.
        subprocess.run(["go", "mod", "edit", "-replace", f"github.com/pulumi-cognito/pulumi-cognito/sdk={REPO / 'sdk'}"],
                       cwd=root / "project", check=True, env={**os.environ, "GOTOOLCHAIN": "local", "GOWORK": "off"})
    s = Stack(language, root, pulumi_bin, moto, node_bin)
    s.run("plugin", "install", "resource", "cognito", plugin_version, "--file", str(plugin_tgz))
    s.run("login", f"file://{s.state}")
    s.run("stack", "init", "dev")
    for k, v in (("cognito:region", "us-east-1"), ("cognito:endpoint", moto.url), ("cognito:accessKey", "testing")):
        s.run("config", "set", k, v)
    s.run("config", "set", "--secret", "cognito:secretKey", "testing")
    yield s


@pytest.mark.steps
class TestAppAuthExample:
    @pytest.mark.gate
    def test_1_up(self, example_stack):
        s = example_stack
        s.run("up", "--yes", "--skip-preview")
        # issuer_url (Python, YAML) or issuerUrl (TypeScript, Go).
        out = {k.replace("_", "").lower(): v for k, v in s.outputs().items()}
        (pool,) = s.moto.user_pools()
        assert out["issuerurl"].endswith(pool["Id"])
        assert out["hostedloginurl"] == "https://training-login.auth.us-east-1.amazoncognito.com"
        assert set(out["machineclients"]) == {"scheduler"}
        s.run("preview", "--expect-no-changes")

    def test_2_destroy_needs_deletion_protection_off(self, example_stack):
        """The pool is protected by default: destroy refuses, naming the fix (having deleted
        the children that do not hold it); once the program turns protection off (an
        in-place update of the pool, the rest created again), destroy succeeds."""
        s = example_stack
        p = s.run("destroy", "--yes", "--skip-preview", check=False)
        assert p.returncode != 0 and "deletionProtection" in p.stdout + p.stderr
        file, old, new = {
            "yaml": ("Pulumi.yaml", "    properties:\n", "    properties:\n      deletionProtection: INACTIVE\n"),
            "python": ("__main__.py", "    identity_pool=", '    deletion_protection="INACTIVE",\n    identity_pool='),
            "typescript": ("index.ts", "    identityPool:", '    deletionProtection: "INACTIVE",\n    identityPool:'),
            "go": ("main.go", "\t\t\tIdentityPool:", '\t\t\tDeletionProtection: pulumi.String("INACTIVE"),\n\t\t\tIdentityPool:'),
        }[s.language]
        f = s.dir / file
        assert old in f.read_text()
        f.write_text(f.read_text().replace(old, new, 1))
        preview = s.json("preview", "--json")
        changed = {st["urn"].split("::")[-1]: st["op"] for st in preview["steps"] if st["op"] != "same"}
        assert changed.pop("training-pool") == "update"
        assert set(changed.values()) <= {"create"}, changed
        s.run("up", "--yes", "--skip-preview")
        s.run("destroy", "--yes", "--skip-preview")
        assert s.moto.inventory() == {"user_pools": [], "clients": [], "identity_pools": []}
