//! `cognito:index:IdentityPoolRoleAttachment`: the IAM roles an identity pool hands out,
//! and the rules that map users to them. A [`Setting`] on the identity pool.

use super::identity_pool::{check_identity_pool_id, identity_pool_id_ok};
use super::settings::Setting;
use crate::aws::ErrorKind;
use crate::codec::PropPath;
use crate::diff::{self, PropDiff};
use crate::error::ProviderError;
use crate::resource::{Ctx, Failure};
use crate::validate::{Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentity::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A rule of a `Rules` role mapping: users whose token claim matches get the role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolRoleAttachmentRoleMappingMappingRule {
    /// The claim in the identity provider's token to match, e.g. `cognito:groups` or `isAdmin`: 1 to 64 letters, digits, symbols or punctuation.
    #[serde(default)]
    pub claim: String,
    /// How the claim must match `value`: `Equals`, `Contains`, `StartsWith` or `NotEqual`.
    #[serde(default)]
    pub match_type: String,
    /// The IAM role ARN the matching users get.
    #[serde(default)]
    pub role_arn: String,
    /// The value the claim must match, e.g. `paid` or `admins`: 1 to 128 characters.
    #[serde(default)]
    pub value: String,
}

/// How the users of one identity provider are mapped to roles.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolRoleAttachmentRoleMapping {
    /// What to do when no rule matches (`Rules`), or when the token names several roles and no `cognito:preferred_role` (`Token`): `AuthenticatedRole` (use the pool's authenticated role) or `Deny`. Required.
    pub ambiguous_role_resolution: Option<String>,
    /// The identity provider whose users this maps, one of the identity pool's providers: for a user pool client, `cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId>`; else a key of `supportedLoginProviders` (e.g. `graph.facebook.com`), an OpenID Connect provider or a SAML provider ARN. Each provider takes one mapping.
    #[serde(default)]
    pub identity_provider: String,
    /// The rules, for a `Rules` mapping (1 to 25, and none for `Token`). They are evaluated in order, and the first that matches gives the role, so their order matters.
    pub mapping_rules: Option<Vec<IdentityPoolRoleAttachmentRoleMappingMappingRule>>,
    /// `Token` (take the role from the token's `cognito:roles` and `cognito:preferred_role` claims, e.g. a user pool group's role) or `Rules` (take it from `mappingRules`).
    #[serde(default, rename = "type")]
    pub r#type: String,
}

/// The inputs of a role attachment.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPoolRoleAttachmentArgs {
    /// The identity pool, `<region>:<uuid>`. An identity pool takes one attachment. Changing it replaces the attachment.
    #[serde(default)]
    pub identity_pool_id: String,
    /// The AWS region of the identity pool; defaults to the provider's region. Changing it replaces the attachment.
    pub region: Option<String>,
    /// Role mappings, one per identity provider (at most 10). They are keyed by `identityProvider`: their order is no change.
    pub role_mappings: Option<Vec<IdentityPoolRoleAttachmentRoleMapping>>,
    /// The roles by kind of identity: `authenticated` and `unauthenticated`, each an IAM role ARN. Changing a role updates in place.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

/// A role attachment has no computed outputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IdentityPoolRoleAttachmentOutputs {}

/// The role attachment resource.
pub struct IdentityPoolRoleAttachment;

