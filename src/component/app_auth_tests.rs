//! Unit tests of the AppAuth component: defaults, Check rules and child arguments.

use super::*;
use crate::codec::PropPath;

fn props(v: Value) -> Props {
    match v {
        Value::Object(m) => Props::plain(m),
        _ => Props::default(),
    }
}

fn ctx_of(p: &Props) -> Ctx<'_> {
    Ctx {
        name: "auth",
        args: parse(p).expect("inputs parse"),
        markers: p,
    }
}

fn failures(v: Value) -> Vec<String> {
    let p = props(v);
    let a = parse(&p).expect("inputs parse");
    check(&a, &p).into_iter().map(|f| f.property).collect()
}

#[test]
fn the_pool_is_secure_by_default() {
    let p = Props::default();
    let b = ctx_of(&p).user_pool().0;
    assert_eq!(
        b.value["passwordPolicy"],
        json!({"minimumLength": 12, "requireLowercase": true, "requireNumbers": true,
               "requireSymbols": true, "requireUppercase": true, "temporaryPasswordValidityDays": 3})
    );
    assert_eq!(b.value["mfaConfiguration"], "OPTIONAL");
    assert_eq!(
        b.value["softwareTokenMfaConfiguration"],
        json!({"enabled": true})
    );
    assert_eq!(b.value["deletionProtection"], "ACTIVE");
    assert_eq!(b.value["usernameAttributes"], json!(["email"]));
    assert_eq!(
        b.value["accountRecoverySetting"],
        json!({"recoveryMechanisms": [{"name": "verified_email", "priority": 1}]})
    );
    assert!(b.secrets.is_empty() && b.unknowns.is_empty());
}

#[test]
fn pool_inputs_override_defaults_field_by_field() {
    let p = props(json!({
        "signIn": "phone", "mfa": "ON", "deletionProtection": "INACTIVE",
        "passwordPolicy": {"minimumLength": 16},
        "userPoolArgs": {"tags": {"team": "ml"}, "mfaConfiguration": "OPTIONAL"},
    }));
    let b = ctx_of(&p).user_pool().0;
    assert_eq!(b.value["passwordPolicy"]["minimumLength"], 16);
    assert_eq!(b.value["passwordPolicy"]["requireSymbols"], true);
    assert_eq!(b.value["usernameAttributes"], json!(["phone_number"]));
    assert_eq!(b.value["deletionProtection"], "INACTIVE");
    // The escape hatch wins over the component's own choice.
    assert_eq!(b.value["mfaConfiguration"], "OPTIONAL");
    assert_eq!(b.value["tags"], json!({"team": "ml"}));
    let p = props(json!({"signIn": "username"}));
    assert!(!ctx_of(&p)
        .user_pool()
        .0
        .value
        .contains_key("usernameAttributes"));
}

#[test]
fn the_web_client_uses_the_code_flow_without_a_secret() {
    let p = props(json!({"webClient": {"callbackUrls": ["https://a.example.com/cb"]}}));
    let b = ctx_of(&p).web_client(&Out::known("us-east-1_abc")).0;
    assert_eq!(b.value["userPoolId"], "us-east-1_abc");
    assert_eq!(b.value["allowedOauthFlows"], json!(["code"]));
    assert_eq!(
        b.value["allowedOauthScopes"],
        json!(["openid", "email", "profile"])
    );
    assert_eq!(b.value["generateSecret"], false);
    assert_eq!(b.value["preventUserExistenceErrors"], "ENABLED");
    assert_eq!(b.value["refreshTokenRotation"]["feature"], "ENABLED");
    assert_eq!(b.value["callbackUrls"], json!(["https://a.example.com/cb"]));
}

#[test]
fn unknown_outputs_and_inputs_stay_unknown() {
    // A preview: the pool id is not known yet, nor are the callback URLs.
    let mut p = props(json!({"webClient": {}}));
    p.unknowns
        .insert(PropPath::parse("webClient.callbackUrls").expect("path"));
    let b = ctx_of(&p).web_client(&Out::unknown()).0;
    assert!(b.unknowns.contains(&PropPath::key("userPoolId")));
    assert!(b.unknowns.contains(&PropPath::key("callbackUrls")));
    assert!(!b.value.contains_key("userPoolId") && !b.value.contains_key("callbackUrls"));
    // The component's rules skip what is unknown.
    assert!(check(&parse(&p).expect("parse"), &p).is_empty());
}

