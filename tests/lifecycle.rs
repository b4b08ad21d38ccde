//! Engine-like lifecycles over gRPC against a real moto server:
//! Check → Diff → Create → Read → Update → Read → Delete, plus import, preview and
//! out-of-band deletion, for all three resources.

mod support;

use pulumi_cognito::codec::{PropPath, UNKNOWN};
use pulumi_cognito::pulumirpc::{self as rpc, diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use support::engine::{decode, pb, sdk, secret, unwire, urn, wire, Engine};
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const CLIENT: &str = "cognito:index:UserPoolClient";
const IDENTITY: &str = "cognito:index:IdentityPool";

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

async fn pool(
    e: &mut Engine,
    name: &str,
) -> (
    String,
    Option<prost_types::Struct>,
    Option<prost_types::Struct>,
) {
    let inputs = e
        .checked(POOL, name, json!({"passwordPolicy": {"minimumLength": 8}}))
        .await;
    let (id, props) = e.create(POOL, name, &inputs).await.expect("create pool");
    (id, inputs, props)
}

#[tokio::test]
async fn user_pool_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let news = json!({
        "passwordPolicy": {"minimumLength": 8, "requireLowercase": true, "requireUppercase": true,
                            "requireNumbers": true, "requireSymbols": true, "temporaryPasswordValidityDays": 3},
        "autoVerifiedAttributes": ["email"],
        "usernameAttributes": ["email"],
        "schemas": [{"name": "team", "attributeDataType": "String", "mutable": true,
                     "stringAttributeConstraints": {"minLength": "1", "maxLength": "64"}}],
        "tags": {"project": "ai-training"},
    });
    let inputs = e.checked(POOL, "lc-pool", news.clone()).await;
    let name = value(&inputs)["name"].as_str().unwrap().to_string();
    assert!(
        name.starts_with("lc-pool-") && name.len() == "lc-pool-".len() + 7,
        "{name}"
    );

    let (id, props) = e.create(POOL, "lc-pool", &inputs).await.unwrap();
    let out = value(&props);
    assert_eq!(out["name"], json!(name));
    assert!(out["arn"].as_str().unwrap().contains(&id));
    assert_eq!(
        out["endpoint"],
        json!(format!("cognito-idp.us-east-1.amazonaws.com/{id}"))
    );
    let described = idp
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let pw = described
        .user_pool()
        .unwrap()
        .policies()
        .unwrap()
        .password_policy()
        .unwrap();
    assert_eq!(pw.minimum_length(), Some(8));
    assert!(pw.require_symbols() && pw.require_uppercase());
    assert_eq!(pw.temporary_password_validity_days(), 3);

    // Nothing changed: no diff.
    let again = e.checked(POOL, "lc-pool", news.clone()).await;
    let d = e.diff(POOL, "lc-pool", &id, &inputs, &again).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Refresh right after create: same inputs, so still no diff.
    let r = e.read(POOL, "lc-pool", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(POOL, "lc-pool", &id, &r.inputs, &again).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "refresh drift: {:?}",
        d.detailed_diff
    );

    // Minimum length 12 is an in-place update.
    let mut changed = news.clone();
    changed["passwordPolicy"]["minimumLength"] = json!(12);
    changed["name"] = json!(name);
    let new_inputs = e.checked(POOL, "lc-pool", changed).await;
    let d = e.diff(POOL, "lc-pool", &id, &inputs, &new_inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert!(d.replaces.is_empty());
    assert_eq!(
        d.detailed_diff["passwordPolicy.minimumLength"].kind(),
        Kind::Update
    );
    assert_eq!(d.detailed_diff.len(), 1);
    let props = e
        .update(POOL, "lc-pool", &id, &inputs, &props, &new_inputs)
        .await
        .unwrap();
    assert_eq!(value(&props)["passwordPolicy"]["minimumLength"], json!(12));
    let described = idp
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let p = described.user_pool().unwrap();
    assert_eq!(
        p.policies()
            .unwrap()
            .password_policy()
            .unwrap()
            .minimum_length(),
        Some(12)
    );
    assert_eq!(p.user_pool_tags().unwrap()["project"], "ai-training");

    // Import: Read with only the id returns the inputs.
    let imported = e.read(POOL, "imported", &id, &None, &None).await;
    let iv = value(&imported.inputs);
    assert_eq!(imported.id, id);
    assert_eq!(iv["name"], json!(name));
    assert_eq!(iv["passwordPolicy"]["minimumLength"], json!(12));
    // (moto drops UsernameAttributes on UpdateUserPool, which AWS cannot change; so it is
    // checked on the import before the update, in `user_pool_import_reports_everything`.)
    assert_eq!(iv["schemas"][0]["name"], json!("team"));

    e.delete(POOL, "lc-pool", &id, &new_inputs, &props)
        .await
        .unwrap();
    let gone = idp.describe_user_pool().user_pool_id(&id).send().await;
    assert!(gone.is_err());
    assert_eq!(
        e.read(POOL, "lc-pool", &id, &new_inputs, &props).await.id,
        ""
    );
    e.delete(POOL, "lc-pool", &id, &new_inputs, &props)
        .await
        .expect("deleting a deleted pool succeeds");
}

#[tokio::test]
async fn preview_makes_no_aws_call_and_keeps_unknowns() {
    // A provider configured against a dead endpoint: any AWS call would fail.
    let mut e = Engine::start("http://127.0.0.1:9").await;
    let mut news = pb(json!({"explicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]})).unwrap();
    news.fields.insert(
        "userPoolId".into(),
        pulumi_cognito::codec::to_pb(&json!(UNKNOWN)),
    );
    let r = e
        .client
        .check(pulumi_cognito::pulumirpc::CheckRequest {
            urn: support::engine::urn(CLIENT, "pv-client"),
            r#type: CLIENT.into(),
            name: "pv-client".into(),
            news: wire(&Some(news)),
            random_seed: vec![7; 32],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    let checked = decode(&unwire(&r.inputs));
    assert!(checked.unknowns.contains(&PropPath::key("userPoolId")));
    let created = e
        .client
        .create(pulumi_cognito::pulumirpc::CreateRequest {
            urn: support::engine::urn(CLIENT, "pv-client"),
            r#type: CLIENT.into(),
            properties: unwire(&r.inputs),
            preview: true,
            ..Default::default()
        })
        .await
        .expect("preview create must not call AWS")
        .into_inner();
    let out = decode(&created.properties);
    assert!(out.unknowns.contains(&PropPath::key("clientSecret")));
    assert!(out.unknowns.contains(&PropPath::key("userPoolId")));
    assert!(out.secrets.contains(&PropPath::key("clientSecret")));
    assert_eq!(created.id, "");
}

#[tokio::test]
async fn client_lifecycle_secret_import_and_out_of_band_delete() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool_id, _, _) = pool(&mut e, "cl-pool").await;
    let news = json!({"userPoolId": pool_id, "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"], "generateSecret": true,
                      "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}});
    let inputs = e.checked(CLIENT, "cl-client", news.clone()).await;
    let (id, props) = e.create(CLIENT, "cl-client", &inputs).await.unwrap();
    let out = decode(&props);
    assert!(
        out.secrets.contains(&PropPath::key("clientSecret")),
        "clientSecret must be secret"
    );
    let described = idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    let c = described.user_pool_client().unwrap();
    assert_eq!(out.value["clientSecret"], json!(c.client_secret().unwrap()));
    assert_eq!(c.explicit_auth_flows()[0].as_str(), "ADMIN_NO_SRP_AUTH");

    // Changing generateSecret replaces.
    let mut flipped = news.clone();
    flipped["generateSecret"] = json!(false);
    flipped["name"] = value(&inputs)["name"].clone();
    let flipped = e.checked(CLIENT, "cl-client", flipped).await;
    let d = e.diff(CLIENT, "cl-client", &id, &inputs, &flipped).await;
    assert_eq!(d.replaces, vec!["generateSecret".to_string()]);
    assert_eq!(
        d.detailed_diff["generateSecret"].kind(),
        Kind::UpdateReplace
    );

    // Update in place: new token validity.
    let mut upd = news.clone();
    upd["accessTokenValidity"] = json!(45);
    upd["name"] = value(&inputs)["name"].clone();
    let upd = e.checked(CLIENT, "cl-client", upd).await;
    let props2 = e
        .update(CLIENT, "cl-client", &id, &inputs, &props, &upd)
        .await
        .unwrap();
    assert!(decode(&props2)
        .secrets
        .contains(&PropPath::key("clientSecret")));
    let c = idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        c.user_pool_client().unwrap().access_token_validity(),
        Some(45)
    );

    // Import with poolId/clientId.
    let imported = e
        .read(CLIENT, "imp", &format!("{pool_id}/{id}"), &None, &None)
        .await;
    assert_eq!(imported.id, id);
    let iv = decode(&imported.inputs);
    assert_eq!(iv.value["userPoolId"], json!(pool_id));
    assert!(decode(&imported.properties)
        .secrets
        .contains(&PropPath::key("clientSecret")));

    // Out-of-band deletion: refresh drops it, delete still succeeds.
    idp.delete_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(CLIENT, "cl-client", &id, &upd, &props2).await.id, "");
    e.delete(CLIENT, "cl-client", &id, &upd, &props2)
        .await
        .unwrap();
}

#[tokio::test]
async fn identity_pool_lifecycle_with_rename_in_place() {
    let m = moto::shared();
    let (_, identity) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool_id, _, pool_props) = pool(&mut e, "ip-pool").await;
    let endpoint = value(&pool_props)["endpoint"].clone();
    let client_inputs = e
        .checked(CLIENT, "ip-client", json!({"userPoolId": pool_id}))
        .await;
    let (client_id, _) = e.create(CLIENT, "ip-client", &client_inputs).await.unwrap();
    let news = json!({"identityPoolName": "ai_training_identity_pool", "allowUnauthenticatedIdentities": false,
        "cognitoIdentityProviders": [{"clientId": client_id, "providerName": endpoint, "serverSideTokenCheck": false}],
        "tags": {"team": "ml"}});
    let inputs = e.checked(IDENTITY, "ip", news.clone()).await;
    let (id, props) = e.create(IDENTITY, "ip", &inputs).await.unwrap();
    let out = value(&props);
    assert!(
        out["arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":identitypool/{id}")),
        "{out}"
    );
    let d = identity
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.cognito_identity_providers()[0].client_id(),
        Some(client_id.as_str())
    );
    assert!(!d.allow_unauthenticated_identities());

    let mut renamed = news.clone();
    renamed["identityPoolName"] = json!("ai_training_identity_pool_v2");
    renamed["allowUnauthenticatedIdentities"] = json!(true);
    let renamed = e.checked(IDENTITY, "ip", renamed).await;
    let diff = e.diff(IDENTITY, "ip", &id, &inputs, &renamed).await;
    assert_eq!(diff.changes(), DiffChanges::DiffSome);
    assert!(
        diff.replaces.is_empty(),
        "rename must update in place: {:?}",
        diff.replaces
    );
    let props = e
        .update(IDENTITY, "ip", &id, &inputs, &props, &renamed)
        .await
        .unwrap();
    assert_eq!(value(&props)["allowUnauthenticatedIdentities"], json!(true));
    let d = identity
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert!(d.allow_unauthenticated_identities());

    let imported = e.read(IDENTITY, "imp", &id, &None, &None).await;
    assert_eq!(
        value(&imported.inputs)["cognitoIdentityProviders"][0]["clientId"],
        json!(client_id)
    );

    e.delete(IDENTITY, "ip", &id, &renamed, &props)
        .await
        .unwrap();
    assert_eq!(e.read(IDENTITY, "ip", &id, &renamed, &props).await.id, "");
    e.delete(IDENTITY, "ip", &id, &renamed, &props)
        .await
        .unwrap();
}

#[tokio::test]
async fn secret_inputs_stay_secret_in_outputs() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let (inputs, f) = e
        .check(
            POOL,
            "sec-pool",
            json!({}),
            json!({"name": secret(json!("secret-pool-name"))}),
        )
        .await;
    assert!(f.is_empty());
    assert!(decode(&inputs).secrets.contains(&PropPath::key("name")));
    let (id, props) = e.create(POOL, "sec-pool", &inputs).await.unwrap();
    let out = decode(&props);
    assert!(out.secrets.contains(&PropPath::key("name")));
    assert_eq!(out.value["name"], json!("secret-pool-name"));
    let r = e.read(POOL, "sec-pool", &id, &inputs, &props).await;
    assert!(decode(&r.inputs).secrets.contains(&PropPath::key("name")));
    assert!(decode(&r.properties)
        .secrets
        .contains(&PropPath::key("name")));
    e.delete(POOL, "sec-pool", &id, &inputs, &props)
        .await
        .unwrap();
}

#[tokio::test]
async fn deletion_protection_blocks_delete_with_a_clear_message() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let inputs = e
        .checked(POOL, "dp-pool", json!({"deletionProtection": "ACTIVE"}))
        .await;
    let (id, props) = e.create(POOL, "dp-pool", &inputs).await.unwrap();
    let err = e
        .delete(POOL, "dp-pool", &id, &inputs, &props)
        .await
        .unwrap_err();
    assert!(err.message().contains("INACTIVE"), "{}", err.message());
    assert!(
        idp.describe_user_pool()
            .user_pool_id(&id)
            .send()
            .await
            .is_ok(),
        "pool must survive"
    );
}

