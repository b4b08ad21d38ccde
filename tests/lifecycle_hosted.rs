//! Hosted sign-in and OAuth (issue 19): ResourceServer, UserPoolDomain and IdentityProvider.
//!
//! - Check tables: a passing and a failing case for every rule, naming the property.
//! - Engine-like lifecycles over gRPC against moto: create, read, refresh without drift,
//!   in-place update, import with only the id, out-of-band deletion, delete of what is gone.
//!
//! The local Cognito (moto plus what it lacks) answers UpdateResourceServer and
//! DeleteResourceServer, which moto 5.2.5 lacks; the domain behaviours no local double shows
//! (status transitions, the custom domain's wait) are in `tests/hosted_mocks.rs`.

mod support;

use pulumi_cognito::codec::{PropPath, UNKNOWN};
use pulumi_cognito::pulumirpc::{self as rpc, diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use support::engine::{decode, pb, sdk, secret, unwire, wire, Engine};
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const SERVER: &str = "cognito:index:ResourceServer";
const DOMAIN: &str = "cognito:index:UserPoolDomain";
const IDP: &str = "cognito:index:IdentityProvider";
const P: &str = "us-east-1_AbC123";

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// A suffix that keeps names of this run apart on the shared moto server.
fn suffix() -> String {
    format!("{:08x}", rand::random::<u32>())
}

async fn pool(e: &mut Engine, name: &str) -> String {
    let inputs = e.checked(POOL, name, json!({})).await;
    e.create(POOL, name, &inputs).await.expect("create pool").0
}

/// Runs Check on each case: `None` must pass, `Some(p)` must fail on property `p`.
async fn table(ty: &str, cases: Vec<(&str, Value, Option<&str>)>) {
    let mut e = Engine::unconfigured().await;
    for (what, news, expect) in cases {
        let (_, failures) = e.check(ty, "t", json!({}), news.clone()).await;
        match expect {
            None => assert!(failures.is_empty(), "{ty} {what}: {failures:?}"),
            Some(p) => assert!(
                failures.iter().any(|(f, r)| f == p && !r.is_empty()),
                "{ty} {what}: expected a failure on {p}, got {failures:?} for {news}"
            ),
        }
    }
}

fn with(base: &Value, patch: Value) -> Value {
    let mut v = base.clone();
    for (k, x) in patch.as_object().unwrap() {
        if x.is_null() {
            v.as_object_mut().unwrap().remove(k);
        } else {
            v[k] = x.clone();
        }
    }
    v
}

#[tokio::test]
async fn resource_server_check_rules() {
    let ok = json!({"userPoolId": P, "identifier": "https://api.example.com", "name": "api",
        "scopes": [{"scopeName": "read", "scopeDescription": "Read"}, {"scopeName": "write:all", "scopeDescription": "Write"}]});
    let scope = |n: &str, d: &str| json!({"scopes": [{"scopeName": n, "scopeDescription": d}]});
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"scopeName": format!("s{i}"), "scopeDescription": "d"}))
        .collect();
    table(
        SERVER,
        vec![
            ("valid", ok.clone(), None),
            ("no name (autonamed)", with(&ok, json!({"name": null})), None),
            ("no pool", with(&ok, json!({"userPoolId": null})), Some("userPoolId")),
            ("bad pool", with(&ok, json!({"userPoolId": "pool"})), Some("userPoolId")),
            ("long pool", with(&ok, json!({"userPoolId": format!("us-east-1_{}", "a".repeat(50))})), Some("userPoolId")),
            ("no identifier", with(&ok, json!({"identifier": null})), Some("identifier")),
            ("identifier with space", with(&ok, json!({"identifier": "my api"})), Some("identifier")),
            ("identifier with quote", with(&ok, json!({"identifier": "a\"b"})), Some("identifier")),
            ("long identifier", with(&ok, json!({"identifier": "a".repeat(257)})), Some("identifier")),
            ("longest identifier", with(&ok, json!({"identifier": "a".repeat(256)})), None),
            ("bad name", with(&ok, json!({"name": "!!bad##"})), Some("name")),
            ("long name", with(&ok, json!({"name": "a".repeat(257)})), Some("name")),
            ("longest name", with(&ok, json!({"name": "a".repeat(256)})), None),
            ("scope with space", with(&ok, scope("read all", "d")), Some("scopes[0].scopeName")),
            ("scope with slash", with(&ok, scope("read/all", "d")), Some("scopes[0].scopeName")),
            ("scope with backslash", with(&ok, scope("read\\all", "d")), Some("scopes[0].scopeName")),
            ("punctuated scope", with(&ok, scope("read:all.v1-x_y*", "d")), None),
            ("long scope", with(&ok, scope(&"s".repeat(257), "d")), Some("scopes[0].scopeName")),
            ("empty description", with(&ok, scope("read", "")), Some("scopes[0].scopeDescription")),
            ("long description", with(&ok, scope("read", &"d".repeat(257))), Some("scopes[0].scopeDescription")),
            ("duplicate scope", with(&ok, json!({"scopes": [{"scopeName": "a", "scopeDescription": "x"}, {"scopeName": "a", "scopeDescription": "y"}]})), Some("scopes[1].scopeName")),
            ("101 scopes", with(&ok, json!({"scopes": many})), Some("scopes")),
            ("scopes not a list", with(&ok, json!({"scopes": "read"})), Some("scopes")),
        ],
    )
    .await;
}

