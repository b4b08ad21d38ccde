"""`pulumi-resource-cognito migrate-from-aws` on a live pulumi-aws stack, as a user runs it,
with the real `pulumi` CLI v3.276.0 against its own local Cognito.

The pulumi-aws plugin cannot be downloaded here, so the "before" stack is built the way
pulumi-aws would have left it: boto3 creates the seed program's resources (user pool,
client, identity pool, two groups, an administrator, their membership, the identity pool's
role attachment) plus an end user who is in no program, and a stack state records them as
pulumi-aws 7.51.1 resources (types, URNs, the default provider reference, pulumi-aws
property names from the wheel's Python classes), loaded with `pulumi stack import`. The
program is tests/e2e/seed/pulumi_aws_main.py, the seed's pulumi_aws program.

For the engine to load the old entries' provider (the naive preview plans their deletion),
a stand-in is installed as the `aws` plugin: this provider's own binary under the name
`pulumi-resource-aws`. It loads and answers the engine, and knows no `aws:*` type, so it
could never delete anything; a preview does not call it for deletes.

Covered resource types: every pulumi-aws Cognito type this provider has: UserPool,
UserPoolClient, IdentityPool, UserGroup, User, UserInGroup, IdentityPoolRoleAttachment,
UserPoolDomain, ResourceServer, IdentityProvider, IdentityPoolProviderPrincipalTag,
UserPoolUICustomization and ManagedLoginBranding (Terms has no pulumi-aws type), in Python
(tests/e2e/seed/pulumi_aws_main.py plus the other types); and the seed's types in YAML (the
YAML example with pulumi-aws type tokens, a protected user pool, and pulumi-cognito terms of
use that depend on the pulumi-aws pool and client, so the dependency edges are dropped and
recorded again); and the seed's types in TypeScript (the TypeScript example with
`@pulumi/aws`'s import). Go's rewrite is covered by unit tests only (src/migrate/rewrite.rs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import base64
import pytest

from harness import EXAMPLES, REGION, Moto, Stack, selected_languages

SEED = Path(__file__).resolve().parent / "seed" / "pulumi_aws_main.py"
AWS_VERSION = "7.51.1"
PROVIDER_ID = "7c0f4a52-3a51-4b1e-9a57-0c6f1f7e2d31"
ADMIN, ADMIN_PASSWORD = "platform-admin", "Platform-Admin-42!"
# The admin changed the password the program set (the state still holds the program's):
# the migration and the `pulumi up` after it must not set the program's one back.
ADMIN_CHANGED_PASSWORD = "Changed-Since-2026!"
END_USER, END_USER_PASSWORD = "researcher-alice", "Alice-Trains-Models-7!"
ROLE = "arn:aws:iam::123456789012:role/ai-training-"
SECRET = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
READ_PREFIXES = ("Describe", "List", "Get", "AdminGet", "AdminList")
# Python: the seed program plus every other type; YAML: the seed program's resources.
LANGS = [l for l in ("python", "yaml", "typescript") if l in selected_languages()]
PROGRAM_FILE = {"python": "__main__.py", "yaml": "Pulumi.yaml", "typescript": "index.ts"}
TS_IMPORT = 'import * as cognito from "@pulumi-cognito/cognito";'
EXTRA_TYPES = ("IdentityProvider", "IdentityPoolProviderPrincipalTag", "UserPoolUICustomization",
               "ManagedLoginBranding", "UserPool", "RiskConfiguration", "LogDeliveryConfiguration",
               "ManagedUserPoolClient")
SEED_TYPES = ("UserPool", "UserPoolClient", "IdentityPool", "UserGroup", "UserGroup", "User", "UserInGroup",
              "IdentityPoolRoleAttachment", "UserPoolDomain", "ResourceServer", "UserPoolClient")
AWS_MODULE = {"UserPool": "userPool", "UserPoolClient": "userPoolClient", "IdentityPool": "identityPool",
              "UserGroup": "userGroup", "User": "user", "UserInGroup": "userInGroup",
              "IdentityPoolRoleAttachment": "identityPoolRoleAttachment", "UserPoolDomain": "userPoolDomain",
              "ResourceServer": "resourceServer"}
# The seed's hosted sign-in: its domain (prefix `ai-training-<stack>`), API and scheduler.
DOMAIN = "ai-training-dev"
API = "https://api.ai-training.example.com"
API_SCOPES = (("jobs.read", "Read training jobs"), ("jobs.write", "Submit training jobs"))
# The rest of the pulumi-aws Cognito types this provider has, appended to the seed program
# (pulumi_aws names; the rewrite turns them into pulumi_cognito's).
EXTRA_PROGRAM = """
# More of the user pool: a social login, principal tags, the hosted UI's CSS (on the
# seed's domain) and the managed login branding
ai_training_google = aws.cognito.IdentityProvider("ai_training_google",
    user_pool_id=ai_training_user_pool.id,
    provider_name="Google",
    provider_type="Google",
    provider_details={
        "client_id": "1234567890-abc.apps.googleusercontent.com",
        "client_secret": "google-s3cr3t",
        "authorize_scopes": "openid email profile",
    },
    attribute_mapping={"username": "sub"})
ai_training_principal_tags = aws.cognito.IdentityPoolProviderPrincipalTag("ai_training_principal_tags",
    identity_pool_id=ai_training_identity_pool.id,
    identity_provider_name=ai_training_user_pool.endpoint,
    use_defaults=False,
    principal_tags={"user": "sub"})
