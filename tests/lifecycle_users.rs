//! Users and groups (issue 20): UserGroup, User and UserInGroup. Table-driven Check tests,
//! engine-like lifecycles over gRPC against moto (create, read, in-place update, import,
//! out-of-band delete, delete of what is gone), no-drift tests, and the special cases of
//! each resource.

mod support;

use pulumi_cognito::codec::{PropPath, UNKNOWN};
use pulumi_cognito::pulumirpc::{self as rpc, diff_response::DiffChanges, property_diff::Kind};
use pulumi_cognito::resource::CheckArgs;
use pulumi_cognito::resources::Registry;
use serde_json::{json, Value};
use support::engine::{decode, pb, sdk, secret, unwire, urn, wire, Engine};
use support::moto;

const POOL: &str = "cognito:index:UserPool";
const GROUP: &str = "cognito:index:UserGroup";
const USER: &str = "cognito:index:User";
const MEMBER: &str = "cognito:index:UserInGroup";
const ROLE: &str = "arn:aws:iam::123456789012:role/platform-admin";
const PID: &str = "us-east-1_AbC123";

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// A fresh user pool (with `extra` settings) on the shared moto.
async fn pool(e: &mut Engine, name: &str, extra: Value) -> String {
    let mut news = json!({"passwordPolicy": {"minimumLength": 8}});
    news.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let inputs = e.checked(POOL, name, news).await;
    e.create(POOL, name, &inputs).await.expect("create pool").0
}

/// Check's failures for `news`, as (property, reason), straight from the registry.
fn failures(token: &str, news: Value) -> Vec<(String, String)> {
    let r = Registry::new();
    let r = r.get(token).unwrap();
    let bytes = prost::Message::encode_to_vec(&pb(news).unwrap());
    r.check(&CheckArgs::default(), &bytes)
        .unwrap()
        .failures
        .into_iter()
        .map(|f| (f.property, f.reason))
        .collect()
}

