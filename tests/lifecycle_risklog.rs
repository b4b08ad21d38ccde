//! Threat protection and log delivery (issue 21): RiskConfiguration and
//! LogDeliveryConfiguration, settings on a user pool (`src/resources/settings.rs`).
//!
//! - Check tables: a passing and a failing case for every rule, naming the property.
//! - Diffs: eventFilters and IP ranges are sets, logConfigurations are keyed by eventSource.
//! - Engine-like lifecycles over gRPC against the local Cognito (`localcognito/idp.py`
//!   has Set/DescribeRiskConfiguration and Set/GetLogDeliveryConfiguration with AWS's rules:
//!   eventFilters filled in, a client inheriting the pool's configuration, log
//!   configurations answered in another order, userAuthEvents only on a Plus pool).
//! - "Gone" for a setting, as for the role attachment and the UI customization: AWS holds
//!   nothing of this pool's (or client's) own — a reset, in or out of band — or the pool
//!   (or client) was deleted. Delete resets; delete of what is gone succeeds.
//! - No drift: rich configurations read back and diffed against their inputs.

mod support;

use pulumi_cognito::codec::UNKNOWN;
use pulumi_cognito::pulumirpc::{diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use support::engine::{decode, sdk, Engine};
use support::moto;

const RISK: &str = "cognito:index:RiskConfiguration";
const LOGS: &str = "cognito:index:LogDeliveryConfiguration";
const POOL: &str = "cognito:index:UserPool";
const P: &str = "us-east-1_AbC123";
const SES: &str = "arn:aws:ses:us-east-1:123456789012:identity/example.com";
const GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/notify";
const STREAM: &str = "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-events";
const BUCKET: &str = "arn:aws:s3:::example-cognito-logs";

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// `base` with `patch` applied at a dotted path (`null` removes the key).
fn set(base: &Value, path: &str, v: Value) -> Value {
    let mut out = base.clone();
    let mut cur = &mut out;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let key: Result<usize, _> = p.parse();
        if i == parts.len() - 1 {
            match (key, &v) {
                (Ok(n), _) => cur[n] = v.clone(),
                (Err(_), Value::Null) => {
                    cur.as_object_mut().unwrap().remove(*p);
                }
                (Err(_), _) => cur[*p] = v.clone(),
            }
            break;
        }
        cur = match key {
            Ok(n) => &mut cur[n],
            Err(_) => &mut cur[*p],
        };
    }
    out
}

async fn expect_failures(e: &mut Engine, ty: &str, cases: Vec<(&str, Value, Option<&str>)>) {
    for (what, news, expect) in cases {
        let (_, failures) = e.check(ty, "t", json!({}), news.clone()).await;
        match expect {
            None => assert!(failures.is_empty(), "{what}: {failures:?}"),
            Some(p) => assert!(
                failures.iter().any(|(f, r)| f == p && !r.is_empty()),
                "{what}: expected a failure on {p}, got {failures:?}"
            ),
        }
    }
}

fn rich_risk(pool: &str) -> Value {
    json!({
        "userPoolId": pool,
        "accountTakeoverRiskConfiguration": {
            "actions": {
                "highAction": {"eventAction": "BLOCK", "notify": true},
                "mediumAction": {"eventAction": "MFA_REQUIRED", "notify": true},
                "lowAction": {"eventAction": "MFA_IF_CONFIGURED", "notify": false},
            },
            "notifyConfiguration": {
                "sourceArn": SES,
                "from": "security@example.com",
                "replyTo": "help@example.com",
                "blockEmail": {"subject": "Blocked", "htmlBody": "<p>We blocked a sign-in.</p>", "textBody": "We blocked a sign-in."},
                "mfaEmail": {"subject": "Check", "htmlBody": "<p>Confirm it was you.</p>", "textBody": "Confirm it was you."},
                "noActionEmail": {"subject": "Notice", "htmlBody": "<p>A new sign-in.</p>", "textBody": "A new sign-in."},
            },
        },
        "compromisedCredentialsRiskConfiguration": {
            "actions": {"eventAction": "BLOCK"},
            "eventFilters": ["SIGN_UP", "SIGN_IN"],
        },
        "riskExceptionConfiguration": {
            "blockedIpRangeLists": ["198.51.100.0/24", "192.0.2.0/24"],
            "skippedIpRangeLists": ["2001:db8::/32", "10.0.0.0/8"],
        },
    })
}

