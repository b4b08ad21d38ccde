//! `cognito:index:RiskConfiguration`: threat protection's answers to risky sign-ins, for a
//! whole user pool or for one app client. A [`Setting`] on the pool (or the client): AWS
//! only sets it (`SetRiskConfiguration`, a full overwrite), reads it
//! (`DescribeRiskConfiguration`), and resets it by a set with only the pool and client ids.
//!
//! - "Gone" means AWS holds no configuration of this pool's or client's own: nothing set
//!   (a reset, in or out of band), or a client that inherits the pool's. The pool or the
//!   client deleted reads as gone too.
//! - AWS fills in `eventFilters` (all three events) when they are left out: refresh never
//!   reports them unless the program set them, and they compare as a set.

use super::settings::Setting;
use super::user_pool_ui_customization::client_id_ok;
use crate::codec::PropPath;
use crate::error::ProviderError;
use crate::resource::{Ctx, Failure};
use crate::validate::{sort_set, Checker, Path, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;

/// Declares one of pulumi-aws's per-level action types (`highAction`, `lowAction`,
/// `mediumAction` have the same fields under three type names).
macro_rules! takeover_action {
    ($name:ident, $level:literal) => {
        #[doc = concat!("What threat protection does with a ", $level, "-risk sign-in.")]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// The action: `BLOCK`, `MFA_IF_CONFIGURED` (ask for MFA if the user has it set up, else allow), `MFA_REQUIRED` (ask for MFA, and block a user without it) or `NO_ACTION`. Required.
            #[serde(default)]
            pub event_action: String,
            /// Whether to send the user an email about the event (`notifyConfiguration` says how).
            #[serde(default)]
            pub notify: bool,
        }

        impl $name {
            fn to_aws(&self) -> Option<t::AccountTakeoverActionType> {
                t::AccountTakeoverActionType::builder()
                    .event_action(t::AccountTakeoverEventActionType::from(
                        self.event_action.as_str(),
                    ))
                    .notify(self.notify)
                    .build()
                    .ok()
            }

            fn from_aws(a: &t::AccountTakeoverActionType) -> Self {
                Self {
                    event_action: a.event_action().as_str().to_string(),
                    notify: a.notify(),
                }
            }
        }
    };
}

takeover_action!(
    RiskConfigurationAccountTakeoverRiskConfigurationActionsHighAction,
    "high"
);
takeover_action!(
    RiskConfigurationAccountTakeoverRiskConfigurationActionsLowAction,
    "low"
);
takeover_action!(
    RiskConfigurationAccountTakeoverRiskConfigurationActionsMediumAction,
    "medium"
);

/// Declares one of pulumi-aws's three notification email types (same fields).
macro_rules! notify_email {
    ($name:ident, $when:literal) => {
        #[doc = concat!("The email sent to a user ", $when, ".")]
        #[serde_with::skip_serializing_none]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// The HTML body, 6 to 20,000 characters.
            pub html_body: Option<String>,
            /// The subject, 1 to 140 characters. Required.
            #[serde(default)]
            pub subject: String,
            /// The plain-text body, 6 to 20,000 characters.
            pub text_body: Option<String>,
        }

        impl $name {
            fn to_aws(&self) -> Option<t::NotifyEmailType> {
                t::NotifyEmailType::builder()
                    .subject(&self.subject)
                    .set_html_body(self.html_body.clone())
                    .set_text_body(self.text_body.clone())
                    .build()
                    .ok()
            }

            fn from_aws(e: &t::NotifyEmailType) -> Self {
                Self {
                    html_body: e.html_body().map(str::to_string),
                    subject: e.subject().to_string(),
                    text_body: e.text_body().map(str::to_string),
                }
            }

            fn check(&self, c: &mut Checker, at: impl Path) {
                email(
                    c,
                    &self.subject,
                    self.html_body.as_deref(),
                    self.text_body.as_deref(),
                    at,
                );
            }
        }
    };
}

notify_email!(
    RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationBlockEmail,
    "when a risky sign-in is blocked"
);
notify_email!(
    RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationMfaEmail,
    "when a risky sign-in must pass MFA"
);
notify_email!(
    RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationNoActionEmail,
    "when a risky sign-in is allowed"
);