#[test]
fn check_rules_table() {
    let long = |n: usize| "x".repeat(n);
    // (token, a passing bag, a failing bag, the failing property, a word of the reason)
    let cases: Vec<(&str, Value, Value, &str, &str)> = vec![
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g"}),
            json!({"name": "g"}),
            "userPoolId",
            "required",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g"}),
            json!({"userPoolId": "pool", "name": "g"}),
            "userPoolId",
            "user pool id",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g/1,x"}),
            json!({"userPoolId": PID, "name": "two words"}),
            "name",
            "without spaces",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": long(128)}),
            json!({"userPoolId": PID, "name": long(129)}),
            "name",
            "1 to 128",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g", "description": long(2048)}),
            json!({"userPoolId": PID, "name": "g", "description": long(2049)}),
            "description",
            "2048",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g", "precedence": 0}),
            json!({"userPoolId": PID, "name": "g", "precedence": -1}),
            "precedence",
            "between 0",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g", "precedence": 2147483647}),
            json!({"userPoolId": PID, "name": "g", "precedence": 2147483648i64}),
            "precedence",
            "between 0",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g", "roleArn": ROLE}),
            json!({"userPoolId": PID, "name": "g", "roleArn": "arn:aws:s3:::bucket/role"}),
            "roleArn",
            "IAM role ARN",
        ),
        (
            GROUP,
            json!({"userPoolId": PID, "name": "g", "roleArn": "arn:aws-cn:iam::123456789012:role/path/r"}),
            json!({"userPoolId": PID, "name": "g", "roleArn": "arn:aws:iam::123:role/r"}),
            "roleArn",
            "IAM role ARN",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "alice"}),
            json!({"userPoolId": PID}),
            "username",
            "required",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "alice@example.com"}),
            json!({"userPoolId": PID, "username": "alice smith"}),
            "username",
            "without spaces",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": long(128)}),
            json!({"userPoolId": PID, "username": long(129)}),
            "username",
            "1 to 128",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a"}),
            json!({"username": "a"}),
            "userPoolId",
            "required",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "password": "Secret-123"}),
            json!({"userPoolId": PID, "username": "a", "password": "Secret-123", "temporaryPassword": "Temp-1234"}),
            "temporaryPassword",
            "conflicts with password",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "password": "abcdef"}),
            json!({"userPoolId": PID, "username": "a", "password": "abcde"}),
            "password",
            "6 to 256",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "temporaryPassword": long(256)}),
            json!({"userPoolId": PID, "username": "a", "temporaryPassword": long(257)}),
            "temporaryPassword",
            "6 to 256",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "password": "no-spaces!"}),
            json!({"userPoolId": PID, "username": "a", "password": "has spaces"}),
            "password",
            "whitespace",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "messageAction": "SUPPRESS"}),
            json!({"userPoolId": PID, "username": "a", "messageAction": "SILENT"}),
            "messageAction",
            "RESEND, SUPPRESS",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "desiredDeliveryMediums": ["EMAIL", "SMS"]}),
            json!({"userPoolId": PID, "username": "a", "desiredDeliveryMediums": ["EMAIL", "PIGEON"]}),
            "desiredDeliveryMediums[1]",
            "EMAIL, SMS",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "attributes": {"email": "a@example.com"}}),
            json!({"userPoolId": PID, "username": "a", "attributes": {"sub": "x"}}),
            "attributes[\"sub\"]",
            "cannot be set",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "attributes": {"dev:custom:tenant": "t"}}),
            json!({"userPoolId": PID, "username": "a", "attributes": {"dev:tenant": "t"}}),
            "attributes[\"dev:tenant\"]",
            "dev:custom:",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "attributes": {"custom:team": "t"}}),
            json!({"userPoolId": PID, "username": "a", "attributes": {"custom:": "t"}}),
            "attributes[\"custom:\"]",
            "custom:<name>",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "attributes": {long(25): "t"}}),
            json!({"userPoolId": PID, "username": "a", "attributes": {long(26): "t"}}),
            "attributes[\"custom:xxxxxxxxxxxxxxxxxxxxxxxxxx\"]",
            "1 to 32",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "attributes": {"custom:bio": long(2048)}}),
            json!({"userPoolId": PID, "username": "a", "attributes": {"custom:bio": long(2049)}}),
            "attributes[\"custom:bio\"]",
            "2048",
        ),
        (
            USER,
            json!({"userPoolId": PID, "username": "a", "validationData": {"code": "1"}}),
            json!({"userPoolId": PID, "username": "a", "validationData": {"my code": "1"}}),
            "validationData[\"my code\"]",
            "without spaces",
        ),
        (
            MEMBER,
            json!({"userPoolId": PID, "groupName": "g", "username": "a"}),
            json!({"userPoolId": PID, "username": "a"}),
            "groupName",
            "required",
        ),
        (
            MEMBER,
            json!({"userPoolId": PID, "groupName": "g", "username": "a"}),
            json!({"userPoolId": PID, "groupName": "g"}),
            "username",
            "required",
        ),
        (
            MEMBER,
            json!({"userPoolId": PID, "groupName": "g,1", "username": "a,b"}),
            json!({"userPoolId": PID, "groupName": "g 1", "username": "a"}),
            "groupName",
            "without spaces",
        ),
        (
            MEMBER,
            json!({"userPoolId": PID, "groupName": "g", "username": "a"}),
            json!({"groupName": "g", "username": "a"}),
            "userPoolId",
            "required",
        ),
    ];
    for (token, ok, bad, path, word) in cases {
        let f = failures(token, ok.clone());
        assert!(f.is_empty(), "{token} {ok}: expected no failure, got {f:?}");
        let f = failures(token, bad.clone());
        assert!(
            f.iter().any(|(p, r)| p == path && r.contains(word)),
            "{token} {bad}: expected a failure on {path} ({word}), got {f:?}"
        );
    }
    // A secret is never quoted in a failure.
    let f = failures(
        USER,
        json!({"userPoolId": PID, "username": "a", "password": "hunter 2"}),
    );
    assert!(f.iter().all(|(_, r)| !r.contains("hunter")), "{f:?}");
}

