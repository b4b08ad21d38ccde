"""Every resource of the provider in one rich stack (tests/e2e/all_resources/<language>), in
YAML and Python, with the real `pulumi` CLI v3.276.0 against its own local Cognito: up, a
no-change preview, a refresh that finds no drift, one in-place update that touches exactly
one resource, a change of the provider's default tags that updates the taggable
resources in place, and a destroy that leaves nothing. What exists is checked with boto3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness import EXAMPLES, Moto, Stack, selected_languages

HERE = Path(__file__).resolve().parent / "all_resources"
LANGS = [l for l in ("yaml", "python") if l in selected_languages()]
PREFIX = "cognito:index:"
# The resources of the stack by type (UserPool ... Terms), as the program declares them.
EXPECTED = {
    "UserPool": 2, "UserPoolClient": 3, "IdentityPool": 1, "UserPoolDomain": 1, "ResourceServer": 1,
    "IdentityProvider": 2, "UserGroup": 2, "User": 2, "UserInGroup": 2,
    "IdentityPoolRoleAttachment": 1, "IdentityPoolProviderPrincipalTag": 1,
    "ManagedLoginBranding": 1, "Terms": 1, "UserPoolUICustomization": 2, "ManagedUserPoolClient": 1,
    "RiskConfiguration": 2, "LogDeliveryConfiguration": 1,
}


@pytest.fixture(scope="class", params=LANGS)
def all_stack(request, tmp_path_factory, pulumi_bin, node_bin, plugin_tgz, plugin_version, examples_ready):
    language = request.param
    root = tmp_path_factory.mktemp(f"all-{language}")
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


def counts(stack) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in stack.resources():
        if r["type"].startswith(PREFIX):
            t = r["type"][len(PREFIX):]
            out[t] = out.get(t, 0) + 1
    return out


def check_tags(stack, defaults: dict[str, str]) -> None:
    """The taggable resources' tags on AWS and their `tagsAll`: the provider's default tags
    `defaults` under the resources' own (the pool's `project` wins; the identity pool and the
    threat-protection pool have none of their own)."""
    by_name = {r["urn"].split("::")[-1]: r for r in stack.resources()}
    pool, threat, ids = by_name["pool"], by_name["threatPool"], by_name["identities"]
    want = dict(defaults, project="ai-training")
    assert pool["outputs"]["tagsAll"] == want, pool["outputs"]["tagsAll"]
    assert pool["inputs"]["tags"] == {"project": "ai-training"}
    assert threat["outputs"]["tagsAll"] == defaults, threat["outputs"]["tagsAll"]
    assert ids["outputs"]["tagsAll"] == defaults, ids["outputs"]["tagsAll"]
    idp = stack.moto.idp
    assert idp.describe_user_pool(UserPoolId=pool["id"])["UserPool"]["UserPoolTags"] == want
    assert idp.describe_user_pool(UserPoolId=threat["id"])["UserPool"]["UserPoolTags"] == defaults
    assert stack.moto.identity.describe_identity_pool(IdentityPoolId=ids["id"])["IdentityPoolTags"] == defaults


def summary(preview: dict) -> dict[str, int]:
    return {k: v for k, v in preview["changeSummary"].items() if v}


@pytest.mark.steps
class TestAllResources:
    @pytest.mark.gate
    def test_1_up_creates_every_resource(self, all_stack):
        s = all_stack
        s.run("up", "--yes", "--skip-preview")
        assert counts(s) == EXPECTED
        out = s.outputs()
        s.notes["out"] = out
        idp, ident = s.moto.idp, s.moto.identity
        pool = out["user_pool_id"]
        # A sample of each resource, straight from the local Cognito.
        assert idp.describe_user_pool_domain(Domain="all-resources-login")["DomainDescription"]["UserPoolId"] == pool
        server = idp.describe_resource_server(UserPoolId=pool, Identifier="https://api.training.example.com")
        assert sorted(x["ScopeName"] for x in server["ResourceServer"]["Scopes"]) == ["jobs.read", "jobs.write"]
        assert sorted(out["scopes"]) == ["https://api.training.example.com/jobs.read",
                                         "https://api.training.example.com/jobs.write"]
        assert {p["ProviderName"] for p in idp.list_identity_providers(UserPoolId=pool, MaxResults=60)["Providers"]} \
            == {"CorpOIDC", "Google"}
        groups = {g["GroupName"]: g for g in idp.list_groups(UserPoolId=pool)["Groups"]}
        assert groups["researchers"]["Precedence"] == 10 and groups["admins"]["Precedence"] == 1
        members = idp.list_users_in_group(UserPoolId=pool, GroupName="admins")["Users"]
        assert [u["Username"] for u in members] == ["breakglass"]
        user = idp.admin_get_user(UserPoolId=pool, Username="breakglass")
        attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        assert attrs["custom:team"] == "ops" and attrs["sub"] == out["break_glass_sub"]
        assert idp.admin_get_user(UserPoolId=pool, Username="new-hire")["Enabled"] is False
        roles = ident.get_identity_pool_roles(IdentityPoolId=out["identity_pool_id"])
        assert roles["Roles"]["authenticated"].endswith("role/training-users")
        (mapping,) = roles["RoleMappings"].values()
        assert [r["Value"] for r in mapping["RulesConfiguration"]["Rules"]] == ["admins", "researchers"]
        tags = ident.get_principal_tag_attribute_map(IdentityPoolId=out["identity_pool_id"],
                                                      IdentityProviderName=f"cognito-idp.us-east-1.amazonaws.com/{pool}")
        assert tags["PrincipalTags"] == {"team": "custom:team", "user": "sub"} and tags["UseDefaults"] is False
        branding = idp.describe_managed_login_branding(UserPoolId=pool, ManagedLoginBrandingId=out["branding_id"])
        assert branding["ManagedLoginBranding"]["Settings"]["componentClasses"]["buttons"]["borderRadius"] == 8
        ui = idp.get_ui_customization(UserPoolId=pool, ClientId=out["client_id"])["UICustomization"]
        assert "0a7d2c" in ui["CSS"], ui
        ui = idp.get_ui_customization(UserPoolId=pool)["UICustomization"]
        assert "123456" in ui["CSS"] and ui.get("ImageUrl"), ui
        terms = idp.describe_terms(UserPoolId=pool, TermsId=out["terms_id"])["Terms"]
        assert terms["Links"]["cognito:spanish"] == "https://example.com/es/terms"
        # The provider's defaultTags (cognito:defaultTags in Pulumi.yaml) merge under the
        # resources' own tags, which win.
        check_tags(s, {"stack": "all-resources", "project": "overridden-by-the-pool"})
        # The managed client adopted the service's client and configured it; the name and
        # the secret stay the service's.
        assert out["search_client_id"] == out["service_client_id"]
        assert out["search_client_name"] == "AmazonOpenSearchService-all-resources"
        search = idp.describe_user_pool_client(UserPoolId=pool, ClientId=out["search_client_id"])["UserPoolClient"]
        assert search["ClientName"] == "AmazonOpenSearchService-all-resources" and search["ClientSecret"]
        assert sorted(search["AllowedOAuthScopes"]) == ["email", "openid", "profile"]
        assert search["CallbackURLs"] == ["https://search.example.com/_dashboards/app/home"]
        assert search["AccessTokenValidity"] == 30 and search["TokenValidityUnits"]["AccessToken"] == "minutes"
        s.notes["search_secret"] = search["ClientSecret"]
        # getUserPool and getUserPoolClients of the stack's own pool (`fn::invoke` in YAML,
        # get_user_pool_output in Python) agree with the pool and its client.
        assert out["looked_up_pool_arn"] == out["pool_arn"] == idp.describe_user_pool(
            UserPoolId=pool)["UserPool"]["Arn"]
        # The lookup waits for the web client only; the service's client may or may not exist yet.
        listed = {c["ClientId"] for c in idp.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]}
        assert out["client_id"] in out["pool_client_ids"] and set(out["pool_client_ids"]) <= listed, out
        threat, threat_client = out["threat_pool_id"], out["threat_client_id"]
        risk = idp.describe_risk_configuration(UserPoolId=threat)["RiskConfiguration"]
        assert risk["AccountTakeoverRiskConfiguration"]["Actions"]["HighAction"] == {"EventAction": "BLOCK", "Notify": True}
        assert sorted(risk["CompromisedCredentialsRiskConfiguration"]["EventFilter"]) == \
            ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"], "AWS fills in every event"
        assert sorted(risk["RiskExceptionConfiguration"]["BlockedIPRangeList"]) == ["192.0.2.0/24", "198.51.100.0/24"]
        risk = idp.describe_risk_configuration(UserPoolId=threat, ClientId=threat_client)["RiskConfiguration"]
        assert risk["ClientId"] == threat_client
        assert sorted(risk["CompromisedCredentialsRiskConfiguration"]["EventFilter"]) == ["PASSWORD_CHANGE", "SIGN_UP"]
        logs = idp.get_log_delivery_configuration(UserPoolId=threat)["LogDeliveryConfiguration"]["LogConfigurations"]
        assert {l["EventSource"]: l["LogLevel"] for l in logs} == {"userNotification": "ERROR", "userAuthEvents": "INFO"}

    def test_2_secrets_stay_secret(self, all_stack):
        exported = json.dumps(all_stack.export())
        for secret in ("Break-Glass-42x", "Temp-Pass-123x", "corp-s3cr3t", "google-s3cr3t",
                       all_stack.notes["search_secret"]):
            assert secret not in exported, f"{secret} is in plaintext in the state"

    def test_3_preview_shows_no_change(self, all_stack):
        preview = all_stack.json("preview", "--json", "--expect-no-changes")
        assert set(summary(preview)) == {"same"}, summary(preview)

    def test_4_refresh_finds_no_drift(self, all_stack):
        all_stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")

    def test_5_one_in_place_update(self, all_stack):
        s = all_stack
        s.run("config", "set", "researchersPrecedence", "5")
        preview = s.json("preview", "--json", "--diff")
        changed = {st["urn"].split("::")[-1]: st["op"] for st in preview["steps"] if st["op"] != "same"}
        assert changed == {"researchersGroup": "update"}, changed
        s.run("up", "--yes", "--skip-preview")
        pool = s.notes["out"]["user_pool_id"]
        assert s.moto.idp.get_group(UserPoolId=pool, GroupName="researchers")["Group"]["Precedence"] == 5
        assert s.outputs()["user_pool_id"] == pool
        s.run("preview", "--expect-no-changes")

    def test_5b_default_tags_change_updates_in_place(self, all_stack):
        s = all_stack
        # Stack config over Pulumi.yaml's project config (both keys, however the two merge).
        s.run("config", "set", "--path", "cognito:defaultTags.tags.stack", "renamed")
        s.run("config", "set", "--path", "cognito:defaultTags.tags.project", "overridden-by-the-pool")
        preview = s.json("preview", "--json", "--diff")
        changed = {st["urn"].split("::")[-1]: st["op"] for st in preview["steps"]
                   if st["op"] != "same" and st["urn"].split("::")[-2].startswith(PREFIX)}
        assert changed == {"pool": "update", "threatPool": "update", "identities": "update"}, changed
        s.run("up", "--yes", "--skip-preview")
        check_tags(s, {"stack": "renamed", "project": "overridden-by-the-pool"})
        s.run("preview", "--expect-no-changes")
        s.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")

    def test_6_destroy_leaves_nothing(self, all_stack):
        s = all_stack
        s.run("destroy", "--yes", "--skip-preview")
        assert counts(s) == {}
        assert s.moto.inventory() == {"user_pools": [], "clients": [], "identity_pools": []}