#[tokio::test]
async fn user_pool_domain_check_rules() {
    let prefix = json!({"userPoolId": P, "domain": "my-login-1", "managedLoginVersion": 2});
    let custom = json!({"userPoolId": P, "domain": "auth.example.com",
        "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"});
    table(
        DOMAIN,
        vec![
            ("prefix", prefix.clone(), None),
            ("custom", custom.clone(), None),
            ("no pool", with(&prefix, json!({"userPoolId": null})), Some("userPoolId")),
            ("no domain", with(&prefix, json!({"domain": null})), Some("domain")),
            ("uppercase prefix", with(&prefix, json!({"domain": "My-Login"})), Some("domain")),
            ("underscore", with(&prefix, json!({"domain": "my_login"})), Some("domain")),
            ("leading hyphen", with(&prefix, json!({"domain": "-login"})), Some("domain")),
            ("trailing hyphen", with(&prefix, json!({"domain": "login-"})), Some("domain")),
            ("aws", with(&prefix, json!({"domain": "my-aws-login"})), Some("domain")),
            ("amazon", with(&prefix, json!({"domain": "amazonlogin"})), Some("domain")),
            ("cognito", with(&prefix, json!({"domain": "login-cognito"})), Some("domain")),
            ("63 characters", with(&prefix, json!({"domain": "a".repeat(63)})), None),
            ("64 characters", with(&prefix, json!({"domain": "a".repeat(64)})), Some("domain")),
            ("dotted without certificate", with(&prefix, json!({"domain": "auth.example.com"})), Some("domain")),
            ("custom without dots", with(&custom, json!({"domain": "auth"})), Some("domain")),
            ("custom with uppercase", with(&custom, json!({"domain": "Auth.Example.com"})), Some("domain")),
            ("custom with empty label", with(&custom, json!({"domain": "auth..example.com"})), Some("domain")),
            ("certificate not an ARN", with(&custom, json!({"certificateArn": "certificate/0a1b2c3d-4e5f"})), Some("certificateArn")),
            ("certificate outside us-east-1", with(&custom, json!({"certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d"})), Some("certificateArn")),
            ("version 1", with(&prefix, json!({"managedLoginVersion": 1})), None),
            ("version 3", with(&prefix, json!({"managedLoginVersion": 3})), Some("managedLoginVersion")),
            ("version 0", with(&prefix, json!({"managedLoginVersion": 0})), Some("managedLoginVersion")),
            ("version not a number", with(&prefix, json!({"managedLoginVersion": "two"})), Some("managedLoginVersion")),
        ],
    )
    .await;
}

