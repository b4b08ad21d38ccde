//! The functions (Invoke) over gRPC against the local Cognito: each looks up resources
//! created in the same test through the provider, and its result must agree with those
//! resources' outputs. Also: missing and ambiguous names, paging past AWS's page size
//! (more items than one page, created directly with the SDK), the always-secret
//! `clientSecret`, the invoke-level failures (unknown token, bad or unknown arguments), and
//! the limiter (a burst of invokes keeps to the quotas a proxy enforces).

mod support;

use pulumi_cognito::codec::{PropPath, Props, UNKNOWN};
use pulumi_cognito::pulumirpc as rpc;
use serde_json::{json, Value};
use support::engine::{decode, pb, sdk, secret, Engine};
use support::faultproxy::FaultProxy;
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const CLIENT: &str = "cognito:index:UserPoolClient";
const GROUP: &str = "cognito:index:UserGroup";
const IDENTITY: &str = "cognito:index:IdentityPool";

/// Invokes `tok` with `args`.
async fn invoke(
    e: &mut Engine,
    tok: &str,
    args: Value,
) -> Result<rpc::InvokeResponse, tonic::Status> {
    e.client
        .invoke(rpc::InvokeRequest {
            tok: tok.into(),
            args: pb(args),
            preview: false,
        })
        .await
        .map(|r| r.into_inner())
}