#[tokio::test]
async fn unknown_pool_passes_check_and_diff_replaces_on_it() {
    // A provider without AWS: Check and Diff must need none.
    let mut e = Engine::unconfigured().await;
    let olds =
        json!({"userPoolId": PID, "username": "alice", "attributes": {"email": "a@example.com"}});
    let old = e.checked(USER, "u", olds.clone()).await;
    // The pool is being replaced: its id is unknown in the preview.
    let mut news =
        pb(json!({"username": "alice", "attributes": {"email": "a@example.com"}})).unwrap();
    news.fields.insert(
        "userPoolId".into(),
        pulumi_cognito::codec::to_pb(&json!(UNKNOWN)),
    );
    let r = e
        .client
        .check(rpc::CheckRequest {
            urn: urn(USER, "u"),
            r#type: USER.into(),
            name: "u".into(),
            olds: wire(&old),
            news: wire(&Some(news)),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    let checked = unwire(&r.inputs);
    assert!(decode(&checked)
        .unknowns
        .contains(&PropPath::key("userPoolId")));
    let d = e
        .diff(USER, "u", &format!("{PID}/alice"), &old, &checked)
        .await;
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert_eq!(d.replaces, vec!["userPoolId".to_string()]);
    assert_eq!(d.detailed_diff["userPoolId"].kind(), Kind::UpdateReplace);
    // The same for a group and a membership.
    for (ty, bag) in [
        (GROUP, json!({"name": "admins"})),
        (MEMBER, json!({"groupName": "admins", "username": "alice"})),
    ] {
        let mut known = bag.clone();
        known["userPoolId"] = json!(PID);
        let old = e.checked(ty, "r", known).await;
        let mut news = pb(bag).unwrap();
        news.fields.insert(
            "userPoolId".into(),
            pulumi_cognito::codec::to_pb(&json!(UNKNOWN)),
        );
        let d = e.diff(ty, "r", "id", &old, &Some(news)).await;
        assert_eq!(d.replaces, vec!["userPoolId".to_string()], "{ty}");
    }
}

#[tokio::test]
async fn group_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "gl-pool", json!({})).await;
    // A name holding `/` (TF#35491).
    let news = json!({"userPoolId": pool_id, "name": "team/admins", "description": "Admins",
                      "precedence": 5, "roleArn": ROLE});
    let inputs = e.checked(GROUP, "gl", news.clone()).await;
    let (id, props) = e.create(GROUP, "gl", &inputs).await.unwrap();
    assert_eq!(id, format!("{pool_id}/team/admins"));
    assert_eq!(value(&props)["roleArn"], json!(ROLE));
    let g = idp
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("team/admins")
        .send()
        .await
        .unwrap();
    assert_eq!(g.group().unwrap().precedence(), Some(5));

    // Refresh: no drift.
    let r = e.read(GROUP, "gl", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(GROUP, "gl", &id, &r.inputs, &inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Description, precedence and role update in place.
    let role2 = "arn:aws:iam::123456789012:role/path/researcher";
    let mut upd = news.clone();
    upd["description"] = json!("Researchers");
    upd["precedence"] = json!(0);
    upd["roleArn"] = json!(role2);
    let upd = e.checked(GROUP, "gl", upd).await;
    let d = e.diff(GROUP, "gl", &id, &inputs, &upd).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(d.detailed_diff["roleArn"].kind(), Kind::Update);
    assert_eq!(d.detailed_diff.len(), 3);
    let props2 = e
        .update(GROUP, "gl", &id, &inputs, &props, &upd)
        .await
        .unwrap();
    assert_eq!(value(&props2)["precedence"], json!(0));
    let g = idp
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("team/admins")
        .send()
        .await
        .unwrap();
    let g = g.group().unwrap();
    assert_eq!(
        (g.description(), g.precedence(), g.role_arn()),
        (Some("Researchers"), Some(0), Some(role2))
    );

    // A rename replaces.
    let mut renamed = news.clone();
    renamed["name"] = json!("admins2");
    let renamed = e.checked(GROUP, "gl", renamed).await;
    let d = e.diff(GROUP, "gl", &id, &inputs, &renamed).await;
    assert_eq!(d.replaces, vec!["name".to_string()]);

    // Import with the id alone, split on the first `/`.
    let imported = e.read(GROUP, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["name"], json!("team/admins"));
    assert_eq!(iv["userPoolId"], json!(pool_id));
    assert_eq!(iv["roleArn"], json!(role2));
    let rechecked = e.checked(GROUP, "imp", iv).await;
    let d = e.diff(GROUP, "imp", &id, &rechecked, &upd).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Out of band delete: refresh finds it gone; delete succeeds anyway.
    idp.delete_group()
        .user_pool_id(&pool_id)
        .group_name("team/admins")
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(GROUP, "gl", &id, &upd, &props2).await.id, "");
    e.delete(GROUP, "gl", &id, &upd, &props2).await.unwrap();
}

#[tokio::test]
async fn group_whose_pool_is_gone_reads_as_gone() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "gone-pool", json!({})).await;
    let g = e
        .checked(GROUP, "g", json!({"userPoolId": pool_id, "name": "g"}))
        .await;
    let (gid, gprops) = e.create(GROUP, "g", &g).await.unwrap();
    let u = e
        .checked(USER, "u", json!({"userPoolId": pool_id, "username": "u1"}))
        .await;
    let (uid, uprops) = e.create(USER, "u", &u).await.unwrap();
    let mi = e
        .checked(
            MEMBER,
            "m",
            json!({"userPoolId": pool_id, "groupName": "g", "username": "u1"}),
        )
        .await;
    let (mid, mprops) = e.create(MEMBER, "m", &mi).await.unwrap();
    idp.delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    for (ty, id, i, p) in [
        (GROUP, &gid, &g, &gprops),
        (USER, &uid, &u, &uprops),
        (MEMBER, &mid, &mi, &mprops),
    ] {
        assert_eq!(e.read(ty, "x", id, i, p).await.id, "", "{ty}");
        e.delete(ty, "x", id, i, p)
            .await
            .unwrap_or_else(|s| panic!("{ty}: {s}"));
    }
}