fn google() -> Value {
    json!({"userPoolId": P, "providerName": "Google", "providerType": "Google",
        "providerDetails": {"client_id": "cid.apps.googleusercontent.com", "client_secret": "s3cr3t",
                            "authorize_scopes": "openid email profile"},
        "attributeMapping": {"email": "email", "username": "sub"}})
}

fn oidc(name: &str) -> Value {
    json!({"userPoolId": P, "providerName": name, "providerType": "OIDC",
        "providerDetails": {"client_id": "corp-client", "client_secret": "corp-s3cr3t",
                            "attributes_request_method": "GET",
                            "oidc_issuer": "https://login.example.com",
                            "authorize_scopes": "openid email"},
        "attributeMapping": {"email": "email", "name": "name"},
        "idpIdentifiers": ["example.com", "corp"]})
}

#[tokio::test]
async fn identity_provider_check_rules() {
    let g = google();
    let o = oidc("Corp");
    let saml = json!({"userPoolId": P, "providerName": "CorpAD", "providerType": "SAML",
        "providerDetails": {"MetadataURL": "https://idp.example.com/metadata.xml", "IDPSignout": "true",
                            "RequestSigningAlgorithm": "rsa-sha256"}});
    let apple = json!({"userPoolId": P, "providerName": "SignInWithApple", "providerType": "SignInWithApple",
        "providerDetails": {"client_id": "com.example", "team_id": "T", "key_id": "K",
                            "private_key": "-----BEGIN PRIVATE KEY-----", "authorize_scopes": "email name"}});
    let details = |base: &Value, patch: Value| {
        let mut v = base.clone();
        for (k, x) in patch.as_object().unwrap() {
            if x.is_null() {
                v["providerDetails"].as_object_mut().unwrap().remove(k);
            } else {
                v["providerDetails"][k] = x.clone();
            }
        }
        v
    };
    table(
        IDP,
        vec![
            ("google", g.clone(), None),
            ("oidc", o.clone(), None),
            ("saml", saml.clone(), None),
            ("apple", apple.clone(), None),
            (
                "facebook",
                with(
                    &g,
                    json!({"providerName": "Facebook", "providerType": "Facebook"}),
                ),
                None,
            ),
            (
                "amazon",
                with(
                    &g,
                    json!({"providerName": "LoginWithAmazon", "providerType": "LoginWithAmazon"}),
                ),
                None,
            ),
            (
                "no pool",
                with(&g, json!({"userPoolId": null})),
                Some("userPoolId"),
            ),
            (
                "no type",
                with(&g, json!({"providerType": null})),
                Some("providerType"),
            ),
            (
                "bad type",
                with(&g, json!({"providerType": "GitHub"})),
                Some("providerType"),
            ),
            (
                "no name",
                with(&o, json!({"providerName": null})),
                Some("providerName"),
            ),
            (
                "google misnamed",
                with(&g, json!({"providerName": "MyGoogle"})),
                Some("providerName"),
            ),
            (
                "long name",
                with(&o, json!({"providerName": "a".repeat(33)})),
                Some("providerName"),
            ),
            (
                "32-character name",
                with(&o, json!({"providerName": "a".repeat(32)})),
                None,
            ),
            (
                "leading underscore",
                with(&o, json!({"providerName": "_corp"})),
                Some("providerName"),
            ),
            (
                "trailing space",
                with(&o, json!({"providerName": "corp "})),
                Some("providerName"),
            ),
            (
                "google without secret",
                details(&g, json!({"client_secret": null})),
                Some("providerDetails.client_secret"),
            ),
            (
                "google without scopes",
                details(&g, json!({"authorize_scopes": null})),
                Some("providerDetails.authorize_scopes"),
            ),
            (
                "apple without key",
                details(&apple, json!({"private_key": null})),
                Some("providerDetails.private_key"),
            ),
            (
                "apple without team",
                details(&apple, json!({"team_id": null})),
                Some("providerDetails.team_id"),
            ),
            (
                "oidc without issuer",
                details(&o, json!({"oidc_issuer": null})),
                Some("providerDetails.oidc_issuer"),
            ),
            (
                "oidc without method",
                details(&o, json!({"attributes_request_method": null})),
                Some("providerDetails.attributes_request_method"),
            ),
            (
                "oidc with PUT",
                details(&o, json!({"attributes_request_method": "PUT"})),
                Some("providerDetails.attributes_request_method"),
            ),
            (
                "oidc over http",
                details(&o, json!({"oidc_issuer": "http://login.example.com"})),
                Some("providerDetails.oidc_issuer"),
            ),
            (
                "saml without metadata",
                details(&saml, json!({"MetadataURL": null})),
                Some("providerDetails"),
            ),
            (
                "saml with both",
                details(&saml, json!({"MetadataFile": "<xml/>"})),
                Some("providerDetails"),
            ),
            (
                "saml with file",
                details(
                    &saml,
                    json!({"MetadataURL": null, "MetadataFile": "<xml/>"}),
                ),
                None,
            ),
            (
                "saml signout yes",
                details(&saml, json!({"IDPSignout": "yes"})),
                Some("providerDetails.IDPSignout"),
            ),
            (
                "saml sha1",
                details(&saml, json!({"RequestSigningAlgorithm": "rsa-sha1"})),
                Some("providerDetails.RequestSigningAlgorithm"),
            ),
            (
                "empty detail",
                details(&g, json!({"client_id": ""})),
                Some("providerDetails.client_id"),
            ),
            (
                "google identifiers",
                with(&g, json!({"idpIdentifiers": ["example.com"]})),
                Some("idpIdentifiers"),
            ),
            (
                "bad identifier",
                with(&o, json!({"idpIdentifiers": ["a!b"]})),
                Some("idpIdentifiers[0]"),
            ),
            (
                "long identifier",
                with(&o, json!({"idpIdentifiers": ["a".repeat(41)]})),
                Some("idpIdentifiers[0]"),
            ),
            (
                "51 identifiers",
                with(
                    &o,
                    json!({"idpIdentifiers": (0..51).map(|i| format!("d{i}")).collect::<Vec<_>>()}),
                ),
                Some("idpIdentifiers"),
            ),
            (
                "long mapped attribute",
                with(&o, json!({"attributeMapping": {"a".repeat(33): "x"}})),
                Some(&*Box::leak(
                    format!("attributeMapping.{}", "a".repeat(33)).into_boxed_str(),
                )),
            ),
            (
                "custom attribute",
                with(&o, json!({"attributeMapping": {"custom:team": "groups"}})),
                None,
            ),
            (
                "details not a map",
                with(&g, json!({"providerDetails": "x"})),
                Some("providerDetails"),
            ),
        ],
    )
    .await;
}

