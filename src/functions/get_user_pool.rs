//! `cognito:index:getUserPool`: a user pool's settings, by id.

use super::{check_pool_id, one, strs, tags, text};
use crate::error::ProviderError;
use crate::function::Function;
use crate::resource::{Ctx, Failure};
use crate::resources::user_pool::date;
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The arguments of `getUserPool`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolArgs {
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool.
    #[serde(default)]
    pub user_pool_id: String,
}

/// One way to recover an account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolAccountRecoverySettingRecoveryMechanism {
    /// The mechanism: `verified_email`, `verified_phone_number` or `admin_only`.
    pub name: String,
    /// Its priority; lower numbers are tried first.
    pub priority: i64,
}

/// How users recover a forgotten password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolAccountRecoverySetting {
    /// The recovery mechanisms, by priority.
    pub recovery_mechanisms: Vec<GetUserPoolAccountRecoverySettingRecoveryMechanism>,
}

/// The invitation messages of users an administrator creates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolAdminCreateUserConfigInviteMessageTemplate {
    /// The email message.
    pub email_message: String,
    /// The email subject.
    pub email_subject: String,
    /// The SMS message.
    pub sms_message: String,
}

/// Settings for users an administrator creates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolAdminCreateUserConfig {
    /// Whether only administrators can create users.
    pub allow_admin_create_user_only: bool,
    /// The invitation message templates.
    pub invite_message_templates: Vec<GetUserPoolAdminCreateUserConfigInviteMessageTemplate>,
    /// Days an unconfirmed account created by an administrator stays valid.
    pub unused_account_validity_days: i64,
}

/// Device tracking.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolDeviceConfiguration {
    /// Whether a new device must pass a challenge.
    pub challenge_required_on_new_device: bool,
    /// Whether devices are remembered only when the user asks.
    pub device_only_remembered_on_user_prompt: bool,
}

/// How the pool sends email.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolEmailConfiguration {
    /// The Amazon SES configuration set.
    pub configuration_set: String,
    /// `COGNITO_DEFAULT` or `DEVELOPER`.
    pub email_sending_account: String,
    /// The sender address.
    pub from: String,
    /// The reply-to address.
    pub reply_to_email_address: String,
    /// The ARN of the verified SES identity.
    pub source_arn: String,
}

/// A versioned Lambda trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolLambdaConfigCustomEmailSender {
    /// The ARN of the Lambda function.
    pub lambda_arn: String,
    /// The trigger's event version.
    pub lambda_version: String,
}

/// A versioned Lambda trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolLambdaConfigCustomSmsSender {
    /// The ARN of the Lambda function.
    pub lambda_arn: String,
    /// The trigger's event version.
    pub lambda_version: String,
}

/// A versioned Lambda trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolLambdaConfigPreTokenGenerationConfig {
    /// The ARN of the Lambda function.
    pub lambda_arn: String,
    /// The trigger's event version.
    pub lambda_version: String,
}

/// The Lambda triggers; each is a function ARN, empty when unset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolLambdaConfig {
    /// Create auth challenge trigger.
    pub create_auth_challenge: String,
    /// Custom email sender trigger.
    pub custom_email_senders: Vec<GetUserPoolLambdaConfigCustomEmailSender>,
    /// Custom message trigger.
    pub custom_message: String,
    /// Custom SMS sender trigger.
    pub custom_sms_senders: Vec<GetUserPoolLambdaConfigCustomSmsSender>,
    /// Define auth challenge trigger.
    pub define_auth_challenge: String,
    /// The KMS key the custom senders use.
    pub kms_key_id: String,
    /// Post authentication trigger.
    pub post_authentication: String,
    /// Post confirmation trigger.
    pub post_confirmation: String,
    /// Pre authentication trigger.
    pub pre_authentication: String,
    /// Pre sign-up trigger.
    pub pre_sign_up: String,
    /// Pre token generation trigger (legacy form).
    pub pre_token_generation: String,
    /// Pre token generation trigger with its event version.
    pub pre_token_generation_configs: Vec<GetUserPoolLambdaConfigPreTokenGenerationConfig>,
    /// User migration trigger.
    pub user_migration: String,
    /// Verify auth challenge response trigger.
    pub verify_auth_challenge_response: String,
}

/// Bounds of a number attribute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolSchemaAttributeNumberAttributeConstraint {
    /// The largest value, empty if unbounded.
    pub max_value: String,
    /// The smallest value, empty if unbounded.
    pub min_value: String,
}

