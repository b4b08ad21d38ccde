// Sign-in for an AI training platform in one secure-by-default component.
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		auth, err := cognito.NewAppAuth(ctx, "training", &cognito.AppAuthArgs{
			WebClient: &cognito.AppAuthWebClientArgs{
				CallbackUrls: pulumi.StringArray{pulumi.String("https://app.training.example.com/callback")},
			},
			ApiScopes: pulumi.StringMap{
				"jobs.read":  pulumi.String("Read training jobs"),
				"jobs.write": pulumi.String("Submit training jobs"),
			},
			MachineClients: pulumi.StringArrayMap{
				"scheduler": pulumi.StringArray{pulumi.String("jobs.read"), pulumi.String("jobs.write")},
			},
			DomainPrefix: pulumi.String("training-login"),
			Groups: cognito.AppAuthGroupMap{
				"admins": cognito.AppAuthGroupArgs{
					Precedence: pulumi.Int(1),
					RoleArn:    pulumi.String("arn:aws:iam::123456789012:role/training-admins"),
				},
			},
			IdentityPool: &cognito.AppAuthIdentityPoolArgs{
				AuthenticatedRoleArn: pulumi.String("arn:aws:iam::123456789012:role/training-users"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("issuerUrl", auth.IssuerUrl)
		ctx.Export("hostedLoginUrl", auth.HostedLoginUrl)
		ctx.Export("webClientId", auth.WebClientId)
		ctx.Export("machineClients", auth.MachineClients)
		return nil
	})
}
