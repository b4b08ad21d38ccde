//! AWS behaviours of UserPoolUICustomization that the local Cognito does not show, covered
//! with `aws-smithy-mocks` rules that answer the way AWS does. Each test names the AWS
//! behaviour it stands for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::operation::describe_user_pool::DescribeUserPoolOutput;
use aws_sdk_cognitoidentityprovider::operation::get_ui_customization::GetUiCustomizationOutput;
use aws_sdk_cognitoidentityprovider::operation::set_ui_customization::{
    SetUICustomizationError, SetUiCustomizationOutput,
};
use aws_sdk_cognitoidentityprovider::types::error::InvalidParameterException;
use aws_sdk_cognitoidentityprovider::types::{UiCustomizationType, UserPoolType};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::progress;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::user_pool_ui_customization::UserPoolUICustomization;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const POOL: &str = "us-east-1_AbC123";
const CLIENT: &str = "1example23456789";

fn props(v: Value) -> Props {
    Props::plain(v.as_object().unwrap().clone())
}

fn meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}

fn aws(idp: idp::Client) -> Aws {
    let identity = mock_client!(aws_sdk_cognitoidentity, []);
    Aws::from_clients(idp, identity, "us-east-1").with_policy(0, 0.0)
}

macro_rules! idp_client {
    ($($rule:expr),*) => {
        mock_client!(aws_sdk_cognitoidentityprovider, RuleMode::MatchAny, [$($rule),*], |c| {
            c.retry_config(aws_config::retry::RetryConfig::disabled())
        })
    };
}

/// DescribeUserPool of a pool with a prefix domain (`Some`) or none.
fn pool_with(domain: Option<&'static str>) -> DescribeUserPoolOutput {
    let mut p = UserPoolType::builder().id(POOL);
    if let Some(d) = domain {
        p = p.domain(d);
    }
    DescribeUserPoolOutput::builder()
        .user_pool(p.build())
        .build()
}

fn customization(client: Option<&str>, css: Option<&str>) -> GetUiCustomizationOutput {
    let ui = UiCustomizationType::builder()
        .user_pool_id(POOL)
        .set_client_id(client.map(str::to_string))
        .set_css(css.map(str::to_string))
        .css_version("1")
        .creation_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
        .last_modified_date(aws_smithy_types::DateTime::from_secs(1_700_000_100))
        .build();
    GetUiCustomizationOutput::builder()
        .ui_customization(ui)
        .build()
}

/// AWS refuses SetUICustomization while the pool's domain is still being created ("The
/// domain associated with this user pool is currently not Active."), e.g. when the program
/// does not make the customization depend on the domain. The write waits with backoff and
/// tells the engine why, then succeeds.
#[tokio::test(start_paused = true)]
async fn set_waits_while_the_domain_is_not_active() {
    let describe =
        mock!(idp::Client::describe_user_pool).then_output(|| pool_with(Some("example-login")));
    // The pool holds nothing before the create, the CSS after it.
    let get = mock!(idp::Client::get_ui_customization)
        .sequence()
        .output(|| GetUiCustomizationOutput::builder().build())
        .output(|| customization(Some("ALL"), Some("a{}")))
        .repeatedly()
        .build();
    let set = mock!(idp::Client::set_ui_customization)
        .match_requests(|r| r.css() == Some("a{}") && r.client_id() == Some("ALL"))
        .sequence()
        .error(|| {
            SetUICustomizationError::InvalidParameterException(
                InvalidParameterException::builder()
                    .message("The domain associated with this user pool is currently not Active.")
                    .meta(meta(
                        "InvalidParameterException",
                        "The domain associated with this user pool is currently not Active.",
                    ))
                    .build(),
            )
        })
        .times(2)
        .output(|| SetUiCustomizationOutput::builder().build())
        .build();
    let log: Arc<Mutex<Vec<String>>> = Default::default();
    struct Collect(Arc<Mutex<Vec<String>>>);
    impl progress::Sink for Collect {
        fn status(&self, urn: &str, message: &str) {
            if urn == "urn:test:ui-waits" {
                self.0.lock().unwrap().push(message.to_string());
            }
        }
    }
    progress::set_sink(Box::new(Collect(log.clone())));
    let (id, out) = progress::scope(
        "urn:test:ui-waits",
        600.0,
        Typed::<UserPoolUICustomization>::default().create(
            Some(&aws(idp_client!(&describe, &get, &set))),
            props(json!({"userPoolId": POOL, "clientId": "ALL", "css": "a{}"})),
            false,
        ),
    )
    .await
    .expect("created once the domain is active");
    assert_eq!(id, format!("{POOL},ALL"));
    assert_eq!(set.num_calls(), 3);
    assert_eq!(out.value["cssVersion"], json!("1"));
    assert_eq!(out.value["creationDate"], json!("2023-11-14T22:13:20Z"));
    let m = log.lock().unwrap().clone();
    // Two refusals, two progress reports (the only sink this test binary installs).
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m.iter().all(|m| m.contains("not active yet")), "{m:?}");
}

