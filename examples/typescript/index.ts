// The auth stack of an AI training platform: a Cognito user pool, a client, an identity pool,
// groups with IAM roles, an administrator, the identity pool's role mapping, and a hosted
// sign-in domain with a resource server and a machine-to-machine client.
import * as pulumi from "@pulumi/pulumi";
import * as cognito from "@pulumi-cognito/cognito";

const config = new pulumi.Config();
// The password policy's minimum length (`pulumi config set minLength 12` to change it).
const minLength = config.getNumber("minLength") ?? 8;
// The administrator's password (`pulumi config set --secret adminPassword ...`).
const adminPassword = config.getSecret("adminPassword") ?? "Platform-Admin-42!";

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

// Groups with IAM roles: the identity pool maps them to AWS credentials
const aiTrainingAdmins = new cognito.UserGroup("ai_training_admins", {
    userPoolId: aiTrainingUserPool.id,
    name: "admins",
    description: "Platform administrators",
    precedence: 1,
    roleArn: "arn:aws:iam::123456789012:role/ai-training-admins",
});
const aiTrainingResearchers = new cognito.UserGroup("ai_training_researchers", {
    userPoolId: aiTrainingUserPool.id,
    name: "researchers",
    description: "ML researchers",
    precedence: 10,
    roleArn: "arn:aws:iam::123456789012:role/ai-training-researchers",
});

// A break-glass administrator in the admins group
const aiTrainingPlatformAdmin = new cognito.User("ai_training_platform_admin", {
    userPoolId: aiTrainingUserPool.id,
    username: "platform-admin",
    password: adminPassword,
    messageAction: "SUPPRESS",
});
new cognito.UserInGroup("ai_training_platform_admin_membership", {
    userPoolId: aiTrainingUserPool.id,
    groupName: aiTrainingAdmins.name,
    username: aiTrainingPlatformAdmin.username,
});

// Signed-in users get AWS credentials: each group its own role, everyone else the default
new cognito.IdentityPoolRoleAttachment("ai_training_identity_pool_roles", {
    identityPoolId: aiTrainingIdentityPool.id,
    roles: { authenticated: "arn:aws:iam::123456789012:role/ai-training-users" },
    roleMappings: [{
        identityProvider: pulumi.interpolate`${aiTrainingUserPool.endpoint}:${aiTrainingUserPoolClient.id}`,
        type: "Rules",
        ambiguousRoleResolution: "AuthenticatedRole",
        mappingRules: [
            { claim: "cognito:groups", matchType: "Contains", value: "admins", roleArn: aiTrainingAdmins.roleArn.apply(a => a ?? "") },
            { claim: "cognito:groups", matchType: "Contains", value: "researchers", roleArn: aiTrainingResearchers.roleArn.apply(a => a ?? "") },
        ],
    }],
});

// Hosted sign-in pages and the OAuth endpoints on a prefix domain (unique per stack)
const aiTrainingDomain = new cognito.UserPoolDomain("ai_training_domain", {
    userPoolId: aiTrainingUserPool.id,
    domain: `ai-training-${pulumi.getStack()}`,
});

// The training API, with the two scopes machine clients ask for
const aiTrainingApi = new cognito.ResourceServer("ai_training_api", {
    userPoolId: aiTrainingUserPool.id,
    identifier: "https://api.ai-training.example.com",
    name: "training-api",
    scopes: [
        { scopeName: "jobs.read", scopeDescription: "Read training jobs" },
        { scopeName: "jobs.write", scopeDescription: "Submit training jobs" },
    ],
});

// The training scheduler signs in as itself (machine to machine: the client-credentials flow)
const aiTrainingSchedulerClient = new cognito.UserPoolClient("ai_training_scheduler_client", {
    userPoolId: aiTrainingUserPool.id,
    name: "training-scheduler",
    generateSecret: true,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["client_credentials"],
    allowedOauthScopes: aiTrainingApi.scopeIdentifiers,
});

// Export the IDs of the resources
export const user_pool_id = aiTrainingUserPool.id;
export const user_pool_client_id = aiTrainingUserPoolClient.id;
export const identity_pool_id = aiTrainingIdentityPool.id;
export const scheduler_client_id = aiTrainingSchedulerClient.id;
export const domain = aiTrainingDomain.domain;