#[tokio::test]
async fn check_rejects_bad_input_with_property_paths() {
    let mut e = Engine::unconfigured().await;
    let cases = [
        (
            POOL,
            json!({"passwordPolicy": {"minimumLength": 5}}),
            "passwordPolicy.minimumLength",
        ),
        (
            POOL,
            json!({"passwordPolicy": {"minimumLength": "abc"}}),
            "passwordPolicy.minimumLength",
        ),
        (POOL, json!({"name": "!!bad##"}), "name"),
        (
            POOL,
            json!({"mfaConfiguration": "SOMETIMES"}),
            "mfaConfiguration",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH"]}),
            "explicitAuthFlows",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "explicitAuthFlows": ["NOPE"]}),
            "explicitAuthFlows[0]",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "callbackUrls": ["http://example.com/cb"]}),
            "callbackUrls[0]",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "accessTokenValidity": 25}),
            "accessTokenValidity",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "callbackUrls": ["https://a.example/cb", "https://a.example/cb#x"]}),
            "callbackUrls[1]",
        ),
        (
            CLIENT,
            json!({"userPoolId": "p", "logoutUrls": [format!("https://a.example/{}", "x".repeat(1024))]}),
            "logoutUrls[0]",
        ),
        (CLIENT, json!({}), "userPoolId"),
        (
            IDENTITY,
            json!({"developerProviderName": "bad name!"}),
            "developerProviderName",
        ),
    ];
    for (ty, news, path) in cases {
        let (_, failures) = e.check(ty, "bad", json!({}), news.clone()).await;
        assert!(
            failures.iter().any(|(p, _)| p == path),
            "{ty} {news}: expected a failure on {path}, got {failures:?}"
        );
    }
    // Localhost callbacks over HTTP are fine.
    let (_, failures) = e
        .check(
            CLIENT,
            "ok",
            json!({}),
            json!({"userPoolId": "p", "callbackUrls": ["http://localhost:3000/cb"]}),
        )
        .await;
    assert!(failures.is_empty(), "{failures:?}");
}