#[tokio::test]
async fn federated_group_is_cognitos_and_never_drifts() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "fed-pool", json!({})).await;
    let name = format!("{pool_id}_Google");
    // What Cognito does on a Google user's first sign-in.
    idp.create_group()
        .user_pool_id(&pool_id)
        .group_name(&name)
        .description("Autogenerated group for users who sign in using Google")
        .send()
        .await
        .unwrap();
    let news = json!({"userPoolId": pool_id, "name": name, "roleArn": ROLE, "precedence": 3});
    let inputs = e.checked(GROUP, "fed", news.clone()).await;
    let err = e.create(GROUP, "fed", &inputs).await.unwrap_err();
    assert!(
        err.message().contains("federated") && err.message().contains("pulumi import"),
        "{}",
        err.message()
    );
    // Imported, then managed for its role and precedence only.
    let id = format!("{pool_id}/{name}");
    let imported = e.read(GROUP, "fed", &id, &None, &None).await;
    assert_eq!(
        value(&imported.inputs)["description"],
        json!("Autogenerated group for users who sign in using Google")
    );
    let props = e
        .update(
            GROUP,
            "fed",
            &id,
            &imported.inputs,
            &imported.properties,
            &inputs,
        )
        .await
        .unwrap();
    // Cognito's description stays on the group but is no drift of the program's inputs.
    let r = e.read(GROUP, "fed", &id, &inputs, &props).await;
    let d = e.diff(GROUP, "fed", &id, &r.inputs, &inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    assert_eq!(value(&r.inputs)["roleArn"], json!(ROLE));
}

