//! `cognito:index:UserPoolClient`: an app client of a user pool.

use super::client_settings::{self as cs, apply_settings, ClientSettings};
use crate::aws::{AwsError, Created, NotFoundIsAnswer};
use crate::codec::PropPath;
use crate::error::{OpError, ProviderError};
use crate::resource::{ChangeRule, Ctx, Failure, Found, Naming, Resource};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use super::client_settings::{
    UserPoolClientAnalyticsConfiguration, UserPoolClientRefreshTokenRotation,
    UserPoolClientTokenValidityUnits,
};

/// The inputs of a user pool client.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolClientArgs {
    /// Whether the client gets a secret. Changing it replaces the client.
    pub generate_secret: Option<bool>,
    /// The client name, 1 to 128 characters. Generated from the resource name if unset.
    pub name: Option<String>,
    /// The AWS region to manage the client in; defaults to the provider's region. Changing it replaces the client.
    pub region: Option<String>,
    /// The user pool the client belongs to. Changing it replaces the client.
    #[serde(default)]
    pub user_pool_id: String,
    /// The client's settings.
    #[serde(flatten)]
    pub settings: ClientSettings,
}

/// The computed outputs of a user pool client.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolClientOutputs {
    /// The client secret, if `generateSecret` is true. Always secret.
    pub client_secret: Option<String>,
}

/// Applies the name and every setting to a CreateUserPoolClient or UpdateUserPoolClient
/// builder.
macro_rules! with_settings {
    ($b:expr, $i:expr) => {{
        let i: &UserPoolClientArgs = $i;
        apply_settings!(
            $b.client_name(i.name.clone().unwrap_or_default()),
            &i.settings
        )
    }};
}

/// The user pool client resource.
pub struct UserPoolClient;

#[async_trait]
impl Resource for UserPoolClient {
    type Inputs = UserPoolClientArgs;
    type Outputs = UserPoolClientOutputs;
    const TOKEN: &'static str = "cognito:index:UserPoolClient";
    const DESCRIPTION: &'static str =
        "A Cognito user pool client: what an application uses to sign users in.";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["userPoolId", "generateSecret", "region"];
    const SECRET_OUTPUTS: &'static [&'static str] = &["clientSecret"];
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[
        ("generateSecret", "false"),
        cs::DEFAULTS[0],
        cs::DEFAULTS[1],
        cs::DEFAULTS[2],
    ];
    const NAMING: Option<Naming> = Some(Naming {
        property: "name",
        max_len: 128,
    });
    const CHECK_CHANGE: Option<ChangeRule<UserPoolClientArgs>> = Some(Self::check_change);

    fn normalize(i: &mut UserPoolClientArgs) {
        i.settings.normalize();
    }

    fn check(i: &UserPoolClientArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let pool_unknown = unknowns.iter().any(|u| u.top() == Some("userPoolId"));
        c.rule(
            !i.user_pool_id.is_empty() || pool_unknown,
            "userPoolId",
            "is required",
        );
        c.name(i.name.as_deref(), "name");
        i.settings
            .check(&mut c, Some(i.generate_secret == Some(true)));
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &UserPoolClientArgs) -> Result<String, OpError> {
        let out = ctx
            .aws
            .create(
                "CreateUserPoolClient",
                Some(&i.user_pool_id),
                || {
                    let b = ctx
                        .aws
                        .idp()
                        .create_user_pool_client()
                        .user_pool_id(&i.user_pool_id)
                        .set_generate_secret(i.generate_secret);
                    with_settings!(b, i).send()
                },
                |since| {
                    clients_named(
                        ctx,
                        &i.user_pool_id,
                        i.name.as_deref().unwrap_or_default(),
                        since,
                    )
                },
            )
            .await?;
        match out {
            Created::New(out) => out
                .user_pool_client()
                .and_then(|c| c.client_id())
                .map(str::to_string)
                .ok_or_else(|| {
                    ProviderError::InvalidArgument("CreateUserPoolClient returned no id".into())
                        .into()
                }),
            Created::Adopted(id) => Ok(id),
        }
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserPoolClientArgs>,
    ) -> Result<Option<Found<UserPoolClientArgs, UserPoolClientOutputs>>, ProviderError> {
        let (pool, client) = match id.split_once('/') {
            Some((p, c)) => (p.to_string(), c.to_string()),
            None => match hint
                .map(|h| h.user_pool_id.clone())
                .filter(|p| !p.is_empty())
            {
                Some(p) => (p, id.to_string()),
                None => {
                    return Err(ProviderError::InvalidArgument(format!(
                        "cannot read user pool client {id:?}: import it as <userPoolId>/<clientId>"
                    )))
                }
            },
        };
        let Some(out) = ctx
            .aws
            .call("DescribeUserPoolClient", Some(&pool), || {
                ctx.aws
                    .idp()
                    .describe_user_pool_client()
                    .user_pool_id(&pool)
                    .client_id(&client)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(c) = out.user_pool_client() else {
            return Ok(None);
        };
        let inputs = UserPoolClientArgs {
            user_pool_id: pool,
            name: c.client_name().map(str::to_string),
            generate_secret: Some(c.client_secret().is_some()),
            region: None,
            settings: ClientSettings::from_aws(c),
        };
        Ok(Some(Found {
            id: client,
            inputs,
            outputs: UserPoolClientOutputs {
                client_secret: c.client_secret().map(str::to_string),
            },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &UserPoolClientArgs,
        i: &UserPoolClientArgs,
    ) -> Result<(), OpError> {
        // AWS resets omitted fields, so the full desired state is always sent.
        ctx.aws
            .call("UpdateUserPoolClient", Some(&i.user_pool_id), || {
                let b = ctx
                    .aws
                    .idp()
                    .update_user_pool_client()
                    .user_pool_id(&i.user_pool_id)
                    .client_id(id);
                with_settings!(b, i).send()
            })
            .await?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &UserPoolClientArgs) -> Result<(), ProviderError> {
        ctx.aws
            .call("DeleteUserPoolClient", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .delete_user_pool_client()
                    .user_pool_id(&i.user_pool_id)
                    .client_id(id)
                    .send()
            })
            .await
            .or_gone()
    }
}

impl UserPoolClient {
    /// The rules about changes (see [`Resource::CHECK_CHANGE`]).
    fn check_change(old: &UserPoolClientArgs, new: &UserPoolClientArgs) -> Vec<Failure> {
        ClientSettings::check_change(&old.settings, &new.settings)
    }
}

/// The ids of the clients of `pool` named `name` created since `since`.
async fn clients_named(
    ctx: Ctx<'_>,
    pool: &str,
    name: &str,
    since: aws_smithy_types::DateTime,
) -> Result<Vec<String>, AwsError> {
    let mut named = Vec::new();
    let mut next: Option<String> = None;
    loop {
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
        for c in page.user_pool_clients() {
            if c.client_name() == Some(name) {
                named.extend(c.client_id().map(str::to_string));
            }
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    let mut ids = Vec::new();
    for id in named {
        let d = ctx
            .aws
            .call("DescribeUserPoolClient", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_user_pool_client()
                    .user_pool_id(pool)
                    .client_id(&id)
                    .send()
            })
            .await?;
        // (moto reports no creation date; AWS always does.)
        if d.user_pool_client()
            .and_then(|c| c.creation_date())
            .is_none_or(|d| *d >= since)
        {
            ids.push(id);
        }
    }
    Ok(ids)
}
