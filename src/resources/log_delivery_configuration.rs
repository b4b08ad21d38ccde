//! `cognito:index:LogDeliveryConfiguration`: where a user pool sends its logs (message
//! delivery errors, and threat protection's user activity). A [`Setting`] on the pool: AWS
//! only sets it (`SetLogDeliveryConfiguration`, a full overwrite), reads it
//! (`GetLogDeliveryConfiguration`), and resets it by a set with an empty list.
//!
//! - "Gone" means the pool sends no logs (an empty list: a reset, in or out of band), or the
//!   pool was deleted.
//! - `logConfigurations` are keyed by `eventSource`: AWS answers in an order of its own,
//!   which is no change (TF#43550).
//! - Check refuses what AWS refuses (TF#47790): `userNotification` takes only `ERROR` and
//!   CloudWatch Logs, `userAuthEvents` only `INFO`, and each entry exactly one destination.

use super::risk_configuration::check_arn;
use super::settings::Setting;
use crate::aws::AwsError;
use crate::codec::PropPath;
use crate::diff::{self, PropDiff};
use crate::error::ProviderError;
use crate::resource::{Ctx, Failure};
use crate::validate::{pool_id_ok, Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// A CloudWatch Logs destination.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogDeliveryConfigurationLogConfigurationCloudWatchLogsConfiguration {
    /// The log group's ARN, without the `:*` suffix (e.g. `arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito`): same account as the pool, not encrypted with KMS. Required.
    pub log_group_arn: Option<String>,
}

/// An Amazon Data Firehose destination (for `userAuthEvents` only).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogDeliveryConfigurationLogConfigurationFirehoseConfiguration {
    /// The Firehose stream's ARN. Required.
    pub stream_arn: Option<String>,
}

/// An Amazon S3 destination (for `userAuthEvents` only).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogDeliveryConfigurationLogConfigurationS3Configuration {
    /// The bucket's ARN, `arn:aws:s3:::<bucket>`. Required.
    pub bucket_arn: Option<String>,
}

/// Where one event source's logs go.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogDeliveryConfigurationLogConfiguration {
    /// Send the logs to CloudWatch Logs. Exactly one of `cloudWatchLogsConfiguration`, `firehoseConfiguration` and `s3Configuration` is required.
    pub cloud_watch_logs_configuration:
        Option<LogDeliveryConfigurationLogConfigurationCloudWatchLogsConfiguration>,
    /// `userNotification` (errors delivering email and SMS messages; CloudWatch Logs only) or `userAuthEvents` (threat protection's user activity; needs the pool's Plus feature plan). One entry per event source. Required.
    #[serde(default)]
    pub event_source: String,
    /// Send the logs to Amazon Data Firehose (`userAuthEvents` only).
    pub firehose_configuration:
        Option<LogDeliveryConfigurationLogConfigurationFirehoseConfiguration>,
    /// `ERROR` for `userNotification`, `INFO` for `userAuthEvents` (AWS takes no other combination). Required.
    #[serde(default)]
    pub log_level: String,
    /// Send the logs to Amazon S3 (`userAuthEvents` only).
    pub s3_configuration: Option<LogDeliveryConfigurationLogConfigurationS3Configuration>,
}

/// The inputs of a log delivery configuration.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogDeliveryConfigurationArgs {
    /// One or two log configurations, one per `eventSource`. They are keyed by `eventSource`: their order is no change. Required.
    #[serde(default)]
    pub log_configurations: Vec<LogDeliveryConfigurationLogConfiguration>,
    /// The AWS region of the user pool; defaults to the provider's region. Changing it replaces the configuration.
    pub region: Option<String>,
    /// The user pool. A pool takes one log delivery configuration. Changing it replaces the configuration.
    #[serde(default)]
    pub user_pool_id: String,
}

/// A log delivery configuration has no computed outputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LogDeliveryConfigurationOutputs {}

/// The log delivery configuration resource.
pub struct LogDeliveryConfiguration;

/// The event sources (EventSourceName).
const SOURCES: &[&str] = &["userNotification", "userAuthEvents"];
/// The log levels (LogLevel).
const LEVELS: &[&str] = &["ERROR", "INFO"];
/// The most log configurations a pool takes (one per event source).
pub const MAX_CONFIGURATIONS: usize = 2;

