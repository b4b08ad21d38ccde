//! The classic hosted UI's look (issue 19): UserPoolUICustomization, a setting on a user
//! pool's hosted UI (`src/resources/settings.rs`).
//!
//! - A Check table: a passing and a failing case for every rule, naming the property.
//! - Engine-like lifecycles over gRPC against the local Cognito (`localcognito/`, which has
//!   SetUICustomization and GetUICustomization, needing a domain on the pool): create with
//!   a domain, refresh without drift, a per-client customization next to the pool's, a
//!   second one for the same pool refused, in-place updates of the CSS and of the
//!   write-only image, replacement on another client, import by id alone, the domain
//!   deleted (gone), delete (reset) and delete of what is gone.

mod support;

use pulumi_cognito::codec::UNKNOWN;
use pulumi_cognito::pulumirpc::{diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use support::engine::{decode, sdk, Engine};
use support::moto;

const UI: &str = "cognito:index:UserPoolUICustomization";
const POOL: &str = "cognito:index:UserPool";
const P: &str = "us-east-1_AbC123";
/// A 1x1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMQMgn7DwAClAGcHVtGXwAAAABJRU5ErkJggg==";
/// The smallest JPEG a logo check sees: start-of-image, a JFIF header, end-of-image.
const JPEG_BYTES: &[u8] =
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9";

fn jpeg() -> String {
    b64(JPEG_BYTES)
}

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// A suffix that keeps names of this run apart on the shared local Cognito.
fn suffix() -> String {
    format!("{:08x}", rand::random::<u32>())
}

fn b64(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
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
async fn ui_customization_check_rules() {
    let ok = json!({"userPoolId": P, "css": ".label-customizable { font-weight: 400; }", "imageFile": PNG});
    let big_png = {
        let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
        v.resize(100 * 1024 + 1, 0);
        b64(&v)
    };
    let max_png = {
        let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
        v.resize(100 * 1024, 0);
        b64(&v)
    };
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        ("valid", ok.clone(), None),
        ("css only", with(&ok, json!({"imageFile": null})), None),
        ("image only", with(&ok, json!({"css": null})), None),
        ("jpeg", with(&ok, json!({"imageFile": jpeg()})), None),
        // userPoolId: required, AWS's pattern, in the resource's region.
        (
            "no pool",
            with(&ok, json!({"userPoolId": null})),
            Some("userPoolId"),
        ),
        (
            "bad pool",
            with(&ok, json!({"userPoolId": "pool"})),
            Some("userPoolId"),
        ),
        (
            "long pool",
            with(
                &ok,
                json!({"userPoolId": format!("us-east-1_{}", "a".repeat(50))}),
            ),
            Some("userPoolId"),
        ),
        (
            "pool in region",
            with(&ok, json!({"region": "us-east-1"})),
            None,
        ),
        (
            "pool of another region",
            with(&ok, json!({"region": "eu-west-1"})),
            Some("userPoolId"),
        ),
        (
            "unknown pool",
            with(&ok, json!({"userPoolId": UNKNOWN})),
            None,
        ),
        // clientId: [\w+]+, 1 to 128, or ALL.
        ("ALL", with(&ok, json!({"clientId": "ALL"})), None),
        (
            "client",
            with(&ok, json!({"clientId": "1example23456789abcdef+_x"})),
            None,
        ),
        (
            "client with a dash",
            with(&ok, json!({"clientId": "abc-def"})),
            Some("clientId"),
        ),
        (
            "empty client",
            with(&ok, json!({"clientId": ""})),
            Some("clientId"),
        ),
        (
            "long client",
            with(&ok, json!({"clientId": "a".repeat(129)})),
            Some("clientId"),
        ),
        (
            "longest client",
            with(&ok, json!({"clientId": "a".repeat(128)})),
            None,
        ),
        (
            "unknown client",
            with(&ok, json!({"clientId": UNKNOWN})),
            None,
        ),
        // css: at most 131,072 characters.
        (
            "longest css",
            with(&ok, json!({"css": "a".repeat(131_072)})),
            None,
        ),
        (
            "long css",
            with(&ok, json!({"css": "a".repeat(131_073)})),
            Some("css"),
        ),
        // imageFile: base64 of a PNG or JPEG of at most 100 KB.
        (
            "not base64",
            with(&ok, json!({"imageFile": "not base64!"})),
            Some("imageFile"),
        ),
        (
            "unpadded base64",
            with(&ok, json!({"imageFile": PNG.trim_end_matches('=')})),
            Some("imageFile"),
        ),
        (
            "a GIF",
            with(&ok, json!({"imageFile": b64(b"GIF89a\x01\x00\x01\x00")})),
            Some("imageFile"),
        ),
        ("100 KB", with(&ok, json!({"imageFile": max_png})), None),
        (
            "over 100 KB",
            with(&ok, json!({"imageFile": big_png})),
            Some("imageFile"),
        ),
        // css or imageFile.
        ("neither", json!({"userPoolId": P}), Some("css")),
        (
            "empty css only",
            json!({"userPoolId": P, "css": ""}),
            Some("css"),
        ),
        (
            "unknown css",
            json!({"userPoolId": P, "css": UNKNOWN}),
            None,
        ),
        (
            "unknown image",
            json!({"userPoolId": P, "imageFile": UNKNOWN}),
            None,
        ),
    ];
    let mut e = Engine::unconfigured().await;
    for (what, news, expect) in cases {
        let (_, failures) = e.check(UI, "t", json!({}), news.clone()).await;
        match expect {
            None => assert!(failures.is_empty(), "{what}: {failures:?}"),
            Some(p) => assert!(
                failures.iter().any(|(f, r)| f == p && !r.is_empty()),
                "{what}: expected a failure on {p}, got {failures:?}"
            ),
        }
    }
    // clientId is written out as ALL, and an unknown one stays unknown.
    let (checked, _) = e
        .check(UI, "t", json!({}), json!({"userPoolId": P, "css": "a{}"}))
        .await;
    assert_eq!(value(&checked)["clientId"], json!("ALL"));
    let (checked, _) = e
        .check(
            UI,
            "t",
            json!({}),
            json!({"userPoolId": P, "css": "a{}", "clientId": UNKNOWN}),
        )
        .await;
    assert!(decode(&checked)
        .unknowns
        .iter()
        .any(|u| u.top() == Some("clientId")));
}

#[tokio::test]
async fn ui_customization_diffs() {
    let mut e = Engine::unconfigured().await;
    let base = json!({"userPoolId": P, "css": "a{}", "imageFile": PNG});
    let old = e.checked(UI, "u", base.clone()).await;
    // No clientId and ALL are the same customization.
    let all = e
        .checked(UI, "u", with(&base, json!({"clientId": "ALL"})))
        .await;
    let d = e.diff(UI, "u", "x", &old, &all).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    // CSS and image change in place, compared input against input.
    let css = e.checked(UI, "u", with(&base, json!({"css": "b{}"}))).await;
    let d = e.diff(UI, "u", "x", &old, &css).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(d.detailed_diff["css"].kind(), Kind::Update);
    let img = e
        .checked(UI, "u", with(&base, json!({"imageFile": jpeg()})))
        .await;
    let d = e.diff(UI, "u", "x", &old, &img).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(d.detailed_diff["imageFile"].kind(), Kind::Update);
    let d = e.diff(UI, "u", "x", &old, &old).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone);
    // Another client or pool replaces.
    let client = e
        .checked(UI, "u", with(&base, json!({"clientId": "abc123"})))
        .await;
    let d = e.diff(UI, "u", "x", &old, &client).await;
    assert_eq!(d.replaces, vec!["clientId".to_string()]);
    let pool = e
        .checked(
            UI,
            "u",
            with(&base, json!({"userPoolId": "us-east-1_Other"})),
        )
        .await;
    let d = e.diff(UI, "u", "x", &old, &pool).await;
    assert_eq!(d.replaces, vec!["userPoolId".to_string()]);
}