#[test]
fn secret_inputs_stay_secret_in_children() {
    let mut p =
        props(json!({"groups": {"ops": {"roleArn": "arn:aws:iam::123456789012:role/ops"}}}));
    p.secrets
        .insert(PropPath::parse("groups.ops.roleArn").expect("path"));
    let b = ctx_of(&p).group("ops", &Out::known("pool")).0;
    assert_eq!(b.value["roleArn"], "arn:aws:iam::123456789012:role/ops");
    assert!(b.secrets.contains(&PropPath::key("roleArn")));
    assert!(!b.secrets.contains(&PropPath::key("name")));
}

#[test]
fn machine_clients_get_qualified_scopes_and_a_secret() {
    let p = props(json!({
        "apiIdentifier": "https://api.example.com",
        "apiScopes": {"jobs.read": "Read", "jobs.write": "Write"},
        "machineClients": {"trainer": ["jobs.read", "jobs.write"]},
        "machineClientArgs": {"accessTokenValidity": 30},
    }));
    let c = ctx_of(&p);
    let b = c.machine_client("trainer", &Out::known("pool")).0;
    assert_eq!(
        b.value["allowedOauthScopes"],
        json!([
            "https://api.example.com/jobs.read",
            "https://api.example.com/jobs.write"
        ])
    );
    assert_eq!(b.value["allowedOauthFlows"], json!(["client_credentials"]));
    assert_eq!(b.value["generateSecret"], true);
    assert_eq!(b.value["accessTokenValidity"], 30);
    let s = c.resource_server(&Out::known("pool")).0;
    assert_eq!(s.value["identifier"], "https://api.example.com");
    assert_eq!(
        s.value["scopes"],
        json!([{"scopeName": "jobs.read", "scopeDescription": "Read"},
               {"scopeName": "jobs.write", "scopeDescription": "Write"}])
    );
}

#[test]
fn the_domain_uses_managed_login_version_2() {
    let p = props(json!({"domainPrefix": "my-login"}));
    let b = ctx_of(&p).domain(&Out::known("pool")).0;
    assert_eq!(b.value["domain"], "my-login");
    assert_eq!(b.value["managedLoginVersion"], 2);
}

#[test]
fn groups_map_to_roles_in_precedence_order() {
    let p = props(json!({
        "webClient": {"callbackUrls": ["https://a.example.com/cb"]},
        "groups": {
            "b": {"precedence": 1, "roleArn": "arn:aws:iam::123456789012:role/b"},
            "a": {"precedence": 5, "roleArn": "arn:aws:iam::123456789012:role/a"},
            "norole": {"precedence": 0},
        },
        "identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/users"},
    }));
    let c = ctx_of(&p);
    let endpoint = Out::known("cognito-idp.us-east-1.amazonaws.com/us-east-1_abc");
    let b = c
        .role_attachment(
            &Out::known("us-east-1:id"),
            &endpoint,
            &Out::known("client"),
        )
        .0;
    assert_eq!(
        b.value["roles"],
        json!({"authenticated": "arn:aws:iam::123456789012:role/users"})
    );
    let m = &b.value["roleMappings"][0];
    assert_eq!(
        m["identityProvider"],
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client"
    );
    let values: Vec<&Value> = m["mappingRules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| &r["value"])
        .collect();
    assert_eq!(values, [&json!("b"), &json!("a")]);
    let i = c.identity_pool(&endpoint, &Out::known("client")).0;
    assert_eq!(i.value["identityPoolName"], "auth-identity");
    assert_eq!(i.value["allowUnauthenticatedIdentities"], false);
    assert_eq!(i.value["cognitoIdentityProviders"][0]["clientId"], "client");
    // In a preview, the mapping waits for the unknown client id.
    let b = c
        .role_attachment(&Out::unknown(), &endpoint, &Out::unknown())
        .0;
    assert!(b.unknowns.contains(&PropPath::key("roleMappings")));
    assert!(b.unknowns.contains(&PropPath::key("identityPoolId")));
}

#[test]
fn names_and_regions() {
    assert_eq!(identity_pool_name("my app/auth!"), "my app_auth_-identity");
    assert_eq!(
        endpoint_region("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x"),
        Some("eu-west-1")
    );
    assert_eq!(endpoint_region("nonsense"), None);
}