#[tokio::test]
async fn risk_configuration_check_rules() {
    let ok = rich_risk(P);
    let at = "accountTakeoverRiskConfiguration";
    let n = "accountTakeoverRiskConfiguration.notifyConfiguration";
    let cc = "compromisedCredentialsRiskConfiguration";
    let re = "riskExceptionConfiguration";
    let only = |k: &str, v: Value| json!({"userPoolId": P, k: v});
    let ranges = |n: usize| -> Value {
        (0..n)
            .map(|i| json!(format!("10.{}.{}.0/24", i / 256, i % 256)))
            .collect()
    };
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        ("rich", ok.clone(), None),
        // userPoolId: required, AWS's pattern, in the resource's region.
        (
            "no pool",
            set(&ok, "userPoolId", Value::Null),
            Some("userPoolId"),
        ),
        (
            "bad pool",
            set(&ok, "userPoolId", json!("pool")),
            Some("userPoolId"),
        ),
        ("unknown pool", set(&ok, "userPoolId", json!(UNKNOWN)), None),
        (
            "pool in region",
            set(&ok, "region", json!("us-east-1")),
            None,
        ),
        (
            "pool of another region",
            set(&ok, "region", json!("eu-west-1")),
            Some("userPoolId"),
        ),
        // clientId: [\w+]+, 1 to 128.
        ("client", set(&ok, "clientId", json!("1example23+_x")), None),
        (
            "client with a dash",
            set(&ok, "clientId", json!("a-b")),
            Some("clientId"),
        ),
        (
            "long client",
            set(&ok, "clientId", json!("a".repeat(129))),
            Some("clientId"),
        ),
        (
            "empty client",
            set(&ok, "clientId", json!("")),
            Some("clientId"),
        ),
        (
            "longest client",
            set(&ok, "clientId", json!("a".repeat(128))),
            None,
        ),
        // At least one of the three parts.
        ("nothing", json!({"userPoolId": P}), Some(at)),
        (
            "unknown part",
            json!({"userPoolId": P, "riskExceptionConfiguration": UNKNOWN}),
            None,
        ),
        ("takeover only", only(at, ok[at].clone()), None),
        (
            "compromised only",
            only(cc, json!({"actions": {"eventAction": "NO_ACTION"}})),
            None,
        ),
        (
            "exceptions only",
            only(re, json!({"skippedIpRangeLists": ["10.0.0.0/8"]})),
            None,
        ),
        // Account takeover: actions required, each action's eventAction of four.
        (
            "no takeover actions",
            set(&ok, &format!("{at}.actions"), Value::Null),
            Some("accountTakeoverRiskConfiguration.actions"),
        ),
        (
            "no action levels",
            set(&ok, &format!("{at}.actions"), json!({})),
            None,
        ),
        (
            "MFA_IF_CONFIGURED",
            set(
                &ok,
                &format!("{at}.actions.highAction.eventAction"),
                json!("MFA_IF_CONFIGURED"),
            ),
            None,
        ),
        (
            "bad takeover action",
            set(
                &ok,
                &format!("{at}.actions.highAction.eventAction"),
                json!("ALLOW"),
            ),
            Some("accountTakeoverRiskConfiguration.actions.highAction.eventAction"),
        ),
        (
            "bad low action",
            set(
                &ok,
                &format!("{at}.actions.lowAction.eventAction"),
                json!("block"),
            ),
            Some("accountTakeoverRiskConfiguration.actions.lowAction.eventAction"),
        ),
        (
            "no medium eventAction",
            set(
                &ok,
                &format!("{at}.actions.mediumAction.eventAction"),
                Value::Null,
            ),
            Some("accountTakeoverRiskConfiguration.actions.mediumAction.eventAction"),
        ),
        (
            "unknown eventAction",
            set(
                &ok,
                &format!("{at}.actions.mediumAction.eventAction"),
                json!(UNKNOWN),
            ),
            None,
        ),
        // notifyConfiguration is optional (TF#28784); given, it needs sourceArn (AWS's NotifyConfigurationType).
        (
            "no notifyConfiguration",
            set(&ok, &format!("{at}.notifyConfiguration"), Value::Null),
            None,
        ),
        (
            "no sourceArn",
            set(&ok, &format!("{n}.sourceArn"), Value::Null),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn"),
        ),
        (
            "unknown sourceArn",
            set(&ok, &format!("{n}.sourceArn"), json!(UNKNOWN)),
            None,
        ),
        (
            "bad sourceArn",
            set(
                &ok,
                &format!("{n}.sourceArn"),
                json!("ses:identity/example.com"),
            ),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn"),
        ),
        (
            "short sourceArn",
            set(&ok, &format!("{n}.sourceArn"), json!("arn:a:b::1:c")),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn"),
        ),
        (
            "long from",
            set(&ok, &format!("{n}.from"), json!("a".repeat(131_073))),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.from"),
        ),
        (
            "long replyTo",
            set(&ok, &format!("{n}.replyTo"), json!("a".repeat(131_073))),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.replyTo"),
        ),
        // Emails: subject required, 1 to 140 printable; bodies 6 to 20,000.
        (
            "subject only",
            set(
                &ok,
                &format!("{n}.blockEmail"),
                json!({"subject": "Blocked"}),
            ),
            None,
        ),
        (
            "no subject",
            set(&ok, &format!("{n}.blockEmail.subject"), Value::Null),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.blockEmail.subject"),
        ),
        (
            "long subject",
            set(
                &ok,
                &format!("{n}.mfaEmail.subject"),
                json!("a".repeat(141)),
            ),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.mfaEmail.subject"),
        ),
        (
            "control in subject",
            set(&ok, &format!("{n}.mfaEmail.subject"), json!("a\u{7}b")),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.mfaEmail.subject"),
        ),
        (
            "short html",
            set(&ok, &format!("{n}.noActionEmail.htmlBody"), json!("<p>")),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.noActionEmail.htmlBody"),
        ),
        (
            "long text",
            set(
                &ok,
                &format!("{n}.noActionEmail.textBody"),
                json!("a".repeat(20_001)),
            ),
            Some("accountTakeoverRiskConfiguration.notifyConfiguration.noActionEmail.textBody"),
        ),
        (
            "longest text",
            set(
                &ok,
                &format!("{n}.noActionEmail.textBody"),
                json!("a".repeat(20_000)),
            ),
            None,
        ),
        // Compromised credentials: actions required, BLOCK or NO_ACTION; filters of three events.
        (
            "no compromised actions",
            set(&ok, &format!("{cc}.actions"), Value::Null),
            Some("compromisedCredentialsRiskConfiguration.actions"),
        ),
        (
            "no compromised eventAction",
            set(&ok, &format!("{cc}.actions"), json!({})),
            Some("compromisedCredentialsRiskConfiguration.actions.eventAction"),
        ),
        (
            "MFA for compromised",
            set(
                &ok,
                &format!("{cc}.actions.eventAction"),
                json!("MFA_REQUIRED"),
            ),
            Some("compromisedCredentialsRiskConfiguration.actions.eventAction"),
        ),
        (
            "all events",
            set(
                &ok,
                &format!("{cc}.eventFilters"),
                json!(["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]),
            ),
            None,
        ),
        (
            "no events",
            set(&ok, &format!("{cc}.eventFilters"), Value::Null),
            None,
        ),
        (
            "bad event",
            set(&ok, &format!("{cc}.eventFilters"), json!(["SIGN_OUT"])),
            Some("compromisedCredentialsRiskConfiguration.eventFilters[0]"),
        ),
        // Risk exceptions: one list at least; CIDR blocks; at most 200 each.
        ("empty exceptions", only(re, json!({})), Some(re)),
        (
            "empty lists",
            only(
                re,
                json!({"blockedIpRangeLists": [], "skippedIpRangeLists": []}),
            ),
            Some(re),
        ),
        (
            "an address",
            set(
                &ok,
                &format!("{re}.blockedIpRangeLists"),
                json!(["192.0.2.1"]),
            ),
            Some("riskExceptionConfiguration.blockedIpRangeLists[0]"),
        ),
        (
            "bad prefix",
            set(
                &ok,
                &format!("{re}.skippedIpRangeLists"),
                json!(["10.0.0.0/33"]),
            ),
            Some("riskExceptionConfiguration.skippedIpRangeLists[0]"),
        ),
        (
            "ipv6",
            set(
                &ok,
                &format!("{re}.skippedIpRangeLists"),
                json!(["2001:db8::/128"]),
            ),
            None,
        ),
        (
            "200 ranges",
            set(&ok, &format!("{re}.blockedIpRangeLists"), ranges(200)),
            None,
        ),
        (
            "201 ranges",
            set(&ok, &format!("{re}.blockedIpRangeLists"), ranges(201)),
            Some("riskExceptionConfiguration.blockedIpRangeLists"),
        ),
        (
            "201 skipped",
            set(&ok, &format!("{re}.skippedIpRangeLists"), ranges(201)),
            Some("riskExceptionConfiguration.skippedIpRangeLists"),
        ),
    ];
    let mut e = Engine::unconfigured().await;
    expect_failures(&mut e, RISK, cases).await;
    // Sets come back sorted and without repeats.
    let (checked, _) = e.check(RISK, "t", json!({}), ok.clone()).await;
    let v = value(&checked);
    assert_eq!(v[cc]["eventFilters"], json!(["SIGN_IN", "SIGN_UP"]));
    assert_eq!(
        v[re]["blockedIpRangeLists"],
        json!(["192.0.2.0/24", "198.51.100.0/24"])
    );
}

fn rich_logs(pool: &str) -> Value {
    json!({
        "userPoolId": pool,
        "logConfigurations": [
            {"eventSource": "userNotification", "logLevel": "ERROR", "cloudWatchLogsConfiguration": {"logGroupArn": GROUP}},
            {"eventSource": "userAuthEvents", "logLevel": "INFO", "s3Configuration": {"bucketArn": BUCKET}},
        ],
    })
}

#[tokio::test]
async fn log_delivery_check_rules() {
    let ok = rich_logs(P);
    let l0 = "logConfigurations.0";
    let l1 = "logConfigurations.1";
    let cw = |arn: &str| json!({"logGroupArn": arn});
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        ("rich", ok.clone(), None),
        (
            "no pool",
            set(&ok, "userPoolId", Value::Null),
            Some("userPoolId"),
        ),
        (
            "bad pool",
            set(&ok, "userPoolId", json!("us-east-1")),
            Some("userPoolId"),
        ),
        (
            "pool of another region",
            set(&ok, "region", json!("eu-west-1")),
            Some("userPoolId"),
        ),
        ("unknown pool", set(&ok, "userPoolId", json!(UNKNOWN)), None),
        // One or two entries, one per event source.
        (
            "no entries",
            set(&ok, "logConfigurations", json!([])),
            Some("logConfigurations"),
        ),
        (
            "entries left out",
            set(&ok, "logConfigurations", Value::Null),
            Some("logConfigurations"),
        ),
        (
            "unknown entries",
            set(&ok, "logConfigurations", json!(UNKNOWN)),
            None,
        ),
        (
            "one entry",
            set(
                &ok,
                "logConfigurations",
                json!([ok["logConfigurations"][0]]),
            ),
            None,
        ),
        (
            "twice the same source",
            set(&ok, l1, ok["logConfigurations"][0].clone()),
            Some("logConfigurations[1].eventSource"),
        ),
        (
            "three entries",
            set(
                &ok,
                "logConfigurations",
                json!([
                    ok["logConfigurations"][0],
                    ok["logConfigurations"][1],
                    ok["logConfigurations"][1]
                ]),
            ),
            Some("logConfigurations"),
        ),
        // eventSource and logLevel: required, enums, and only the pairs AWS takes (TF#47790).
        (
            "no source",
            set(&ok, &format!("{l0}.eventSource"), Value::Null),
            Some("logConfigurations[0].eventSource"),
        ),
        (
            "bad source",
            set(&ok, &format!("{l0}.eventSource"), json!("userEvents")),
            Some("logConfigurations[0].eventSource"),
        ),
        (
            "no level",
            set(&ok, &format!("{l0}.logLevel"), Value::Null),
            Some("logConfigurations[0].logLevel"),
        ),
        (
            "bad level",
            set(&ok, &format!("{l0}.logLevel"), json!("DEBUG")),
            Some("logConfigurations[0].logLevel"),
        ),
        (
            "notifications at INFO",
            set(&ok, &format!("{l0}.logLevel"), json!("INFO")),
            Some("logConfigurations[0].logLevel"),
        ),
        (
            "auth events at ERROR",
            set(&ok, &format!("{l1}.logLevel"), json!("ERROR")),
            Some("logConfigurations[1].logLevel"),
        ),
        // Exactly one destination; S3 and Firehose only for userAuthEvents.
        (
            "no destination",
            set(
                &ok,
                &format!("{l0}.cloudWatchLogsConfiguration"),
                Value::Null,
            ),
            Some("logConfigurations[0]"),
        ),
        (
            "two destinations",
            set(&ok, &format!("{l1}.cloudWatchLogsConfiguration"), cw(GROUP)),
            Some("logConfigurations[1]"),
        ),
        (
            "unknown destination",
            set(
                &set(
                    &ok,
                    &format!("{l0}.cloudWatchLogsConfiguration"),
                    Value::Null,
                ),
                &format!("{l0}.s3Configuration"),
                json!(UNKNOWN),
            ),
            None,
        ),
        (
            "auth events to CloudWatch",
            set(
                &set(&ok, &format!("{l1}.s3Configuration"), Value::Null),
                &format!("{l1}.cloudWatchLogsConfiguration"),
                cw(GROUP),
            ),
            None,
        ),
        (
            "auth events to Firehose",
            set(
                &set(&ok, &format!("{l1}.s3Configuration"), Value::Null),
                &format!("{l1}.firehoseConfiguration"),
                json!({"streamArn": STREAM}),
            ),
            None,
        ),
        (
            "notifications to S3",
            set(
                &set(
                    &ok,
                    &format!("{l0}.cloudWatchLogsConfiguration"),
                    Value::Null,
                ),
                &format!("{l0}.s3Configuration"),
                json!({"bucketArn": BUCKET}),
            ),
            Some("logConfigurations[0].s3Configuration"),
        ),
        (
            "notifications to Firehose",
            set(
                &set(
                    &ok,
                    &format!("{l0}.cloudWatchLogsConfiguration"),
                    Value::Null,
                ),
                &format!("{l0}.firehoseConfiguration"),
                json!({"streamArn": STREAM}),
            ),
            Some("logConfigurations[0].firehoseConfiguration"),
        ),
        // ARNs: required in their block, AWS's patterns and lengths.
        (
            "no log group",
            set(&ok, &format!("{l0}.cloudWatchLogsConfiguration"), json!({})),
            Some("logConfigurations[0].cloudWatchLogsConfiguration.logGroupArn"),
        ),
        (
            "log group with :*",
            set(
                &ok,
                &format!("{l0}.cloudWatchLogsConfiguration"),
                cw(&format!("{GROUP}:*")),
            ),
            Some("logConfigurations[0].cloudWatchLogsConfiguration.logGroupArn"),
        ),
        (
            "not an ARN",
            set(
                &ok,
                &format!("{l0}.cloudWatchLogsConfiguration"),
                cw("/aws/vendedlogs/cognito/notify"),
            ),
            Some("logConfigurations[0].cloudWatchLogsConfiguration.logGroupArn"),
        ),
        (
            "long log group",
            set(
                &ok,
                &format!("{l0}.cloudWatchLogsConfiguration"),
                cw(&format!("{GROUP}{}", "a".repeat(2048))),
            ),
            Some("logConfigurations[0].cloudWatchLogsConfiguration.logGroupArn"),
        ),
        (
            "bad stream",
            set(
                &set(&ok, &format!("{l1}.s3Configuration"), Value::Null),
                &format!("{l1}.firehoseConfiguration"),
                json!({"streamArn": "firehose"}),
            ),
            Some("logConfigurations[1].firehoseConfiguration.streamArn"),
        ),
        (
            "no stream",
            set(
                &set(&ok, &format!("{l1}.s3Configuration"), Value::Null),
                &format!("{l1}.firehoseConfiguration"),
                json!({}),
            ),
            Some("logConfigurations[1].firehoseConfiguration.streamArn"),
        ),
        (
            "bucket with a region",
            set(
                &ok,
                &format!("{l1}.s3Configuration"),
                json!({"bucketArn": "arn:aws:s3:us-east-1:123456789012:bucket"}),
            ),
            Some("logConfigurations[1].s3Configuration.bucketArn"),
        ),
        (
            "no bucket",
            set(&ok, &format!("{l1}.s3Configuration"), json!({})),
            Some("logConfigurations[1].s3Configuration.bucketArn"),
        ),
    ];
    let mut e = Engine::unconfigured().await;
    expect_failures(&mut e, LOGS, cases).await;
}

