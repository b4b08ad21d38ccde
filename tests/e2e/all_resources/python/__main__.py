"""Every pulumi-cognito resource in one rich configuration: the Python twin of
tests/e2e/all_resources/yaml/Pulumi.yaml (tests/e2e/test_all_resources.py runs both)."""

import base64
import json

import pulumi
import pulumi_cognito as cognito

config = pulumi.Config()
# The in-place update step: `pulumi config set researchersPrecedence 5`.
researchers_precedence = config.get_int("researchersPrecedence") or 10

pool = cognito.UserPool("pool",
    password_policy={
        "minimum_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": True,
        "require_uppercase": True,
        "temporary_password_validity_days": 3,
    },
    auto_verified_attributes=["email"],
    schemas=[{
        "name": "team",
        "attribute_data_type": "String",
        "mutable": True,
        "string_attribute_constraints": {"min_length": "1", "max_length": "64"},
    }],
    tags={"project": "ai-training"})

web_client = cognito.UserPoolClient("webClient",
    user_pool_id=pool.id,
    explicit_auth_flows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    generate_secret=True,
    allowed_oauth_flows=["code"],
    allowed_oauth_flows_user_pool_client=True,
    allowed_oauth_scopes=["openid", "email"],
    callback_urls=["https://app.example.com/callback"],
    supported_identity_providers=["COGNITO"])

identities = cognito.IdentityPool("identities",
    identity_pool_name="all_resources_identities",
    allow_unauthenticated_identities=False,
    cognito_identity_providers=[{"client_id": web_client.id, "provider_name": pool.endpoint}])

login_domain = cognito.UserPoolDomain("loginDomain",
    user_pool_id=pool.id, domain="all-resources-login", managed_login_version=2)

training_api = cognito.ResourceServer("trainingApi",
    user_pool_id=pool.id,
    identifier="https://api.training.example.com",
    name="training-api",
    scopes=[
        {"scope_name": "jobs.read", "scope_description": "Read training jobs"},
        {"scope_name": "jobs.write", "scope_description": "Submit training jobs"},
    ])

corp_oidc = cognito.IdentityProvider("corpOidc",
    user_pool_id=pool.id,
    provider_name="CorpOIDC",
    provider_type="OIDC",
    provider_details={
        "client_id": "corp-client",
        "client_secret": "corp-s3cr3t",
        "attributes_request_method": "GET",
        "oidc_issuer": "https://login.example.com",
        "authorize_scopes": "openid email profile",
    },
    attribute_mapping={"email": "email"},
    idp_identifiers=["example.com"])

google = cognito.IdentityProvider("google",
    user_pool_id=pool.id,
    provider_name="Google",
    provider_type="Google",
    provider_details={
        "client_id": "1234567890-abc.apps.googleusercontent.com",
        "client_secret": "google-s3cr3t",
        "authorize_scopes": "openid email profile",
    })

admins = cognito.UserGroup("adminsGroup",
    user_pool_id=pool.id, name="admins", description="Platform administrators", precedence=1,
    role_arn="arn:aws:iam::123456789012:role/training-admins")

researchers = cognito.UserGroup("researchersGroup",
    user_pool_id=pool.id, name="researchers", description="ML researchers",
    precedence=researchers_precedence,
    role_arn="arn:aws:iam::123456789012:role/training-researchers")

break_glass = cognito.User("breakGlassUser",
    user_pool_id=pool.id,
    username="breakglass",
    password="Break-Glass-42x",
    message_action="SUPPRESS",
    desired_delivery_mediums=["EMAIL"],
    attributes={"email": "ops@example.com", "email_verified": "true", "team": "ops"})

new_hire = cognito.User("newHireUser",
    user_pool_id=pool.id, username="new-hire", temporary_password="Temp-Pass-123x",
    message_action="SUPPRESS", enabled=False)

cognito.UserInGroup("breakGlassIsAdmin",
    user_pool_id=pool.id, group_name=admins.name, username=break_glass.username)
cognito.UserInGroup("newHireIsResearcher",
    user_pool_id=pool.id, group_name=researchers.name, username=new_hire.username)

cognito.IdentityPoolRoleAttachment("roleAttachment",
    identity_pool_id=identities.id,
    roles={
        "authenticated": "arn:aws:iam::123456789012:role/training-users",
        "unauthenticated": "arn:aws:iam::123456789012:role/training-guests",
    },
    role_mappings=[{
        "identity_provider": pulumi.Output.concat(pool.endpoint, ":", web_client.id),
        "type": "Rules",
        "ambiguous_role_resolution": "AuthenticatedRole",
        "mapping_rules": [
            {"claim": "cognito:groups", "match_type": "Contains", "value": "admins",
             "role_arn": "arn:aws:iam::123456789012:role/training-admins"},
            {"claim": "cognito:groups", "match_type": "Contains", "value": "researchers",
             "role_arn": "arn:aws:iam::123456789012:role/training-researchers"},
        ],
    }])

cognito.IdentityPoolProviderPrincipalTag("principalTags",
    identity_pool_id=identities.id,
    identity_provider_name=pool.endpoint,
    use_defaults=False,
    principal_tags={"team": "custom:team", "user": "sub"})

logo = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0972d3"/></svg>'
branding = cognito.ManagedLoginBranding("branding",
    user_pool_id=pool.id,
    client_id=web_client.id,
    settings=json.dumps({
        "components": {"pageBackground": {"lightMode": {"color": "f2f8fdff"}}},
        "componentClasses": {"buttons": {"borderRadius": 8}},
    }),
    assets=[{
        "category": "PAGE_HEADER_LOGO",
        "color_mode": "LIGHT",
        "extension": "SVG",
        "bytes": base64.b64encode(logo.encode()).decode(),
    }])

