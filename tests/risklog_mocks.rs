//! AWS behaviours of RiskConfiguration and LogDeliveryConfiguration that the local Cognito
//! does not show, covered with `aws-smithy-mocks` rules that answer the way AWS does. Each
//! test names the AWS behaviour it stands for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::operation::describe_risk_configuration::DescribeRiskConfigurationOutput;
use aws_sdk_cognitoidentityprovider::operation::get_log_delivery_configuration::GetLogDeliveryConfigurationOutput;
use aws_sdk_cognitoidentityprovider::operation::set_risk_configuration::SetRiskConfigurationError;
use aws_sdk_cognitoidentityprovider::types::error::UserPoolAddOnNotEnabledException;
use aws_sdk_cognitoidentityprovider::types::{
    CloudWatchLogsConfigurationType, CompromisedCredentialsActionsType,
    CompromisedCredentialsEventActionType, CompromisedCredentialsRiskConfigurationType,
    EventSourceName, LogConfigurationType, LogDeliveryConfigurationType, LogLevel,
    RiskConfigurationType, S3ConfigurationType,
};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::Props;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::log_delivery_configuration::LogDeliveryConfiguration;
use pulumi_cognito::resources::risk_configuration::RiskConfiguration;
use serde_json::{json, Value};

const POOL: &str = "us-east-1_AbC123";
const CLIENT: &str = "1example23456789";
const GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:cognito";

