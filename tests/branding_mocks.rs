//! AWS behaviours of ManagedLoginBranding and Terms that the local Cognito does not show,
//! covered with `aws-smithy-mocks` rules that answer the way AWS does. Each test says which
//! AWS behaviour it stands in for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::operation::create_managed_login_branding::{
    CreateManagedLoginBrandingError, CreateManagedLoginBrandingOutput,
};
use aws_sdk_cognitoidentityprovider::operation::create_terms::CreateTermsError;
use aws_sdk_cognitoidentityprovider::operation::delete_managed_login_branding::{
    DeleteManagedLoginBrandingError, DeleteManagedLoginBrandingOutput,
};
use aws_sdk_cognitoidentityprovider::operation::describe_managed_login_branding::DescribeManagedLoginBrandingOutput;
use aws_sdk_cognitoidentityprovider::operation::describe_managed_login_branding_by_client::DescribeManagedLoginBrandingByClientOutput;
use aws_sdk_cognitoidentityprovider::operation::update_managed_login_branding::UpdateManagedLoginBrandingOutput;
use aws_sdk_cognitoidentityprovider::types::error::{
    ConcurrentModificationException, ManagedLoginBrandingExistsException, TermsExistsException,
};
use aws_sdk_cognitoidentityprovider::types::{ManagedLoginBrandingType, TermsDescriptionType};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::error::ProviderError;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::managed_login_branding::ManagedLoginBranding;
use pulumi_cognito::resources::terms::Terms;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const POOL: &str = "us-east-1_abc";
const BID: &str = "06c6ae7b-1e66-46d2-87a9-1203ea3307bd";

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

/// The provider's AWS layer over mocked clients, with no retries of its own: what is
/// retried here is the resource's own doing.
fn aws(idp: idp::Client) -> Aws {
    let identity = mock_client!(aws_sdk_cognitoidentity, []);
    Aws::from_clients(idp, identity, "us-east-1").with_policy(0, 0.0)
}

/// A mocked Cognito client with the SDK's own retries off, as the provider configures it.
macro_rules! idp_client {
    ($($rule:expr),*) => {
        mock_client!(aws_sdk_cognitoidentityprovider, RuleMode::MatchAny, [$($rule),*], |c| {
            c.retry_config(aws_config::retry::RetryConfig::disabled())
        })
    };
}

fn conflict() -> DeleteManagedLoginBrandingError {
    DeleteManagedLoginBrandingError::ConcurrentModificationException(
        ConcurrentModificationException::builder()
            .message("style is being updated")
            .meta(meta(
                "ConcurrentModificationException",
                "style is being updated",
            ))
            .build(),
    )
}

fn style(id: &str) -> ManagedLoginBrandingType {
    ManagedLoginBrandingType::builder()
        .managed_login_branding_id(id)
        .user_pool_id(POOL)
        .use_cognito_provided_values(false)
        .build()
}

fn branding_inputs() -> Value {
    json!({"userPoolId": POOL, "clientId": "client1", "settings": "{}"})
}

/// AWS answers DeleteManagedLoginBranding with ConcurrentModificationException while it is
/// still applying an earlier change to the style (e.g. right after an update); the delete
/// succeeds once that change is done. The provider retries the delete with backoff, even
/// with the general retries (`cognito:maxRetries`) off.
#[tokio::test]
async fn delete_retries_a_concurrent_modification() {
    let delete = mock!(idp::Client::delete_managed_login_branding)
        .sequence()
        .error(conflict)
        .times(2)
        .output(|| DeleteManagedLoginBrandingOutput::builder().build())
        .build();
    let aws = aws(idp_client!(&delete));
    let r = Typed::<ManagedLoginBranding>::default();
    r.delete(
        &aws,
        &format!("{POOL},{BID}"),
        props(branding_inputs()),
        Props::default(),
    )
    .await
    .expect("the third attempt deletes");
    assert_eq!(delete.num_calls(), 3);
}

/// The same AWS behaviour when the style stays busy: the provider gives up after a few
/// attempts and says why.
#[tokio::test]
async fn delete_gives_up_on_a_style_that_stays_busy() {
    let delete = mock!(idp::Client::delete_managed_login_branding)
        .sequence()
        .error(conflict)
        .repeatedly()
        .build();
    let aws = aws(idp_client!(&delete));
    let r = Typed::<ManagedLoginBranding>::default();
    let err = r
        .delete(
            &aws,
            &format!("{POOL},{BID}"),
            props(branding_inputs()),
            Props::default(),
        )
        .await
        .expect_err("never deleted");
    assert!(
        err.to_string().contains("ConcurrentModificationException"),
        "{err}"
    );
    assert_eq!(delete.num_calls(), 5);
}