#[tokio::test]
async fn user_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "ul-pool", json!({})).await;
    // A plain (unmarked) password, a disabled user, bare and prefixed custom attributes.
    let news = json!({"userPoolId": pool_id, "username": "svc/ci-bot", "enabled": false,
        "password": "Correct-Horse-9", "messageAction": "SUPPRESS",
        "clientMetadata": {"source": "pulumi"}, "forceAliasCreation": false,
        "desiredDeliveryMediums": ["EMAIL"], "validationData": {"code": "1"},
        "attributes": {"email": "ci@example.com", "email_verified": "True", "team": "platform",
                       "custom:tier": "gold", "dev:custom:tenant": "t1"}});
    let inputs = e.checked(USER, "ul", news.clone()).await;
    let checked = decode(&inputs);
    assert!(
        checked.secrets.contains(&PropPath::key("password")),
        "an unmarked password is made secret by Check"
    );
    assert_eq!(
        checked.value["attributes"],
        json!({"email": "ci@example.com", "email_verified": "true", "custom:team": "platform",
               "custom:tier": "gold", "dev:custom:tenant": "t1"})
    );
    let (id, props) = e.create(USER, "ul", &inputs).await.unwrap();
    assert_eq!(id, format!("{pool_id}/svc/ci-bot"));
    let out = decode(&props);
    assert!(out.secrets.contains(&PropPath::key("password")));
    assert_eq!(out.value["password"], json!("Correct-Horse-9"));
    assert_eq!(out.value["status"], json!("CONFIRMED"));
    assert_eq!(out.value["enabled"], json!(false));
    assert!(!out.value["sub"].as_str().unwrap().is_empty());
    assert!(out.value["creationDate"]
        .as_str()
        .unwrap()
        .starts_with("20"));
    assert!(out.value["attributes"].get("sub").is_none());
    let u = idp
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("svc/ci-bot")
        .send()
        .await
        .unwrap();
    assert!(!u.enabled(), "disabled right after create");
    let names: Vec<&str> = u.user_attributes().iter().map(|a| a.name()).collect();
    assert!(
        names.contains(&"custom:team") && names.contains(&"dev:custom:tenant"),
        "{names:?}"
    );
    // The password works.
    assert_eq!(u.user_status().unwrap().as_str(), "CONFIRMED");

    // Refresh: no drift, write-only inputs kept, password still secret.
    let r = e.read(USER, "ul", &id, &inputs, &props).await;
    let ri = decode(&r.inputs);
    assert_eq!(ri.value["clientMetadata"], json!({"source": "pulumi"}));
    assert!(ri.secrets.contains(&PropPath::key("password")));
    let d = e.diff(USER, "ul", &id, &r.inputs, &inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // In place: attributes changed, added and removed; enabled; a new password.
    let mut upd = news.clone();
    upd["enabled"] = json!(true);
    upd["password"] = json!("Another-Horse-7");
    upd["attributes"] = json!({"email": "ci@example.com", "email_verified": "true",
        "custom:team": "research", "given_name": "CI"});
    let upd = e.checked(USER, "ul", upd).await;
    let d = e.diff(USER, "ul", &id, &inputs, &upd).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(
        d.detailed_diff["attributes[\"custom:team\"]"].kind(),
        Kind::Update
    );
    let props2 = e
        .update(USER, "ul", &id, &inputs, &props, &upd)
        .await
        .unwrap();
    let u = idp
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("svc/ci-bot")
        .send()
        .await
        .unwrap();
    assert!(u.enabled());
    let attrs: std::collections::BTreeMap<&str, &str> = u
        .user_attributes()
        .iter()
        .map(|a| (a.name(), a.value().unwrap_or_default()))
        .collect();
    assert_eq!(attrs.get("custom:team"), Some(&"research"));
    assert_eq!(attrs.get("given_name"), Some(&"CI"));
    assert!(!attrs.contains_key("custom:tier") && !attrs.contains_key("dev:custom:tenant"));
    let r = e.read(USER, "ul", &id, &upd, &props2).await;
    let d = e.diff(USER, "ul", &id, &r.inputs, &upd).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Clearing the password changes nothing in Cognito (and is an update, not a replace).
    let mut cleared = value(&upd);
    cleared.as_object_mut().unwrap().remove("password");
    let cleared = e.checked(USER, "ul", cleared).await;
    let d = e.diff(USER, "ul", &id, &upd, &cleared).await;
    assert_eq!(d.detailed_diff["password"].kind(), Kind::Delete);
    assert!(d.replaces.is_empty());
    let props3 = e
        .update(USER, "ul", &id, &upd, &props2, &cleared)
        .await
        .unwrap();
    assert!(value(&props3).get("password").is_none());

    // A new username replaces.
    let mut renamed = value(&cleared);
    renamed["username"] = json!("other");
    let renamed = e.checked(USER, "ul", renamed).await;
    let d = e.diff(USER, "ul", &id, &cleared, &renamed).await;
    assert_eq!(d.replaces, vec!["username".to_string()]);

    // Import by poolId/username: AWS's attributes, no secret, no write-only input.
    let imported = e.read(USER, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["username"], json!("svc/ci-bot"));
    assert_eq!(iv["enabled"], json!(true));
    assert_eq!(iv["attributes"]["custom:team"], json!("research"));
    assert!(iv.get("password").is_none() && iv.get("clientMetadata").is_none());
    assert!(iv["attributes"].get("sub").is_none());
    let rechecked = e.checked(USER, "imp", iv).await;
    let mut program = value(&cleared);
    for k in [
        "clientMetadata",
        "desiredDeliveryMediums",
        "forceAliasCreation",
        "messageAction",
        "validationData",
    ] {
        program.as_object_mut().unwrap().remove(k);
    }
    let program = e.checked(USER, "imp", program).await;
    let d = e.diff(USER, "imp", &id, &rechecked, &program).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Out of band delete; then delete of the deleted user succeeds.
    idp.admin_delete_user()
        .user_pool_id(&pool_id)
        .username("svc/ci-bot")
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(USER, "ul", &id, &cleared, &props3).await.id, "");
    e.delete(USER, "ul", &id, &cleared, &props3).await.unwrap();
}

