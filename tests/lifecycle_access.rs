//! AWS access through an identity pool (issue 20): IdentityPoolRoleAttachment and
//! IdentityPoolProviderPrincipalTag, both settings on an identity pool
//! (`src/resources/settings.rs`). Table-driven Check rules (a passing and a failing case per
//! rule), then engine-like lifecycles over gRPC against the local Cognito
//! (`localcognito/`, which has the identity pool calls moto lacks): create, refresh without
//! drift, in-place update, import, a second attachment refused, out-of-band changes and
//! deletes, and an identity that gets AWS credentials through the attachment.

mod support;

use aws_sdk_cognitoidentity::types::CognitoIdentityProvider;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, MessageActionType,
};
use pulumi_cognito::codec::{PropPath, UNKNOWN};
use pulumi_cognito::pulumirpc::{diff_response::DiffChanges, property_diff::Kind};
use serde_json::{json, Value};
use std::collections::HashMap;
use support::engine::{decode, sdk, Engine};
use support::moto;

const ROLES: &str = "cognito:index:IdentityPoolRoleAttachment";
const TAGS: &str = "cognito:index:IdentityPoolProviderPrincipalTag";
const POOL: &str = "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d";
const CLIENT_KEY: &str = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:client42";
const OIDC: &str = "arn:aws:iam::123456789012:oidc-provider/id.example.com";

fn arn(name: &str) -> String {
    format!("arn:aws:iam::123456789012:role/{name}")
}

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// A valid attachment: both roles and a Rules mapping on the user's groups.
fn attachment(pool: &str, provider: &str) -> Value {
    json!({
        "identityPoolId": pool,
        "roles": {"authenticated": arn("users"), "unauthenticated": arn("guests")},
        "roleMappings": [{
            "identityProvider": provider, "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
            "mappingRules": [
                {"claim": "cognito:groups", "matchType": "Contains", "value": "admins", "roleArn": arn("admins")},
                {"claim": "cognito:groups", "matchType": "Contains", "value": "researchers", "roleArn": arn("researchers")},
            ],
        }],
    })
}

/// Sets `v` at a JSON pointer, creating nothing.
fn with(mut v: Value, pointer: &str, to: Value) -> Value {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = to;
    v
}

/// Removes the key at a JSON pointer.
fn without(mut v: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove(key);
    v
}

/// Checks `news` as `ty`; asserts it fails on `path` (with `reason` in the message) or,
/// for `None`, passes.
async fn expect(e: &mut Engine, ty: &str, news: Value, want: Option<(&str, &str)>) {
    let (_, failures) = e.check(ty, "t", json!({}), news.clone()).await;
    match want {
        None => assert!(failures.is_empty(), "{news}: {failures:?}"),
        Some((path, reason)) => assert!(
            failures
                .iter()
                .any(|(p, r)| p == path && r.contains(reason)),
            "{news}: expected a failure on {path} ({reason}), got {failures:?}"
        ),
    }
}

