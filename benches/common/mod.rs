//! Shared by the benchmark binaries: rich inputs, statistics, `/proc` probes, result files.
//!
//! Each benchmark binary includes this module with `mod common;` and uses what it needs.
#![allow(dead_code)]

use pulumi_cognito::codec;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const POOL: &str = "cognito:index:UserPool";
pub const CLIENT: &str = "cognito:index:UserPoolClient";
pub const IDENTITY_POOL: &str = "cognito:index:IdentityPool";

/// A user pool with most of its settings given: password policy, MFA, recovery, messages,
/// schema attributes of every type, Lambda triggers, devices, tiers, tags.
pub fn rich_pool() -> Value {
    let lambda = |f: &str| format!("arn:aws:lambda:us-east-1:123456789012:function:{f}");
    json!({
        "passwordPolicy": {
            "minimumLength": 12, "requireLowercase": true, "requireUppercase": true,
            "requireNumbers": true, "requireSymbols": true,
            "temporaryPasswordValidityDays": 3, "passwordHistorySize": 5
        },
        "autoVerifiedAttributes": ["email"],
        "usernameAttributes": ["email"],
        "usernameConfiguration": {"caseSensitive": false},
        "mfaConfiguration": "OPTIONAL",
        "softwareTokenMfaConfiguration": {"enabled": true},
        "accountRecoverySetting": {"recoveryMechanisms": [
            {"name": "verified_email", "priority": 1},
            {"name": "verified_phone_number", "priority": 2}
        ]},
        "adminCreateUserConfig": {
            "allowAdminCreateUserOnly": true,
            "inviteMessageTemplate": {
                "emailMessage": "Hello {username}, your temporary password is {####}",
                "emailSubject": "Welcome to the training platform",
                "smsMessage": "Hi {username}, password {####}"
            }
        },
        "deviceConfiguration": {
            "challengeRequiredOnNewDevice": true, "deviceOnlyRememberedOnUserPrompt": true
        },
        "emailConfiguration": {
            "emailSendingAccount": "COGNITO_DEFAULT", "replyToEmailAddress": "support@example.com"
        },
        "verificationMessageTemplate": {
            "defaultEmailOption": "CONFIRM_WITH_CODE",
            "emailMessage": "Your verification code is {####}",
            "emailSubject": "Your verification code",
            "smsMessage": "Verification code: {####}"
        },
        "smsAuthenticationMessage": "Your sign-in code is {####}",
        "schemas": [
            {"name": "email", "attributeDataType": "String", "mutable": true, "required": true,
             "stringAttributeConstraints": {"minLength": "5", "maxLength": "256"}},
            {"name": "team", "attributeDataType": "String", "mutable": true,
             "stringAttributeConstraints": {"minLength": "1", "maxLength": "64"}},
            {"name": "level", "attributeDataType": "Number", "mutable": true,
             "numberAttributeConstraints": {"minValue": "0", "maxValue": "100"}},
            {"name": "joined", "attributeDataType": "DateTime", "mutable": false},
            {"name": "beta", "attributeDataType": "Boolean", "mutable": true}
        ],
        "userAttributeUpdateSettings": {"attributesRequireVerificationBeforeUpdates": ["email"]},
        "deletionProtection": "INACTIVE",
        "userPoolTier": "ESSENTIALS",
        "signInPolicy": {"allowedFirstAuthFactors": ["PASSWORD"]},
        "lambdaConfig": {
            "preSignUp": lambda("pre-sign-up"),
            "postConfirmation": lambda("post-confirmation"),
            "customMessage": lambda("custom-message")
        },
        "tags": {
            "project": "ai-training", "env": "bench", "owner": "platform",
            "cost-center": "1234", "team": "auth"
        }
    })
}