/// Check marks `client_secret` and `private_key` inside `providerDetails` secret, whether or
/// not the program did, and leaves the other keys plain; a marked secret stays secret.
#[tokio::test]
async fn provider_secrets_are_marked_by_check() {
    let mut e = Engine::unconfigured().await;
    let checked = e.checked(IDP, "g", google()).await;
    let p = decode(&checked);
    let secret_path = PropPath::parse("providerDetails.client_secret").unwrap();
    assert!(p.secrets.contains(&secret_path), "{:?}", p.secrets);
    assert_eq!(p.secrets.len(), 1, "{:?}", p.secrets);
    assert_eq!(p.value["providerDetails"]["client_secret"], json!("s3cr3t"));
    let mut marked = google();
    marked["providerDetails"]["client_secret"] = secret(json!("s3cr3t"));
    let p = decode(&e.checked(IDP, "g", marked).await);
    assert!(p.secrets.contains(&secret_path));
    // Unknown in preview: nothing to check, nothing wrapped.
    let mut news = pb(google()).unwrap();
    news.fields.insert(
        "providerDetails".into(),
        pulumi_cognito::codec::to_pb(&json!(UNKNOWN)),
    );
    let r = e
        .client
        .check(rpc::CheckRequest {
            urn: support::engine::urn(IDP, "g"),
            r#type: IDP.into(),
            name: "g".into(),
            news: wire(&Some(news)),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    assert!(decode(&unwire(&r.inputs))
        .unknowns
        .contains(&PropPath::key("providerDetails")));
}

#[tokio::test]
async fn resource_server_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "rs-pool").await;
    let identifier = format!("https://api-{}.example.com", suffix());
    // A rich configuration, scopes in no particular order.
    let news = json!({"userPoolId": pool_id, "identifier": identifier, "name": "training api",
        "scopes": [{"scopeName": "write", "scopeDescription": "Write access"},
                   {"scopeName": "read", "scopeDescription": "Read access"},
                   {"scopeName": "admin:all", "scopeDescription": "Everything"}]});
    let inputs = e.checked(SERVER, "rs", news.clone()).await;
    let (id, props) = e.create(SERVER, "rs", &inputs).await.expect("create");
    assert_eq!(id, format!("{pool_id}|{identifier}"));
    let out = value(&props);
    assert_eq!(
        out["scopeIdentifiers"],
        json!([
            format!("{identifier}/admin:all"),
            format!("{identifier}/read"),
            format!("{identifier}/write")
        ])
    );
    let d = idp
        .describe_resource_server()
        .user_pool_id(&pool_id)
        .identifier(&identifier)
        .send()
        .await
        .unwrap();
    let s = d.resource_server().unwrap();
    assert_eq!(s.name(), Some("training api"));
    assert_eq!(s.scopes().len(), 3);

    // No drift: refresh, then Diff against the program (scopes in another order).
    let r = e.read(SERVER, "rs", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let mut reordered = news.clone();
    reordered["scopes"] = json!([news["scopes"][2], news["scopes"][0], news["scopes"][1]]);
    let again = e.checked(SERVER, "rs", reordered).await;
    let diff = e.diff(SERVER, "rs", &id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );

    // A rename and a scope change are in place; a new identifier replaces.
    let mut renamed = news.clone();
    renamed["name"] = json!("training api v2");
    renamed["scopes"] = json!([news["scopes"][1]]);
    let renamed = e.checked(SERVER, "rs", renamed).await;
    let diff = e.diff(SERVER, "rs", &id, &inputs, &renamed).await;
    assert_eq!(diff.changes(), DiffChanges::DiffSome);
    assert!(diff.replaces.is_empty(), "{:?}", diff.replaces);
    assert_eq!(diff.detailed_diff["name"].kind(), Kind::Update);
    let mut moved = news.clone();
    moved["identifier"] = json!("https://other.example.com");
    let moved = e.checked(SERVER, "rs", moved).await;
    let diff = e.diff(SERVER, "rs", &id, &inputs, &moved).await;
    assert_eq!(diff.replaces, vec!["identifier".to_string()]);
    assert!(!diff.delete_before_replace);

    // Import with only the id.
    let imported = e.read(SERVER, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["identifier"], json!(identifier));
    assert_eq!(iv["name"], json!("training api"));
    assert_eq!(iv["userPoolId"], json!(pool_id));
    let diff = e.diff(SERVER, "rs", &id, &imported.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "import then the program: {:?}",
        diff.detailed_diff
    );
    // A malformed import id is refused with the expected format.
    let bad = e
        .client
        .read(rpc::ReadRequest {
            id: identifier.clone(),
            urn: support::engine::urn(SERVER, "imp"),
            r#type: SERVER.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(bad.message().contains("<userPoolId>|<identifier>"), "{bad}");

    // The in-place update reaches AWS: the new name and only the one scope remain.
    e.update(SERVER, "rs", &id, &inputs, &props, &renamed)
        .await
        .expect("update in place");
    let d = idp
        .describe_resource_server()
        .user_pool_id(&pool_id)
        .identifier(&identifier)
        .send()
        .await
        .unwrap();
    let s = d.resource_server().unwrap();
    assert_eq!(s.name(), Some("training api v2"));
    let names: Vec<_> = s.scopes().iter().map(|x| x.scope_name()).collect();
    assert_eq!(names, vec!["read"]);

    // Delete, then delete what is gone.
    e.delete(SERVER, "rs", &id, &renamed, &props)
        .await
        .expect("delete");
    assert!(idp
        .describe_resource_server()
        .user_pool_id(&pool_id)
        .identifier(&identifier)
        .send()
        .await
        .is_err());
    assert_eq!(e.read(SERVER, "rs", &id, &inputs, &props).await.id, "");
    e.delete(SERVER, "rs", &id, &renamed, &props)
        .await
        .expect("deleting a deleted resource server succeeds");

    // The pool deleted out of band: the resource server reads as gone.
    idp.delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(SERVER, "rs", &id, &inputs, &props).await.id, "");
}

#[tokio::test]
async fn user_pool_domain_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "dom-pool").await;
    let name = format!("training-login-{}", suffix());
    let news = json!({"userPoolId": pool_id, "domain": name, "managedLoginVersion": 2});
    let inputs = e.checked(DOMAIN, "dom", news.clone()).await;
    let (id, props) = e.create(DOMAIN, "dom", &inputs).await.expect("create");
    assert_eq!(id, name);
    let out = value(&props);
    let d = idp
        .describe_user_pool_domain()
        .domain(&name)
        .send()
        .await
        .unwrap();
    let d = d.domain_description().unwrap();
    assert_eq!(d.user_pool_id(), Some(pool_id.as_str()));
    assert_eq!(
        out["cloudfrontDistribution"],
        json!(d.cloud_front_distribution().unwrap())
    );
    assert_eq!(
        out["cloudfrontDistributionArn"],
        out["cloudfrontDistribution"]
    );
    assert_eq!(out["cloudfrontDistributionZoneId"], json!("Z2FDTNDATAQYW2"));
    assert!(out["awsAccountId"].is_string(), "{out}");
    assert_eq!(out["managedLoginVersion"], json!(2));

    // No drift after a refresh.
    let r = e.read(DOMAIN, "dom", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let again = e.checked(DOMAIN, "dom", news.clone()).await;
    let diff = e.diff(DOMAIN, "dom", &id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );

    // managedLoginVersion changes in place; a new domain name replaces, deleting first.
    let v1 = e
        .checked(
            DOMAIN,
            "dom",
            json!({"userPoolId": pool_id, "domain": name, "managedLoginVersion": 1}),
        )
        .await;
    let diff = e.diff(DOMAIN, "dom", &id, &inputs, &v1).await;
    assert!(diff.replaces.is_empty(), "{:?}", diff.replaces);
    assert_eq!(
        diff.detailed_diff["managedLoginVersion"].kind(),
        Kind::Update
    );
    assert!(!diff.delete_before_replace);
    let props = e
        .update(DOMAIN, "dom", &id, &inputs, &props, &v1)
        .await
        .expect("update in place");
    assert_eq!(value(&props)["managedLoginVersion"], json!(1));
    let renamed = e
        .checked(
            DOMAIN,
            "dom",
            json!({"userPoolId": pool_id, "domain": format!("{name}-b")}),
        )
        .await;
    let diff = e.diff(DOMAIN, "dom", &id, &v1, &renamed).await;
    assert_eq!(diff.replaces, vec!["domain".to_string()]);
    assert!(diff.delete_before_replace, "a pool has one domain");

    // Import with only the id.
    let imported = e.read(DOMAIN, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["domain"], json!(name));
    assert_eq!(iv["userPoolId"], json!(pool_id));

    // Delete, then it reads as gone and deletes again.
    e.delete(DOMAIN, "dom", &id, &v1, &props)
        .await
        .expect("delete");
    let d = idp
        .describe_user_pool_domain()
        .domain(&name)
        .send()
        .await
        .unwrap();
    assert!(d.domain_description().is_none_or(|d| d.domain().is_none()));
    assert_eq!(e.read(DOMAIN, "dom", &id, &v1, &props).await.id, "");
    e.delete(DOMAIN, "dom", &id, &v1, &props)
        .await
        .expect("deleting a deleted domain succeeds");

    // Deleted out of band: gone on refresh.
    let other = format!("{name}-oob");
    let oob = e
        .checked(
            DOMAIN,
            "oob",
            json!({"userPoolId": pool_id, "domain": other}),
        )
        .await;
    let (oid, oprops) = e.create(DOMAIN, "oob", &oob).await.expect("create");
    idp.delete_user_pool_domain()
        .domain(&other)
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(DOMAIN, "oob", &oid, &oob, &oprops).await.id, "");
    e.delete(DOMAIN, "oob", &oid, &oob, &oprops).await.unwrap();
}