/// Invokes `tok`, which must answer a result; returns it with its markers.
async fn result(e: &mut Engine, tok: &str, args: Value) -> Props {
    let r = invoke(e, tok, args.clone())
        .await
        .unwrap_or_else(|s| panic!("{tok}({args}) failed: {s}"));
    assert!(r.failures.is_empty(), "{tok}: {:?}", r.failures);
    decode(&r.r#return)
}

/// Invokes `tok`, which must fail; returns the error message.
async fn error(e: &mut Engine, tok: &str, args: Value) -> String {
    match invoke(e, tok, args).await {
        Ok(r) => panic!("{tok} answered {:?}", decode(&r.r#return).value),
        Err(s) => s.message().to_string(),
    }
}

/// Invokes `tok`, which must answer failures (no AWS call); returns them as (property, reason).
async fn failures(e: &mut Engine, tok: &str, args: Value) -> Vec<(String, String)> {
    let r = invoke(e, tok, args).await.expect("invoke");
    assert!(r.r#return.is_none());
    r.failures
        .into_iter()
        .map(|f| (f.property, f.reason))
        .collect()
}

/// Creates a resource through the provider; returns its id and outputs.
async fn create(e: &mut Engine, ty: &str, name: &str, news: Value) -> (String, Value) {
    let inputs = e.checked(ty, name, news).await;
    let (id, props) = e.create(ty, name, &inputs).await.expect("create");
    (id, Value::Object(decode(&props).value))
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", &uuid_ish()[..8])
}

fn uuid_ish() -> String {
    format!(
        "{:016x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
    )
}

#[tokio::test]
async fn user_pool_lookups_agree_with_the_pool() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let name = unique("fn-pool");
    let (id, pool) = create(
        &mut e,
        POOL,
        "fn-pool",
        json!({
            "name": name,
            "autoVerifiedAttributes": ["email"],
            "usernameAttributes": ["email"],
            "accountRecoverySetting": {"recoveryMechanisms": [
                {"name": "verified_email", "priority": 1},
                {"name": "verified_phone_number", "priority": 2}]},
            "adminCreateUserConfig": {"allowAdminCreateUserOnly": true},
            "schemas": [{"name": "team", "attributeDataType": "String", "mutable": true,
                         "stringAttributeConstraints": {"minLength": "1", "maxLength": "64"}}],
            "deviceConfiguration": {"challengeRequiredOnNewDevice": true,
                                    "deviceOnlyRememberedOnUserPrompt": false},
            "smsAuthenticationMessage": "Your code is {####}",
            "tags": {"team": "identity", "env": "test"},
        }),
    )
    .await;

    let got = result(
        &mut e,
        "cognito:index:getUserPool",
        json!({"userPoolId": id}),
    )
    .await;
    assert!(got.secrets.is_empty(), "{:?}", got.secrets);
    let r = Value::Object(got.value);
    // Everything the pool's outputs also hold is the same.
    for (theirs, ours) in [
        ("arn", "arn"),
        ("name", "name"),
        ("creationDate", "creationDate"),
        ("lastModifiedDate", "lastModifiedDate"),
        ("estimatedNumberOfUsers", "estimatedNumberOfUsers"),
        ("domain", "domain"),
        ("customDomain", "customDomain"),
        ("tags", "tags"),
        ("userPoolTags", "tags"),
        ("autoVerifiedAttributes", "autoVerifiedAttributes"),
        ("usernameAttributes", "usernameAttributes"),
        ("smsAuthenticationMessage", "smsAuthenticationMessage"),
    ] {
        assert_eq!(
            r[theirs], pool[ours],
            "{theirs} differs from the pool's {ours}"
        );
    }
    assert_eq!(
        (r["id"].clone(), r["userPoolId"].clone()),
        (json!(id), json!(id))
    );
    assert_eq!(r["region"], json!("us-east-1"));
    assert_eq!(r["mfaConfiguration"], json!("OFF"));
    assert_eq!(
        r["accountRecoverySettings"],
        json!([pool["accountRecoverySetting"]])
    );
    assert_eq!(
        r["adminCreateUserConfigs"][0]["allowAdminCreateUserOnly"],
        pool["adminCreateUserConfig"]["allowAdminCreateUserOnly"]
    );
    assert_eq!(
        r["deviceConfigurations"],
        json!([pool["deviceConfiguration"]])
    );
    let team = r["schemaAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "custom:team")
        .expect("the custom attribute, with AWS's prefix");
    assert_eq!(
        team["stringAttributeConstraints"],
        json!([pool["schemas"][0]["stringAttributeConstraints"]])
    );
    assert_eq!(team["mutable"], json!(true));

    // getUserPools finds it by its exact name, with the same ARN.
    let pools = Value::Object(
        result(&mut e, "cognito:index:getUserPools", json!({"name": name}))
            .await
            .value,
    );
    assert_eq!(pools["ids"], json!([id]));
    assert_eq!(pools["arns"], json!([pool["arn"]]));
    assert_eq!(pools["name"], json!(name));
    // Exact: a prefix of the name matches nothing.
    let msg = error(
        &mut e,
        "cognito:index:getUserPools",
        json!({"name": &name[..name.len() - 1]}),
    )
    .await;
    assert!(msg.contains("found 0 among"), "{msg}");

    // The signing certificate is the pool's, as AWS gives it.
    let cert = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserPoolSigningCertificate",
            json!({"userPoolId": id}),
        )
        .await
        .value,
    );
    let direct = idp
        .get_signing_certificate()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(cert["certificate"], json!(direct.certificate().unwrap()));
    assert!(!cert["certificate"].as_str().unwrap().is_empty());
    assert_eq!(cert["userPoolId"], json!(id));

    // A pool that is gone is AWS's not-found error, for every function taking a pool id.
    let gone = "us-east-1_0123456789abcdef0123456789abcdef";
    for tok in [
        "cognito:index:getUserPool",
        "cognito:index:getUserPoolSigningCertificate",
        "cognito:index:getUserPoolClients",
        "cognito:index:getUserGroups",
    ] {
        let s = invoke(&mut e, tok, json!({"userPoolId": gone}))
            .await
            .expect_err("a missing pool");
        assert_eq!(s.code(), tonic::Code::NotFound, "{tok}: {s}");
    }
}

#[tokio::test]
async fn pool_names_are_not_unique_so_get_user_pools_returns_every_match() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let name = unique("fn-twin");
    let (a, _) = create(&mut e, POOL, "twin-a", json!({"name": name})).await;
    let (b, _) = create(&mut e, POOL, "twin-b", json!({"name": name})).await;
    let got = Value::Object(
        result(&mut e, "cognito:index:getUserPools", json!({"name": name}))
            .await
            .value,
    );
    let mut want = vec![a, b];
    want.sort();
    assert_eq!(got["ids"], json!(want));
    assert_eq!(got["arns"].as_array().unwrap().len(), 2);
    for (id, arn) in want.iter().zip(got["arns"].as_array().unwrap()) {
        assert!(
            arn.as_str().unwrap().ends_with(&format!("userpool/{id}")),
            "{arn}"
        );
    }
    // The per-call region: the same name in another region is not found there.
    assert_eq!(got["region"], json!("us-east-1"));
    let msg = error(
        &mut e,
        "cognito:index:getUserPools",
        json!({"name": name, "region": "us-west-2"}),
    )
    .await;
    assert!(msg.contains("found 0 among"), "{msg}");
    let there = result(
        &mut e,
        "cognito:index:getUserPool",
        json!({"userPoolId": want[0], "region": "us-east-1"}),
    )
    .await;
    assert_eq!(there.value["region"], json!("us-east-1"));
}

#[tokio::test]
async fn client_lookups_agree_with_the_clients_and_keep_the_secret_secret() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, _) = create(&mut e, POOL, "fn-clients-pool", json!({})).await;
    let (web, web_out) = create(
        &mut e,
        CLIENT,
        "web",
        json!({
            "userPoolId": pool, "name": "web", "generateSecret": true,
            "explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            "allowedOauthFlows": ["code"], "allowedOauthFlowsUserPoolClient": true,
            "allowedOauthScopes": ["openid", "email"],
            "callbackUrls": ["https://example.com/cb"], "logoutUrls": ["https://example.com/out"],
            "supportedIdentityProviders": ["COGNITO"],
            "accessTokenValidity": 30, "idTokenValidity": 30, "refreshTokenValidity": 7,
            "tokenValidityUnits": {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"},
            "readAttributes": ["email"], "writeAttributes": ["email"],
            "preventUserExistenceErrors": "ENABLED", "enableTokenRevocation": true,
        }),
    )
    .await;
    let (cli, _) = create(
        &mut e,
        CLIENT,
        "cli",
        json!({"userPoolId": pool, "name": "cli"}),
    )
    .await;

    let got = result(
        &mut e,
        "cognito:index:getUserPoolClient",
        json!({"userPoolId": pool, "clientId": web}),
    )
    .await;
    // The secret is secret, and only it.
    assert_eq!(
        got.secrets.iter().cloned().collect::<Vec<_>>(),
        vec![PropPath::key("clientSecret")]
    );
    let r = Value::Object(got.value);
    assert_eq!(r["clientSecret"], web_out["clientSecret"]);
    assert!(!r["clientSecret"].as_str().unwrap().is_empty());
    for k in [
        "name",
        "userPoolId",
        "explicitAuthFlows",
        "allowedOauthFlows",
        "allowedOauthFlowsUserPoolClient",
        "allowedOauthScopes",
        "callbackUrls",
        "logoutUrls",
        "supportedIdentityProviders",
        "accessTokenValidity",
        "idTokenValidity",
        "refreshTokenValidity",
        "readAttributes",
        "writeAttributes",
        "preventUserExistenceErrors",
        "enableTokenRevocation",
        "generateSecret",
    ] {
        let (mut a, mut b) = (r[k].clone(), web_out[k].clone());
        for v in [&mut a, &mut b] {
            if let Value::Array(items) = v {
                items.sort_by_key(|x| x.to_string());
            }
        }
        assert_eq!(a, b, "{k} differs from the client's");
    }
    assert_eq!(
        r["tokenValidityUnits"],
        json!([web_out["tokenValidityUnits"]])
    );
    assert_eq!(
        (r["id"].clone(), r["clientId"].clone()),
        (json!(web), json!(web))
    );

    // A client without a secret reports an empty one, still marked secret.
    let got = result(
        &mut e,
        "cognito:index:getUserPoolClient",
        json!({"userPoolId": pool, "clientId": cli}),
    )
    .await;
    assert!(got.secrets.contains(&PropPath::key("clientSecret")));
    assert_eq!(got.value["generateSecret"], json!(false));

    // The list keeps names aligned with ids.
    let list = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserPoolClients",
            json!({"userPoolId": pool}),
        )
        .await
        .value,
    );
    let mut want = [(web.clone(), "web"), (cli.clone(), "cli")];
    want.sort();
    assert_eq!(
        list["clientIds"],
        json!(want.iter().map(|w| &w.0).collect::<Vec<_>>())
    );
    assert_eq!(
        list["clientNames"],
        json!(want.iter().map(|w| w.1).collect::<Vec<_>>())
    );
    assert_eq!(list["userPoolId"], json!(pool));

    // A client that does not exist is AWS's not-found error.
    let s = invoke(
        &mut e,
        "cognito:index:getUserPoolClient",
        json!({"userPoolId": pool, "clientId": "nosuchclient000000000000"}),
    )
    .await
    .expect_err("a missing client");
    assert_eq!(s.code(), tonic::Code::NotFound, "{s}");
}

