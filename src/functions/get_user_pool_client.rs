//! `cognito:index:getUserPoolClient`: a user pool client's settings and secret, by id.

use super::{check_pool_id, one, strs, text};
use crate::error::ProviderError;
use crate::function::Function;
use crate::resource::{Ctx, Failure};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserPoolClient`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientArgs {
    /// The client id.
    #[serde(default)]
    pub client_id: String,
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool the client belongs to.
    #[serde(default)]
    pub user_pool_id: String,
}

/// Where the client sends analytics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientAnalyticsConfiguration {
    /// The ARN of the AWS End User Messaging application.
    pub application_arn: String,
    /// The id of the AWS End User Messaging application.
    pub application_id: String,
    /// The external id of the role.
    pub external_id: String,
    /// The ARN of the role that publishes the events.
    pub role_arn: String,
    /// Whether user data is included in the events.
    pub user_data_shared: bool,
}

/// Refresh token rotation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientRefreshTokenRotation {
    /// `ENABLED` or `DISABLED`.
    pub feature: String,
    /// Seconds the old refresh token stays usable after a rotation.
    pub retry_grace_period_seconds: i64,
}

/// Units of the token validities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientTokenValidityUnit {
    /// Unit of `accessTokenValidity`.
    pub access_token: String,
    /// Unit of `idTokenValidity`.
    pub id_token: String,
    /// Unit of `refreshTokenValidity`.
    pub refresh_token: String,
}

/// What `getUserPoolClient` returns. Blocks are lists of at most one item, as in pulumi-aws.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientResult {
    /// Access token lifetime, in `tokenValidityUnits` units.
    pub access_token_validity: i64,
    /// OAuth flows the client may use.
    pub allowed_oauth_flows: Vec<String>,
    /// Whether the client may use OAuth with the user pool.
    pub allowed_oauth_flows_user_pool_client: bool,
    /// OAuth scopes the client may request.
    pub allowed_oauth_scopes: Vec<String>,
    /// Analytics configuration.
    pub analytics_configurations: Vec<GetUserPoolClientAnalyticsConfiguration>,
    /// Minutes a sign-in session token stays valid.
    pub auth_session_validity: i64,
    /// Allowed redirect URLs after sign-in.
    pub callback_urls: Vec<String>,
    /// The client id.
    pub client_id: String,
    /// The client secret; empty if the client has none. Always secret.
    pub client_secret: String,
    /// Default redirect URL.
    pub default_redirect_uri: String,
    /// Whether additional user context data is propagated.
    pub enable_propagate_additional_user_context_data: bool,
    /// Whether refresh tokens can be revoked.
    pub enable_token_revocation: bool,
    /// Authentication flows.
    pub explicit_auth_flows: Vec<String>,
    /// Whether the client has a secret.
    pub generate_secret: bool,
    /// The client id.
    pub id: String,
    /// ID token lifetime, in `tokenValidityUnits` units.
    pub id_token_validity: i64,
    /// Allowed sign-out URLs.
    pub logout_urls: Vec<String>,
    /// The client name.
    pub name: String,
    /// `ENABLED` or `LEGACY`.
    pub prevent_user_existence_errors: String,
    /// User attributes the client may read.
    pub read_attributes: Vec<String>,
    /// Refresh token rotation.
    pub refresh_token_rotations: Vec<GetUserPoolClientRefreshTokenRotation>,
    /// Refresh token lifetime, in `tokenValidityUnits` units.
    pub refresh_token_validity: i64,
    /// The region of the pool.
    pub region: String,
    /// Identity providers the client may use.
    pub supported_identity_providers: Vec<String>,
    /// Units of the token validities.
    pub token_validity_units: Vec<GetUserPoolClientTokenValidityUnit>,
    /// The user pool id.
    pub user_pool_id: String,
    /// User attributes the client may write.
    pub write_attributes: Vec<String>,
}

/// The `getUserPoolClient` function.
pub struct GetUserPoolClient;

#[async_trait]
impl Function for GetUserPoolClient {
    type Args = GetUserPoolClientArgs;
    type Result = GetUserPoolClientResult;
    const TOKEN: &'static str = "cognito:index:getUserPoolClient";
    const DESCRIPTION: &'static str = r#"Looks up a user pool client by pool and client id. `clientSecret` is always a secret.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const client = cognito.getUserPoolClientOutput({ userPoolId: "us-east-1_AbC123", clientId: "1example23456789" });
export const callbackUrls = client.callbackUrls;
```
```python
import pulumi
import pulumi_cognito as cognito

client = cognito.get_user_pool_client_output(user_pool_id="us-east-1_AbC123", client_id="1example23456789")
pulumi.export("callbackUrls", client.callback_urls)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		client, err := cognito.LookupUserPoolClient(ctx, &cognito.LookupUserPoolClientArgs{
			UserPoolId: "us-east-1_AbC123",
			ClientId:   "1example23456789",
		})
		if err != nil {
			return err
		}
		ctx.Export("callbackUrls", pulumi.ToStringArray(client.CallbackUrls))
		return nil
	})
}
```
```yaml
outputs:
  callbackUrls:
    fn::invoke:
      function: cognito:index:getUserPoolClient
      arguments:
        userPoolId: us-east-1_AbC123
        clientId: 1example23456789
      return: callbackUrls
```
{{% /example %}}
{{% /examples %}}"#;
    const SECRET_OUTPUTS: &'static [&'static str] = &["clientSecret"];

    fn check(a: &GetUserPoolClientArgs) -> Vec<Failure> {
        let mut f = check_pool_id(&a.user_pool_id);
        let mut c = Checker::default();
        c.rule(!a.client_id.is_empty(), "clientId", "is required");
        c.len(Some(a.client_id.as_str()), 1, 128, "clientId");
        f.extend(c.done());
        f
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserPoolClientArgs,
    ) -> Result<GetUserPoolClientResult, ProviderError> {
        let pool = a.user_pool_id.as_str();
        let out = ctx
            .aws
            .call("DescribeUserPoolClient", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_user_pool_client()
                    .user_pool_id(pool)
                    .client_id(&a.client_id)
                    .send()
            })
            .await?;
        let c = out.user_pool_client().ok_or_else(|| {
            ProviderError::InvalidArgument(format!(
                "DescribeUserPoolClient returned no client for {pool}/{}",
                a.client_id
            ))
        })?;
        let id = text(c.client_id());
        Ok(GetUserPoolClientResult {
            access_token_validity: c.access_token_validity().map_or(0, i64::from),
            allowed_oauth_flows: strs(c.allowed_o_auth_flows()),
            allowed_oauth_flows_user_pool_client: c
                .allowed_o_auth_flows_user_pool_client()
                .unwrap_or(false),
            allowed_oauth_scopes: strs(c.allowed_o_auth_scopes()),
            analytics_configurations: one(c.analytics_configuration().map(|a| {
                GetUserPoolClientAnalyticsConfiguration {
                    application_arn: text(a.application_arn()),
                    application_id: text(a.application_id()),
                    external_id: text(a.external_id()),
                    role_arn: text(a.role_arn()),
                    user_data_shared: a.user_data_shared(),
                }
            })),
            auth_session_validity: c.auth_session_validity().map_or(0, i64::from),
            callback_urls: strs(c.callback_urls()),
            client_id: id.clone(),
            client_secret: text(c.client_secret()),
            default_redirect_uri: text(c.default_redirect_uri()),
            enable_propagate_additional_user_context_data: c
                .enable_propagate_additional_user_context_data()
                .unwrap_or(false),
            enable_token_revocation: c.enable_token_revocation().unwrap_or(false),
            explicit_auth_flows: strs(c.explicit_auth_flows()),
            generate_secret: c.client_secret().is_some(),
            id,
            id_token_validity: c.id_token_validity().map_or(0, i64::from),
            logout_urls: strs(c.logout_urls()),
            name: text(c.client_name()),
            prevent_user_existence_errors: text(
                c.prevent_user_existence_errors().map(|p| p.as_str()),
            ),
            read_attributes: strs(c.read_attributes()),
            refresh_token_rotations: one(c.refresh_token_rotation().map(|r| {
                GetUserPoolClientRefreshTokenRotation {
                    feature: r.feature().as_str().to_string(),
                    retry_grace_period_seconds: r.retry_grace_period_seconds().map_or(0, i64::from),
                }
            })),
            refresh_token_validity: i64::from(c.refresh_token_validity()),
            region: ctx.aws.region().to_string(),
            supported_identity_providers: strs(c.supported_identity_providers()),
            token_validity_units: one(c.token_validity_units().map(|u| {
                GetUserPoolClientTokenValidityUnit {
                    access_token: text(u.access_token().map(|x| x.as_str())),
                    id_token: text(u.id_token().map(|x| x.as_str())),
                    refresh_token: text(u.refresh_token().map(|x| x.as_str())),
                }
            })),
            user_pool_id: pool.to_string(),
            write_attributes: strs(c.write_attributes()),
        })
    }
}
