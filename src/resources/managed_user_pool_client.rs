//! `cognito:index:ManagedUserPoolClient`: an app client that another AWS service created
//! (OpenSearch's `AmazonOpenSearchService-*`), adopted by name and configured like a
//! `UserPoolClient`.
//!
//! Create waits, with backoff and progress reports within the engine's timeout, until
//! exactly one client of the pool matches `namePattern` or `namePrefix`, then applies the
//! settings. Delete leaves the client to the service that owns it.

use super::client_settings::{self as cs, apply_settings, ClientSettings};
use crate::aws::NotFoundIsAnswer;
use crate::codec::PropPath;
use crate::error::{OpError, PartialExt, ProviderError};
use crate::progress;
use crate::resource::{ChangeRule, Ctx, Failure, Found, Resource};
use crate::validate::Checker;
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use regex::{Regex, RegexBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::time::Instant;

/// The inputs of a managed user pool client.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedUserPoolClientArgs {
    /// A regular expression (Rust `regex` syntax, unanchored) that the name of exactly one
    /// client of the pool matches: the client to adopt. Conflicts with `namePrefix`. Changing
    /// it replaces the resource.
    pub name_pattern: Option<String>,
    /// The beginning of the name of exactly one client of the pool: the client to adopt.
    /// Conflicts with `namePattern`. Changing it replaces the resource.
    pub name_prefix: Option<String>,
    /// The AWS region to manage the client in; defaults to the provider's region. Changing it
    /// replaces the resource.
    pub region: Option<String>,
    /// The user pool the client belongs to. Changing it replaces the resource.
    #[serde(default)]
    pub user_pool_id: String,
    /// The client's settings.
    #[serde(flatten)]
    pub settings: ClientSettings,
}

/// The computed outputs of a managed user pool client.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedUserPoolClientOutputs {
    /// The client secret, if the service created the client with one. Always secret.
    pub client_secret: Option<String>,
    /// The name of the adopted client.
    pub name: Option<String>,
}

/// The managed user pool client resource.
pub struct ManagedUserPoolClient;

/// How long create waits for a matching client when the engine sets no timeout.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10 * 60);
/// The first pause between listings of the pool's clients; it doubles up to [`MAX_POLL`].
const FIRST_POLL: Duration = Duration::from_secs(1);
/// The longest pause between listings.
const MAX_POLL: Duration = Duration::from_secs(30);
/// The most compiled-program memory a `namePattern` may take (the `regex` crate refuses
/// bigger ones with an error, which Check reports).
const PATTERN_SIZE_LIMIT: usize = 1 << 20;
/// How many client names an error lists before it says how many more there are.
const NAMES_SHOWN: usize = 20;

/// Compiles a `namePattern`.
fn pattern(p: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(p).size_limit(PATTERN_SIZE_LIMIT).build()
}

/// What selects the client to adopt.
enum Selector {
    Pattern(String, Regex),
    Prefix(String),
}

impl Selector {
    fn of(i: &ManagedUserPoolClientArgs) -> Result<Selector, ProviderError> {
        match (&i.name_pattern, &i.name_prefix) {
            (Some(p), None) => pattern(p)
                .map(|re| Selector::Pattern(p.clone(), re))
                .map_err(|e| ProviderError::InvalidArgument(format!("namePattern: {e}"))),
            (None, Some(p)) => Ok(Selector::Prefix(p.clone())),
            _ => Err(ProviderError::InvalidArgument(
                "exactly one of namePattern and namePrefix must be set".into(),
            )),
        }
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            Selector::Pattern(_, re) => re.is_match(name),
            Selector::Prefix(p) => name.starts_with(p.as_str()),
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Pattern(p, _) => write!(f, "namePattern {p:?}"),
            Selector::Prefix(p) => write!(f, "namePrefix {p:?}"),
        }
    }
}

/// `name (id), ...` for an error message, at most [`NAMES_SHOWN`] of them.
fn listing(clients: &[(String, String)]) -> String {
    if clients.is_empty() {
        return "none".into();
    }
    let mut s = clients
        .iter()
        .take(NAMES_SHOWN)
        .map(|(id, name)| format!("{name} ({id})"))
        .collect::<Vec<_>>()
        .join(", ");
    if clients.len() > NAMES_SHOWN {
        s.push_str(&format!(" and {} more", clients.len() - NAMES_SHOWN));
    }
    s
}

/// Every client of `pool` as `(id, name)`, following the pages to the end; `None` if the
/// pool does not exist.
async fn list_clients(
    ctx: Ctx<'_>,
    pool: &str,
) -> Result<Option<Vec<(String, String)>>, ProviderError> {
    let mut all = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let Some(page) = ctx
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
            .await
            .found()?
        else {
            return Ok(None);
        };
        for c in page.user_pool_clients() {
            if let Some(id) = c.client_id() {
                all.push((
                    id.to_string(),
                    c.client_name().unwrap_or_default().to_string(),
                ));
            }
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            return Ok(Some(all));
        }
    }
}