/// A user pool client with most of its settings given: OAuth flows and scopes, callback and
/// logout URLs, token validities with units, auth flows, attributes.
pub fn rich_client(pool_id: &str) -> Value {
    json!({
        "userPoolId": pool_id,
        "generateSecret": true,
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
        "allowedOauthFlows": ["code"],
        "allowedOauthFlowsUserPoolClient": true,
        "allowedOauthScopes": ["openid", "email", "profile"],
        "callbackUrls": [
            "https://app.example.com/callback",
            "https://staging.example.com/callback",
            "http://localhost:3000/callback"
        ],
        "logoutUrls": ["https://app.example.com/logout", "http://localhost:3000/logout"],
        "defaultRedirectUri": "https://app.example.com/callback",
        "supportedIdentityProviders": ["COGNITO"],
        "accessTokenValidity": 60,
        "idTokenValidity": 60,
        "refreshTokenValidity": 30,
        "tokenValidityUnits": {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"},
        "preventUserExistenceErrors": "ENABLED",
        "enableTokenRevocation": true,
        "authSessionValidity": 5,
        "readAttributes": ["email", "email_verified", "custom:team"],
        "writeAttributes": ["email", "custom:team"]
    })
}

/// An identity pool that trusts one user pool client.
pub fn identity_pool(name: &str, client_id: &str, provider_name: &str) -> Value {
    json!({
        "identityPoolName": name,
        "allowUnauthenticatedIdentities": false,
        "allowClassicFlow": false,
        "cognitoIdentityProviders": [
            {"clientId": client_id, "providerName": provider_name, "serverSideTokenCheck": false}
        ],
        "tags": {"project": "ai-training", "env": "bench"}
    })
}

/// A protobuf `Struct` from a JSON object, as the engine would send it.
pub fn pb(v: &Value) -> prost_types::Struct {
    match codec::to_pb(v).kind {
        Some(prost_types::value::Kind::StructValue(s)) => s,
        _ => panic!("not an object: {v}"),
    }
}

/// A bag as Check and Diff carry it (the `Struct`'s encoded bytes), with its top-level map
/// written in reverse key order: Go writes maps in no set order, so the engine's bytes for a
/// bag are seldom the provider's own, and a comparison of bytes alone would flatter.
pub fn sent(s: &prost_types::Struct) -> bytes::Bytes {
    sent_turned(s, 0)
}

/// [`sent`] with the written order turned by `turn` entries: the same bag as sent another
/// time.
pub fn sent_turned(s: &prost_types::Struct, turn: usize) -> bytes::Bytes {
    let mut entries: Vec<_> = s.fields.iter().rev().collect();
    let turn = turn.min(entries.len());
    entries.rotate_left(turn);
    let mut out = Vec::new();
    for (k, v) in entries {
        let one = prost_types::Struct {
            fields: [(k.clone(), v.clone())].into(),
        };
        out.extend(prost::Message::encode_to_vec(&one));
    }
    out.into()
}

/// [`sent_turned`] of a bag the provider answered with (its own bytes).
pub fn resent(b: &[u8], turn: usize) -> bytes::Bytes {
    sent_turned(&prost::Message::decode(b).expect("an encoded Struct"), turn)
}

/// A secret wrapper as the engine sends it.
pub fn secret(v: Value) -> Value {
    json!({codec::SIG_KEY: codec::SECRET_SIG, "value": v})
}

/// Plain JSON from a response struct.
pub fn plain(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(s.as_ref().map(codec::decode).unwrap_or_default().value)
}

/// Summary statistics of a sample (nearest-rank percentiles).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Stats {
    pub n: usize,
    pub min: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    pub max: f64,
    pub mean: f64,
}

impl Stats {
    pub fn of(xs: &[f64]) -> Stats {
        assert!(!xs.is_empty(), "no samples");
        let mut v = xs.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((p * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
        Stats {
            n: v.len(),
            min: v[0],
            p10: q(0.10),
            median: q(0.50),
            p90: q(0.90),
            max: v[v.len() - 1],
            mean: v.iter().sum::<f64>() / v.len() as f64,
        }
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

// ---- /proc ----

/// Peak resident set size (`VmHWM`) of a process, in KiB; `None` once it is gone.
pub fn vm_hwm_kib(pid: u32) -> Option<u64> {
    status_field(pid, "VmHWM:")
}

/// Current resident set size (`VmRSS`), in KiB.
pub fn vm_rss_kib(pid: u32) -> Option<u64> {
    status_field(pid, "VmRSS:")
}

/// Resident memory split as the kernel counts it (`RssAnon`, `RssFile`), in KiB: heap and
/// stacks against pages of the binary and libraries mapped from the page cache.
pub fn rss_parts_kib(pid: u32) -> Option<(u64, u64)> {
    Some((
        status_field(pid, "RssAnon:")?,
        status_field(pid, "RssFile:")?,
    ))
}

fn status_field(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Fields of `/proc/<pid>/stat` after the command name: (ppid, utime+stime in clock ticks).
pub fn stat(pid: u32) -> Option<(u32, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    let ppid = f.get(1)?.parse().ok()?;
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some((ppid, utime + stime))
}

/// Clock ticks per second for `/proc/<pid>/stat` times.
pub fn clk_tck() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The machine, for the report: cores, CPU model, load average when the run started.
pub fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    json!({"cores": cores, "cpu": model, "loadavg_at_start": load})
}

// ---- paths and results ----

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The provider binary to measure: `$PROVIDER_BIN`, else `target/release/pulumi-resource-cognito`.
pub fn provider_bin() -> PathBuf {
    match std::env::var_os("PROVIDER_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo().join("target"));
            target.join("release/pulumi-resource-cognito")
        }
    }
}

/// Where results go: `$BENCH_OUT`, else `target/bench`.
pub fn out_dir() -> PathBuf {
    let d = std::env::var_os("BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/bench"));
    std::fs::create_dir_all(&d).expect("create the results directory");
    d
}

/// Writes one result file (pretty JSON) and says where.
pub fn write_result(name: &str, v: &Value) -> PathBuf {
    let p = out_dir().join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).expect("json")).expect("write result");
    eprintln!("bench: wrote {}", p.display());
    p
}

/// The value of `--name <v>` on the command line (after cargo's own `--bench`).
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// True if `--name` is on the command line.
pub fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

pub fn exists(p: &Path) -> bool {
    p.exists()
}