#[tokio::test]
async fn group_lookups_agree_with_the_groups() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, _) = create(&mut e, POOL, "fn-groups-pool", json!({})).await;
    let (gid, admins) = create(
        &mut e,
        GROUP,
        "admins",
        json!({"userPoolId": pool, "name": "admins", "description": "Administrators",
               "precedence": 1, "roleArn": "arn:aws:iam::123456789012:role/admin"}),
    )
    .await;
    let (_, readers) = create(
        &mut e,
        GROUP,
        "readers",
        json!({"userPoolId": pool, "name": "readers"}),
    )
    .await;

    let r = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserGroup",
            json!({"userPoolId": pool, "name": "admins"}),
        )
        .await
        .value,
    );
    for k in ["name", "description", "precedence", "roleArn", "userPoolId"] {
        assert_eq!(r[k], admins[k], "{k} differs from the group's");
    }
    assert_eq!(r["id"], json!(gid));

    let list = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserGroups",
            json!({"userPoolId": pool}),
        )
        .await
        .value,
    );
    assert_eq!(
        list["groups"],
        json!([
            {"groupName": "admins", "description": "Administrators", "precedence": 1,
             "roleArn": admins["roleArn"]},
            {"groupName": "readers", "description": "", "roleArn": ""},
        ])
    );
    assert_eq!(readers["name"], json!("readers"));

    // Exact names: a missing group says how many were found.
    let msg = error(
        &mut e,
        "cognito:index:getUserGroup",
        json!({"userPoolId": pool, "name": "admin"}),
    )
    .await;
    assert!(
        msg.contains("no user group is named \"admin\"") && msg.contains("found 0"),
        "{msg}"
    );
}

