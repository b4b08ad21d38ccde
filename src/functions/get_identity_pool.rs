//! `cognito:index:getIdentityPool`: an identity pool, by its exact name.

use super::{tags, text};
use crate::error::ProviderError;
use crate::function::{all_pages, not_exactly_one, Function};
use crate::resource::{Ctx, Failure};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The arguments of `getIdentityPool`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetIdentityPoolArgs {
    /// The exact identity pool name. Names are not unique: two pools of that name (after the `tags` filter) are an error.
    #[serde(default)]
    pub identity_pool_name: String,
    /// The AWS region to look in; defaults to the provider's region.
    pub region: Option<String>,
    /// Tags the pool must carry (each key with that value), to tell apart pools of the same name.
    pub tags: Option<BTreeMap<String, String>>,
}

/// A user pool client the identity pool trusts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetIdentityPoolCognitoIdentityProvider {
    /// The user pool client id.
    pub client_id: String,
    /// The provider name, `cognito-idp.<region>.amazonaws.com/<poolId>`.
    pub provider_name: String,
    /// Whether tokens are also checked on the server side.
    pub server_side_token_check: bool,
}

/// What `getIdentityPool` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetIdentityPoolResult {
    /// Whether the classic (basic) authentication flow is enabled.
    pub allow_classic_flow: bool,
    /// Whether unauthenticated identities are allowed.
    pub allow_unauthenticated_identities: bool,
    /// The ARN of the identity pool (its account part is empty if STS cannot tell the account).
    pub arn: String,
    /// User pool clients the identity pool federates.
    pub cognito_identity_providers: Vec<GetIdentityPoolCognitoIdentityProvider>,
    /// The developer provider name; empty if none.
    pub developer_provider_name: String,
    /// The identity pool id.
    pub id: String,
    /// The identity pool name.
    pub identity_pool_name: String,
    /// ARNs of OpenID Connect providers.
    pub openid_connect_provider_arns: Vec<String>,
    /// The region of the identity pool.
    pub region: String,
    /// ARNs of SAML providers.
    pub saml_provider_arns: Vec<String>,
    /// Public login providers, e.g. `graph.facebook.com` → app id.
    pub supported_login_providers: BTreeMap<String, String>,
    /// All tags of the identity pool.
    pub tags: BTreeMap<String, String>,
}

/// The `getIdentityPool` function.
pub struct GetIdentityPool;

#[async_trait]
impl Function for GetIdentityPool {
    type Args = GetIdentityPoolArgs;
    type Result = GetIdentityPoolResult;
    const TOKEN: &'static str = "cognito:index:getIdentityPool";
    const DESCRIPTION: &'static str = r#"Looks up an identity pool by its exact name (every page of `ListIdentityPools`). Identity pool names are not unique: no match, or more than one (after the optional `tags` filter), is an error that says how many were found.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const ids = cognito.getIdentityPoolOutput({ identityPoolName: "app identities" });
export const identityPoolId = ids.id;
```
```python
import pulumi
import pulumi_cognito as cognito

ids = cognito.get_identity_pool_output(identity_pool_name="app identities")
pulumi.export("identityPoolId", ids.id)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ids, err := cognito.LookupIdentityPool(ctx, &cognito.LookupIdentityPoolArgs{IdentityPoolName: "app identities"})
		if err != nil {
			return err
		}
		ctx.Export("identityPoolId", pulumi.String(ids.Id))
		return nil
	})
}
```
```yaml
outputs:
  identityPoolId:
    fn::invoke:
      function: cognito:index:getIdentityPool
      arguments:
        identityPoolName: app identities
      return: id
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetIdentityPoolArgs) -> Vec<Failure> {
        let mut c = Checker::default();
        c.rule(
            !a.identity_pool_name.is_empty(),
            "identityPoolName",
            "is required",
        );
        c.name(Some(a.identity_pool_name.as_str()), "identityPoolName");
        c.done()
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetIdentityPoolArgs,
    ) -> Result<GetIdentityPoolResult, ProviderError> {
        let all = all_pages(|next| async move {
            let page = ctx
                .aws
                .call("ListIdentityPools", None, || {
                    ctx.aws
                        .identity()
                        .list_identity_pools()
                        .max_results(60)
                        .set_next_token(next.clone())
                        .send()
                })
                .await?;
            let items = page
                .identity_pools()
                .iter()
                .map(|p| (text(p.identity_pool_id()), text(p.identity_pool_name())))
                .collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await?;
        let total = all.len();
        let mut ids: Vec<String> = all
            .into_iter()
            .filter(|(_, n)| *n == a.identity_pool_name)
            .map(|(id, _)| id)
            .collect();
        ids.sort();
        ids.dedup();
        let wanted = a.tags.clone().unwrap_or_default();
        let name = a.identity_pool_name.as_str();
        // Without a tag filter, the name alone must be unique; with one, every pool of that
        // name is read for its tags.
        if wanted.is_empty() && ids.len() != 1 {
            return Err(not_exactly_one("identity pool", name, &ids, total));
        }
        let mut found = Vec::new();
        for id in &ids {
            let p = ctx
                .aws
                .call("DescribeIdentityPool", None, || {
                    ctx.aws
                        .identity()
                        .describe_identity_pool()
                        .identity_pool_id(id)
                        .send()
                })
                .await?;
            let pool_tags = tags(p.identity_pool_tags());
            if wanted.iter().all(|(k, v)| pool_tags.get(k) == Some(v)) {
                found.push((p, pool_tags));
            }
        }
        if found.len() != 1 {
            let matched: Vec<String> = found
                .iter()
                .map(|(p, _)| p.identity_pool_id().to_string())
                .collect();
            let what = format!("identity pool with tags {wanted:?}");
            return Err(not_exactly_one(&what, name, &matched, total));
        }
        let Some((p, pool_tags)) = found.pop() else {
            return Err(not_exactly_one("identity pool", name, &[], total));
        };
        let id = p.identity_pool_id().to_string();
        let acct = ctx.aws.account_id().await.unwrap_or_default();
        Ok(GetIdentityPoolResult {
            allow_classic_flow: p.allow_classic_flow().unwrap_or(false),
            allow_unauthenticated_identities: p.allow_unauthenticated_identities(),
            arn: format!(
                "arn:aws:cognito-identity:{}:{acct}:identitypool/{id}",
                ctx.aws.region()
            ),
            cognito_identity_providers: p
                .cognito_identity_providers()
                .iter()
                .map(|c| GetIdentityPoolCognitoIdentityProvider {
                    client_id: text(c.client_id()),
                    provider_name: text(c.provider_name()),
                    server_side_token_check: c.server_side_token_check().unwrap_or(false),
                })
                .collect(),
            developer_provider_name: text(p.developer_provider_name()),
            id,
            identity_pool_name: p.identity_pool_name().to_string(),
            openid_connect_provider_arns: p.open_id_connect_provider_arns().to_vec(),
            region: ctx.aws.region().to_string(),
            saml_provider_arns: p.saml_provider_arns().to_vec(),
            supported_login_providers: tags(p.supported_login_providers()),
            tags: pool_tags,
        })
    }
}