ai_training_ui = aws.cognito.UserPoolUICustomization("ai_training_ui",
    user_pool_id=ai_training_domain.user_pool_id,
    css=".banner-customizable { background-color: #123456; }")
ai_training_branding = aws.cognito.ManagedLoginBranding("ai_training_branding",
    user_pool_id=ai_training_user_pool.id,
    client_id=ai_training_user_pool_client.id,
    use_cognito_provided_values=True)
# Threat protection and log delivery need the Plus feature plan: a pool of their own
ai_training_threat_pool = aws.cognito.UserPool("ai_training_threat_pool",
    user_pool_tier="PLUS",
    user_pool_add_ons={"advanced_security_mode": "ENFORCED"})
ai_training_risk = aws.cognito.RiskConfiguration("ai_training_risk",
    user_pool_id=ai_training_threat_pool.id,
    compromised_credentials_risk_configuration={"actions": {"event_action": "BLOCK"}})
ai_training_logs = aws.cognito.LogDeliveryConfiguration("ai_training_logs",
    user_pool_id=ai_training_threat_pool.id,
    log_configurations=[{
        "event_source": "userNotification",
        "log_level": "ERROR",
        "cloud_watch_logs_configuration": {
            "log_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/ai-training",
        },
    }])
# OpenSearch made its own client in the user pool; the program adopts it
ai_training_search_client = aws.cognito.ManagedUserPoolClient("ai_training_search_client",
    user_pool_id=ai_training_user_pool.id,
    name_prefix="AmazonOpenSearchService-")
