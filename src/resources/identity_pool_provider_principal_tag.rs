//! `cognito:index:IdentityPoolProviderPrincipalTag`: which claims of an identity provider's
//! tokens become principal tags on the AWS session (attributes for access control). A
//! [`Setting`] on one provider of an identity pool.

use super::identity_pool::{check_identity_pool_id, split_identity_pool_id};
use super::settings::Setting;
use crate::codec::PropPath;
use crate::error::ProviderError;
use crate::resource::{Ctx, Failure};
use crate::validate::Checker;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The inputs of a principal tag mapping.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolProviderPrincipalTagArgs {
    /// The identity pool, `<region>:<uuid>`. Changing it replaces the mapping.
    #[serde(default)]
    pub identity_pool_id: String,
    /// The identity provider of the pool whose claims are mapped (1 to 128 characters): a user pool's `endpoint`, `cognito-idp.<region>.amazonaws.com/<userPoolId>`, a login provider such as `accounts.google.com`, or an OpenID Connect or SAML provider ARN. Changing it replaces the mapping.
    #[serde(default)]
    pub identity_provider_name: String,
    /// Principal tag name → the token claim it takes its value from, e.g. `team` → `custom:team` (at most 50; names 1 to 128 characters, claims 1 to 256).
    pub principal_tags: Option<BTreeMap<String, String>>,
    /// The AWS region of the identity pool; defaults to the provider's region. Changing it replaces the mapping.
    pub region: Option<String>,
    /// Whether to use the default mappings (`username` → `sub`, `client` → `aud`). Defaults to true, as in pulumi-aws; set it to false to use only `principalTags`.
    pub use_defaults: Option<bool>,
}

/// A principal tag mapping has no computed outputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IdentityPoolProviderPrincipalTagOutputs {}

/// The principal tag mapping resource.
pub struct IdentityPoolProviderPrincipalTag;

/// One identity provider of one identity pool; the id is `<identityPoolId>:<providerName>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderKey {
    /// The identity pool id.
    pub pool: String,
    /// The identity provider name (may hold `:`s, as an OIDC provider ARN does).
    pub provider: String,
}

impl fmt::Display for ProviderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.pool, self.provider)
    }
}

/// At most this many principal tags per provider (the API's `PrincipalTags` map).
const MAX_TAGS: usize = 50;