/// AWS's pattern for S3 bucket ARNs (S3ConfigurationType.BucketArn).
static BUCKET_ARN_RE: Pattern = Pattern::new(
    r"^arn:[A-Za-z0-9_+=/,.@-]+:[A-Za-z0-9_+=/,.@-]+:::[A-Za-z0-9_+=/,.@-]+(:[A-Za-z0-9_+=/,.@-]+)?(:[A-Za-z0-9_+=/,.@-]+)?$",
);

/// The destinations an entry names, by property name.
fn destinations(l: &LogDeliveryConfigurationLogConfiguration) -> Vec<&'static str> {
    let mut d = Vec::new();
    if l.cloud_watch_logs_configuration.is_some() {
        d.push("cloudWatchLogsConfiguration");
    }
    if l.firehose_configuration.is_some() {
        d.push("firehoseConfiguration");
    }
    if l.s3_configuration.is_some() {
        d.push("s3Configuration");
    }
    d
}

fn check_entry(
    c: &mut Checker,
    l: &LogDeliveryConfigurationLogConfiguration,
    i: usize,
    unknown: &dyn Fn(&str) -> bool,
) {
    let at = format!("logConfigurations[{i}]");
    let p = |k: &str| format!("{at}.{k}");
    if l.event_source.is_empty() {
        c.rule(
            unknown(&p("eventSource")),
            p("eventSource").as_str(),
            "is required",
        );
    }
    if l.log_level.is_empty() {
        c.rule(
            unknown(&p("logLevel")),
            p("logLevel").as_str(),
            "is required",
        );
    }
    let source = Some(l.event_source.as_str()).filter(|s| !s.is_empty());
    let level = Some(l.log_level.as_str()).filter(|s| !s.is_empty());
    c.one_of(source, SOURCES, p("eventSource").as_str());
    c.one_of(level, LEVELS, p("logLevel").as_str());
    match (source, level) {
        (Some("userNotification"), Some(lv)) if LEVELS.contains(&lv) => c.rule(
            lv == "ERROR",
            p("logLevel").as_str(),
            "userNotification takes only ERROR (AWS logs message delivery errors only)",
        ),
        (Some("userAuthEvents"), Some(lv)) if LEVELS.contains(&lv) => c.rule(
            lv == "INFO",
            p("logLevel").as_str(),
            "userAuthEvents takes only INFO",
        ),
        _ => {}
    }
    let dests = destinations(l);
    let any_unknown = [
        "cloudWatchLogsConfiguration",
        "firehoseConfiguration",
        "s3Configuration",
    ]
    .iter()
    .any(|d| unknown(&p(d)));
    c.rule_with(dests.len() == 1 || (dests.is_empty() && any_unknown), at.as_str(), || {
        match dests.len() {
            0 => "needs a destination: one of cloudWatchLogsConfiguration, firehoseConfiguration and s3Configuration".to_string(),
            _ => format!("takes exactly one destination, got {}", dests.join(" and ")),
        }
    });
    if source == Some("userNotification") {
        for d in dests
            .iter()
            .filter(|d| **d != "cloudWatchLogsConfiguration")
        {
            c.rule(
                false,
                p(d).as_str(),
                "userNotification logs go only to CloudWatch Logs (cloudWatchLogsConfiguration); S3 and Firehose take userAuthEvents only",
            );
        }
    }
    let arn = |c: &mut Checker, v: Option<&String>, field: &str, lo, hi, bucket: bool| {
        let full = format!("{at}.{field}");
        match v {
            None => c.rule(unknown(&full), full.as_str(), "is required"),
            Some(v) if bucket => {
                c.len(Some(v), lo, hi, full.as_str());
                c.pattern(
                    Some(v),
                    &BUCKET_ARN_RE,
                    "must be an S3 bucket ARN (arn:aws:s3:::<bucket>)",
                    full.as_str(),
                );
            }
            Some(v) => {
                check_arn(c, Some(v), lo, hi, full.as_str());
                c.rule(
                    !v.ends_with(":*"),
                    full.as_str(),
                    "must be the log group's ARN without the :* suffix",
                );
            }
        }
    };
    if let Some(d) = &l.cloud_watch_logs_configuration {
        arn(
            c,
            d.log_group_arn.as_ref(),
            "cloudWatchLogsConfiguration.logGroupArn",
            20,
            2048,
            false,
        );
    }
    if let Some(d) = &l.firehose_configuration {
        arn(
            c,
            d.stream_arn.as_ref(),
            "firehoseConfiguration.streamArn",
            20,
            2048,
            false,
        );
    }
    if let Some(d) = &l.s3_configuration {
        arn(
            c,
            d.bucket_arn.as_ref(),
            "s3Configuration.bucketArn",
            3,
            1024,
            true,
        );
    }
}