fn props(v: Value) -> Props {
    Props::plain(v.as_object().unwrap().clone())
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

/// The pool's configuration as AWS describes it, with the given `ClientId`.
fn pool_risk(client: Option<&str>) -> DescribeRiskConfigurationOutput {
    let cc = CompromisedCredentialsRiskConfigurationType::builder()
        .actions(
            CompromisedCredentialsActionsType::builder()
                .event_action(CompromisedCredentialsEventActionType::Block)
                .build()
                .unwrap(),
        )
        .build();
    DescribeRiskConfigurationOutput::builder()
        .risk_configuration(
            RiskConfigurationType::builder()
                .user_pool_id(POOL)
                .set_client_id(client.map(str::to_string))
                .compromised_credentials_risk_configuration(cc)
                .build(),
        )
        .build()
}

/// DescribeRiskConfiguration for a client without a configuration of its own answers with
/// the pool's (RiskConfigurationType.ClientId: "When this parameter isn't present, the risk
/// configuration applies to all user pool app clients that don't have client-level
/// settings"; `ALL` is taken the same way). That is not the client's: it reads as gone.
#[tokio::test]
async fn a_client_inheriting_the_pool_reads_as_gone() {
    for inherited in [None, Some("ALL")] {
        let describe = mock!(idp::Client::describe_risk_configuration)
            .match_requests(|r| r.client_id() == Some(CLIENT))
            .then_output(move || pool_risk(inherited));
        let found = Typed::<RiskConfiguration>::default()
            .read(
                &aws(idp_client!(&describe)),
                &format!("{POOL}:{CLIENT}"),
                props(json!({"userPoolId": POOL, "clientId": CLIENT,
                    "compromisedCredentialsRiskConfiguration": {"actions": {"eventAction": "BLOCK"}}})),
                Props::default(),
            )
            .await
            .expect("read");
        assert!(found.is_none(), "{inherited:?}: {found:?}");
        assert_eq!(describe.num_calls(), 1);
    }
    // The client's own configuration (its ClientId) is found.
    let describe =
        mock!(idp::Client::describe_risk_configuration).then_output(|| pool_risk(Some(CLIENT)));
    let found = Typed::<RiskConfiguration>::default()
        .read(
            &aws(idp_client!(&describe)),
            &format!("{POOL}:{CLIENT}"),
            Props::default(),
            Props::default(),
        )
        .await
        .expect("read")
        .expect("the client's own");
    assert_eq!(found.inputs.value["clientId"], json!(CLIENT));
}

/// SetRiskConfiguration fails with UserPoolAddOnNotEnabledException ("thrown when user pool
/// add-ons aren't enabled", the API Reference's errors of SetRiskConfiguration) on a pool
/// without threat protection, which the local Cognito does not check. The error says what to
/// turn on.
#[tokio::test]
async fn threat_protection_off_says_what_to_turn_on() {
    let describe = mock!(idp::Client::describe_risk_configuration).then_output(|| {
        DescribeRiskConfigurationOutput::builder()
            .risk_configuration(RiskConfigurationType::builder().user_pool_id(POOL).build())
            .build()
    });
    let set = mock!(idp::Client::set_risk_configuration).then_error(|| {
        SetRiskConfigurationError::UserPoolAddOnNotEnabledException(
            UserPoolAddOnNotEnabledException::builder()
                .message("Advanced security features are not enabled for this user pool.")
                .meta(
                    aws_smithy_types::error::ErrorMetadata::builder()
                        .code("UserPoolAddOnNotEnabledException")
                        .message("Advanced security features are not enabled for this user pool.")
                        .build(),
                )
                .build(),
        )
    });
    let err = Typed::<RiskConfiguration>::default()
        .create(
            Some(&aws(idp_client!(&describe, &set))),
            props(json!({"userPoolId": POOL,
                "compromisedCredentialsRiskConfiguration": {"actions": {"eventAction": "BLOCK"}}})),
            false,
        )
        .await
        .expect_err("threat protection is off");
    let m = err.to_string();
    assert!(
        m.contains("advancedSecurityMode") && m.contains(POOL),
        "{m}"
    );
    assert_eq!(set.num_calls(), 1);
}

/// GetLogDeliveryConfiguration may list a destination block without its ARN next to the
/// one that is set (its members are all optional in AWS's model). Only the block with an
/// ARN is the destination, so the read matches the program and shows no drift; entries
/// come back in the program's order whatever AWS's.
#[tokio::test]
async fn empty_destination_blocks_are_no_destination() {
    let get = mock!(idp::Client::get_log_delivery_configuration).then_output(|| {
        GetLogDeliveryConfigurationOutput::builder()
            .log_delivery_configuration(
                LogDeliveryConfigurationType::builder()
                    .user_pool_id(POOL)
                    .log_configurations(
                        LogConfigurationType::builder()
                            .event_source(EventSourceName::UserAuthEvents)
                            .log_level(LogLevel::Info)
                            .s3_configuration(
                                S3ConfigurationType::builder()
                                    .bucket_arn("arn:aws:s3:::logs")
                                    .build(),
                            )
                            .cloud_watch_logs_configuration(
                                CloudWatchLogsConfigurationType::builder().build(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .log_configurations(
                        LogConfigurationType::builder()
                            .event_source(EventSourceName::UserNotification)
                            .log_level(LogLevel::Error)
                            .cloud_watch_logs_configuration(
                                CloudWatchLogsConfigurationType::builder()
                                    .log_group_arn(GROUP)
                                    .build(),
                            )
                            .s3_configuration(S3ConfigurationType::builder().bucket_arn("").build())
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let inputs = json!({"userPoolId": POOL, "logConfigurations": [
        {"eventSource": "userNotification", "logLevel": "ERROR", "cloudWatchLogsConfiguration": {"logGroupArn": GROUP}},
        {"eventSource": "userAuthEvents", "logLevel": "INFO", "s3Configuration": {"bucketArn": "arn:aws:s3:::logs"}},
    ]});
    let aws = aws(idp_client!(&get));
    let r = Typed::<LogDeliveryConfiguration>::default();
    let found = r
        .read(&aws, POOL, props(inputs.clone()), Props::default())
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        found.inputs.value["logConfigurations"],
        inputs["logConfigurations"]
    );
    // An import (nothing to project onto) has no empty blocks either, in event-source order.
    let imported = r
        .read(&aws, POOL, Props::default(), Props::default())
        .await
        .expect("import")
        .expect("found");
    let mut want = inputs["logConfigurations"].clone();
    want.as_array_mut().unwrap().reverse();
    assert_eq!(imported.inputs.value["logConfigurations"], want);
}
