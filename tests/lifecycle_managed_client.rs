//! ManagedUserPoolClient (issue 21): a client another service created, adopted by name.
//!
//! - A Check table: a passing and a failing case for every rule, naming the property.
//! - Engine-like lifecycles over gRPC against the local Cognito, where the test plays the
//!   other service (it creates the client with the SDK): adoption with the settings applied
//!   and the service's name and secret kept, refresh without drift, in-place update,
//!   replacement on a new selector or pool, import with only the id, delete leaving the
//!   client, the client or the pool deleted out of band (gone), delete of what is gone.
//! - The wait, reported to the engine: a client the service creates while create polls is
//!   adopted; none after a short `customTimeouts` is an error naming the pool's clients; two
//!   matches is an error naming both.
//! - AWS resets what UpdateUserPoolClient omits (moto keeps it): an `aws-smithy-mocks` test
//!   shows that an update sends the complete configuration and the client's own name.

mod support;

use aws_sdk_cognitoidentityprovider as idp;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::{PropPath, Props};
use pulumi_cognito::progress;
use pulumi_cognito::pulumirpc::{self as rpc, diff_response::DiffChanges, property_diff::Kind};
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::managed_user_pool_client::ManagedUserPoolClient;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, OnceLock};
use support::engine::{decode, sdk, urn, Engine};
use support::moto;

const MANAGED: &str = "cognito:index:ManagedUserPoolClient";
const POOL: &str = "cognito:index:UserPool";
const P: &str = "us-east-1_AbC123";

/// Progress messages sent to the engine logger, `(urn, message)` (installed on first use).
type Log = Arc<Mutex<Vec<(String, String)>>>;

fn progress_log() -> Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        struct Collect(Log);
        impl progress::Sink for Collect {
            fn status(&self, urn: &str, message: &str) {
                self.0
                    .lock()
                    .unwrap()
                    .push((urn.to_string(), message.to_string()));
            }
        }
        progress::set_sink(Box::new(Collect(log.clone())));
        log
    })
    .clone()
}

/// The progress messages of the resource `name`.
fn messages(name: &str) -> Vec<String> {
    let urn = urn(MANAGED, name);
    progress_log()
        .lock()
        .unwrap()
        .iter()
        .filter(|(u, _)| *u == urn)
        .map(|(_, m)| m.clone())
        .collect()
}

fn value(s: &Option<prost_types::Struct>) -> Value {
    Value::Object(decode(s).value)
}