/// A user pool with a prefix domain and an app client; returns (pool, domain, client).
async fn hosted_pool(
    e: &mut Engine,
    idp: &aws_sdk_cognitoidentityprovider::Client,
    name: &str,
) -> (String, String, String) {
    let inputs = e.checked(POOL, name, json!({})).await;
    let pool = e.create(POOL, name, &inputs).await.expect("create pool").0;
    let domain = format!("ui-{name}-{}", suffix());
    idp.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&domain)
        .send()
        .await
        .expect("create domain");
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
    (pool, domain, client)
}

#[tokio::test]
async fn ui_customization_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, domain, client) = hosted_pool(&mut e, &idp, "uipool").await;

    // Create the pool-wide customization.
    let news = json!({"userPoolId": pool, "css": ".banner-customizable { background-color: #123456; }", "imageFile": PNG});
    let inputs = e.checked(UI, "all", news.clone()).await;
    let (id, props) = e.create(UI, "all", &inputs).await.expect("create");
    assert_eq!(id, format!("{pool},ALL"));
    let out = value(&props);
    assert_eq!(out["clientId"], json!("ALL"));
    assert_eq!(
        out["imageFile"],
        json!(PNG),
        "the image is kept from the inputs"
    );
    assert!(
        out["imageUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")),
        "{out}"
    );
    for k in ["cssVersion", "creationDate", "lastModifiedDate"] {
        assert!(out[k].is_string(), "{k}: {out}");
    }
    let got = idp
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id("ALL")
        .send()
        .await
        .unwrap()
        .ui_customization
        .unwrap();
    assert_eq!(got.css(), news["css"].as_str());

    // Refresh: no drift, the image kept from the inputs.
    let r = e.read(UI, "all", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    assert_eq!(value(&r.inputs)["imageFile"], json!(PNG));
    let again = e.checked(UI, "all", news.clone()).await;
    let d = e.diff(UI, "all", &id, &r.inputs, &again).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // A second pool-wide customization is refused; a per-client one coexists.
    let dup = e
        .checked(UI, "dup", json!({"userPoolId": pool, "css": "a{}"}))
        .await;
    let err = e.create(UI, "dup", &dup).await.expect_err("a second ALL");
    assert!(
        err.message().contains("already has") && err.message().contains(&id),
        "{}",
        err.message()
    );
    let cnews = json!({"userPoolId": pool, "clientId": client, "css": ".submitButton-customizable { color: red; }"});
    let cin = e.checked(UI, "web", cnews.clone()).await;
    let (cid, cprops) = e.create(UI, "web", &cin).await.expect("per-client");
    assert_eq!(cid, format!("{pool},{client}"));
    assert!(
        value(&cprops).get("imageUrl").is_none_or(Value::is_null),
        "{}",
        value(&cprops)
    );
    let r = e.read(UI, "all", &id, &inputs, &props).await;
    assert_eq!(r.id, id, "the pool's stays");

    // In place: new CSS, then a new image (compared with the old image, not with AWS).
    let v2 = e
        .checked(
            UI,
            "all",
            with(
                &news,
                json!({"css": ".banner-customizable { background-color: #654321; }"}),
            ),
        )
        .await;
    let d = e.diff(UI, "all", &id, &inputs, &v2).await;
    assert!(d.replaces.is_empty());
    let props2 = e
        .update(UI, "all", &id, &inputs, &props, &v2)
        .await
        .expect("update css");
    let out2 = value(&props2);
    assert_eq!(
        out2["css"],
        json!(".banner-customizable { background-color: #654321; }")
    );
    assert_eq!(out2["imageFile"], json!(PNG));
    assert_eq!(out2["creationDate"], out["creationDate"]);
    let v3 = e
        .checked(
            UI,
            "all",
            with(&news, json!({"imageFile": jpeg(), "css": null})),
        )
        .await;
    let props3 = e
        .update(UI, "all", &id, &v2, &props2, &v3)
        .await
        .expect("update image");
    let out3 = value(&props3);
    assert_eq!(out3["imageFile"], json!(jpeg()));
    assert!(
        out3.get("css").is_none_or(Value::is_null),
        "the CSS removed: {out3}"
    );
    assert_ne!(out3["imageUrl"], out["imageUrl"], "a new logo");
    let got = idp
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id("ALL")
        .send()
        .await
        .unwrap();
    assert!(got.ui_customization.unwrap().css().is_none());
    let r = e.read(UI, "all", &id, &v3, &props3).await;
    let d = e.diff(UI, "all", &id, &r.inputs, &v3).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Import by id alone: everything AWS reports, never the image; a bare pool id is ALL.
    let imp = e.read(UI, "imp", &cid, &None, &None).await;
    assert_eq!(imp.id, cid);
    let iv = value(&imp.inputs);
    assert_eq!(iv["userPoolId"], json!(pool));
    assert_eq!(iv["clientId"], json!(client));
    assert_eq!(iv["css"], cnews["css"]);
    let imp = e.read(UI, "imp", &pool, &None, &None).await;
    assert_eq!(imp.id, id);
    assert!(value(&imp.inputs).get("imageFile").is_none());
    assert!(value(&imp.properties)["imageUrl"].is_string());

    // Deleting the client's customization resets it: the client falls back to the pool's
    // (AWS answers with the ALL settings), so it reads as gone; the pool's stays.
    e.delete(UI, "web", &cid, &cin, &cprops)
        .await
        .expect("delete client's");
    assert_eq!(e.read(UI, "web", &cid, &cin, &cprops).await.id, "");
    e.delete(UI, "web", &cid, &cin, &cprops)
        .await
        .expect("delete again");
    assert_eq!(e.read(UI, "all", &id, &v3, &props3).await.id, id);

    // The domain deleted outside Pulumi: the customization reads as gone and deletes.
    idp.delete_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&domain)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(UI, "all", &id, &v3, &props3).await.id, "");
    e.delete(UI, "all", &id, &v3, &props3)
        .await
        .expect("delete without a domain");
    // Without a domain, a create says what is missing.
    let err = e.create(UI, "all", &inputs).await.expect_err("no domain");
    assert!(
        err.message().contains("UserPoolDomain"),
        "{}",
        err.message()
    );

    // With a domain again: without one, the delete could not reset anything, and the local
    // Cognito keeps a pool's customization across its domain (AWS's documentation is
    // silent), so what was there shows again; a create refuses to overwrite it and names
    // the import id. Reset out of band, then delete resets the pool's customization.
    idp.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&domain)
        .send()
        .await
        .unwrap();
    let err = e.create(UI, "all", &inputs).await.expect_err("held");
    assert!(
        err.message().contains(&format!("{pool},ALL")),
        "{}",
        err.message()
    );
    idp.set_ui_customization()
        .user_pool_id(&pool)
        .client_id("ALL")
        .send()
        .await
        .unwrap();
    let (id, props) = e.create(UI, "all", &inputs).await.expect("create again");
    e.delete(UI, "all", &id, &inputs, &props)
        .await
        .expect("delete");
    let got = idp
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id("ALL")
        .send()
        .await
        .unwrap();
    let got = got.ui_customization.unwrap_or_else(|| {
        aws_sdk_cognitoidentityprovider::types::UiCustomizationType::builder().build()
    });
    assert!(got.css().is_none() && got.image_url().is_none(), "{got:?}");
    assert_eq!(e.read(UI, "all", &id, &inputs, &props).await.id, "");

    // The pool deleted: gone, and delete succeeds.
    let (cid, cprops) = e.create(UI, "web", &cin).await.expect("per-client again");
    idp.delete_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&domain)
        .send()
        .await
        .unwrap();
    idp.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(UI, "web", &cid, &cin, &cprops).await.id, "");
    e.delete(UI, "web", &cid, &cin, &cprops)
        .await
        .expect("delete with the pool gone");
}

