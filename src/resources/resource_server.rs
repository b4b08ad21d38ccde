//! `cognito:index:ResourceServer`: an OAuth 2.0 resource server of a user pool, with the
//! custom scopes that clients ask for (`identifier/scopeName`).

use crate::aws::NotFoundIsAnswer;
use crate::codec::PropPath;
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Naming, Resource};
use crate::validate::{name_ok, Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A custom scope of a resource server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResourceServerScope {
    /// The scope's description, 1 to 256 characters.
    #[serde(default)]
    pub scope_description: String,
    /// The scope's name, 1 to 256 characters of AWS's set (printable ASCII without spaces,
    /// `"`, `/` or `\`). Clients ask for it as `identifier/scopeName`.
    #[serde(default)]
    pub scope_name: String,
}

/// The inputs of a resource server.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResourceServerArgs {
    /// The resource server's identifier, usually its URL (`https://api.example.com`): 1 to 256
    /// printable ASCII characters without spaces, `"` or `\`. Changing it replaces the
    /// resource server.
    #[serde(default)]
    pub identifier: String,
    /// The resource server's name, 1 to 256 characters of `[\w\s+=,.@-]`. Generated from the
    /// resource name if unset. Renaming updates in place.
    pub name: Option<String>,
    /// The AWS region to manage the resource server in; defaults to the provider's region.
    /// Changing it replaces the resource server.
    pub region: Option<String>,
    /// The custom scopes (at most 100). A set: their order does not matter. Changes update
    /// in place.
    pub scopes: Option<Vec<ResourceServerScope>>,
    /// The user pool the resource server belongs to. Changing it replaces the resource server.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of a resource server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResourceServerOutputs {
    /// Every scope as clients ask for it, `identifier/scopeName`, sorted.
    pub scope_identifiers: Vec<String>,
}

/// The resource server resource.
pub struct ResourceServer;

/// AWS's pattern for resource server identifiers: `[\x21\x23-\x5B\x5D-\x7E]+`.
static IDENTIFIER_RE: Pattern = Pattern::new(r"^[\x21\x23-\x5B\x5D-\x7E]+$");

/// AWS's pattern for scope names: `[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+`.
pub(crate) static SCOPE_NAME_RE: Pattern = Pattern::new(r"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$");

/// The id of a resource server: `poolId|identifier` (also its import id).
pub fn server_id(pool: &str, identifier: &str) -> String {
    format!("{pool}|{identifier}")
}

/// Splits an id `poolId|identifier`.
fn parse_id(id: &str) -> Result<(&str, &str), ProviderError> {
    match id.split_once('|') {
        Some((p, i)) if !p.is_empty() && !i.is_empty() => Ok((p, i)),
        _ => Err(ProviderError::InvalidArgument(format!(
            "cannot read resource server {id:?}: its id is <userPoolId>|<identifier>"
        ))),
    }
}

fn scope_identifiers(identifier: &str, scopes: Option<&[ResourceServerScope]>) -> Vec<String> {
    let mut v: Vec<String> = scopes
        .unwrap_or_default()
        .iter()
        .map(|s| format!("{identifier}/{}", s.scope_name))
        .collect();
    v.sort();
    v
}

fn sdk_scopes(i: &ResourceServerArgs) -> Option<Vec<t::ResourceServerScopeType>> {
    i.scopes.as_ref().map(|v| {
        v.iter()
            .filter_map(|s| {
                t::ResourceServerScopeType::builder()
                    .scope_name(&s.scope_name)
                    .scope_description(&s.scope_description)
                    .build()
                    .ok()
            })
            .collect()
    })
}

