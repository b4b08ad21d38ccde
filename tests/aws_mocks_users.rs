//! AWS behaviours of groups and users that moto does not reproduce, covered with
//! `aws-smithy-mocks` rules that answer the way AWS does. Each test says which AWS behaviour
//! it stands in for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, GroupType, UserStatusType};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::{user::User, user_group::UserGroup};
use serde_json::{json, Value};

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

const ROLE: &str = "arn:aws:iam::123456789012:role/admin";

/// AWS's UpdateGroup resets what it is not given and refuses an empty RoleArn (TF#4236;
/// moto keeps omitted fields, so it cannot show this). Removing `roleArn` and `precedence`
/// from the program must leave both out of the request (never send `""`), and the group as
/// AWS then reports it, without them, is what the update answers with.
#[tokio::test]
async fn removing_role_and_precedence_leaves_them_out_of_update_group() {
    let update = mock!(idp::Client::update_group)
        .match_requests(|r| {
            r.group_name() == Some("admins")
                && r.user_pool_id() == Some("us-east-1_abc")
                && r.role_arn().is_none()
                && r.precedence().is_none()
                && r.description() == Some("Admins")
        })
        .then_output(|| idp::operation::update_group::UpdateGroupOutput::builder().build());
    // AWS after the update: role and precedence reset.
    let get = mock!(idp::Client::get_group).then_output(|| {
        idp::operation::get_group::GetGroupOutput::builder()
            .group(
                GroupType::builder()
                    .group_name("admins")
                    .user_pool_id("us-east-1_abc")
                    .description("Admins")
                    .build(),
            )
            .build()
    });
    let c = idp_client!(&update, &get);
    let r = Typed::<UserGroup>::default();
    let old = json!({"userPoolId": "us-east-1_abc", "name": "admins", "description": "Admins",
                     "precedence": 1, "roleArn": ROLE});
    let new = json!({"userPoolId": "us-east-1_abc", "name": "admins", "description": "Admins"});
    let out = r
        .update(
            Some(&aws(c)),
            "us-east-1_abc/admins",
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .expect("the update matches the AWS-like rule");
    assert_eq!(update.num_calls(), 1);
    assert!(out.value.get("roleArn").is_none() && out.value.get("precedence").is_none());
}

/// The same call when only the description is removed: AWS would reset it if omitted, but
/// sending it empty clears it whatever the service does with omissions, and keeps the role.
#[tokio::test]
async fn removing_the_description_sends_it_empty_and_keeps_the_role() {
    let update = mock!(idp::Client::update_group)
        .match_requests(|r| {
            r.description() == Some("") && r.role_arn() == Some(ROLE) && r.precedence() == Some(0)
        })
        .then_output(|| idp::operation::update_group::UpdateGroupOutput::builder().build());
    let get = mock!(idp::Client::get_group).then_output(|| {
        idp::operation::get_group::GetGroupOutput::builder()
            .group(
                GroupType::builder()
                    .group_name("admins")
                    .user_pool_id("us-east-1_abc")
                    .description("")
                    .role_arn(ROLE)
                    .precedence(0)
                    .build(),
            )
            .build()
    });
    let c = idp_client!(&update, &get);
    let r = Typed::<UserGroup>::default();
    let base =
        json!({"userPoolId": "us-east-1_abc", "name": "admins", "precedence": 0, "roleArn": ROLE});
    let mut old = base.clone();
    old["description"] = json!("Admins");
    let out = r
        .update(
            Some(&aws(c)),
            "us-east-1_abc/admins",
            props(old.clone()),
            props(old),
            props(base),
            false,
        )
        .await
        .unwrap();
    assert_eq!(update.num_calls(), 1);
    // AWS's empty description reads as none: no drift against the program.
    assert!(out.value.get("description").is_none(), "{:?}", out.value);
}

/// AWS (unlike moto) accepts AdminDeleteUserAttributes for attributes the user lacks, but
/// also reports a developer-only attribute under its `dev:custom:` name. A removed attribute
/// that is already gone is not sent at all; one the user still has is.
#[tokio::test]
async fn removed_attributes_are_deleted_only_if_the_user_has_them() {
    let get = mock!(idp::Client::admin_get_user).then_output(|| {
        idp::operation::admin_get_user::AdminGetUserOutput::builder()
            .username("alice")
            .enabled(true)
            .user_status(UserStatusType::Confirmed)
            .user_attributes(
                AttributeType::builder()
                    .name("sub")
                    .value("s-1")
                    .build()
                    .unwrap(),
            )
            .user_attributes(
                AttributeType::builder()
                    .name("dev:custom:tier")
                    .value("gold")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let delete = mock!(idp::Client::admin_delete_user_attributes)
        .match_requests(|r| r.user_attribute_names() == ["dev:custom:tier"])
        .then_output(|| {
            idp::operation::admin_delete_user_attributes::AdminDeleteUserAttributesOutput::builder()
                .build()
        });
    let c = idp_client!(&get, &delete);
    let r = Typed::<User>::default();
    let old = json!({"userPoolId": "us-east-1_abc", "username": "alice",
                     "attributes": {"dev:custom:tier": "gold", "custom:gone": "x"}});
    let new = json!({"userPoolId": "us-east-1_abc", "username": "alice"});
    let out = r
        .update(
            Some(&aws(c)),
            "us-east-1_abc/alice",
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .unwrap();
    assert_eq!(delete.num_calls(), 1);
    assert_eq!(out.value["sub"], json!("s-1"));
}

/// In a pool that signs in by email, AWS names the user by its sub and answers AdminGetUser
/// for the email with that name. The resource keeps the username it was given, reads by
/// it, and exposes the sub.
#[tokio::test]
async fn a_user_named_by_its_sub_keeps_the_given_username() {
    let get = mock!(idp::Client::admin_get_user)
        .match_requests(|r| r.username() == Some("alice@example.com"))
        .then_output(|| {
            idp::operation::admin_get_user::AdminGetUserOutput::builder()
                .username("6f1c-sub")
                .enabled(true)
                .user_status(UserStatusType::Confirmed)
                .user_attributes(
                    AttributeType::builder()
                        .name("sub")
                        .value("6f1c-sub")
                        .build()
                        .unwrap(),
                )
                .user_attributes(
                    AttributeType::builder()
                        .name("email")
                        .value("alice@example.com")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        });
    let c = idp_client!(&get);
    let r = Typed::<User>::default();
    let inputs = json!({"userPoolId": "us-east-1_abc", "username": "alice@example.com"});
    let found = r
        .read(
            &aws(c),
            "us-east-1_abc/alice@example.com",
            props(inputs),
            Props::default(),
        )
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.id, "us-east-1_abc/alice@example.com");
    assert_eq!(found.inputs.value["username"], json!("alice@example.com"));
    assert_eq!(found.outputs.value["sub"], json!("6f1c-sub"));
    // The email AWS added is not among the program's inputs.
    assert!(found.inputs.value.get("attributes").is_none());
}

/// A group of a federated provider that Cognito already made answers CreateGroup with
/// GroupExistsException; the failure says to import it instead of failing obscurely.
#[tokio::test]
async fn creating_a_federated_group_cognito_made_says_to_import_it() {
    let create = mock!(idp::Client::create_group).then_error(|| {
        idp::operation::create_group::CreateGroupError::GroupExistsException(
            idp::types::error::GroupExistsException::builder()
                .message("A group with the name already exists")
                .meta(meta(
                    "GroupExistsException",
                    "A group with the name already exists",
                ))
                .build(),
        )
    });
    let c = idp_client!(&create);
    let r = Typed::<UserGroup>::default();
    let err = r
        .create(
            Some(&aws(c)),
            props(json!({"userPoolId": "us-east-1_abc", "name": "us-east-1_abc_Google"})),
            false,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("pulumi import") && err.contains("us-east-1_abc/us-east-1_abc_Google"),
        "{err}"
    );
    assert_eq!(create.num_calls(), 1);
}