/// An app client has one branding style: AWS refuses a second with
/// ManagedLoginBrandingExistsException. The error names the style that exists and how to
/// import it, instead of AWS's bare code.
#[tokio::test]
async fn a_second_style_for_a_client_names_the_first() {
    let create = mock!(idp::Client::create_managed_login_branding).then_error(|| {
        CreateManagedLoginBrandingError::ManagedLoginBrandingExistsException(
            ManagedLoginBrandingExistsException::builder()
                .message("exists")
                .meta(meta("ManagedLoginBrandingExistsException", "exists"))
                .build(),
        )
    });
    let by_client =
        mock!(idp::Client::describe_managed_login_branding_by_client).then_output(|| {
            DescribeManagedLoginBrandingByClientOutput::builder()
                .managed_login_branding(style(BID))
                .build()
        });
    let aws = aws(idp_client!(&create, &by_client));
    let r = Typed::<ManagedLoginBranding>::default();
    match r.create(Some(&aws), props(branding_inputs()), false).await {
        Err(ProviderError::InvalidArgument(m)) => {
            assert!(
                m.contains("already has a managed login branding style"),
                "{m}"
            );
            assert!(m.contains(&format!("{POOL},{BID}")), "{m}");
        }
        other => panic!("expected a clear error, got {other:?}"),
    }
}

/// AWS limits CreateManagedLoginBranding and UpdateManagedLoginBranding requests to 2 MB
/// and keeps what a later update leaves out, so images beyond the first request go in
/// later updates (the local Cognito has no size limit).
#[tokio::test]
async fn assets_beyond_two_megabytes_go_in_later_updates() {
    let sent = Arc::new(AtomicUsize::new(0));
    let (s1, s2) = (sent.clone(), sent.clone());
    let create = mock!(idp::Client::create_managed_login_branding).then_compute_output(move |r| {
        s1.fetch_add(r.assets().len(), Ordering::SeqCst);
        CreateManagedLoginBrandingOutput::builder()
            .managed_login_branding(style(BID))
            .build()
    });
    let update = mock!(idp::Client::update_managed_login_branding).then_compute_output(move |r| {
        assert_eq!(r.use_cognito_provided_values(), Some(false));
        assert!(
            r.settings().is_none(),
            "settings go in the first request only"
        );
        s2.fetch_add(r.assets().len(), Ordering::SeqCst);
        UpdateManagedLoginBrandingOutput::builder()
            .managed_login_branding(style(BID))
            .build()
    });
    let describe = mock!(idp::Client::describe_managed_login_branding).then_output(|| {
        DescribeManagedLoginBrandingOutput::builder()
            .managed_login_branding(style(BID))
            .build()
    });
    let aws = aws(idp_client!(&create, &update, &describe));
    // Three images of 700,000 bytes: base64 makes each about 933 KB.
    let image = aws_smithy_types::base64::encode(vec![7u8; 700_000]);
    let asset =
        |c: &str| json!({"category": c, "colorMode": "LIGHT", "extension": "PNG", "bytes": image});
    let mut inputs = branding_inputs();
    inputs["assets"] = json!([
        asset("FORM_LOGO"),
        asset("PAGE_BACKGROUND"),
        asset("FAVICON_ICO")
    ]);
    let r = Typed::<ManagedLoginBranding>::default();
    let (id, _) = r
        .create(Some(&aws), props(inputs), false)
        .await
        .expect("created");
    assert_eq!(id, format!("{POOL},{BID}"));
    assert_eq!(create.num_calls(), 1);
    assert_eq!(
        update.num_calls(),
        1,
        "one more request for what did not fit"
    );
    assert_eq!(sent.load(Ordering::SeqCst), 3, "every image sent once");
}

/// An app client has one terms document of each name: AWS refuses a second with
/// TermsExistsException. The error names the document that exists and how to import it.
#[tokio::test]
async fn second_terms_of_a_name_name_the_first() {
    let create = mock!(idp::Client::create_terms).then_error(|| {
        CreateTermsError::TermsExistsException(
            TermsExistsException::builder()
                .message("exists")
                .meta(meta("TermsExistsException", "exists"))
                .build(),
        )
    });
    let now = aws_smithy_types::DateTime::from_secs(0);
    let list = mock!(idp::Client::list_terms).then_output(move || {
        idp::operation::list_terms::ListTermsOutput::builder()
            .terms(
                TermsDescriptionType::builder()
                    .terms_id("t-1")
                    .terms_name("terms-of-use")
                    .enforcement("NONE".into())
                    .creation_date(now)
                    .last_modified_date(now)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let describe = mock!(idp::Client::describe_terms).then_output(move || {
        idp::operation::describe_terms::DescribeTermsOutput::builder()
            .terms(
                idp::types::TermsType::builder()
                    .terms_id("t-1")
                    .user_pool_id(POOL)
                    .client_id("client1")
                    .terms_name("terms-of-use")
                    .terms_source("LINK".into())
                    .enforcement("NONE".into())
                    .links("cognito:default", "https://example.com/terms")
                    .creation_date(now)
                    .last_modified_date(now)
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let aws = aws(idp_client!(&create, &list, &describe));
    let r = Typed::<Terms>::default();
    let inputs = json!({"userPoolId": POOL, "clientId": "client1", "termsName": "terms-of-use",
        "links": {"cognito:default": "https://example.com/other"}});
    match r.create(Some(&aws), props(inputs), false).await {
        Err(ProviderError::InvalidArgument(m)) => {
            assert!(m.contains("already has terms-of-use terms"), "{m}");
            assert!(m.contains(&format!("{POOL}|t-1")), "{m}");
        }
        other => panic!("expected a clear error, got {other:?}"),
    }
}