#[tokio::test]
async fn role_attachment_check_rules() {
    let mut e = Engine::unconfigured().await;
    let ok = attachment(POOL, CLIENT_KEY);
    let token = json!({"identityProvider": "accounts.google.com", "type": "Token", "ambiguousRoleResolution": "Deny"});
    let many_rules: Vec<Value> = (0..26)
        .map(|n| json!({"claim": "c", "matchType": "Equals", "value": n.to_string(), "roleArn": arn("r")}))
        .collect();
    let many_mappings: Vec<Value> = (0..11)
        .map(|n| json!({"identityProvider": format!("p{n}.example.com"), "type": "Token", "ambiguousRoleResolution": "Deny"}))
        .collect();
    let m = "/roleMappings/0";
    let r = "/roleMappings/0/mappingRules/0";
    let cases: Vec<(Value, Option<(&str, &str)>)> = vec![
        // identityPoolId: required, AWS's pattern, in the resource's region.
        (ok.clone(), None),
        (
            without(ok.clone(), "/identityPoolId"),
            Some(("identityPoolId", "is required")),
        ),
        (
            with(ok.clone(), "/identityPoolId", json!("us-east-1_AbC")),
            Some(("identityPoolId", "[\\w-]+:[0-9a-f-]+")),
        ),
        (
            with(
                ok.clone(),
                "/identityPoolId",
                json!(format!("us-east-1:{}", "a".repeat(50))),
            ),
            Some(("identityPoolId", "55")),
        ),
        (
            with(ok.clone(), "/identityPoolId", json!("us-east-1:ABC")),
            Some(("identityPoolId", "identity pool id")),
        ),
        (
            json!({"region": "us-east-1", "identityPoolId": POOL, "roles": {"authenticated": arn("a")}}),
            None,
        ),
        (
            json!({"region": "eu-west-1", "identityPoolId": POOL, "roles": {"authenticated": arn("a")}}),
            Some(("identityPoolId", "region")),
        ),
        // roles: the two kinds, each an IAM role ARN; roles or mappings.
        (
            json!({"identityPoolId": POOL, "roles": {"unauthenticated": arn("guests")}}),
            None,
        ),
        (
            with(ok.clone(), "/roles", json!({"admin": arn("a")})),
            Some(("roles", "authenticated or unauthenticated")),
        ),
        (
            with(
                ok.clone(),
                "/roles/authenticated",
                json!("arn:aws:s3:::bucket-name-long"),
            ),
            Some(("roles.authenticated", "IAM role ARN")),
        ),
        (
            with(
                ok.clone(),
                "/roles/authenticated",
                json!("arn:aws:iam::1:role"),
            ),
            Some(("roles.authenticated", "20 to 2048")),
        ),
        (with(ok.clone(), "/roles", json!({})), None),
        (
            json!({"identityPoolId": POOL, "roles": {}}),
            Some(("roles", "sets nothing")),
        ),
        (
            json!({"identityPoolId": POOL}),
            Some(("roles", "sets nothing")),
        ),
        // roleMappings: at most 10, one per provider.
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": many_mappings[..10]}),
            None,
        ),
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": many_mappings}),
            Some(("roleMappings", "at most 10")),
        ),
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": [token.clone(), with(token.clone(), "/type", json!("Token"))]}),
            Some(("roleMappings[1].identityProvider", "duplicate")),
        ),
        // identityProvider: required, 1 to 128, a user pool client in full.
        (
            with(ok.clone(), &format!("{m}/identityProvider"), json!(OIDC)),
            None,
        ),
        (
            without(ok.clone(), &format!("{m}/identityProvider")),
            Some(("roleMappings[0].identityProvider", "is required")),
        ),
        (
            with(
                ok.clone(),
                &format!("{m}/identityProvider"),
                json!("x".repeat(129)),
            ),
            Some(("roleMappings[0].identityProvider", "1 to 128")),
        ),
        (
            with(
                ok.clone(),
                &format!("{m}/identityProvider"),
                json!("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"),
            ),
            Some((
                "roleMappings[0].identityProvider",
                "cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId>",
            )),
        ),
        // type: Token or Rules.
        (
            without(ok.clone(), &format!("{m}/type")),
            Some(("roleMappings[0].type", "is required")),
        ),
        (
            with(ok.clone(), &format!("{m}/type"), json!("Groups")),
            Some(("roleMappings[0].type", "Token, Rules")),
        ),
        // ambiguousRoleResolution: required with either type, AuthenticatedRole or Deny.
        (
            with(
                ok.clone(),
                &format!("{m}/ambiguousRoleResolution"),
                json!("Deny"),
            ),
            None,
        ),
        (
            without(ok.clone(), &format!("{m}/ambiguousRoleResolution")),
            Some(("roleMappings[0].ambiguousRoleResolution", "is required")),
        ),
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": [without(token.clone(), "/ambiguousRoleResolution")]}),
            Some(("roleMappings[0].ambiguousRoleResolution", "is required")),
        ),
        (
            with(
                ok.clone(),
                &format!("{m}/ambiguousRoleResolution"),
                json!("Allow"),
            ),
            Some((
                "roleMappings[0].ambiguousRoleResolution",
                "AuthenticatedRole, Deny",
            )),
        ),
        // A Token mapping takes no rules; a Rules mapping needs 1 to 25.
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": [token.clone()]}),
            None,
        ),
        (
            with(ok.clone(), &format!("{m}/type"), json!("Token")),
            Some((
                "roleMappings[0].mappingRules",
                "must be empty for a Token mapping",
            )),
        ),
        (
            without(ok.clone(), &format!("{m}/mappingRules")),
            Some(("roleMappings[0].mappingRules", "at least one rule")),
        ),
        (
            with(ok.clone(), &format!("{m}/mappingRules"), json!([])),
            Some(("roleMappings[0].mappingRules", "at least one rule")),
        ),
        (
            with(
                ok.clone(),
                &format!("{m}/mappingRules"),
                json!(many_rules[..25]),
            ),
            None,
        ),
        (
            with(ok.clone(), &format!("{m}/mappingRules"), json!(many_rules)),
            Some(("roleMappings[0].mappingRules", "at most 25")),
        ),
        // Rules: claim, matchType, value, roleArn.
        (
            with(ok.clone(), &format!("{r}/claim"), json!("custom:ロール")),
            None,
        ),
        (
            without(ok.clone(), &format!("{r}/claim")),
            Some(("roleMappings[0].mappingRules[0].claim", "is required")),
        ),
        (
            with(ok.clone(), &format!("{r}/claim"), json!("c".repeat(65))),
            Some(("roleMappings[0].mappingRules[0].claim", "1 to 64")),
        ),
        (
            with(ok.clone(), &format!("{r}/claim"), json!("is admin")),
            Some(("roleMappings[0].mappingRules[0].claim", "without spaces")),
        ),
        (
            with(ok.clone(), &format!("{r}/matchType"), json!("NotEqual")),
            None,
        ),
        (
            without(ok.clone(), &format!("{r}/matchType")),
            Some(("roleMappings[0].mappingRules[0].matchType", "is required")),
        ),
        (
            with(ok.clone(), &format!("{r}/matchType"), json!("Regex")),
            Some((
                "roleMappings[0].mappingRules[0].matchType",
                "Equals, Contains, StartsWith, NotEqual",
            )),
        ),
        (
            without(ok.clone(), &format!("{r}/value")),
            Some(("roleMappings[0].mappingRules[0].value", "is required")),
        ),
        (
            with(ok.clone(), &format!("{r}/value"), json!("v".repeat(129))),
            Some(("roleMappings[0].mappingRules[0].value", "1 to 128")),
        ),
        (
            without(ok.clone(), &format!("{r}/roleArn")),
            Some(("roleMappings[0].mappingRules[0].roleArn", "is required")),
        ),
        (
            with(
                ok.clone(),
                &format!("{r}/roleArn"),
                json!("arn:aws:iam::123456789012:user/someone"),
            ),
            Some(("roleMappings[0].mappingRules[0].roleArn", "IAM role ARN")),
        ),
        (
            with(
                ok.clone(),
                &format!("{r}/roleArn"),
                json!("arn:aws-cn:iam::123456789012:role/service-role/path/x"),
            ),
            None,
        ),
        // Values unknown in preview (a role or a pool created in the same stack) pass.
        (
            with(
                with(ok.clone(), &format!("{r}/roleArn"), json!(UNKNOWN)),
                "/identityPoolId",
                json!(UNKNOWN),
            ),
            None,
        ),
        (
            with(ok.clone(), "/roles/authenticated", json!(UNKNOWN)),
            None,
        ),
        (
            json!({"identityPoolId": POOL, "roles": {}, "roleMappings": UNKNOWN}),
            None,
        ),
    ];
    for (news, want) in cases {
        expect(&mut e, ROLES, news, want).await;
    }
}

