//! `cognito:index:IdentityPool`: federates users to temporary AWS credentials.

use crate::aws::NotFoundIsAnswer;
use crate::codec::PropPath;
use crate::error::PartialExt;
use crate::error::{OpError, ProviderError};
use crate::resource::{from_map, project, to_map, Ctx, Failure, Found, Naming, Resource};
use crate::tags::{self, TagSlots, Tags};
use crate::validate::{sort_set, Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentity::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// A user pool client the identity pool trusts.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolCognitoIdentityProvider {
    /// The user pool client id.
    pub client_id: Option<String>,
    /// The provider name: the user pool's `endpoint`, `cognito-idp.<region>.amazonaws.com/<poolId>`.
    pub provider_name: Option<String>,
    /// Whether tokens are also checked on the server side.
    pub server_side_token_check: Option<bool>,
}

/// The inputs of an identity pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolArgs {
    /// Whether the classic (basic) authentication flow is enabled.
    pub allow_classic_flow: Option<bool>,
    /// Whether unauthenticated identities are allowed (default false).
    pub allow_unauthenticated_identities: Option<bool>,
    /// User pool clients the identity pool federates.
    pub cognito_identity_providers: Option<Vec<IdentityPoolCognitoIdentityProvider>>,
    /// The developer provider name, 1 to 100 characters of `[\w._-]`. Changing it replaces the pool.
    pub developer_provider_name: Option<String>,
    /// The identity pool name, 1 to 128 characters of `[\w\s+=,.@-]`. Generated from the resource name if unset. Renaming updates in place.
    pub identity_pool_name: Option<String>,
    /// ARNs of OpenID Connect providers.
    pub openid_connect_provider_arns: Option<Vec<String>>,
    /// The AWS region to manage the identity pool in; defaults to the provider's region. Changing it replaces the pool.
    pub region: Option<String>,
    /// ARNs of SAML providers.
    pub saml_provider_arns: Option<Vec<String>>,
    /// Public login providers, e.g. `graph.facebook.com` → app id.
    pub supported_login_providers: Option<BTreeMap<String, String>>,
    /// Tags for the identity pool.
    pub tags: Option<BTreeMap<String, String>>,
    /// All tags: `tags` merged over the provider's `defaultTags`. Check sets it; it is an
    /// output in the schema (`tagsAll`), as in pulumi-aws.
    #[schemars(skip)]
    pub tags_all: Option<BTreeMap<String, String>>,
}

/// The computed outputs of an identity pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolOutputs {
    /// The ARN of the identity pool (its account part is empty if STS cannot tell the account).
    pub arn: String,
    /// All tags of the identity pool: its `tags` merged over the provider's `defaultTags` (tags AWS adds itself, `aws:*`, are left out).
    pub tags_all: BTreeMap<String, String>,
}

/// The identity pool resource.
pub struct IdentityPool;

static DEVELOPER_RE: Pattern = Pattern::new(r"^[\w._-]+$");