#[tokio::test]
async fn settings_diffs() {
    let mut e = Engine::unconfigured().await;
    // Risk: sets compare without order; the rest is an in-place full overwrite; the pool
    // and the client replace.
    let base = rich_risk(P);
    let old = e.checked(RISK, "r", base.clone()).await;
    let shuffled = set(
        &set(
            &base,
            "compromisedCredentialsRiskConfiguration.eventFilters",
            json!(["SIGN_IN", "SIGN_UP", "SIGN_IN"]),
        ),
        "riskExceptionConfiguration.skippedIpRangeLists",
        json!(["10.0.0.0/8", "2001:db8::/32"]),
    );
    let new = e.checked(RISK, "r", shuffled).await;
    let d = e.diff(RISK, "r", P, &old, &new).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    let new = e
        .checked(
            RISK,
            "r",
            set(
                &base,
                "accountTakeoverRiskConfiguration.actions.lowAction.eventAction",
                json!("NO_ACTION"),
            ),
        )
        .await;
    let d = e.diff(RISK, "r", P, &old, &new).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(
        d.detailed_diff["accountTakeoverRiskConfiguration.actions.lowAction.eventAction"].kind(),
        Kind::Update
    );
    let new = e
        .checked(
            RISK,
            "r",
            set(&base, "riskExceptionConfiguration", Value::Null),
        )
        .await;
    let d = e.diff(RISK, "r", P, &old, &new).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(
        d.detailed_diff["riskExceptionConfiguration"].kind(),
        Kind::Delete
    );
    let new = e
        .checked(RISK, "r", set(&base, "clientId", json!("abc123")))
        .await;
    assert_eq!(
        e.diff(RISK, "r", P, &old, &new).await.replaces,
        vec!["clientId".to_string()]
    );
    let new = e
        .checked(
            RISK,
            "r",
            set(&base, "userPoolId", json!("us-east-1_Other")),
        )
        .await;
    assert_eq!(
        e.diff(RISK, "r", P, &old, &new).await.replaces,
        vec!["userPoolId".to_string()]
    );

    // Log delivery: entries keyed by event source.
    let base = rich_logs(P);
    let old = e.checked(LOGS, "l", base.clone()).await;
    let mut reversed = base.clone();
    reversed["logConfigurations"]
        .as_array_mut()
        .unwrap()
        .reverse();
    let new = e.checked(LOGS, "l", reversed.clone()).await;
    let d = e.diff(LOGS, "l", P, &old, &new).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    let moved = set(
        &set(
            &reversed,
            "logConfigurations.0.s3Configuration",
            Value::Null,
        ),
        "logConfigurations.0.firehoseConfiguration",
        json!({"streamArn": STREAM}),
    );
    let new = e.checked(LOGS, "l", moved).await;
    let d = e.diff(LOGS, "l", P, &old, &new).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert!(
        d.detailed_diff
            .keys()
            .all(|k| k.starts_with("logConfigurations[0]")),
        "only the userAuthEvents entry (index 0 in the new list): {:?}",
        d.detailed_diff
    );
    let one = set(
        &base,
        "logConfigurations",
        json!([base["logConfigurations"][1]]),
    );
    let new = e.checked(LOGS, "l", one).await;
    let d = e.diff(LOGS, "l", P, &old, &new).await;
    assert!(d.replaces.is_empty());
    assert_eq!(d.detailed_diff["logConfigurations[0]"].kind(), Kind::Delete);
    let new = e
        .checked(
            LOGS,
            "l",
            set(&base, "userPoolId", json!("us-east-1_Other")),
        )
        .await;
    assert_eq!(
        e.diff(LOGS, "l", P, &old, &new).await.replaces,
        vec!["userPoolId".to_string()]
    );
}

