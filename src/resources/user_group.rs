//! `cognito:index:UserGroup`: a group of a user pool, with an optional IAM role and
//! precedence.

use crate::aws::NotFoundIsAnswer;
use crate::aws::{AwsError, Created, ErrorKind};
use crate::codec::PropPath;
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Naming, Resource};
use crate::validate::{i32_of, Checker, Pattern};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The inputs of a user pool group.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserGroupArgs {
    /// The description of the group, at most 2048 characters. Updates in place.
    pub description: Option<String>,
    /// The name of the group, 1 to 128 characters without spaces. Generated from the resource name if unset. Changing it replaces the group.
    pub name: Option<String>,
    /// The precedence of the group, 0 or more: when a user is in several groups, the role of the group with the lowest precedence goes into the `cognito:preferred_role` claim. Updates in place; removing it clears it.
    pub precedence: Option<i64>,
    /// The AWS region to manage the group in; defaults to the provider's region. Changing it replaces the group.
    pub region: Option<String>,
    /// The ARN of the IAM role of the group's members (`arn:aws:iam::<account>:role/<name>`), put in their tokens' `cognito:roles` claim. Updates in place; removing it clears it.
    pub role_arn: Option<String>,
    /// The user pool the group belongs to. Changing it replaces the group.
    #[serde(default)]
    pub user_pool_id: String,
}

/// A user pool group has no computed outputs beyond its inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UserGroupOutputs {}

/// The user pool group resource.
pub struct UserGroup;

/// An IAM role ARN, as AWS's own (looser) ARN pattern allows it for a role.
static ROLE_ARN_RE: Pattern = Pattern::new(r"^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$");

/// Splits a group id, `<userPoolId>/<name>`, on the first `/` only: a name may hold `/`
/// (TF#35491), a pool id never does.
pub fn parse_id(id: &str) -> Option<(&str, &str)> {
    id.split_once('/')
        .filter(|(p, n)| !p.is_empty() && !n.is_empty())
}

/// True if `name` is the group Cognito makes for users of a federated identity provider,
/// `<userPoolId>_<ProviderName>`, on their first sign-in.
pub fn is_federated_group(pool: &str, name: &str) -> bool {
    name.strip_prefix(pool)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|provider| !provider.is_empty())
}

const DESCRIPTION: &str = r#"A group of a Cognito user pool. A group can carry an IAM role (`roleArn`), which identity pools hand out to its members, and a `precedence` that picks the preferred role of users in several groups.

`description`, `precedence` and `roleArn` update in place; removing `precedence` or `roleArn` clears it. `name` and `userPoolId` replace the group.

Cognito itself creates a group named `<userPoolId>_<ProviderName>` for the users of each federated identity provider on their first sign-in. Such a group is Cognito's: creating a `UserGroup` of that name fails once Cognito has made it (import it instead to manage its role or precedence), and the description Cognito gives it never shows as drift unless the program sets one.

{{% examples %}}
## Example Usage
{{% example %}}
### A group with a role

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const admins = new cognito.UserGroup("admins", {
    userPoolId: pool.id,
    name: "admins",
    description: "Platform administrators",
    precedence: 1,
    roleArn: "arn:aws:iam::123456789012:role/platform-admin",
});
```
```python
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
admins = cognito.UserGroup("admins",
    user_pool_id=pool.id,
    name="admins",
    description="Platform administrators",
    precedence=1,
    role_arn="arn:aws:iam::123456789012:role/platform-admin")
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		pool, err := cognito.NewUserPool(ctx, "pool", nil)
		if err != nil {
			return err
		}
		_, err = cognito.NewUserGroup(ctx, "admins", &cognito.UserGroupArgs{
			UserPoolId:  pool.ID(),
			Name:        pulumi.String("admins"),
			Description: pulumi.String("Platform administrators"),
			Precedence:  pulumi.Int(1),
			RoleArn:     pulumi.String("arn:aws:iam::123456789012:role/platform-admin"),
		})
		return err
	})
}
```
```yaml
resources:
  pool:
    type: cognito:UserPool
  admins:
    type: cognito:UserGroup
    properties:
      userPoolId: ${pool.id}
      name: admins
      description: Platform administrators
      precedence: 1
      roleArn: arn:aws:iam::123456789012:role/platform-admin
