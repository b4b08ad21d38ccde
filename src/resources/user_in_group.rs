//! `cognito:index:UserInGroup`: a user's membership of a user pool group.

use crate::aws::ErrorKind;
use crate::codec::PropPath;
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The inputs of a group membership. Every one of them replaces the membership.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserInGroupArgs {
    /// The name of the group the user is added to. Changing it replaces the membership.
    #[serde(default)]
    pub group_name: String,
    /// The AWS region to manage the membership in; defaults to the provider's region. Changing it replaces the membership.
    pub region: Option<String>,
    /// The user pool of the user and the group. Changing it replaces the membership.
    #[serde(default)]
    pub user_pool_id: String,
    /// The username of the user (or, in a pool that signs in by email or phone, that email or phone number). Changing it replaces the membership.
    #[serde(default)]
    pub username: String,
}

/// A group membership has no computed outputs beyond its inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UserInGroupOutputs {}

/// The group membership resource.
pub struct UserInGroup;

/// The id of a membership: `<userPoolId>,<groupName>,<username>`.
pub fn make_id(pool: &str, group: &str, user: &str) -> String {
    format!("{pool},{group},{user}")
}

/// The readings of a membership id, `<userPoolId>,<groupName>,<username>`: the pool id is
/// up to the first `,` (a pool id never holds one); group names and usernames may both
/// hold `,`, so each further `,` is a possible split between them, first split first.
pub fn parse_id(id: &str) -> Option<(&str, Vec<(&str, &str)>)> {
    let (pool, rest) = id.split_once(',')?;
    if pool.is_empty() {
        return None;
    }
    let splits: Vec<(&str, &str)> = rest
        .match_indices(',')
        .map(|(i, _)| (&rest[..i], &rest[i + 1..]))
        .filter(|(g, u)| !g.is_empty() && !u.is_empty())
        .collect();
    (!splits.is_empty()).then_some((pool, splits))
}

const DESCRIPTION: &str = r#"Adds a user of a Cognito user pool to a group of that pool. Members get the group in their tokens' `cognito:groups` claim, and its role in `cognito:roles`.

There is nothing to update in place: any change replaces the membership. Deleting it succeeds when the user, the group or the membership is already gone.