#[tokio::test]
async fn principal_tag_check_rules() {
    let mut e = Engine::unconfigured().await;
    let ok = json!({"identityPoolId": POOL, "identityProviderName": OIDC, "useDefaults": false,
                    "principalTags": {"team": "custom:team", "user": "sub"}});
    let tags = |n: usize| -> Value {
        Value::Object((0..n).map(|i| (format!("t{i}"), json!("sub"))).collect())
    };
    let cases: Vec<(Value, Option<(&str, &str)>)> = vec![
        (ok.clone(), None),
        (
            json!({"identityPoolId": POOL, "identityProviderName": "accounts.google.com"}),
            None,
        ),
        (
            without(ok.clone(), "/identityPoolId"),
            Some(("identityPoolId", "is required")),
        ),
        (
            with(ok.clone(), "/identityPoolId", json!("nope")),
            Some(("identityPoolId", "identity pool id")),
        ),
        (
            json!({"identityPoolId": POOL, "identityProviderName": OIDC, "region": "eu-west-1"}),
            Some(("identityPoolId", "region")),
        ),
        (
            without(ok.clone(), "/identityProviderName"),
            Some(("identityProviderName", "is required")),
        ),
        (
            with(ok.clone(), "/identityProviderName", json!("p".repeat(129))),
            Some(("identityProviderName", "1 to 128")),
        ),
        (with(ok.clone(), "/principalTags", tags(50)), None),
        (
            with(ok.clone(), "/principalTags", tags(51)),
            Some(("principalTags", "at most 50")),
        ),
        (
            with(ok.clone(), "/principalTags", json!({"": "sub"})),
            Some(("principalTags", "1 to 128")),
        ),
        (
            with(
                ok.clone(),
                "/principalTags",
                json!({"k".repeat(129): "sub"}),
            ),
            Some(("principalTags", "1 to 128")),
        ),
        (
            with(ok.clone(), "/principalTags/team", json!("")),
            Some(("principalTags[\"team\"]", "1 to 256")),
        ),
        (
            with(ok.clone(), "/principalTags/team", json!("c".repeat(257))),
            Some(("principalTags[\"team\"]", "1 to 256")),
        ),
        (
            with(
                with(ok.clone(), "/identityPoolId", json!(UNKNOWN)),
                "/identityProviderName",
                json!(UNKNOWN),
            ),
            None,
        ),
    ];
    for (news, want) in cases {
        expect(&mut e, TAGS, news, want).await;
    }
}