#[test]
fn check_rules_pass_and_fail() {
    let ok_web = json!({"callbackUrls": ["https://a.example.com/cb"]});
    let cases: Vec<(Value, Option<&str>)> = vec![
        (json!({}), None),
        (json!({"signIn": "phone"}), None),
        (json!({"signIn": "facebook"}), Some("signIn")),
        (json!({"mfa": "ON"}), None),
        (json!({"mfa": "OFF"}), Some("mfa")),
        (json!({"deletionProtection": "INACTIVE"}), None),
        (
            json!({"deletionProtection": "NO"}),
            Some("deletionProtection"),
        ),
        (json!({"passwordPolicy": {"minimumLength": 99}}), None),
        (
            json!({"passwordPolicy": {"minimumLength": 5}}),
            Some("passwordPolicy.minimumLength"),
        ),
        (
            json!({"passwordPolicy": {"temporaryPasswordValidityDays": 366}}),
            Some("passwordPolicy.temporaryPasswordValidityDays"),
        ),
        (
            json!({"passwordPolicy": {"passwordHistorySize": 25}}),
            Some("passwordPolicy.passwordHistorySize"),
        ),
        (json!({"webClient": ok_web}), None),
        (
            json!({"webClient": {"callbackUrls": []}}),
            Some("webClient.callbackUrls"),
        ),
        (
            json!({"webClient": {"callbackUrls": [""]}}),
            Some("webClient.callbackUrls[0]"),
        ),
        (json!({"apiIdentifier": "https://api.example.com"}), None),
        (json!({"apiIdentifier": ""}), Some("apiIdentifier")),
        (json!({"apiScopes": {"jobs.read": "Read"}}), None),
        (
            json!({"apiScopes": {"jobs read": "Read"}}),
            Some("apiScopes.jobs read"),
        ),
        (
            json!({"apiScopes": {"jobs.read": ""}}),
            Some("apiScopes.jobs.read"),
        ),
        (
            json!({"apiScopes": {"a": "A"}, "machineClients": {"m": ["a"]}}),
            None,
        ),
        (
            json!({"apiScopes": {"a": "A"}, "machineClients": {"m": ["b"]}}),
            Some("machineClients.m"),
        ),
        (
            json!({"apiScopes": {"a": "A"}, "machineClients": {"m": []}}),
            Some("machineClients.m"),
        ),
        (json!({"domainPrefix": "my-login-1"}), None),
        (json!({"domainPrefix": "My_Login"}), Some("domainPrefix")),
        (json!({"domainPrefix": "my-cognito"}), Some("domainPrefix")),
        (
            json!({"groups": {"ops": {"precedence": 3, "roleArn": "arn:aws:iam::123456789012:role/ops"}}}),
            None,
        ),
        (
            json!({"groups": {"ops": {"precedence": -1}}}),
            Some("groups.ops.precedence"),
        ),
        (
            json!({"groups": {"ops": {"roleArn": "ops-role"}}}),
            Some("groups.ops.roleArn"),
        ),
        (
            json!({"groups": {"has space": {}}}),
            Some("groups.has space"),
        ),
        (
            json!({"webClient": ok_web, "identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/u"}}),
            None,
        ),
        (
            json!({"identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/u"}}),
            Some("identityPool"),
        ),
        (
            json!({"webClient": ok_web, "identityPool": {}}),
            Some("identityPool.authenticatedRoleArn"),
        ),
        (
            json!({"webClient": ok_web, "identityPool": {"authenticatedRoleArn": "x"}}),
            Some("identityPool.authenticatedRoleArn"),
        ),
        (
            json!({"webClient": ok_web, "identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/u", "unauthenticatedRoleArn": "x"}}),
            Some("identityPool.unauthenticatedRoleArn"),
        ),
    ];
    for (inputs, want) in cases {
        let got = failures(inputs.clone());
        match want {
            None => assert!(got.is_empty(), "{inputs}: {got:?}"),
            Some(path) => assert!(
                got.iter().any(|p| p == path),
                "{inputs}: want {path}, got {got:?}"
            ),
        }
    }
    // A wrongly typed input names its path.
    let f = parse(&props(json!({"groups": {"ops": {"precedence": "high"}}}))).expect_err("type");
    assert!(f.property.starts_with("groups"), "{f:?}");
}