/// The actions for account takeover risks, by risk level (at least one level).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationAccountTakeoverRiskConfigurationActions {
    /// The action for a high risk.
    pub high_action: Option<RiskConfigurationAccountTakeoverRiskConfigurationActionsHighAction>,
    /// The action for a low risk.
    pub low_action: Option<RiskConfigurationAccountTakeoverRiskConfigurationActionsLowAction>,
    /// The action for a medium risk.
    pub medium_action: Option<RiskConfigurationAccountTakeoverRiskConfigurationActionsMediumAction>,
}

/// How the notification emails are sent (Amazon SES) and what they say.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfiguration {
    /// The email sent when a risky sign-in is blocked.
    pub block_email:
        Option<RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationBlockEmail>,
    /// The sender address, verified in Amazon SES (alone or by its domain).
    #[serde(rename = "from")]
    pub from: Option<String>,
    /// The email sent when a risky sign-in must pass MFA.
    pub mfa_email:
        Option<RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationMfaEmail>,
    /// The email sent when a risky sign-in is allowed.
    pub no_action_email:
        Option<RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationNoActionEmail>,
    /// The reply-to address of the emails.
    pub reply_to: Option<String>,
    /// The ARN of the Amazon SES identity whose sending authorization policy lets Cognito send as `from`. Optional in the schema (pulumi-aws requires it, TF#28784), but AWS requires it whenever `notifyConfiguration` is given, so Check does: leave out the whole `notifyConfiguration` for no emails.
    pub source_arn: Option<String>,
}

/// Threat protection against account takeover: what to do at each risk level, and how to tell the user.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationAccountTakeoverRiskConfiguration {
    /// The actions by risk level. Required.
    pub actions: Option<RiskConfigurationAccountTakeoverRiskConfigurationActions>,
    /// How to email the user about an event (needed only for actions with `notify: true`).
    pub notify_configuration:
        Option<RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfiguration>,
}

/// The action on a sign-in, sign-up or password change with a compromised password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationCompromisedCredentialsRiskConfigurationActions {
    /// `BLOCK` or `NO_ACTION`. Required.
    #[serde(default)]
    pub event_action: String,
}

/// Threat protection against compromised credentials.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationCompromisedCredentialsRiskConfiguration {
    /// The action. Required.
    pub actions: Option<RiskConfigurationCompromisedCredentialsRiskConfigurationActions>,
    /// The events to act on: `SIGN_IN`, `PASSWORD_CHANGE`, `SIGN_UP`. Left out, AWS acts on all three (and that is no drift). A set: order is no change.
    pub event_filters: Option<Vec<String>>,
}

/// IP ranges that override the risk decision.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationRiskExceptionConfiguration {
    /// Sign-ins from these ranges are always blocked: CIDR blocks such as `192.0.2.0/24` or `2001:db8::/32`, at most 200. A set: order is no change.
    pub blocked_ip_range_lists: Option<Vec<String>>,
    /// Sign-ins from these ranges skip risk detection: CIDR blocks, at most 200. A set: order is no change.
    pub skipped_ip_range_lists: Option<Vec<String>>,
}

/// The inputs of a risk configuration.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RiskConfigurationArgs {
    /// Threat protection against account takeover. At least one of `accountTakeoverRiskConfiguration`, `compromisedCredentialsRiskConfiguration` and `riskExceptionConfiguration` is required.
    pub account_takeover_risk_configuration:
        Option<RiskConfigurationAccountTakeoverRiskConfiguration>,
    /// The app client whose configuration this is; left out, the pool's, which applies to every client without one of its own. Changing it replaces the configuration.
    pub client_id: Option<String>,
    /// Threat protection against compromised credentials.
    pub compromised_credentials_risk_configuration:
        Option<RiskConfigurationCompromisedCredentialsRiskConfiguration>,
    /// The AWS region of the user pool; defaults to the provider's region. Changing it replaces the configuration.
    pub region: Option<String>,
    /// IP ranges that are always blocked or never checked.
    pub risk_exception_configuration: Option<RiskConfigurationRiskExceptionConfiguration>,
    /// The user pool. Changing it replaces the configuration.
    #[serde(default)]
    pub user_pool_id: String,
}