```
{{% /example %}}
{{% /examples %}}

## Import

A group is imported by its user pool id and name joined by `/` (the name may itself contain `/`):

```sh
$ pulumi import cognito:index:UserGroup admins us-east-1_AbC123/admins
```
"#;

#[async_trait]
impl Resource for UserGroup {
    type Inputs = UserGroupArgs;
    type Outputs = UserGroupOutputs;
    const TOKEN: &'static str = "cognito:index:UserGroup";
    const DESCRIPTION: &'static str = DESCRIPTION;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["name", "userPoolId", "region"];
    const NAMING: Option<Naming> = Some(Naming {
        property: "name",
        max_len: 128,
    });

    fn normalize(i: &mut UserGroupArgs) {
        // AWS reports a cleared description as empty.
        if i.description.as_deref() == Some("") {
            i.description = None;
        }
    }

    fn check(i: &UserGroupArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let pool_unknown = unknowns.iter().any(|u| u.top() == Some("userPoolId"));
        c.pool_id(&i.user_pool_id, pool_unknown, "userPoolId");
        c.printable(i.name.as_deref(), 1, 128, "name");
        c.len(i.description.as_deref(), 0, 2048, "description");
        c.range(i.precedence, 0, i64::from(i32::MAX), "precedence");
        if let Some(arn) = i.role_arn.as_deref() {
            c.len(Some(arn), 20, 2048, "roleArn");
            c.rule_with(ROLE_ARN_RE.is_match(arn), "roleArn", || {
                format!("must be an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>, got {arn:?}")
            });
        }
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &UserGroupArgs) -> Result<String, OpError> {
        let pool = &i.user_pool_id;
        let name = i.name.clone().unwrap_or_default();
        let id = format!("{pool}/{name}");
        let out = ctx
            .aws
            .create(
                "CreateGroup",
                Some(pool),
                || {
                    ctx.aws
                        .idp()
                        .create_group()
                        .user_pool_id(pool)
                        .group_name(&name)
                        .set_description(i.description.clone())
                        .set_precedence(i.precedence.map(i32_of))
                        .set_role_arn(i.role_arn.clone())
                        .send()
                },
                |since| group_created_since(ctx, pool, &name, since),
            )
            .await;
        match out {
            Ok(Created::New(_) | Created::Adopted(_)) => Ok(id),
            Err(e)
                if e.code.as_deref() == Some("GroupExistsException")
                    && is_federated_group(pool, &name) =>
            {
                Err(ProviderError::InvalidArgument(format!(
                    "group {name:?} already exists: Cognito created it for the users of a federated identity provider; import it (`pulumi import cognito:index:UserGroup <resource> {id}`) to manage its role or precedence"
                ))
                .into())
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserGroupArgs>,
    ) -> Result<Option<Found<UserGroupArgs, UserGroupOutputs>>, ProviderError> {
        let (pool, name) = match parse_id(id) {
            Some(p) => p,
            None => match hint
                .map(|h| h.user_pool_id.as_str())
                .filter(|p| !p.is_empty())
            {
                Some(p) => (p, id),
                None => {
                    return Err(ProviderError::InvalidArgument(format!(
                        "cannot read user group {id:?}: import it as <userPoolId>/<groupName>"
                    )))
                }
            },
        };
        // The group, or its whole pool, is gone.
        let Some(out) = ctx
            .aws
            .call("GetGroup", Some(pool), || {
                ctx.aws
                    .idp()
                    .get_group()
                    .user_pool_id(pool)
                    .group_name(name)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(g) = out.group() else {
            return Ok(None);
        };
        Ok(Some(Found {
            id: format!("{pool}/{name}"),
            inputs: UserGroupArgs {
                description: g.description().map(str::to_string),
                name: Some(name.to_string()),
                precedence: g.precedence().map(i64::from),
                region: None,
                role_arn: g.role_arn().map(str::to_string),
                user_pool_id: pool.to_string(),
            },
            outputs: UserGroupOutputs {},
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &UserGroupArgs,
        i: &UserGroupArgs,
    ) -> Result<(), OpError> {
        let (pool, name) = parse_id(id).unwrap_or((&i.user_pool_id, id));
        // The full desired state every time. A removed role or precedence is left out: AWS
        // resets what UpdateGroup omits, and refuses an empty role ARN (TF#4236). A removed
        // description is sent empty, which clears it whatever the service does with omissions.
        ctx.aws
            .call("UpdateGroup", Some(pool), || {
                ctx.aws
                    .idp()
                    .update_group()
                    .user_pool_id(pool)
                    .group_name(name)
                    .description(i.description.clone().unwrap_or_default())
                    .set_precedence(i.precedence.map(i32_of))
                    .set_role_arn(i.role_arn.clone())
                    .send()
            })
            .await?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &UserGroupArgs) -> Result<(), ProviderError> {
        let (pool, name) = parse_id(id).unwrap_or((&i.user_pool_id, id));
        ctx.aws
            .call("DeleteGroup", Some(pool), || {
                ctx.aws
                    .idp()
                    .delete_group()
                    .user_pool_id(pool)
                    .group_name(name)
                    .send()
            })
            .await
            .or_gone()
    }
}

/// The id of group `name` of `pool` if it was created since `since` (after an ambiguous
/// CreateGroup failure; see [`crate::aws::Aws::create`]).
async fn group_created_since(
    ctx: Ctx<'_>,
    pool: &str,
    name: &str,
    since: aws_smithy_types::DateTime,
) -> Result<Vec<String>, AwsError> {
    match ctx
        .aws
        .call("GetGroup", Some(pool), || {
            ctx.aws
                .idp()
                .get_group()
                .user_pool_id(pool)
                .group_name(name)
                .send()
        })
        .await
    {
        Ok(o) => Ok(o
            .group()
            .filter(|g| g.creation_date().is_none_or(|d| *d >= since))
            .map(|_| vec![format!("{pool}/{name}")])
            .unwrap_or_default()),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_on_the_first_slash_only() {
        assert_eq!(
            parse_id("us-east-1_A/admins"),
            Some(("us-east-1_A", "admins"))
        );
        assert_eq!(
            parse_id("us-east-1_A/team/a/b"),
            Some(("us-east-1_A", "team/a/b"))
        );
        assert_eq!(parse_id("admins"), None);
        assert_eq!(parse_id("/admins"), None);
        assert_eq!(parse_id("us-east-1_A/"), None);
    }

    #[test]
    fn federated_groups_are_recognised() {
        assert!(is_federated_group("us-east-1_A", "us-east-1_A_Google"));
        assert!(is_federated_group("us-east-1_A", "us-east-1_A_Corp_SAML"));
        assert!(!is_federated_group("us-east-1_A", "us-east-1_A_"));
        assert!(!is_federated_group("us-east-1_A", "admins"));
        assert!(!is_federated_group("us-east-1_A", "us-east-1_B_Google"));
    }
}
