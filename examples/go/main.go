// The auth stack of an AI training platform: a Cognito user pool, a client, an identity pool,
// groups with IAM roles, an administrator, the identity pool's role mapping, and a hosted
// sign-in domain with a resource server and a machine-to-machine client.
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The password policy's minimum length (`pulumi config set minLength 12` to change it).
		minLength := config.GetInt(ctx, "minLength")
		if minLength == 0 {
			minLength = 8
		}
		// The administrator's password (`pulumi config set --secret adminPassword ...`).
		adminPassword := config.GetSecret(ctx, "adminPassword").ApplyT(func(p string) string {
			if p == "" {
				return "Platform-Admin-42!"
			}
			return p
		}).(pulumi.StringOutput)

		// Create a Cognito User Pool
		aiTrainingUserPool, err := cognito.NewUserPool(ctx, "ai_training_user_pool", &cognito.UserPoolArgs{
			PasswordPolicy: &cognito.UserPoolPasswordPolicyArgs{
				MinimumLength:    pulumi.Int(minLength),
				RequireLowercase: pulumi.Bool(true),
				RequireNumbers:   pulumi.Bool(true),
				RequireSymbols:   pulumi.Bool(true),
				RequireUppercase: pulumi.Bool(true),
			},
		})
		if err != nil {
			return err
		}

		// Create a Cognito User Pool Client
		aiTrainingUserPoolClient, err := cognito.NewUserPoolClient(ctx, "ai_training_user_pool_client", &cognito.UserPoolClientArgs{
			UserPoolId:        aiTrainingUserPool.ID(),
			ExplicitAuthFlows: pulumi.StringArray{pulumi.String("ADMIN_NO_SRP_AUTH")},
			GenerateSecret:    pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		// Create a Cognito Identity Pool
		aiTrainingIdentityPool, err := cognito.NewIdentityPool(ctx, "ai_training_identity_pool", &cognito.IdentityPoolArgs{
			IdentityPoolName:               pulumi.String("ai_training_identity_pool"),
			AllowUnauthenticatedIdentities: pulumi.Bool(false),
			CognitoIdentityProviders: cognito.IdentityPoolCognitoIdentityProviderArray{
				&cognito.IdentityPoolCognitoIdentityProviderArgs{
					ClientId:     aiTrainingUserPoolClient.ID(),
					ProviderName: aiTrainingUserPool.Endpoint,
				},
			},
		})
		if err != nil {
			return err
		}

		// Groups with IAM roles: the identity pool maps them to AWS credentials
		aiTrainingAdmins, err := cognito.NewUserGroup(ctx, "ai_training_admins", &cognito.UserGroupArgs{
			UserPoolId:  aiTrainingUserPool.ID(),
			Name:        pulumi.String("admins"),
			Description: pulumi.String("Platform administrators"),
			Precedence:  pulumi.Int(1),
			RoleArn:     pulumi.String("arn:aws:iam::123456789012:role/ai-training-admins"),
		})
		if err != nil {
			return err
		}
		aiTrainingResearchers, err := cognito.NewUserGroup(ctx, "ai_training_researchers", &cognito.UserGroupArgs{
			UserPoolId:  aiTrainingUserPool.ID(),
			Name:        pulumi.String("researchers"),
			Description: pulumi.String("ML researchers"),
			Precedence:  pulumi.Int(10),
			RoleArn:     pulumi.String("arn:aws:iam::123456789012:role/ai-training-researchers"),
		})
		if err != nil {
			return err
		}

		// A break-glass administrator in the admins group
		aiTrainingPlatformAdmin, err := cognito.NewUser(ctx, "ai_training_platform_admin", &cognito.UserArgs{
			UserPoolId:    aiTrainingUserPool.ID(),
			Username:      pulumi.String("platform-admin"),
			Password:      adminPassword,
			MessageAction: pulumi.String("SUPPRESS"),
		})
		if err != nil {
			return err
		}
		_, err = cognito.NewUserInGroup(ctx, "ai_training_platform_admin_membership", &cognito.UserInGroupArgs{
			UserPoolId: aiTrainingUserPool.ID(),
			GroupName:  aiTrainingAdmins.Name,
			Username:   aiTrainingPlatformAdmin.Username,
		})
		if err != nil {
			return err
		}

		// Signed-in users get AWS credentials: each group its own role, everyone else the default
		_, err = cognito.NewIdentityPoolRoleAttachment(ctx, "ai_training_identity_pool_roles", &cognito.IdentityPoolRoleAttachmentArgs{
			IdentityPoolId: aiTrainingIdentityPool.ID(),
			Roles: pulumi.StringMap{
				"authenticated": pulumi.String("arn:aws:iam::123456789012:role/ai-training-users"),
			},
			RoleMappings: cognito.IdentityPoolRoleAttachmentRoleMappingArray{
				&cognito.IdentityPoolRoleAttachmentRoleMappingArgs{
					IdentityProvider:        pulumi.Sprintf("%s:%s", aiTrainingUserPool.Endpoint, aiTrainingUserPoolClient.ID()),
					Type:                    pulumi.String("Rules"),
					AmbiguousRoleResolution: pulumi.String("AuthenticatedRole"),
					MappingRules: cognito.IdentityPoolRoleAttachmentRoleMappingMappingRuleArray{
						&cognito.IdentityPoolRoleAttachmentRoleMappingMappingRuleArgs{
							Claim:     pulumi.String("cognito:groups"),
							MatchType: pulumi.String("Contains"),
							Value:     pulumi.String("admins"),
							RoleArn:   aiTrainingAdmins.RoleArn.Elem(),
						},
						&cognito.IdentityPoolRoleAttachmentRoleMappingMappingRuleArgs{
							Claim:     pulumi.String("cognito:groups"),
							MatchType: pulumi.String("Contains"),
							Value:     pulumi.String("researchers"),
							RoleArn:   aiTrainingResearchers.RoleArn.Elem(),
						},
					},
				},
			},
		})
		if err != nil {
			return err
		}

		// Hosted sign-in pages and the OAuth endpoints on a prefix domain (unique per stack)
		aiTrainingDomain, err := cognito.NewUserPoolDomain(ctx, "ai_training_domain", &cognito.UserPoolDomainArgs{
			UserPoolId: aiTrainingUserPool.ID(),
			Domain:     pulumi.String("ai-training-" + ctx.Stack()),
		})
		if err != nil {
			return err
		}

		// The training API, with the two scopes machine clients ask for
		aiTrainingApi, err := cognito.NewResourceServer(ctx, "ai_training_api", &cognito.ResourceServerArgs{
			UserPoolId: aiTrainingUserPool.ID(),
			Identifier: pulumi.String("https://api.ai-training.example.com"),
			Name:       pulumi.String("training-api"),
			Scopes: cognito.ResourceServerScopeArray{
				&cognito.ResourceServerScopeArgs{ScopeName: pulumi.String("jobs.read"), ScopeDescription: pulumi.String("Read training jobs")},
				&cognito.ResourceServerScopeArgs{ScopeName: pulumi.String("jobs.write"), ScopeDescription: pulumi.String("Submit training jobs")},
			},
		})
		if err != nil {
			return err
		}

		// The training scheduler signs in as itself (machine to machine: the client-credentials flow)
		aiTrainingSchedulerClient, err := cognito.NewUserPoolClient(ctx, "ai_training_scheduler_client", &cognito.UserPoolClientArgs{
			UserPoolId:                      aiTrainingUserPool.ID(),
			Name:                            pulumi.String("training-scheduler"),
			GenerateSecret:                  pulumi.Bool(true),
			AllowedOauthFlowsUserPoolClient: pulumi.Bool(true),
			AllowedOauthFlows:               pulumi.StringArray{pulumi.String("client_credentials")},
			AllowedOauthScopes:              aiTrainingApi.ScopeIdentifiers,
		})
		if err != nil {
			return err
		}

		// Export the IDs of the resources
		ctx.Export("user_pool_id", aiTrainingUserPool.ID())
		ctx.Export("user_pool_client_id", aiTrainingUserPoolClient.ID())
		ctx.Export("identity_pool_id", aiTrainingIdentityPool.ID())
		ctx.Export("scheduler_client_id", aiTrainingSchedulerClient.ID())
		ctx.Export("domain", aiTrainingDomain.Domain)
		return nil
	})
}