/// A risk configuration has no computed outputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RiskConfigurationOutputs {}

/// The risk configuration resource.
pub struct RiskConfiguration;

/// Whose configuration: a pool's, or one client's. The id is `<poolId>` or
/// `<poolId>:<clientId>`, pulumi-aws's import ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskKey {
    /// The user pool id.
    pub pool: String,
    /// The app client id, for a client's own configuration.
    pub client: Option<String>,
}

impl fmt::Display for RiskKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.client {
            Some(c) => write!(f, "{}:{c}", self.pool),
            None => f.write_str(&self.pool),
        }
    }
}

/// Parses `<poolId>` or `<poolId>:<clientId>`.
pub fn parse_key(id: &str) -> Option<RiskKey> {
    let (pool, client) = match id.split_once(':') {
        Some((p, c)) => (p, Some(c)),
        None => (id, None),
    };
    (crate::validate::pool_id_ok(pool) && client.is_none_or(client_id_ok)).then(|| RiskKey {
        pool: pool.to_string(),
        client: client.map(str::to_string),
    })
}

/// AccountTakeoverEventActionType.
const TAKEOVER_ACTIONS: &[&str] = &["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"];
/// CompromisedCredentialsEventActionType.
const COMPROMISED_ACTIONS: &[&str] = &["BLOCK", "NO_ACTION"];
/// EventFilterType.
const EVENTS: &[&str] = &["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"];
/// The most IP ranges in each list (RiskExceptionConfigurationType).
pub const MAX_RANGES: usize = 200;

/// AWS's pattern for ARNs (NotifyConfigurationType.SourceArn and the log destinations),
/// with `\w` as AWS means it (ASCII).
pub(crate) static ARN_RE: Pattern = Pattern::new(
    r"^arn:[A-Za-z0-9_+=/,.@-]+:[A-Za-z0-9_+=/,.@-]+:[A-Za-z0-9_+=/,.@-]*:[0-9]+:[A-Za-z0-9_+=/,.@-]+(:[A-Za-z0-9_+=/,.@-]+)?(:[A-Za-z0-9_+=/,.@-]+)?$",
);

/// AWS's pattern for email bodies: printable characters, whitespace and `*`.
static BODY_RE: Pattern = Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]+$");