/// A rich configuration, read back, shows no change against its inputs.
#[tokio::test]
async fn ui_customization_has_no_drift() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let (pool, _, client) = hosted_pool(&mut e, &idp, "uirich").await;
    let css = [
        ".logo-customizable { max-width: 60%; max-height: 30%; }",
        ".banner-customizable { padding: 25px 0px 25px 0px; background-color: lightgray; }",
        ".label-customizable { font-weight: 400; }",
        ".textDescription-customizable { padding-top: 10px; padding-bottom: 10px; display: block; font-size: 16px; }",
        ".idpDescription-customizable { padding-top: 10px; padding-bottom: 10px; display: block; font-size: 16px; }",
        ".legalText-customizable { color: #747474; font-size: 11px; }",
        ".submitButton-customizable { font-size: 14px; font-weight: bold; margin: 20px 0px 10px 0px; height: 40px; width: 100%; color: #fff; background-color: #337ab7; }",
        ".submitButton-customizable:hover { color: #fff; background-color: #286090; }",
        ".errorMessage-customizable { padding: 5px; font-size: 14px; width: 100%; background: #F5F5F5; border: 2px solid #D64958; color: #D64958; }",
        ".inputField-customizable { width: 100%; height: 34px; color: #555; background-color: #fff; border: 1px solid #ccc; }",
        ".inputField-customizable:focus { border-color: #66afe9; outline: 0; }",
        ".idpButton-customizable { height: 40px; width: 100%; text-align: center; margin-bottom: 15px; color: #fff; background-color: #5bc0de; border-color: #46b8da; }",
        ".idpButton-customizable:hover { color: #fff; background-color: #31b0d5; }",
        ".socialButton-customizable { border-radius: 2px; height: 40px; margin-bottom: 15px; padding: 1px; text-align: left; width: 100%; }",
        ".redirect-customizable { text-align: center; }",
        ".passwordCheck-notValid-customizable { color: #DF3312; }",
        ".passwordCheck-valid-customizable { color: #19BF00; }",
        ".background-customizable { background-color: #fafafa; }",
    ]
    .join("\n");
    for (name, news) in [
        (
            "all",
            json!({"userPoolId": pool, "clientId": "ALL", "css": css, "imageFile": PNG, "region": "us-east-1"}),
        ),
        (
            "web",
            json!({"userPoolId": pool, "clientId": client, "css": format!("{css}\n"), "imageFile": jpeg()}),
        ),
    ] {
        let inputs = e.checked(UI, name, news.clone()).await;
        let (id, props) = e.create(UI, name, &inputs).await.expect("create");
        let r = e.read(UI, name, &id, &inputs, &props).await;
        assert_eq!(r.id, id);
        let again = e.checked(UI, name, news).await;
        let d = e.diff(UI, name, &id, &r.inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{name}: {:?}",
            d.detailed_diff
        );
        // What Read reports as outputs matches what the write returned.
        let (a, b) = (value(&r.properties), value(&props));
        for k in [
            "css",
            "clientId",
            "userPoolId",
            "imageFile",
            "imageUrl",
            "cssVersion",
            "creationDate",
            "lastModifiedDate",
        ] {
            assert_eq!(a.get(k), b.get(k), "{name}.{k}");
        }
    }
}