#[tokio::test]
async fn identity_provider_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "idp-pool").await;
    // Google with an unmarked secret and no attribute mapping (AWS and moto add
    // `username` → `sub`).
    let mut news = google();
    news["userPoolId"] = json!(pool_id);
    news.as_object_mut().unwrap().remove("attributeMapping");
    let inputs = e.checked(IDP, "g", news.clone()).await;
    let (id, props) = e.create(IDP, "g", &inputs).await.expect("create");
    assert_eq!(id, format!("{pool_id}:Google"));
    let secret_path = PropPath::parse("providerDetails.client_secret").unwrap();
    let out = decode(&props);
    assert!(out.secrets.contains(&secret_path), "{:?}", out.secrets);
    assert_eq!(
        out.value["providerDetails"]["client_secret"],
        json!("s3cr3t")
    );
    let d = idp
        .describe_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Google")
        .send()
        .await
        .unwrap();
    let p = d.identity_provider().unwrap();
    assert_eq!(
        p.provider_details().unwrap()["client_id"],
        "cid.apps.googleusercontent.com"
    );
    assert_eq!(p.attribute_mapping().unwrap()["username"], "sub");

    // No drift after a refresh, although AWS added the mapping; nor after an import.
    let r = e.read(IDP, "g", &id, &inputs, &props).await;
    assert!(decode(&r.inputs).secrets.contains(&secret_path));
    assert!(decode(&r.properties).secrets.contains(&secret_path));
    let again = e.checked(IDP, "g", news.clone()).await;
    let diff = e.diff(IDP, "g", &id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );

    let imported = e.read(IDP, "imp", &id, &None, &None).await;
    assert_eq!(
        value(&imported.inputs)["attributeMapping"],
        json!({"username": "sub"})
    );
    let diff = e.diff(IDP, "g", &id, &imported.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "import then the program: {:?}",
        diff.detailed_diff
    );

    // Scopes and mapping change in place; a new name replaces.
    let mut changed = news.clone();
    changed["providerDetails"]["authorize_scopes"] = json!("openid email");
    changed["attributeMapping"] = json!({"email": "email", "name": "name"});
    let changed = e.checked(IDP, "g", changed).await;
    let diff = e.diff(IDP, "g", &id, &inputs, &changed).await;
    assert!(diff.replaces.is_empty(), "{:?}", diff.replaces);
    assert_eq!(
        diff.detailed_diff["providerDetails.authorize_scopes"].kind(),
        Kind::Update
    );
    let props = e
        .update(IDP, "g", &id, &inputs, &props, &changed)
        .await
        .expect("update in place");
    assert!(decode(&props).secrets.contains(&secret_path));
    let d = idp
        .describe_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Google")
        .send()
        .await
        .unwrap();
    let p = d.identity_provider().unwrap();
    assert_eq!(
        p.provider_details().unwrap()["authorize_scopes"],
        "openid email"
    );
    assert_eq!(p.attribute_mapping().unwrap()["name"], "name");
    let mut fb = news.clone();
    fb["providerType"] = json!("Facebook");
    fb["providerName"] = json!("Facebook");
    let fb = e.checked(IDP, "g", fb).await;
    let diff = e.diff(IDP, "g", &id, &inputs, &fb).await;
    assert_eq!(
        diff.replaces,
        vec!["providerName".to_string(), "providerType".to_string()]
    );

    // Import with only the id: the secret is secret there too.
    let imported = e.read(IDP, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = decode(&imported.inputs);
    assert!(iv.secrets.contains(&secret_path));
    assert_eq!(iv.value["providerType"], json!("Google"));
    assert_eq!(
        iv.value["providerDetails"]["authorize_scopes"],
        json!("openid email")
    );

    // Deleted out of band: gone on refresh; deleting again succeeds.
    idp.delete_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Google")
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(IDP, "g", &id, &changed, &props).await.id, "");
    e.delete(IDP, "g", &id, &changed, &props)
        .await
        .expect("deleting a deleted provider succeeds");
}