/// Waits, with backoff and progress reports, until exactly one client of the pool matches;
/// returns its `(id, name)`.
async fn find_one(
    ctx: Ctx<'_>,
    pool: &str,
    select: &Selector,
) -> Result<(String, String), ProviderError> {
    let stop = progress::wait_until(DEFAULT_WAIT);
    let started = Instant::now();
    let mut pause = FIRST_POLL;
    loop {
        let Some(all) = list_clients(ctx, pool).await? else {
            return Err(ProviderError::InvalidArgument(format!(
                "user pool {pool} does not exist, so it has no client to adopt"
            )));
        };
        let mut matched: Vec<(String, String)> = all
            .iter()
            .filter(|(_, name)| select.matches(name))
            .cloned()
            .collect();
        match matched.len() {
            1 => {
                let found = matched.remove(0);
                if started.elapsed() >= FIRST_POLL {
                    progress::report(&format!(
                        "{select} matched client {} ({})",
                        found.1, found.0
                    ));
                }
                return Ok(found);
            }
            0 => {}
            n => {
                return Err(ProviderError::InvalidArgument(format!(
                "{select} matches {n} clients of user pool {pool}: {}; it must match exactly one",
                listing(&matched)
            )))
            }
        }
        let now = Instant::now();
        if now >= stop {
            return Err(ProviderError::Timeout(format!(
                "waiting for exactly one client of user pool {pool} to match {select} (none after {}s; the pool's clients: {}; check the pattern, or raise customTimeouts if the service that creates the client is still at work)",
                started.elapsed().as_secs(),
                listing(&all)
            )));
        }
        progress::report(&format!(
            "no client of user pool {pool} matches {select} yet ({} clients, {}s); waiting for the service that creates it",
            all.len(),
            started.elapsed().as_secs()
        ));
        tokio::time::sleep(pause.min(stop - now)).await;
        pause = (pause * 2).min(MAX_POLL);
    }
}

/// DescribeUserPoolClient; `None` if the client or its pool is gone.
async fn describe(
    ctx: Ctx<'_>,
    pool: &str,
    client: &str,
) -> Result<Option<t::UserPoolClientType>, ProviderError> {
    Ok(ctx
        .aws
        .call("DescribeUserPoolClient", Some(pool), || {
            ctx.aws
                .idp()
                .describe_user_pool_client()
                .user_pool_id(pool)
                .client_id(client)
                .send()
        })
        .await
        .found()?
        .and_then(|o| o.user_pool_client))
}

/// Sends the complete configuration (AWS resets whatever UpdateUserPoolClient is not sent),
/// keeping the client's own name.
async fn apply(
    ctx: Ctx<'_>,
    i: &ManagedUserPoolClientArgs,
    id: &str,
    name: &str,
) -> Result<(), ProviderError> {
    ctx.aws
        .call("UpdateUserPoolClient", Some(&i.user_pool_id), || {
            let b = ctx
                .aws
                .idp()
                .update_user_pool_client()
                .user_pool_id(&i.user_pool_id)
                .client_id(id)
                .client_name(name);
            apply_settings!(b, &i.settings).send()
        })
        .await?;
    Ok(())
}