/// True for a CIDR block: an IPv4 or IPv6 address, `/`, and a prefix length that fits it.
pub fn cidr_ok(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else {
        return false;
    };
    let Ok(len) = len.parse::<u8>() else {
        return false;
    };
    if len.to_string().len() != s.len() - addr.len() - 1 {
        return false; // "+8", "08"
    }
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => len <= 32,
        Ok(IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

/// An ARN by AWS's pattern, `lo` to `hi` characters.
pub(crate) fn check_arn(c: &mut Checker, v: Option<&str>, lo: usize, hi: usize, at: impl Path) {
    c.len(v, lo, hi, at);
    c.pattern(
        v,
        &ARN_RE,
        "must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)",
        at,
    );
}

fn email(c: &mut Checker, subject: &str, html: Option<&str>, text: Option<&str>, at: impl Path) {
    let s = format_args!("{at}.subject");
    if subject.is_empty() {
        c.rule(false, s, "is required");
    } else {
        c.len(Some(subject), 1, 140, s);
        c.pattern(
            Some(subject),
            &crate::validate::PRINTABLE_OR_SPACE_RE,
            "must be printable characters and spaces",
            s,
        );
    }
    for (v, k) in [(html, "htmlBody"), (text, "textBody")] {
        let p = format_args!("{at}.{k}");
        c.len(v, 6, 20_000, p);
        c.pattern(v, &BODY_RE, "must be printable characters and spaces", p);
    }
}

fn check_ranges(c: &mut Checker, v: Option<&[String]>, at: impl Path) {
    let v = v.unwrap_or_default();
    c.rule_with(v.len() <= MAX_RANGES, at, || {
        format!("at most {MAX_RANGES} IP ranges, got {}", v.len())
    });
    for (i, r) in v.iter().enumerate() {
        c.rule_with(cidr_ok(r), format_args!("{at}[{i}]"), || {
            format!("must be a CIDR block such as 192.0.2.0/24 or 2001:db8::/32, got {r:?}")
        });
    }
}

fn check_takeover(
    c: &mut Checker,
    a: &RiskConfigurationAccountTakeoverRiskConfiguration,
    unknown: &dyn Fn(&str) -> bool,
) {
    const AT: &str = "accountTakeoverRiskConfiguration";
    match &a.actions {
        None => c.rule(
            unknown(&format!("{AT}.actions")),
            "accountTakeoverRiskConfiguration.actions",
            "is required",
        ),
        Some(acts) => {
            let levels = [
                (
                    "highAction",
                    acts.high_action.as_ref().map(|x| &x.event_action),
                ),
                (
                    "lowAction",
                    acts.low_action.as_ref().map(|x| &x.event_action),
                ),
                (
                    "mediumAction",
                    acts.medium_action.as_ref().map(|x| &x.event_action),
                ),
            ];
            for (level, action) in levels {
                let Some(action) = action else { continue };
                let p = format_args!("{AT}.actions.{level}.eventAction");
                if action.is_empty() {
                    c.rule(false, p, "is required");
                } else {
                    c.one_of(Some(action), TAKEOVER_ACTIONS, p);
                }
            }
        }
    }
    if let Some(n) = &a.notify_configuration {
        const N: &str = "accountTakeoverRiskConfiguration.notifyConfiguration";
        match n.source_arn.as_deref() {
            None => c.rule(
                unknown(&format!("{N}.sourceArn")),
                "accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn",
                "is required when notifyConfiguration is given (AWS's NotifyConfigurationType requires the SES identity that sends the emails); leave out notifyConfiguration to send none",
            ),
            arn => check_arn(c, arn, 20, 2048, "accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn"),
        }
        c.len(n.from.as_deref(), 0, 131_072, format_args!("{N}.from"));
        c.len(
            n.reply_to.as_deref(),
            0,
            131_072,
            format_args!("{N}.replyTo"),
        );
        if let Some(e) = &n.block_email {
            e.check(c, format_args!("{N}.blockEmail"));
        }
        if let Some(e) = &n.mfa_email {
            e.check(c, format_args!("{N}.mfaEmail"));
        }
        if let Some(e) = &n.no_action_email {
            e.check(c, format_args!("{N}.noActionEmail"));
        }
    }
}

#[async_trait]
impl Setting for RiskConfiguration {
    type Inputs = RiskConfigurationArgs;
    type Outputs = RiskConfigurationOutputs;
    type Key = RiskKey;
    const TOKEN: &'static str = "cognito:index:RiskConfiguration";
    const DESCRIPTION: &'static str = include_str!("risk_configuration.md");
    const ID_FORMAT: &'static str =
        "<userPoolId> or <userPoolId>:<clientId>, e.g. us-east-1_AbC123 or us-east-1_AbC123:1example23456789";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["clientId", "region", "userPoolId"];

    fn normalize(i: &mut RiskConfigurationArgs) {
        if let Some(cc) = &mut i.compromised_credentials_risk_configuration {
            sort_set(&mut cc.event_filters);
            if cc.event_filters.as_ref().is_some_and(Vec::is_empty) {
                cc.event_filters = None;
            }
        }
        if let Some(r) = &mut i.risk_exception_configuration {
            for l in [&mut r.blocked_ip_range_lists, &mut r.skipped_ip_range_lists] {
                sort_set(l);
                if l.as_ref().is_some_and(Vec::is_empty) {
                    *l = None;
                }
            }
        }
    }

    fn check(i: &RiskConfigurationArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown =
            |k: &str| PropPath::parse(k).is_some_and(|p| unknowns.iter().any(|u| u.touches(&p)));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        if let (Some(r), Some((pool_region, _))) = (&i.region, i.user_pool_id.rsplit_once('_')) {
            c.rule_with(r == pool_region, "userPoolId", || {
                format!("is a user pool of region {pool_region}, but region is {r}: a user pool id begins with its region")
            });
        }
        if let Some(client) = &i.client_id {
            c.rule_with(client_id_ok(client), "clientId", || {
                format!("must be an app client id (1 to 128 characters of [\\w+]+, e.g. a UserPoolClient's id), got {client:?}")
            });
        }
        let parts = [
            "accountTakeoverRiskConfiguration",
            "compromisedCredentialsRiskConfiguration",
            "riskExceptionConfiguration",
        ];
        c.rule(
            i.account_takeover_risk_configuration.is_some()
                || i.compromised_credentials_risk_configuration.is_some()
                || i.risk_exception_configuration.is_some()
                || parts.iter().any(|p| unknown(p)),
            "accountTakeoverRiskConfiguration",
            "one of accountTakeoverRiskConfiguration, compromisedCredentialsRiskConfiguration and riskExceptionConfiguration is required: a risk configuration with none sets nothing (AWS resets it)",
        );
        if let Some(a) = &i.account_takeover_risk_configuration {
            check_takeover(&mut c, a, &unknown);
        }
        if let Some(cc) = &i.compromised_credentials_risk_configuration {
            const CC: &str = "compromisedCredentialsRiskConfiguration";
            match &cc.actions {
                None => c.rule(
                    unknown("compromisedCredentialsRiskConfiguration.actions"),
                    "compromisedCredentialsRiskConfiguration.actions",
                    "is required",
                ),
                Some(a) if a.event_action.is_empty() => c.rule(
                    false,
                    "compromisedCredentialsRiskConfiguration.actions.eventAction",
                    "is required",
                ),
                Some(a) => c.one_of(
                    Some(&a.event_action),
                    COMPROMISED_ACTIONS,
                    format_args!("{CC}.actions.eventAction"),
                ),
            }
            c.each_one_of(
                cc.event_filters.as_deref(),
                EVENTS,
                format_args!("{CC}.eventFilters"),
            );
        }
        if let Some(r) = &i.risk_exception_configuration {
            const R: &str = "riskExceptionConfiguration";
            c.rule(
                r.blocked_ip_range_lists.is_some()
                    || r.skipped_ip_range_lists.is_some()
                    || unknown("riskExceptionConfiguration.blockedIpRangeLists")
                    || unknown("riskExceptionConfiguration.skippedIpRangeLists"),
                R,
                "one of blockedIpRangeLists and skippedIpRangeLists is required (with at least one range)",
            );
            check_ranges(
                &mut c,
                r.blocked_ip_range_lists.as_deref(),
                format_args!("{R}.blockedIpRangeLists"),
            );
            check_ranges(
                &mut c,
                r.skipped_ip_range_lists.as_deref(),
                format_args!("{R}.skippedIpRangeLists"),
            );
        }
        c.done()
    }

    fn key(i: &RiskConfigurationArgs) -> RiskKey {
        RiskKey {
            pool: i.user_pool_id.clone(),
            client: i.client_id.clone(),
        }
    }

    fn parse_id(id: &str) -> Option<RiskKey> {
        parse_key(id)
    }

    /// A pool or client with a configuration of its own already belongs to another
    /// resource (or to someone outside this stack): creating this one would overwrite it.
    async fn claim(ctx: Ctx<'_>, key: &RiskKey) -> Result<(), ProviderError> {
        if Self::get(ctx, key, None).await?.is_none() {
            return Ok(());
        }
        Err(ProviderError::InvalidArgument(format!(
            "{} already has a risk configuration of its own; creating this one would overwrite it. Import it (`pulumi import cognito:index:RiskConfiguration <name> {key}`), or remove the other one first",
            match &key.client {
                None => format!("user pool {}", key.pool),
                Some(c) => format!("app client {c} of user pool {}", key.pool),
            },
        )))
    }

    async fn get(
        ctx: Ctx<'_>,
        key: &RiskKey,
        _hint: Option<&RiskConfigurationArgs>,
    ) -> Result<Option<(RiskConfigurationArgs, RiskConfigurationOutputs)>, ProviderError> {
        // A pool or client that is gone is ResourceNotFoundException, which reads as gone.
        let out = ctx
            .aws
            .call("DescribeRiskConfiguration", Some(&key.pool), || {
                ctx.aws
                    .idp()
                    .describe_risk_configuration()
                    .user_pool_id(&key.pool)
                    .set_client_id(key.client.clone())
                    .send()
            })
            .await?;
        let Some(rc) = out.risk_configuration else {
            return Ok(None);
        };
        // A client without a configuration of its own is answered with the pool's.
        let client = rc.client_id().filter(|c| !c.is_empty() && *c != "ALL");
        if client != key.client.as_deref() {
            return Ok(None);
        }
        let inputs = RiskConfigurationArgs {
            account_takeover_risk_configuration: rc.account_takeover_risk_configuration().map(
                |a| RiskConfigurationAccountTakeoverRiskConfiguration {
                    actions: a.actions().map(|x| {
                        RiskConfigurationAccountTakeoverRiskConfigurationActions {
                            high_action: x.high_action().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationActionsHighAction::from_aws,
                            ),
                            low_action: x.low_action().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationActionsLowAction::from_aws,
                            ),
                            medium_action: x.medium_action().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationActionsMediumAction::from_aws,
                            ),
                        }
                    }),
                    notify_configuration: a.notify_configuration().map(|n| {
                        RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfiguration {
                            block_email: n.block_email().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationBlockEmail::from_aws,
                            ),
                            from: n.from().map(str::to_string),
                            mfa_email: n.mfa_email().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationMfaEmail::from_aws,
                            ),
                            no_action_email: n.no_action_email().map(
                                RiskConfigurationAccountTakeoverRiskConfigurationNotifyConfigurationNoActionEmail::from_aws,
                            ),
                            reply_to: n.reply_to().map(str::to_string),
                            source_arn: Some(n.source_arn().to_string()).filter(|s| !s.is_empty()),
                        }
                    }),
                },
            ),
            client_id: key.client.clone(),
            compromised_credentials_risk_configuration: rc
                .compromised_credentials_risk_configuration()
                .map(|cc| RiskConfigurationCompromisedCredentialsRiskConfiguration {
                    actions: cc.actions().map(|a| {
                        RiskConfigurationCompromisedCredentialsRiskConfigurationActions {
                            event_action: a.event_action().as_str().to_string(),
                        }
                    }),
                    event_filters: (!cc.event_filter().is_empty()).then(|| {
                        cc.event_filter()
                            .iter()
                            .map(|e| e.as_str().to_string())
                            .collect()
                    }),
                }),
            region: None,
            risk_exception_configuration: rc.risk_exception_configuration().and_then(|r| {
                let list = |l: &[String]| (!l.is_empty()).then(|| l.to_vec());
                let blocked = list(r.blocked_ip_range_list());
                let skipped = list(r.skipped_ip_range_list());
                (blocked.is_some() || skipped.is_some()).then_some(
                    RiskConfigurationRiskExceptionConfiguration {
                        blocked_ip_range_lists: blocked,
                        skipped_ip_range_lists: skipped,
                    },
                )
            }),
            user_pool_id: rc.user_pool_id().unwrap_or(&key.pool).to_string(),
        };
        if inputs.account_takeover_risk_configuration.is_none()
            && inputs.compromised_credentials_risk_configuration.is_none()
            && inputs.risk_exception_configuration.is_none()
        {
            return Ok(None);
        }
        Ok(Some((inputs, RiskConfigurationOutputs {})))
    }

    /// The whole configuration: what the program leaves out, AWS clears.
    async fn set(
        ctx: Ctx<'_>,
        key: &RiskKey,
        i: &RiskConfigurationArgs,
    ) -> Result<(), ProviderError> {
        let takeover = i.account_takeover_risk_configuration.as_ref().map(|a| {
            t::AccountTakeoverRiskConfigurationType::builder()
                .set_actions(a.actions.as_ref().map(|x| {
                    t::AccountTakeoverActionsType::builder()
                        .set_high_action(x.high_action.as_ref().and_then(|a| a.to_aws()))
                        .set_low_action(x.low_action.as_ref().and_then(|a| a.to_aws()))
                        .set_medium_action(x.medium_action.as_ref().and_then(|a| a.to_aws()))
                        .build()
                }))
                .set_notify_configuration(a.notify_configuration.as_ref().and_then(|n| {
                    t::NotifyConfigurationType::builder()
                        .set_source_arn(n.source_arn.clone())
                        .set_from(n.from.clone())
                        .set_reply_to(n.reply_to.clone())
                        .set_block_email(n.block_email.as_ref().and_then(|e| e.to_aws()))
                        .set_mfa_email(n.mfa_email.as_ref().and_then(|e| e.to_aws()))
                        .set_no_action_email(n.no_action_email.as_ref().and_then(|e| e.to_aws()))
                        .build()
                        .ok()
                }))
                .build()
        });
        let compromised = i
            .compromised_credentials_risk_configuration
            .as_ref()
            .map(|cc| {
                t::CompromisedCredentialsRiskConfigurationType::builder()
                    .set_actions(cc.actions.as_ref().and_then(|a| {
                        t::CompromisedCredentialsActionsType::builder()
                            .event_action(t::CompromisedCredentialsEventActionType::from(
                                a.event_action.as_str(),
                            ))
                            .build()
                            .ok()
                    }))
                    .set_event_filter(cc.event_filters.as_ref().map(|l| {
                        l.iter()
                            .map(|e| t::EventFilterType::from(e.as_str()))
                            .collect()
                    }))
                    .build()
            });
        let exceptions = i.risk_exception_configuration.as_ref().map(|r| {
            t::RiskExceptionConfigurationType::builder()
                .set_blocked_ip_range_list(r.blocked_ip_range_lists.clone())
                .set_skipped_ip_range_list(r.skipped_ip_range_lists.clone())
                .build()
        });
        match put(ctx, key, takeover, compromised, exceptions).await {
            Err(ProviderError::Aws(e))
                if e.code.as_deref() == Some("UserPoolAddOnNotEnabledException") =>
            {
                Err(ProviderError::InvalidArgument(format!(
                    "{e} — user pool {} has threat protection off: set userPoolAddOns.advancedSecurityMode to AUDIT or ENFORCED (with userPoolTier: PLUS) on the UserPool",
                    key.pool
                )))
            }
            other => other,
        }
    }

    /// Sends only the pool and client ids: the pool goes back to AWS's defaults (no
    /// configuration), a client back to inheriting the pool's.
    async fn reset(
        ctx: Ctx<'_>,
        key: &RiskKey,
        _i: &RiskConfigurationArgs,
    ) -> Result<(), ProviderError> {
        put(ctx, key, None, None, None).await
    }
}