/// AWS's refusal of `userAuthEvents` outside the Plus feature plan.
fn needs_plus(e: &AwsError) -> bool {
    e.code.as_deref() == Some("FeatureUnavailableInTierException")
}

#[async_trait]
impl Setting for LogDeliveryConfiguration {
    type Inputs = LogDeliveryConfigurationArgs;
    type Outputs = LogDeliveryConfigurationOutputs;
    type Key = String;
    const TOKEN: &'static str = "cognito:index:LogDeliveryConfiguration";
    const DESCRIPTION: &'static str = include_str!("log_delivery_configuration.md");
    const ID_FORMAT: &'static str = "<userPoolId>, e.g. us-east-1_AbC123";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["region", "userPoolId"];

    fn check(i: &LogDeliveryConfigurationArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown =
            |k: &str| PropPath::parse(k).is_some_and(|p| unknowns.iter().any(|u| u.touches(&p)));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        if let (Some(r), Some((pool_region, _))) = (&i.region, i.user_pool_id.rsplit_once('_')) {
            c.rule_with(r == pool_region, "userPoolId", || {
                format!("is a user pool of region {pool_region}, but region is {r}: a user pool id begins with its region")
            });
        }
        let list = &i.log_configurations;
        c.rule(
            !list.is_empty() || unknown("logConfigurations"),
            "logConfigurations",
            "at least one log configuration is required (an empty list sends no logs: delete the resource instead)",
        );
        c.rule_with(
            list.len() <= MAX_CONFIGURATIONS,
            "logConfigurations",
            || {
                format!(
                "at most {MAX_CONFIGURATIONS} log configurations (one per event source), got {}",
                list.len()
            )
            },
        );
        for (n, l) in list.iter().enumerate() {
            check_entry(&mut c, l, n, &unknown);
            if !l.event_source.is_empty()
                && list[..n].iter().any(|o| o.event_source == l.event_source)
            {
                c.rule_with(
                    false,
                    format_args!("logConfigurations[{n}].eventSource"),
                    || {
                        format!(
                            "{} appears twice: a pool takes one log configuration per event source",
                            l.event_source
                        )
                    },
                );
            }
        }
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        (key == "logConfigurations")
            .then(|| diff::keyed_list(&PropPath::key(key), old, new, "eventSource"))
            .flatten()
    }

    fn key(i: &LogDeliveryConfigurationArgs) -> String {
        i.user_pool_id.clone()
    }

    fn parse_id(id: &str) -> Option<String> {
        pool_id_ok(id).then(|| id.to_string())
    }

    /// A pool that sends logs already belongs to another resource (or to someone outside
    /// this stack): creating this one would overwrite its configuration.
    async fn claim(ctx: Ctx<'_>, pool: &String) -> Result<(), ProviderError> {
        let Some((held, _)) = Self::get(ctx, pool, None).await? else {
            return Ok(());
        };
        let sources: Vec<&str> = held
            .log_configurations
            .iter()
            .map(|l| l.event_source.as_str())
            .collect();
        Err(ProviderError::InvalidArgument(format!(
            "user pool {pool} already delivers logs ({}); a pool takes one LogDeliveryConfiguration, and creating this one would overwrite it. Import it (`pulumi import cognito:index:LogDeliveryConfiguration <name> {pool}`), or remove the other one first",
            sources.join(", ")
        )))
    }