terms = cognito.Terms("termsOfUse",
    user_pool_id=pool.id,
    client_id=web_client.id,
    terms_name="terms-of-use",
    links={"cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es/terms"})

# The classic hosted UI's look, for the whole pool and for the web client (both need the domain).
cognito.UserPoolUICustomization("uiAll",
    user_pool_id=login_domain.user_pool_id,
    css=".banner-customizable { background-color: #123456; }",
    image_file="iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMQMgn7DwAClAGcHVtGXwAAAABJRU5ErkJggg==")
cognito.UserPoolUICustomization("uiWeb",
    user_pool_id=login_domain.user_pool_id,
    client_id=web_client.id,
    css=".submitButton-customizable { background-color: #0a7d2c; }")

# Plays the client another service creates in the pool (OpenSearch's
# AmazonOpenSearchService-*): only a name and a secret, the settings left to the
# ManagedUserPoolClient below, which adopts it after it exists (depends_on).
service_client = cognito.UserPoolClient("serviceClient",
    user_pool_id=pool.id,
    name="AmazonOpenSearchService-all-resources",
    generate_secret=True)
search_client = cognito.ManagedUserPoolClient("searchClient",
    user_pool_id=pool.id,
    name_pattern="^AmazonOpenSearchService-",
    allowed_oauth_flows_user_pool_client=True,
    allowed_oauth_flows=["code"],
    allowed_oauth_scopes=["openid", "email", "profile"],
    callback_urls=["https://search.example.com/_dashboards/app/home"],
    logout_urls=["https://search.example.com/_dashboards/logout"],
    supported_identity_providers=["COGNITO"],
    explicit_auth_flows=["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    access_token_validity=30,
    token_validity_units={"access_token": "minutes"},
    prevent_user_existence_errors="ENABLED",
    enable_token_revocation=True,
    opts=pulumi.ResourceOptions(depends_on=[service_client]))
# Threat protection and log delivery need the Plus feature plan: a pool of their own.
threat_pool = cognito.UserPool("threatPool",
    user_pool_tier="PLUS",
    user_pool_add_ons={"advanced_security_mode": "ENFORCED"})
threat_client = cognito.UserPoolClient("threatClient",
    user_pool_id=threat_pool.id,
    explicit_auth_flows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
cognito.RiskConfiguration("riskPool",
    user_pool_id=threat_pool.id,
    account_takeover_risk_configuration={
        "actions": {
            "high_action": {"event_action": "BLOCK", "notify": True},
            "medium_action": {"event_action": "MFA_REQUIRED", "notify": True},
            "low_action": {"event_action": "MFA_IF_CONFIGURED", "notify": False},
        },
        "notify_configuration": {
            "source_arn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
            "from_": "security@example.com",
            "reply_to": "help@example.com",
            "block_email": {
                "subject": "Sign-in blocked",
                "html_body": "<p>We blocked a risky sign-in.</p>",
                "text_body": "We blocked a risky sign-in.",
            },
            "mfa_email": {"subject": "Confirm your sign-in", "text_body": "Confirm that it was you."},
        },
    },
    # event_filters left out: AWS fills in all three events, which is no drift.
    compromised_credentials_risk_configuration={"actions": {"event_action": "BLOCK"}},
    risk_exception_configuration={
        "blocked_ip_range_lists": ["198.51.100.0/24", "192.0.2.0/24"],
        "skipped_ip_range_lists": ["10.0.0.0/8", "2001:db8::/32"],
    })
cognito.RiskConfiguration("riskClient",
    user_pool_id=threat_pool.id,
    client_id=threat_client.id,
    compromised_credentials_risk_configuration={
        "actions": {"event_action": "NO_ACTION"},
        "event_filters": ["SIGN_UP", "PASSWORD_CHANGE"],
    })
cognito.LogDeliveryConfiguration("logDelivery",
    user_pool_id=threat_pool.id,
    log_configurations=[
        {
            "event_source": "userNotification",
            "log_level": "ERROR",
            "cloud_watch_logs_configuration": {
                "log_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/all-resources",
            },
        },
        {
            "event_source": "userAuthEvents",
            "log_level": "INFO",
            "s3_configuration": {"bucket_arn": "arn:aws:s3:::all-resources-cognito-logs"},
        },
    ])

pulumi.export("user_pool_id", pool.id)
pulumi.export("client_id", web_client.id)
pulumi.export("identity_pool_id", identities.id)
pulumi.export("scopes", training_api.scope_identifiers)
pulumi.export("break_glass_sub", break_glass.sub)
pulumi.export("branding_id", branding.managed_login_branding_id)
pulumi.export("terms_id", terms.terms_id)
pulumi.export("service_client_id", service_client.id)
pulumi.export("search_client_id", search_client.id)
pulumi.export("search_client_name", search_client.name)
# Functions (Invoke) looking up the stack's own resources: the results equal their outputs.
pulumi.export("pool_arn", pool.arn)
pulumi.export("looked_up_pool_arn", cognito.get_user_pool_output(user_pool_id=pool.id).arn)
# The client's pool id (the pool's): the lookup waits for the client.
pulumi.export("pool_client_ids",
              cognito.get_user_pool_clients_output(user_pool_id=web_client.user_pool_id).client_ids)
pulumi.export("threat_pool_id", threat_pool.id)
pulumi.export("threat_client_id", threat_client.id)