/// A rich OIDC provider: created, read back and diffed against the program without change;
/// then deleted by the provider.
#[tokio::test]
async fn oidc_provider_has_no_drift() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "oidc-pool").await;
    let mut news = oidc("CorpOIDC");
    news["userPoolId"] = json!(pool_id);
    let inputs = e.checked(IDP, "o", news.clone()).await;
    let (id, props) = e.create(IDP, "o", &inputs).await.expect("create");
    let r = e.read(IDP, "o", &id, &inputs, &props).await;
    let again = e.checked(IDP, "o", news.clone()).await;
    let diff = e.diff(IDP, "o", &id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );
    // The identifiers are a set: another order is no change.
    let mut reordered = news.clone();
    reordered["idpIdentifiers"] = json!(["corp", "example.com"]);
    let reordered = e.checked(IDP, "o", reordered).await;
    let diff = e.diff(IDP, "o", &id, &r.inputs, &reordered).await;
    assert_eq!(diff.changes(), DiffChanges::DiffNone);
    e.delete(IDP, "o", &id, &inputs, &props)
        .await
        .expect("delete");
    assert!(idp
        .describe_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("CorpOIDC")
        .send()
        .await
        .is_err());
    assert_eq!(e.read(IDP, "o", &id, &inputs, &props).await.id, "");
}