/// Bounds of a string attribute's length.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolSchemaAttributeStringAttributeConstraint {
    /// The longest length, empty if unbounded.
    pub max_length: String,
    /// The shortest length, empty if unbounded.
    pub min_length: String,
}

/// A user attribute, standard or custom, as AWS reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolSchemaAttribute {
    /// `String`, `Number`, `DateTime` or `Boolean`.
    pub attribute_data_type: String,
    /// Whether only administrators can read and write it.
    pub developer_only_attribute: bool,
    /// Whether it can change after the user is created.
    pub mutable: bool,
    /// The attribute name as AWS reports it, with its `custom:` or `dev:` prefix.
    pub name: String,
    /// Bounds of a number attribute.
    pub number_attribute_constraints: Vec<GetUserPoolSchemaAttributeNumberAttributeConstraint>,
    /// Whether sign-up requires it.
    pub required: bool,
    /// Bounds of a string attribute.
    pub string_attribute_constraints: Vec<GetUserPoolSchemaAttributeStringAttributeConstraint>,
}

/// Threat protection for custom authentication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolUserPoolAddOnAdvancedSecurityAdditionalFlow {
    /// `AUDIT` or `ENFORCED`.
    pub custom_auth_mode: String,
}

/// Threat protection (advanced security).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolUserPoolAddOn {
    /// Threat protection for custom authentication.
    pub advanced_security_additional_flows:
        Vec<GetUserPoolUserPoolAddOnAdvancedSecurityAdditionalFlow>,
    /// `OFF`, `AUDIT` or `ENFORCED`.
    pub advanced_security_mode: String,
}

/// What `getUserPool` returns. Blocks are lists of at most one item, as in pulumi-aws.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolResult {
    /// How users recover a forgotten password.
    pub account_recovery_settings: Vec<GetUserPoolAccountRecoverySetting>,
    /// Settings for users an administrator creates.
    pub admin_create_user_configs: Vec<GetUserPoolAdminCreateUserConfig>,
    /// The ARN of the pool.
    pub arn: String,
    /// Attributes verified automatically.
    pub auto_verified_attributes: Vec<String>,
    /// When the pool was created (RFC 3339).
    pub creation_date: String,
    /// The custom domain of the hosted sign-in pages; empty if none.
    pub custom_domain: String,
    /// `ACTIVE` or `INACTIVE`.
    pub deletion_protection: String,
    /// Device tracking.
    pub device_configurations: Vec<GetUserPoolDeviceConfiguration>,
    /// The domain prefix of the hosted sign-in pages; empty if none.
    pub domain: String,
    /// How the pool sends email.
    pub email_configurations: Vec<GetUserPoolEmailConfiguration>,
    /// An estimate of the number of users.
    pub estimated_number_of_users: i64,
    /// The pool id.
    pub id: String,
    /// The Lambda triggers.
    pub lambda_configs: Vec<GetUserPoolLambdaConfig>,
    /// When the pool was last modified (RFC 3339).
    pub last_modified_date: String,
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: String,
    /// The pool name.
    pub name: String,
    /// The region of the pool.
    pub region: String,
    /// Every user attribute, standard and custom.
    pub schema_attributes: Vec<GetUserPoolSchemaAttribute>,
    /// The SMS message with the MFA code.
    pub sms_authentication_message: String,
    /// Why the pool cannot send SMS, if it cannot.
    pub sms_configuration_failure: String,
    /// The verification SMS message.
    pub sms_verification_message: String,
    /// The pool's tags.
    pub tags: BTreeMap<String, String>,
    /// Threat protection.
    pub user_pool_add_ons: Vec<GetUserPoolUserPoolAddOn>,
    /// The pool id.
    pub user_pool_id: String,
    /// The pool's tags (the same as `tags`, kept for pulumi-aws programs).
    pub user_pool_tags: BTreeMap<String, String>,
    /// Attributes users may sign in with instead of a username.
    pub username_attributes: Vec<String>,
}

/// The `getUserPool` function.
pub struct GetUserPool;