#[tokio::test]
async fn identity_pool_lookup_agrees_and_refuses_missing_or_ambiguous_names() {
    let m = moto::shared();
    let (_, identity) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let name = unique("fn ids");
    let (id, out) = create(
        &mut e,
        IDENTITY,
        "fn-ids",
        json!({
            "identityPoolName": name,
            "allowUnauthenticatedIdentities": true,
            "cognitoIdentityProviders": [{"clientId": "abc123",
                "providerName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
                "serverSideTokenCheck": true}],
            "supportedLoginProviders": {"graph.facebook.com": "1234567890"},
            "openidConnectProviderArns": ["arn:aws:iam::123456789012:oidc-provider/id.example.com"],
            "tags": {"team": "identity"},
        }),
    )
    .await;
    let r = Value::Object(
        result(
            &mut e,
            "cognito:index:getIdentityPool",
            json!({"identityPoolName": name}),
        )
        .await
        .value,
    );
    for k in [
        "arn",
        "identityPoolName",
        "allowUnauthenticatedIdentities",
        "cognitoIdentityProviders",
        "supportedLoginProviders",
        "openidConnectProviderArns",
        "tags",
    ] {
        assert_eq!(r[k], out[k], "{k} differs from the identity pool's");
    }
    assert_eq!(r["id"], json!(id));
    assert_eq!(r["samlProviderArns"], json!([]));
    assert_eq!(r["developerProviderName"], json!(""));

    // A missing name says how many were found.
    let msg = error(
        &mut e,
        "cognito:index:getIdentityPool",
        json!({"identityPoolName": format!("{name}x")}),
    )
    .await;
    assert!(msg.contains("found 0 among"), "{msg}");

    // A second pool of the same name makes the name ambiguous: an error naming both...
    let twin = identity
        .create_identity_pool()
        .identity_pool_name(&name)
        .allow_unauthenticated_identities(false)
        .identity_pool_tags("team", "other")
        .send()
        .await
        .unwrap();
    let msg = error(
        &mut e,
        "cognito:index:getIdentityPool",
        json!({"identityPoolName": name}),
    )
    .await;
    assert!(
        msg.contains("found 2") && msg.contains(&id) && msg.contains(twin.identity_pool_id()),
        "{msg}"
    );
    // ...unless the tags tell them apart.
    let r = Value::Object(
        result(
            &mut e,
            "cognito:index:getIdentityPool",
            json!({"identityPoolName": name, "tags": {"team": "other"}}),
        )
        .await
        .value,
    );
    assert_eq!(r["id"], json!(twin.identity_pool_id()));
    let msg = error(
        &mut e,
        "cognito:index:getIdentityPool",
        json!({"identityPoolName": name, "tags": {"team": "nobody"}}),
    )
    .await;
    assert!(msg.contains("found 0 among"), "{msg}");
}