/// A user pool (Plus, with threat protection enforced) and an app client; returns (pool, client).
async fn plus_pool(
    e: &mut Engine,
    idp: &aws_sdk_cognitoidentityprovider::Client,
    name: &str,
    tier: &str,
) -> (String, String) {
    let inputs = e.checked(POOL, name, json!({"userPoolTier": tier})).await;
    let pool = e.create(POOL, name, &inputs).await.expect("create pool").0;
    let client = idp
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .send()
        .await
        .expect("create client")
        .user_pool_client
        .and_then(|c| c.client_id)
        .expect("a client id");
    (pool, client)
}

#[tokio::test]
async fn risk_configuration_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, client) = plus_pool(&mut e, &idp, "riskpool", "PLUS").await;

    // Create the pool's: compromised credentials without eventFilters (AWS fills them in).
    let news = json!({"userPoolId": pool, "compromisedCredentialsRiskConfiguration": {"actions": {"eventAction": "BLOCK"}}});
    let inputs = e.checked(RISK, "pool", news.clone()).await;
    let (id, props) = e.create(RISK, "pool", &inputs).await.expect("create");
    assert_eq!(id, pool);
    let got = idp
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let got = got.risk_configuration.unwrap();
    assert_eq!(
        got.compromised_credentials_risk_configuration
            .unwrap()
            .event_filter()
            .len(),
        3
    );

    // Refresh: the filled-in filters are no drift.
    let r = e.read(RISK, "pool", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    assert!(value(&r.inputs)["compromisedCredentialsRiskConfiguration"]
        .get("eventFilters")
        .is_none());
    let again = e.checked(RISK, "pool", news.clone()).await;
    let d = e.diff(RISK, "pool", &id, &r.inputs, &again).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // A second one for the pool is refused, naming the import id; a client's coexists.
    let err = e
        .create(RISK, "dup", &inputs)
        .await
        .expect_err("a second pool-wide");
    assert!(
        err.message().contains("already has")
            && err
                .message()
                .contains(&format!("RiskConfiguration <name> {pool}")),
        "{}",
        err.message()
    );
    let cnews = json!({"userPoolId": pool, "clientId": client, "riskExceptionConfiguration": {"blockedIpRangeLists": ["192.0.2.0/24"]}});
    let cin = e.checked(RISK, "web", cnews.clone()).await;
    let (cid, cprops) = e.create(RISK, "web", &cin).await.expect("per-client");
    assert_eq!(cid, format!("{pool}:{client}"));
    assert_eq!(e.read(RISK, "web", &cid, &cin, &cprops).await.id, cid);
    assert_eq!(e.read(RISK, "pool", &id, &inputs, &props).await.id, id);

    // In place: a full overwrite (the compromised credentials part goes, takeover comes).
    let v2 = e
        .checked(RISK, "pool", json!({"userPoolId": pool, "accountTakeoverRiskConfiguration": {"actions": {"highAction": {"eventAction": "BLOCK", "notify": false}}}}))
        .await;
    let d = e.diff(RISK, "pool", &id, &inputs, &v2).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    let props2 = e
        .update(RISK, "pool", &id, &inputs, &props, &v2)
        .await
        .expect("update");
    let got = idp
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let got = got.risk_configuration.unwrap();
    assert!(
        got.compromised_credentials_risk_configuration.is_none(),
        "{got:?}"
    );
    assert_eq!(
        got.account_takeover_risk_configuration
            .unwrap()
            .actions
            .unwrap()
            .high_action
            .unwrap()
            .event_action
            .as_str(),
        "BLOCK"
    );
    let r = e.read(RISK, "pool", &id, &v2, &props2).await;
    let d = e.diff(RISK, "pool", &id, &r.inputs, &v2).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Import by id alone: `poolId` and `poolId:clientId`; a malformed id says the form.
    let imp = e.read(RISK, "imp", &pool, &None, &None).await;
    assert_eq!(imp.id, pool);
    let iv = value(&imp.inputs);
    assert_eq!(iv["userPoolId"], json!(pool));
    assert_eq!(
        iv["accountTakeoverRiskConfiguration"]["actions"]["highAction"],
        json!({"eventAction": "BLOCK", "notify": false})
    );
    assert!(iv.get("clientId").is_none());
    let imp = e.read(RISK, "imp", &cid, &None, &None).await;
    assert_eq!(imp.id, cid);
    assert_eq!(value(&imp.inputs)["clientId"], json!(client));
    assert_eq!(
        value(&imp.inputs)["riskExceptionConfiguration"],
        cnews["riskExceptionConfiguration"]
    );

    // Reset outside Pulumi: the client inherits the pool's again, which is not its own: gone.
    idp.set_risk_configuration()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(RISK, "web", &cid, &cin, &cprops).await.id, "");
    e.delete(RISK, "web", &cid, &cin, &cprops)
        .await
        .expect("delete what was reset");
    // The client deleted: gone, and delete succeeds.
    let (cid, cprops) = e.create(RISK, "web", &cin).await.expect("per-client again");
    idp.delete_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(RISK, "web", &cid, &cin, &cprops).await.id, "");
    e.delete(RISK, "web", &cid, &cin, &cprops)
        .await
        .expect("delete with the client gone");

    // Delete resets the pool's to AWS's defaults (nothing configured), and it reads as gone.
    e.delete(RISK, "pool", &id, &v2, &props2)
        .await
        .expect("delete");
    let got = idp
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let got = got.risk_configuration.unwrap();
    assert!(
        got.account_takeover_risk_configuration.is_none()
            && got.compromised_credentials_risk_configuration.is_none()
            && got.risk_exception_configuration.is_none(),
        "{got:?}"
    );
    assert_eq!(e.read(RISK, "pool", &id, &v2, &props2).await.id, "");
    e.delete(RISK, "pool", &id, &v2, &props2)
        .await
        .expect("delete again");

    // The pool deleted: gone, and delete succeeds.
    let (id, props) = e.create(RISK, "pool", &inputs).await.expect("create again");
    idp.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(RISK, "pool", &id, &inputs, &props).await.id, "");
    e.delete(RISK, "pool", &id, &inputs, &props)
        .await
        .expect("delete with the pool gone");
}