/// Mappings pair up by provider (order is no change), rules keep their order, and preview
/// keeps values unknown where the program has them.
#[tokio::test]
async fn role_mappings_diff_by_provider_and_rules_by_order() {
    let mut e = Engine::unconfigured().await;
    let base = attachment(POOL, CLIENT_KEY);
    let token = json!({"identityProvider": "accounts.google.com", "type": "Token", "ambiguousRoleResolution": "Deny"});
    let two = with(
        base.clone(),
        "/roleMappings",
        json!([base["roleMappings"][0].clone(), token.clone()]),
    );
    let swapped = with(
        base.clone(),
        "/roleMappings",
        json!([token.clone(), base["roleMappings"][0].clone()]),
    );
    let old = e.checked(ROLES, "d", two).await;
    let new = e.checked(ROLES, "d", swapped.clone()).await;
    let d = e.diff(ROLES, "d", POOL, &old, &new).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    let mut rules = swapped.clone();
    let r = rules["roleMappings"][1]["mappingRules"]
        .as_array_mut()
        .unwrap();
    r.reverse();
    let reordered = e.checked(ROLES, "d", rules).await;
    let d = e.diff(ROLES, "d", POOL, &old, &reordered).await;
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(
        d.detailed_diff["roleMappings[1].mappingRules[0].value"].kind(),
        Kind::Update
    );

    // A role changes in place; another pool replaces.
    let role = e
        .checked(
            ROLES,
            "d",
            with(
                swapped.clone(),
                "/roles/authenticated",
                json!(arn("users-v2")),
            ),
        )
        .await;
    let d = e.diff(ROLES, "d", POOL, &new, &role).await;
    assert_eq!(d.diffs, vec!["roles".to_string()]);
    assert!(d.replaces.is_empty());
    let other = e
        .checked(
            ROLES,
            "d",
            with(
                swapped.clone(),
                "/identityPoolId",
                json!("us-east-1:0b9c1a3e-0000-4a3b-9c2d-1e2f3a4b5c6d"),
            ),
        )
        .await;
    let d = e.diff(ROLES, "d", POOL, &new, &other).await;
    assert_eq!(d.replaces, vec!["identityPoolId".to_string()]);

    // Preview: a role unknown in one rule (a role created in the same stack) leaves the
    // mappings unknown as a whole (the codec's rule for lists), not a reason to fail Check;
    // the known roles stay known.
    let news = json!({"identityPoolId": UNKNOWN, "roles": {"authenticated": arn("users")}, "roleMappings": [
        {"identityProvider": "z.example.com", "type": "Rules", "ambiguousRoleResolution": "Deny",
         "mappingRules": [{"claim": "c", "matchType": "Equals", "value": "v", "roleArn": arn("known")}]},
        {"identityProvider": "a.example.com", "type": "Rules", "ambiguousRoleResolution": "Deny",
         "mappingRules": [{"claim": "c", "matchType": "Equals", "value": "v", "roleArn": UNKNOWN}]},
    ]});
    let checked = e.checked(ROLES, "pv", news).await;
    let created = e
        .client
        .create(pulumi_cognito::pulumirpc::CreateRequest {
            urn: support::engine::urn(ROLES, "pv"),
            r#type: ROLES.into(),
            properties: checked.clone(),
            preview: true,
            ..Default::default()
        })
        .await
        .expect("preview makes no AWS call")
        .into_inner();
    let out = decode(&created.properties);
    for k in ["identityPoolId", "roleMappings"] {
        assert!(
            out.unknowns.contains(&PropPath::key(k)),
            "{k}: {:?}",
            out.unknowns
        );
    }
    assert_eq!(out.value["roles"], json!({"authenticated": arn("users")}));
}

/// A user pool, a client that signs users in with a password, and an identity pool that
/// federates the client (and Google, and an OIDC provider).
struct Parents {
    user_pool: String,
    client: String,
    /// The user pool's `endpoint`: `cognito-idp.<region>.amazonaws.com/<poolId>`.
    endpoint: String,
    identity_pool: String,
}

impl Parents {
    /// The role mapping key of the client: `<endpoint>:<clientId>`.
    fn provider(&self) -> String {
        format!("{}:{}", self.endpoint, self.client)
    }
}

async fn parents(endpoint: &str, name: &str) -> Parents {
    let (idp, identity) = sdk(endpoint).await;
    let pool = idp.create_user_pool().pool_name(name).send().await.unwrap();
    let user_pool = pool.user_pool().unwrap().id().unwrap().to_string();
    let client = idp
        .create_user_pool_client()
        .user_pool_id(&user_pool)
        .client_name(name)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap();
    let client = client
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let endpoint = format!("cognito-idp.us-east-1.amazonaws.com/{user_pool}");
    let ids = identity
        .create_identity_pool()
        .identity_pool_name(name.replace('-', "_"))
        .allow_unauthenticated_identities(false)
        .cognito_identity_providers(
            CognitoIdentityProvider::builder()
                .provider_name(&endpoint)
                .client_id(&client)
                .build(),
        )
        .supported_login_providers("accounts.google.com", "123.apps.example")
        .open_id_connect_provider_arns(OIDC)
        .send()
        .await
        .unwrap();
    Parents {
        user_pool,
        client,
        endpoint,
        identity_pool: ids.identity_pool_id().to_string(),
    }
}