#[async_trait]
impl Resource for ManagedUserPoolClient {
    type Inputs = ManagedUserPoolClientArgs;
    type Outputs = ManagedUserPoolClientOutputs;
    const TOKEN: &'static str = "cognito:index:ManagedUserPoolClient";
    const DESCRIPTION: &'static str = include_str!("managed_user_pool_client.md");
    const REPLACE_ON_CHANGES: &'static [&'static str] =
        &["namePattern", "namePrefix", "region", "userPoolId"];
    const SECRET_OUTPUTS: &'static [&'static str] = &["clientSecret"];
    const DEFAULTS: &'static [(&'static str, &'static str)] = cs::DEFAULTS;
    const TYPE_NAMES: &'static [(&'static str, &'static str)] = &[
        (
            "UserPoolClientAnalyticsConfiguration",
            "ManagedUserPoolClientAnalyticsConfiguration",
        ),
        (
            "UserPoolClientRefreshTokenRotation",
            "ManagedUserPoolClientRefreshTokenRotation",
        ),
        (
            "UserPoolClientTokenValidityUnits",
            "ManagedUserPoolClientTokenValidityUnits",
        ),
    ];
    const CHECK_CHANGE: Option<ChangeRule<ManagedUserPoolClientArgs>> =
        Some(|old, new| ClientSettings::check_change(&old.settings, &new.settings));

    fn normalize(i: &mut ManagedUserPoolClientArgs) {
        i.settings.normalize();
    }

    fn check(i: &ManagedUserPoolClientArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        let pattern_set = i.name_pattern.is_some() || unknown("namePattern");
        let prefix_set = i.name_prefix.is_some() || unknown("namePrefix");
        c.rule(
            !(pattern_set && prefix_set),
            "namePattern",
            "conflicts with namePrefix: set one of them",
        );
        c.rule(
            pattern_set || prefix_set,
            "namePattern",
            "namePattern or namePrefix is required: it selects the client to adopt",
        );
        if let Some(p) = &i.name_pattern {
            c.rule(!p.is_empty(), "namePattern", "must not be empty");
            if let Err(e) = pattern(p) {
                c.rule_with(false, "namePattern", || {
                    format!("is not a valid regular expression: {e}")
                });
            }
        }
        // A prefix of a client name: AWS's name pattern and length.
        c.name(i.name_prefix.as_deref(), "namePrefix");
        i.settings.check(&mut c, None);
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &ManagedUserPoolClientArgs) -> Result<String, OpError> {
        let select = Selector::of(i)?;
        let (id, name) = find_one(ctx, &i.user_pool_id, &select).await?;
        progress::report(&format!(
            "adopting client {name} ({id}) of user pool {}",
            i.user_pool_id
        ));
        apply(ctx, i, &id, &name).await.partial(&id)?;
        Ok(id)
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&ManagedUserPoolClientArgs>,
    ) -> Result<Option<Found<ManagedUserPoolClientArgs, ManagedUserPoolClientOutputs>>, ProviderError>
    {
        let (pool, client) = match id.split_once('/') {
            Some((p, c)) => (p.to_string(), c.to_string()),
            None => match hint
                .map(|h| h.user_pool_id.clone())
                .filter(|p| !p.is_empty())
            {
                Some(p) => (p, id.to_string()),
                None => {
                    return Err(ProviderError::InvalidArgument(format!(
                        "cannot read managed user pool client {id:?}: import it as <userPoolId>/<clientId>"
                    )))
                }
            },
        };
        let Some(c) = describe(ctx, &pool, &client).await? else {
            return Ok(None);
        };
        let name = c.client_name().unwrap_or_default().to_string();
        let (name_pattern, name_prefix) = match hint {
            Some(h) if h.name_pattern.is_some() || h.name_prefix.is_some() => {
                (h.name_pattern.clone(), h.name_prefix.clone())
            }
            // An import: the pattern that selects exactly this name.
            _ => (Some(format!("^{}$", regex::escape(&name))), None),
        };
        Ok(Some(Found {
            id: client,
            inputs: ManagedUserPoolClientArgs {
                name_pattern,
                name_prefix,
                region: None,
                user_pool_id: pool,
                settings: ClientSettings::from_aws(&c),
            },
            outputs: ManagedUserPoolClientOutputs {
                client_secret: c.client_secret().map(str::to_string),
                name: Some(name),
            },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &ManagedUserPoolClientArgs,
        i: &ManagedUserPoolClientArgs,
    ) -> Result<(), OpError> {
        let Some(c) = describe(ctx, &i.user_pool_id, id).await? else {
            return Err(ProviderError::InvalidArgument(format!(
                "client {id} of user pool {} is gone (did the service that created it delete it?): run `pulumi refresh`",
                i.user_pool_id
            ))
            .into());
        };
        apply(ctx, i, id, c.client_name().unwrap_or_default()).await?;
        Ok(())
    }

    async fn delete(
        _ctx: Ctx<'_>,
        _id: &str,
        _i: &ManagedUserPoolClientArgs,
    ) -> Result<(), ProviderError> {
        // The client belongs to the service that created it: it stays, as configured.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pattern: Option<&str>, prefix: Option<&str>) -> ManagedUserPoolClientArgs {
        ManagedUserPoolClientArgs {
            name_pattern: pattern.map(str::to_string),
            name_prefix: prefix.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn selectors_match_names() {
        let s = Selector::of(&args(Some("^AmazonOpenSearchService-"), None)).unwrap();
        assert!(s.matches("AmazonOpenSearchService-abc"));
        assert!(!s.matches("x-AmazonOpenSearchService-abc"));
        let s = Selector::of(&args(None, Some("Amazon"))).unwrap();
        assert!(s.matches("AmazonX") && !s.matches("amazonX"));
        assert!(Selector::of(&args(Some("("), None)).is_err());
        assert!(Selector::of(&args(Some("a"), Some("b"))).is_err());
        assert!(Selector::of(&args(None, None)).is_err());
    }

    #[test]
    fn listings_are_bounded() {
        assert_eq!(listing(&[]), "none");
        let many: Vec<_> = (0..25)
            .map(|n| (format!("id{n}"), format!("c{n}")))
            .collect();
        let s = listing(&many);
        assert!(
            s.starts_with("c0 (id0), c1 (id1)") && s.ends_with(" and 5 more"),
            "{s}"
        );
    }
}