#[tokio::test]
async fn log_delivery_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, _) = plus_pool(&mut e, &idp, "logpool", "PLUS").await;

    // Create with both event sources; the local Cognito answers in the other order.
    let news = rich_logs(&pool);
    let inputs = e.checked(LOGS, "logs", news.clone()).await;
    let (id, props) = e.create(LOGS, "logs", &inputs).await.expect("create");
    assert_eq!(id, pool);
    let got = idp
        .get_log_delivery_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let sources: Vec<&str> = got
        .log_delivery_configuration
        .as_ref()
        .unwrap()
        .log_configurations()
        .iter()
        .map(|l| l.event_source().as_str())
        .collect();
    assert_eq!(
        sources,
        ["userAuthEvents", "userNotification"],
        "AWS's order differs from the program's"
    );
    let r = e.read(LOGS, "logs", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    assert_eq!(
        value(&r.inputs)["logConfigurations"],
        news["logConfigurations"],
        "in the program's order"
    );
    let again = e.checked(LOGS, "logs", news.clone()).await;
    let d = e.diff(LOGS, "logs", &id, &r.inputs, &again).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // A second one for the pool is refused.
    let err = e.create(LOGS, "dup", &inputs).await.expect_err("a second");
    assert!(
        err.message().contains("already delivers logs") && err.message().contains(&pool),
        "{}",
        err.message()
    );

    // In place: user activity to Firehose instead of S3, notifications dropped.
    let v2 = e
        .checked(LOGS, "logs", json!({"userPoolId": pool, "logConfigurations": [{"eventSource": "userAuthEvents", "logLevel": "INFO", "firehoseConfiguration": {"streamArn": STREAM}}]}))
        .await;
    let d = e.diff(LOGS, "logs", &id, &inputs, &v2).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    let props2 = e
        .update(LOGS, "logs", &id, &inputs, &props, &v2)
        .await
        .expect("update");
    let got = idp
        .get_log_delivery_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let got = got.log_delivery_configuration.unwrap();
    assert_eq!(got.log_configurations().len(), 1);
    assert_eq!(
        got.log_configurations()[0]
            .firehose_configuration()
            .and_then(|f| f.stream_arn()),
        Some(STREAM)
    );
    let r = e.read(LOGS, "logs", &id, &v2, &props2).await;
    assert_eq!(
        e.diff(LOGS, "logs", &id, &r.inputs, &v2).await.changes(),
        DiffChanges::DiffNone
    );

    // Import by the pool id alone; a malformed id is refused with its form.
    let imp = e.read(LOGS, "imp", &pool, &None, &None).await;
    assert_eq!(imp.id, pool);
    assert_eq!(value(&imp.inputs)["logConfigurations"], v2_logs(&v2));

    // An empty list set outside Pulumi: gone; delete succeeds.
    idp.set_log_delivery_configuration()
        .user_pool_id(&pool)
        .set_log_configurations(Some(vec![]))
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(LOGS, "logs", &id, &v2, &props2).await.id, "");
    e.delete(LOGS, "logs", &id, &v2, &props2)
        .await
        .expect("delete what was reset");

    // Delete sets an empty list.
    let (id, props) = e.create(LOGS, "logs", &inputs).await.expect("create again");
    e.delete(LOGS, "logs", &id, &inputs, &props)
        .await
        .expect("delete");
    let got = idp
        .get_log_delivery_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert!(got
        .log_delivery_configuration
        .unwrap()
        .log_configurations()
        .is_empty());
    assert_eq!(e.read(LOGS, "logs", &id, &inputs, &props).await.id, "");

    // The pool deleted: gone, and delete succeeds.
    let (id, props) = e
        .create(LOGS, "logs", &inputs)
        .await
        .expect("create a third time");
    idp.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(LOGS, "logs", &id, &inputs, &props).await.id, "");
    e.delete(LOGS, "logs", &id, &inputs, &props)
        .await
        .expect("delete with the pool gone");

    // user activity outside the Plus plan: AWS's refusal says what to change.
    let (essentials, _) = plus_pool(&mut e, &idp, "logessentials", "ESSENTIALS").await;
    let inputs = e.checked(LOGS, "ess", rich_logs(&essentials)).await;
    let err = e
        .create(LOGS, "ess", &inputs)
        .await
        .expect_err("userAuthEvents needs Plus");
    assert!(
        err.message().contains("userPoolTier: PLUS"),
        "{}",
        err.message()
    );
    // userNotification alone works on any plan.
    let inputs = e
        .checked(
            LOGS,
            "ess",
            set(
                &rich_logs(&essentials),
                "logConfigurations",
                json!([rich_logs(&essentials)["logConfigurations"][0]]),
            ),
        )
        .await;
    let (id, props) = e
        .create(LOGS, "ess", &inputs)
        .await
        .expect("notifications on Essentials");
    e.delete(LOGS, "ess", &id, &inputs, &props)
        .await
        .expect("delete");
}

