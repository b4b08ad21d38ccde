//! proptest strategies for protobuf property bags: plain values, and wild ones with nulls,
//! NaNs, sentinels, malformed special objects and keys taken from our schema.

use proptest::prelude::*;
use prost_types::{value::Kind, ListValue, Struct, Value};
use pulumi_cognito::codec::{SECRET_SIG, SIG_KEY, UNKNOWN};

/// Wraps a kind as a value.
pub fn v(kind: Kind) -> Value {
    Value { kind: Some(kind) }
}

/// Plain values: no nulls inside objects (the codec drops them), finite numbers, no sentinels.
pub fn plain() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(|b| v(Kind::BoolValue(b))),
        (-1e12f64..1e12).prop_map(|n| v(Kind::NumberValue(n))),
        (-1_000_000i64..1_000_000).prop_map(|n| v(Kind::NumberValue(n as f64))),
        "[a-zA-Z0-9 _.:-]{0,12}".prop_map(|s| v(Kind::StringValue(s))),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|values| v(Kind::ListValue(ListValue { values }))),
            prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9.]{0,8}", inner, 0..5)
                .prop_map(|fields| v(Kind::StructValue(Struct { fields }))),
        ]
    })
}

/// A struct of plain values.
pub fn plain_struct() -> impl Strategy<Value = Struct> {
    prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9]{0,8}", plain(), 0..6)
        .prop_map(|fields| Struct { fields })
}

/// Every property name in `schema.json`, so wild values hit real fields.
pub fn schema_keys() -> Vec<String> {
    let s: serde_json::Value =
        serde_json::from_str(include_str!("../../schema.json")).expect("schema.json parses");
    let mut keys = std::collections::BTreeSet::new();
    for section in ["resources", "types"] {
        for (_, def) in s[section].as_object().into_iter().flatten() {
            for props in ["properties", "inputProperties"] {
                keys.extend(
                    def[props]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k.clone()),
                );
            }
        }
    }
    keys.into_iter().collect()
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(schema_keys()),
        1 => Just(SIG_KEY.to_string()),
        1 => Just("value".to_string()),
        1 => ".{0,6}",
    ]
}

/// Anything: nulls, NaN and infinities, sentinels, wrong types, malformed secrets.
pub fn wild() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(v(Kind::NullValue(0))),
        Just(Value { kind: None }),
        any::<f64>().prop_map(|n| v(Kind::NumberValue(n))),
        (-400i64..400).prop_map(|n| v(Kind::NumberValue(n as f64))),
        any::<bool>().prop_map(|b| v(Kind::BoolValue(b))),
        Just(v(Kind::StringValue(UNKNOWN.into()))),
        Just(v(Kind::StringValue(SECRET_SIG.into()))),
        prop::sample::select(vec![
            "ON",
            "OFF",
            "OPTIONAL",
            "ACTIVE",
            "String",
            "email",
            "ADMIN_NO_SRP_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "code",
            "minutes",
            "https://x.example/cb",
            "us-east-1_AbC123",
            "arn:aws:iam::123456789012:role/admin",
            "SUPPRESS",
            "RESEND",
            "EMAIL",
            "SMS",
            "custom:team",
            "dev:custom:tier",
            "sub",
            "Passw0rd!x",
            "Google",
            "OIDC",
            "SAML",
            "us-east-1_AbC123",
            "my-login",
            "auth.example.com",
            "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "client_secret",
            "Token",
            "Rules",
            "Deny",
            "Contains",
            "authenticated",
            "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d",
            "arn:aws:iam::123456789012:role/r",
            "FORM_LOGO",
            "LIGHT",
            "PNG",
            "terms-of-use",
            "cognito:default",
            "LINK",
            "NONE",
            "{\"a\": 8.0}",
            "aGVsbG8="
        ])
        .prop_map(|s| v(Kind::StringValue(s.into()))),
        ".{0,10}".prop_map(|s| v(Kind::StringValue(s))),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|values| v(Kind::ListValue(ListValue { values }))),
            prop::collection::btree_map(key(), inner, 0..5)
                .prop_map(|fields| v(Kind::StructValue(Struct { fields }))),
        ]
    })
}

/// A wild property bag.
pub fn wild_struct() -> impl Strategy<Value = Struct> {
    prop::collection::btree_map(key(), wild(), 0..8).prop_map(|fields| Struct { fields })
}

/// A rich user pool group, as JSON (for mutation in the fuzz test).
pub fn rich_group() -> serde_json::Value {
    serde_json::json!({"userPoolId": "us-east-1_AbC123", "name": "team/admins",
        "description": "Administrators", "precedence": 1,
        "roleArn": "arn:aws:iam::123456789012:role/admin", "region": "us-east-1"})
}