#[async_trait]
impl Resource for IdentityPool {
    type Inputs = IdentityPoolArgs;
    type Outputs = IdentityPoolOutputs;
    const TOKEN: &'static str = "cognito:index:IdentityPool";
    const DESCRIPTION: &'static str =
        "A Cognito identity pool: federates users to temporary AWS credentials.";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["developerProviderName", "region"];
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] =
        &[("tagsAll", &["tags"])];
    const NAMING: Option<Naming> = Some(Naming {
        property: "identityPoolName",
        max_len: 128,
    });

    fn tags(i: &mut IdentityPoolArgs) -> Option<TagSlots<'_>> {
        Some(TagSlots {
            tags: &i.tags,
            all: &mut i.tags_all,
        })
    }

    fn normalize(i: &mut IdentityPoolArgs) {
        sort_set(&mut i.openid_connect_provider_arns);
        sort_set(&mut i.saml_provider_arns);
        if let Some(p) = &mut i.cognito_identity_providers {
            p.sort_by(|a, b| {
                (&a.provider_name, &a.client_id).cmp(&(&b.provider_name, &b.client_id))
            });
        }
    }

    fn check(i: &IdentityPoolArgs, _unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        c.name(i.identity_pool_name.as_deref(), "identityPoolName");
        c.len(
            i.developer_provider_name.as_deref(),
            1,
            100,
            "developerProviderName",
        );
        c.pattern(
            i.developer_provider_name.as_deref(),
            &DEVELOPER_RE,
            "must match [\\w._-]+",
            "developerProviderName",
        );
        for (n, p) in i.cognito_identity_providers.iter().flatten().enumerate() {
            let path = format_args!("cognitoIdentityProviders[{n}]");
            c.len(
                p.client_id.as_deref(),
                1,
                128,
                format_args!("{path}.clientId"),
            );
            c.len(
                p.provider_name.as_deref(),
                1,
                128,
                format_args!("{path}.providerName"),
            );
        }
        c.rule(
            i.supported_login_providers
                .as_ref()
                .is_none_or(|m| m.len() <= 10),
            "supportedLoginProviders",
            "at most 10 login providers are allowed",
        );
        c.unique(
            i.openid_connect_provider_arns.as_deref(),
            "openidConnectProviderArns",
        );
        c.unique(i.saml_provider_arns.as_deref(), "samlProviderArns");
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &IdentityPoolArgs) -> Result<String, OpError> {
        let out = ctx
            .aws
            .call("CreateIdentityPool", None, || {
                ctx.aws
                    .identity()
                    .create_identity_pool()
                    .identity_pool_name(i.identity_pool_name.clone().unwrap_or_default())
                    .allow_unauthenticated_identities(
                        i.allow_unauthenticated_identities.unwrap_or(false),
                    )
                    .set_allow_classic_flow(i.allow_classic_flow)
                    .set_supported_login_providers(
                        i.supported_login_providers
                            .clone()
                            .map(|m| m.into_iter().collect()),
                    )
                    .set_developer_provider_name(i.developer_provider_name.clone())
                    .set_open_id_connect_provider_arns(i.openid_connect_provider_arns.clone())
                    .set_cognito_identity_providers(providers(i))
                    .set_saml_provider_arns(i.saml_provider_arns.clone())
                    .set_identity_pool_tags(
                        Some(desired_tags(ctx, i).into_iter().collect())
                            .filter(|t: &std::collections::HashMap<_, _>| !t.is_empty()),
                    )
                    .send()
            })
            .await?;
        Ok(out.identity_pool_id().to_string())
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&IdentityPoolArgs>,
    ) -> Result<Option<Found<IdentityPoolArgs, IdentityPoolOutputs>>, ProviderError> {
        let Some(p) = ctx
            .aws
            .call("DescribeIdentityPool", None, || {
                ctx.aws
                    .identity()
                    .describe_identity_pool()
                    .identity_pool_id(id)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let list = |v: &[String]| (!v.is_empty()).then(|| v.to_vec());
        let map = |m: Option<&std::collections::HashMap<String, String>>| {
            m.filter(|m| !m.is_empty())
                .map(|m| m.clone().into_iter().collect::<BTreeMap<_, _>>())
        };
        let providers: Vec<IdentityPoolCognitoIdentityProvider> = p
            .cognito_identity_providers()
            .iter()
            .map(|c| IdentityPoolCognitoIdentityProvider {
                client_id: c.client_id().map(str::to_string),
                provider_name: c.provider_name().map(str::to_string),
                server_side_token_check: c.server_side_token_check(),
            })
            .collect();
        let inputs = IdentityPoolArgs {
            identity_pool_name: Some(p.identity_pool_name().to_string()),
            allow_unauthenticated_identities: Some(p.allow_unauthenticated_identities()),
            allow_classic_flow: p.allow_classic_flow(),
            supported_login_providers: map(p.supported_login_providers()),
            developer_provider_name: p.developer_provider_name().map(str::to_string),
            openid_connect_provider_arns: list(p.open_id_connect_provider_arns()),
            cognito_identity_providers: (!providers.is_empty()).then_some(providers),
            saml_provider_arns: list(p.saml_provider_arns()),
            tags: None,
            tags_all: None,
            region: None,
        };
        // Tags AWS adds itself are not the program's; default tags are `tagsAll`'s.
        let tags_all = tags::without_aws(p.identity_pool_tags().into_iter().flatten());
        let mut inputs = inputs;
        inputs.tags = tags::own_tags(
            &tags_all,
            &ctx.aws.default_tags().tags,
            hint.and_then(|h| h.tags.as_ref()),
        );
        inputs.tags_all = Some(tags_all.clone());
        let arn = arn(ctx, id).await;
        Ok(Some(Found {
            id: id.to_string(),
            inputs,
            outputs: IdentityPoolOutputs { arn, tags_all },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        old: &IdentityPoolArgs,
        i: &IdentityPoolArgs,
    ) -> Result<(), OpError> {
        // What AWS has now: the tags to change, and whether anything else differs (from the
        // old inputs, or from AWS, which repairs a half-done update and drift).
        let Some(live) = Self::read(ctx, id, Some(i)).await.partial(id)? else {
            return Err(ProviderError::InvalidArgument(format!(
                "identity pool {id} no longer exists; run `pulumi refresh` to drop it from the state"
            ))
            .into());
        };
        let actual = as_desired(live.inputs.clone(), i);
        if pool_changed(old, i) || pool_changed(&actual, i) {
            update_pool(ctx, id, i).await.partial(id)?;
        }
        // Tags change with TagResource and UntagResource only (UpdateIdentityPool keeps
        // them when it is given none).
        let live_tags = live.inputs.tags_all.unwrap_or_default();
        tags::apply(
            ctx,
            tags::Service::IdentityPools,
            &live.outputs.arn,
            &live_tags,
            &desired_tags(ctx, i),
        )
        .await
        .partial(id)?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, _i: &IdentityPoolArgs) -> Result<(), ProviderError> {
        ctx.aws
            .call("DeleteIdentityPool", None, || {
                ctx.aws
                    .identity()
                    .delete_identity_pool()
                    .identity_pool_id(id)
                    .send()
            })
            .await
            .or_gone()
    }
}

/// The identity pool's ARN (its account part is empty if STS cannot tell the account).
async fn arn(ctx: Ctx<'_>, id: &str) -> String {
    let acct = ctx.aws.account_id().await.unwrap_or_default();
    let region = ctx.aws.region();
    let partition = if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    format!("arn:{partition}:cognito-identity:{region}:{acct}:identitypool/{id}")
}

/// All the tags the identity pool should have: `tagsAll` as Check merged it (else `tags`
/// over the provider's default tags).
fn desired_tags(ctx: Ctx<'_>, i: &IdentityPoolArgs) -> Tags {
    i.tags_all
        .clone()
        .unwrap_or_else(|| tags::merge(&ctx.aws.default_tags().tags, i.tags.as_ref()))
}

/// The identity pool as AWS reports it, normalized and cut down to what the program sets.
fn as_desired(mut live: IdentityPoolArgs, new: &IdentityPoolArgs) -> IdentityPoolArgs {
    IdentityPool::normalize(&mut live);
    from_map(&project(&to_map(&live), &to_map(new))).unwrap_or(live)
}

/// True if anything UpdateIdentityPool sets (everything but the tags) differs; an empty
/// list or map is none (AWS reports none).
fn pool_changed(old: &IdentityPoolArgs, new: &IdentityPoolArgs) -> bool {
    fn some<T: Clone>(v: &Option<T>, empty: impl Fn(&T) -> bool) -> Option<T> {
        v.as_ref().filter(|v| !empty(v)).cloned()
    }
    let untagged = |i: &IdentityPoolArgs| IdentityPoolArgs {
        tags: None,
        tags_all: None,
        region: None,
        cognito_identity_providers: some(&i.cognito_identity_providers, Vec::is_empty),
        openid_connect_provider_arns: some(&i.openid_connect_provider_arns, Vec::is_empty),
        saml_provider_arns: some(&i.saml_provider_arns, Vec::is_empty),
        supported_login_providers: some(&i.supported_login_providers, BTreeMap::is_empty),
        ..i.clone()
    };
    untagged(old) != untagged(new)
}

/// UpdateIdentityPool with everything but the tags.
async fn update_pool(ctx: Ctx<'_>, id: &str, i: &IdentityPoolArgs) -> Result<(), ProviderError> {
    {
        // UpdateIdentityPool resets what it is not given: send the full desired state, with
        // empty lists and maps where the user has none so removals take effect.
        ctx.aws
            .call("UpdateIdentityPool", None, || {
                ctx.aws
                    .identity()
                    .update_identity_pool()
                    .identity_pool_id(id)
                    .identity_pool_name(i.identity_pool_name.clone().unwrap_or_default())
                    .allow_unauthenticated_identities(
                        i.allow_unauthenticated_identities.unwrap_or(false),
                    )
                    .set_allow_classic_flow(i.allow_classic_flow)
                    .set_supported_login_providers(Some(
                        i.supported_login_providers
                            .clone()
                            .unwrap_or_default()
                            .into_iter()
                            .collect(),
                    ))
                    .set_developer_provider_name(i.developer_provider_name.clone())
                    .set_open_id_connect_provider_arns(Some(
                        i.openid_connect_provider_arns.clone().unwrap_or_default(),
                    ))
                    .set_cognito_identity_providers(Some(providers(i).unwrap_or_default()))
                    .set_saml_provider_arns(Some(i.saml_provider_arns.clone().unwrap_or_default()))
                    .send()
            })
            .await?;
        Ok(())
    }
}

fn providers(i: &IdentityPoolArgs) -> Option<Vec<t::CognitoIdentityProvider>> {
    i.cognito_identity_providers.as_ref().map(|v| {
        v.iter()
            .map(|p| {
                t::CognitoIdentityProvider::builder()
                    .set_client_id(p.client_id.clone())
                    .set_provider_name(p.provider_name.clone())
                    .set_server_side_token_check(p.server_side_token_check)
                    .build()
            })
            .collect()
    })
}

/// True if `s` is an identity pool id by AWS's pattern `[\w-]+:[0-9a-f-]+` (1 to 55
/// characters), e.g. `us-east-1:0b9c1a3e-...`.
pub fn identity_pool_id_ok(s: &str) -> bool {
    s.len() <= 55 && split_identity_pool_id(&format!("{s}:x")) == Some((s, "x"))
}

/// Splits `<identityPoolId>:<rest>` after the pool id, found by its own pattern
/// `[\w-]+:[0-9a-f-]+` (so `rest` may hold `:`s, as an OIDC provider ARN does).
pub fn split_identity_pool_id(s: &str) -> Option<(&str, &str)> {
    let region = s.find(':')?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if region == 0 || !s.as_bytes()[..region].iter().all(|&b| word(b)) {
        return None;
    }
    let uuid = s.as_bytes()[region + 1..]
        .iter()
        .take_while(|&&b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-')
        .count();
    let end = region + 1 + uuid;
    if uuid == 0 || s.as_bytes().get(end) != Some(&b':') || end + 1 == s.len() {
        return None;
    }
    Some((&s[..end], &s[end + 1..]))
}

/// Checks a required identity pool id (`path`), unless it is unknown in preview: present,
/// AWS's pattern, and in the `region` the resource is managed in, if one is given.
pub(crate) fn check_identity_pool_id(
    c: &mut Checker,
    id: &str,
    region: Option<&str>,
    unknowns: &BTreeSet<PropPath>,
    path: &str,
) {
    if unknowns.iter().any(|u| u.top() == Some(path)) {
        return;
    }
    if id.is_empty() {
        c.rule(false, path, "is required");
        return;
    }
    c.rule_with(identity_pool_id_ok(id), path, || {
        format!("must be an identity pool id such as us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d (AWS's pattern [\\w-]+:[0-9a-f-]+, at most 55 characters), got {id:?}")
    });
    if let (Some(r), Some((pool_region, _))) = (region, id.split_once(':')) {
        c.rule_with(r == pool_region, path, || {
            format!("is an identity pool of region {pool_region}, but region is {r}: an identity pool id begins with its region")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_pool_ids_split_by_their_own_pattern() {
        let id = "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d";
        assert!(identity_pool_id_ok(id));
        let oidc = "arn:aws:iam::123456789012:oidc-provider/id.example.com";
        assert_eq!(
            split_identity_pool_id(&format!("{id}:{oidc}")),
            Some((id, oidc))
        );
        assert_eq!(
            split_identity_pool_id(&format!("{id}:CorpAD")),
            Some((id, "CorpAD"))
        );
        for bad in [
            "",
            "us-east-1",
            ":abc:x",
            "us-east-1::x",
            "us-east-1:xyz:x",
            "us east-1:abc:x",
            "us-east-1:abc:",
            "us-east-1:abc",
        ] {
            assert_eq!(split_identity_pool_id(bad), None, "{bad}");
        }
        for bad in [
            "",
            "us-east-1",
            "us-east-1:ABC",
            "us-east-1:abc:x",
            &format!("us-east-1:{}", "a".repeat(50)),
        ] {
            assert!(!identity_pool_id_ok(bad), "{bad}");
        }
    }
}