fn v2_logs(v2: &Option<prost_types::Struct>) -> Value {
    value(v2)["logConfigurations"].clone()
}

#[tokio::test]
async fn malformed_ids_say_their_form() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    for (ty, id, form) in [
        (RISK, "not-a-pool", "<userPoolId>:<clientId>"),
        (RISK, "us-east-1_AbC123:a-b", "<userPoolId>:<clientId>"),
        (LOGS, "us-east-1_AbC123:x", "<userPoolId>"),
    ] {
        let err = e
            .client
            .read(pulumi_cognito::pulumirpc::ReadRequest {
                id: id.into(),
                urn: support::engine::urn(ty, "imp"),
                r#type: ty.into(),
                name: "imp".into(),
                ..Default::default()
            })
            .await
            .expect_err(id);
        assert!(err.message().contains(form), "{id}: {}", err.message());
    }
}

/// Rich configurations, read back, show no change against their inputs.
#[tokio::test]
async fn settings_have_no_drift() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, client) = plus_pool(&mut e, &idp, "richsettings", "PLUS").await;
    let mut client_risk = rich_risk(&pool);
    client_risk["clientId"] = json!(client);
    client_risk["region"] = json!("us-east-1");
    let firehose = json!({"userPoolId": pool, "logConfigurations": [
        {"eventSource": "userAuthEvents", "logLevel": "INFO", "firehoseConfiguration": {"streamArn": STREAM}},
        {"eventSource": "userNotification", "logLevel": "ERROR", "cloudWatchLogsConfiguration": {"logGroupArn": GROUP}},
    ]});
    for (ty, name, news) in [
        (RISK, "pool", rich_risk(&pool)),
        (RISK, "client", client_risk),
        (LOGS, "logs", firehose),
    ] {
        let inputs = e.checked(ty, name, news.clone()).await;
        let (id, props) = e.create(ty, name, &inputs).await.expect("create");
        let r = e.read(ty, name, &id, &inputs, &props).await;
        assert_eq!(r.id, id);
        let again = e.checked(ty, name, news).await;
        let d = e.diff(ty, name, &id, &r.inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{name}: {:?}",
            d.detailed_diff
        );
        // Everything the program set reads back (import fills the same).
        let imp = e.read(ty, "imp", &id, &None, &None).await;
        let mut want = value(&again);
        want.as_object_mut().unwrap().remove("region");
        assert_eq!(value(&imp.inputs), want, "{name}");
        e.delete(ty, name, &id, &inputs, &props)
            .await
            .expect("delete");
    }
}
