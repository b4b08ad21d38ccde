//! `cognito:index:User`: a user of a user pool, created by an administrator.

use crate::aws::NotFoundIsAnswer;
use crate::aws::{AwsError, ErrorKind};
use crate::codec::PropPath;
use crate::error::{OpError, PartialExt, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::resources::user_pool::date;
use crate::validate::{printable_ok, Checker};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The inputs of a user.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserArgs {
    /// The user's attributes, name to value. Standard attributes go by their name (`email`, `email_verified`, `phone_number`…); custom ones as `custom:<name>`, or by their bare name, which is read as `custom:<name>`; developer-only ones as `dev:custom:<name>`. `sub` is Cognito's and cannot be set (it is the `sub` output). Attributes Cognito adds on its own never show as drift. Updates in place; a removed attribute is deleted from the user.
    pub attributes: Option<BTreeMap<String, String>>,
    /// Key-value pairs for the Lambda triggers that creating the user (or updating its attributes) runs. Cognito does not store them: they are never read back and never drift.
    pub client_metadata: Option<BTreeMap<String, String>>,
    /// How the welcome message is sent: `EMAIL` (needs the `email` attribute) and/or `SMS` (needs `phone_number`; the default). Used on create only; never read back.
    pub desired_delivery_mediums: Option<Vec<String>>,
    /// Whether the user can sign in (default true). Updates in place, also right after create.
    pub enabled: Option<bool>,
    /// If true and the `email` or `phone_number` given is already another user's alias, the alias moves to this user. Used on create only; never read back.
    pub force_alias_creation: Option<bool>,
    /// `SUPPRESS` sends no welcome message; `RESEND` resends it to a user that already exists. Used on create only; never read back.
    pub message_action: Option<String>,
    /// The user's permanent password (6 to 256 characters, no spaces), set with `AdminSetUserPassword`: the user can sign in with it at once. Always secret; never read back. Conflicts with `temporaryPassword`. Changing it sets the new password; removing it does not reset or remove the user's password.
    pub password: Option<String>,
    /// The AWS region to manage the user in; defaults to the provider's region. Changing it replaces the user.
    pub region: Option<String>,
    /// A temporary password (6 to 256 characters, no spaces) that the user must change at first sign-in. Always secret; never read back. Conflicts with `password`. Changing it sets the new temporary password; removing it does not reset or remove the user's password.
    pub temporary_password: Option<String>,
    /// The user pool the user belongs to. Changing it replaces the user (a user pool's replacement replaces its users too).
    #[serde(default)]
    pub user_pool_id: String,
    /// The username, 1 to 128 characters without spaces. In a pool that signs in by email or phone number, this is that email or phone number: Cognito then names the user by its `sub`, and the resource keeps the username given here. Changing it replaces the user.
    #[serde(default)]
    pub username: String,
    /// Name-value pairs for the pre-sign-up Lambda trigger to validate. Cognito does not store them: they are never read back and never drift.
    pub validation_data: Option<BTreeMap<String, String>>,
}

/// The computed outputs of a user.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserOutputs {
    /// When the user was created (ISO 8601).
    pub creation_date: String,
    /// When the user was last modified (ISO 8601).
    pub last_modified_date: String,
    /// The MFA methods the user has activated, e.g. `SOFTWARE_TOKEN_MFA`.
    pub mfa_setting_lists: Vec<String>,
    /// The user's preferred MFA method, if any.
    pub preferred_mfa_setting: Option<String>,
    /// The user's status, e.g. `FORCE_CHANGE_PASSWORD` or `CONFIRMED`.
    pub status: String,
    /// The user's unique, never reassigned id (the `sub` attribute).
    pub sub: String,
}

/// The user resource.
pub struct User;

/// The standard attributes of a user pool (OpenID Connect's, plus Cognito's `sub`).
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];

/// The name AWS knows an attribute by: a standard attribute, `custom:<name>` and
/// `dev:custom:<name>` as they are; any other name is a custom attribute's bare name, as
/// pulumi-aws takes it, and gains `custom:`. Check and Read both pass names through this, so
/// the same attribute never reads back under another key.
pub fn attribute_name(k: &str) -> String {
    if STANDARD_ATTRIBUTES.contains(&k) || k.starts_with("custom:") || k.starts_with("dev:") {
        k.to_string()
    } else {
        format!("custom:{k}")
    }
}