#[tokio::test]
async fn temporary_password_and_secret_marking() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "tp-pool", json!({})).await;
    let news = json!({"userPoolId": pool_id, "username": "temp",
                      "temporaryPassword": secret(json!("Temp-Pass-1"))});
    let inputs = e.checked(USER, "tp", news).await;
    let (id, props) = e.create(USER, "tp", &inputs).await.unwrap();
    let out = decode(&props);
    assert!(out.secrets.contains(&PropPath::key("temporaryPassword")));
    assert_eq!(out.value["status"], json!("FORCE_CHANGE_PASSWORD"));
    // A new temporary password is set in place (Permanent=false keeps the user forced to
    // change it).
    let upd = e
        .checked(
            USER,
            "tp",
            json!({"userPoolId": pool_id, "username": "temp", "temporaryPassword": "Temp-Pass-2"}),
        )
        .await;
    let props2 = e
        .update(USER, "tp", &id, &inputs, &props, &upd)
        .await
        .unwrap();
    assert_eq!(value(&props2)["status"], json!("FORCE_CHANGE_PASSWORD"));
    assert!(decode(&props2)
        .secrets
        .contains(&PropPath::key("temporaryPassword")));
    // Switching to a permanent password confirms the user.
    let perm = e
        .checked(
            USER,
            "tp",
            json!({"userPoolId": pool_id, "username": "temp", "password": "Perm-Pass-1"}),
        )
        .await;
    let props3 = e
        .update(USER, "tp", &id, &upd, &props2, &perm)
        .await
        .unwrap();
    assert_eq!(value(&props3)["status"], json!("CONFIRMED"));
    let u = idp
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("temp")
        .send()
        .await
        .unwrap();
    assert_eq!(u.user_status().unwrap().as_str(), "CONFIRMED");
    e.delete(USER, "tp", &id, &perm, &props3).await.unwrap();
    e.delete(USER, "tp", &id, &perm, &props3)
        .await
        .expect("deleting a deleted user succeeds");
}

