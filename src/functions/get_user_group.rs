//! `cognito:index:getUserGroup`: a user pool group, by name.

use super::{check_pool_id, text};
use crate::aws::ErrorKind;
use crate::error::ProviderError;
use crate::function::Function;
use crate::resource::{Ctx, Failure};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupArgs {
    /// The exact group name (unique within a pool).
    #[serde(default)]
    pub name: String,
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool.
    #[serde(default)]
    pub user_pool_id: String,
}

/// What `getUserGroup` returns.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupResult {
    /// The group description; empty if none.
    pub description: String,
    /// `<userPoolId>/<name>`, the id of the `UserGroup` resource.
    pub id: String,
    /// The group name.
    pub name: String,
    /// The group's precedence (lower wins), if set.
    pub precedence: Option<i64>,
    /// The region of the pool.
    pub region: String,
    /// The ARN of the group's IAM role; empty if none.
    pub role_arn: String,
    /// The user pool id.
    pub user_pool_id: String,
}

/// The `getUserGroup` function.
pub struct GetUserGroup;

#[async_trait]
impl Function for GetUserGroup {
    type Args = GetUserGroupArgs;
    type Result = GetUserGroupResult;
    const TOKEN: &'static str = "cognito:index:getUserGroup";
    const DESCRIPTION: &'static str = r#"Looks up a user pool group by its exact name. A missing group (or pool) is an error.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const admins = cognito.getUserGroupOutput({ userPoolId: "us-east-1_AbC123", name: "admins" });
export const roleArn = admins.roleArn;
```
```python
import pulumi
import pulumi_cognito as cognito

admins = cognito.get_user_group_output(user_pool_id="us-east-1_AbC123", name="admins")
pulumi.export("roleArn", admins.role_arn)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		admins, err := cognito.LookupUserGroup(ctx, &cognito.LookupUserGroupArgs{UserPoolId: "us-east-1_AbC123", Name: "admins"})
		if err != nil {
			return err
		}
		ctx.Export("roleArn", pulumi.String(admins.RoleArn))
		return nil
	})
}
```
```yaml
outputs:
  roleArn:
    fn::invoke:
      function: cognito:index:getUserGroup
      arguments:
        userPoolId: us-east-1_AbC123
        name: admins
      return: roleArn
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserGroupArgs) -> Vec<Failure> {
        let mut f = check_pool_id(&a.user_pool_id);
        let mut c = Checker::default();
        c.rule(!a.name.is_empty(), "name", "is required");
        c.printable(Some(a.name.as_str()), 1, 128, "name");
        f.extend(c.done());
        f
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserGroupArgs,
    ) -> Result<GetUserGroupResult, ProviderError> {
        let pool = a.user_pool_id.as_str();
        let out = ctx
            .aws
            .call("GetGroup", Some(pool), || {
                ctx.aws
                    .idp()
                    .get_group()
                    .user_pool_id(pool)
                    .group_name(&a.name)
                    .send()
            })
            .await
            .map_err(|e| match e.kind {
                ErrorKind::NotFound => ProviderError::InvalidArgument(format!(
                    "no user group is named {:?} in user pool {pool} (found 0): {e}",
                    a.name
                )),
                _ => e.into(),
            })?;
        let g = out.group().ok_or_else(|| {
            ProviderError::InvalidArgument(format!("GetGroup returned no group for {:?}", a.name))
        })?;
        let name = text(g.group_name());
        Ok(GetUserGroupResult {
            description: text(g.description()),
            id: format!("{pool}/{name}"),
            name,
            precedence: g.precedence().map(i64::from),
            region: ctx.aws.region().to_string(),
            role_arn: text(g.role_arn()),
            user_pool_id: pool.to_string(),
        })
    }
}