"""
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/ai-training"
SEARCH_CLIENT = "AmazonOpenSearchService-ai-training"
CSS = ".banner-customizable { background-color: #123456; }"
GOOGLE = {"client_id": "1234567890-abc.apps.googleusercontent.com", "client_secret": "google-s3cr3t",
          "authorize_scopes": "openid email profile"}


# --------------------------------------------------------------------------------------
# moto's request recorder: which AWS calls reached the local Cognito
# --------------------------------------------------------------------------------------


def _recorder(moto: Moto, action: str, method: str = "POST") -> str:
    req = urllib.request.Request(
        f"{moto.url}/moto-api/recorder/{action}", method=method, data=b"" if method == "POST" else None
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


@contextmanager
def recording(moto: Moto):
    """Yields a list that holds, after the block, the AWS actions made inside it."""
    calls: list[str] = []
    _recorder(moto, "reset-recording")
    _recorder(moto, "start-recording")
    try:
        yield calls
    finally:
        _recorder(moto, "stop-recording")
        for line in _recorder(moto, "download-recording", "GET").splitlines():
            if line.strip():
                e = json.loads(line)
                headers = {k.lower(): v for k, v in (e.get("headers") or {}).items()}
                target = headers.get("x-amz-target", "")
                # Every Cognito API call carries its action in X-Amz-Target (JSON protocol);
                # an entry without one is not an AWS call: keep its path to show it.
                calls.append(target.rsplit(".", 1)[-1] if target else f"(no target) {e.get('url', '')}")


def writes(calls: list[str]) -> list[str]:
    return [c for c in calls if not c.startswith(READ_PREFIXES) and not c.startswith("(no target)")]


# --------------------------------------------------------------------------------------
# The "before" stack
# --------------------------------------------------------------------------------------


def secret(value: Any) -> dict[str, Any]:
    return {SECRET: SECRET_SIG, "plaintext": json.dumps(value)}


def create_in_cognito(moto: Moto, extras: bool) -> dict[str, str]:
    """What the seed program's `pulumi up` with pulumi-aws would have created."""
    idp, identity = moto.idp, moto.identity
    policy = {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
              "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}
    pool = idp.create_user_pool(PoolName="ai_training_user_pool-5d1c2a7", Policies={"PasswordPolicy": policy})["UserPool"]
    pool_id = pool["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="ai_training_user_pool_client-93be0f1",
        GenerateSecret=True, ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH"],
    )["UserPoolClient"]
    endpoint = f"cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    idpool = identity.create_identity_pool(
        IdentityPoolName="ai_training_identity_pool", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": endpoint, "ClientId": client["ClientId"], "ServerSideTokenCheck": False}],
    )
    for name, desc, prec in (("admins", "Platform administrators", 1), ("researchers", "ML researchers", 10)):
        idp.create_group(UserPoolId=pool_id, GroupName=name, Description=desc, Precedence=prec,
                         RoleArn=f"{ROLE}{name}")
    for user, password in ((ADMIN, ADMIN_CHANGED_PASSWORD), (END_USER, END_USER_PASSWORD)):
        idp.admin_create_user(UserPoolId=pool_id, Username=user, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool_id, Username=user, Password=password, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=ADMIN, GroupName="admins")
    rules = [{"Claim": "cognito:groups", "MatchType": "Contains", "Value": g, "RoleARN": f"{ROLE}{g}"}
             for g in ("admins", "researchers")]
    identity.set_identity_pool_roles(
        IdentityPoolId=idpool["IdentityPoolId"], Roles={"authenticated": f"{ROLE}users"},
        RoleMappings={f"{endpoint}:{client['ClientId']}": {
            "Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole", "RulesConfiguration": {"Rules": rules}}},
    )
    idp.create_user_pool_domain(Domain=DOMAIN, UserPoolId=pool_id)
    idp.create_resource_server(UserPoolId=pool_id, Identifier=API, Name="training-api",
                               Scopes=[{"ScopeName": n, "ScopeDescription": d} for n, d in API_SCOPES])
    scheduler = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="training-scheduler", GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[f"{API}/{n}" for n, _ in API_SCOPES],
    )["UserPoolClient"]
    sub = next(a["Value"] for a in idp.admin_get_user(UserPoolId=pool_id, Username=ADMIN)["UserAttributes"]
               if a["Name"] == "sub")
    ids = {"pool": pool_id, "pool_arn": pool["Arn"], "pool_name": pool["Name"], "endpoint": endpoint,
           "client": client["ClientId"], "client_name": client["ClientName"], "client_secret": client["ClientSecret"],
           "idpool": idpool["IdentityPoolId"], "sub": sub,
           "scheduler": scheduler["ClientId"], "scheduler_secret": scheduler["ClientSecret"]}
    if not extras:
        return ids
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE, AttributeMapping={"username": "sub"})
    identity.set_principal_tag_attribute_map(IdentityPoolId=idpool["IdentityPoolId"], IdentityProviderName=endpoint,
                                             UseDefaults=False, PrincipalTags={"user": "sub"})
    idp.set_ui_customization(UserPoolId=pool_id, CSS=CSS)
    branding = idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client["ClientId"],
                                                 UseCognitoProvidedValues=True)["ManagedLoginBranding"]
    threat = idp.create_user_pool(PoolName="ai_training_threat_pool-8c1d2e3", UserPoolTier="PLUS",
                                  UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})["UserPool"]
    idp.set_risk_configuration(UserPoolId=threat["Id"],
                               CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}})
    idp.set_log_delivery_configuration(UserPoolId=threat["Id"], LogConfigurations=[{
        "EventSource": "userNotification", "LogLevel": "ERROR",
        "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP}}])
    search = idp.create_user_pool_client(UserPoolId=pool_id, ClientName=SEARCH_CLIENT)["UserPoolClient"]
    return {**ids, "branding": branding["ManagedLoginBrandingId"], "threat_pool": threat["Id"],
            "threat_pool_arn": threat["Arn"], "threat_pool_name": threat["Name"], "search_client": search["ClientId"]}


def without_defaults(value: Any) -> Any:
    """An input value as the outputs hold it: without the bridge's `__defaults` lists."""
    if isinstance(value, dict):
        return {k: without_defaults(v) for k, v in value.items() if k != "__defaults"}
    if isinstance(value, list):
        return [without_defaults(v) for v in value]
    return value


def aws_state(stack_name: str, project: str, ids: dict[str, str], extras: bool,
              protect_pool: bool = False) -> list[dict[str, Any]]:
    """The stack state pulumi-aws 7.x records for the seed program (property names from the
    pulumi_aws wheel's resource classes; `__defaults` as the bridge writes it: in each object
    of the inputs, the keys it filled in, the auto-names and the Terraform schema's defaults
    the program does not set)."""
    pre = f"urn:pulumi:{stack_name}::{project}::"
    stack_urn = f"{pre}pulumi:pulumi:Stack::{project}-{stack_name}"
    prov_urn = f"{pre}pulumi:providers:aws::default_{AWS_VERSION.replace('.', '_')}"
    urn = {n: f"{pre}aws:cognito/{m}:{t}::{n}" for n, m, t in (
        ("ai_training_user_pool", "userPool", "UserPool"),
        ("ai_training_user_pool_client", "userPoolClient", "UserPoolClient"),
        ("ai_training_identity_pool", "identityPool", "IdentityPool"),
        ("ai_training_admins", "userGroup", "UserGroup"),
        ("ai_training_researchers", "userGroup", "UserGroup"),
        ("ai_training_platform_admin", "user", "User"),
        ("ai_training_platform_admin_membership", "userInGroup", "UserInGroup"),
        ("ai_training_identity_pool_roles", "identityPoolRoleAttachment", "IdentityPoolRoleAttachment"),
        ("ai_training_domain", "userPoolDomain", "UserPoolDomain"),
        ("ai_training_api", "resourceServer", "ResourceServer"),
        ("ai_training_scheduler_client", "userPoolClient", "UserPoolClient"),
        ("ai_training_google", "identityProvider", "IdentityProvider"),
        ("ai_training_principal_tags", "identityPoolProviderPrincipalTag", "IdentityPoolProviderPrincipalTag"),
        ("ai_training_ui", "userPoolUICustomization", "UserPoolUICustomization"),
        ("ai_training_branding", "managedLoginBranding", "ManagedLoginBranding"),
        ("ai_training_threat_pool", "userPool", "UserPool"),
        ("ai_training_risk", "riskConfiguration", "RiskConfiguration"),
        ("ai_training_logs", "logDeliveryConfiguration", "LogDeliveryConfiguration"),
        ("ai_training_search_client", "managedUserPoolClient", "ManagedUserPoolClient"),
    )}
    pool, client, idpool = ids["pool"], ids["client"], ids["idpool"]

    def res(name: str, id_: str, inputs: dict, computed: dict, deps: dict[str, list[str]]) -> dict[str, Any]:
        all_deps = sorted({d for ds in deps.values() for d in ds})
        return {
            "urn": urn[name], "custom": True, "id": id_, "type": urn[name].split("::")[2],
            "inputs": {"__defaults": [], **inputs},
            "outputs": {"id": id_, "region": REGION, **without_defaults(inputs), **computed},
            "parent": stack_urn, "provider": f"{prov_urn}::{PROVIDER_ID}",
            "dependencies": all_deps, "propertyDependencies": deps,
            "created": "2026-11-02T09:14:03.120518Z", "modified": "2026-11-02T09:14:03.120518Z",
        }

    policy = {"__defaults": ["passwordHistorySize", "temporaryPasswordValidityDays"],
              "minimumLength": 8, "passwordHistorySize": 0, "requireLowercase": True, "requireNumbers": True,
              "requireSymbols": True, "requireUppercase": True, "temporaryPasswordValidityDays": 7}
    group_role = {g: f"{ROLE}{g}" for g in ("admins", "researchers")}
    mapping = {
        "identityProvider": f"{ids['endpoint']}:{client}", "type": "Rules",
        "ambiguousRoleResolution": "AuthenticatedRole",
        "mappingRules": [{"claim": "cognito:groups", "matchType": "Contains", "value": g, "roleArn": group_role[g]}
                         for g in ("admins", "researchers")],
    }
    p, c, i, a = (urn[n] for n in ("ai_training_user_pool", "ai_training_user_pool_client",
                                   "ai_training_identity_pool", "ai_training_admins"))
    resources = [
        {"urn": stack_urn, "custom": False, "type": "pulumi:pulumi:Stack",
         "outputs": {"user_pool_id": pool, "user_pool_client_id": client, "identity_pool_id": idpool,
                     "scheduler_client_id": ids["scheduler"], "domain": DOMAIN}},
        {"urn": prov_urn, "custom": True, "id": PROVIDER_ID, "type": "pulumi:providers:aws",
         "inputs": {"__internal": {}, "region": REGION, "skipCredentialsValidation": "false",
                    "skipRegionValidation": "true", "version": AWS_VERSION},
         "outputs": {"region": REGION, "skipCredentialsValidation": "false", "skipRegionValidation": "true",
                     "version": AWS_VERSION}},
        res("ai_training_user_pool", pool,
            {"__defaults": ["name"], "name": ids["pool_name"], "passwordPolicy": policy},
            {"arn": ids["pool_arn"], "endpoint": ids["endpoint"], "mfaConfiguration": "OFF",
             "creationDate": "2026-11-02T09:14:02Z", "lastModifiedDate": "2026-11-02T09:14:02Z",
             "estimatedNumberOfUsers": 2, "deletionProtection": "INACTIVE", "userPoolTier": "ESSENTIALS",
             "tags": {}, "tagsAll": {}},
            {"passwordPolicy": []}),
        res("ai_training_user_pool_client", client,
            {"__defaults": ["name"], "name": ids["client_name"], "userPoolId": pool, "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"],
             "generateSecret": True},
            {"clientSecret": secret(ids["client_secret"]), "refreshTokenValidity": 30,
             "authSessionValidity": 3, "enableTokenRevocation": True, "preventUserExistenceErrors": "",
             "tokenValidityUnits": [], "allowedOauthFlows": [], "allowedOauthScopes": [], "callbackUrls": [],
             "logoutUrls": [], "readAttributes": [], "writeAttributes": [], "supportedIdentityProviders": []},
            {"userPoolId": [p], "explicitAuthFlows": [], "generateSecret": []}),
        res("ai_training_identity_pool", idpool,
            {"identityPoolName": "ai_training_identity_pool", "allowUnauthenticatedIdentities": False,
             "cognitoIdentityProviders": [{"__defaults": ["serverSideTokenCheck"], "clientId": client,
                                           "providerName": ids["endpoint"], "serverSideTokenCheck": False}]},
            {"arn": f"arn:aws:cognito-identity:{REGION}:123456789012:identitypool/{idpool}",
             "allowClassicFlow": False, "developerProviderName": "", "openidConnectProviderArns": [],
             "samlProviderArns": [], "supportedLoginProviders": {}, "tags": {}, "tagsAll": {}},
            {"identityPoolName": [], "allowUnauthenticatedIdentities": [], "cognitoIdentityProviders": [p, c]}),
        res("ai_training_admins", f"{pool}/admins",
            {"userPoolId": pool, "name": "admins", "description": "Platform administrators", "precedence": 1,
             "roleArn": group_role["admins"]}, {}, {"userPoolId": [p]}),
        res("ai_training_researchers", f"{pool}/researchers",
            {"userPoolId": pool, "name": "researchers", "description": "ML researchers", "precedence": 10,
             "roleArn": group_role["researchers"]}, {}, {"userPoolId": [p]}),
        res("ai_training_platform_admin", f"{pool}/{ADMIN}",
            {"userPoolId": pool, "username": ADMIN, "password": secret(ADMIN_PASSWORD), "messageAction": "SUPPRESS"},
            {"status": "CONFIRMED", "sub": ids["sub"], "enabled": True, "attributes": {}, "mfaSettingLists": [],
             "preferredMfaSetting": "", "creationDate": "2026-11-02T09:14:04Z",
             "lastModifiedDate": "2026-11-02T09:14:04Z"},
            {"userPoolId": [p], "username": [], "password": [], "messageAction": []}),
        res("ai_training_platform_admin_membership", f"{pool},admins,{ADMIN}",
            {"userPoolId": pool, "groupName": "admins", "username": ADMIN}, {},
            {"userPoolId": [p], "groupName": [a], "username": [urn["ai_training_platform_admin"]]}),
        res("ai_training_identity_pool_roles", idpool,
            {"identityPoolId": idpool, "roles": {"authenticated": f"{ROLE}users"}, "roleMappings": [mapping]}, {},
            {"identityPoolId": [i], "roles": [], "roleMappings": [p, c, a, urn["ai_training_researchers"]]}),
        res("ai_training_domain", DOMAIN, {"userPoolId": pool, "domain": DOMAIN},
            {"awsAccountId": "123456789012", "cloudfrontDistribution": "", "cloudfrontDistributionArn": "",
             "cloudfrontDistributionZoneId": "Z2FDTNDATAQYW2", "s3Bucket": "", "version": "",
             "certificateArn": "", "managedLoginVersion": 1},
            {"userPoolId": [p], "domain": []}),
        res("ai_training_api", f"{pool}|{API}",
            {"userPoolId": pool, "identifier": API, "name": "training-api",
             "scopes": [{"scopeName": n, "scopeDescription": d} for n, d in API_SCOPES]},
            {"scopeIdentifiers": [f"{API}/{n}" for n, _ in API_SCOPES]},
            {"userPoolId": [p], "identifier": [], "name": [], "scopes": []}),
        res("ai_training_scheduler_client", ids["scheduler"],
            {"name": "training-scheduler", "userPoolId": pool, "generateSecret": True,
             "allowedOauthFlowsUserPoolClient": True, "allowedOauthFlows": ["client_credentials"],
             "allowedOauthScopes": [f"{API}/{n}" for n, _ in API_SCOPES]},
            {"clientSecret": secret(ids["scheduler_secret"]), "refreshTokenValidity": 30,
             "authSessionValidity": 3, "enableTokenRevocation": True, "preventUserExistenceErrors": "",
             "tokenValidityUnits": [], "explicitAuthFlows": [], "callbackUrls": [],
             "logoutUrls": [], "readAttributes": [], "writeAttributes": [], "supportedIdentityProviders": []},
            {"userPoolId": [p], "name": [], "generateSecret": [], "allowedOauthFlowsUserPoolClient": [],
             "allowedOauthFlows": [], "allowedOauthScopes": [urn["ai_training_api"]]}),
    ]
    if protect_pool:
        resources[2]["protect"] = True
    if not extras:
        return resources
    resources += [
        res("ai_training_google", f"{pool}:Google",
            {"userPoolId": pool, "providerName": "Google", "providerType": "Google",
             "providerDetails": secret(GOOGLE), "attributeMapping": {"username": "sub"}},
            {"idpIdentifiers": []},
            {"userPoolId": [p], "providerName": [], "providerType": [], "providerDetails": [],
             "attributeMapping": []}),
        res("ai_training_principal_tags", f"{idpool}:{ids['endpoint']}",
            {"identityPoolId": idpool, "identityProviderName": ids["endpoint"], "useDefaults": False,
             "principalTags": {"user": "sub"}}, {},
            {"identityPoolId": [i], "identityProviderName": [p], "useDefaults": [], "principalTags": []}),
        res("ai_training_ui", f"{pool},ALL",
            {"userPoolId": pool, "css": CSS},
            {"clientId": "ALL", "cssVersion": "", "imageUrl": "", "creationDate": "2026-11-02T09:14:04Z",
             "lastModifiedDate": "2026-11-02T09:14:04Z"},
            {"userPoolId": [urn["ai_training_domain"]], "css": []}),
        res("ai_training_branding", f"{pool},{ids['branding']}",
            {"userPoolId": pool, "clientId": client, "useCognitoProvidedValues": True},
            {"managedLoginBrandingId": ids["branding"], "settingsAll": "{}", "assets": []},
            {"userPoolId": [p], "clientId": [c], "useCognitoProvidedValues": []}),
        res("ai_training_threat_pool", ids["threat_pool"],
            {"__defaults": ["name"], "name": ids["threat_pool_name"], "userPoolTier": "PLUS",
             "userPoolAddOns": {"__defaults": [], "advancedSecurityMode": "ENFORCED"}},
            {"arn": ids["threat_pool_arn"], "endpoint": f"cognito-idp.{REGION}.amazonaws.com/{ids['threat_pool']}",
             "mfaConfiguration": "OFF", "creationDate": "2026-11-02T09:14:02Z",
             "lastModifiedDate": "2026-11-02T09:14:02Z", "estimatedNumberOfUsers": 0,
             "deletionProtection": "INACTIVE", "tags": {}, "tagsAll": {}},
            {"userPoolTier": [], "userPoolAddOns": []}),
        res("ai_training_risk", ids["threat_pool"],
            {"userPoolId": ids["threat_pool"],
             "compromisedCredentialsRiskConfiguration": {"__defaults": [], "actions": {"__defaults": [], "eventAction": "BLOCK"}}},
            {"clientId": ""},
            {"userPoolId": [urn["ai_training_threat_pool"]], "compromisedCredentialsRiskConfiguration": []}),
        res("ai_training_logs", ids["threat_pool"],
            {"userPoolId": ids["threat_pool"], "logConfigurations": [{
                "__defaults": [], "eventSource": "userNotification", "logLevel": "ERROR",
                "cloudWatchLogsConfiguration": {"__defaults": [], "logGroupArn": LOG_GROUP}}]},
            {},
            {"userPoolId": [urn["ai_training_threat_pool"]], "logConfigurations": []}),
        res("ai_training_search_client", ids["search_client"],
            {"userPoolId": pool, "namePrefix": "AmazonOpenSearchService-"},
            {"name": SEARCH_CLIENT, "clientSecret": "", "refreshTokenValidity": 30, "authSessionValidity": 3,
             "enableTokenRevocation": True, "allowedOauthFlows": [], "allowedOauthScopes": [], "callbackUrls": [],
             "explicitAuthFlows": [], "logoutUrls": [], "readAttributes": [], "writeAttributes": [],
             "supportedIdentityProviders": []},
            {"userPoolId": [p], "namePrefix": []}),
    ]
    return resources


def install_aws_standin(s: Stack, plugin_tgz: Path) -> None:
    """Installs this provider's binary as the `aws` plugin at the state's version."""
    stage = s.root / "aws-standin"
    stage.mkdir()
    with tarfile.open(plugin_tgz) as t:
        t.extract("pulumi-resource-cognito", stage)
    (stage / "pulumi-resource-cognito").rename(stage / "pulumi-resource-aws")
    tgz = s.root / "aws-standin.tgz"
    with tarfile.open(tgz, "w:gz") as t:
        t.add(stage / "pulumi-resource-aws", arcname="pulumi-resource-aws")
    s.run("plugin", "install", "resource", "aws", AWS_VERSION, "--file", str(tgz))


POOL_TYPE = "    type: cognito:index:UserPool\n"
PROTECT = "    options:\n      protect: true\n"


TERMS = """  ai_training_terms:
    type: cognito:index:Terms
    properties:
      userPoolId: {pool}
      clientId: {client}
      termsName: terms-of-use
      links:
        cognito:default: https://example.com/terms
"""


def protected_yaml_example() -> str:
    """The YAML example with its user pool protected (so the migration handles protection),
    and terms of use (pulumi-aws has no such type: the stack already ran pulumi-cognito for
    them, and they depend on the pulumi-aws pool and client)."""
    text = (EXAMPLES / "yaml" / "Pulumi.yaml").read_text()
    assert text.count(POOL_TYPE) == 1
    text = text.replace(POOL_TYPE, POOL_TYPE + PROTECT)
    terms = TERMS.format(pool="${ai_training_user_pool.id}", client="${ai_training_user_pool_client.id}")
    assert text.count("\n# Export the IDs") == 1
    return text.replace("\n# Export the IDs", "\n" + terms + "# Export the IDs")


def deploy_terms(s: Stack, ids: dict[str, str]) -> list[dict[str, Any]]:
    """Deploys the terms with pulumi-cognito alone (the ids as literals) and returns the
    state entries that made: the cognito provider and the terms."""
    program = s.dir / "Pulumi.yaml"
    before = program.read_text()
    program.write_text(f"name: {s.notes['project']}\nruntime: yaml\nresources:\n"
                       + TERMS.format(pool=ids["pool"], client=ids["client"]))
    try:
        s.run("up", "--yes", "--skip-preview")
    finally:
        program.write_text(before)
    return [r for r in s.export()["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack"]


def aws_yaml_program() -> str:
    """The YAML example as a pulumi-aws program: its type tokens in pulumi-aws's form."""
    text = protected_yaml_example()
    for name, module in AWS_MODULE.items():
        text = text.replace(f"type: cognito:index:{name}\n", f"type: aws:cognito/{module}:{name}\n")
    assert text.count("cognito:index:") == 1  # the terms
    return text


def aws_ts_program() -> str:
    """The TypeScript example as a pulumi-aws program."""
    text = (EXAMPLES / "typescript" / "index.ts").read_text()
    assert text.count(TS_IMPORT) == 1
    return text.replace(TS_IMPORT, 'import * as aws from "@pulumi/aws";').replace("new cognito.", "new aws.cognito.")


def migrated_program(language: str) -> str:
    """The program with only its import (or its type tokens) changed: the example."""
    if language == "yaml":
        return protected_yaml_example()
    if language == "typescript":
        return (EXAMPLES / "typescript" / "index.ts").read_text()
    return (EXAMPLES / "python" / "__main__.py").read_text() + EXTRA_PROGRAM.replace("aws.cognito.", "cognito.")


@pytest.fixture(scope="class", params=LANGS)
def mig(request, tmp_path_factory, pulumi_bin, node_bin, plugin_tgz, plugin_version, examples_ready):
    language = request.param
    root = tmp_path_factory.mktemp(f"migrate-{language}")
    moto = Moto(root / "moto.log")
    request.addfinalizer(moto.stop)
    project = root / "project"
    project.mkdir()
    if language == "python":
        shutil.copy2(EXAMPLES / "python" / "Pulumi.yaml", project / "Pulumi.yaml")
        (project / "__main__.py").write_text(SEED.read_text() + EXTRA_PROGRAM)
        (project / "venv").symlink_to(EXAMPLES / "python" / "venv", target_is_directory=True)
    elif language == "typescript":
        for f in ("Pulumi.yaml", "package.json", "tsconfig.json"):
            shutil.copy2(EXAMPLES / "typescript" / f, project / f)
        (project / "index.ts").write_text(aws_ts_program())
        (project / "node_modules").symlink_to(EXAMPLES / "typescript" / "node_modules", target_is_directory=True)
    else:
        (project / "Pulumi.yaml").write_text(aws_yaml_program())
    s = Stack(language, root, pulumi_bin, moto, node_bin)
    s.notes["program"] = project / PROGRAM_FILE[language]
    s.notes["project"] = next(l.split(":", 1)[1].strip() for l in (project / "Pulumi.yaml").read_text().splitlines()
                              if l.startswith("name:"))
    extras = language == "python"
    s.notes["types"] = SEED_TYPES + (EXTRA_TYPES if extras else ())
    s.run("plugin", "install", "resource", "cognito", plugin_version, "--file", str(plugin_tgz))
    install_aws_standin(s, plugin_tgz)
    s.run("login", f"file://{s.state}")
    s.run("stack", "init", "dev")
    s.run("config", "set", "aws:region", REGION)
    for k, v in (("cognito:region", REGION), ("cognito:endpoint", moto.url), ("cognito:accessKey", "testing")):
        s.run("config", "set", k, v)
    s.run("config", "set", "--secret", "cognito:secretKey", "testing")
    s.notes["ids"] = ids = create_in_cognito(moto, extras)
    s.notes["inventory"] = moto.inventory()
    state = root / "pulumi-aws-state.json"
    # The new stack's own export gives the manifest and secrets provider; the resources are
    # pulumi-aws's.
    resources = aws_state("dev", s.notes["project"], ids, extras, protect_pool=language == "yaml")
    s.notes["staying"] = ()
    if language == "yaml":
        terms = deploy_terms(s, ids)
        pool_urn, client_urn = resources[2]["urn"], resources[3]["urn"]
        for r in terms:
            if r["type"] == "cognito:index:Terms":
                r["dependencies"] = [pool_urn, client_urn]
                r["propertyDependencies"] = {"userPoolId": [pool_urn], "clientId": [client_urn]}
        resources += terms
        s.notes["staying"] = ("Terms",)
    doc = s.export()
    doc["deployment"]["resources"] = resources
    state.write_text(json.dumps(doc))
    s.run("stack", "import", "--file", str(state))
    s.notes["binary"] = s.home / "plugins" / f"resource-cognito-v{plugin_version}" / "pulumi-resource-cognito"
    yield s


def migrate(s: Stack, *args: str) -> subprocess.CompletedProcess:
    """Runs the installed plugin binary's subcommand as a user does, logging like `Stack.run`."""
    cmd = [str(s.notes["binary"]), "migrate-from-aws", "--cwd", str(s.dir), *args]
    p = subprocess.run(cmd, env=s.env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900)
    s._log(cmd, p.returncode, 0.0, p.stdout, p.stderr)
    return p


def types_and_ids(s: Stack) -> list[tuple[str, str, str]]:
    return sorted((r["type"], r["urn"].rsplit("::", 1)[1], r.get("id", ""))
                  for r in s.export()["deployment"]["resources"] if r.get("custom"))


def cognito_sign_in(moto: Moto, ids: dict[str, str], user: str, password: str) -> dict[str, Any]:
    return moto.sign_in(ids["pool"], ids["client"], user, password, create=False)


@pytest.mark.steps
class TestMigrateFromAws:
    def test_01_the_before_stack_is_pulumi_aws(self, mig):
        types = {t for t, _, _ in types_and_ids(mig)}
        assert "pulumi:providers:aws" in types
        assert sorted(t.rsplit(":", 1)[1] for t in types if t.startswith("aws:cognito/")) == sorted(set(mig.notes["types"]))
        assert cognito_sign_in(mig.moto, mig.notes["ids"], END_USER, END_USER_PASSWORD)["AccessToken"]

    def test_02_changing_only_the_import_previews_deletes(self, mig):
        """The naive path: the example program (the seed with its import changed) on the live
        stack plans to delete every pulumi-aws Cognito resource and create new ones."""
        original = mig.notes["program"].read_text()
        try:
            mig.notes["program"].write_text(migrated_program(mig.language))
            p = mig.run("preview", "--json", check=False)
        finally:
            mig.notes["program"].write_text(original)
        preview = json.loads(p.stdout)
        ops = [(s["op"], s["urn"].split("::")[2]) for s in preview["steps"]]
        assert ("delete", "aws:cognito/userPool:UserPool") in ops, ops
        assert ("delete", "aws:cognito/user:User") in ops, ops
        assert ("create", "cognito:index:UserPool") in ops, ops
        assert len([o for o, _ in ops if o == "delete"]) == len(mig.notes["types"]), ops
        if mig.language == "yaml":
            # The protected pool: the engine refuses the deletion, the rest would go.
            errors = " ".join(d["message"] for d in preview.get("diagnostics", []) if d["severity"] == "error")
            assert p.returncode != 0 and "because it is protected" in errors, errors
        else:
            assert p.returncode == 0, p.stderr

    def test_03_help_and_dry_run_change_nothing(self, mig):
        h = subprocess.run([str(mig.notes["binary"]), "--help"], capture_output=True, text=True, timeout=60)
        assert h.returncode == 0 and "migrate-from-aws" in h.stdout, h
        before, program = types_and_ids(mig), mig.notes["program"].read_text()
        with recording(mig.moto) as calls:
            p = migrate(mig, "--dry-run")
        assert p.returncode == 0, p.stdout + p.stderr
        ids = mig.notes["ids"]
        assert f'"id": "{ids["pool"]}/{ids["client"]}"' in p.stdout, p.stdout
        assert f'"id": "{ids["pool"]},admins,{ADMIN}"' in p.stdout, p.stdout
        assert f"pulumi state delete 'urn:pulumi:dev::{mig.notes['project']}::pulumi:providers:aws::default_7_51_1' --yes" in p.stdout
        changed = {"python": "+ import pulumi_cognito as cognito", "yaml": "+     type: cognito:index:UserPool",
                   "typescript": f"+ {TS_IMPORT}"}[mig.language]
        assert changed in p.stdout, p.stdout
        assert "Dry run: nothing changed." in p.stdout
        assert types_and_ids(mig) == before
        assert mig.notes["program"].read_text() == program
        assert writes(calls) == [], calls

    def test_04_refuses_when_the_preview_would_not_be_clean(self, mig):
        """A program that declares a Cognito resource the stack does not have: the migrated
        preview would create it, so the command restores the state and the program."""
        original = mig.notes["program"].read_text()
        if mig.language == "python":
            extra = original + ('\nextra = aws.cognito.UserGroup("ai_training_extra", '
                                'user_pool_id=ai_training_user_pool.id, name="extra")\n')
        elif mig.language == "typescript":
            extra = original + ('\nnew aws.cognito.UserGroup("ai_training_extra", '
                                '{ userPoolId: aiTrainingUserPool.id, name: "extra" });\n')
        else:
            extra = original.replace("\n# Export the IDs", "\n  ai_training_extra:\n    type: aws:cognito/userGroup:UserGroup\n"
                                     "    properties:\n      userPoolId: ${ai_training_user_pool.id}\n      name: extra\n"
                                     "# Export the IDs")
            assert extra != original
        mig.notes["program"].write_text(extra)
        before = types_and_ids(mig)
        try:
            with recording(mig.moto) as calls:
                p = migrate(mig)
            assert p.returncode == 1, p.stdout + p.stderr
            assert "not clean" in p.stderr and "would create" in p.stderr, p.stderr
            assert "Restored" in p.stderr, p.stderr
            assert types_and_ids(mig) == before
            assert mig.notes["program"].read_text() == extra
            assert writes(calls) == [], calls
        finally:
            mig.notes["program"].write_text(original)

    def test_05_migrates_with_the_same_ids_and_no_aws_write(self, mig):
        ids = mig.notes["ids"]
        with recording(mig.moto) as calls:
            p = migrate(mig)
        assert p.returncode == 0, p.stdout + p.stderr
        assert "preview of the migrated program is clean" in p.stdout, p.stdout
        assert writes(calls) == [], calls
        assert mig.notes["program"].read_text() == migrated_program(mig.language)
        res = types_and_ids(mig)
        assert not [r for r in res if r[0].startswith(("aws:", "pulumi:providers:aws"))], res
        by_name = {name: (t, i) for t, name, i in res}
        assert by_name["ai_training_user_pool"] == ("cognito:index:UserPool", ids["pool"])
        assert by_name["ai_training_identity_pool"] == ("cognito:index:IdentityPool", ids["idpool"])
        assert by_name["ai_training_user_pool_client"][0] == "cognito:index:UserPoolClient"
        assert ids["client"] in by_name["ai_training_user_pool_client"][1]
        # Protection carries over (the YAML stack's pool is protected).
        protected = {r["urn"].rsplit("::", 1)[1] for r in mig.export()["deployment"]["resources"] if r.get("protect")}
        assert protected == ({"ai_training_user_pool"} if mig.language == "yaml" else set()), protected
        assert sorted(t for t, _ in by_name.values() if t.startswith("cognito:index:")) == sorted(
            f"cognito:index:{t}" for t in mig.notes["types"] + mig.notes["staying"])
        if mig.notes["staying"]:
            # The terms depended on the pulumi-aws pool and client: those edges were dropped.
            assert "no longer depends on" in p.stdout, p.stdout

    @pytest.mark.gate
    def test_06_up_keeps_every_user_and_writes_nothing(self, mig):
        ids = mig.notes["ids"]
        # The imported entries carry the inputs the program last set, so the first up after
        # the migration diffs the program against itself: nothing to write, and the admin's
        # changed password is not set back to the program's.
        with recording(mig.moto) as calls:
            up = mig.run("up", "--yes", "--skip-preview")
        assert writes(calls) == [], (calls, up.stdout[-3000:])
        last = mig.last_update()
        changes = {k: v for k, v in (last.get("resourceChanges") or {}).items() if v}
        assert set(changes) == {"same"}, (changes, up.stdout[-3000:])
        out = mig.outputs()
        assert (out["user_pool_id"], out["user_pool_client_id"], out["identity_pool_id"]) == (
            ids["pool"], ids["client"], ids["idpool"])
        assert mig.moto.inventory() == mig.notes["inventory"]
        for user, password in ((END_USER, END_USER_PASSWORD), (ADMIN, ADMIN_CHANGED_PASSWORD)):
            assert cognito_sign_in(mig.moto, ids, user, password)["AccessToken"], user
        groups = mig.moto.idp.admin_list_groups_for_user(UserPoolId=ids["pool"], Username=ADMIN)["Groups"]
        assert [g["GroupName"] for g in groups] == ["admins"]
        if mig.notes["staying"]:
            # The up recorded the terms' dependencies again, on the new pool and client.
            terms = next(r for r in mig.export()["deployment"]["resources"] if r["type"] == "cognito:index:Terms")
            assert sorted(u.split("::")[2] for u in terms["dependencies"]) == [
                "cognito:index:UserPool", "cognito:index:UserPoolClient"], terms["dependencies"]
        with recording(mig.moto) as calls:
            mig.run("up", "--yes", "--skip-preview")
        assert writes(calls) == [], calls
        last = mig.last_update()
        changes = {k: v for k, v in (last.get("resourceChanges") or {}).items() if v}
        assert set(changes) == {"same"}, changes
