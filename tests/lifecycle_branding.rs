//! ManagedLoginBranding and Terms: table-driven Check rules, and engine-like lifecycles over
//! gRPC against the project's local Cognito (moto plus the branding and terms operations
//! moto lacks): create, refresh without drift, in-place update, import, a second style or
//! document refused, out-of-band delete, delete of what is gone, and parents that vanish.

mod support;

use pulumi_cognito::codec::{encode_bytes, Props};
use pulumi_cognito::pulumirpc::{diff_response::DiffChanges, property_diff::Kind, DiffResponse};
use pulumi_cognito::resource::CheckArgs;
use pulumi_cognito::resources::Registry;
use serde_json::{json, Value};
use support::engine::{decode, sdk, Engine};
use support::moto;

const BRANDING: &str = "cognito:index:ManagedLoginBranding";
const TERMS: &str = "cognito:index:Terms";
const POOL_ID: &str = "us-east-1_AbC123";

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// Check in process: the failures as `(property, reason)`.
fn check(token: &str, news: Value) -> Vec<(String, String)> {
    let registry = Registry::new();
    let r = registry.get(token).expect("registered");
    let Value::Object(m) = news else {
        unreachable!("an object")
    };
    let c = r
        .check(&CheckArgs::default(), &encode_bytes(&Props::plain(m)))
        .expect("a Struct");
    c.failures
        .into_iter()
        .map(|f| (f.property, f.reason))
        .collect()
}

/// Runs a table of `(inputs, the property that must fail or None)`.
fn table(token: &str, base: Value, cases: Vec<(Value, Option<&str>)>) {
    for (patch, failing) in cases {
        let mut news = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                news.as_object_mut().unwrap().remove(k);
            } else {
                news[k] = v.clone();
            }
        }
        let failures = check(token, news.clone());
        match failing {
            None => assert!(failures.is_empty(), "{news}: unexpected {failures:?}"),
            Some(p) => assert!(
                failures
                    .iter()
                    .any(|(prop, reason)| prop == p && !reason.is_empty()),
                "{news}: expected a failure of {p}, got {failures:?}"
            ),
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}

fn asset(category: &str, mode: &str, bytes: &[u8]) -> Value {
    json!({"category": category, "colorMode": mode, "extension": "PNG", "bytes": b64(bytes)})
}

