// The auth stack of an AI training platform: a Cognito user pool, a client and an identity pool.
import * as pulumi from "@pulumi/pulumi";
import * as cognito from "@pulumi-cognito/cognito";

const config = new pulumi.Config();
// The password policy's minimum length (`pulumi config set minLength 12` to change it).
const minLength = config.getNumber("minLength") ?? 8;

// Create a Cognito User Pool
const aiTrainingUserPool = new cognito.UserPool("ai_training_user_pool", {
    passwordPolicy: {
        minimumLength: minLength,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: true,
        requireUppercase: true,
    },
});

// Create a Cognito User Pool Client
const aiTrainingUserPoolClient = new cognito.UserPoolClient("ai_training_user_pool_client", {
    userPoolId: aiTrainingUserPool.id,
    explicitAuthFlows: ["ADMIN_NO_SRP_AUTH"],
    generateSecret: true,
});

// Create a Cognito Identity Pool
const aiTrainingIdentityPool = new cognito.IdentityPool("ai_training_identity_pool", {
    identityPoolName: "ai_training_identity_pool",
    allowUnauthenticatedIdentities: false,
    cognitoIdentityProviders: [{
        clientId: aiTrainingUserPoolClient.id,
        providerName: aiTrainingUserPool.endpoint,
    }],
});

// Export the IDs of the resources
export const user_pool_id = aiTrainingUserPool.id;
export const user_pool_client_id = aiTrainingUserPoolClient.id;
export const identity_pool_id = aiTrainingIdentityPool.id;