#[async_trait]
impl Function for GetUserPool {
    type Args = GetUserPoolArgs;
    type Result = GetUserPoolResult;
    const TOKEN: &'static str = "cognito:index:getUserPool";
    const DESCRIPTION: &'static str = r#"Looks up a user pool by id: its settings, ARN, domains and dates.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = cognito.getUserPoolOutput({ userPoolId: "us-east-1_AbC123" });
export const arn = pool.arn;
```
```python
import pulumi
import pulumi_cognito as cognito

pool = cognito.get_user_pool_output(user_pool_id="us-east-1_AbC123")
pulumi.export("arn", pool.arn)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		pool, err := cognito.LookupUserPool(ctx, &cognito.LookupUserPoolArgs{UserPoolId: "us-east-1_AbC123"})
		if err != nil {
			return err
		}
		ctx.Export("arn", pulumi.String(pool.Arn))
		return nil
	})
}
```
```yaml
outputs:
  arn:
    fn::invoke:
      function: cognito:index:getUserPool
      arguments:
        userPoolId: us-east-1_AbC123
      return: arn
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserPoolArgs) -> Vec<Failure> {
        check_pool_id(&a.user_pool_id)
    }

    async fn invoke(ctx: Ctx<'_>, a: &GetUserPoolArgs) -> Result<GetUserPoolResult, ProviderError> {
        let id = a.user_pool_id.as_str();
        let out = ctx
            .aws
            .call("DescribeUserPool", None, || {
                ctx.aws.idp().describe_user_pool().user_pool_id(id).send()
            })
            .await?;
        let p = out.user_pool().ok_or_else(|| {
            ProviderError::InvalidArgument(format!("DescribeUserPool returned no pool for {id}"))
        })?;
        Ok(from_sdk(p, id, ctx.aws.region()))
    }
}

fn lambda(l: &t::LambdaConfigType) -> GetUserPoolLambdaConfig {
    GetUserPoolLambdaConfig {
        create_auth_challenge: text(l.create_auth_challenge()),
        custom_email_senders: one(l.custom_email_sender().map(|s| {
            GetUserPoolLambdaConfigCustomEmailSender {
                lambda_arn: s.lambda_arn().to_string(),
                lambda_version: s.lambda_version().as_str().to_string(),
            }
        })),
        custom_message: text(l.custom_message()),
        custom_sms_senders: one(l.custom_sms_sender().map(|s| {
            GetUserPoolLambdaConfigCustomSmsSender {
                lambda_arn: s.lambda_arn().to_string(),
                lambda_version: s.lambda_version().as_str().to_string(),
            }
        })),
        define_auth_challenge: text(l.define_auth_challenge()),
        kms_key_id: text(l.kms_key_id()),
        post_authentication: text(l.post_authentication()),
        post_confirmation: text(l.post_confirmation()),
        pre_authentication: text(l.pre_authentication()),
        pre_sign_up: text(l.pre_sign_up()),
        pre_token_generation: text(l.pre_token_generation()),
        pre_token_generation_configs: one(l.pre_token_generation_config().map(|c| {
            GetUserPoolLambdaConfigPreTokenGenerationConfig {
                lambda_arn: c.lambda_arn().to_string(),
                lambda_version: c.lambda_version().as_str().to_string(),
            }
        })),
        user_migration: text(l.user_migration()),
        verify_auth_challenge_response: text(l.verify_auth_challenge_response()),
    }
}

fn attribute(a: &t::SchemaAttributeType) -> GetUserPoolSchemaAttribute {
    GetUserPoolSchemaAttribute {
        attribute_data_type: a
            .attribute_data_type()
            .map_or("String", |d| d.as_str())
            .to_string(),
        developer_only_attribute: a.developer_only_attribute().unwrap_or(false),
        mutable: a.mutable().unwrap_or(false),
        name: text(a.name()),
        number_attribute_constraints: one(a.number_attribute_constraints().map(|n| {
            GetUserPoolSchemaAttributeNumberAttributeConstraint {
                max_value: text(n.max_value()),
                min_value: text(n.min_value()),
            }
        })),
        required: a.required().unwrap_or(false),
        string_attribute_constraints: one(a.string_attribute_constraints().map(|s| {
            GetUserPoolSchemaAttributeStringAttributeConstraint {
                max_length: text(s.max_length()),
                min_length: text(s.min_length()),
            }
        })),
    }
}

