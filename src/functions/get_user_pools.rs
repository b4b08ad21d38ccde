//! `cognito:index:getUserPools`: the ids and ARNs of every user pool with a given name.

use crate::error::ProviderError;
use crate::function::{all_pages, not_exactly_one, Function};
use crate::resource::{Ctx, Failure};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserPools`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolsArgs {
    /// The exact pool name. Pool names are not unique, so every pool of that name is returned.
    #[serde(default)]
    pub name: String,
    /// The AWS region to look in; defaults to the provider's region.
    pub region: Option<String>,
}

/// What `getUserPools` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolsResult {
    /// The ARNs of the pools, in the order of `ids`.
    pub arns: Vec<String>,
    /// The pool name looked up.
    pub id: String,
    /// The ids of the pools of that name, sorted.
    pub ids: Vec<String>,
    /// The pool name looked up.
    pub name: String,
    /// The region looked in.
    pub region: String,
}

/// The `getUserPools` function.
pub struct GetUserPools;

/// The page size of ListUserPools (AWS's largest).
const PAGE: i32 = 60;

#[async_trait]
impl Function for GetUserPools {
    type Args = GetUserPoolsArgs;
    type Result = GetUserPoolsResult;
    const TOKEN: &'static str = "cognito:index:getUserPools";
    const DESCRIPTION: &'static str = r#"Looks up every user pool with a given name (an exact match; pool names are not unique). No pool of that name is an error that says how many pools were searched. Every page of `ListUserPools` is read.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pools = cognito.getUserPoolsOutput({ name: "users" });
export const arns = pools.arns;
```
```python
import pulumi
import pulumi_cognito as cognito

pools = cognito.get_user_pools_output(name="users")
pulumi.export("arns", pools.arns)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		pools, err := cognito.GetUserPools(ctx, &cognito.GetUserPoolsArgs{Name: "users"})
		if err != nil {
			return err
		}
		ctx.Export("arns", pulumi.ToStringArray(pools.Arns))
		return nil
	})
}
```
```yaml
outputs:
  arns:
    fn::invoke:
      function: cognito:index:getUserPools
      arguments:
        name: users
      return: arns
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserPoolsArgs) -> Vec<Failure> {
        let mut c = Checker::default();
        c.rule(!a.name.is_empty(), "name", "is required");
        c.done()
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserPoolsArgs,
    ) -> Result<GetUserPoolsResult, ProviderError> {
        let all = all_pages(|next| async move {
            let page = ctx
                .aws
                .call("ListUserPools", None, || {
                    ctx.aws
                        .idp()
                        .list_user_pools()
                        .max_results(PAGE)
                        .set_next_token(next.clone())
                        .send()
                })
                .await?;
            let pools = page
                .user_pools()
                .iter()
                .map(|p| {
                    (
                        p.id().unwrap_or_default().to_string(),
                        p.name().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            Ok((pools, page.next_token().map(str::to_string)))
        })
        .await?;
        let total = all.len();
        let mut ids: Vec<String> = all
            .into_iter()
            .filter(|(_, n)| *n == a.name)
            .map(|(id, _)| id)
            .collect();
        if ids.is_empty() {
            return Err(not_exactly_one("user pool", &a.name, &ids, total));
        }
        ids.sort();
        ids.dedup();
        // ListUserPools reports no ARN: each pool's comes from DescribeUserPool (usually
        // one; building it from an account id would need STS and the partition).
        let mut arns = Vec::with_capacity(ids.len());
        for id in &ids {
            let out = ctx
                .aws
                .call("DescribeUserPool", None, || {
                    ctx.aws.idp().describe_user_pool().user_pool_id(id).send()
                })
                .await?;
            arns.push(
                out.user_pool()
                    .and_then(|p| p.arn())
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        Ok(GetUserPoolsResult {
            arns,
            id: a.name.clone(),
            ids,
            name: a.name.clone(),
            region: ctx.aws.region().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_required() {
        assert_eq!(GetUserPools::check(&GetUserPoolsArgs::default()).len(), 1);
        let ok = GetUserPoolsArgs {
            name: "p".into(),
            region: None,
        };
        assert!(GetUserPools::check(&ok).is_empty());
    }
}