/// A rich user, as JSON: attributes of every kind, write-only inputs and a password.
pub fn rich_user() -> serde_json::Value {
    serde_json::json!({"userPoolId": "us-east-1_AbC123", "username": "ops@example.com",
        "enabled": false, "password": "Correct-Horse-9", "messageAction": "SUPPRESS",
        "forceAliasCreation": true, "desiredDeliveryMediums": ["EMAIL", "SMS"],
        "clientMetadata": {"source": "pulumi"}, "validationData": {"ticket": "OPS-1"},
        "attributes": {"email": "ops@example.com", "email_verified": "True", "team": "ops",
                       "custom:tier": "gold", "dev:custom:tenant": "t1"}})
}

/// A group membership, as JSON, with `,` in its names.
pub fn membership() -> serde_json::Value {
    serde_json::json!({"userPoolId": "us-east-1_AbC123", "groupName": "a,b", "username": "c,d"})
}

/// A rich resource server (two scopes), as the fuzz test mutates it.
pub fn rich_resource_server() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "identifier": "https://api.example.com", "name": "api",
        "scopes": [{"scopeName": "read", "scopeDescription": "Read"},
                   {"scopeName": "write", "scopeDescription": "Write"}],
    })
}

/// A rich custom user pool domain, as the fuzz test mutates it.
pub fn rich_domain() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "domain": "auth.example.com", "managedLoginVersion": 2,
        "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    })
}

/// A rich OIDC identity provider, as the fuzz test mutates it.
pub fn rich_identity_provider() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "providerName": "Corp", "providerType": "OIDC",
        "providerDetails": {"client_id": "c", "client_secret": "s", "attributes_request_method": "GET",
                            "oidc_issuer": "https://login.example.com", "authorize_scopes": "openid"},
        "attributeMapping": {"email": "email"}, "idpIdentifiers": ["example.com"],
    })
}

/// A rich UI customization for one client: CSS and a (write-only) base64 PNG logo.
pub fn rich_ui_customization() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "clientId": "1example23456789", "region": "us-east-1",
        "css": ".banner-customizable { background-color: #123456; }\n.label-customizable { font-weight: 400; }",
        "imageFile": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMQMgn7DwAClAGcHVtGXwAAAABJRU5ErkJggg==",
    })
}

/// A rich managed (adopted) client: a name pattern and every kind of client setting.
pub fn rich_managed_client() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "namePattern": "^AmazonOpenSearchService-[a-z0-9]+$",
        "region": "us-east-1", "allowedOauthFlowsUserPoolClient": true,
        "allowedOauthFlows": ["code"], "allowedOauthScopes": ["openid", "email"],
        "callbackUrls": ["https://search.example.com/_dashboards/app/home"],
        "logoutUrls": ["https://search.example.com/logout"],
        "defaultRedirectUri": "https://search.example.com/_dashboards/app/home",
        "supportedIdentityProviders": ["COGNITO"],
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "accessTokenValidity": 30, "idTokenValidity": 1, "refreshTokenValidity": 30,
        "tokenValidityUnits": {"accessToken": "minutes", "idToken": "hours", "refreshToken": "days"},
        "readAttributes": ["email"], "writeAttributes": ["email"],
        "preventUserExistenceErrors": "ENABLED", "enableTokenRevocation": true,
        "authSessionValidity": 5,
        "refreshTokenRotation": {"feature": "ENABLED", "retryGracePeriodSeconds": 10},
        "analyticsConfiguration": {"applicationId": "app", "externalId": "ext",
            "roleArn": "arn:aws:iam::123456789012:role/analytics", "userDataShared": true},
    })
}

/// A rich risk configuration for one client: every part, notification emails, IP ranges.
pub fn rich_risk_configuration() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "clientId": "1example23456789", "region": "us-east-1",
        "accountTakeoverRiskConfiguration": {
            "actions": {
                "highAction": {"eventAction": "BLOCK", "notify": true},
                "mediumAction": {"eventAction": "MFA_REQUIRED", "notify": true},
                "lowAction": {"eventAction": "NO_ACTION", "notify": false},
            },
            "notifyConfiguration": {
                "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
                "from": "security@example.com", "replyTo": "help@example.com",
                "blockEmail": {"subject": "Blocked", "htmlBody": "<p>Blocked.</p>", "textBody": "Blocked."},
                "mfaEmail": {"subject": "Check", "textBody": "Confirm it was you."},
            },
        },
        "compromisedCredentialsRiskConfiguration": {
            "actions": {"eventAction": "BLOCK"}, "eventFilters": ["SIGN_UP", "SIGN_IN"],
        },
        "riskExceptionConfiguration": {
            "blockedIpRangeLists": ["192.0.2.0/24"], "skippedIpRangeLists": ["2001:db8::/32"],
        },
    })
}

/// A rich log delivery configuration: both event sources, two kinds of destination.
pub fn rich_log_delivery() -> serde_json::Value {
    serde_json::json!({
        "userPoolId": "us-east-1_AbC123", "region": "us-east-1",
        "logConfigurations": [
            {"eventSource": "userNotification", "logLevel": "ERROR",
             "cloudWatchLogsConfiguration": {"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:cognito"}},
            {"eventSource": "userAuthEvents", "logLevel": "INFO",
             "s3Configuration": {"bucketArn": "arn:aws:s3:::example-cognito-logs"}},
        ],
    })
}