fn from_sdk(p: &t::UserPoolType, id: &str, region: &str) -> GetUserPoolResult {
    let pool_tags = tags(p.user_pool_tags());
    GetUserPoolResult {
        account_recovery_settings: one(p.account_recovery_setting().map(|a| {
            GetUserPoolAccountRecoverySetting {
                recovery_mechanisms: a
                    .recovery_mechanisms()
                    .iter()
                    .map(|m| GetUserPoolAccountRecoverySettingRecoveryMechanism {
                        name: m.name().as_str().to_string(),
                        priority: i64::from(m.priority()),
                    })
                    .collect(),
            }
        })),
        admin_create_user_configs: one(p.admin_create_user_config().map(|a| {
            GetUserPoolAdminCreateUserConfig {
                allow_admin_create_user_only: a.allow_admin_create_user_only(),
                invite_message_templates: one(a.invite_message_template().map(|m| {
                    GetUserPoolAdminCreateUserConfigInviteMessageTemplate {
                        email_message: text(m.email_message()),
                        email_subject: text(m.email_subject()),
                        sms_message: text(m.sms_message()),
                    }
                })),
                unused_account_validity_days: i64::from(a.unused_account_validity_days()),
            }
        })),
        arn: text(p.arn()),
        auto_verified_attributes: strs(p.auto_verified_attributes()),
        creation_date: p.creation_date().map(date).unwrap_or_default(),
        custom_domain: text(p.custom_domain()),
        deletion_protection: p
            .deletion_protection()
            .map_or("INACTIVE", |d| d.as_str())
            .to_string(),
        device_configurations: one(p.device_configuration().map(|d| {
            GetUserPoolDeviceConfiguration {
                challenge_required_on_new_device: d.challenge_required_on_new_device(),
                device_only_remembered_on_user_prompt: d.device_only_remembered_on_user_prompt(),
            }
        })),
        domain: text(p.domain()),
        email_configurations: one(p
            .email_configuration()
            .map(|e| GetUserPoolEmailConfiguration {
                configuration_set: text(e.configuration_set()),
                email_sending_account: text(e.email_sending_account().map(|a| a.as_str())),
                from: text(e.from()),
                reply_to_email_address: text(e.reply_to_email_address()),
                source_arn: text(e.source_arn()),
            })),
        estimated_number_of_users: i64::from(p.estimated_number_of_users()),
        id: id.to_string(),
        lambda_configs: one(p.lambda_config().map(lambda)),
        last_modified_date: p.last_modified_date().map(date).unwrap_or_default(),
        mfa_configuration: p
            .mfa_configuration()
            .map_or("OFF", |m| m.as_str())
            .to_string(),
        name: text(p.name()),
        region: region.to_string(),
        schema_attributes: p.schema_attributes().iter().map(attribute).collect(),
        sms_authentication_message: text(p.sms_authentication_message()),
        sms_configuration_failure: text(p.sms_configuration_failure()),
        sms_verification_message: text(p.sms_verification_message()),
        tags: pool_tags.clone(),
        user_pool_add_ons: one(p.user_pool_add_ons().map(|a| GetUserPoolUserPoolAddOn {
            advanced_security_additional_flows: one(a.advanced_security_additional_flows().map(
                |f| GetUserPoolUserPoolAddOnAdvancedSecurityAdditionalFlow {
                    custom_auth_mode: text(f.custom_auth_mode().map(|m| m.as_str())),
                },
            )),
            advanced_security_mode: a.advanced_security_mode().as_str().to_string(),
        })),
        user_pool_id: id.to_string(),
        user_pool_tags: pool_tags,
        username_attributes: strs(p.username_attributes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_lists_of_at_most_one_and_absent_values_are_empty() {
        let p = t::UserPoolType::builder()
            .name("p")
            .arn("arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_A")
            .user_pool_tags("k", "v")
            .schema_attributes(
                t::SchemaAttributeType::builder()
                    .name("custom:team")
                    .attribute_data_type(t::AttributeDataType::String)
                    .mutable(true)
                    .string_attribute_constraints(
                        t::StringAttributeConstraintsType::builder()
                            .max_length("64")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let r = from_sdk(&p, "us-east-1_A", "us-east-1");
        assert!(r.account_recovery_settings.is_empty() && r.lambda_configs.is_empty());
        assert_eq!(r.mfa_configuration, "OFF");
        assert_eq!(r.deletion_protection, "INACTIVE");
        assert_eq!(r.tags, r.user_pool_tags);
        assert_eq!(r.schema_attributes[0].name, "custom:team");
        assert_eq!(
            r.schema_attributes[0].string_attribute_constraints[0].min_length,
            ""
        );
        assert!(r.schema_attributes[0]
            .number_attribute_constraints
            .is_empty());
        assert!(!GetUserPool::check(&GetUserPoolArgs::default()).is_empty());
    }
}
