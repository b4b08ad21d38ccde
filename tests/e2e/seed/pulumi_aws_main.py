"""The auth stack of an AI training platform: a Cognito user pool, a client, an identity pool,
groups with IAM roles, an administrator, the identity pool's role mapping, and a hosted
sign-in domain with a resource server and a machine-to-machine client."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
# The password policy's minimum length (`pulumi config set minLength 12` to change it).
min_length = config.get_int("minLength") or 8

# Create a Cognito User Pool
ai_training_user_pool = aws.cognito.UserPool("ai_training_user_pool",
    password_policy=aws.cognito.UserPoolPasswordPolicyArgs(
        minimum_length=min_length,
        require_lowercase=True,
        require_numbers=True,
        require_symbols=True,
        require_uppercase=True,
    ))

# Create a Cognito User Pool Client
ai_training_user_pool_client = aws.cognito.UserPoolClient("ai_training_user_pool_client",
    user_pool_id=ai_training_user_pool.id,
    explicit_auth_flows=["ADMIN_NO_SRP_AUTH"],
    generate_secret=True)

# Create a Cognito Identity Pool
ai_training_identity_pool = aws.cognito.IdentityPool("ai_training_identity_pool",
    identity_pool_name="ai_training_identity_pool",
    allow_unauthenticated_identities=False,
    cognito_identity_providers=[aws.cognito.IdentityPoolCognitoIdentityProviderArgs(
        client_id=ai_training_user_pool_client.id,
        provider_name=ai_training_user_pool.endpoint,
    )])

# Groups with IAM roles: the identity pool maps them to AWS credentials
ai_training_admins = aws.cognito.UserGroup("ai_training_admins",
    user_pool_id=ai_training_user_pool.id,
    name="admins",
    description="Platform administrators",
    precedence=1,
    role_arn="arn:aws:iam::123456789012:role/ai-training-admins")
ai_training_researchers = aws.cognito.UserGroup("ai_training_researchers",
    user_pool_id=ai_training_user_pool.id,
    name="researchers",
    description="ML researchers",
    precedence=10,
    role_arn="arn:aws:iam::123456789012:role/ai-training-researchers")

# A break-glass administrator in the admins group
ai_training_platform_admin = aws.cognito.User("ai_training_platform_admin",
    user_pool_id=ai_training_user_pool.id,
    username="platform-admin",
    password=config.get_secret("adminPassword") or "Platform-Admin-42!",
    message_action="SUPPRESS")
ai_training_platform_admin_membership = aws.cognito.UserInGroup("ai_training_platform_admin_membership",
    user_pool_id=ai_training_user_pool.id,
    group_name=ai_training_admins.name,
    username=ai_training_platform_admin.username)

# Signed-in users get AWS credentials: each group its own role, everyone else the default
ai_training_identity_pool_roles = aws.cognito.IdentityPoolRoleAttachment("ai_training_identity_pool_roles",
    identity_pool_id=ai_training_identity_pool.id,
    roles={"authenticated": "arn:aws:iam::123456789012:role/ai-training-users"},
    role_mappings=[aws.cognito.IdentityPoolRoleAttachmentRoleMappingArgs(
        identity_provider=pulumi.Output.concat(ai_training_user_pool.endpoint, ":", ai_training_user_pool_client.id),
        type="Rules",
        ambiguous_role_resolution="AuthenticatedRole",
        mapping_rules=[
            aws.cognito.IdentityPoolRoleAttachmentRoleMappingMappingRuleArgs(
                claim="cognito:groups",
                match_type="Contains",
                value="admins",
                role_arn=ai_training_admins.role_arn,
            ),
            aws.cognito.IdentityPoolRoleAttachmentRoleMappingMappingRuleArgs(
                claim="cognito:groups",
                match_type="Contains",
                value="researchers",
                role_arn=ai_training_researchers.role_arn,
            ),
        ],
    )])

# Hosted sign-in pages and the OAuth endpoints on a prefix domain (unique per stack)
ai_training_domain = aws.cognito.UserPoolDomain("ai_training_domain",
    user_pool_id=ai_training_user_pool.id,
    domain=f"ai-training-{pulumi.get_stack()}")

# The training API, with the two scopes machine clients ask for
ai_training_api = aws.cognito.ResourceServer("ai_training_api",
    user_pool_id=ai_training_user_pool.id,
    identifier="https://api.ai-training.example.com",
    name="training-api",
    scopes=[
        aws.cognito.ResourceServerScopeArgs(scope_name="jobs.read", scope_description="Read training jobs"),
        aws.cognito.ResourceServerScopeArgs(scope_name="jobs.write", scope_description="Submit training jobs"),
    ])

# The training scheduler signs in as itself (machine to machine: the client-credentials flow)
ai_training_scheduler_client = aws.cognito.UserPoolClient("ai_training_scheduler_client",
    user_pool_id=ai_training_user_pool.id,
    name="training-scheduler",
    generate_secret=True,
    allowed_oauth_flows_user_pool_client=True,
    allowed_oauth_flows=["client_credentials"],
    allowed_oauth_scopes=ai_training_api.scope_identifiers)

# Export the IDs of the resources
pulumi.export("user_pool_id", ai_training_user_pool.id)
pulumi.export("user_pool_client_id", ai_training_user_pool_client.id)
pulumi.export("identity_pool_id", ai_training_identity_pool.id)
pulumi.export("scheduler_client_id", ai_training_scheduler_client.id)
pulumi.export("domain", ai_training_domain.domain)