#[async_trait]
impl Resource for ResourceServer {
    type Inputs = ResourceServerArgs;
    type Outputs = ResourceServerOutputs;
    const TOKEN: &'static str = "cognito:index:ResourceServer";
    const DESCRIPTION: &'static str = r#"An OAuth 2.0 resource server of a Cognito user pool: an API and the custom scopes that app clients ask for, as `identifier/scopeName` (see `scopeIdentifiers`).

The name and the scopes update in place; `scopes` is a set, so reordering it is no change.

{{% examples %}}
## Example Usage
{{% example %}}
### A resource server with two scopes

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const api = new cognito.ResourceServer("api", {
    userPoolId: pool.id,
    identifier: "https://api.example.com",
    name: "api",
    scopes: [
        { scopeName: "read", scopeDescription: "Read access" },
        { scopeName: "write", scopeDescription: "Write access" },
    ],
});
export const scopes = api.scopeIdentifiers;
```
```python
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
api = cognito.ResourceServer("api",
    user_pool_id=pool.id,
    identifier="https://api.example.com",
    name="api",
    scopes=[
        cognito.ResourceServerScopeArgs(scope_name="read", scope_description="Read access"),
        cognito.ResourceServerScopeArgs(scope_name="write", scope_description="Write access"),
    ])
pulumi.export("scopes", api.scope_identifiers)
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
		api, err := cognito.NewResourceServer(ctx, "api", &cognito.ResourceServerArgs{
			UserPoolId: pool.ID(),
			Identifier: pulumi.String("https://api.example.com"),
			Name:       pulumi.String("api"),
			Scopes: cognito.ResourceServerScopeArray{
				cognito.ResourceServerScopeArgs{ScopeName: pulumi.String("read"), ScopeDescription: pulumi.String("Read access")},
				cognito.ResourceServerScopeArgs{ScopeName: pulumi.String("write"), ScopeDescription: pulumi.String("Write access")},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("scopes", api.ScopeIdentifiers)
		return nil
	})
}
```
```yaml
resources:
  pool:
    type: cognito:index:UserPool
  api:
    type: cognito:index:ResourceServer
    properties:
      userPoolId: ${pool.id}
      identifier: https://api.example.com
      name: api
      scopes:
        - scopeName: read
          scopeDescription: Read access
        - scopeName: write
          scopeDescription: Write access
outputs:
  scopes: ${api.scopeIdentifiers}
```
{{% /example %}}
{{% /examples %}}

## Import

A resource server is imported by its user pool id and identifier, joined by `|`:

```sh
$ pulumi import cognito:index:ResourceServer api "us-east-1_abc123|https://api.example.com"
```
"#;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["identifier", "region", "userPoolId"];
    const NAMING: Option<Naming> = Some(Naming {
        property: "name",
        max_len: 256,
    });

    fn normalize(i: &mut ResourceServerArgs) {
        if let Some(s) = &mut i.scopes {
            s.sort_by(|a, b| {
                (&a.scope_name, &a.scope_description).cmp(&(&b.scope_name, &b.scope_description))
            });
        }
        // No scopes and an empty list mean the same to AWS.
        if i.scopes.as_ref().is_some_and(Vec::is_empty) {
            i.scopes = None;
        }
    }

    fn check(i: &ResourceServerArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        c.pool_id(
            &i.user_pool_id,
            unknowns.contains(&PropPath::key("userPoolId")),
            "userPoolId",
        );
        if !unknowns.iter().any(|u| u.top() == Some("identifier")) {
            c.rule(!i.identifier.is_empty(), "identifier", "is required");
        }
        if !i.identifier.is_empty() {
            c.len(Some(&i.identifier), 1, 256, "identifier");
            c.pattern(
                Some(&i.identifier),
                &IDENTIFIER_RE,
                "must be printable ASCII without spaces, '\"' or '\\'",
                "identifier",
            );
        }
        c.len(i.name.as_deref(), 1, 256, "name");
        if let Some(n) = i.name.as_deref().filter(|n| !n.is_empty()) {
            c.rule_with(name_ok(n), "name", || {
                format!("must match [\\w\\s+=,.@-]+, got {n:?}")
            });
        }
        let scopes = i.scopes.as_deref().unwrap_or_default();
        c.rule_with(scopes.len() <= 100, "scopes", || {
            format!("at most 100 scopes are allowed, got {}", scopes.len())
        });
        for (n, s) in scopes.iter().enumerate() {
            let p = format_args!("scopes[{n}]");
            c.len(Some(&s.scope_name), 1, 256, format_args!("{p}.scopeName"));
            c.pattern(
                Some(&s.scope_name),
                &SCOPE_NAME_RE,
                "must be printable ASCII without spaces, '\"', '/' or '\\'",
                format_args!("{p}.scopeName"),
            );
            c.len(
                Some(&s.scope_description),
                1,
                256,
                format_args!("{p}.scopeDescription"),
            );
            c.rule_with(
                !scopes[..n].iter().any(|o| o.scope_name == s.scope_name),
                format_args!("{p}.scopeName"),
                || format!("duplicate scope name {:?}", s.scope_name),
            );
        }
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &ResourceServerArgs) -> Result<String, OpError> {
        ctx.aws
            .call("CreateResourceServer", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .create_resource_server()
                    .user_pool_id(&i.user_pool_id)
                    .identifier(&i.identifier)
                    .name(i.name.clone().unwrap_or_default())
                    .set_scopes(sdk_scopes(i))
                    .send()
            })
            .await?;
        Ok(server_id(&i.user_pool_id, &i.identifier))
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        _hint: Option<&ResourceServerArgs>,
    ) -> Result<Option<Found<ResourceServerArgs, ResourceServerOutputs>>, ProviderError> {
        let (pool, identifier) = parse_id(id)?;
        // Also the answer when the user pool is gone.
        let Some(out) = ctx
            .aws
            .call("DescribeResourceServer", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_resource_server()
                    .user_pool_id(pool)
                    .identifier(identifier)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(s) = out.resource_server() else {
            return Ok(None);
        };
        let scopes: Vec<ResourceServerScope> = s
            .scopes()
            .iter()
            .map(|x| ResourceServerScope {
                scope_name: x.scope_name().to_string(),
                scope_description: x.scope_description().to_string(),
            })
            .collect();
        let identifier = s.identifier().unwrap_or(identifier).to_string();
        let pool = s.user_pool_id().unwrap_or(pool).to_string();
        let inputs = ResourceServerArgs {
            identifier: identifier.clone(),
            name: s.name().map(str::to_string),
            region: None,
            scopes: (!scopes.is_empty()).then_some(scopes),
            user_pool_id: pool.clone(),
        };
        let outputs = ResourceServerOutputs {
            scope_identifiers: scope_identifiers(&identifier, inputs.scopes.as_deref()),
        };
        Ok(Some(Found {
            id: server_id(&pool, &identifier),
            inputs,
            outputs,
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        _id: &str,
        _old: &ResourceServerArgs,
        i: &ResourceServerArgs,
    ) -> Result<(), OpError> {
        // UpdateResourceServer replaces the name and the scopes: send both, with an empty
        // list when the user has none so that removed scopes go.
        ctx.aws
            .call("UpdateResourceServer", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .update_resource_server()
                    .user_pool_id(&i.user_pool_id)
                    .identifier(&i.identifier)
                    .name(i.name.clone().unwrap_or_default())
                    .set_scopes(Some(sdk_scopes(i).unwrap_or_default()))
                    .send()
            })
            .await?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, _i: &ResourceServerArgs) -> Result<(), ProviderError> {
        let (pool, identifier) = parse_id(id)?;
        ctx.aws
            .call("DeleteResourceServer", Some(pool), || {
                ctx.aws
                    .idp()
                    .delete_resource_server()
                    .user_pool_id(pool)
                    .identifier(identifier)
                    .send()
            })
            .await
            .or_gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_pool_ids() {
        assert_eq!(
            parse_id("us-east-1_abc|https://api.example.com").unwrap(),
            ("us-east-1_abc", "https://api.example.com")
        );
        assert!(parse_id("us-east-1_abc").is_err());
        assert!(parse_id("|x").is_err());
        assert_eq!(
            scope_identifiers(
                "api",
                Some(&[
                    ResourceServerScope {
                        scope_name: "w".into(),
                        scope_description: "d".into()
                    },
                    ResourceServerScope {
                        scope_name: "r".into(),
                        scope_description: "d".into()
                    }
                ])
            ),
            vec!["api/r", "api/w"]
        );
    }
}
