//! `cognito:index:getUserPoolClients`: the ids and names of every client of a user pool.

use super::check_pool_id;
use crate::error::ProviderError;
use crate::function::{all_pages, Function};
use crate::resource::{Ctx, Failure};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserPoolClients`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientsArgs {
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool.
    #[serde(default)]
    pub user_pool_id: String,
}

/// What `getUserPoolClients` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolClientsResult {
    /// The client ids, sorted; `clientNames[i]` is the name of `clientIds[i]`.
    pub client_ids: Vec<String>,
    /// The client names, aligned with `clientIds` (names are not unique, so a name may repeat).
    pub client_names: Vec<String>,
    /// The user pool id.
    pub id: String,
    /// The region of the pool.
    pub region: String,
    /// The user pool id.
    pub user_pool_id: String,
}

/// The `getUserPoolClients` function.
pub struct GetUserPoolClients;

#[async_trait]
impl Function for GetUserPoolClients {
    type Args = GetUserPoolClientsArgs;
    type Result = GetUserPoolClientsResult;
    const TOKEN: &'static str = "cognito:index:getUserPoolClients";
    const DESCRIPTION: &'static str = r#"Lists every client of a user pool (every page of `ListUserPoolClients`): their ids and, in the same order, their names.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const clients = cognito.getUserPoolClientsOutput({ userPoolId: "us-east-1_AbC123" });
export const clientIds = clients.clientIds;
```
```python
import pulumi
import pulumi_cognito as cognito

clients = cognito.get_user_pool_clients_output(user_pool_id="us-east-1_AbC123")
pulumi.export("clientIds", clients.client_ids)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		clients, err := cognito.GetUserPoolClients(ctx, &cognito.GetUserPoolClientsArgs{UserPoolId: "us-east-1_AbC123"})
		if err != nil {
			return err
		}
		ctx.Export("clientIds", pulumi.ToStringArray(clients.ClientIds))
		return nil
	})
}
```
```yaml
outputs:
  clientIds:
    fn::invoke:
      function: cognito:index:getUserPoolClients
      arguments:
        userPoolId: us-east-1_AbC123
      return: clientIds
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserPoolClientsArgs) -> Vec<Failure> {
        check_pool_id(&a.user_pool_id)
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserPoolClientsArgs,
    ) -> Result<GetUserPoolClientsResult, ProviderError> {
        let pool = a.user_pool_id.as_str();
        let mut clients = all_pages(|next| async move {
            let page = ctx
                .aws
                .call("ListUserPoolClients", Some(pool), || {
                    ctx.aws
                        .idp()
                        .list_user_pool_clients()
                        .user_pool_id(pool)
                        .max_results(60)
                        .set_next_token(next.clone())
                        .send()
                })
                .await?;
            let items = page
                .user_pool_clients()
                .iter()
                .map(|c| {
                    (
                        c.client_id().unwrap_or_default().to_string(),
                        c.client_name().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await?;
        // Sorted as pairs, so each name stays with its id.
        clients.sort();
        clients.dedup();
        let (client_ids, client_names) = clients.into_iter().unzip();
        Ok(GetUserPoolClientsResult {
            client_ids,
            client_names,
            id: pool.to_string(),
            region: ctx.aws.region().to_string(),
            user_pool_id: pool.to_string(),
        })
    }
}