#[test]
fn branding_check_rules() {
    let base = json!({"userPoolId": POOL_ID, "clientId": "client1", "settings": "{\"a\": 1}"});
    let big = vec![0u8; 1_000_001];
    let many: Vec<Value> = (0..41)
        .map(|n| asset("FORM_LOGO", &format!("M{n}"), b"x"))
        .collect();
    table(
        BRANDING,
        base,
        vec![
            (json!({}), None),
            (json!({"userPoolId": null}), Some("userPoolId")),
            (json!({"userPoolId": "no-underscore"}), Some("userPoolId")),
            (
                json!({"userPoolId": format!("us-east-1_{}", "a".repeat(50))}),
                Some("userPoolId"),
            ),
            (json!({"clientId": null}), Some("clientId")),
            (json!({"clientId": "bad-client"}), Some("clientId")),
            (json!({"clientId": "c".repeat(129)}), Some("clientId")),
            (json!({"settings": "not json"}), Some("settings")),
            (json!({"settings": "[1, 2]"}), Some("settings")),
            (
                json!({"settings": null, "useCognitoProvidedValues": true}),
                None,
            ),
            (json!({"useCognitoProvidedValues": true}), Some("settings")),
            (
                json!({"settings": null, "useCognitoProvidedValues": true,
                    "assets": [asset("FORM_LOGO", "LIGHT", b"x")]}),
                Some("assets"),
            ),
            (json!({"useCognitoProvidedValues": false}), None),
            (
                json!({"assets": [asset("FORM_LOGO", "LIGHT", b"x"), asset("FORM_LOGO", "DARK", b"y")]}),
                None,
            ),
            (
                json!({"assets": [asset("NOT_A_CATEGORY", "LIGHT", b"x")]}),
                Some("assets[0].category"),
            ),
            (
                json!({"assets": [asset("FORM_LOGO", "SEPIA", b"x")]}),
                Some("assets[0].colorMode"),
            ),
            (
                json!({"assets": [{"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "GIF"}]}),
                Some("assets[0].extension"),
            ),
            (
                json!({"assets": [asset("FORM_LOGO", "LIGHT", b"x"), asset("FORM_LOGO", "LIGHT", b"y")]}),
                Some("assets[1]"),
            ),
            (
                json!({"assets": [{"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "PNG",
                                "bytes": "!!not base64!!"}]}),
                Some("assets[0].bytes"),
            ),
            (
                json!({"assets": [asset("FORM_LOGO", "LIGHT", &big)]}),
                Some("assets[0].bytes"),
            ),
            (
                json!({"assets": [{"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "PNG",
                                "resourceId": "logo-1 v2"}]}),
                None,
            ),
            (
                json!({"assets": [{"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "PNG",
                                "resourceId": "bad/id"}]}),
                Some("assets[0].resourceId"),
            ),
            (
                json!({"assets": [{"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "PNG",
                                "resourceId": "r".repeat(41)}]}),
                Some("assets[0].resourceId"),
            ),
            (json!({"assets": many}), Some("assets")),
        ],
    );
}

#[test]
fn terms_check_rules() {
    let base = json!({"userPoolId": POOL_ID, "clientId": "client1", "termsName": "terms-of-use",
        "links": {"cognito:default": "https://example.com/terms"}});
    let mut thirteen = serde_json::Map::new();
    for l in [
        "default",
        "dutch",
        "english",
        "french",
        "spanish",
        "german",
        "bahasa-indonesia",
        "italian",
        "japanese",
        "korean",
        "portuguese-brazil",
        "chinese-simplified",
        "chinese-traditional",
    ] {
        thirteen.insert(format!("cognito:{l}"), json!("https://example.com"));
    }
    table(
        TERMS,
        base,
        vec![
            (json!({}), None),
            (
                json!({"termsName": "privacy-policy", "termsSource": "LINK", "enforcement": "NONE"}),
                None,
            ),
            (json!({"userPoolId": null}), Some("userPoolId")),
            (json!({"userPoolId": "nope"}), Some("userPoolId")),
            (json!({"clientId": null}), Some("clientId")),
            (json!({"clientId": "a-b"}), Some("clientId")),
            (json!({"termsName": null}), Some("termsName")),
            (json!({"termsName": "cookie-policy"}), Some("termsName")),
            (json!({"termsSource": "FILE"}), Some("termsSource")),
            (json!({"enforcement": "STRICT"}), Some("enforcement")),
            (json!({"links": null}), Some("links")),
            (json!({"links": {}}), Some("links")),
            (json!({"links": thirteen}), None),
            (
                json!({"links": {"english": "https://example.com"}}),
                Some("links.english"),
            ),
            (
                json!({"links": {"cognito:klingon": "https://example.com"}}),
                Some("links.cognito:klingon"),
            ),
            (
                json!({"links": {"cognito:default": ""}}),
                Some("links.cognito:default"),
            ),
            (
                json!({"links": {"cognito:default": "https://example.com/a b"}}),
                Some("links.cognito:default"),
            ),
            (
                json!({"links": {"cognito:default": format!("https://{}", "x".repeat(1020))}}),
                Some("links.cognito:default"),
            ),
        ],
    );
}

/// A fresh pool and app client in the local Cognito, made behind the provider's back.
async fn pool_and_client(
    idp: &aws_sdk_cognitoidentityprovider::Client,
    name: &str,
) -> (String, String) {
    let pool = idp
        .create_user_pool()
        .pool_name(name)
        .send()
        .await
        .expect("create pool")
        .user_pool()
        .and_then(|p| p.id().map(str::to_string))
        .expect("pool id");
    let client = idp
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name(name)
        .send()
        .await
        .expect("create client")
        .user_pool_client()
        .and_then(|c| c.client_id().map(str::to_string))
        .expect("client id");
    (pool, client)
}

fn changed(d: &DiffResponse) -> bool {
    d.changes == DiffChanges::DiffSome as i32
}

fn kinds(d: &DiffResponse) -> Vec<(String, i32)> {
    let mut v: Vec<(String, i32)> = d
        .detailed_diff
        .iter()
        .map(|(k, p)| (k.clone(), p.kind))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn branding_lifecycle() {
    let lc = moto::shared();
    let (idp, _) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let (pool, client) = pool_and_client(&idp, "branding-lc").await;
    let settings = json!({"components": {"pageBackground": {"lightMode": {"color": "f2f8fdff"}},
                                          "primaryButton": {"borderRadius": 8}},
                          "categories": {"form": {"displayGraphics": true}}});
    let news = json!({
        "userPoolId": pool, "clientId": client,
        "settings": settings.to_string(),
        "assets": [asset("PAGE_HEADER_LOGO", "LIGHT", b"logo-light"),
                   asset("FORM_LOGO", "DARK", b"form-dark")],
    });
    let inputs = e.checked(BRANDING, "brand", news.clone()).await;
    let (id, props) = e.create(BRANDING, "brand", &inputs).await.expect("create");
    let out = value(&props);
    let bid = out["managedLoginBrandingId"]
        .as_str()
        .expect("an id")
        .to_string();
    assert_eq!(id, format!("{pool},{bid}"));
    assert!(
        out["settingsAll"]
            .as_str()
            .is_some_and(|s| s.contains("f2f8fdff")),
        "{out}"
    );
    let held = idp
        .describe_managed_login_branding_by_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .expect("the client has a style");
    assert_eq!(
        held.managed_login_branding()
            .and_then(|b| b.managed_login_branding_id()),
        Some(bid.as_str())
    );

    // Refresh: no drift, and Diff of the inputs read back against the program's is empty.
    let r = e.read(BRANDING, "brand", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(BRANDING, "brand", &id, &r.inputs, &inputs).await;
    assert!(!changed(&d), "refresh drifted: {:?}", kinds(&d));

    // The same settings written differently, assets reordered and re-wrapped: no change.
    let mut same = news.clone();
    same["settings"] = json!(
        r#"{"categories":{"form":{"displayGraphics":true}},
        "components":{"primaryButton":{"borderRadius":8.0},"pageBackground":{"lightMode":{"color":"f2f8fdff"}}}}"#
    );
    let wrapped = b64(b"form-dark");
    same["assets"] = json!([
        {"category": "FORM_LOGO", "colorMode": "DARK", "extension": "PNG",
         "bytes": format!("{}\n{}", &wrapped[..4], &wrapped[4..])},
        asset("PAGE_HEADER_LOGO", "LIGHT", b"logo-light"),
    ]);
    let same_in = e.checked(BRANDING, "brand", same).await;
    let d = e.diff(BRANDING, "brand", &id, &inputs, &same_in).await;
    assert!(
        !changed(&d),
        "a rewrite of the same style is a change: {:?}",
        kinds(&d)
    );

    // Another client replaces; new settings, a new image and a removed image update in place.
    let mut moved = news.clone();
    moved["clientId"] = json!("otherclient");
    let moved_in = e.checked(BRANDING, "brand", moved).await;
    let d = e.diff(BRANDING, "brand", &id, &inputs, &moved_in).await;
    assert_eq!(d.replaces, vec!["clientId".to_string()]);
    let mut upd = news.clone();
    upd["settings"] = json!(
        json!({"components": {"pageBackground": {"lightMode": {"color": "000000ff"}}}}).to_string()
    );
    upd["assets"] = json!([asset("PAGE_HEADER_LOGO", "LIGHT", b"logo-light-2")]);
    let upd_in = e.checked(BRANDING, "brand", upd).await;
    let d = e.diff(BRANDING, "brand", &id, &inputs, &upd_in).await;
    assert!(changed(&d) && d.replaces.is_empty(), "{:?}", d.replaces);
    let k = kinds(&d);
    assert!(k.iter().any(|(p, _)| p == "settings"), "{k:?}");
    assert!(k.iter().any(|(p, _)| p.ends_with(".bytes")), "{k:?}");
    assert!(
        k.iter()
            .any(|(p, kind)| p.starts_with("assets[") && *kind == Kind::Delete as i32),
        "{k:?}"
    );
    let props2 = e
        .update(BRANDING, "brand", &id, &inputs, &props, &upd_in)
        .await
        .expect("update");
    assert_eq!(value(&props2)["managedLoginBrandingId"], json!(bid));
    // AWS holds exactly the new style: the removed key and image are gone.
    let now = idp
        .describe_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&bid)
        .send()
        .await
        .unwrap();
    let now = now.managed_login_branding().unwrap();
    let held_settings = serde_json::to_value(format!("{:?}", now.settings())).unwrap();
    assert!(
        !held_settings.as_str().unwrap().contains("borderRadius"),
        "{held_settings}"
    );
    assert_eq!(now.assets().len(), 1);
    assert_eq!(
        now.assets()[0].bytes().map(|b| b.as_ref().to_vec()),
        Some(b"logo-light-2".to_vec())
    );
    let r = e.read(BRANDING, "brand", &id, &upd_in, &props2).await;
    let d = e.diff(BRANDING, "brand", &id, &r.inputs, &upd_in).await;
    assert!(
        !changed(&d),
        "refresh after update drifted: {:?}",
        kinds(&d)
    );

    // Switching to Cognito's values and back.
    let cognito = json!({"userPoolId": pool, "clientId": client, "useCognitoProvidedValues": true});
    let cognito_in = e.checked(BRANDING, "brand", cognito).await;
    let props3 = e
        .update(BRANDING, "brand", &id, &upd_in, &props2, &cognito_in)
        .await
        .expect("to Cognito's values");
    assert_eq!(value(&props3)["useCognitoProvidedValues"], json!(true));
    assert!(value(&props3).get("settings").is_none());
    let props4 = e
        .update(BRANDING, "brand", &id, &cognito_in, &props3, &upd_in)
        .await
        .expect("back to our style");
    let r = e.read(BRANDING, "brand", &id, &upd_in, &props4).await;
    let d = e.diff(BRANDING, "brand", &id, &r.inputs, &upd_in).await;
    assert!(!changed(&d), "{:?}", kinds(&d));

    // Import with the id alone: every input, the client found by asking the clients.
    let imported = e.read(BRANDING, "brand", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let got = value(&imported.inputs);
    assert_eq!(got["clientId"], json!(client));
    assert_eq!(got["userPoolId"], json!(pool));
    assert_eq!(got["useCognitoProvidedValues"], json!(false));
    let d = e
        .diff(BRANDING, "brand", &id, &imported.inputs, &upd_in)
        .await;
    assert!(
        !changed(&d),
        "import differs from the program: {:?}",
        kinds(&d)
    );

    // A second style for the same client is refused with what to do.
    let err = e
        .create(BRANDING, "brand2", &inputs)
        .await
        .expect_err("one style per client");
    assert!(
        err.message()
            .contains("already has a managed login branding style"),
        "{}",
        err.message()
    );
    assert!(err.message().contains(&id), "{}", err.message());

    // Out-of-band delete reads as gone; deleting it again succeeds.
    idp.delete_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&bid)
        .send()
        .await
        .unwrap();
    let gone = e.read(BRANDING, "brand", &id, &upd_in, &props4).await;
    assert!(gone.id.is_empty(), "a deleted style reads as gone");
    e.delete(BRANDING, "brand", &id, &upd_in, &props4)
        .await
        .expect("delete of a gone style succeeds");
}

#[tokio::test]
async fn branding_reads_as_gone_with_its_pool() {
    let lc = moto::shared();
    let (idp, _) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let (pool, client) = pool_and_client(&idp, "branding-gone").await;
    let inputs = e
        .checked(
            BRANDING,
            "b",
            json!({"userPoolId": pool, "clientId": client, "useCognitoProvidedValues": true}),
        )
        .await;
    let (id, props) = e.create(BRANDING, "b", &inputs).await.expect("create");
    e.delete(BRANDING, "b", &id, &inputs, &props)
        .await
        .expect("delete");
    assert!(e
        .read(BRANDING, "b", &id, &inputs, &props)
        .await
        .id
        .is_empty());
    e.delete(BRANDING, "b", &id, &inputs, &props)
        .await
        .expect("again");
    let (id, props) = e
        .create(BRANDING, "b", &inputs)
        .await
        .expect("create again");
    idp.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert!(
        e.read(BRANDING, "b", &id, &inputs, &props)
            .await
            .id
            .is_empty(),
        "gone with its pool"
    );
    e.delete(BRANDING, "b", &id, &inputs, &props)
        .await
        .expect("delete with the pool gone");
}

#[tokio::test]
async fn terms_lifecycle() {
    let lc = moto::shared();
    let (idp, _) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let (pool, client) = pool_and_client(&idp, "terms-lc").await;
    let news = json!({"userPoolId": pool, "clientId": client, "termsName": "terms-of-use",
        "links": {"cognito:default": "https://example.com/terms",
                  "cognito:spanish": "https://example.com/es/terms"}});
    let inputs = e.checked(TERMS, "tou", news.clone()).await;
    let (id, props) = e.create(TERMS, "tou", &inputs).await.expect("create");
    let tid = value(&props)["termsId"]
        .as_str()
        .expect("termsId")
        .to_string();
    assert_eq!(id, format!("{pool}|{tid}"));
    let held = idp
        .describe_terms()
        .user_pool_id(&pool)
        .terms_id(&tid)
        .send()
        .await
        .unwrap();
    let held = held.terms().unwrap();
    assert_eq!(held.terms_source().as_str(), "LINK");
    assert_eq!(held.enforcement().as_str(), "NONE");
    assert_eq!(held.links().len(), 2);

    // Refresh: no drift (termsSource and enforcement, set by us, are not reported).
    let r = e.read(TERMS, "tou", &id, &inputs, &props).await;
    assert_eq!(value(&r.inputs), value(&inputs));
    // Writing the defaults out is no change.
    let mut explicit = news.clone();
    explicit["termsSource"] = json!("LINK");
    explicit["enforcement"] = json!("NONE");
    let explicit_in = e.checked(TERMS, "tou", explicit).await;
    assert!(!changed(
        &e.diff(TERMS, "tou", &id, &inputs, &explicit_in).await
    ));

    // Links and the name update in place; the client replaces.
    let mut upd = news.clone();
    upd["termsName"] = json!("privacy-policy");
    upd["links"] = json!({"cognito:default": "https://example.com/privacy"});
    let upd_in = e.checked(TERMS, "tou", upd).await;
    let d = e.diff(TERMS, "tou", &id, &inputs, &upd_in).await;
    assert!(changed(&d) && d.replaces.is_empty(), "{:?}", d.replaces);
    let mut moved = news.clone();
    moved["clientId"] = json!("another");
    let moved_in = e.checked(TERMS, "tou", moved).await;
    assert_eq!(
        e.diff(TERMS, "tou", &id, &inputs, &moved_in).await.replaces,
        vec!["clientId".to_string()]
    );
    let props2 = e
        .update(TERMS, "tou", &id, &inputs, &props, &upd_in)
        .await
        .expect("update");
    assert_eq!(value(&props2)["termsId"], json!(tid));
    let held = idp
        .describe_terms()
        .user_pool_id(&pool)
        .terms_id(&tid)
        .send()
        .await
        .unwrap();
    let held = held.terms().unwrap();
    assert_eq!(held.terms_name(), "privacy-policy");
    assert_eq!(held.links().len(), 1);

    // Import with the id alone fills every input.
    let imported = e.read(TERMS, "tou", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let got = value(&imported.inputs);
    assert_eq!(got["clientId"], json!(client));
    assert_eq!(got["termsSource"], json!("LINK"));
    assert_eq!(got["enforcement"], json!("NONE"));
    assert!(!changed(
        &e.diff(TERMS, "tou", &id, &imported.inputs, &upd_in).await
    ));

    // A second privacy policy for the client is refused, naming the first.
    let err = e
        .create(TERMS, "pp2", &upd_in)
        .await
        .expect_err("one per name");
    assert!(
        err.message().contains("already has privacy-policy terms"),
        "{}",
        err.message()
    );
    assert!(err.message().contains(&id), "{}", err.message());

    // Out-of-band delete, delete of what is gone, and a vanished pool.
    idp.delete_terms()
        .user_pool_id(&pool)
        .terms_id(&tid)
        .send()
        .await
        .unwrap();
    assert!(e
        .read(TERMS, "tou", &id, &upd_in, &props2)
        .await
        .id
        .is_empty());
    e.delete(TERMS, "tou", &id, &upd_in, &props2)
        .await
        .expect("delete of gone terms");
    let (id, props) = e.create(TERMS, "tou", &inputs).await.expect("create again");
    idp.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert!(
        e.read(TERMS, "tou", &id, &inputs, &props)
            .await
            .id
            .is_empty(),
        "gone with its pool"
    );
    e.delete(TERMS, "tou", &id, &inputs, &props)
        .await
        .expect("delete with the pool gone");
}

/// A rich configuration of each, read back and diffed against the inputs: no change.
#[tokio::test]
async fn rich_configurations_do_not_drift() {
    let lc = moto::shared();
    let (idp, _) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let (pool, client) = pool_and_client(&idp, "rich-branding").await;
    let settings = r#"{
        "components": {"primaryButton": {"lightMode": {"defaults": {"backgroundColor": "0972d3ff", "textColor": "ffffffff"}}},
                       "form": {"borderRadius": 8.0, "logo": {"location": "CENTER", "position": "TOP", "enabled": true}}},
        "componentClasses": {"buttons": {"borderRadius": 8}, "input": {"borderRadius": 8.0}},
        "categories": {"global": {"colorSchemeMode": "LIGHT", "spacingDensity": "REGULAR"},
                       "auth": {"authMethodOrder": [[{"display": "BUTTON", "type": "FEDERATED"}]]}}
    }"#;
    let news = json!({
        "userPoolId": pool, "clientId": client, "settings": settings, "useCognitoProvidedValues": false,
        "assets": [asset("PAGE_BACKGROUND", "DYNAMIC", b"bg"),
                   asset("FAVICON_ICO", "LIGHT", b"ico"),
                   {"category": "FORM_LOGO", "colorMode": "DARK", "extension": "SVG",
                    "bytes": b64(b"<svg/>"), "resourceId": "form-logo-dark"}],
    });
    let inputs = e.checked(BRANDING, "rich", news).await;
    let (id, props) = e.create(BRANDING, "rich", &inputs).await.expect("create");
    let r = e.read(BRANDING, "rich", &id, &inputs, &props).await;
    let d = e.diff(BRANDING, "rich", &id, &r.inputs, &inputs).await;
    assert!(!changed(&d), "{:?}", kinds(&d));
    assert_eq!(
        value(&r.inputs)["settings"],
        json!(settings),
        "the program's own text is kept"
    );

    let terms = json!({"userPoolId": pool, "clientId": client, "termsName": "terms-of-use",
        "termsSource": "LINK", "enforcement": "NONE",
        "links": {"cognito:default": "https://example.com/terms", "cognito:english": "https://example.com/en/terms",
                  "cognito:japanese": "https://example.com/ja/terms?v=2#top", "cognito:dutch": "https://example.com/nl"}});
    let inputs = e.checked(TERMS, "rich-terms", terms).await;
    let (id, props) = e
        .create(TERMS, "rich-terms", &inputs)
        .await
        .expect("create");
    let r = e.read(TERMS, "rich-terms", &id, &inputs, &props).await;
    let d = e.diff(TERMS, "rich-terms", &id, &r.inputs, &inputs).await;
    assert!(!changed(&d), "{:?}", kinds(&d));
}