/// An attribute's value in canonical form: the two `*_verified` flags as `true`/`false`.
fn attribute_value(k: &str, v: &str) -> String {
    if matches!(k, "email_verified" | "phone_number_verified")
        && (v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
    {
        v.to_ascii_lowercase()
    } else {
        v.to_string()
    }
}

/// Attributes with canonical names and values.
fn canonical(m: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    m.iter()
        .map(|(k, v)| {
            let k = attribute_name(k);
            let v = attribute_value(&k, v);
            (k, v)
        })
        .collect()
}

/// Splits a user id, `<userPoolId>/<username>`, on the first `/` only (a username may hold
/// `/`, a pool id never does).
pub fn parse_id(id: &str) -> Option<(&str, &str)> {
    id.split_once('/')
        .filter(|(p, n)| !p.is_empty() && !n.is_empty())
}

fn attribute_types(m: &BTreeMap<String, String>) -> Vec<t::AttributeType> {
    m.iter()
        .filter_map(|(k, v)| t::AttributeType::builder().name(k).value(v).build().ok())
        .collect()
}

const DESCRIPTION: &str = r#"A user of a Cognito user pool, created by an administrator (`AdminCreateUser`): break-glass administrators, service accounts, test users.

`attributes`, `enabled`, `password` and `temporaryPassword` update in place; `username` and `userPoolId` replace the user, so a user pool's replacement replaces its users too. `password` sets a permanent password (the user can sign in at once); `temporaryPassword` one the user must change at first sign-in. Both are always secret and never read back. **Removing `password` or `temporaryPassword` from the program does not reset or remove the user's password in Cognito.** `clientMetadata`, `validationData`, `messageAction`, `forceAliasCreation` and `desiredDeliveryMediums` are used when the user is created (client metadata also on attribute updates); Cognito does not store them, so they are never read back and never drift.

{{% examples %}}
## Example Usage
{{% example %}}
### A service account with a permanent password

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const svc = new cognito.User("svc", {
    userPoolId: pool.id,
    username: "ci-bot",
    password: "Correct-Horse-Battery-9",
    messageAction: "SUPPRESS",
    attributes: {
        email: "ci-bot@example.com",
        email_verified: "true",
        "custom:team": "platform",
    },
});
export const sub = svc.sub;
```
```python
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
svc = cognito.User("svc",
    user_pool_id=pool.id,
    username="ci-bot",
    password="Correct-Horse-Battery-9",
    message_action="SUPPRESS",
    attributes={
        "email": "ci-bot@example.com",
        "email_verified": "true",
        "custom:team": "platform",
    })
pulumi.export("sub", svc.sub)
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
		svc, err := cognito.NewUser(ctx, "svc", &cognito.UserArgs{
			UserPoolId:    pool.ID(),
			Username:      pulumi.String("ci-bot"),
			Password:      pulumi.String("Correct-Horse-Battery-9"),
			MessageAction: pulumi.String("SUPPRESS"),
			Attributes: pulumi.StringMap{
				"email":          pulumi.String("ci-bot@example.com"),
				"email_verified": pulumi.String("true"),
				"custom:team":    pulumi.String("platform"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("sub", svc.Sub)
		return nil
	})
}
```
```yaml
resources:
  pool:
    type: cognito:UserPool
  svc:
    type: cognito:User
    properties:
      userPoolId: ${pool.id}
      username: ci-bot
      password: Correct-Horse-Battery-9
      messageAction: SUPPRESS
      attributes:
        email: ci-bot@example.com
        email_verified: "true"
        custom:team: platform
outputs:
  sub: ${svc.sub}
```
{{% /example %}}
{{% /examples %}}

## Import

A user is imported by its user pool id and username joined by `/` (the username may itself contain `/`). Passwords and the create-only inputs cannot be read back, so an imported user has none of them.

```sh
$ pulumi import cognito:index:User svc us-east-1_AbC123/ci-bot
```
"#;

#[async_trait]
impl Resource for User {
    type Inputs = UserArgs;
    type Outputs = UserOutputs;
    const TOKEN: &'static str = "cognito:index:User";
    const DESCRIPTION: &'static str = DESCRIPTION;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["region", "userPoolId", "username"];
    const SECRET_OUTPUTS: &'static [&'static str] = &["password", "temporaryPassword"];
    const WRITE_ONLY: &'static [&'static str] = &[
        "clientMetadata",
        "desiredDeliveryMediums",
        "forceAliasCreation",
        "messageAction",
        "password",
        "temporaryPassword",
        "validationData",
    ];
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[("enabled", "true")];

    fn normalize(i: &mut UserArgs) {
        if let Some(a) = &mut i.attributes {
            *a = canonical(a);
        }
        if let Some(d) = &mut i.desired_delivery_mediums {
            d.sort();
            d.dedup();
        }
    }

    fn check(i: &UserArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        if !unknown("username") {
            c.rule(!i.username.is_empty(), "username", "is required");
            c.printable(Some(&i.username), 1, 128, "username");
        }
        c.rule(
            i.password.is_none() || i.temporary_password.is_none(),
            "temporaryPassword",
            "conflicts with password: set one or the other",
        );
        for (k, v) in [
            ("password", &i.password),
            ("temporaryPassword", &i.temporary_password),
        ] {
            // Passwords are secret: the failures never quote them.
            if let Some(v) = v {
                let n = v.chars().count();
                c.rule_with((6..=256).contains(&n), k, || {
                    format!("must be 6 to 256 characters long, got {n}")
                });
                c.rule(
                    !v.chars().any(char::is_whitespace),
                    k,
                    "must not contain spaces or other whitespace",
                );
            }
        }
        c.one_of(
            i.message_action.as_deref(),
            &["RESEND", "SUPPRESS"],
            "messageAction",
        );
        c.each_one_of(
            i.desired_delivery_mediums.as_deref(),
            &["EMAIL", "SMS"],
            "desiredDeliveryMediums",
        );
        for (field, m) in [
            ("attributes", &i.attributes),
            ("validationData", &i.validation_data),
        ] {
            for (k, v) in m.iter().flatten() {
                let p = format_args!("{field}[{k:?}]");
                c.rule_with(!k.is_empty() && k.chars().count() <= 32, p, || {
                    format!(
                        "a name must be 1 to 32 characters long, got {}",
                        k.chars().count()
                    )
                });
                c.rule(
                    k.is_empty() || printable_ok(k),
                    p,
                    "a name must be letters, digits, symbols or punctuation without spaces",
                );
                c.rule_with(v.chars().count() <= 2048, p, || {
                    format!(
                        "a value must be at most 2048 characters long, got {}",
                        v.chars().count()
                    )
                });
            }
        }
        for k in i.attributes.iter().flatten().map(|(k, _)| k) {
            let p = format_args!("attributes[{k:?}]");
            c.rule(
                k != "sub",
                p,
                "sub is Cognito's id of the user and cannot be set (read it from the sub output)",
            );
            c.rule(
                !k.starts_with("dev:") || (k.starts_with("dev:custom:") && k.len() > 11),
                p,
                "a developer-only attribute is named dev:custom:<name>",
            );
            c.rule(
                !k.starts_with("custom:") || k.len() > 7,
                p,
                "a custom attribute is named custom:<name>",
            );
        }
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &UserArgs) -> Result<String, OpError> {
        let pool = &i.user_pool_id;
        let user = &i.username;
        let id = format!("{pool}/{user}");
        ctx.aws
            .create(
                "AdminCreateUser",
                None,
                || {
                    ctx.aws
                        .idp()
                        .admin_create_user()
                        .user_pool_id(pool)
                        .username(user)
                        .set_user_attributes(i.attributes.as_ref().map(attribute_types))
                        .set_validation_data(i.validation_data.as_ref().map(attribute_types))
                        .set_temporary_password(i.temporary_password.clone())
                        .set_force_alias_creation(i.force_alias_creation)
                        .set_message_action(i.message_action.as_deref().map(Into::into))
                        .set_desired_delivery_mediums(
                            i.desired_delivery_mediums
                                .as_ref()
                                .map(|v| v.iter().map(|m| m.as_str().into()).collect()),
                        )
                        .set_client_metadata(
                            i.client_metadata.clone().map(|m| m.into_iter().collect()),
                        )
                        .send()
                },
                |since| user_created_since(ctx, pool, user, since),
            )
            .await?;
        if i.enabled == Some(false) {
            set_enabled(ctx, pool, user, false).await.partial(&id)?;
        }
        if let Some(p) = &i.password {
            set_password(ctx, pool, user, p, true).await.partial(&id)?;
        }
        Ok(id)
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserArgs>,
    ) -> Result<Option<Found<UserArgs, UserOutputs>>, ProviderError> {
        let Some((pool, user)) = parse_id(id) else {
            return Err(ProviderError::InvalidArgument(format!(
                "cannot read user {id:?}: import it as <userPoolId>/<username>"
            )));
        };
        // By the username the program gave: in a pool that signs in by email, that is the
        // email, which AWS resolves to the user it named by its sub.
        // The user, or its whole pool, is gone.
        let Some(u) = ctx
            .aws
            .call("AdminGetUser", None, || {
                ctx.aws
                    .idp()
                    .admin_get_user()
                    .user_pool_id(pool)
                    .username(user)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let known: BTreeSet<&str> = hint
            .and_then(|h| h.attributes.as_ref())
            .map(|a| a.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut sub = String::new();
        let mut attributes = BTreeMap::new();
        for a in u.user_attributes() {
            let (name, value) = (a.name(), a.value().unwrap_or_default());
            if name == "sub" {
                sub = value.to_string();
                continue;
            }
            let mut key = attribute_name(name);
            // A developer-only attribute the program names dev:custom:x keeps that name
            // even if AWS reports it as custom:x.
            let dev = format!("dev:{key}");
            if !known.contains(key.as_str()) && known.contains(dev.as_str()) {
                key = dev;
            }
            let value = attribute_value(&key, value);
            attributes.insert(key, value);
        }
        Ok(Some(Found {
            id: format!("{pool}/{user}"),
            inputs: UserArgs {
                attributes: (!attributes.is_empty()).then_some(attributes),
                enabled: Some(u.enabled()),
                user_pool_id: pool.to_string(),
                username: user.to_string(),
                ..Default::default()
            },
            outputs: UserOutputs {
                creation_date: u.user_create_date().map(date).unwrap_or_default(),
                last_modified_date: u.user_last_modified_date().map(date).unwrap_or_default(),
                mfa_setting_lists: u.user_mfa_setting_list().to_vec(),
                preferred_mfa_setting: u
                    .preferred_mfa_setting()
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                status: u
                    .user_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                sub,
            },
        }))
    }

    async fn update(ctx: Ctx<'_>, id: &str, old: &UserArgs, new: &UserArgs) -> Result<(), OpError> {
        let (pool, user) = parse_id(id).unwrap_or((&new.user_pool_id, &new.username));
        let none = BTreeMap::new();
        let (was, is) = (
            old.attributes.as_ref().unwrap_or(&none),
            new.attributes.as_ref().unwrap_or(&none),
        );
        let changed: BTreeMap<String, String> = is
            .iter()
            .filter(|(k, v)| was.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !changed.is_empty() {
            ctx.aws
                .call("AdminUpdateUserAttributes", None, || {
                    ctx.aws
                        .idp()
                        .admin_update_user_attributes()
                        .user_pool_id(pool)
                        .username(user)
                        .set_user_attributes(Some(attribute_types(&changed)))
                        .set_client_metadata(
                            new.client_metadata.clone().map(|m| m.into_iter().collect()),
                        )
                        .send()
                })
                .await
                .partial(id)?;
        }
        let removed: Vec<&String> = was.keys().filter(|k| !is.contains_key(*k)).collect();
        if !removed.is_empty() {
            delete_attributes(ctx, pool, user, &removed)
                .await
                .partial(id)?;
        }
        if old.enabled.unwrap_or(true) != new.enabled.unwrap_or(true) {
            set_enabled(ctx, pool, user, new.enabled.unwrap_or(true))
                .await
                .partial(id)?;
        }
        if let Some(p) = new
            .temporary_password
            .as_ref()
            .filter(|p| old.temporary_password.as_ref() != Some(*p))
        {
            set_password(ctx, pool, user, p, false).await.partial(id)?;
        }
        if let Some(p) = new
            .password
            .as_ref()
            .filter(|p| old.password.as_ref() != Some(*p))
        {
            set_password(ctx, pool, user, p, true).await.partial(id)?;
        }
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &UserArgs) -> Result<(), ProviderError> {
        let (pool, user) = parse_id(id).unwrap_or((&i.user_pool_id, &i.username));
        ctx.aws
            .call("AdminDeleteUser", None, || {
                ctx.aws
                    .idp()
                    .admin_delete_user()
                    .user_pool_id(pool)
                    .username(user)
                    .send()
            })
            .await
            .or_gone()
    }
}

async fn set_enabled(ctx: Ctx<'_>, pool: &str, user: &str, enabled: bool) -> Result<(), AwsError> {
    if enabled {
        ctx.aws
            .call("AdminEnableUser", None, || {
                ctx.aws
                    .idp()
                    .admin_enable_user()
                    .user_pool_id(pool)
                    .username(user)
                    .send()
            })
            .await?;
    } else {
        ctx.aws
            .call("AdminDisableUser", None, || {
                ctx.aws
                    .idp()
                    .admin_disable_user()
                    .user_pool_id(pool)
                    .username(user)
                    .send()
            })
            .await?;
    }
    Ok(())
}

async fn set_password(
    ctx: Ctx<'_>,
    pool: &str,
    user: &str,
    password: &str,
    permanent: bool,
) -> Result<(), AwsError> {
    ctx.aws
        .call("AdminSetUserPassword", None, || {
            ctx.aws
                .idp()
                .admin_set_user_password()
                .user_pool_id(pool)
                .username(user)
                .password(password)
                .permanent(permanent)
                .send()
        })
        .await?;
    Ok(())
}

/// Deletes the attributes `names` the user still has (one deleted out of band is already
/// where the program wants it; moto, unlike AWS, refuses to delete a missing one).
async fn delete_attributes(
    ctx: Ctx<'_>,
    pool: &str,
    user: &str,
    names: &[&String],
) -> Result<(), AwsError> {
    let u = ctx
        .aws
        .call("AdminGetUser", None, || {
            ctx.aws
                .idp()
                .admin_get_user()
                .user_pool_id(pool)
                .username(user)
                .send()
        })
        .await?;
    let held: BTreeSet<&str> = u.user_attributes().iter().map(|a| a.name()).collect();
    let names: Vec<String> = names
        .iter()
        .filter_map(|n| {
            // A developer-only attribute may be reported without its `dev:` prefix.
            let bare = n.strip_prefix("dev:").unwrap_or(n);
            (held.contains(n.as_str()) || held.contains(bare)).then(|| n.to_string())
        })
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    ctx.aws
        .call("AdminDeleteUserAttributes", None, || {
            ctx.aws
                .idp()
                .admin_delete_user_attributes()
                .user_pool_id(pool)
                .username(user)
                .set_user_attribute_names(Some(names.clone()))
                .send()
        })
        .await?;
    Ok(())
}

/// The id of `user` of `pool` if it was created since `since` (after an ambiguous
/// AdminCreateUser failure; see [`crate::aws::Aws::create`]).
async fn user_created_since(
    ctx: Ctx<'_>,
    pool: &str,
    user: &str,
    since: aws_smithy_types::DateTime,
) -> Result<Vec<String>, AwsError> {
    match ctx
        .aws
        .call("AdminGetUser", None, || {
            ctx.aws
                .idp()
                .admin_get_user()
                .user_pool_id(pool)
                .username(user)
                .send()
        })
        .await
    {
        Ok(u) if u.user_create_date().is_none_or(|d| *d >= since) => {
            Ok(vec![format!("{pool}/{user}")])
        }
        Ok(_) => Ok(Vec::new()),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_names_are_canonical_both_ways() {
        for (given, aws) in [
            ("email", "email"),
            ("email_verified", "email_verified"),
            ("team", "custom:team"),
            ("custom:team", "custom:team"),
            ("dev:custom:tenant", "dev:custom:tenant"),
        ] {
            assert_eq!(attribute_name(given), aws);
            // What AWS reports reads back as itself.
            assert_eq!(attribute_name(aws), aws);
        }
        assert_eq!(attribute_value("email_verified", "True"), "true");
        assert_eq!(attribute_value("custom:flag", "True"), "True");
    }

    #[test]
    fn ids_split_on_the_first_slash_only() {
        assert_eq!(
            parse_id("us-east-1_A/alice/ops"),
            Some(("us-east-1_A", "alice/ops"))
        );
        assert_eq!(parse_id("alice"), None);
    }
}