#[tokio::test]
async fn email_username_pool_keeps_the_given_username_and_exposes_sub() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "em-pool", json!({"usernameAttributes": ["email"]})).await;
    let news = json!({"userPoolId": pool_id, "username": "alice@example.com",
                      "messageAction": "SUPPRESS", "attributes": {"given_name": "Alice"}});
    let inputs = e.checked(USER, "em", news.clone()).await;
    let (id, props) = e.create(USER, "em", &inputs).await.unwrap();
    assert_eq!(id, format!("{pool_id}/alice@example.com"));
    let out = value(&props);
    assert_eq!(out["username"], json!("alice@example.com"));
    let sub = out["sub"].as_str().unwrap().to_string();
    assert_eq!(sub.len(), 36, "{sub}");
    // The `email` attribute AWS adds is no drift; the user reads back by the email.
    let r = e.read(USER, "em", &id, &inputs, &props).await;
    assert_eq!(value(&r.properties)["sub"], json!(sub));
    let d = e.diff(USER, "em", &id, &r.inputs, &inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    // Updates go through by the email too.
    let mut upd = news.clone();
    upd["enabled"] = json!(false);
    let upd = e.checked(USER, "em", upd).await;
    let props2 = e
        .update(USER, "em", &id, &inputs, &props, &upd)
        .await
        .unwrap();
    assert_eq!(value(&props2)["enabled"], json!(false));
    // A membership by the email works as well.
    let g = e
        .checked(
            GROUP,
            "emg",
            json!({"userPoolId": pool_id, "name": "readers"}),
        )
        .await;
    e.create(GROUP, "emg", &g).await.unwrap();
    let mi = e
        .checked(
            MEMBER,
            "emm",
            json!({"userPoolId": pool_id, "groupName": "readers", "username": "alice@example.com"}),
        )
        .await;
    let (mid, mprops) = e.create(MEMBER, "emm", &mi).await.unwrap();
    assert_eq!(e.read(MEMBER, "emm", &mid, &mi, &mprops).await.id, mid);
}

#[tokio::test]
async fn membership_lifecycle_and_import_with_commas() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "mg-pool", json!({})).await;
    // Names with `,` in both the group and the user.
    for (ty, name, bag) in [
        (GROUP, "g", json!({"userPoolId": pool_id, "name": "a,b"})),
        (USER, "u", json!({"userPoolId": pool_id, "username": "c,d"})),
        (GROUP, "g2", json!({"userPoolId": pool_id, "name": "a"})),
    ] {
        let i = e.checked(ty, name, bag).await;
        e.create(ty, name, &i).await.unwrap();
    }
    let news = json!({"userPoolId": pool_id, "groupName": "a,b", "username": "c,d"});
    let inputs = e.checked(MEMBER, "m", news.clone()).await;
    let (id, props) = e.create(MEMBER, "m", &inputs).await.unwrap();
    assert_eq!(id, format!("{pool_id},a,b,c,d"));
    let listed = idp
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("c,d")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.groups()[0].group_name(), Some("a,b"));
    let r = e.read(MEMBER, "m", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(MEMBER, "m", &id, &r.inputs, &inputs).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone);
    // Every property replaces.
    for (k, v) in [("groupName", "a"), ("username", "x"), ("userPoolId", PID)] {
        let mut other = news.clone();
        other[k] = json!(v);
        let other = e.checked(MEMBER, "m", other).await;
        let d = e.diff(MEMBER, "m", &id, &inputs, &other).await;
        assert_eq!(d.replaces, vec![k.to_string()]);
    }
    // Import: the reading that names a membership wins ("a" is a group too, but c,d is not
    // in it, and there is no user "b,c,d").
    let imported = e.read(MEMBER, "imp", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(
        (&iv["groupName"], &iv["username"], &iv["userPoolId"]),
        (&json!("a,b"), &json!("c,d"), &json!(pool_id))
    );
    // A membership removed out of band reads as gone; deleting it succeeds.
    idp.admin_remove_user_from_group()
        .user_pool_id(&pool_id)
        .group_name("a,b")
        .username("c,d")
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(MEMBER, "m", &id, &inputs, &props).await.id, "");
    e.delete(MEMBER, "m", &id, &inputs, &props).await.unwrap();
    // So does deleting one whose user, or group, is gone.
    let (id, props) = e.create(MEMBER, "m", &inputs).await.unwrap();
    idp.delete_group()
        .user_pool_id(&pool_id)
        .group_name("a,b")
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(MEMBER, "m", &id, &inputs, &props).await.id, "");
    e.delete(MEMBER, "m", &id, &inputs, &props).await.unwrap();
    idp.admin_delete_user()
        .user_pool_id(&pool_id)
        .username("c,d")
        .send()
        .await
        .unwrap();
    e.delete(MEMBER, "m", &id, &inputs, &props).await.unwrap();
    // An id that is no membership id is an error, not a silent miss.
    let r = e
        .client
        .read(rpc::ReadRequest {
            id: "no-commas".into(),
            urn: urn(MEMBER, "bad"),
            r#type: MEMBER.into(),
            ..Default::default()
        })
        .await;
    assert!(r
        .unwrap_err()
        .message()
        .contains("<userPoolId>,<groupName>,<username>"));
}