{{% examples %}}
## Example Usage
{{% example %}}
### A user in a group

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const admins = new cognito.UserGroup("admins", { userPoolId: pool.id, name: "admins" });
const alice = new cognito.User("alice", { userPoolId: pool.id, username: "alice" });
new cognito.UserInGroup("alice-admin", {
    userPoolId: pool.id,
    groupName: admins.name,
    username: alice.username,
});
```
```python
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
admins = cognito.UserGroup("admins", user_pool_id=pool.id, name="admins")
alice = cognito.User("alice", user_pool_id=pool.id, username="alice")
cognito.UserInGroup("alice-admin",
    user_pool_id=pool.id,
    group_name=admins.name,
    username=alice.username)
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
		admins, err := cognito.NewUserGroup(ctx, "admins", &cognito.UserGroupArgs{
			UserPoolId: pool.ID(),
			Name:       pulumi.String("admins"),
		})
		if err != nil {
			return err
		}
		alice, err := cognito.NewUser(ctx, "alice", &cognito.UserArgs{
			UserPoolId: pool.ID(),
			Username:   pulumi.String("alice"),
		})
		if err != nil {
			return err
		}
		_, err = cognito.NewUserInGroup(ctx, "alice-admin", &cognito.UserInGroupArgs{
			UserPoolId: pool.ID(),
			GroupName:  admins.Name,
			Username:   alice.Username,
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
  alice:
    type: cognito:User
    properties:
      userPoolId: ${pool.id}
      username: alice
  aliceAdmin:
    type: cognito:UserInGroup
    properties:
      userPoolId: ${pool.id}
      groupName: ${admins.name}
      username: ${alice.username}
```
{{% /example %}}
{{% /examples %}}

## Import

A membership is imported by the user pool id, the group name and the username joined by `,`:

```sh
$ pulumi import cognito:index:UserInGroup alice-admin us-east-1_AbC123,admins,alice
```

When the group name or the username itself holds a `,`, each reading of the id is tried in turn and the one that names an existing membership is imported.
"#;

#[async_trait]
impl Resource for UserInGroup {
    type Inputs = UserInGroupArgs;
    type Outputs = UserInGroupOutputs;
    const TOKEN: &'static str = "cognito:index:UserInGroup";
    const DESCRIPTION: &'static str = DESCRIPTION;
    const REPLACE_ON_CHANGES: &'static [&'static str] =
        &["groupName", "region", "userPoolId", "username"];

    fn check(i: &UserInGroupArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        for (k, v) in [("groupName", &i.group_name), ("username", &i.username)] {
            if !unknown(k) {
                c.rule(!v.is_empty(), k, "is required");
                c.printable(Some(v), 1, 128, k);
            }
        }
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &UserInGroupArgs) -> Result<String, OpError> {
        ctx.aws
            .call("AdminAddUserToGroup", None, || {
                ctx.aws
                    .idp()
                    .admin_add_user_to_group()
                    .user_pool_id(&i.user_pool_id)
                    .group_name(&i.group_name)
                    .username(&i.username)
                    .send()
            })
            .await?;
        Ok(make_id(&i.user_pool_id, &i.group_name, &i.username))
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserInGroupArgs>,
    ) -> Result<Option<Found<UserInGroupArgs, UserInGroupOutputs>>, ProviderError> {
        let Some((pool, splits)) = parse_id(id) else {
            return Err(ProviderError::InvalidArgument(format!(
                "cannot read group membership {id:?}: import it as <userPoolId>,<groupName>,<username>"
            )));
        };
        // The last inputs tell which reading is meant; an import tries each.
        let known = hint.filter(|h| make_id(&h.user_pool_id, &h.group_name, &h.username) == id);
        let candidates: Vec<(&str, &str)> = match known {
            Some(h) => vec![(h.group_name.as_str(), h.username.as_str())],
            None => splits,
        };
        for (group, user) in candidates {
            if member(ctx, pool, group, user).await? {
                return Ok(Some(Found {
                    id: make_id(pool, group, user),
                    inputs: UserInGroupArgs {
                        group_name: group.to_string(),
                        region: None,
                        user_pool_id: pool.to_string(),
                        username: user.to_string(),
                    },
                    outputs: UserInGroupOutputs {},
                }));
            }
        }
        Ok(None)
    }

    async fn update(
        _ctx: Ctx<'_>,
        _id: &str,
        _old: &UserInGroupArgs,
        _new: &UserInGroupArgs,
    ) -> Result<(), OpError> {
        // Every input replaces the membership, so there is never anything to update.
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, _id: &str, i: &UserInGroupArgs) -> Result<(), ProviderError> {
        match ctx
            .aws
            .call("AdminRemoveUserFromGroup", None, || {
                ctx.aws
                    .idp()
                    .admin_remove_user_from_group()
                    .user_pool_id(&i.user_pool_id)
                    .group_name(&i.group_name)
                    .username(&i.username)
                    .send()
            })
            .await
        {
            // The user, the group or the pool is gone (a membership that is gone alone is
            // no error to AWS).
            Err(e) if e.kind != ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// True if `user` of `pool` is in `group`; false if any of them is gone.
async fn member(ctx: Ctx<'_>, pool: &str, group: &str, user: &str) -> Result<bool, ProviderError> {
    let mut next: Option<String> = None;
    loop {
        let page = match ctx
            .aws
            .call("AdminListGroupsForUser", None, || {
                ctx.aws
                    .idp()
                    .admin_list_groups_for_user()
                    .user_pool_id(pool)
                    .username(user)
                    .limit(60)
                    .set_next_token(next.clone())
                    .send()
            })
            .await
        {
            Ok(p) => p,
            Err(e) if e.kind == ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        if page.groups().iter().any(|g| g.group_name() == Some(group)) {
            return Ok(true);
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            return Ok(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_list_every_reading() {
        let (pool, s) = parse_id("us-east-1_A,admins,alice").unwrap();
        assert_eq!(pool, "us-east-1_A");
        assert_eq!(s, vec![("admins", "alice")]);
        let (_, s) = parse_id("us-east-1_A,a,b,c").unwrap();
        assert_eq!(s, vec![("a", "b,c"), ("a,b", "c")]);
        assert!(parse_id("us-east-1_A,admins").is_none());
        assert!(parse_id(",a,b").is_none());
        assert!(parse_id("us-east-1_A,,b").is_none());
        assert!(parse_id("us-east-1_A/admins/alice").is_none());
    }
}