/// More items than one page of each list call (AWS's largest page is 60): every page is read.
#[tokio::test]
async fn paging_is_followed_to_the_end() {
    let m = moto::shared();
    let (idp, identity) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    const N: usize = 65;
    let pool = idp
        .create_user_pool()
        .pool_name(unique("fn-paging"))
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let mut clients = Vec::new();
    for i in 0..N {
        let c = idp
            .create_user_pool_client()
            .user_pool_id(&pool)
            .client_name(format!("client-{i:03}"))
            .send()
            .await
            .unwrap();
        let c = c.user_pool_client().unwrap();
        clients.push((
            c.client_id().unwrap().to_string(),
            c.client_name().unwrap().to_string(),
        ));
        idp.create_group()
            .user_pool_id(&pool)
            .group_name(format!("group-{i:03}"))
            .send()
            .await
            .unwrap();
    }
    // The local Cognito pages as AWS does: one call does not return them all.
    let first = idp
        .list_user_pool_clients()
        .user_pool_id(&pool)
        .max_results(60)
        .send()
        .await
        .unwrap();
    assert_eq!(first.user_pool_clients().len(), 60);
    assert!(first.next_token().is_some());

    let list = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserPoolClients",
            json!({"userPoolId": pool}),
        )
        .await
        .value,
    );
    clients.sort();
    assert_eq!(
        list["clientIds"],
        json!(clients.iter().map(|c| &c.0).collect::<Vec<_>>())
    );
    assert_eq!(
        list["clientNames"],
        json!(clients.iter().map(|c| &c.1).collect::<Vec<_>>())
    );

    let groups = Value::Object(
        result(
            &mut e,
            "cognito:index:getUserGroups",
            json!({"userPoolId": pool}),
        )
        .await
        .value,
    );
    let names: Vec<&str> = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["groupName"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), N);
    assert_eq!(names[N - 1], format!("group-{:03}", N - 1));

    // Pools and identity pools: the one looked up is created after more than a page of others.
    let tag = unique("fn-many");
    for i in 0..N {
        idp.create_user_pool()
            .pool_name(format!("{tag}-{i}"))
            .send()
            .await
            .unwrap();
        identity
            .create_identity_pool()
            .identity_pool_name(format!("{tag}-{i}"))
            .allow_unauthenticated_identities(false)
            .send()
            .await
            .unwrap();
    }
    let last = format!("{tag}-{}", N - 1);
    let pools = Value::Object(
        result(&mut e, "cognito:index:getUserPools", json!({"name": last}))
            .await
            .value,
    );
    assert_eq!(pools["ids"].as_array().unwrap().len(), 1);
    let ids = Value::Object(
        result(
            &mut e,
            "cognito:index:getIdentityPool",
            json!({"identityPoolName": last}),
        )
        .await
        .value,
    );
    assert_eq!(ids["identityPoolName"], json!(last));
    let msg = error(
        &mut e,
        "cognito:index:getIdentityPool",
        json!({"identityPoolName": format!("{tag}-none")}),
    )
    .await;
    let among: usize = msg
        .split("among ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{msg}"));
    assert!(among > 60, "only {among} identity pools were listed: {msg}");
}