#[tokio::test]
async fn rich_users_and_groups_have_no_drift() {
    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(
        &mut e,
        "rich-users-pool",
        json!({"schemas": [{"name": "team", "attributeDataType": "String", "mutable": true,
            "stringAttributeConstraints": {"minLength": "1", "maxLength": "64"}}]}),
    )
    .await;
    let group = json!({"userPoolId": pool_id, "name": "researchers", "description": "ML researchers",
                       "precedence": 10, "roleArn": ROLE});
    let user = json!({"userPoolId": pool_id, "username": "breakglass", "enabled": true,
        "password": "Break-Glass-42", "messageAction": "SUPPRESS", "forceAliasCreation": false,
        "desiredDeliveryMediums": ["EMAIL"], "clientMetadata": {"reason": "bootstrap"},
        "validationData": {"ticket": "OPS-1"},
        "attributes": {"email": "ops@example.com", "email_verified": "true", "name": "Break Glass",
                       "phone_number": "+15555550100", "team": "ops", "dev:custom:tier": "root"}});
    let member =
        json!({"userPoolId": pool_id, "groupName": "researchers", "username": "breakglass"});
    for (ty, name, news) in [
        (GROUP, "rg", group),
        (USER, "ru", user),
        (MEMBER, "rm", member),
    ] {
        let inputs = e.checked(ty, name, news.clone()).await;
        let (id, props) = e.create(ty, name, &inputs).await.unwrap();
        // Refresh right after create: no drift.
        let r = e.read(ty, name, &id, &inputs, &props).await;
        assert_eq!(r.id, id);
        let d = e.diff(ty, name, &id, &r.inputs, &inputs).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: refresh drift {:?}",
            d.detailed_diff
        );
        // The read-back state, fed to Diff as the engine's old inputs after a refresh, and
        // the program's inputs checked again: still nothing.
        let again = e.checked(ty, name, news).await;
        let d = e.diff(ty, name, &id, &r.inputs, &again).await;
        assert_eq!(
            d.changes(),
            DiffChanges::DiffNone,
            "{ty}: {:?}",
            d.detailed_diff
        );
        // Outputs hold no AWS-added attribute under `attributes` keys of the program.
        if ty == USER {
            let out = value(&props);
            assert!(out["attributes"].get("sub").is_none());
            assert_eq!(out["attributes"]["custom:team"], json!("ops"));
        }
    }
}