#[tokio::test]
async fn user_pool_import_reports_everything() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let inputs = e
        .checked(
            POOL,
            "imp-pool",
            json!({"usernameAttributes": ["email"], "autoVerifiedAttributes": ["email"],
            "passwordPolicy": {"minimumLength": 10, "requireSymbols": true}}),
        )
        .await;
    let (id, props) = e.create(POOL, "imp-pool", &inputs).await.unwrap();
    let imported = e.read(POOL, "imported", &id, &None, &None).await;
    let iv = value(&imported.inputs);
    assert_eq!(iv["usernameAttributes"], json!(["email"]));
    assert_eq!(iv["autoVerifiedAttributes"], json!(["email"]));
    assert_eq!(iv["passwordPolicy"]["minimumLength"], json!(10));
    assert_eq!(iv["passwordPolicy"]["requireSymbols"], json!(true));
    // Standard attributes the user never set are not reported.
    assert!(iv.get("schemas").is_none(), "{iv}");
    // The imported inputs, checked again, diff clean against themselves.
    let rechecked = e.checked(POOL, "imported", iv.clone()).await;
    let d = e
        .diff(POOL, "imported", &id, &imported.inputs, &rechecked)
        .await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    e.delete(POOL, "imp-pool", &id, &inputs, &props)
        .await
        .unwrap();
}