/// Signs `user` in to the user pool and asks the identity pool for AWS credentials.
async fn credentials(endpoint: &str, p: &Parents, user: &str) -> Result<(), String> {
    let (idp, identity) = sdk(endpoint).await;
    let password = "Passw0rd!long";
    if idp
        .admin_get_user()
        .user_pool_id(&p.user_pool)
        .username(user)
        .send()
        .await
        .is_err()
    {
        idp.admin_create_user()
            .user_pool_id(&p.user_pool)
            .username(user)
            .message_action(MessageActionType::Suppress)
            .send()
            .await
            .unwrap();
        idp.admin_set_user_password()
            .user_pool_id(&p.user_pool)
            .username(user)
            .password(password)
            .permanent(true)
            .send()
            .await
            .unwrap();
    }
    let auth = idp
        .admin_initiate_auth()
        .user_pool_id(&p.user_pool)
        .client_id(&p.client)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", user)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .unwrap();
    let token = auth
        .authentication_result()
        .unwrap()
        .id_token()
        .unwrap()
        .to_string();
    let logins = HashMap::from([(p.endpoint.clone(), token)]);
    let id = identity
        .get_id()
        .identity_pool_id(&p.identity_pool)
        .set_logins(Some(logins.clone()))
        .send()
        .await
        .unwrap();
    identity
        .get_credentials_for_identity()
        .identity_id(id.identity_id().unwrap())
        .set_logins(Some(logins))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            format!(
                "{}",
                aws_smithy_types::error::display::DisplayErrorContext(e)
            )
        })
}

