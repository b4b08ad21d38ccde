//! `cognito:index:getUserGroups`: every group of a user pool.

use super::{check_pool_id, text};
use crate::error::ProviderError;
use crate::function::{all_pages, Function};
use crate::resource::{Ctx, Failure};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserGroups`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupsArgs {
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool.
    #[serde(default)]
    pub user_pool_id: String,
}

/// One group of the pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupsGroup {
    /// The group description; empty if none.
    pub description: String,
    /// The group name.
    pub group_name: String,
    /// The group's precedence (lower wins), if set.
    pub precedence: Option<i64>,
    /// The ARN of the group's IAM role; empty if none.
    pub role_arn: String,
}

/// What `getUserGroups` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupsResult {
    /// The groups, sorted by name.
    pub groups: Vec<GetUserGroupsGroup>,
    /// The user pool id.
    pub id: String,
    /// The region of the pool.
    pub region: String,
    /// The user pool id.
    pub user_pool_id: String,
}

/// The `getUserGroups` function.
pub struct GetUserGroups;

#[async_trait]
impl Function for GetUserGroups {
    type Args = GetUserGroupsArgs;
    type Result = GetUserGroupsResult;
    const TOKEN: &'static str = "cognito:index:getUserGroups";
    const DESCRIPTION: &'static str = r#"Lists every group of a user pool (every page of `ListGroups`).

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const groups = cognito.getUserGroupsOutput({ userPoolId: "us-east-1_AbC123" });
export const names = groups.groups.apply(gs => gs.map(g => g.groupName));
```
```python
import pulumi
import pulumi_cognito as cognito

groups = cognito.get_user_groups_output(user_pool_id="us-east-1_AbC123")
pulumi.export("names", groups.groups.apply(lambda gs: [g.group_name for g in gs]))
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		groups, err := cognito.GetUserGroups(ctx, &cognito.GetUserGroupsArgs{UserPoolId: "us-east-1_AbC123"})
		if err != nil {
			return err
		}
		names := []string{}
		for _, g := range groups.Groups {
			names = append(names, g.GroupName)
		}
		ctx.Export("names", pulumi.ToStringArray(names))
		return nil
	})
}
```
```yaml
outputs:
  groups:
    fn::invoke:
      function: cognito:index:getUserGroups
      arguments:
        userPoolId: us-east-1_AbC123
      return: groups
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserGroupsArgs) -> Vec<Failure> {
        check_pool_id(&a.user_pool_id)
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserGroupsArgs,
    ) -> Result<GetUserGroupsResult, ProviderError> {
        let pool = a.user_pool_id.as_str();
        let mut groups = all_pages(|next| async move {
            let page = ctx
                .aws
                .call("ListGroups", Some(pool), || {
                    ctx.aws
                        .idp()
                        .list_groups()
                        .user_pool_id(pool)
                        .limit(60)
                        .set_next_token(next.clone())
                        .send()
                })
                .await?;
            let items = page
                .groups()
                .iter()
                .map(|g| GetUserGroupsGroup {
                    description: text(g.description()),
                    group_name: text(g.group_name()),
                    precedence: g.precedence().map(i64::from),
                    role_arn: text(g.role_arn()),
                })
                .collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await?;
        groups.sort_by(|a, b| a.group_name.cmp(&b.group_name));
        groups.dedup_by(|a, b| a.group_name == b.group_name);
        Ok(GetUserGroupsResult {
            groups,
            id: pool.to_string(),
            region: ctx.aws.region().to_string(),
            user_pool_id: pool.to_string(),
        })
    }
}
