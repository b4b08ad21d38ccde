//! Tags of user pools and identity pools over gRPC against the local Cognito: tags-only
//! updates make only TagResource/UntagResource calls (counted by a recording proxy), the
//! provider's `defaultTags` merge into `tagsAll` (resource tags win), a change of the
//! default tags is an in-place update, tags AWS adds itself (`aws:*`) never drift, and
//! refresh and import right after an `up` show no change. Plus the Check rules of AWS's
//! tagging APIs for resources and for the provider config.

mod support;

use pulumi_cognito::codec::{PropPath, UNKNOWN};
use pulumi_cognito::pulumirpc::{self as rpc, diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use std::collections::HashMap;
use support::engine::{decode, pb, sdk, secret, unwire, urn, wire, Engine};
use support::faultproxy::FaultProxy;
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const IDENTITY: &str = "cognito:index:IdentityPool";

type Struct = Option<prost_types::Struct>;

fn value(s: &Struct) -> Value {
    Value::Object(decode(s).value)
}

/// A provider configured against `endpoint` with `defaultTags` as given (`Value::Null`: none).
async fn engine(endpoint: &str, default_tags: Value) -> Engine {
    let e = Engine::unconfigured().await;
    let mut args = json!({
        "region": "us-east-1",
        "endpoint": endpoint,
        "accessKey": "testing",
        "secretKey": secret(json!("testing")),
        "maxRetries": 0,
    });
    if !default_tags.is_null() {
        args["defaultTags"] = default_tags;
    }
    e.client
        .clone()
        .configure(rpc::ConfigureRequest {
            args: pb(args),
            accept_secrets: true,
            ..Default::default()
        })
        .await
        .expect("configure");
    e
}

/// The write calls (anything but Describe/Get/List) the proxy saw since its last reset.
/// (STS GetCallerIdentity, for an identity pool's ARN, has no `X-Amz-Target`: its `op` is
/// empty, and it is a read.)
fn writes(proxy: &FaultProxy) -> Vec<String> {
    proxy
        .records()
        .into_iter()
        .map(|r| r.op)
        .filter(|op| {
            !(op.is_empty()
                || op.starts_with("Describe")
                || op.starts_with("Get")
                || op.starts_with("List"))
        })
        .collect()
}

async fn pool_tags(idp: &aws_sdk_cognitoidentityprovider::Client, id: &str) -> Value {
    let p = idp
        .describe_user_pool()
        .user_pool_id(id)
        .send()
        .await
        .unwrap();
    let tags: HashMap<String, String> = p
        .user_pool()
        .and_then(|p| p.user_pool_tags())
        .cloned()
        .unwrap_or_default();
    json!(tags)
}

async fn identity_tags(ids: &aws_sdk_cognitoidentity::Client, id: &str) -> Value {
    let p = ids
        .describe_identity_pool()
        .identity_pool_id(id)
        .send()
        .await
        .unwrap();
    json!(p.identity_pool_tags().cloned().unwrap_or_default())
}

/// Check, Create and a check of the result: (id, checked inputs, outputs).
async fn create(e: &mut Engine, ty: &str, name: &str, news: Value) -> (String, Struct, Struct) {
    let inputs = e.checked(ty, name, news).await;
    let (id, props) = e.create(ty, name, &inputs).await.expect("create");
    (id, inputs, props)
}

async fn tags_of(ty: &str, id: &str, endpoint: &str) -> Value {
    let (idp, ids) = sdk(endpoint).await;
    if ty == POOL {
        pool_tags(&idp, id).await
    } else {
        identity_tags(&ids, id).await
    }
}

/// The update the program asks for after `news` changed to `changed`: Check, Diff (in
/// place, on the tags only), Update; returns the new inputs and outputs.
async fn update(
    e: &mut Engine,
    ty: &str,
    name: &str,
    id: &str,
    (inputs, props): (&Struct, &Struct),
    changed: Value,
) -> (Struct, Struct, rpc::DiffResponse) {
    let news = e.checked(ty, name, changed).await;
    let d = e.diff(ty, name, id, inputs, &news).await;
    let out = e
        .update(ty, name, id, inputs, props, &news)
        .await
        .expect("update");
    (news, out, d)
}

#[tokio::test]
async fn tags_only_updates_call_tag_and_untag_only() {
    let m = moto::shared();
    let proxy = FaultProxy::start(&m.endpoint(), 1).await;
    let mut e = engine(&proxy.endpoint(), Value::Null).await;
    for (ty, name, extra) in [
        (
            POOL,
            "tg-pool",
            json!({"passwordPolicy": {"minimumLength": 8}}),
        ),
        (
            IDENTITY,
            "tg-ids",
            // An empty list is as AWS reports it (none): still a tags-only change.
            json!({"allowUnauthenticatedIdentities": false, "openidConnectProviderArns": []}),
        ),
    ] {
        let mut news = extra.clone();
        news["tags"] = json!({"keep": "1", "change": "2", "drop": "x"});
        let (id, inputs, props) = create(&mut e, ty, name, news.clone()).await;
        assert_eq!(
            tags_of(ty, &id, &m.endpoint()).await,
            json!({"keep": "1", "change": "2", "drop": "x"})
        );
        let name_key = if ty == POOL {
            "name"
        } else {
            "identityPoolName"
        };
        let given = value(&inputs)[name_key].clone();

        // Tags only: one UntagResource for the removed key, one TagResource for the new and
        // the changed ones, and no other write.
        let mut changed = extra.clone();
        changed[name_key] = given.clone();
        changed["tags"] = json!({"keep": "1", "change": "3", "new": "4"});
        proxy.reset_log();
        let (inputs2, props2, d) =
            update(&mut e, ty, name, &id, (&inputs, &props), changed.clone()).await;
        assert_eq!(d.changes(), DiffChanges::DiffSome, "{ty}");
        assert!(d.replaces.is_empty(), "{ty}: {:?}", d.replaces);
        assert!(
            d.detailed_diff.keys().all(|k| k.starts_with("tags")),
            "{ty}: {:?}",
            d.detailed_diff
        );
        let mut w = writes(&proxy);
        w.sort();
        assert_eq!(w, vec!["TagResource", "UntagResource"], "{ty}");
        let want = json!({"keep": "1", "change": "3", "new": "4"});
        assert_eq!(tags_of(ty, &id, &m.endpoint()).await, want, "{ty}");
        assert_eq!(value(&props2)["tagsAll"], want, "{ty}");
        assert_eq!(value(&props2)["tags"], want, "{ty}");

        // Only adding tags: TagResource alone.
        let mut more = changed.clone();
        more["tags"]["extra"] = json!("5");
        proxy.reset_log();
        let (inputs3, props3, _) =
            update(&mut e, ty, name, &id, (&inputs2, &props2), more.clone()).await;
        assert_eq!(writes(&proxy), vec!["TagResource"], "{ty}");

        // A change of anything else leaves the tags alone: no tag call, and AWS keeps them.
        let mut other = more.clone();
        if ty == POOL {
            other["passwordPolicy"]["minimumLength"] = json!(10);
        } else {
            other["allowUnauthenticatedIdentities"] = json!(true);
        }
        proxy.reset_log();
        let (inputs4, props4, _) = update(&mut e, ty, name, &id, (&inputs3, &props3), other).await;
        let w = writes(&proxy);
        assert!(
            !w.iter().any(|op| op.contains("Tag")),
            "{ty}: a non-tag change made tag calls: {w:?}"
        );
        let mut want = want.clone();
        want["extra"] = json!("5");
        assert_eq!(tags_of(ty, &id, &m.endpoint()).await, want, "{ty}");

        // Removing every tag: one UntagResource.
        let mut none = more.clone();
        none.as_object_mut().map(|o| o.remove("tags"));
        if ty == POOL {
            none["passwordPolicy"]["minimumLength"] = json!(10);
        } else {
            none["allowUnauthenticatedIdentities"] = json!(true);
        }
        proxy.reset_log();
        let (inputs5, props5, _) = update(&mut e, ty, name, &id, (&inputs4, &props4), none).await;
        assert_eq!(writes(&proxy), vec!["UntagResource"], "{ty}");
        assert_eq!(tags_of(ty, &id, &m.endpoint()).await, json!({}), "{ty}");
        assert_eq!(value(&props5)["tagsAll"], json!({}), "{ty}");
        e.delete(ty, name, &id, &inputs5, &props5).await.unwrap();
    }
}

#[tokio::test]
async fn default_tags_merge_into_tags_all_with_resource_tags_winning() {
    let m = moto::shared();
    // As the SDKs' provider resources send it: JSON text.
    let defaults = json!(r#"{"tags":{"env":"dev","team":"identity"}}"#);
    let mut e = engine(&m.endpoint(), defaults).await;
    for (ty, name) in [(POOL, "dt-pool"), (IDENTITY, "dt-ids")] {
        let news = json!({"tags": {"team": "app", "cost": "42"}});
        let (id, inputs, props) = create(&mut e, ty, name, news.clone()).await;
        let all = json!({"env": "dev", "team": "app", "cost": "42"});
        let checked = value(&inputs);
        assert_eq!(
            checked["tags"], news["tags"],
            "{ty}: tags stay the program's"
        );
        assert_eq!(checked["tagsAll"], all, "{ty}: Check merges tagsAll");
        assert_eq!(value(&props)["tagsAll"], all, "{ty}");
        assert_eq!(value(&props)["tags"], news["tags"], "{ty}");
        assert_eq!(tags_of(ty, &id, &m.endpoint()).await, all, "{ty}");

        // No drift: the same program again, a refresh, and an import.
        let again = e.checked(ty, name, news.clone()).await;
        let d = e.diff(ty, name, &id, &inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: {:?}",
            d.detailed_diff
        );
        let r = e.read(ty, name, &id, &inputs, &props).await;
        assert_eq!(value(&r.properties)["tagsAll"], all, "{ty}");
        let d = e.diff(ty, name, &id, &r.inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty} refresh drift: {:?}",
            d.detailed_diff
        );
        let imported = e.read(ty, "imported", &id, &None, &None).await;
        let iv = value(&imported.inputs);
        // Default tags with their default value are the provider's, not the resource's.
        assert_eq!(iv["tags"], news["tags"], "{ty}");
        assert_eq!(iv["tagsAll"], all, "{ty}");
        let d = e.diff(ty, name, &id, &imported.inputs, &again).await;
        assert!(
            !d.detailed_diff.keys().any(|k| k.starts_with("tags")),
            "{ty} import: {:?}",
            d.detailed_diff
        );

        // Without tags of its own, the resource gets the default tags.
        let name2 = format!("{name}-bare");
        let (id2, inputs2, props2) = create(&mut e, ty, &name2, json!({})).await;
        let defaults_only = json!({"env": "dev", "team": "identity"});
        assert_eq!(value(&inputs2)["tagsAll"], defaults_only, "{ty}");
        assert_eq!(value(&props2)["tagsAll"], defaults_only, "{ty}");
        assert!(value(&props2).get("tags").is_none(), "{ty}");
        assert_eq!(
            tags_of(ty, &id2, &m.endpoint()).await,
            defaults_only,
            "{ty}"
        );
        let r = e.read(ty, &name2, &id2, &inputs2, &props2).await;
        assert!(
            value(&r.inputs).get("tags").is_none(),
            "{ty}: {:?}",
            value(&r.inputs)
        );
        let again = e.checked(ty, &name2, json!({})).await;
        let d = e.diff(ty, &name2, &id2, &r.inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: {:?}",
            d.detailed_diff
        );

        e.delete(ty, name, &id, &inputs, &props).await.unwrap();
        e.delete(ty, &name2, &id2, &inputs2, &props2).await.unwrap();
    }
}

#[tokio::test]
async fn changing_default_tags_updates_in_place_with_tag_calls_only() {
    let m = moto::shared();
    let proxy = FaultProxy::start(&m.endpoint(), 2).await;
    let mut before = engine(
        &proxy.endpoint(),
        json!({"tags": {"env": "dev", "owner": "a"}}),
    )
    .await;
    // The provider after `pulumi config set`: a new plugin, configured with the new tags.
    let mut after = engine(
        &proxy.endpoint(),
        json!({"tags": {"env": "prod", "cost": "1"}}),
    )
    .await;
    for (ty, name) in [(POOL, "cd-pool"), (IDENTITY, "cd-ids")] {
        let news = json!({"tags": {"app": "x"}});
        let (id, inputs, props) = create(&mut before, ty, name, news.clone()).await;
        let name_key = if ty == POOL {
            "name"
        } else {
            "identityPoolName"
        };
        let mut program = news.clone();
        program[name_key] = value(&inputs)[name_key].clone();

        // The same program under the new default tags: an in-place change of tagsAll only.
        let new_inputs = after.checked(ty, name, program.clone()).await;
        let d = after.diff(ty, name, &id, &inputs, &new_inputs).await;
        assert_eq!(d.changes(), DiffChanges::DiffSome, "{ty}");
        assert!(d.replaces.is_empty(), "{ty}: {:?}", d.replaces);
        assert!(
            !d.detailed_diff.is_empty() && d.detailed_diff.keys().all(|k| k.starts_with("tagsAll")),
            "{ty}: {:?}",
            d.detailed_diff
        );
        assert!(d
            .detailed_diff
            .values()
            .all(|p| matches!(p.kind(), Kind::Add | Kind::Update | Kind::Delete)));
        // The preview shows the new tagsAll, without calling AWS.
        proxy.reset_log();
        let preview = after
            .client
            .update(rpc::UpdateRequest {
                id: id.clone(),
                urn: urn(ty, name),
                r#type: ty.into(),
                olds: props.clone(),
                old_inputs: inputs.clone(),
                news: new_inputs.clone(),
                preview: true,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        let all = json!({"env": "prod", "cost": "1", "app": "x"});
        assert_eq!(value(&preview.properties)["tagsAll"], all, "{ty}");
        assert!(proxy.records().is_empty(), "a preview called AWS");

        let out = after
            .update(ty, name, &id, &inputs, &props, &new_inputs)
            .await
            .unwrap();
        let mut w = writes(&proxy);
        w.sort();
        assert_eq!(w, vec!["TagResource", "UntagResource"], "{ty}");
        assert_eq!(value(&out)["tagsAll"], all, "{ty}");
        assert_eq!(tags_of(ty, &id, &m.endpoint()).await, all, "{ty}");

        // No default tags at all any more: they go, the resource's own stay.
        let mut bare = engine(&proxy.endpoint(), Value::Null).await;
        let last = bare.checked(ty, name, program.clone()).await;
        let d = bare.diff(ty, name, &id, &new_inputs, &last).await;
        assert_eq!(d.changes(), DiffChanges::DiffSome, "{ty}");
        proxy.reset_log();
        let out2 = bare
            .update(ty, name, &id, &new_inputs, &out, &last)
            .await
            .unwrap();
        assert_eq!(writes(&proxy), vec!["UntagResource"], "{ty}");
        assert_eq!(value(&out2)["tagsAll"], json!({"app": "x"}), "{ty}");
        assert_eq!(
            tags_of(ty, &id, &m.endpoint()).await,
            json!({"app": "x"}),
            "{ty}"
        );
        bare.delete(ty, name, &id, &last, &out2).await.unwrap();
    }
}

#[tokio::test]
async fn aws_tags_never_show_as_drift_and_are_never_removed() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = engine(&m.endpoint(), json!({"tags": {"env": "dev"}})).await;
    let news = json!({"tags": {"app": "x"}});
    let (id, inputs, props) = create(&mut e, POOL, "aws-pool", news.clone()).await;
    // AWS's own tag, as CloudFormation leaves on what it creates (set behind the provider's
    // back: AWS refuses `aws:` keys from users).
    let arn = value(&props)["arn"].as_str().unwrap().to_string();
    let p = idp
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let mut tags: HashMap<String, String> =
        p.user_pool().unwrap().user_pool_tags().cloned().unwrap();
    tags.insert("aws:cloudformation:stack-name".into(), "stack".into());
    idp.tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(tags))
        .send()
        .await
        .expect("tag behind the provider's back");

    let all = json!({"env": "dev", "app": "x"});
    let r = e.read(POOL, "aws-pool", &id, &inputs, &props).await;
    assert_eq!(value(&r.properties)["tagsAll"], all);
    assert_eq!(value(&r.inputs)["tagsAll"], all);
    let again = e.checked(POOL, "aws-pool", news.clone()).await;
    let d = e.diff(POOL, "aws-pool", &id, &r.inputs, &again).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    let imported = e.read(POOL, "imported", &id, &None, &None).await;
    assert_eq!(value(&imported.inputs)["tags"], news["tags"]);
    assert_eq!(value(&imported.inputs)["tagsAll"], all);

    // A tag change leaves AWS's tag in place.
    let mut changed = news.clone();
    changed["name"] = value(&inputs)["name"].clone();
    changed["tags"] = json!({"app": "y"});
    let (inputs2, props2, _) = update(
        &mut e,
        POOL,
        "aws-pool",
        &id,
        (&r.inputs, &r.properties),
        changed,
    )
    .await;
    assert_eq!(
        pool_tags(&idp, &id).await,
        json!({"env": "dev", "app": "y", "aws:cloudformation:stack-name": "stack"})
    );
    assert_eq!(value(&props2)["tagsAll"], json!({"env": "dev", "app": "y"}));
    e.delete(POOL, "aws-pool", &id, &inputs2, &props2)
        .await
        .unwrap();
}

#[tokio::test]
async fn states_from_before_default_tags_show_no_change() {
    // Inputs stored by a provider that did not put tagsAll in them: tagsAll is `tags`.
    let mut e = engine("http://127.0.0.1:9", Value::Null).await;
    for (ty, name) in [(POOL, "old-pool"), (IDENTITY, "old-ids")] {
        let key = if ty == POOL {
            "name"
        } else {
            "identityPoolName"
        };
        let program = json!({key: "given", "tags": {"a": "b"}});
        let old = pb(program.clone());
        let news = e.checked(ty, name, program.clone()).await;
        assert_eq!(value(&news)["tagsAll"], json!({"a": "b"}));
        let d = e.diff(ty, name, "id", &old, &news).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: {:?}",
            d.detailed_diff
        );
        let old = pb(json!({key: "given"}));
        let news = e.checked(ty, name, json!({key: "given"})).await;
        let d = e.diff(ty, name, "id", &old, &news).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: {:?}",
            d.detailed_diff
        );
    }
    // With default tags they are a change of tagsAll.
    let mut e = engine("http://127.0.0.1:9", json!({"tags": {"env": "dev"}})).await;
    let old = pb(json!({"name": "given", "tags": {"a": "b"}}));
    let news = e
        .checked(
            POOL,
            "old-pool",
            json!({"name": "given", "tags": {"a": "b"}}),
        )
        .await;
    let d = e.diff(POOL, "old-pool", "id", &old, &news).await;
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert_eq!(d.diffs, vec!["tagsAll".to_string()]);
}