#[tokio::test]
async fn role_attachment_lifecycle_gives_credentials() {
    let lc = moto::shared();
    let (_, identity) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let p = parents(&lc.endpoint(), "access-roles").await;
    let roles_of = |pool: String| {
        let identity = identity.clone();
        async move {
            identity
                .get_identity_pool_roles()
                .identity_pool_id(pool)
                .send()
                .await
                .unwrap()
        }
    };

    // A mapping keyed by something that is not a provider of the pool: AWS's error, and
    // which key it was and what a key looks like.
    let stranger = format!("{}:nosuchclient1", p.endpoint);
    let bad = e
        .checked(ROLES, "roles", attachment(&p.identity_pool, &stranger))
        .await;
    let err = e.create(ROLES, "roles", &bad).await.unwrap_err();
    assert!(
        err.message().contains(&format!(
            "roleMappings[0].identityProvider {stranger:?} is not a provider"
        )) && err.message().contains("<userPoolId>:<clientId>")
            && err.message().contains(&p.provider()),
        "{}",
        err.message()
    );

    // Before any attachment: on AWS, GetCredentialsForIdentity fails
    // (InvalidIdentityPoolConfigurationException) for a pool without roles; the local
    // Cognito keeps moto's fixed credentials for a pool whose roles were never set, so this
    // state is not asserted here. After a delete, below, the roles are set and empty, which
    // the local Cognito refuses as AWS does.

    let news = attachment(&p.identity_pool, &p.provider());
    let inputs = e.checked(ROLES, "roles", news.clone()).await;
    let (id, props) = e.create(ROLES, "roles", &inputs).await.unwrap();
    assert_eq!(id, p.identity_pool);
    assert_eq!(value(&props)["roles"]["authenticated"], json!(arn("users")));
    let held = roles_of(p.identity_pool.clone()).await;
    assert_eq!(held.roles().unwrap()["authenticated"], arn("users"));
    let mapping = &held.role_mappings().unwrap()[&p.provider()];
    assert_eq!(mapping.r#type().as_str(), "Rules");
    let rules = mapping.rules_configuration().unwrap().rules();
    assert_eq!(
        (rules[0].value(), rules[1].value()),
        ("admins", "researchers")
    );
    // With roles set, the identity gets credentials.
    credentials(&lc.endpoint(), &p, "alice")
        .await
        .expect("credentials through the attachment");

    // Refresh right after create: no drift.
    let r = e.read(ROLES, "roles", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(ROLES, "roles", &id, &r.inputs, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "refresh drift: {:?}",
        d.detailed_diff
    );

    // A second attachment to the same pool is refused, and the first one is untouched.
    let second = e
        .checked(
            ROLES,
            "second",
            json!({"identityPoolId": p.identity_pool, "roles": {"authenticated": arn("intruder")}}),
        )
        .await;
    let err = e.create(ROLES, "second", &second).await.unwrap_err();
    assert!(
        err.message().contains("already has roles attached")
            && err.message().contains(&arn("users"))
            && err.message().contains("pulumi import"),
        "{}",
        err.message()
    );
    assert_eq!(
        roles_of(p.identity_pool.clone()).await.roles().unwrap()["authenticated"],
        arn("users")
    );

    // In place: a new authenticated role, the rules reordered, Google mapped by token.
    let mut changed = with(news.clone(), "/roles/authenticated", json!(arn("users-v2")));
    changed["roleMappings"][0]["mappingRules"]
        .as_array_mut()
        .unwrap()
        .reverse();
    changed["roleMappings"].as_array_mut().unwrap().push(
        json!({"identityProvider": "accounts.google.com", "type": "Token", "ambiguousRoleResolution": "Deny"}),
    );
    let changed = e.checked(ROLES, "roles", changed).await;
    let d = e.diff(ROLES, "roles", &id, &inputs, &changed).await;
    assert_eq!(d.changes(), DiffChanges::DiffSome);
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    let props = e
        .update(ROLES, "roles", &id, &inputs, &props, &changed)
        .await
        .unwrap();
    assert_eq!(
        value(&props)["roles"]["authenticated"],
        json!(arn("users-v2"))
    );
    let held = roles_of(p.identity_pool.clone()).await;
    assert_eq!(held.roles().unwrap()["authenticated"], arn("users-v2"));
    let rules = held.role_mappings().unwrap()[&p.provider()]
        .rules_configuration()
        .unwrap()
        .rules();
    assert_eq!(
        (rules[0].value(), rules[1].value()),
        ("researchers", "admins")
    );
    assert_eq!(
        held.role_mappings().unwrap()["accounts.google.com"]
            .r#type()
            .as_str(),
        "Token"
    );
    let r = e.read(ROLES, "roles", &id, &changed, &props).await;
    let d = e.diff(ROLES, "roles", &id, &r.inputs, &changed).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "refresh drift: {:?}",
        d.detailed_diff
    );

    // Removing the unauthenticated role and the Google mapping is an update too.
    let fewer = without(
        with(
            value(&changed),
            "/roleMappings",
            json!([value(&changed)["roleMappings"][0].clone()]),
        ),
        "/roles/unauthenticated",
    );
    let fewer = e.checked(ROLES, "roles", fewer).await;
    let props = e
        .update(ROLES, "roles", &id, &changed, &props, &fewer)
        .await
        .unwrap();
    let held = roles_of(p.identity_pool.clone()).await;
    assert!(!held.roles().unwrap().contains_key("unauthenticated"));
    assert_eq!(held.role_mappings().unwrap().len(), 1);

    // Import by the identity pool id: every input, and no diff against the program.
    let imported = e.read(ROLES, "imported", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["identityPoolId"], json!(p.identity_pool));
    assert_eq!(iv["roles"], json!({"authenticated": arn("users-v2")}));
    assert_eq!(
        iv["roleMappings"][0]["identityProvider"],
        json!(p.provider())
    );
    let rechecked = e.checked(ROLES, "imported", iv).await;
    let d = e.diff(ROLES, "imported", &id, &rechecked, &fewer).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    // A malformed import id is an error that says what an id looks like.
    let bad = e
        .client
        .read(pulumi_cognito::pulumirpc::ReadRequest {
            id: "us-east-1_AbC123".into(),
            urn: support::engine::urn(ROLES, "bad"),
            r#type: ROLES.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        bad.message().contains("<identityPoolId>"),
        "{}",
        bad.message()
    );

    // Delete clears the roles: the identity gets no credentials any more.
    e.delete(ROLES, "roles", &id, &fewer, &props).await.unwrap();
    let held = roles_of(p.identity_pool.clone()).await;
    assert!(held.roles().unwrap_or(&HashMap::new()).is_empty());
    assert!(held.role_mappings().is_none_or(HashMap::is_empty));
    let err = credentials(&lc.endpoint(), &p, "alice").await.unwrap_err();
    assert!(
        err.contains("InvalidIdentityPoolConfigurationException"),
        "{err}"
    );
    // Gone: refresh drops it, delete again succeeds, and the pool takes a new attachment.
    assert_eq!(e.read(ROLES, "roles", &id, &fewer, &props).await.id, "");
    e.delete(ROLES, "roles", &id, &fewer, &props).await.unwrap();
    let (id, props) = e.create(ROLES, "again", &inputs).await.unwrap();
    credentials(&lc.endpoint(), &p, "alice")
        .await
        .expect("credentials again");

    // Out of band: roles cleared read as gone; then the identity pool deleted reads as gone
    // and deleting the attachment still succeeds.
    identity
        .set_identity_pool_roles()
        .identity_pool_id(&p.identity_pool)
        .set_roles(Some(HashMap::new()))
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(ROLES, "again", &id, &inputs, &props).await.id, "");
    // A program without mappings sees one added outside Pulumi on refresh (the next
    // update, which sets the whole configuration, removes it).
    let inputs = e
        .checked(
            ROLES,
            "again",
            json!({"identityPoolId": p.identity_pool, "roles": {"authenticated": arn("users")}}),
        )
        .await;
    let (id, props) = e.create(ROLES, "again", &inputs).await.unwrap();
    let google = aws_sdk_cognitoidentity::types::RoleMapping::builder()
        .r#type(aws_sdk_cognitoidentity::types::RoleMappingType::Token)
        .ambiguous_role_resolution(
            aws_sdk_cognitoidentity::types::AmbiguousRoleResolutionType::Deny,
        )
        .build()
        .unwrap();
    identity
        .set_identity_pool_roles()
        .identity_pool_id(&p.identity_pool)
        .roles("authenticated", arn("users"))
        .role_mappings("accounts.google.com", google)
        .send()
        .await
        .unwrap();
    let r = e.read(ROLES, "again", &id, &inputs, &props).await;
    let d = e.diff(ROLES, "again", &id, &r.inputs, &inputs).await;
    assert_eq!(
        d.diffs,
        vec!["roleMappings".to_string()],
        "{:?}",
        d.detailed_diff
    );
    let props = e
        .update(ROLES, "again", &id, &r.inputs, &props, &inputs)
        .await
        .unwrap();
    assert!(roles_of(p.identity_pool.clone())
        .await
        .role_mappings()
        .is_none_or(HashMap::is_empty));
    identity
        .delete_identity_pool()
        .identity_pool_id(&p.identity_pool)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(ROLES, "again", &id, &inputs, &props).await.id, "");
    e.delete(ROLES, "again", &id, &inputs, &props)
        .await
        .unwrap();
}

