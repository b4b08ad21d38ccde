//! AWS behaviours of the identity pool settings (IdentityPoolRoleAttachment,
//! IdentityPoolProviderPrincipalTag) that the local Cognito does not reproduce, covered with
//! `aws-smithy-mocks` rules that answer the way AWS does. Each test says which AWS behaviour
//! it stands in for.

use aws_sdk_cognitoidentity as identity;
use aws_sdk_cognitoidentity::operation::get_identity_pool_roles::GetIdentityPoolRolesOutput;
use aws_sdk_cognitoidentity::operation::get_principal_tag_attribute_map::GetPrincipalTagAttributeMapError;
use aws_sdk_cognitoidentity::operation::set_identity_pool_roles::{
    SetIdentityPoolRolesError, SetIdentityPoolRolesOutput,
};
use aws_sdk_cognitoidentity::operation::set_principal_tag_attribute_map::SetPrincipalTagAttributeMapError;
use aws_sdk_cognitoidentity::types::error::{
    ConcurrentModificationException, ResourceNotFoundException,
};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::identity_pool_provider_principal_tag::IdentityPoolProviderPrincipalTag;
use pulumi_cognito::resources::identity_pool_role_attachment::IdentityPoolRoleAttachment;
use serde_json::{json, Value};

const POOL: &str = "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d";

fn props(v: Value) -> Props {
    Props::plain(v.as_object().unwrap().clone())
}

fn meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}

/// The provider's AWS layer over a mocked identity client, with its retries (3) on.
fn aws(identity: identity::Client) -> Aws {
    let idp = mock_client!(aws_sdk_cognitoidentityprovider, []);
    Aws::from_clients(idp, identity, "us-east-1").with_policy(3, 0.0)
}

macro_rules! identity_client {
    ($($rule:expr),*) => {
        mock_client!(aws_sdk_cognitoidentity, RuleMode::MatchAny, [$($rule),*], |c| {
            c.retry_config(aws_config::retry::RetryConfig::disabled())
        })
    };
}

/// SetIdentityPoolRoles lists ConcurrentModificationException among its errors (another
/// writer changed the pool meanwhile): the write is retried, not failed; and AWS's
/// GetIdentityPoolRoles answers a pool without roles with an empty map, so the attachment
/// may claim it.
#[tokio::test]
async fn role_attachment_retries_a_concurrent_modification() {
    let empty = mock!(identity::Client::get_identity_pool_roles)
        .match_requests(|r| r.identity_pool_id() == Some(POOL))
        .sequence()
        .output(|| {
            GetIdentityPoolRolesOutput::builder()
                .identity_pool_id(POOL)
                .set_roles(Some(Default::default()))
                .build()
        })
        .output(|| {
            GetIdentityPoolRolesOutput::builder()
                .identity_pool_id(POOL)
                .roles("authenticated", "arn:aws:iam::123456789012:role/users")
                .build()
        })
        .build();
    let set = mock!(identity::Client::set_identity_pool_roles)
        .match_requests(|r| {
            r.roles()
                .and_then(|m| m.get("authenticated"))
                .map(String::as_str)
                == Some("arn:aws:iam::123456789012:role/users")
                && r.role_mappings().is_some_and(|m| m.is_empty())
        })
        .sequence()
        .error(|| {
            SetIdentityPoolRolesError::ConcurrentModificationException(
                ConcurrentModificationException::builder()
                    .message("changed meanwhile")
                    .meta(meta("ConcurrentModificationException", "changed meanwhile"))
                    .build(),
            )
        })
        .output(|| SetIdentityPoolRolesOutput::builder().build())
        .build();
    let r = Typed::<IdentityPoolRoleAttachment>::default();
    let news = props(json!({"identityPoolId": POOL, "roleMappings": [],
                            "roles": {"authenticated": "arn:aws:iam::123456789012:role/users"}}));
    let (id, out) = r
        .create(Some(&aws(identity_client!(&empty, &set))), news, false)
        .await
        .expect("created after one retry");
    assert_eq!(id, POOL);
    assert_eq!(set.num_calls(), 2);
    assert_eq!(
        out.value["roles"]["authenticated"],
        json!("arn:aws:iam::123456789012:role/users")
    );
}

/// An identity pool deleted outside Pulumi: AWS answers GetPrincipalTagAttributeMap and
/// SetPrincipalTagAttributeMap with ResourceNotFoundException. The mapping reads as gone,
/// and deleting it succeeds.
#[tokio::test]
async fn principal_tag_of_a_deleted_pool_is_gone() {
    let not_found = || {
        meta(
            "ResourceNotFoundException",
            &format!("IdentityPool '{POOL}' not found."),
        )
    };
    let get = mock!(identity::Client::get_principal_tag_attribute_map).then_error(move || {
        GetPrincipalTagAttributeMapError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message("not found")
                .meta(not_found())
                .build(),
        )
    });
    let set = mock!(identity::Client::set_principal_tag_attribute_map).then_error(move || {
        SetPrincipalTagAttributeMapError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message("not found")
                .meta(not_found())
                .build(),
        )
    });
    let aws = aws(identity_client!(&get, &set));
    let r = Typed::<IdentityPoolProviderPrincipalTag>::default();
    let id = format!("{POOL}:arn:aws:iam::123456789012:oidc-provider/id.example.com");
    let inputs = props(json!({"identityPoolId": POOL,
        "identityProviderName": "arn:aws:iam::123456789012:oidc-provider/id.example.com",
        "useDefaults": true}));
    let read = r
        .read(&aws, &id, inputs.clone(), Props::default())
        .await
        .expect("a gone pool is no error");
    assert!(read.is_none());
    r.delete(&aws, &id, inputs, Props::default())
        .await
        .expect("deleting the mapping of a gone pool succeeds");
    assert_eq!((get.num_calls(), set.num_calls()), (1, 1));
}