/// An IAM role ARN: `arn:<partition>:iam::<account>:role/<path and name>`.
pub(crate) static ROLE_ARN_RE: Pattern =
    Pattern::new(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$");

/// A user pool client as an identity provider of an identity pool.
static USER_POOL_PROVIDER_RE: Pattern =
    Pattern::new(r"^cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/[\w-]+_[0-9a-zA-Z]+:[\w+]+$");

const ROLE_KINDS: &[&str] = &["authenticated", "unauthenticated"];
const MAPPING_TYPES: &[&str] = &["Token", "Rules"];
const RESOLUTIONS: &[&str] = &["AuthenticatedRole", "Deny"];
const MATCH_TYPES: &[&str] = &["Equals", "Contains", "StartsWith", "NotEqual"];
/// Role mappings per identity pool (the API's `RoleMappings` map holds at most 10).
const MAX_MAPPINGS: usize = 10;
/// Rules per role mapping (Cognito's quota for role-based access control rules).
const MAX_RULES: usize = 25;

/// Checks an IAM role ARN at `path`.
pub(crate) fn check_role_arn(c: &mut Checker, arn: &str, path: impl crate::validate::Path) {
    if arn.is_empty() {
        c.rule(false, path, "is required");
        return;
    }
    c.len(Some(arn), 20, 2048, path);
    c.rule_with(ROLE_ARN_RE.is_match(arn), path, || {
        format!("must be an IAM role ARN such as arn:aws:iam::123456789012:role/name, got {arn:?}")
    });
}

fn check_mapping(c: &mut Checker, n: usize, m: &IdentityPoolRoleAttachmentRoleMapping) {
    let path = format_args!("roleMappings[{n}]");
    let provider = &m.identity_provider;
    let at = format_args!("{path}.identityProvider");
    if provider.is_empty() {
        c.rule(false, at, "is required");
    }
    c.len(Some(provider), 1, 128, at);
    if provider.starts_with("cognito-idp.") {
        c.rule_with(USER_POOL_PROVIDER_RE.is_match(provider), at, || {
            format!("must name a user pool client the identity pool federates, as cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId> (the providerName and clientId of one of the pool's cognitoIdentityProviders), got {provider:?}")
        });
    }
    let at = format_args!("{path}.type");
    if m.r#type.is_empty() {
        c.rule(false, at, "is required: Token or Rules");
    } else {
        c.one_of(Some(&m.r#type), MAPPING_TYPES, at);
    }
    let at = format_args!("{path}.ambiguousRoleResolution");
    match &m.ambiguous_role_resolution {
        None => c.rule(
            false,
            at,
            "is required with a Token or Rules mapping: AuthenticatedRole or Deny",
        ),
        Some(r) => c.one_of(Some(r), RESOLUTIONS, at),
    }
    let rules = m.mapping_rules.as_deref().unwrap_or_default();
    let at = format_args!("{path}.mappingRules");
    match m.r#type.as_str() {
        "Token" => c.rule(
            rules.is_empty(),
            at,
            "must be empty for a Token mapping, which takes the role from the token's cognito:roles and cognito:preferred_role claims (use type Rules for rules)",
        ),
        "Rules" => {
            c.rule(
                !rules.is_empty(),
                at,
                "a Rules mapping needs at least one rule",
            );
            c.rule_with(rules.len() <= MAX_RULES, at, || {
                format!(
                    "at most {MAX_RULES} rules per identity provider, got {}",
                    rules.len()
                )
            });
        }
        _ => {}
    }
    for (k, r) in rules.iter().enumerate() {
        let rule = format_args!("{path}.mappingRules[{k}]");
        let at = format_args!("{rule}.claim");
        if r.claim.is_empty() {
            c.rule(false, at, "is required");
        } else {
            // AWS's pattern for claim names: `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`.
            c.printable(Some(&r.claim), 1, 64, at);
        }
        let at = format_args!("{rule}.matchType");
        if r.match_type.is_empty() {
            c.rule(false, at, "is required");
        } else {
            c.one_of(Some(&r.match_type), MATCH_TYPES, at);
        }
        let at = format_args!("{rule}.value");
        if r.value.is_empty() {
            c.rule(false, at, "is required");
        } else {
            c.len(Some(&r.value), 1, 128, at);
        }
        check_role_arn(c, &r.role_arn, format_args!("{rule}.roleArn"));
    }
}

#[async_trait]
impl Setting for IdentityPoolRoleAttachment {
    type Inputs = IdentityPoolRoleAttachmentArgs;
    type Outputs = IdentityPoolRoleAttachmentOutputs;
    type Key = String;
    const TOKEN: &'static str = "cognito:index:IdentityPoolRoleAttachment";
    const DESCRIPTION: &'static str = include_str!("identity_pool_role_attachment.md");
    const ID_FORMAT: &'static str =
        "<identityPoolId>, e.g. us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["identityPoolId", "region"];

    fn normalize(i: &mut IdentityPoolRoleAttachmentArgs) {
        // The mappings keep the program's order: Diff pairs them by provider, and Read
        // lists them in the program's order. No mappings is an explicit empty list, so that
        // a refresh reports mappings added outside Pulumi (SetIdentityPoolRoles overwrites
        // the whole configuration, so the next update removes them).
        i.role_mappings.get_or_insert_with(Vec::new);
        for m in i.role_mappings.iter_mut().flatten() {
            if m.mapping_rules.as_ref().is_some_and(Vec::is_empty) {
                m.mapping_rules = None;
            }
        }
    }

    fn check(i: &IdentityPoolRoleAttachmentArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        check_identity_pool_id(
            &mut c,
            &i.identity_pool_id,
            i.region.as_deref(),
            unknowns,
            "identityPoolId",
        );
        for (kind, arn) in &i.roles {
            if ROLE_KINDS.contains(&kind.as_str()) {
                check_role_arn(&mut c, arn, format_args!("roles.{kind}"));
            } else {
                c.rule_with(false, "roles", || {
                    format!("keys must be authenticated or unauthenticated, got {kind:?}")
                });
            }
        }
        let mappings = i.role_mappings.as_deref().unwrap_or_default();
        c.rule(
            !i.roles.is_empty() || !mappings.is_empty() || unknown("roleMappings"),
            "roles",
            "must hold an authenticated or an unauthenticated role (or give roleMappings): an attachment with neither sets nothing",
        );
        c.rule_with(mappings.len() <= MAX_MAPPINGS, "roleMappings", || {
            format!(
                "at most {MAX_MAPPINGS} role mappings per identity pool, got {}",
                mappings.len()
            )
        });
        for (n, m) in mappings.iter().enumerate() {
            check_mapping(&mut c, n, m);
            if !m.identity_provider.is_empty()
                && mappings[..n]
                    .iter()
                    .any(|o| o.identity_provider == m.identity_provider)
            {
                c.rule_with(
                    false,
                    format_args!("roleMappings[{n}].identityProvider"),
                    || {
                        format!(
                            "duplicate provider {:?}: an identity provider takes one role mapping",
                            m.identity_provider
                        )
                    },
                );
            }
        }
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        (key == "roleMappings")
            .then(|| diff::keyed_list(&PropPath::key(key), old, new, "identityProvider"))
            .flatten()
    }

    fn key(i: &IdentityPoolRoleAttachmentArgs) -> String {
        i.identity_pool_id.clone()
    }

    fn parse_id(id: &str) -> Option<String> {
        identity_pool_id_ok(id).then(|| id.to_string())
    }

    /// One attachment per identity pool: a pool whose roles or role mappings are set
    /// already belongs to another attachment (or to someone outside this stack).
    async fn claim(ctx: Ctx<'_>, pool: &String) -> Result<(), ProviderError> {
        let Some(held) = read_roles(ctx, pool, None).await? else {
            return Ok(());
        };
        let mut what: Vec<String> = held
            .roles
            .iter()
            .map(|(k, v)| format!("{k} role {v}"))
            .collect();
        what.extend(
            held.role_mappings
                .iter()
                .flatten()
                .map(|m| format!("a role mapping for {}", m.identity_provider)),
        );
        Err(ProviderError::InvalidArgument(format!(
            "identity pool {pool} already has roles attached ({}): an identity pool takes one IdentityPoolRoleAttachment, and creating this one would overwrite them. Import the existing attachment (`pulumi import cognito:index:IdentityPoolRoleAttachment <name> {pool}`), or remove the other one first",
            what.join(", ")
        )))
    }

    async fn get(
        ctx: Ctx<'_>,
        pool: &String,
        hint: Option<&IdentityPoolRoleAttachmentArgs>,
    ) -> Result<
        Option<(
            IdentityPoolRoleAttachmentArgs,
            IdentityPoolRoleAttachmentOutputs,
        )>,
        ProviderError,
    > {
        Ok(read_roles(ctx, pool, hint)
            .await?
            .map(|i| (i, IdentityPoolRoleAttachmentOutputs {})))
    }

    async fn set(
        ctx: Ctx<'_>,
        pool: &String,
        i: &IdentityPoolRoleAttachmentArgs,
    ) -> Result<(), ProviderError> {
        let mut mappings = HashMap::new();
        for m in i.role_mappings.iter().flatten() {
            mappings.insert(m.identity_provider.clone(), to_aws(m)?);
        }
        let roles: HashMap<String, String> = i.roles.clone().into_iter().collect();
        let sent = set_roles(ctx, pool, roles, mappings).await;
        match sent {
            Err(e) if e.kind == ErrorKind::Invalid && i.role_mappings.is_some() => {
                Err(explain_providers(ctx, pool, i, e).await)
            }
            other => other.map_err(Into::into),
        }
    }

    /// Clears the roles and role mappings, as a pool that never had an attachment.
    async fn reset(
        ctx: Ctx<'_>,
        pool: &String,
        _i: &IdentityPoolRoleAttachmentArgs,
    ) -> Result<(), ProviderError> {
        Ok(set_roles(ctx, pool, HashMap::new(), HashMap::new()).await?)
    }
}

async fn set_roles(
    ctx: Ctx<'_>,
    pool: &str,
    roles: HashMap<String, String>,
    mappings: HashMap<String, t::RoleMapping>,
) -> Result<(), crate::aws::AwsError> {
    ctx.aws
        .call("SetIdentityPoolRoles", None, || {
            ctx.aws
                .identity()
                .set_identity_pool_roles()
                .identity_pool_id(pool)
                .set_roles(Some(roles.clone()))
                .set_role_mappings(Some(mappings.clone()))
                .send()
        })
        .await?;
    Ok(())
}

/// What the pool holds, in the program's order of mappings (`hint`), the others after
/// them by provider; `None` if it holds neither roles nor role mappings.
async fn read_roles(
    ctx: Ctx<'_>,
    pool: &str,
    hint: Option<&IdentityPoolRoleAttachmentArgs>,
) -> Result<Option<IdentityPoolRoleAttachmentArgs>, ProviderError> {
    let out = ctx
        .aws
        .call("GetIdentityPoolRoles", None, || {
            ctx.aws
                .identity()
                .get_identity_pool_roles()
                .identity_pool_id(pool)
                .send()
        })
        .await?;
    let roles: BTreeMap<String, String> = out
        .roles()
        .map(|r| r.clone().into_iter().collect())
        .unwrap_or_default();
    let mut mappings: Vec<IdentityPoolRoleAttachmentRoleMapping> = out
        .role_mappings()
        .into_iter()
        .flatten()
        .map(|(provider, m)| from_aws(provider, m))
        .collect();
    let order = |p: &str| {
        hint.and_then(|h| {
            h.role_mappings
                .iter()
                .flatten()
                .position(|m| m.identity_provider == p)
        })
        .unwrap_or(usize::MAX)
    };
    mappings.sort_by(|a, b| {
        (order(&a.identity_provider), &a.identity_provider)
            .cmp(&(order(&b.identity_provider), &b.identity_provider))
    });
    if roles.is_empty() && mappings.is_empty() {
        return Ok(None);
    }
    Ok(Some(IdentityPoolRoleAttachmentArgs {
        identity_pool_id: out.identity_pool_id().unwrap_or(pool).to_string(),
        region: None,
        role_mappings: (!mappings.is_empty()).then_some(mappings),
        roles,
    }))
}

fn from_aws(provider: &str, m: &t::RoleMapping) -> IdentityPoolRoleAttachmentRoleMapping {
    let rules: Vec<IdentityPoolRoleAttachmentRoleMappingMappingRule> = m
        .rules_configuration()
        .map(|c| c.rules())
        .unwrap_or_default()
        .iter()
        .map(|r| IdentityPoolRoleAttachmentRoleMappingMappingRule {
            claim: r.claim().to_string(),
            match_type: r.match_type().as_str().to_string(),
            role_arn: r.role_arn().to_string(),
            value: r.value().to_string(),
        })
        .collect();
    IdentityPoolRoleAttachmentRoleMapping {
        ambiguous_role_resolution: m
            .ambiguous_role_resolution()
            .map(|r| r.as_str().to_string()),
        identity_provider: provider.to_string(),
        mapping_rules: (!rules.is_empty()).then_some(rules),
        r#type: m.r#type().as_str().to_string(),
    }
}

fn to_aws(m: &IdentityPoolRoleAttachmentRoleMapping) -> Result<t::RoleMapping, ProviderError> {
    let bad = |e: aws_smithy_types::error::operation::BuildError| {
        ProviderError::InvalidArgument(format!("role mapping for {}: {e}", m.identity_provider))
    };
    let rules = match &m.mapping_rules {
        Some(rules) => Some(
            t::RulesConfigurationType::builder()
                .set_rules(Some(
                    rules
                        .iter()
                        .map(|r| {
                            t::MappingRule::builder()
                                .claim(&r.claim)
                                .match_type(t::MappingRuleMatchType::from(r.match_type.as_str()))
                                .value(&r.value)
                                .role_arn(&r.role_arn)
                                .build()
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(bad)?,
                ))
                .build()
                .map_err(bad)?,
        ),
        None => None,
    };
    t::RoleMapping::builder()
        .r#type(t::RoleMappingType::from(m.r#type.as_str()))
        .set_ambiguous_role_resolution(
            m.ambiguous_role_resolution
                .as_deref()
                .map(t::AmbiguousRoleResolutionType::from),
        )
        .set_rules_configuration(rules)
        .build()
        .map_err(bad)
}

/// The names role mappings of the pool `p` may be keyed by: its user pool clients
/// (`<providerName>:<clientId>`), login providers, and OpenID Connect (by ARN and by
/// issuer) and SAML providers.
fn providers_of(
    p: &aws_sdk_cognitoidentity::operation::describe_identity_pool::DescribeIdentityPoolOutput,
) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = p
        .supported_login_providers()
        .into_iter()
        .flat_map(|m| m.keys().cloned())
        .collect();
    for c in p.cognito_identity_providers() {
        if let (Some(n), Some(id)) = (c.provider_name(), c.client_id()) {
            names.insert(format!("{n}:{id}"));
        }
    }
    for arn in p.open_id_connect_provider_arns() {
        names.insert(arn.clone());
        if let Some((_, issuer)) = arn.split_once("oidc-provider/") {
            names.insert(issuer.to_string());
        }
    }
    names.extend(p.saml_provider_arns().iter().cloned());
    names
}

/// AWS refused the roles: if role mappings name providers the pool does not federate
/// (AWS's InvalidParameterException does not say which), names them.
async fn explain_providers(
    ctx: Ctx<'_>,
    pool: &str,
    i: &IdentityPoolRoleAttachmentArgs,
    e: crate::aws::AwsError,
) -> ProviderError {
    let Ok(p) = ctx
        .aws
        .call("DescribeIdentityPool", None, || {
            ctx.aws
                .identity()
                .describe_identity_pool()
                .identity_pool_id(pool)
                .send()
        })
        .await
    else {
        return e.into();
    };
    let known = providers_of(&p);
    let unknown: Vec<String> = i
        .role_mappings
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, m)| !known.contains(&m.identity_provider))
        .map(|(n, m)| {
            format!(
                "roleMappings[{n}].identityProvider {:?}",
                m.identity_provider
            )
        })
        .collect();
    if unknown.is_empty() {
        return e.into();
    }
    let known = if known.is_empty() {
        "none".to_string()
    } else {
        known.into_iter().collect::<Vec<_>>().join(", ")
    };
    crate::aws::AwsError {
        message: format!(
            "{} — {} not a provider of identity pool {pool}: a role mapping must be keyed by one of the pool's providers, for a user pool client cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId> (its cognitoIdentityProviders' providerName:clientId). The pool's providers: {known}",
            e.message,
            unknown.join(", ") + if unknown.len() == 1 { " is" } else { " are" },
        ),
        ..e
    }
    .into()
}