#[tokio::test]
async fn principal_tag_lifecycle_with_an_oidc_provider() {
    let lc = moto::shared();
    let (_, identity) = sdk(&lc.endpoint()).await;
    let mut e = Engine::start(&lc.endpoint()).await;
    let p = parents(&lc.endpoint(), "access-tags").await;
    let map_of = |provider: &str| {
        let identity = identity.clone();
        let pool = p.identity_pool.clone();
        let provider = provider.to_string();
        async move {
            identity
                .get_principal_tag_attribute_map()
                .identity_pool_id(pool)
                .identity_provider_name(provider)
                .send()
                .await
                .unwrap()
        }
    };

    let news = json!({"identityPoolId": p.identity_pool, "identityProviderName": OIDC,
                      "useDefaults": false, "principalTags": {"team": "custom:team", "user": "sub"}});
    let inputs = e.checked(TAGS, "tags", news.clone()).await;
    let (id, props) = e.create(TAGS, "tags", &inputs).await.unwrap();
    assert_eq!(id, format!("{}:{OIDC}", p.identity_pool));
    assert_eq!(value(&props)["principalTags"]["team"], json!("custom:team"));
    let held = map_of(OIDC).await;
    assert_eq!(held.use_defaults(), Some(false));
    assert_eq!(held.principal_tags().unwrap()["team"], "custom:team");

    let r = e.read(TAGS, "tags", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    let d = e.diff(TAGS, "tags", &id, &r.inputs, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "refresh drift: {:?}",
        d.detailed_diff
    );

    // In place: tags and useDefaults; the provider replaces.
    let changed = e
        .checked(
            TAGS,
            "tags",
            with(
                with(
                    news.clone(),
                    "/principalTags",
                    json!({"team": "custom:team", "project": "custom:project"}),
                ),
                "/useDefaults",
                json!(true),
            ),
        )
        .await;
    let d = e.diff(TAGS, "tags", &id, &inputs, &changed).await;
    assert!(d.replaces.is_empty(), "{:?}", d.replaces);
    assert_eq!(
        d.diffs,
        vec!["principalTags".to_string(), "useDefaults".to_string()]
    );
    let other = e
        .checked(
            TAGS,
            "tags",
            with(
                news.clone(),
                "/identityProviderName",
                json!("accounts.google.com"),
            ),
        )
        .await;
    assert_eq!(
        e.diff(TAGS, "tags", &id, &inputs, &other).await.replaces,
        vec!["identityProviderName".to_string()]
    );
    let props = e
        .update(TAGS, "tags", &id, &inputs, &props, &changed)
        .await
        .unwrap();
    let held = map_of(OIDC).await;
    assert_eq!(held.use_defaults(), Some(true));
    assert_eq!(held.principal_tags().unwrap().len(), 2);
    assert_eq!(held.principal_tags().unwrap()["project"], "custom:project");

    // Import by `<identityPoolId>:<OIDC provider ARN>`: the pool id is read by its pattern.
    let imported = e.read(TAGS, "imported", &id, &None, &None).await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["identityPoolId"], json!(p.identity_pool));
    assert_eq!(iv["identityProviderName"], json!(OIDC));
    assert_eq!(iv["useDefaults"], json!(true));
    let rechecked = e.checked(TAGS, "imported", iv).await;
    let d = e.diff(TAGS, "imported", &id, &rechecked, &changed).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);

    // Delete turns attributes for access control off for the provider.
    e.delete(TAGS, "tags", &id, &changed, &props).await.unwrap();
    let held = map_of(OIDC).await;
    assert_eq!(held.use_defaults(), Some(false));
    assert!(held.principal_tags().is_none_or(HashMap::is_empty));
    e.delete(TAGS, "tags", &id, &changed, &props).await.unwrap();

    // Left out, useDefaults is true (as in pulumi-aws), and a refresh reports no drift.
    let plain = e
        .checked(
            TAGS,
            "plain",
            json!({"identityPoolId": p.identity_pool, "identityProviderName": p.endpoint}),
        )
        .await;
    let (pid, pprops) = e.create(TAGS, "plain", &plain).await.unwrap();
    assert_eq!(map_of(&p.endpoint).await.use_defaults(), Some(true));
    let r = e.read(TAGS, "plain", &pid, &plain, &pprops).await;
    let d = e.diff(TAGS, "plain", &pid, &r.inputs, &plain).await;
    assert_eq!(d.changes(), DiffChanges::DiffNone, "{:?}", d.detailed_diff);
    // Reset out of band: refresh shows the drift, for the next update to correct.
    identity
        .set_principal_tag_attribute_map()
        .identity_pool_id(&p.identity_pool)
        .identity_provider_name(&p.endpoint)
        .use_defaults(false)
        .send()
        .await
        .unwrap();
    let r = e.read(TAGS, "plain", &pid, &plain, &pprops).await;
    let d = e.diff(TAGS, "plain", &pid, &r.inputs, &plain).await;
    assert_eq!(d.diffs, vec!["useDefaults".to_string()]);

    // The identity pool deleted out of band: gone, and delete succeeds.
    identity
        .delete_identity_pool()
        .identity_pool_id(&p.identity_pool)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(TAGS, "plain", &pid, &plain, &pprops).await.id, "");
    e.delete(TAGS, "plain", &pid, &plain, &pprops)
        .await
        .unwrap();
    // A malformed id says what an id looks like.
    let bad = e
        .client
        .read(pulumi_cognito::pulumirpc::ReadRequest {
            id: format!("{}/{OIDC}", p.identity_pool),
            urn: support::engine::urn(TAGS, "bad"),
            r#type: TAGS.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        bad.message()
            .contains("<identityPoolId>:<identityProviderName>"),
        "{}",
        bad.message()
    );
}