#[async_trait]
impl Setting for IdentityPoolProviderPrincipalTag {
    type Inputs = IdentityPoolProviderPrincipalTagArgs;
    type Outputs = IdentityPoolProviderPrincipalTagOutputs;
    type Key = ProviderKey;
    const TOKEN: &'static str = "cognito:index:IdentityPoolProviderPrincipalTag";
    const DESCRIPTION: &'static str = include_str!("identity_pool_provider_principal_tag.md");
    const ID_FORMAT: &'static str = "<identityPoolId>:<identityProviderName>, e.g. us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d:cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
    const REPLACE_ON_CHANGES: &'static [&'static str] =
        &["identityPoolId", "identityProviderName", "region"];
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[("principalTags", "{}")];

    fn normalize(i: &mut IdentityPoolProviderPrincipalTagArgs) {
        // Left out, useDefaults is true (pulumi-aws's default), written out so that a
        // refresh reports a provider whose default mappings were turned off outside Pulumi.
        i.use_defaults.get_or_insert(true);
        if i.principal_tags.as_ref().is_some_and(BTreeMap::is_empty) {
            i.principal_tags = None;
        }
    }

    fn check(
        i: &IdentityPoolProviderPrincipalTagArgs,
        unknowns: &BTreeSet<PropPath>,
    ) -> Vec<Failure> {
        let mut c = Checker::default();
        check_identity_pool_id(
            &mut c,
            &i.identity_pool_id,
            i.region.as_deref(),
            unknowns,
            "identityPoolId",
        );
        let provider = &i.identity_provider_name;
        let unknown = unknowns
            .iter()
            .any(|u| u.top() == Some("identityProviderName"));
        c.rule(
            !provider.is_empty() || unknown,
            "identityProviderName",
            "is required",
        );
        c.len(
            Some(provider.as_str()).filter(|p| !p.is_empty()),
            1,
            128,
            "identityProviderName",
        );
        let tags = i.principal_tags.as_ref();
        c.rule_with(
            tags.is_none_or(|t| t.len() <= MAX_TAGS),
            "principalTags",
            || {
                format!(
                    "at most {MAX_TAGS} principal tags per provider, got {}",
                    tags.map_or(0, BTreeMap::len)
                )
            },
        );
        for (name, claim) in tags.into_iter().flatten() {
            let n = name.chars().count();
            c.rule_with((1..=128).contains(&n), "principalTags", || {
                format!("tag names must be 1 to 128 characters long, got {name:?}")
            });
            c.len(Some(claim), 1, 256, format_args!("principalTags[{name:?}]"));
        }
        c.done()
    }

    fn key(i: &IdentityPoolProviderPrincipalTagArgs) -> ProviderKey {
        ProviderKey {
            pool: i.identity_pool_id.clone(),
            provider: i.identity_provider_name.clone(),
        }
    }

    /// `<identityPoolId>:<providerName>`: the pool id is found by its own pattern, so the
    /// provider name may hold `:`s (an OIDC provider ARN, TF#24834).
    fn parse_id(id: &str) -> Option<ProviderKey> {
        let (pool, provider) = split_identity_pool_id(id)?;
        (provider.chars().count() <= 128).then(|| ProviderKey {
            pool: pool.to_string(),
            provider: provider.to_string(),
        })
    }

    async fn get(
        ctx: Ctx<'_>,
        key: &ProviderKey,
        _hint: Option<&IdentityPoolProviderPrincipalTagArgs>,
    ) -> Result<
        Option<(
            IdentityPoolProviderPrincipalTagArgs,
            IdentityPoolProviderPrincipalTagOutputs,
        )>,
        ProviderError,
    > {
        let out = ctx
            .aws
            .call("GetPrincipalTagAttributeMap", None, || {
                ctx.aws
                    .identity()
                    .get_principal_tag_attribute_map()
                    .identity_pool_id(&key.pool)
                    .identity_provider_name(&key.provider)
                    .send()
            })
            .await?;
        let tags: BTreeMap<String, String> = out
            .principal_tags()
            .map(|m| m.clone().into_iter().collect())
            .unwrap_or_default();
        Ok(Some((
            IdentityPoolProviderPrincipalTagArgs {
                identity_pool_id: out.identity_pool_id().unwrap_or(&key.pool).to_string(),
                identity_provider_name: out
                    .identity_provider_name()
                    .unwrap_or(&key.provider)
                    .to_string(),
                principal_tags: (!tags.is_empty()).then_some(tags),
                region: None,
                use_defaults: Some(out.use_defaults().unwrap_or(false)),
            },
            IdentityPoolProviderPrincipalTagOutputs {},
        )))
    }

    async fn set(
        ctx: Ctx<'_>,
        key: &ProviderKey,
        i: &IdentityPoolProviderPrincipalTagArgs,
    ) -> Result<(), ProviderError> {
        let tags = i.principal_tags.clone().unwrap_or_default();
        put(ctx, key, i.use_defaults.unwrap_or(true), tags).await
    }

    /// Turns attributes for access control off for the provider (no default mappings, no
    /// tags), the state of a provider never configured.
    async fn reset(
        ctx: Ctx<'_>,
        key: &ProviderKey,
        _i: &IdentityPoolProviderPrincipalTagArgs,
    ) -> Result<(), ProviderError> {
        put(ctx, key, false, BTreeMap::new()).await
    }
}

async fn put(
    ctx: Ctx<'_>,
    key: &ProviderKey,
    use_defaults: bool,
    tags: BTreeMap<String, String>,
) -> Result<(), ProviderError> {
    let tags: std::collections::HashMap<String, String> = tags.into_iter().collect();
    ctx.aws
        .call("SetPrincipalTagAttributeMap", None, || {
            ctx.aws
                .identity()
                .set_principal_tag_attribute_map()
                .identity_pool_id(&key.pool)
                .identity_provider_name(&key.provider)
                .use_defaults(use_defaults)
                .set_principal_tags(Some(tags.clone()))
                .send()
        })
        .await?;
    Ok(())
}
