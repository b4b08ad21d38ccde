//! AWS behaviours that moto does not reproduce, covered with `aws-smithy-mocks` rules that
//! answer the way AWS does. Each test says which AWS behaviour it stands in for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::operation::describe_user_pool_client::DescribeUserPoolClientError;
use aws_sdk_cognitoidentityprovider::types::error::{
    InternalErrorException, LimitExceededException, ResourceNotFoundException,
};
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::error::ProviderError;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::user_pool_client::UserPoolClient;
use serde_json::{json, Value};

fn props(v: Value) -> Props {
    Props::plain(v.as_object().unwrap().clone())
}

/// The error metadata AWS responses carry (code and message), as the SDK parses it.
fn meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}

/// The provider's AWS layer over mocked clients, with its own retry policy (3 retries) on.
fn aws(idp: idp::Client) -> Aws {
    let identity = mock_client!(aws_sdk_cognitoidentity, []);
    Aws::from_clients(idp, identity, "us-east-1").with_policy(3, 0.0)
}

/// A mocked Cognito client with the SDK's own retries off, as the provider configures it.
macro_rules! idp_client {
    ($($rule:expr),*) => {
        mock_client!(aws_sdk_cognitoidentityprovider, RuleMode::MatchAny, [$($rule),*], |c| {
            c.retry_config(aws_config::retry::RetryConfig::disabled())
        })
    };
}

fn client_type(secret: bool) -> UserPoolClientType {
    let b = UserPoolClientType::builder()
        .user_pool_id("us-east-1_abc")
        .client_id("client123")
        .client_name("app")
        .refresh_token_validity(30);
    if secret { b.client_secret("s3cr3t") } else { b }.build()
}

/// AWS can fail the read-back after a successful create (e.g. an internal error); the
/// client exists, so the engine must be told its id (ErrorResourceInitFailed), or it leaks.
#[tokio::test]
async fn failure_after_create_reports_the_id() {
    let create = mock!(idp::Client::create_user_pool_client).then_output(|| {
        idp::operation::create_user_pool_client::CreateUserPoolClientOutput::builder()
            .user_pool_client(client_type(true))
            .build()
    });
    let describe = mock!(idp::Client::describe_user_pool_client).then_error(|| {
        DescribeUserPoolClientError::InternalErrorException(
            InternalErrorException::builder()
                .message("boom")
                .meta(meta("InternalErrorException", "boom"))
                .build(),
        )
    });
    let c = idp_client!(&create, &describe);
    let aws = aws(c);
    let r = Typed::<UserPoolClient>::default();
    let news = props(json!({"userPoolId": "us-east-1_abc", "name": "app", "generateSecret": true}));
    match r.create(Some(&aws), news, false).await {
        Err(ProviderError::InitFailed(f)) => {
            assert_eq!(f.id, "client123");
            assert!(f.reasons[0].contains("boom"), "{:?}", f.reasons);
            assert_eq!(f.outputs.value["userPoolId"], json!("us-east-1_abc"));
        }
        other => panic!("expected InitFailed, got {other:?}"),
    }
    assert_eq!(create.num_calls(), 1);
}

/// A hard quota (LimitExceededException, e.g. 1,000 clients per pool) must surface at once
/// with AWS's message and advice, not be retried.
#[tokio::test]
async fn hard_quota_is_not_retried_and_explains_itself() {
    let create = mock!(idp::Client::create_user_pool_client).then_error(|| {
        idp::operation::create_user_pool_client::CreateUserPoolClientError::LimitExceededException(
            LimitExceededException::builder()
                .message("Max number of clients reached")
                .meta(meta(
                    "LimitExceededException",
                    "Max number of clients reached",
                ))
                .build(),
        )
    });
    let c = idp_client!(&create);
    let r = Typed::<UserPoolClient>::default();
    let err = r
        .create(
            Some(&aws(c)),
            props(json!({"userPoolId": "p", "name": "app"})),
            false,
        )
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("Max number of clients reached") && msg.contains("quota"),
        "{msg}"
    );
    assert_eq!(create.num_calls(), 1);
}

/// AWS's UpdateUserPoolClient resets every field it is not given (moto keeps them), so an
/// update that changes only the name must still send the unchanged settings.
#[tokio::test]
async fn client_update_sends_the_full_desired_state() {
    let update = mock!(idp::Client::update_user_pool_client)
        .match_requests(|req| {
            req.client_name() == Some("renamed")
                && req.callback_urls() == ["https://app.example.com/cb"]
                && req.explicit_auth_flows().len() == 2
                && req.access_token_validity() == Some(30)
                && req
                    .token_validity_units()
                    .and_then(|u| u.access_token())
                    .map(|u| u.as_str())
                    == Some("minutes")
        })
        .then_output(|| {
            idp::operation::update_user_pool_client::UpdateUserPoolClientOutput::builder().build()
        });
    let describe = mock!(idp::Client::describe_user_pool_client).then_output(|| {
        idp::operation::describe_user_pool_client::DescribeUserPoolClientOutput::builder()
            .user_pool_client(client_type(false))
            .build()
    });
    let c = idp_client!(&update, &describe);
    let aws = aws(c);
    let base = json!({"userPoolId": "us-east-1_abc", "callbackUrls": ["https://app.example.com/cb"],
        "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "accessTokenValidity": 30, "tokenValidityUnits": {"accessToken": "minutes"}});
    let mut old = base.clone();
    old["name"] = json!("app");
    let mut new = base;
    new["name"] = json!("renamed");
    let r = Typed::<UserPoolClient>::default();
    r.update(
        Some(&aws),
        "client123",
        props(old.clone()),
        props(old),
        props(new),
        false,
    )
    .await
    .expect("update with the full state matches the AWS-like rule");
    assert_eq!(update.num_calls(), 1);
}

/// Deleting a client AWS no longer has succeeds (moto agrees, but this pins AWS's error shape).
#[tokio::test]
async fn delete_of_missing_client_succeeds() {
    let delete = mock!(idp::Client::delete_user_pool_client).then_error(|| {
        idp::operation::delete_user_pool_client::DeleteUserPoolClientError::ResourceNotFoundException(
            ResourceNotFoundException::builder().message("gone").meta(meta("ResourceNotFoundException", "gone")).build(),
        )
    });
    let c = idp_client!(&delete);
    let r = Typed::<UserPoolClient>::default();
    r.delete(
        &aws(c),
        "client123",
        props(json!({"userPoolId": "p"})),
        Props::default(),
    )
    .await
    .expect("gone is fine");
    assert_eq!(delete.num_calls(), 1);
}

/// Throttling (TooManyRequestsException) and 5xx are retried until AWS answers.
#[tokio::test]
async fn throttling_and_5xx_are_retried() {
    let delete = mock!(idp::Client::delete_user_pool_client)
        .sequence()
        .error(|| {
            idp::operation::delete_user_pool_client::DeleteUserPoolClientError::TooManyRequestsException(
                aws_sdk_cognitoidentityprovider::types::error::TooManyRequestsException::builder()
                    .message("Rate exceeded")
                    .meta(meta("TooManyRequestsException", "Rate exceeded"))
                    .build(),
            )
        })
        .http_status(503, None)
        .output(|| idp::operation::delete_user_pool_client::DeleteUserPoolClientOutput::builder().build())
        .build();
    let c = idp_client!(&delete);
    let r = Typed::<UserPoolClient>::default();
    r.delete(
        &aws(c),
        "client123",
        props(json!({"userPoolId": "p"})),
        Props::default(),
    )
    .await
    .expect("retried to success");
    assert_eq!(delete.num_calls(), 3);
}