/// Rich configurations of both, created, read back and imported: no diff against the
/// program either way.
#[tokio::test]
async fn rich_configurations_have_no_drift() {
    let lc = moto::shared();
    let mut e = Engine::start(&lc.endpoint()).await;
    let p = parents(&lc.endpoint(), "access-rich").await;
    let roles = json!({
        "identityPoolId": p.identity_pool,
        "roles": {"authenticated": arn("users"), "unauthenticated": arn("guests")},
        // Not in provider order: Read reports them in the program's order.
        "roleMappings": [
            {"identityProvider": p.provider(), "type": "Rules", "ambiguousRoleResolution": "Deny",
             "mappingRules": [
                {"claim": "cognito:groups", "matchType": "Contains", "value": "researchers", "roleArn": arn("researchers")},
                {"claim": "cognito:groups", "matchType": "Contains", "value": "admins", "roleArn": arn("admins")},
                {"claim": "custom:tier", "matchType": "StartsWith", "value": "gold", "roleArn": arn("gold")},
                {"claim": "email_verified", "matchType": "NotEqual", "value": "true", "roleArn": arn("unverified")},
             ]},
            {"identityProvider": OIDC.split("oidc-provider/").nth(1).unwrap(), "type": "Token", "ambiguousRoleResolution": "AuthenticatedRole"},
            {"identityProvider": "accounts.google.com", "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
             "mappingRules": [{"claim": "hd", "matchType": "Equals", "value": "example.com", "roleArn": arn("staff")}]},
        ],
    });
    no_drift(&mut e, ROLES, "rich-roles", roles, &p.identity_pool).await;
    let tags = json!({
        "identityPoolId": p.identity_pool, "identityProviderName": p.endpoint,
        "useDefaults": false,
        "principalTags": {"team": "custom:team", "user": "sub", "client": "aud", "tier": "custom:tier"},
    });
    no_drift(
        &mut e,
        TAGS,
        "rich-tags",
        tags,
        &format!("{}:{}", p.identity_pool, p.endpoint),
    )
    .await;
}

async fn no_drift(e: &mut Engine, ty: &str, name: &str, news: Value, import_id: &str) {
    let inputs = e.checked(ty, name, news).await;
    let (id, props) = e.create(ty, name, &inputs).await.unwrap();
    assert_eq!(id, import_id);
    let refreshed = e.read(ty, name, &id, &inputs, &props).await;
    assert_eq!(
        value(&refreshed.inputs),
        value(&inputs),
        "{ty}: refresh reports what the program set"
    );
    let d = e.diff(ty, name, &id, &refreshed.inputs, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "{ty}: refresh drift {:?}",
        d.detailed_diff
    );
    let imported = e.read(ty, "imported", import_id, &None, &None).await;
    let rechecked = e.checked(ty, "imported", value(&imported.inputs)).await;
    let d = e.diff(ty, "imported", &id, &rechecked, &inputs).await;
    assert_eq!(
        d.changes(),
        DiffChanges::DiffNone,
        "{ty}: import differs {:?}",
        d.detailed_diff
    );
    e.delete(ty, name, &id, &inputs, &props).await.unwrap();
}
