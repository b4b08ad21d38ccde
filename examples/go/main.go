// The auth stack of an AI training platform: a Cognito user pool, a client and an identity pool.
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

		// Export the IDs of the resources
		ctx.Export("user_pool_id", aiTrainingUserPool.ID())
		ctx.Export("user_pool_client_id", aiTrainingUserPoolClient.ID())
		ctx.Export("identity_pool_id", aiTrainingIdentityPool.ID())
		return nil
	})
}