/// Creates a resource, then checks that refresh and import both diff clean against it.
async fn assert_no_drift(
    e: &mut Engine,
    ty: &str,
    name: &str,
    news: Value,
    import_id: impl Fn(&str) -> String,
) -> String {
    let inputs = e.checked(ty, name, news).await;
    let (id, props) = e.create(ty, name, &inputs).await.unwrap();
    let refreshed = e.read(ty, name, &id, &inputs, &props).await;
    assert_eq!(refreshed.id, id);
    let d = e.diff(ty, name, &id, &refreshed.inputs, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "{ty}: refresh drift {:?}",
        d.detailed_diff
    );
    let imported = e.read(ty, "imported", &import_id(&id), &None, &None).await;
    let rechecked = e.checked(ty, "imported", value(&imported.inputs)).await;
    let d = e.diff(ty, "imported", &id, &rechecked, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "{ty}: import differs from the program {:?}",
        d.detailed_diff
    );
    id
}

#[tokio::test]
async fn rich_client_and_identity_pool_have_no_drift() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool_id, _, pool_props) = pool(&mut e, "rich-pool").await;
    let client = json!({
        "userPoolId": pool_id, "name": "rich-client", "generateSecret": true,
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
        "callbackUrls": ["https://app.example.com/callback", "http://localhost:3000/callback"],
        "logoutUrls": ["https://app.example.com/logout"], "defaultRedirectUri": "https://app.example.com/callback",
        "allowedOauthFlows": ["code"], "allowedOauthScopes": ["email", "openid", "profile"],
        "allowedOauthFlowsUserPoolClient": true, "supportedIdentityProviders": ["COGNITO"],
        "accessTokenValidity": 30, "idTokenValidity": 30, "refreshTokenValidity": 7,
        "tokenValidityUnits": {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"},
        "preventUserExistenceErrors": "ENABLED", "enableTokenRevocation": true, "authSessionValidity": 5,
        "readAttributes": ["email", "name"], "writeAttributes": ["name"],
    });
    let p = pool_id.clone();
    assert_no_drift(&mut e, CLIENT, "rich-client", client, move |id| {
        format!("{p}/{id}")
    })
    .await;
    let endpoint = value(&pool_props)["endpoint"].clone();
    let identity = json!({
        // (No allowClassicFlow: moto 5.2.5 neither stores nor returns it.)
        "identityPoolName": "rich_identity", "allowUnauthenticatedIdentities": true,
        "developerProviderName": "login.ai-training", "supportedLoginProviders": {"accounts.google.com": "123.apps.example"},
        "openidConnectProviderArns": ["arn:aws:iam::123456789012:oidc-provider/id.example.com"],
        "samlProviderArns": ["arn:aws:iam::123456789012:saml-provider/corp"],
        "cognitoIdentityProviders": [{"clientId": "abc123", "providerName": endpoint, "serverSideTokenCheck": true}],
        "tags": {"team": "ml"},
    });
    assert_no_drift(&mut e, IDENTITY, "rich-identity", identity, |id| {
        id.to_string()
    })
    .await;
}