/// TF#41131: the pool's `domain` output follows a domain made in the same `up` on the next
/// refresh, which is no drift of the pool's inputs. A pool that still has a domain is not
/// deleted (AWS refuses), and the error names the domain and says what to do; once the
/// domain is gone the pool's output is empty again and the pool deletes.
#[tokio::test]
async fn pool_domain_output_follows_refresh_and_the_pool_outlives_no_domain() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_news = json!({"name": format!("order-{}", suffix())});
    let pool_inputs = e.checked(POOL, "p", pool_news.clone()).await;
    let (pool_id, pool_props) = e.create(POOL, "p", &pool_inputs).await.expect("pool");
    assert_eq!(value(&pool_props)["domain"], json!(""));
    let name = format!("order-login-{}", suffix());
    let news = json!({"userPoolId": pool_id, "domain": name});
    let inputs = e.checked(DOMAIN, "d", news).await;
    let (dom_id, dom_props) = e.create(DOMAIN, "d", &inputs).await.expect("domain");

    let r = e.read(POOL, "p", &pool_id, &pool_inputs, &pool_props).await;
    assert_eq!(r.id, pool_id);
    assert_eq!(value(&r.properties)["domain"], json!(name));
    assert_eq!(value(&r.properties)["customDomain"], json!(""));
    let again = e.checked(POOL, "p", pool_news).await;
    let diff = e.diff(POOL, "p", &pool_id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );

    let err = e
        .delete(POOL, "p", &pool_id, &pool_inputs, &r.properties)
        .await
        .expect_err("a pool with a domain must not be deleted");
    let msg = err.message();
    assert!(
        msg.contains(&name) && msg.contains("delete its domain"),
        "{msg}"
    );
    assert!(msg.contains("delete-user-pool-domain"), "{msg}");
    assert!(
        idp.describe_user_pool()
            .user_pool_id(&pool_id)
            .send()
            .await
            .is_ok(),
        "the pool is still there"
    );

    e.delete(DOMAIN, "d", &dom_id, &inputs, &dom_props)
        .await
        .expect("domain delete");
    let r = e
        .read(POOL, "p", &pool_id, &pool_inputs, &r.properties)
        .await;
    assert_eq!(value(&r.properties)["domain"], json!(""));
    e.delete(POOL, "p", &pool_id, &pool_inputs, &r.properties)
        .await
        .expect("pool delete");
    assert_eq!(
        e.read(POOL, "p", &pool_id, &pool_inputs, &r.properties)
            .await
            .id,
        ""
    );
}