#[tokio::test]
async fn invoke_refuses_bad_calls_without_calling_aws() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    // An unknown token.
    let s = invoke(&mut e, "cognito:index:getNothing", json!({}))
        .await
        .expect_err("unknown");
    assert_eq!(s.code(), tonic::Code::InvalidArgument);
    // A missing required argument, a malformed one, and an unknown one (the engine resolves
    // arguments first; a caller that does not gets failures, not a panic).
    let f = failures(&mut e, "cognito:index:getUserPool", json!({})).await;
    assert_eq!(f, [("userPoolId".to_string(), "is required".to_string())]);
    let f = failures(
        &mut e,
        "cognito:index:getUserPool",
        json!({"userPoolId": "not a pool id"}),
    )
    .await;
    assert_eq!(f[0].0, "userPoolId", "{f:?}");
    let f = failures(
        &mut e,
        "cognito:index:getUserPoolClients",
        json!({"userPoolId": UNKNOWN}),
    )
    .await;
    assert_eq!(f[0].0, "userPoolId");
    assert!(f[0].1.contains("unknown"), "{f:?}");
    let f = failures(
        &mut e,
        "cognito:index:getUserGroup",
        json!({"userPoolId": "us-east-1_AbC", "name": ""}),
    )
    .await;
    assert!(f.iter().any(|(p, _)| p == "name"), "{f:?}");
    let f = failures(
        &mut e,
        "cognito:index:getIdentityPool",
        json!({"identityPoolName": "bad/name"}),
    )
    .await;
    assert_eq!(f[0].0, "identityPoolName", "{f:?}");

    // Not configured: a clean precondition failure.
    let mut bare = Engine::unconfigured().await;
    let s = invoke(
        &mut bare,
        "cognito:index:getUserPool",
        json!({"userPoolId": "us-east-1_AbC"}),
    )
    .await
    .expect_err("unconfigured");
    assert_eq!(s.code(), tonic::Code::FailedPrecondition);
}

#[tokio::test]
async fn a_secret_argument_keeps_the_result_secret() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, _) = create(&mut e, POOL, "fn-secret-arg", json!({})).await;
    let got = result(
        &mut e,
        "cognito:index:getUserPoolClients",
        json!({"userPoolId": secret(json!(pool))}),
    )
    .await;
    assert_eq!(got.value["userPoolId"], json!(pool));
    for k in got.value.keys() {
        assert!(got.secrets.contains(&PropPath::key(k)), "{k} is not secret");
    }
}

/// Starts a provider configured against `endpoint` with the limiter at `quota_scale` (0
/// turns it off) and the default retries.
async fn engine_at(endpoint: &str, quota_scale: f64) -> Engine {
    let e = Engine::unconfigured().await;
    e.client
        .clone()
        .configure(rpc::ConfigureRequest {
            args: pb(json!({
                "region": "us-east-1",
                "endpoint": endpoint,
                "accessKey": "testing",
                "secretKey": secret(json!("testing")),
                "quotaScale": quota_scale,
            })),
            accept_secrets: true,
            ..Default::default()
        })
        .await
        .expect("configure");
    e
}

/// Sends `n` getUserPool invokes at once; returns how many succeeded.
async fn burst(e: &Engine, pool: &str, n: usize) -> usize {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let mut c = e.client.clone();
            let pool = pool.to_string();
            tokio::spawn(async move {
                c.invoke(rpc::InvokeRequest {
                    tok: "cognito:index:getUserPool".into(),
                    args: pb(json!({"userPoolId": pool})),
                    preview: false,
                })
                .await
                .is_ok_and(|r| r.into_inner().failures.is_empty())
            })
        })
        .collect();
    let mut ok = 0;
    for c in calls {
        ok += usize::from(c.await.unwrap_or(false));
    }
    ok
}

/// Invokes go through the limiter: a burst of lookups against a proxy that enforces AWS's
/// request-rate quotas (DescribeUserPool: 15 per second) stays within them, where the same
/// burst with the limiter off is throttled.
#[tokio::test]
async fn a_burst_of_invokes_keeps_to_the_quotas() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let pool = idp
        .create_user_pool()
        .pool_name(unique("fn-burst"))
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let proxy = FaultProxy::start(&m.endpoint(), 21).await;
    proxy.configure(|c| c.quotas = true);
    const N: usize = 24;

    let limited = engine_at(&proxy.endpoint(), 1.0).await;
    assert_eq!(burst(&limited, &pool, N).await, N);
    // The limiter spaces the calls at the quota rate; a stray throttle (the proxy's clock
    // against the provider's) is tolerated, as in tests/reliability.rs.
    assert_eq!(proxy.calls("DescribeUserPool") - proxy.throttled(), N);
    assert!(proxy.throttled() <= 1, "{} throttled", proxy.throttled());

    // The same burst without the limiter: the proxy does throttle it.
    proxy.reset_log();
    let unlimited = engine_at(&proxy.endpoint(), 0.0).await;
    burst(&unlimited, &pool, N).await;
    assert!(
        proxy.throttled() > 0,
        "the proxy throttled nothing without the limiter"
    );
}
