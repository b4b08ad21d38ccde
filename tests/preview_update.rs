//! What a preview of an update predicts, for every resource: values AWS filled in (that the
//! program never set) keep their old values where nothing that feeds them changes, and are
//! unknown where something does; computed outputs likewise. Each resource is created in the
//! local Cognito, then an update is previewed (no AWS call is made in preview: the provider
//! of the preview points at a dead endpoint).

mod support;

use pulumi_cognito::codec::PropPath;
use pulumi_cognito::pulumirpc as rpc;
use serde_json::{json, Value};
use support::engine::{decode, urn, Engine};
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const CLIENT: &str = "cognito:index:UserPoolClient";
const IDENTITY: &str = "cognito:index:IdentityPool";

/// Previews an update of `ty` from `(old_inputs, olds)` to `news` on a provider that cannot
/// reach AWS, and returns the predicted outputs.
async fn preview_update(
    ty: &str,
    name: &str,
    id: &str,
    old_inputs: &Option<prost_types::Struct>,
    olds: &Option<prost_types::Struct>,
    news: &Option<prost_types::Struct>,
) -> pulumi_cognito::codec::Props {
    let mut dead = Engine::start("http://127.0.0.1:9").await;
    let r = dead
        .client
        .update(rpc::UpdateRequest {
            id: id.into(),
            urn: urn(ty, name),
            r#type: ty.into(),
            name: name.into(),
            olds: olds.clone(),
            old_inputs: old_inputs.clone(),
            news: news.clone(),
            preview: true,
            ..Default::default()
        })
        .await
        .expect("a preview update makes no AWS call")
        .into_inner();
    decode(&r.properties)
}

fn unknown(p: &pulumi_cognito::codec::Props, path: &str) -> bool {
    p.unknowns.contains(&PropPath::parse(path).unwrap())
}

#[tokio::test]
async fn user_pool_preview_keeps_what_aws_filled_in() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let inputs = e
        .checked(
            POOL,
            "pu-pool",
            json!({"passwordPolicy": {"minimumLength": 8, "requireSymbols": true}, "tags": {"a": "b"}}),
        )
        .await;
    let (id, olds) = e.create(POOL, "pu-pool", &inputs).await.unwrap();
    let old_out = decode(&olds).value;
    // What AWS filled in, which the program never set.
    for k in [
        "adminCreateUserConfig",
        "mfaConfiguration",
        "emailConfiguration",
    ] {
        assert!(old_out.contains_key(k), "moto reports no {k}: {old_out:?}");
    }
    let name = decode(&inputs).value["name"].clone();

    // A change of the password policy only.
    let news = e
        .checked(
            POOL,
            "pu-pool",
            json!({"name": name, "passwordPolicy": {"minimumLength": 12, "requireSymbols": true}, "tags": {"a": "b"}}),
        )
        .await;
    let p = preview_update(POOL, "pu-pool", &id, &inputs, &olds, &news).await;
    for k in [
        "adminCreateUserConfig",
        "mfaConfiguration",
        "emailConfiguration",
        "arn",
        "endpoint",
        "creationDate",
        "tagsAll",
    ] {
        assert_eq!(p.value.get(k), old_out.get(k), "{k} is not carried over");
        assert!(!unknown(&p, k), "{k} is unknown");
    }
    assert_eq!(p.value["passwordPolicy"]["minimumLength"], json!(12));
    // The password policy changed: what AWS filled into it is not known until AWS answers.
    assert!(
        unknown(&p, "passwordPolicy.temporaryPasswordValidityDays"),
        "{:?}",
        p.unknowns
    );
    assert!(unknown(&p, "lastModifiedDate"), "{:?}", p.unknowns);

    // Removing a property the program had set: AWS resets it, so it is unknown.
    let news = e
        .checked(
            POOL,
            "pu-pool",
            json!({"name": name, "passwordPolicy": {"minimumLength": 8, "requireSymbols": true}}),
        )
        .await;
    let p = preview_update(POOL, "pu-pool", &id, &inputs, &olds, &news).await;
    assert!(unknown(&p, "tags"), "{:?}", p.unknowns);
    // tagsAll is what Check merged (the default tags under the program's tags): known.
    assert_eq!(p.value.get("tagsAll"), Some(&json!({})));
    assert!(!unknown(&p, "tagsAll"), "{:?}", p.unknowns);
    assert_eq!(
        p.value.get("passwordPolicy"),
        old_out.get("passwordPolicy"),
        "an unchanged object keeps what AWS filled into it"
    );
    assert_eq!(
        p.value.get("mfaConfiguration"),
        old_out.get("mfaConfiguration")
    );
}

#[tokio::test]
async fn user_pool_client_preview_keeps_the_secret_and_defaults() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let pool = e.checked(POOL, "pu-cpool", json!({})).await;
    let (pool_id, _) = e.create(POOL, "pu-cpool", &pool).await.unwrap();
    let inputs = e
        .checked(
            CLIENT,
            "pu-client",
            json!({"userPoolId": pool_id, "generateSecret": true, "explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"]}),
        )
        .await;
    let (id, olds) = e.create(CLIENT, "pu-client", &inputs).await.unwrap();
    let old_out = decode(&olds);
    let mut next = decode(&inputs).value;
    next.insert("accessTokenValidity".into(), json!(2));
    let news = e.checked(CLIENT, "pu-client", Value::Object(next)).await;
    let p = preview_update(CLIENT, "pu-client", &id, &inputs, &olds, &news).await;
    assert_eq!(p.value["accessTokenValidity"], json!(2));
    assert_eq!(
        p.value.get("clientSecret"),
        old_out.value.get("clientSecret")
    );
    assert!(p.secrets.contains(&PropPath::key("clientSecret")));
    // Whatever else the old outputs held beyond the inputs is carried over or unknown, never
    // silently dropped.
    for k in old_out.value.keys() {
        assert!(
            p.value.contains_key(k) || unknown(&p, k),
            "{k} vanished from the preview"
        );
    }
}

#[tokio::test]
async fn identity_pool_preview_keeps_the_arn_and_follows_tags() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let inputs = e
        .checked(
            IDENTITY,
            "pu-ids",
            json!({"allowUnauthenticatedIdentities": false, "tags": {"team": "ml"}}),
        )
        .await;
    let (id, olds) = e.create(IDENTITY, "pu-ids", &inputs).await.unwrap();
    let old_out = decode(&olds).value;
    let mut next = decode(&inputs).value;
    next.insert("allowClassicFlow".into(), json!(true));
    let news = e
        .checked(IDENTITY, "pu-ids", Value::Object(next.clone()))
        .await;
    let p = preview_update(IDENTITY, "pu-ids", &id, &inputs, &olds, &news).await;
    assert_eq!(p.value.get("arn"), old_out.get("arn"));
    assert_eq!(p.value.get("tagsAll"), old_out.get("tagsAll"));
    assert!(!unknown(&p, "tagsAll"));

    next.insert("tags".into(), json!({"team": "research"}));
    let news = e.checked(IDENTITY, "pu-ids", Value::Object(next)).await;
    let p = preview_update(IDENTITY, "pu-ids", &id, &inputs, &olds, &news).await;
    // tagsAll follows the tags: Check merged it, so the preview knows it.
    assert_eq!(p.value.get("tagsAll"), Some(&json!({"team": "research"})));
    assert!(!unknown(&p, "tagsAll"), "tags changed: {:?}", p.unknowns);
    assert_eq!(p.value.get("arn"), old_out.get("arn"));
}