    async fn get(
        ctx: Ctx<'_>,
        pool: &String,
        hint: Option<&LogDeliveryConfigurationArgs>,
    ) -> Result<
        Option<(
            LogDeliveryConfigurationArgs,
            LogDeliveryConfigurationOutputs,
        )>,
        ProviderError,
    > {
        let out = ctx
            .aws
            .call("GetLogDeliveryConfiguration", Some(pool), || {
                ctx.aws
                    .idp()
                    .get_log_delivery_configuration()
                    .user_pool_id(pool)
                    .send()
            })
            .await?;
        let Some(cfg) = out.log_delivery_configuration else {
            return Ok(None);
        };
        let arn = |a: Option<&str>| a.filter(|a| !a.is_empty()).map(str::to_string);
        let mut list: Vec<LogDeliveryConfigurationLogConfiguration> =
            cfg.log_configurations()
                .iter()
                .map(|l| LogDeliveryConfigurationLogConfiguration {
                    cloud_watch_logs_configuration: l
                        .cloud_watch_logs_configuration()
                        .and_then(|d| arn(d.log_group_arn()))
                        .map(|a| {
                            LogDeliveryConfigurationLogConfigurationCloudWatchLogsConfiguration {
                                log_group_arn: Some(a),
                            }
                        }),
                    event_source: l.event_source().as_str().to_string(),
                    firehose_configuration: l
                        .firehose_configuration()
                        .and_then(|d| arn(d.stream_arn()))
                        .map(
                            |a| LogDeliveryConfigurationLogConfigurationFirehoseConfiguration {
                                stream_arn: Some(a),
                            },
                        ),
                    log_level: l.log_level().as_str().to_string(),
                    s3_configuration: l.s3_configuration().and_then(|d| arn(d.bucket_arn())).map(
                        |a| LogDeliveryConfigurationLogConfigurationS3Configuration {
                            bucket_arn: Some(a),
                        },
                    ),
                })
                .collect();
        if list.is_empty() {
            return Ok(None);
        }
        // In the program's order (AWS answers in its own), else by event source.
        let order = |s: &str| {
            hint.and_then(|h| {
                h.log_configurations
                    .iter()
                    .position(|l| l.event_source == s)
            })
            .unwrap_or(usize::MAX)
        };
        list.sort_by(|a, b| {
            (order(&a.event_source), &a.event_source)
                .cmp(&(order(&b.event_source), &b.event_source))
        });
        Ok(Some((
            LogDeliveryConfigurationArgs {
                log_configurations: list,
                region: None,
                user_pool_id: cfg.user_pool_id().to_string(),
            }
            .with_pool(pool),
            LogDeliveryConfigurationOutputs {},
        )))
    }

    async fn set(
        ctx: Ctx<'_>,
        pool: &String,
        i: &LogDeliveryConfigurationArgs,
    ) -> Result<(), ProviderError> {
        let mut list = Vec::new();
        for l in &i.log_configurations {
            let entry = t::LogConfigurationType::builder()
                .event_source(t::EventSourceName::from(l.event_source.as_str()))
                .log_level(t::LogLevel::from(l.log_level.as_str()))
                .set_cloud_watch_logs_configuration(l.cloud_watch_logs_configuration.as_ref().map(
                    |d| {
                        t::CloudWatchLogsConfigurationType::builder()
                            .set_log_group_arn(d.log_group_arn.clone())
                            .build()
                    },
                ))
                .set_firehose_configuration(l.firehose_configuration.as_ref().map(|d| {
                    t::FirehoseConfigurationType::builder()
                        .set_stream_arn(d.stream_arn.clone())
                        .build()
                }))
                .set_s3_configuration(l.s3_configuration.as_ref().map(|d| {
                    t::S3ConfigurationType::builder()
                        .set_bucket_arn(d.bucket_arn.clone())
                        .build()
                }))
                .build()
                .map_err(|e| ProviderError::InvalidArgument(format!("logConfigurations: {e}")))?;
            list.push(entry);
        }
        match put(ctx, pool, list).await {
            Err(ProviderError::Aws(e)) if needs_plus(&e) => Err(ProviderError::InvalidArgument(format!(
                "{e} — userAuthEvents logs need threat protection's Plus feature plan: set userPoolTier: PLUS on user pool {pool}"
            ))),
            other => other,
        }
    }

    /// An empty list: the pool sends no logs.
    async fn reset(
        ctx: Ctx<'_>,
        pool: &String,
        _i: &LogDeliveryConfigurationArgs,
    ) -> Result<(), ProviderError> {
        put(ctx, pool, Vec::new()).await
    }
}

impl LogDeliveryConfigurationArgs {
    /// Fills in the pool id where AWS's answer left it empty.
    fn with_pool(mut self, pool: &str) -> Self {
        if self.user_pool_id.is_empty() {
            self.user_pool_id = pool.to_string();
        }
        self
    }
}

async fn put(
    ctx: Ctx<'_>,
    pool: &str,
    list: Vec<t::LogConfigurationType>,
) -> Result<(), ProviderError> {
    ctx.aws
        .call("SetLogDeliveryConfiguration", Some(pool), || {
            ctx.aws
                .idp()
                .set_log_delivery_configuration()
                .user_pool_id(pool)
                .set_log_configurations(Some(list.clone()))
                .send()
        })
        .await?;
    Ok(())
}