/// A suffix that keeps names of this run apart on the shared local Cognito.
fn suffix() -> String {
    format!("{:08x}", rand::random::<u32>())
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

async fn pool(e: &mut Engine, name: &str) -> String {
    let inputs = e.checked(POOL, name, json!({})).await;
    e.create(POOL, name, &inputs).await.expect("create pool").0
}

/// Plays the service that creates the client: CreateUserPoolClient with a secret.
async fn service_client(idp: &idp::Client, pool: &str, name: &str) -> String {
    idp.create_user_pool_client()
        .user_pool_id(pool)
        .client_name(name)
        .generate_secret(true)
        .callback_urls("https://service.example.com/callback")
        .send()
        .await
        .expect("the service creates its client")
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("a client id")
        .to_string()
}

/// Create with the engine's timeout for the operation (`customTimeouts.create`).
async fn create_within(
    e: &mut Engine,
    name: &str,
    inputs: &Option<prost_types::Struct>,
    timeout: f64,
) -> Result<(String, Option<prost_types::Struct>), tonic::Status> {
    e.client
        .create(rpc::CreateRequest {
            urn: urn(MANAGED, name),
            r#type: MANAGED.into(),
            name: name.into(),
            properties: inputs.clone(),
            timeout,
            ..Default::default()
        })
        .await
        .map(|r| {
            let r = r.into_inner();
            (r.id, r.properties)
        })
}

#[tokio::test]
async fn managed_client_check_rules() {
    let ok = json!({"userPoolId": P, "namePattern": "^AmazonOpenSearchService-"});
    let oauth = json!({"allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": ["code"],
        "allowedOauthScopes": ["openid", "email"], "callbackUrls": ["https://app.example.com/cb"],
        "supportedIdentityProviders": ["COGNITO"]});
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        ("pattern", ok.clone(), None),
        (
            "prefix",
            json!({"userPoolId": P, "namePrefix": "AmazonOpenSearchService-"}),
            None,
        ),
        ("oauth settings", with(&ok, oauth.clone()), None),
        // The selector: one of the two, a valid regex, a prefix AWS's names can start with.
        (
            "neither selector",
            with(&ok, json!({"namePattern": null})),
            Some("namePattern"),
        ),
        (
            "both selectors",
            with(&ok, json!({"namePrefix": "Amazon"})),
            Some("namePattern"),
        ),
        (
            "invalid regex",
            with(&ok, json!({"namePattern": "Amazon(OpenSearch"})),
            Some("namePattern"),
        ),
        (
            "empty pattern",
            with(&ok, json!({"namePattern": ""})),
            Some("namePattern"),
        ),
        (
            "regex too big",
            with(&ok, json!({"namePattern": "\\w{1000}\\w{1000}\\w{1000}"})),
            Some("namePattern"),
        ),
        (
            "prefix with characters no name has",
            json!({"userPoolId": P, "namePrefix": "Amazon!"}),
            Some("namePrefix"),
        ),
        (
            "prefix too long",
            json!({"userPoolId": P, "namePrefix": "a".repeat(129)}),
            Some("namePrefix"),
        ),
        (
            "empty prefix",
            json!({"userPoolId": P, "namePrefix": ""}),
            Some("namePrefix"),
        ),
        // The pool.
        (
            "no pool",
            with(&ok, json!({"userPoolId": null})),
            Some("userPoolId"),
        ),
        (
            "bad pool id",
            with(&ok, json!({"userPoolId": "not a pool"})),
            Some("userPoolId"),
        ),
        // The client settings, shared with UserPoolClient.
        (
            "unknown auth flow",
            with(&ok, json!({"explicitAuthFlows": ["ALLOW_MAGIC"]})),
            Some("explicitAuthFlows[0]"),
        ),
        (
            "legacy and ALLOW_ flows",
            with(
                &ok,
                json!({"explicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]}),
            ),
            Some("explicitAuthFlows"),
        ),
        (
            "access token of 2 days",
            with(&ok, json!({"accessTokenValidity": 48})),
            Some("accessTokenValidity"),
        ),
        (
            "access token of 30 minutes",
            with(
                &ok,
                json!({"accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}}),
            ),
            None,
        ),
        (
            "id token of 1 minute",
            with(
                &ok,
                json!({"idTokenValidity": 1, "tokenValidityUnits": {"idToken": "minutes"}}),
            ),
            Some("idTokenValidity"),
        ),
        (
            "refresh token of 11 years",
            with(&ok, json!({"refreshTokenValidity": 4015})),
            Some("refreshTokenValidity"),
        ),
        (
            "unknown unit",
            with(
                &ok,
                json!({"tokenValidityUnits": {"refreshToken": "weeks"}}),
            ),
            Some("tokenValidityUnits.refreshToken"),
        ),
        (
            "session of 2 minutes",
            with(&ok, json!({"authSessionValidity": 2})),
            Some("authSessionValidity"),
        ),
        (
            "plain HTTP callback",
            with(
                &ok,
                with(
                    &oauth,
                    json!({"callbackUrls": ["http://app.example.com/cb"]}),
                ),
            ),
            Some("callbackUrls[0]"),
        ),
        (
            "callback with a fragment",
            with(
                &ok,
                with(
                    &oauth,
                    json!({"callbackUrls": ["https://app.example.com/#cb"]}),
                ),
            ),
            Some("callbackUrls[0]"),
        ),
        (
            "localhost logout",
            with(&ok, json!({"logoutUrls": ["http://localhost:3000/out"]})),
            None,
        ),
        (
            "default redirect not a callback",
            with(
                &ok,
                with(
                    &oauth,
                    json!({"defaultRedirectUri": "https://other.example.com/"}),
                ),
            ),
            Some("defaultRedirectUri"),
        ),
        (
            "OAuth on without flows",
            with(
                &ok,
                json!({"allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": []}),
            ),
            Some("allowedOauthFlows"),
        ),
        (
            "unknown OAuth flow",
            with(&ok, json!({"allowedOauthFlows": ["password"]})),
            Some("allowedOauthFlows[0]"),
        ),
        (
            "client_credentials with code",
            with(
                &ok,
                json!({"allowedOauthFlows": ["client_credentials", "code"]}),
            ),
            Some("allowedOauthFlows"),
        ),
        // Whether the service's client has a secret is AWS's to say, not Check's.
        (
            "client_credentials alone",
            with(&ok, json!({"allowedOauthFlows": ["client_credentials"]})),
            None,
        ),
        // Scopes are a set: a repeat is folded away, not refused.
        (
            "repeated scope",
            with(&ok, json!({"allowedOauthScopes": ["openid", "openid"]})),
            None,
        ),
        (
            "unknown existence errors mode",
            with(&ok, json!({"preventUserExistenceErrors": "SOMETIMES"})),
            Some("preventUserExistenceErrors"),
        ),
        (
            "rotation feature",
            with(&ok, json!({"refreshTokenRotation": {"feature": "ON"}})),
            Some("refreshTokenRotation.feature"),
        ),
        (
            "rotation grace period",
            with(
                &ok,
                json!({"refreshTokenRotation": {"feature": "ENABLED", "retryGracePeriodSeconds": 61}}),
            ),
            Some("refreshTokenRotation.retryGracePeriodSeconds"),
        ),
        (
            "analytics by application ARN",
            with(
                &ok,
                json!({"analyticsConfiguration": {"applicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"}}),
            ),
            None,
        ),
        (
            "analytics ARN with a role",
            with(
                &ok,
                json!({"analyticsConfiguration": {"applicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc", "roleArn": "arn:aws:iam::123456789012:role/r"}}),
            ),
            Some("analyticsConfiguration.applicationArn"),
        ),
        (
            "analytics without an application",
            with(
                &ok,
                json!({"analyticsConfiguration": {"userDataShared": true}}),
            ),
            Some("analyticsConfiguration"),
        ),
    ];
    let mut e = Engine::unconfigured().await;
    for (what, news, expect) in cases {
        let (_, failures) = e.check(MANAGED, "t", json!({}), news.clone()).await;
        match expect {
            None => assert!(failures.is_empty(), "{what}: {failures:?}"),
            Some(p) => assert!(
                failures.iter().any(|(f, r)| f == p && !r.is_empty()),
                "{what}: expected a failure on {p}, got {failures:?} for {news}"
            ),
        }
    }
    // A unit dropped while its number stays would change the lifetime: refused on update.
    let olds = with(
        &ok,
        json!({"accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}}),
    );
    let news = with(&ok, json!({"accessTokenValidity": 30}));
    let (_, failures) = e.check(MANAGED, "t", olds, news).await;
    assert!(
        failures
            .iter()
            .any(|(p, _)| p == "tokenValidityUnits.accessToken"),
        "{failures:?}"
    );
}

#[tokio::test]
async fn managed_client_lifecycle() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "managed-pool").await;
    let s = suffix();
    let service_name = format!("AmazonOpenSearchService-{s}");
    let client_id = service_client(&idp, &pool_id, &service_name).await;
    // A client of the pool whose name does not match stays untouched.
    let bystander = service_client(&idp, &pool_id, &format!("app-{s}")).await;

    // A rich configuration, lists in no particular order.
    let news = json!({"userPoolId": pool_id, "namePrefix": "AmazonOpenSearchService-",
        "allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": ["code"],
        "allowedOauthScopes": ["openid", "email", "profile"],
        "callbackUrls": ["https://search.example.com/_dashboards/app/home", "https://search.example.com/cb"],
        "logoutUrls": ["https://search.example.com/logout"],
        "defaultRedirectUri": "https://search.example.com/cb",
        "supportedIdentityProviders": ["COGNITO"],
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "readAttributes": ["email", "name"], "writeAttributes": ["name"],
        "accessTokenValidity": 30, "idTokenValidity": 2, "refreshTokenValidity": 7,
        "tokenValidityUnits": {"accessToken": "minutes", "idToken": "hours", "refreshToken": "days"},
        "preventUserExistenceErrors": "ENABLED", "enableTokenRevocation": true,
        "authSessionValidity": 5});
    let inputs = e.checked(MANAGED, "os", news.clone()).await;
    let (id, props) = e.create(MANAGED, "os", &inputs).await.expect("adopt");
    assert_eq!(id, client_id);
    let out = decode(&props);
    assert_eq!(out.value["name"], json!(service_name));
    assert!(
        out.secrets.contains(&PropPath::key("clientSecret")),
        "clientSecret is always secret: {:?}",
        out.secrets
    );
    let c = idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    let c = c.user_pool_client().unwrap();
    assert_eq!(out.value["clientSecret"], json!(c.client_secret().unwrap()));
    assert_eq!(
        c.client_name(),
        Some(service_name.as_str()),
        "the name is the service's"
    );
    assert_eq!(c.access_token_validity(), Some(30));
    assert_eq!(c.allowed_o_auth_scopes().len(), 3);
    assert_eq!(
        c.default_redirect_uri(),
        Some("https://search.example.com/cb")
    );
    let other = idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&bystander)
        .send()
        .await
        .unwrap();
    assert!(other
        .user_pool_client()
        .unwrap()
        .allowed_o_auth_scopes()
        .is_empty());

    // No drift: refresh, then Diff against the program (lists in another order).
    let r = e.read(MANAGED, "os", &id, &inputs, &props).await;
    assert_eq!(r.id, id);
    assert!(decode(&r.properties)
        .secrets
        .contains(&PropPath::key("clientSecret")));
    let reordered = with(
        &news,
        json!({"allowedOauthScopes": ["profile", "email", "openid"],
            "explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]}),
    );
    let again = e.checked(MANAGED, "os", reordered).await;
    let diff = e.diff(MANAGED, "os", &id, &r.inputs, &again).await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "{:?}",
        diff.detailed_diff
    );

    // A settings change is in place; a new selector or pool adopts another client.
    let changed = e
        .checked(
            MANAGED,
            "os",
            with(
                &news,
                json!({"allowedOauthScopes": ["openid"], "accessTokenValidity": 60}),
            ),
        )
        .await;
    let diff = e.diff(MANAGED, "os", &id, &inputs, &changed).await;
    assert_eq!(diff.changes(), DiffChanges::DiffSome);
    assert!(diff.replaces.is_empty(), "{:?}", diff.replaces);
    assert_eq!(
        diff.detailed_diff["allowedOauthScopes"].kind(),
        Kind::Update
    );
    for (key, patch) in [
        (
            "namePrefix",
            json!({"namePrefix": "AmazonOpenSearchService-x"}),
        ),
        (
            "namePattern",
            json!({"namePrefix": null, "namePattern": "^AmazonOpenSearchService-"}),
        ),
        ("userPoolId", json!({"userPoolId": "us-east-1_Other1"})),
    ] {
        let moved = e.checked(MANAGED, "os", with(&news, patch)).await;
        let diff = e.diff(MANAGED, "os", &id, &inputs, &moved).await;
        assert!(
            diff.replaces.contains(&key.to_string()),
            "{key}: {:?}",
            diff.replaces
        );
    }

    // The in-place update reaches AWS, and the name stays the service's.
    e.update(MANAGED, "os", &id, &inputs, &props, &changed)
        .await
        .expect("update in place");
    let c = idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    let c = c.user_pool_client().unwrap();
    assert_eq!(c.allowed_o_auth_scopes(), ["openid"]);
    assert_eq!(c.access_token_validity(), Some(60));
    assert_eq!(c.client_name(), Some(service_name.as_str()));

    // Import with only the id: the pattern of the exact name, and every setting; the
    // program written from it passes Check and shows no change.
    let imported = e
        .read(MANAGED, "imp", &format!("{pool_id}/{id}"), &None, &None)
        .await;
    assert_eq!(imported.id, id);
    let iv = value(&imported.inputs);
    assert_eq!(iv["userPoolId"], json!(pool_id));
    assert_eq!(
        iv["namePattern"],
        json!(format!("^AmazonOpenSearchService\\-{s}$"))
    );
    assert_eq!(iv["allowedOauthScopes"], json!(["openid"]));
    assert_eq!(iv["accessTokenValidity"], json!(60));
    let program = e.checked(MANAGED, "imp", iv.clone()).await;
    let diff = e
        .diff(MANAGED, "imp", &id, &imported.inputs, &program)
        .await;
    assert_eq!(
        diff.changes(),
        DiffChanges::DiffNone,
        "import then the program: {:?}",
        diff.detailed_diff
    );
    // The imported pattern selects the client.
    let bare = e
        .checked(
            MANAGED,
            "imp2",
            json!({"userPoolId": pool_id, "namePattern": iv["namePattern"]}),
        )
        .await;
    assert_eq!(
        e.create(MANAGED, "imp2", &bare).await.expect("adopt").0,
        client_id
    );
    // A bare client id cannot say which pool.
    let bad = e
        .client
        .read(rpc::ReadRequest {
            id: id.clone(),
            urn: urn(MANAGED, "imp"),
            r#type: MANAGED.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(bad.message().contains("<userPoolId>/<clientId>"), "{bad}");

    // Delete leaves the client to its service.
    e.delete(MANAGED, "os", &id, &changed, &props)
        .await
        .expect("delete");
    assert!(idp
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .is_ok());
    assert_eq!(e.read(MANAGED, "os", &id, &changed, &props).await.id, id);

    // The service deletes its client: gone; delete of what is gone succeeds.
    idp.delete_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    assert_eq!(e.read(MANAGED, "os", &id, &changed, &props).await.id, "");
    e.delete(MANAGED, "os", &id, &changed, &props)
        .await
        .expect("deleting what is gone succeeds");
    let err = e
        .update(MANAGED, "os", &id, &changed, &props, &inputs)
        .await
        .unwrap_err();
    assert!(err.message().contains("refresh"), "{err}");

    // The pool deleted out of band: its clients read as gone.
    idp.delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        e.read(MANAGED, "os", &bystander, &changed, &props).await.id,
        ""
    );
    // Adopting from a pool that is gone says so.
    let err = e.create(MANAGED, "os2", &inputs).await.unwrap_err();
    assert!(err.message().contains("does not exist"), "{err}");
}

#[tokio::test]
async fn managed_client_waits_for_the_service() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "managed-wait").await;
    let s = suffix();
    let unrelated = service_client(&idp, &pool_id, &format!("unrelated-{s}")).await;
    let inputs = e
        .checked(
            MANAGED,
            "late",
            json!({"userPoolId": pool_id, "namePattern": format!("^late-{s}$"),
                "callbackUrls": ["https://late.example.com/cb"]}),
        )
        .await;

    // No match within a short customTimeouts: an error naming the pool's clients, after
    // telling the user, through the engine, what create waits for.
    progress_log();
    let err = create_within(&mut e, "late", &inputs, 3.0)
        .await
        .unwrap_err();
    let msg = err.message();
    assert!(
        msg.contains(&format!("unrelated-{s} ({unrelated})")),
        "{msg}"
    );
    assert!(
        msg.contains("namePattern") && msg.contains("customTimeouts"),
        "{msg}"
    );
    let said = messages("late");
    assert!(
        said.iter().any(|m| m.contains(&format!(
            "no client of user pool {pool_id} matches namePattern"
        ))),
        "{said:?}"
    );

    // The service creates its client while create polls: it is adopted.
    let (late_idp, pool) = (idp.clone(), pool_id.clone());
    let name = format!("late-{s}");
    let service = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        service_client(&late_idp, &pool, &name).await
    });
    let (id, props) = create_within(&mut e, "late", &inputs, 120.0)
        .await
        .expect("adopted once the service created it");
    assert_eq!(id, service.await.unwrap());
    assert_eq!(value(&props)["name"], json!(format!("late-{s}")));
    let said = messages("late");
    assert!(
        said.iter()
            .any(|m| m.contains(&format!("adopting client late-{s}"))),
        "{said:?}"
    );
}

#[tokio::test]
async fn managed_client_refuses_two_matches() {
    let m = moto::shared();
    let (idp, _) = sdk(&m.endpoint()).await;
    let mut e = Engine::start(&m.endpoint()).await;
    let pool_id = pool(&mut e, "managed-two").await;
    let s = suffix();
    let a = service_client(&idp, &pool_id, &format!("svc-{s}-a")).await;
    let b = service_client(&idp, &pool_id, &format!("svc-{s}-b")).await;
    let inputs = e
        .checked(
            MANAGED,
            "two",
            json!({"userPoolId": pool_id, "namePrefix": format!("svc-{s}")}),
        )
        .await;
    let err = e.create(MANAGED, "two", &inputs).await.unwrap_err();
    let msg = err.message();
    assert!(msg.contains("matches 2 clients"), "{msg}");
    assert!(msg.contains(&format!("svc-{s}-a ({a})")), "{msg}");
    assert!(msg.contains(&format!("svc-{s}-b ({b})")), "{msg}");
    // Neither was touched.
    for id in [a, b] {
        let c = idp
            .describe_user_pool_client()
            .user_pool_id(&pool_id)
            .client_id(&id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            c.user_pool_client().unwrap().callback_urls(),
            ["https://service.example.com/callback"]
        );
    }
}

/// AWS's UpdateUserPoolClient resets every field it is not given (moto keeps them), and
/// resets the name too: an update that changes one setting must send all the others and
/// the adopted client's own name.
#[tokio::test]
async fn managed_client_update_sends_the_complete_configuration() {
    let describe = mock!(idp::Client::describe_user_pool_client).then_output(|| {
        idp::operation::describe_user_pool_client::DescribeUserPoolClientOutput::builder()
            .user_pool_client(
                idp::types::UserPoolClientType::builder()
                    .user_pool_id("us-east-1_abc")
                    .client_id("client123")
                    .client_name("AmazonOpenSearchService-abc")
                    .build(),
            )
            .build()
    });
    let update = mock!(idp::Client::update_user_pool_client)
        .match_requests(|req| {
            req.client_name() == Some("AmazonOpenSearchService-abc")
                && req.callback_urls() == ["https://app.example.com/cb"]
                && req.explicit_auth_flows().len() == 2
                && req.access_token_validity() == Some(30)
                && req.allowed_o_auth_scopes() == ["email"]
                && req
                    .token_validity_units()
                    .and_then(|u| u.access_token())
                    .map(|u| u.as_str())
                    == Some("minutes")
        })
        .then_output(|| {
            idp::operation::update_user_pool_client::UpdateUserPoolClientOutput::builder().build()
        });
    let c = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &update],
        |c| c.retry_config(aws_config::retry::RetryConfig::disabled())
    );
    let aws = Aws::from_clients(c, mock_client!(aws_sdk_cognitoidentity, []), "us-east-1");
    let base = json!({"userPoolId": "us-east-1_abc", "namePrefix": "AmazonOpenSearchService-",
        "callbackUrls": ["https://app.example.com/cb"],
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}});
    let old = with(&base, json!({"allowedOauthScopes": ["openid"]}));
    let new = with(&base, json!({"allowedOauthScopes": ["email"]}));
    let props = |v: Value| Props::plain(v.as_object().unwrap().clone());
    Typed::<ManagedUserPoolClient>::default()
        .update(
            Some(&aws),
            "client123",
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .expect("an update with the complete configuration matches the AWS-like rule");
    assert_eq!(update.num_calls(), 1);
}