#[tokio::test]
async fn dropping_a_token_unit_is_not_silently_reinterpreted() {
    let mut e = Engine::unconfigured().await;
    let olds = json!({"userPoolId": "p", "name": "c", "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}});
    let (_, failures) = e
        .check(
            CLIENT,
            "c",
            olds.clone(),
            json!({"userPoolId": "p", "name": "c", "accessTokenValidity": 30}),
        )
        .await;
    // 30 hours is out of range anyway; 12 would silently become 12 hours.
    assert!(
        failures
            .iter()
            .any(|(p, _)| p == "tokenValidityUnits.accessToken"),
        "{failures:?}"
    );
    let (_, failures) = e
        .check(
            CLIENT,
            "c",
            olds.clone(),
            json!({"userPoolId": "p", "name": "c", "accessTokenValidity": 12}),
        )
        .await;
    assert!(
        failures
            .iter()
            .any(|(p, r)| p == "tokenValidityUnits.accessToken" && r.contains("hours")),
        "{failures:?}"
    );
    // Keeping the unit, or dropping both, is fine.
    let (_, failures) = e.check(CLIENT, "c", olds.clone(), olds.clone()).await;
    assert!(failures.is_empty(), "{failures:?}");
    let (_, failures) = e
        .check(CLIENT, "c", olds, json!({"userPoolId": "p", "name": "c"}))
        .await;
    assert!(failures.is_empty(), "{failures:?}");
}

/// A bag's bytes with its top-level map written in reverse order, one entry at a time, as
/// Go (which writes maps in no set order) may send it.
fn reversed(v: &Value) -> bytes::Bytes {
    let mut out = Vec::new();
    for (k, v) in v.as_object().expect("an object").iter().rev() {
        out.extend(wire(&pb(json!({ k.clone(): v.clone() }))));
    }
    out.into()
}

/// Engines that send Diff the old inputs: when they are what Check saw come out unchanged,
/// the new inputs are read against Check's (maps in any order); other old inputs are
/// compared in full, never mistaken for the cached ones.
#[tokio::test]
async fn diff_with_old_inputs_after_an_unchanged_check() {
    let mut e = Engine::unconfigured().await;
    let inputs = json!({"userPoolId": "p", "name": "d", "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}, "callbackUrls": ["https://a.example.com/cb", "https://b.example.com/cb"]});
    let checked = value(&e.checked(CLIENT, "d", inputs.clone()).await);
    // Check as on every later `up`: the olds are what the last Check returned.
    let (again, failures) = e.check(CLIENT, "d", checked.clone(), inputs.clone()).await;
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(value(&again), checked);
    let mut changed = checked.clone();
    changed["accessTokenValidity"] = json!(45);
    let diff = |old: &Value, new: &Value| rpc::DiffRequest {
        id: "client-id".into(),
        urn: urn(CLIENT, "d"),
        r#type: CLIENT.into(),
        name: "d".into(),
        olds: reversed(old),
        old_inputs: Some(reversed(old)),
        news: reversed(new),
        ..Default::default()
    };
    for (old, new, want) in [
        (&checked, &checked, vec![]),
        (&checked, &changed, vec!["accessTokenValidity".to_string()]),
        (&changed, &checked, vec!["accessTokenValidity".to_string()]),
    ] {
        let d = e
            .client
            .diff(diff(old, new))
            .await
            .expect("diff")
            .into_inner();
        assert_eq!(d.diffs, want, "{d:?}");
        let none = DiffChanges::DiffNone as i32;
        assert_eq!(d.changes == none, want.is_empty(), "{d:?}");
    }
    assert_ne!(
        reversed(&checked),
        wire(&pb(checked.clone())),
        "the bytes differ"
    );
}

/// `pulumi` before 3.7x sends Diff no `old_inputs`, and the old outputs as `olds`: the
/// provider compares against the inputs Check saw for the URN, falls back to the old outputs
/// without a Check, and rejects `olds` that are not a `Struct` with a clear error.
#[tokio::test]
async fn diff_without_old_inputs_uses_what_check_saw() {
    let mut e = Engine::unconfigured().await;
    let inputs = json!({"userPoolId": "p", "name": "c", "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}});
    let checked = e.check(CLIENT, "c", inputs.clone(), inputs.clone()).await.0;
    let mut outputs = value(&checked);
    outputs["clientSecret"] = json!("s3cr3t");
    outputs["id"] = json!("client-id");
    let olds = prost::Message::encode_to_vec(&pb(outputs).unwrap());
    let diff = |news: Value, olds: Vec<u8>| rpc::DiffRequest {
        id: "client-id".into(),
        urn: urn(CLIENT, "c"),
        r#type: CLIENT.into(),
        name: "c".into(),
        olds: olds.into(),
        news: wire(&pb(news)),
        ..Default::default()
    };
    // No change: the news are the checked inputs.
    let d = e
        .client
        .diff(diff(value(&checked), olds.clone()))
        .await
        .expect("diff")
        .into_inner();
    assert_eq!(d.changes, DiffChanges::DiffNone as i32, "{d:?}");
    assert!(d.detailed_diff.is_empty(), "{d:?}");
    // A change is found against Check's inputs, not the outputs (which hold more keys).
    let mut changed = value(&checked);
    changed["accessTokenValidity"] = json!(45);
    let d = e
        .client
        .diff(diff(changed.clone(), olds.clone()))
        .await
        .expect("diff")
        .into_inner();
    assert_eq!(d.changes, DiffChanges::DiffSome as i32);
    assert_eq!(d.diffs, vec!["accessTokenValidity".to_string()], "{d:?}");
    // Without a Check for the URN the old outputs stand in for the old inputs.
    let mut other = diff(changed, olds);
    other.urn = urn(CLIENT, "unchecked");
    let d = e
        .client
        .diff(other.clone())
        .await
        .expect("diff")
        .into_inner();
    assert_eq!(d.diffs, vec!["accessTokenValidity".to_string()], "{d:?}");
    // `olds` that are not a Struct: a clear error, not a panic.
    other.olds = vec![0xff, 0xff, 0xff].into();
    let err = e.client.diff(other).await.expect_err("malformed olds");
    assert_eq!(err.code(), tonic::Code::InvalidArgument);
    assert!(err.message().contains("olds"), "{err:?}");
    // The same for the bags of a Check, which are read from their bytes too.
    for (olds, news) in [
        (vec![0x0a, 9], wire(&pb(inputs.clone()))),
        (Vec::new(), vec![0x0b].into()),
    ] {
        let err = e
            .client
            .check(rpc::CheckRequest {
                urn: urn(CLIENT, "c"),
                r#type: CLIENT.into(),
                olds: olds.clone().into(),
                news,
                ..Default::default()
            })
            .await
            .expect_err("malformed bags");
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
        let field = if olds.is_empty() { "news" } else { "olds" };
        assert!(
            err.message().contains(&format!("malformed {field}")),
            "{err:?}"
        );
    }
}
