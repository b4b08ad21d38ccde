"""The auth stack of an AI training platform: a Cognito user pool, a client and an identity pool."""

import pulumi
import pulumi_cognito as cognito

config = pulumi.Config()
# The password policy's minimum length (`pulumi config set minLength 12` to change it).
min_length = config.get_int("minLength") or 8

# Create a Cognito User Pool
ai_training_user_pool = cognito.UserPool("ai_training_user_pool",
    password_policy=cognito.UserPoolPasswordPolicyArgs(
        minimum_length=min_length,
        require_lowercase=True,
        require_numbers=True,
        require_symbols=True,
        require_uppercase=True,
    ))

# Create a Cognito User Pool Client
ai_training_user_pool_client = cognito.UserPoolClient("ai_training_user_pool_client",
    user_pool_id=ai_training_user_pool.id,
    explicit_auth_flows=["ADMIN_NO_SRP_AUTH"],
    generate_secret=True)

# Create a Cognito Identity Pool
ai_training_identity_pool = cognito.IdentityPool("ai_training_identity_pool",
    identity_pool_name="ai_training_identity_pool",
    allow_unauthenticated_identities=False,
    cognito_identity_providers=[cognito.IdentityPoolCognitoIdentityProviderArgs(
        client_id=ai_training_user_pool_client.id,
        provider_name=ai_training_user_pool.endpoint,
    )])

# Export the IDs of the resources
pulumi.export("user_pool_id", ai_training_user_pool.id)
pulumi.export("user_pool_client_id", ai_training_user_pool_client.id)
pulumi.export("identity_pool_id", ai_training_identity_pool.id)
