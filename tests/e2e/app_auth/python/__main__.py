"""The AppAuth component in a rich configuration: the Python twin of
tests/e2e/app_auth/yaml/Pulumi.yaml (tests/e2e/test_app_auth.py runs both)."""

import pulumi
import pulumi_cognito as cognito

config = pulumi.Config()
groups = {
    "admins": {"precedence": 1, "role_arn": "arn:aws:iam::123456789012:role/training-admins"},
    "researchers": {
        # The in-place update step: `pulumi config set researchersPrecedence 5`.
        "precedence": config.get_int("researchersPrecedence") or 10,
        "role_arn": "arn:aws:iam::123456789012:role/training-researchers",
        "description": "ML researchers",
    },
}

auth = cognito.AppAuth("auth",
    web_client={
        "callback_urls": ["https://app.training.example.com/callback"],
        "logout_urls": ["https://app.training.example.com/"],
    },
    api_identifier="https://api.training.example.com",
    api_scopes={"jobs.read": "Read training jobs", "jobs.write": "Submit training jobs"},
    machine_clients={"trainer": ["jobs.read", "jobs.write"], "reporter": ["jobs.read"]},
    # The failure step moves the domain to a prefix another pool holds.
    domain_prefix=config.get("domainPrefix") or "training-login",
    groups=groups,
    identity_pool={"authenticated_role_arn": "arn:aws:iam::123456789012:role/training-users"},
    deletion_protection="INACTIVE",
    user_pool_args={"tags": {"project": "ai-training"}})

pulumi.export("user_pool_id", auth.user_pool_id)
pulumi.export("user_pool_arn", auth.user_pool_arn)
pulumi.export("issuer_url", auth.issuer_url)
pulumi.export("jwks_url", auth.jwks_url)
pulumi.export("openid_configuration_url", auth.openid_configuration_url)
pulumi.export("hosted_login_url", auth.hosted_login_url)
pulumi.export("web_client_id", auth.web_client_id)
pulumi.export("identity_pool_id", auth.identity_pool_id)
pulumi.export("machine_clients", auth.machine_clients)
# The children themselves, as resources of the program.
pulumi.export("pool_name", auth.user_pool.name)
pulumi.export("web_client_name", auth.web_client.name)