async fn put(
    ctx: Ctx<'_>,
    key: &RiskKey,
    takeover: Option<t::AccountTakeoverRiskConfigurationType>,
    compromised: Option<t::CompromisedCredentialsRiskConfigurationType>,
    exceptions: Option<t::RiskExceptionConfigurationType>,
) -> Result<(), ProviderError> {
    ctx.aws
        .call("SetRiskConfiguration", Some(&key.pool), || {
            ctx.aws
                .idp()
                .set_risk_configuration()
                .user_pool_id(&key.pool)
                .set_client_id(key.client.clone())
                .set_account_takeover_risk_configuration(takeover.clone())
                .set_compromised_credentials_risk_configuration(compromised.clone())
                .set_risk_exception_configuration(exceptions.clone())
                .send()
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_print() {
        let k = parse_key("us-east-1_AbC123").unwrap();
        assert_eq!(
            (k.pool.as_str(), k.client.as_deref()),
            ("us-east-1_AbC123", None)
        );
        assert_eq!(k.to_string(), "us-east-1_AbC123");
        let k = parse_key("us-east-1_AbC123:1example23").unwrap();
        assert_eq!(k.client.as_deref(), Some("1example23"));
        assert_eq!(k.to_string(), "us-east-1_AbC123:1example23");
        for bad in [
            "",
            "pool",
            "us-east-1_AbC123:",
            "us-east-1_AbC123:a-b",
            "us-east-1_AbC123:a:b",
        ] {
            assert!(parse_key(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn cidrs() {
        for ok in [
            "10.0.0.0/8",
            "192.0.2.1/32",
            "0.0.0.0/0",
            "2001:db8::/32",
            "::/0",
            "::1/128",
        ] {
            assert!(cidr_ok(ok), "{ok}");
        }
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/8",
            "2001:db8::/129",
            "x/8",
            "10.0.0.0/+8",
            "10.0.0.0/08",
            "/8",
            "10.0.0.0/",
        ] {
            assert!(!cidr_ok(bad), "{bad}");
        }
    }
}
