// Sign-in for an AI training platform in one secure-by-default component. Node finds the
// packages in examples/typescript/node_modules (examples/prepare.sh typescript).
import * as cognito from "@pulumi-cognito/cognito";

const auth = new cognito.AppAuth("training", {
    webClient: { callbackUrls: ["https://app.training.example.com/callback"] },
    apiScopes: { "jobs.read": "Read training jobs", "jobs.write": "Submit training jobs" },
    machineClients: { scheduler: ["jobs.read", "jobs.write"] },
    domainPrefix: "training-login",
    groups: { admins: { precedence: 1, roleArn: "arn:aws:iam::123456789012:role/training-admins" } },
    identityPool: { authenticatedRoleArn: "arn:aws:iam::123456789012:role/training-users" },
});

export const issuerUrl = auth.issuerUrl;
export const hostedLoginUrl = auth.hostedLoginUrl;
export const webClientId = auth.webClientId;
export const machineClients = auth.machineClients;