#[tokio::test]
async fn unknown_tags_or_default_tags_make_tags_all_unknown_in_preview() {
    let mut e = engine("http://127.0.0.1:9", json!({"tags": {"env": "dev"}})).await;
    let check = |e: &mut Engine, news: Value| {
        let mut c = e.client.clone();
        async move {
            c.check(rpc::CheckRequest {
                urn: urn(POOL, "pv"),
                r#type: POOL.into(),
                name: "pv".into(),
                news: wire(&pb(news)),
                random_seed: vec![1; 32],
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
        }
    };
    let r = check(&mut e, json!({"tags": UNKNOWN})).await;
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    let c = decode(&unwire(&r.inputs));
    assert!(c.unknowns.contains(&PropPath::key("tagsAll")));
    assert!(c.value.get("tagsAll").is_none());
    // A secret tag makes tagsAll secret.
    let r = check(&mut e, json!({"tags": {"k": secret(json!("v"))}})).await;
    let c = decode(&unwire(&r.inputs));
    assert!(c.secrets.contains(&PropPath::key("tagsAll")));
    assert_eq!(c.value["tagsAll"], json!({"env": "dev", "k": "v"}));
    // The preview of a create predicts the merged tagsAll.
    let r = check(&mut e, json!({"tags": {"k": "v"}})).await;
    let created = e
        .client
        .create(rpc::CreateRequest {
            urn: urn(POOL, "pv"),
            r#type: POOL.into(),
            properties: unwire(&r.inputs),
            preview: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        value(&created.properties)["tagsAll"],
        json!({"env": "dev", "k": "v"})
    );

    // Default tags that are unknown at Configure (a preview): every tagsAll is unknown.
    let e2 = Engine::unconfigured().await;
    e2.client
        .clone()
        .configure(rpc::ConfigureRequest {
            args: pb(
                json!({"region": "us-east-1", "endpoint": "http://127.0.0.1:9",
                "accessKey": "testing", "secretKey": "testing", "defaultTags": UNKNOWN}),
            ),
            accept_secrets: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let mut e2 = e2;
    let r = check(&mut e2, json!({"tags": {"k": "v"}})).await;
    let c = decode(&unwire(&r.inputs));
    assert!(c.unknowns.contains(&PropPath::key("tagsAll")));
    assert_eq!(c.value["tags"], json!({"k": "v"}));
}

/// Check rules of AWS's TagResource, on both taggable resources.
#[tokio::test]
async fn check_applies_aws_tagging_rules() {
    let mut plain = engine("http://127.0.0.1:9", Value::Null).await;
    let mut defaulted = engine(
        "http://127.0.0.1:9",
        json!({"tags": (0..30).map(|i| (format!("d{i}"), json!("v"))).collect::<serde_json::Map<_, _>>()}),
    )
    .await;
    let fifty: serde_json::Map<String, Value> =
        (0..50).map(|i| (format!("k{i}"), json!("v"))).collect();
    let mut fifty_one = fifty.clone();
    fifty_one.insert("k50".into(), json!("v"));
    let thirty: serde_json::Map<String, Value> =
        (0..30).map(|i| (format!("k{i}"), json!("v"))).collect();
    // (tags, with 30 default tags?, failing property or None, reason fragment)
    let cases: Vec<(Value, bool, Option<&str>, &str)> = vec![
        (json!(fifty), false, None, ""),
        (json!(fifty_one), false, Some("tags"), "at most 50"),
        (json!({"k": ""}), false, None, ""),
        (json!({"": "v"}), false, Some("tags[\"\"]"), "1 to 128"),
        (json!({"k".repeat(128): "v"}), false, None, ""),
        (
            json!({"k".repeat(129): "v"}),
            false,
            Some("tags"),
            "1 to 128",
        ),
        (json!({"k": "v".repeat(256)}), false, None, ""),
        (
            json!({"k": "v".repeat(257)}),
            false,
            Some("tags.k"),
            "at most 256",
        ),
        (
            json!({"aws:owner": "me"}),
            false,
            Some("tags[\"aws:owner\"]"),
            "reserved",
        ),
        (json!({"awsome": "x"}), false, None, ""),
        (json!(thirty), true, Some("tags"), "60 tags"),
        (json!({"k": "v"}), true, None, ""),
    ];
    for ty in [POOL, IDENTITY] {
        for (tags, with_defaults, property, reason) in &cases {
            let e = if *with_defaults {
                &mut defaulted
            } else {
                &mut plain
            };
            let (_, failures) = e.check(ty, "rules", json!({}), json!({"tags": tags})).await;
            match property {
                None => assert!(failures.is_empty(), "{ty} {tags}: {failures:?}"),
                Some(p) => assert!(
                    failures
                        .iter()
                        .any(|(fp, fr)| fp.starts_with(p) && fr.contains(reason)),
                    "{ty} {tags}: want {p}: {reason}, got {failures:?}"
                ),
            }
        }
    }

    // The provider's default tags follow the same rules (CheckConfig).
    let check_config = |news: Value| {
        let mut c = plain.client.clone();
        async move {
            c.check_config(rpc::CheckRequest {
                urn: "urn:pulumi:test::proj::pulumi:providers:cognito::default".into(),
                news: wire(&pb(news)),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .failures
        }
    };
    let ok =
        check_config(json!({"region": "us-east-1", "defaultTags": {"tags": {"env": "dev"}}})).await;
    assert!(ok.is_empty(), "{ok:?}");
    let bad = check_config(
        json!({"region": "us-east-1", "defaultTags": {"tags": {"aws:env": "dev", "k": "v".repeat(257)}}}),
    )
    .await;
    let props: Vec<&str> = bad.iter().map(|f| f.property.as_str()).collect();
    assert!(
        props.contains(&"defaultTags.tags[\"aws:env\"]") && props.contains(&"defaultTags.tags.k"),
        "{bad:?}"
    );
    let bad = check_config(json!({"region": "us-east-1", "defaultTags": {"tags": ["x"]}})).await;
    assert!(
        bad.iter().any(|f| f.reason.contains("defaultTags")),
        "{bad:?}"
    );
}