/// AWS answers GetUICustomization for a client without settings of its own with the pool's
/// (its ClientId `ALL`, or none: "When this value isn't present, the customization applies
/// to all user pool app clients"). That is not the client's customization: it reads as
/// gone, and a create for the client may claim it.
#[tokio::test]
async fn a_client_falling_back_to_the_pool_reads_as_gone() {
    for fallback in [Some("ALL"), None] {
        let describe =
            mock!(idp::Client::describe_user_pool).then_output(|| pool_with(Some("example-login")));
        let get = mock!(idp::Client::get_ui_customization)
            .match_requests(|r| r.client_id() == Some(CLIENT))
            .then_output(move || customization(fallback, Some(".pool {}")));
        let r = Typed::<UserPoolUICustomization>::default();
        let found = r
            .read(
                &aws(idp_client!(&describe, &get)),
                &format!("{POOL},{CLIENT}"),
                props(json!({"userPoolId": POOL, "clientId": CLIENT, "css": ".client {}"})),
                Props::default(),
            )
            .await
            .expect("read");
        assert!(found.is_none(), "{fallback:?}: {found:?}");
        assert_eq!(get.num_calls(), 1);
    }
}

/// AWS's documentation does not say what GetUICustomization answers once the pool's domain
/// is deleted; if AWS still returns the stored customization, DescribeUserPool shows no
/// `Domain` or `CustomDomain`, and the customization reads as gone without asking for it.
/// Deleting it then succeeds although SetUICustomization refuses a pool without a domain.
#[tokio::test]
async fn a_pool_without_a_domain_holds_no_customization() {
    let describe = mock!(idp::Client::describe_user_pool).then_output(|| pool_with(None));
    let get = mock!(idp::Client::get_ui_customization)
        .then_output(|| customization(Some("ALL"), Some("a{}")));
    let set = mock!(idp::Client::set_ui_customization).then_error(|| {
        SetUICustomizationError::InvalidParameterException(
            InvalidParameterException::builder()
                .message("There has to be an existing domain associated with this user pool")
                .meta(meta(
                    "InvalidParameterException",
                    "There has to be an existing domain associated with this user pool",
                ))
                .build(),
        )
    });
    let aws = aws(idp_client!(&describe, &get, &set));
    let r = Typed::<UserPoolUICustomization>::default();
    let inputs = props(json!({"userPoolId": POOL, "clientId": "ALL", "css": "a{}"}));
    let found = r
        .read(
            &aws,
            &format!("{POOL},ALL"),
            inputs.clone(),
            Props::default(),
        )
        .await
        .expect("read");
    assert!(found.is_none());
    assert_eq!(get.num_calls(), 0);
    r.delete(
        &aws,
        &format!("{POOL},ALL"),
        inputs.clone(),
        Props::default(),
    )
    .await
    .expect("nothing to reset without a domain");
    assert_eq!(set.num_calls(), 1);
    // A create says what is missing.
    let err = r
        .create(Some(&aws), inputs, false)
        .await
        .expect_err("no domain");
    assert!(err.to_string().contains("UserPoolDomain"), "{err}");
}
