"""Sign-in for an AI training platform: a user pool, a web client, a machine client for the
training jobs' API, a hosted login, groups and AWS credentials, in one secure-by-default component."""

import pulumi
import pulumi_cognito as cognito

auth = cognito.AppAuth("training",
    web_client={"callback_urls": ["https://app.training.example.com/callback"]},
    api_scopes={"jobs.read": "Read training jobs", "jobs.write": "Submit training jobs"},
    machine_clients={"scheduler": ["jobs.read", "jobs.write"]},
    domain_prefix="training-login",
    groups={"admins": {"precedence": 1, "role_arn": "arn:aws:iam::123456789012:role/training-admins"}},
    identity_pool={"authenticated_role_arn": "arn:aws:iam::123456789012:role/training-users"})

pulumi.export("issuer_url", auth.issuer_url)
pulumi.export("hosted_login_url", auth.hosted_login_url)
pulumi.export("web_client_id", auth.web_client_id)
pulumi.export("machine_clients", auth.machine_clients)
