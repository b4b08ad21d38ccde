//! `cognito:index:UserPool`: a Cognito user directory.
//!
//! The property set mirrors `pulumi_aws.cognito.UserPool`. AWS spreads a pool's settings
//! over three calls, and this module keeps to AWS's rules for each:
//! - `CreateUserPool` / `UpdateUserPool` take everything except the MFA factors; the update
//!   resets whatever it is not given, so it always gets the full desired state;
//! - `SetUserPoolMfaConfig` turns MFA on and sets the factors (SMS, TOTP, email) and
//!   passkeys (WebAuthn); `CreateUserPool` would refuse MFA without SMS, so MFA is never
//!   sent there;
//! - `AddCustomAttributes` adds schema attributes (they can never change or go away).

use crate::aws::{enums, AwsError, Created, NotFoundIsAnswer};
use crate::codec::PropPath;
use crate::diff::{diff_value, Change, PropDiff};
use crate::error::{OpError, PartialExt, ProviderError};
use crate::resource::{from_map, project, to_map, Ctx, Failure, Found, Naming, Resource};
use crate::tags::{self, TagSlots, Tags};
use crate::validate::{i32_of, sort_set, Checker, Path, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// The password rules of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolPasswordPolicy {
    /// Minimum password length, 6 to 99.
    pub minimum_length: Option<i64>,
    /// Number of previous passwords a user may not reuse, 0 to 24; 0 turns password history off.
    pub password_history_size: Option<i64>,
    /// Whether passwords need a lowercase letter.
    pub require_lowercase: Option<bool>,
    /// Whether passwords need a number.
    pub require_numbers: Option<bool>,
    /// Whether passwords need a symbol.
    pub require_symbols: Option<bool>,
    /// Whether passwords need an uppercase letter.
    pub require_uppercase: Option<bool>,
    /// Days a temporary password set by an administrator stays valid, 0 to 365 (AWS default 7).
    pub temporary_password_validity_days: Option<i64>,
}

/// Length limits of a string attribute.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSchemaStringAttributeConstraints {
    /// Maximum length, as a string.
    pub max_length: Option<String>,
    /// Minimum length, as a string.
    pub min_length: Option<String>,
}

/// Value limits of a number attribute.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSchemaNumberAttributeConstraints {
    /// Maximum value, as a string.
    pub max_value: Option<String>,
    /// Minimum value, as a string.
    pub min_value: Option<String>,
}

/// A user attribute of the pool: a standard one to configure, or a custom one to add.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSchema {
    /// The attribute data type: `String`, `Number`, `DateTime` or `Boolean`.
    #[serde(default)]
    pub attribute_data_type: String,
    /// Whether only administrators may read and write the attribute (AWS names it `dev:custom:<name>`).
    pub developer_only_attribute: Option<bool>,
    /// Whether the attribute may change after it is set.
    pub mutable: Option<bool>,
    /// The attribute name, without the `custom:` (or `dev:custom:`) prefix for custom attributes.
    #[serde(default)]
    pub name: String,
    /// Limits for a `Number` attribute.
    pub number_attribute_constraints: Option<UserPoolSchemaNumberAttributeConstraints>,
    /// Whether the attribute is required at sign-up (standard attributes only).
    pub required: Option<bool>,
    /// Limits for a `String` attribute.
    pub string_attribute_constraints: Option<UserPoolSchemaStringAttributeConstraints>,
}

/// One way a user can recover a forgotten password, with its priority.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolAccountRecoverySettingRecoveryMechanism {
    /// The recovery method: `verified_email`, `verified_phone_number` or `admin_only`.
    #[serde(default)]
    pub name: String,
    /// Its priority, 1 (tried first) or 2.
    #[serde(default)]
    pub priority: i64,
}

/// How users recover a forgotten password.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolAccountRecoverySetting {
    /// One or two recovery methods, each with a distinct priority.
    pub recovery_mechanisms: Option<Vec<UserPoolAccountRecoverySettingRecoveryMechanism>>,
}

/// The messages sent to users an administrator creates.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolAdminCreateUserConfigInviteMessageTemplate {
    /// Email message; must contain the `{username}` and `{####}` (temporary password) placeholders; 6 to 20000 characters.
    pub email_message: Option<String>,
    /// Email subject, 1 to 140 characters.
    pub email_subject: Option<String>,
    /// SMS message; must contain the `{username}` and `{####}` (temporary password) placeholders; 6 to 140 characters.
    pub sms_message: Option<String>,
}

/// Settings for users created by an administrator.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolAdminCreateUserConfig {
    /// True if only administrators may create users; false lets users sign themselves up.
    pub allow_admin_create_user_only: Option<bool>,
    /// The invitation messages.
    pub invite_message_template: Option<UserPoolAdminCreateUserConfigInviteMessageTemplate>,
}

/// Device tracking ("remember this device").
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolDeviceConfiguration {
    /// Whether a remembered device may stand in for the MFA second factor (a new device is always challenged).
    pub challenge_required_on_new_device: Option<bool>,
    /// `true`: devices are remembered only when the user opts in; `false`: always remembered. Leaving the whole block out turns device tracking off.
    pub device_only_remembered_on_user_prompt: Option<bool>,
}

/// How the pool sends email.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolEmailConfiguration {
    /// Amazon SES configuration set name (1 to 64 of `[a-zA-Z0-9_-]`).
    pub configuration_set: Option<String>,
    /// `COGNITO_DEFAULT` (default) for Cognito's own email, or `DEVELOPER` for your Amazon SES identity (then `sourceArn` is required).
    pub email_sending_account: Option<String>,
    /// Sender address, optionally with a display name (`John Smith <john@example.com>`); needs `emailSendingAccount` `DEVELOPER`.
    pub from_email_address: Option<String>,
    /// Reply-to address.
    pub reply_to_email_address: Option<String>,
    /// ARN of the verified Amazon SES identity to send from; required with `DEVELOPER`.
    pub source_arn: Option<String>,
}

/// The email messages of email MFA and email one-time-password sign-in.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolEmailMfaConfiguration {
    /// Message template; must contain the `{####}` code placeholder; 6 to 20000 characters. AWS uses its default message if unset.
    pub message: Option<String>,
    /// Subject of the messages.
    pub subject: Option<String>,
}

/// A custom email sender Lambda trigger.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolLambdaConfigCustomEmailSender {
    /// ARN of the Lambda function that sends the emails.
    #[serde(default)]
    pub lambda_arn: String,
    /// The event version Cognito sends the function; only `V1_0`.
    #[serde(default)]
    pub lambda_version: String,
}

/// A custom SMS sender Lambda trigger.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolLambdaConfigCustomSmsSender {
    /// ARN of the Lambda function that sends the SMS messages.
    #[serde(default)]
    pub lambda_arn: String,
    /// The event version Cognito sends the function; only `V1_0`.
    #[serde(default)]
    pub lambda_version: String,
}

/// The pre token generation trigger with its event version.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolLambdaConfigPreTokenGenerationConfig {
    /// ARN of the Lambda function; the same as `preTokenGeneration` when both are set.
    #[serde(default)]
    pub lambda_arn: String,
    /// The event version: `V1_0` (ID token only), `V2_0` (also access tokens) or `V3_0` (also machine-to-machine tokens).
    #[serde(default)]
    pub lambda_version: String,
}

/// The Lambda triggers of the pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolLambdaConfig {
    /// ARN of the function that creates custom authentication challenges.
    pub create_auth_challenge: Option<String>,
    /// The custom email sender trigger; needs `kmsKeyId`.
    pub custom_email_sender: Option<UserPoolLambdaConfigCustomEmailSender>,
    /// ARN of the custom message trigger.
    pub custom_message: Option<String>,
    /// The custom SMS sender trigger; needs `kmsKeyId`.
    pub custom_sms_sender: Option<UserPoolLambdaConfigCustomSmsSender>,
    /// ARN of the function that defines custom authentication challenges.
    pub define_auth_challenge: Option<String>,
    /// ARN of the KMS key Cognito encrypts codes and temporary passwords with for the custom senders.
    pub kms_key_id: Option<String>,
    /// ARN of the post authentication trigger.
    pub post_authentication: Option<String>,
    /// ARN of the post confirmation trigger.
    pub post_confirmation: Option<String>,
    /// ARN of the pre authentication trigger.
    pub pre_authentication: Option<String>,
    /// ARN of the pre sign-up trigger.
    pub pre_sign_up: Option<String>,
    /// ARN of the (legacy, `V1_0`) pre token generation trigger; prefer `preTokenGenerationConfig`.
    pub pre_token_generation: Option<String>,
    /// The pre token generation trigger with its event version.
    pub pre_token_generation_config: Option<UserPoolLambdaConfigPreTokenGenerationConfig>,
    /// ARN of the user migration trigger.
    pub user_migration: Option<String>,
    /// ARN of the function that verifies custom authentication challenge answers.
    pub verify_auth_challenge_response: Option<String>,
}

/// Which sign-in methods users may start with.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSignInPolicy {
    /// First factors: `PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN` (AWS default `[PASSWORD]`). Anything but `PASSWORD` needs the Essentials tier or higher.
    pub allowed_first_auth_factors: Option<Vec<String>>,
}

/// How the pool sends SMS messages (through Amazon SNS), for verification and SMS MFA.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSmsConfiguration {
    /// The external ID in the trust policy of the SNS caller role.
    #[serde(default)]
    pub external_id: String,
    /// ARN of the IAM role Cognito assumes to publish to Amazon SNS.
    #[serde(default)]
    pub sns_caller_arn: String,
    /// The AWS region of the Amazon SNS integration (defaults to the pool's).
    pub sns_region: Option<String>,
}

/// Time-based one-time password (authenticator app) MFA.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolSoftwareTokenMfaConfiguration {
    /// Whether authenticator-app MFA is on; `true` needs `mfaConfiguration` `ON` or `OPTIONAL`.
    #[serde(default)]
    pub enabled: bool,
}

/// What happens when a user changes a verified attribute.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUserAttributeUpdateSettings {
    /// Attributes (`email`, `phone_number`) whose new value takes effect only once verified; each must be in `autoVerifiedAttributes`.
    #[serde(default)]
    pub attributes_require_verification_before_updates: Vec<String>,
}

/// Threat protection for authentication flows other than the standard ones.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUserPoolAddOnsAdvancedSecurityAdditionalFlows {
    /// Threat protection mode for custom authentication: `AUDIT` (AWS default) or `ENFORCED`.
    pub custom_auth_mode: Option<String>,
}

/// Threat protection (advanced security).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUserPoolAddOns {
    /// `OFF`, `AUDIT` or `ENFORCED`; anything but `OFF` needs the Plus tier.
    #[serde(default)]
    pub advanced_security_mode: String,
    /// Threat protection for custom authentication flows.
    pub advanced_security_additional_flows:
        Option<UserPoolUserPoolAddOnsAdvancedSecurityAdditionalFlows>,
}

/// Username case sensitivity. Changing it replaces the pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUsernameConfiguration {
    /// Whether usernames (and alias attributes) are case sensitive. Required by AWS when the block is set.
    pub case_sensitive: Option<bool>,
}

/// The verification messages.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolVerificationMessageTemplate {
    /// `CONFIRM_WITH_CODE` (default) or `CONFIRM_WITH_LINK`.
    pub default_email_option: Option<String>,
    /// Email message with a code; must contain `{####}`; 6 to 20000 characters. If `emailVerificationMessage` is also set, both must be equal.
    pub email_message: Option<String>,
    /// Email message with a link; must contain a `{##Click here##}` placeholder; 6 to 20000 characters.
    pub email_message_by_link: Option<String>,
    /// Subject of the code email, 1 to 140 characters. If `emailVerificationSubject` is also set, both must be equal.
    pub email_subject: Option<String>,
    /// Subject of the link email, 1 to 140 characters.
    pub email_subject_by_link: Option<String>,
    /// SMS message; must contain `{####}`; 6 to 140 characters. If `smsVerificationMessage` is also set, both must be equal.
    pub sms_message: Option<String>,
}

/// Passkey (WebAuthn) sign-in.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolWebAuthnConfiguration {
    /// The relying party ID passkey providers see: the pool's domain or your custom domain (1 to 127 characters).
    pub relying_party_id: Option<String>,
    /// `required` or `preferred` (AWS default): whether passkey user verification is required.
    pub user_verification: Option<String>,
}

/// The inputs of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolArgs {
    /// How users recover a forgotten password. Without it AWS prefers SMS, then email.
    pub account_recovery_setting: Option<UserPoolAccountRecoverySetting>,
    /// Settings for users created by an administrator.
    pub admin_create_user_config: Option<UserPoolAdminCreateUserConfig>,
    /// Attributes used as aliases for signing in: `phone_number`, `email` or `preferred_username`. Conflicts with `usernameAttributes`. Changing it replaces the pool.
    pub alias_attributes: Option<Vec<String>>,
    /// Attributes verified automatically: `email` and/or `phone_number` (which needs `smsConfiguration`).
    pub auto_verified_attributes: Option<Vec<String>>,
    /// `ACTIVE` to prevent deletion of the pool, `INACTIVE` (default) to allow it.
    pub deletion_protection: Option<String>,
    /// Device tracking; leave it out to turn device tracking off.
    pub device_configuration: Option<UserPoolDeviceConfiguration>,
    /// How the pool sends email.
    pub email_configuration: Option<UserPoolEmailConfiguration>,
    /// Email MFA and email one-time-password sign-in. Needs `emailConfiguration` with `DEVELOPER` sending, a tier above `LITE`, and account recovery that is not email only; MFA itself takes effect only when `mfaConfiguration` is `ON` or `OPTIONAL`.
    pub email_mfa_configuration: Option<UserPoolEmailMfaConfiguration>,
    /// Verification email message; must contain `{####}`. Same as `verificationMessageTemplate.emailMessage`.
    pub email_verification_message: Option<String>,
    /// Verification email subject. Same as `verificationMessageTemplate.emailSubject`.
    pub email_verification_subject: Option<String>,
    /// The Lambda triggers.
    pub lambda_config: Option<UserPoolLambdaConfig>,
    /// Multi-factor authentication: `OFF` (default), `ON` (required for everyone) or `OPTIONAL` (per user). `ON` and `OPTIONAL` need a second factor: `smsConfiguration`, `softwareTokenMfaConfiguration` enabled, or `emailMfaConfiguration`.
    pub mfa_configuration: Option<String>,
    /// The pool name, 1 to 128 characters. Generated from the resource name if unset. Renaming updates in place.
    pub name: Option<String>,
    /// The password rules.
    pub password_policy: Option<UserPoolPasswordPolicy>,
    /// The AWS region to manage the pool in; defaults to the provider's region. Changing it replaces the pool.
    pub region: Option<String>,
    /// User attributes. Adding one updates in place; changing or removing one replaces the pool. Standard attributes only need listing to change their defaults. At most 50.
    pub schemas: Option<Vec<UserPoolSchema>>,
    /// Which sign-in methods users may start with.
    pub sign_in_policy: Option<UserPoolSignInPolicy>,
    /// The SMS message with the MFA code; must contain `{####}`; 6 to 140 characters.
    pub sms_authentication_message: Option<String>,
    /// How the pool sends SMS messages, for verification and SMS MFA. AWS cannot remove it once set: removing it from the program leaves it in place.
    pub sms_configuration: Option<UserPoolSmsConfiguration>,
    /// Verification SMS message; must contain `{####}`. Same as `verificationMessageTemplate.smsMessage`.
    pub sms_verification_message: Option<String>,
    /// Authenticator-app (TOTP) MFA.
    pub software_token_mfa_configuration: Option<UserPoolSoftwareTokenMfaConfiguration>,
    /// Tags for the pool.
    pub tags: Option<BTreeMap<String, String>>,
    /// All tags: `tags` merged over the provider's `defaultTags`. Check sets it; it is an
    /// output in the schema (`tagsAll`), as in pulumi-aws.
    #[schemars(skip)]
    pub tags_all: Option<BTreeMap<String, String>>,
    /// What happens when a user changes a verified attribute.
    pub user_attribute_update_settings: Option<UserPoolUserAttributeUpdateSettings>,
    /// Threat protection (advanced security).
    pub user_pool_add_ons: Option<UserPoolUserPoolAddOns>,
    /// The feature plan: `LITE`, `ESSENTIALS` (AWS default) or `PLUS`.
    pub user_pool_tier: Option<String>,
    /// Attributes users may sign in with instead of a username: `email` and/or `phone_number`. Conflicts with `aliasAttributes`. Changing it replaces the pool.
    pub username_attributes: Option<Vec<String>>,
    /// Username case sensitivity. Changing it replaces the pool.
    pub username_configuration: Option<UserPoolUsernameConfiguration>,
    /// The verification messages.
    pub verification_message_template: Option<UserPoolVerificationMessageTemplate>,
    /// Passkey (WebAuthn) sign-in.
    pub web_authn_configuration: Option<UserPoolWebAuthnConfiguration>,
}

/// The computed outputs of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolOutputs {
    /// The ARN of the pool.
    pub arn: String,
    /// When the pool was created (RFC 3339).
    pub creation_date: String,
    /// The custom domain of the pool's hosted sign-in pages, e.g. `auth.example.com`; empty if none.
    pub custom_domain: String,
    /// The domain prefix of the pool's hosted sign-in pages; empty if none.
    pub domain: String,
    /// The pool's endpoint, `cognito-idp.<region>.amazonaws.com/<id>`; use it as an identity pool provider name.
    pub endpoint: String,
    /// An estimate of the number of users in the pool.
    pub estimated_number_of_users: i64,
    /// When the pool was last modified (RFC 3339).
    pub last_modified_date: String,
    /// All tags of the pool: its `tags` merged over the provider's `defaultTags` (tags AWS adds itself, `aws:*`, are left out).
    pub tags_all: BTreeMap<String, String>,
}

/// The user pool resource.
pub struct UserPool;

const MFA: &[&str] = &["OFF", "ON", "OPTIONAL"];
const PROTECTION: &[&str] = &["ACTIVE", "INACTIVE"];
const DATA_TYPES: &[&str] = &["String", "Number", "DateTime", "Boolean"];
const TIERS: &[&str] = &["LITE", "ESSENTIALS", "PLUS"];
const RECOVERY: &[&str] = &["verified_email", "verified_phone_number", "admin_only"];
const SENDING: &[&str] = &["COGNITO_DEFAULT", "DEVELOPER"];
const EMAIL_OPTIONS: &[&str] = &["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"];
const FIRST_FACTORS: &[&str] = &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];
const SECURITY_MODES: &[&str] = &["OFF", "AUDIT", "ENFORCED"];
const CUSTOM_AUTH_MODES: &[&str] = &["AUDIT", "ENFORCED"];
const USER_VERIFICATION: &[&str] = &["required", "preferred"];
const SENDER_VERSIONS: &[&str] = &["V1_0"];
const PRE_TOKEN_VERSIONS: &[&str] = &["V1_0", "V2_0", "V3_0"];
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];
/// The attribute AWS adds to every pool for federated identities; reported only if configured.
const IDENTITIES: &str = "identities";
const CODE: &str = "{####}";
const USERNAME: &str = "{username}";

fn is_standard(name: &str) -> bool {
    STANDARD_ATTRIBUTES.contains(&name)
}

/// Strips AWS's `dev:` and `custom:` prefixes from an attribute name.
fn bare(name: &str) -> &str {
    let n = name.strip_prefix("dev:").unwrap_or(name);
    n.strip_prefix("custom:").unwrap_or(n)
}

fn mfa_of(i: &UserPoolArgs) -> &str {
    i.mfa_configuration.as_deref().unwrap_or("OFF")
}

#[async_trait]
impl Resource for UserPool {
    type Inputs = UserPoolArgs;
    type Outputs = UserPoolOutputs;
    const TOKEN: &'static str = "cognito:index:UserPool";
    const DESCRIPTION: &'static str =
        "A Cognito user pool: a user directory with its sign-in, MFA, message and password rules.";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &[
        "aliasAttributes",
        "region",
        "usernameAttributes",
        "usernameConfiguration",
    ];
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] =
        &[("lastModifiedDate", &["*"]), ("tagsAll", &["tags"])];
    const NAMING: Option<Naming> = Some(Naming {
        property: "name",
        max_len: 128,
    });

    fn tags(i: &mut UserPoolArgs) -> Option<TagSlots<'_>> {
        Some(TagSlots {
            tags: &i.tags,
            all: &mut i.tags_all,
        })
    }

    fn normalize(i: &mut UserPoolArgs) {
        for l in [
            &mut i.alias_attributes,
            &mut i.auto_verified_attributes,
            &mut i.username_attributes,
        ] {
            sort_set(l);
            if l.as_ref().is_some_and(Vec::is_empty) {
                *l = None;
            }
        }
        if let Some(s) = &mut i.schemas {
            for a in s.iter_mut() {
                a.name = bare(&a.name).to_string();
            }
            s.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if i.tags.as_ref().is_some_and(BTreeMap::is_empty) {
            i.tags = None;
        }
        if let Some(m) = i
            .account_recovery_setting
            .as_mut()
            .and_then(|a| a.recovery_mechanisms.as_mut())
        {
            m.sort_by(|a, b| (a.priority, &a.name).cmp(&(b.priority, &b.name)));
        }
        if let Some(p) = &mut i.sign_in_policy {
            sort_set(&mut p.allowed_first_auth_factors);
        }
        if let Some(u) = &mut i.user_attribute_update_settings {
            let l = &mut u.attributes_require_verification_before_updates;
            l.sort();
            l.dedup();
        }
        // AWS reports "no attribute needs verification" as an empty list; that is no setting.
        if i.user_attribute_update_settings
            .as_ref()
            .is_some_and(|u| u.attributes_require_verification_before_updates.is_empty())
        {
            i.user_attribute_update_settings = None;
        }
        if i.lambda_config.as_ref() == Some(&UserPoolLambdaConfig::default()) {
            i.lambda_config = None;
        }
    }

    fn check(i: &UserPoolArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        // Nothing is unknown outside a preview: then no path is parsed.
        let unknown = |p: &str| {
            !unknowns.is_empty()
                && PropPath::parse(p).is_some_and(|p| unknowns.iter().any(|u| u.touches(&p)))
        };
        check_names(&mut c, i);
        if let Some(p) = &i.password_policy {
            c.range(p.minimum_length, 6, 99, "passwordPolicy.minimumLength");
            c.range(
                p.password_history_size,
                0,
                24,
                "passwordPolicy.passwordHistorySize",
            );
            c.range(
                p.temporary_password_validity_days,
                0,
                365,
                "passwordPolicy.temporaryPasswordValidityDays",
            );
        }
        c.one_of(
            i.deletion_protection.as_deref(),
            PROTECTION,
            "deletionProtection",
        );
        c.one_of(i.user_pool_tier.as_deref(), TIERS, "userPoolTier");
        check_attributes(&mut c, i, &unknown);
        check_mfa(&mut c, i, &unknown);
        check_messages(&mut c, i);
        check_recovery(&mut c, i);
        check_email(&mut c, i, &unknown);
        check_lambda(&mut c, i, &unknown);
        check_sms(&mut c, i);
        check_features(&mut c, i);
        check_schemas(&mut c, i);
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        (key == "schemas").then(|| diff_schemas(old, new))
    }

    async fn create(ctx: Ctx<'_>, i: &UserPoolArgs) -> Result<String, OpError> {
        let s = Settings::of(i)?;
        let name = i.name.clone().unwrap_or_default();
        let all_tags: std::collections::HashMap<String, String> =
            desired_tags(ctx, i).into_iter().collect();
        // AWS's default tier is ESSENTIALS; it is sent only when it differs (as pulumi-aws does).
        let tier = i
            .user_pool_tier
            .as_deref()
            .filter(|t| *t != "ESSENTIALS")
            .map(t::UserPoolTierType::from);
        let schema: Option<Vec<t::SchemaAttributeType>> = i
            .schemas
            .as_ref()
            .map(|s| s.iter().map(to_sdk_attribute).collect());
        let username_configuration = i
            .username_configuration
            .as_ref()
            .map(|u| {
                built(
                    t::UsernameConfigurationType::builder()
                        .case_sensitive(u.case_sensitive.unwrap_or(false))
                        .build(),
                )
            })
            .transpose()?;
        let out = ctx
            .aws
            .create(
                "CreateUserPool",
                None,
                || {
                    // MFA is set by SetUserPoolMfaConfig below: CreateUserPool refuses MFA without SMS.
                    ctx.aws
                        .idp()
                        .create_user_pool()
                        .pool_name(name.clone())
                        .set_policies(s.policies.clone())
                        .set_deletion_protection(s.deletion_protection.clone())
                        .set_lambda_config(s.lambda_config.clone())
                        .set_auto_verified_attributes(enums(&i.auto_verified_attributes))
                        .set_alias_attributes(enums(&i.alias_attributes))
                        .set_username_attributes(enums(&i.username_attributes))
                        .set_sms_verification_message(s.sms_verification_message.clone())
                        .set_email_verification_message(s.email_verification_message.clone())
                        .set_email_verification_subject(s.email_verification_subject.clone())
                        .set_verification_message_template(s.verification_message_template.clone())
                        .set_sms_authentication_message(i.sms_authentication_message.clone())
                        .set_user_attribute_update_settings(
                            s.user_attribute_update_settings.clone(),
                        )
                        .set_device_configuration(s.device_configuration.clone())
                        .set_email_configuration(s.email_configuration.clone())
                        .set_sms_configuration(s.sms_configuration.clone())
                        .set_user_pool_tags(Some(all_tags.clone()).filter(|t| !t.is_empty()))
                        .set_admin_create_user_config(s.admin_create_user_config.clone())
                        .set_schema(schema.clone())
                        .set_user_pool_add_ons(s.user_pool_add_ons.clone())
                        .set_username_configuration(username_configuration.clone())
                        .set_account_recovery_setting(s.account_recovery_setting.clone())
                        .set_user_pool_tier(tier.clone())
                        .send()
                },
                |since| pools_named(ctx, &name, since),
            )
            .await?;
        let id = match out {
            Created::New(out) => out
                .user_pool()
                .and_then(|p| p.id())
                .map(str::to_string)
                .ok_or_else(|| {
                    ProviderError::InvalidArgument("CreateUserPool returned no id".into())
                })?,
            Created::Adopted(id) => id,
        };
        // From here on the pool exists: failures must report its id.
        if mfa_of(i) != "OFF"
            || i.web_authn_configuration.is_some()
            || i.email_mfa_configuration.is_some()
        {
            set_mfa(ctx, &id, i).await.partial(&id)?;
        }
        Ok(id)
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserPoolArgs>,
    ) -> Result<Option<Found<UserPoolArgs, UserPoolOutputs>>, ProviderError> {
        let Some(out) = ctx
            .aws
            .call("DescribeUserPool", None, || {
                ctx.aws.idp().describe_user_pool().user_pool_id(id).send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(p) = out.user_pool() else {
            return Ok(None);
        };
        let Some(mfa) = ctx
            .aws
            .call("GetUserPoolMfaConfig", None, || {
                ctx.aws
                    .idp()
                    .get_user_pool_mfa_config()
                    .user_pool_id(id)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let mut inputs = from_sdk_pool(p, &mfa, hint);
        // Tags AWS adds itself are not the program's; default tags are `tagsAll`'s.
        let all = tags::without_aws(p.user_pool_tags().into_iter().flatten());
        inputs.tags = tags::own_tags(
            &all,
            &ctx.aws.default_tags().tags,
            hint.and_then(|h| h.tags.as_ref()),
        );
        inputs.tags_all = Some(all.clone());
        let outputs = UserPoolOutputs {
            arn: p.arn().unwrap_or_default().to_string(),
            creation_date: p.creation_date().map(date).unwrap_or_default(),
            custom_domain: p.custom_domain().unwrap_or_default().to_string(),
            domain: p.domain().unwrap_or_default().to_string(),
            endpoint: format!("cognito-idp.{}.amazonaws.com/{id}", ctx.aws.region()),
            estimated_number_of_users: i64::from(p.estimated_number_of_users()),
            last_modified_date: p.last_modified_date().map(date).unwrap_or_default(),
            tags_all: all,
        };
        Ok(Some(Found {
            id: id.to_string(),
            inputs,
            outputs,
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        old: &UserPoolArgs,
        new: &UserPoolArgs,
    ) -> Result<(), OpError> {
        // What AWS has now, in the program's shape (as a refresh reports it). Comparing the
        // desired state with it as well as with the old inputs repairs a create or update
        // that failed half-way (the engine retries it with unchanged inputs) and drift.
        let (live, arn) = match Self::read(ctx, id, Some(new)).await.partial(id)? {
            Some(f) => (f.inputs, f.outputs.arn),
            None => {
                return Err(ProviderError::InvalidArgument(format!(
                "user pool {id} no longer exists; run `pulumi refresh` to drop it from the state"
            ))
                .into())
            }
        };
        let actual = as_desired(live.clone(), new);
        // Only the calls whose settings differ are made, in AWS's order: MFA first (so an
        // UpdateUserPool that keeps MFA on finds its factor), then the pool, then attributes.
        if mfa_changed(old, new) || mfa_changed(&actual, new) {
            set_mfa(ctx, id, new).await.partial(id)?;
        }
        if pool_changed(old, new) || pool_changed(&actual, new) {
            let s = Settings::of(new).partial(id)?;
            // AWS keeps the attribute update settings when they are left out; an empty list
            // switches them off.
            let attribute_updates = s.user_attribute_update_settings.clone().or_else(|| {
                let on = |u: &Option<UserPoolUserAttributeUpdateSettings>| {
                    u.as_ref().is_some_and(|u| {
                        !u.attributes_require_verification_before_updates.is_empty()
                    })
                };
                (on(&old.user_attribute_update_settings)
                    || on(&live.user_attribute_update_settings))
                .then(|| {
                    t::UserAttributeUpdateSettingsType::builder()
                        .set_attributes_require_verification_before_update(Some(vec![]))
                        .build()
                })
            });
            // UpdateUserPool resets what it is not given, so it gets the full desired state.
            ctx.aws
                .call("UpdateUserPool", None, || {
                    ctx.aws
                        .idp()
                        .update_user_pool()
                        .user_pool_id(id)
                        .set_pool_name(new.name.clone())
                        .set_policies(s.policies.clone())
                        .set_deletion_protection(s.deletion_protection.clone())
                        .set_lambda_config(s.lambda_config.clone())
                        .set_auto_verified_attributes(enums(&new.auto_verified_attributes))
                        .set_sms_verification_message(s.sms_verification_message.clone())
                        .set_email_verification_message(s.email_verification_message.clone())
                        .set_email_verification_subject(s.email_verification_subject.clone())
                        .set_verification_message_template(s.verification_message_template.clone())
                        .set_sms_authentication_message(new.sms_authentication_message.clone())
                        .set_user_attribute_update_settings(attribute_updates.clone())
                        .set_mfa_configuration(
                            new.mfa_configuration
                                .as_deref()
                                .map(t::UserPoolMfaType::from),
                        )
                        .set_device_configuration(s.device_configuration.clone())
                        .set_email_configuration(s.email_configuration.clone())
                        .set_sms_configuration(s.sms_configuration.clone())
                        .set_admin_create_user_config(s.admin_create_user_config.clone())
                        .set_user_pool_add_ons(s.user_pool_add_ons.clone())
                        .set_account_recovery_setting(s.account_recovery_setting.clone())
                        .set_user_pool_tier(
                            new.user_pool_tier.as_deref().map(t::UserPoolTierType::from),
                        )
                        .send()
                })
                .await
                .partial(id)?;
        }
        let added: Vec<t::SchemaAttributeType> = new
            .schemas
            .iter()
            .flatten()
            .filter(|a| !live.schemas.iter().flatten().any(|o| o.name == a.name))
            .map(to_sdk_attribute)
            .collect();
        // Tags change with TagResource and UntagResource only (UpdateUserPool keeps them).
        let live_tags = live.tags_all.clone().unwrap_or_default();
        tags::apply(
            ctx,
            tags::Service::UserPools,
            &arn,
            &live_tags,
            &desired_tags(ctx, new),
        )
        .await
        .partial(id)?;
        if !added.is_empty() {
            ctx.aws
                .call("AddCustomAttributes", None, || {
                    ctx.aws
                        .idp()
                        .add_custom_attributes()
                        .user_pool_id(id)
                        .set_custom_attributes(Some(added.clone()))
                        .send()
                })
                .await
                .partial(id)?;
        }
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &UserPoolArgs) -> Result<(), ProviderError> {
        if i.deletion_protection.as_deref() == Some("ACTIVE") {
            return Err(ProviderError::InvalidArgument(format!(
                "user pool {id} has deletionProtection ACTIVE; set deletionProtection to \"INACTIVE\" and run `pulumi up` before deleting or replacing it"
            )));
        }
        let deleted = ctx
            .aws
            .call("DeleteUserPool", None, || {
                ctx.aws.idp().delete_user_pool().user_pool_id(id).send()
            })
            .await;
        match deleted {
            Err(e) if e.message.contains("has a domain configured") => {
                Err(domain_first(ctx, id, e).await.into())
            }
            other => other.or_gone(),
        }
    }
}

/// All the tags the pool should have: `tagsAll` as Check merged it (else `tags` over the
/// provider's default tags).
fn desired_tags(ctx: Ctx<'_>, i: &UserPoolArgs) -> Tags {
    i.tags_all
        .clone()
        .unwrap_or_else(|| tags::merge(&ctx.aws.default_tags().tags, i.tags.as_ref()))
}

/// AWS refuses to delete a pool that still has a domain. Neither is deleted by surprise:
/// the error names the domain and says how to go on (Pulumi deletes a `UserPoolDomain` of
/// the same program before its pool, so this happens when the domain was made elsewhere).
async fn domain_first(ctx: Ctx<'_>, id: &str, mut e: AwsError) -> AwsError {
    let described = ctx
        .aws
        .call("DescribeUserPool", Some(id), || {
            ctx.aws.idp().describe_user_pool().user_pool_id(id).send()
        })
        .await;
    let names: Vec<String> = described
        .ok()
        .and_then(|d| d.user_pool)
        .map(|p| [p.domain, p.custom_domain].into_iter().flatten().collect())
        .unwrap_or_default();
    let which = if names.is_empty() {
        "its domain".to_string()
    } else {
        format!("its domain {}", names.join(" and "))
    };
    e.message = format!(
        "{} User pool {id} was not deleted and keeps its users: delete {which} first. A UserPoolDomain \
         in the same program is deleted before its pool; a domain made outside it needs \
         `aws cognito-idp delete-user-pool-domain --user-pool-id {id} --domain <domain>`.",
        e.message
    );
    e
}

/// The pool as AWS reports it, normalized and cut down to what the program sets.
fn as_desired(mut live: UserPoolArgs, new: &UserPoolArgs) -> UserPoolArgs {
    UserPool::normalize(&mut live);
    from_map(&project(&to_map(&live), &to_map(new))).unwrap_or(live)
}

/// True if anything SetUserPoolMfaConfig sets differs.
fn mfa_changed(old: &UserPoolArgs, new: &UserPoolArgs) -> bool {
    mfa_of(old) != mfa_of(new)
        || old.email_mfa_configuration != new.email_mfa_configuration
        || old.sms_authentication_message != new.sms_authentication_message
        || old.sms_configuration != new.sms_configuration
        || old.software_token_mfa_configuration != new.software_token_mfa_configuration
        || old.web_authn_configuration != new.web_authn_configuration
}

/// True if anything UpdateUserPool sets has changed.
fn pool_changed(old: &UserPoolArgs, new: &UserPoolArgs) -> bool {
    old.account_recovery_setting != new.account_recovery_setting
        || old.admin_create_user_config != new.admin_create_user_config
        || old.auto_verified_attributes != new.auto_verified_attributes
        || old.deletion_protection != new.deletion_protection
        || old.device_configuration != new.device_configuration
        || old.email_configuration != new.email_configuration
        || old.email_verification_message != new.email_verification_message
        || old.email_verification_subject != new.email_verification_subject
        || old.lambda_config != new.lambda_config
        || old.name != new.name
        || old.password_policy != new.password_policy
        || old.sign_in_policy != new.sign_in_policy
        || old.sms_authentication_message != new.sms_authentication_message
        || old.sms_configuration != new.sms_configuration
        || old.sms_verification_message != new.sms_verification_message
        || old.user_attribute_update_settings != new.user_attribute_update_settings
        || old.user_pool_add_ons != new.user_pool_add_ons
        || old.user_pool_tier != new.user_pool_tier
        || old.verification_message_template != new.verification_message_template
}

/// Sets MFA and its factors, and passkeys, with SetUserPoolMfaConfig.
async fn set_mfa(ctx: Ctx<'_>, id: &str, i: &UserPoolArgs) -> Result<(), ProviderError> {
    let mfa = mfa_of(i);
    let on = mfa != "OFF";
    // AWS refuses to turn MFA off and configure an MFA factor in the same request.
    let sms = i.sms_configuration.as_ref().filter(|_| on).map(|s| {
        t::SmsMfaConfigType::builder()
            .set_sms_authentication_message(i.sms_authentication_message.clone())
            .sms_configuration(to_sdk_sms(s))
            .build()
    });
    let token = i
        .software_token_mfa_configuration
        .as_ref()
        .filter(|_| on)
        .map(|s| {
            t::SoftwareTokenMfaConfigType::builder()
                .enabled(s.enabled)
                .build()
        });
    let email = i.email_mfa_configuration.as_ref().map(|e| {
        t::EmailMfaConfigType::builder()
            .set_message(e.message.clone())
            .set_subject(e.subject.clone())
            .build()
    });
    let webauthn = i.web_authn_configuration.as_ref().map(|w| {
        t::WebAuthnConfigurationType::builder()
            .set_relying_party_id(w.relying_party_id.clone())
            .set_user_verification(
                w.user_verification
                    .as_deref()
                    .map(t::UserVerificationType::from),
            )
            .build()
    });
    ctx.aws
        .call("SetUserPoolMfaConfig", None, || {
            ctx.aws
                .idp()
                .set_user_pool_mfa_config()
                .user_pool_id(id)
                .mfa_configuration(t::UserPoolMfaType::from(mfa))
                .set_sms_mfa_configuration(sms.clone())
                .set_software_token_mfa_configuration(token.clone())
                .set_email_mfa_configuration(email.clone())
                .set_web_authn_configuration(webauthn.clone())
                .send()
        })
        .await?;
    Ok(())
}

/// The SDK form of everything CreateUserPool and UpdateUserPool share.
struct Settings {
    policies: Option<t::UserPoolPolicyType>,
    deletion_protection: Option<t::DeletionProtectionType>,
    lambda_config: Option<t::LambdaConfigType>,
    email_verification_message: Option<String>,
    email_verification_subject: Option<String>,
    sms_verification_message: Option<String>,
    verification_message_template: Option<t::VerificationMessageTemplateType>,
    user_attribute_update_settings: Option<t::UserAttributeUpdateSettingsType>,
    device_configuration: Option<t::DeviceConfigurationType>,
    email_configuration: Option<t::EmailConfigurationType>,
    sms_configuration: Option<t::SmsConfigurationType>,
    admin_create_user_config: Option<t::AdminCreateUserConfigType>,
    user_pool_add_ons: Option<t::UserPoolAddOnsType>,
    account_recovery_setting: Option<t::AccountRecoverySettingType>,
}

/// Maps an SDK builder failure (a required member missing) to an error.
fn built<T>(
    r: Result<T, aws_smithy_types::error::operation::BuildError>,
) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::InvalidArgument(e.to_string()))
}

impl Settings {
    fn of(i: &UserPoolArgs) -> Result<Self, ProviderError> {
        let tpl = i.verification_message_template.clone().unwrap_or_default();
        // The top-level messages and the template's are one setting in AWS: send them agreeing.
        let email_message = tpl
            .email_message
            .clone()
            .or(i.email_verification_message.clone());
        let email_subject = tpl
            .email_subject
            .clone()
            .or(i.email_verification_subject.clone());
        let sms_message = tpl
            .sms_message
            .clone()
            .or(i.sms_verification_message.clone());
        let any_template = i.verification_message_template.is_some()
            || email_message.is_some()
            || email_subject.is_some()
            || sms_message.is_some();
        let verification_message_template = any_template.then(|| {
            t::VerificationMessageTemplateType::builder()
                .set_email_message(email_message.clone())
                .set_email_subject(email_subject.clone())
                .set_sms_message(sms_message.clone())
                .set_email_message_by_link(tpl.email_message_by_link.clone())
                .set_email_subject_by_link(tpl.email_subject_by_link.clone())
                .set_default_email_option(
                    tpl.default_email_option
                        .as_deref()
                        .map(t::DefaultEmailOptionType::from),
                )
                .build()
        });
        let password = i.password_policy.as_ref().map(|p| {
            t::PasswordPolicyType::builder()
                .set_minimum_length(p.minimum_length.map(i32_of))
                .set_password_history_size(p.password_history_size.map(i32_of))
                .require_lowercase(p.require_lowercase.unwrap_or(false))
                .require_numbers(p.require_numbers.unwrap_or(false))
                .require_symbols(p.require_symbols.unwrap_or(false))
                .require_uppercase(p.require_uppercase.unwrap_or(false))
                .temporary_password_validity_days(
                    p.temporary_password_validity_days.map_or(7, i32_of),
                )
                .build()
        });
        let sign_in = i.sign_in_policy.as_ref().map(|s| {
            t::SignInPolicyType::builder()
                .set_allowed_first_auth_factors(enums(&s.allowed_first_auth_factors))
                .build()
        });
        let policies = (password.is_some() || sign_in.is_some()).then(|| {
            t::UserPoolPolicyType::builder()
                .set_password_policy(password)
                .set_sign_in_policy(sign_in)
                .build()
        });
        let account_recovery_setting = match &i.account_recovery_setting {
            None => None,
            Some(a) => {
                let mechanisms = a
                    .recovery_mechanisms
                    .iter()
                    .flatten()
                    .map(|m| {
                        built(
                            t::RecoveryOptionType::builder()
                                .name(t::RecoveryOptionNameType::from(m.name.as_str()))
                                .priority(i32_of(m.priority))
                                .build(),
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Some(
                    t::AccountRecoverySettingType::builder()
                        .set_recovery_mechanisms(a.recovery_mechanisms.as_ref().map(|_| mechanisms))
                        .build(),
                )
            }
        };
        let user_pool_add_ons = i
            .user_pool_add_ons
            .as_ref()
            .map(|a| {
                built(
                    t::UserPoolAddOnsType::builder()
                        .advanced_security_mode(t::AdvancedSecurityModeType::from(
                            a.advanced_security_mode.as_str(),
                        ))
                        .set_advanced_security_additional_flows(
                            a.advanced_security_additional_flows.as_ref().map(|f| {
                                t::AdvancedSecurityAdditionalFlowsType::builder()
                                    .set_custom_auth_mode(
                                        f.custom_auth_mode
                                            .as_deref()
                                            .map(t::AdvancedSecurityEnabledModeType::from),
                                    )
                                    .build()
                            }),
                        )
                        .build(),
                )
            })
            .transpose()?;
        Ok(Self {
            policies,
            deletion_protection: i
                .deletion_protection
                .as_deref()
                .map(t::DeletionProtectionType::from),
            lambda_config: i.lambda_config.as_ref().map(to_sdk_lambda).transpose()?,
            email_verification_message: i.email_verification_message.clone().or(email_message),
            email_verification_subject: i.email_verification_subject.clone().or(email_subject),
            sms_verification_message: i.sms_verification_message.clone().or(sms_message),
            verification_message_template,
            user_attribute_update_settings: i.user_attribute_update_settings.as_ref().map(|u| {
                t::UserAttributeUpdateSettingsType::builder()
                    .set_attributes_require_verification_before_update(Some(
                        u.attributes_require_verification_before_updates
                            .iter()
                            .map(|a| t::VerifiedAttributeType::from(a.as_str()))
                            .collect(),
                    ))
                    .build()
            }),
            device_configuration: i.device_configuration.as_ref().map(|d| {
                t::DeviceConfigurationType::builder()
                    .set_challenge_required_on_new_device(d.challenge_required_on_new_device)
                    .set_device_only_remembered_on_user_prompt(
                        d.device_only_remembered_on_user_prompt,
                    )
                    .build()
            }),
            email_configuration: i.email_configuration.as_ref().map(|e| {
                t::EmailConfigurationType::builder()
                    .set_configuration_set(e.configuration_set.clone())
                    .set_email_sending_account(
                        e.email_sending_account
                            .as_deref()
                            .map(t::EmailSendingAccountType::from),
                    )
                    .set_from(e.from_email_address.clone())
                    .set_reply_to_email_address(e.reply_to_email_address.clone())
                    .set_source_arn(e.source_arn.clone())
                    .build()
            }),
            sms_configuration: i.sms_configuration.as_ref().map(to_sdk_sms),
            admin_create_user_config: i.admin_create_user_config.as_ref().map(|a| {
                t::AdminCreateUserConfigType::builder()
                    .set_allow_admin_create_user_only(a.allow_admin_create_user_only)
                    .set_invite_message_template(a.invite_message_template.as_ref().map(|m| {
                        t::MessageTemplateType::builder()
                            .set_email_message(m.email_message.clone())
                            .set_email_subject(m.email_subject.clone())
                            .set_sms_message(m.sms_message.clone())
                            .build()
                    }))
                    .build()
            }),
            user_pool_add_ons,
            account_recovery_setting,
        })
    }
}

fn to_sdk_sms(s: &UserPoolSmsConfiguration) -> t::SmsConfigurationType {
    t::SmsConfigurationType::builder()
        .sns_caller_arn(&s.sns_caller_arn)
        .set_external_id(Some(s.external_id.clone()).filter(|e| !e.is_empty()))
        .set_sns_region(s.sns_region.clone())
        .build()
}

fn to_sdk_lambda(l: &UserPoolLambdaConfig) -> Result<t::LambdaConfigType, ProviderError> {
    // The legacy trigger and the versioned one are one setting in AWS: send them agreeing.
    let pre_token = l.pre_token_generation.clone().or_else(|| {
        l.pre_token_generation_config
            .as_ref()
            .map(|c| c.lambda_arn.clone())
    });
    let pre_token_config = match (&l.pre_token_generation_config, &l.pre_token_generation) {
        (Some(c), _) => Some((c.lambda_arn.clone(), c.lambda_version.clone())),
        (None, Some(arn)) => Some((arn.clone(), "V1_0".to_string())),
        (None, None) => None,
    }
    .map(|(arn, version)| {
        built(
            t::PreTokenGenerationVersionConfigType::builder()
                .lambda_arn(arn)
                .lambda_version(t::PreTokenGenerationLambdaVersionType::from(
                    version.as_str(),
                ))
                .build(),
        )
    })
    .transpose()?;
    let email_sender = l
        .custom_email_sender
        .as_ref()
        .map(|s| {
            built(
                t::CustomEmailLambdaVersionConfigType::builder()
                    .lambda_arn(&s.lambda_arn)
                    .lambda_version(t::CustomEmailSenderLambdaVersionType::from(
                        s.lambda_version.as_str(),
                    ))
                    .build(),
            )
        })
        .transpose()?;
    let sms_sender = l
        .custom_sms_sender
        .as_ref()
        .map(|s| {
            built(
                t::CustomSmsLambdaVersionConfigType::builder()
                    .lambda_arn(&s.lambda_arn)
                    .lambda_version(t::CustomSmsSenderLambdaVersionType::from(
                        s.lambda_version.as_str(),
                    ))
                    .build(),
            )
        })
        .transpose()?;
    Ok(t::LambdaConfigType::builder()
        .set_create_auth_challenge(l.create_auth_challenge.clone())
        .set_custom_email_sender(email_sender)
        .set_custom_message(l.custom_message.clone())
        .set_custom_sms_sender(sms_sender)
        .set_define_auth_challenge(l.define_auth_challenge.clone())
        .set_kms_key_id(l.kms_key_id.clone())
        .set_post_authentication(l.post_authentication.clone())
        .set_post_confirmation(l.post_confirmation.clone())
        .set_pre_authentication(l.pre_authentication.clone())
        .set_pre_sign_up(l.pre_sign_up.clone())
        .set_pre_token_generation(pre_token)
        .set_pre_token_generation_config(pre_token_config)
        .set_user_migration(l.user_migration.clone())
        .set_verify_auth_challenge_response(l.verify_auth_challenge_response.clone())
        .build())
}

fn to_sdk_attribute(a: &UserPoolSchema) -> t::SchemaAttributeType {
    t::SchemaAttributeType::builder()
        .name(&a.name)
        .attribute_data_type(t::AttributeDataType::from(a.attribute_data_type.as_str()))
        .set_developer_only_attribute(a.developer_only_attribute)
        .set_mutable(a.mutable)
        .set_required(a.required)
        .set_string_attribute_constraints(a.string_attribute_constraints.as_ref().map(|s| {
            t::StringAttributeConstraintsType::builder()
                .set_min_length(s.min_length.clone())
                .set_max_length(s.max_length.clone())
                .build()
        }))
        .set_number_attribute_constraints(a.number_attribute_constraints.as_ref().map(|n| {
            t::NumberAttributeConstraintsType::builder()
                .set_min_value(n.min_value.clone())
                .set_max_value(n.max_value.clone())
                .build()
        }))
        .build()
}

fn from_sdk_attribute(a: &t::SchemaAttributeType) -> Option<UserPoolSchema> {
    let name = a.name()?;
    Some(UserPoolSchema {
        name: bare(name).to_string(),
        attribute_data_type: a
            .attribute_data_type()
            .map_or("String", |d| d.as_str())
            .to_string(),
        developer_only_attribute: a.developer_only_attribute(),
        mutable: a.mutable(),
        required: a.required(),
        string_attribute_constraints: a.string_attribute_constraints().map(|s| {
            UserPoolSchemaStringAttributeConstraints {
                min_length: s.min_length().map(str::to_string),
                max_length: s.max_length().map(str::to_string),
            }
        }),
        number_attribute_constraints: a.number_attribute_constraints().map(|n| {
            UserPoolSchemaNumberAttributeConstraints {
                min_value: n.min_value().map(str::to_string),
                max_value: n.max_value().map(str::to_string),
            }
        }),
    })
}

fn strs<T: AsRef<str>>(v: &[T]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| v.iter().map(|s| s.as_ref().to_string()).collect())
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

/// Everything AWS reports about a pool, as inputs. Standard attributes (and AWS's own
/// `identities`) are reported only if the last known inputs configured them.
fn from_sdk_pool(
    p: &t::UserPoolType,
    mfa: &aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput,
    hint: Option<&UserPoolArgs>,
) -> UserPoolArgs {
    let wanted: Vec<&str> = hint
        .and_then(|h| h.schemas.as_ref())
        .map(|s| s.iter().map(|a| a.name.as_str()).collect())
        .unwrap_or_default();
    let schemas: Vec<UserPoolSchema> = p
        .schema_attributes()
        .iter()
        .filter_map(from_sdk_attribute)
        .filter(|a| {
            !(is_standard(&a.name) || a.name == IDENTITIES) || wanted.contains(&a.name.as_str())
        })
        .collect();
    let policies = p.policies();
    let pw = policies.and_then(|x| x.password_policy());
    UserPoolArgs {
        account_recovery_setting: p.account_recovery_setting().map(|a| {
            UserPoolAccountRecoverySetting {
                recovery_mechanisms: (!a.recovery_mechanisms().is_empty()).then(|| {
                    a.recovery_mechanisms()
                        .iter()
                        .map(|m| UserPoolAccountRecoverySettingRecoveryMechanism {
                            name: m.name().as_str().to_string(),
                            priority: i64::from(m.priority()),
                        })
                        .collect()
                }),
            }
        }),
        admin_create_user_config: p.admin_create_user_config().map(|a| {
            UserPoolAdminCreateUserConfig {
                allow_admin_create_user_only: Some(a.allow_admin_create_user_only()),
                invite_message_template: a.invite_message_template().map(|m| {
                    UserPoolAdminCreateUserConfigInviteMessageTemplate {
                        email_message: owned(m.email_message()),
                        email_subject: owned(m.email_subject()),
                        sms_message: owned(m.sms_message()),
                    }
                }),
            }
        }),
        alias_attributes: strs(p.alias_attributes()),
        auto_verified_attributes: strs(p.auto_verified_attributes()),
        deletion_protection: p.deletion_protection().map(|d| d.as_str().to_string()),
        device_configuration: p
            .device_configuration()
            .map(|d| UserPoolDeviceConfiguration {
                challenge_required_on_new_device: Some(d.challenge_required_on_new_device()),
                device_only_remembered_on_user_prompt: Some(
                    d.device_only_remembered_on_user_prompt(),
                ),
            }),
        email_configuration: p.email_configuration().map(|e| UserPoolEmailConfiguration {
            configuration_set: owned(e.configuration_set()),
            email_sending_account: e.email_sending_account().map(|a| a.as_str().to_string()),
            from_email_address: owned(e.from()),
            reply_to_email_address: owned(e.reply_to_email_address()),
            source_arn: owned(e.source_arn()),
        }),
        email_mfa_configuration: mfa.email_mfa_configuration().map(|e| {
            UserPoolEmailMfaConfiguration {
                message: owned(e.message()),
                subject: owned(e.subject()),
            }
        }),
        email_verification_message: owned(p.email_verification_message()),
        email_verification_subject: owned(p.email_verification_subject()),
        lambda_config: p.lambda_config().map(from_sdk_lambda),
        mfa_configuration: mfa
            .mfa_configuration()
            .or(p.mfa_configuration())
            .map(|m| m.as_str().to_string()),
        name: owned(p.name()),
        password_policy: pw.map(|pw| UserPoolPasswordPolicy {
            minimum_length: pw.minimum_length().map(i64::from),
            password_history_size: pw.password_history_size().map(i64::from),
            require_lowercase: Some(pw.require_lowercase()),
            require_numbers: Some(pw.require_numbers()),
            require_symbols: Some(pw.require_symbols()),
            require_uppercase: Some(pw.require_uppercase()),
            temporary_password_validity_days: Some(i64::from(
                pw.temporary_password_validity_days(),
            )),
        }),
        // AWS does not report it; the generic layer fills it from the last known inputs.
        region: None,
        schemas: (!schemas.is_empty()).then_some(schemas),
        sign_in_policy: policies
            .and_then(|x| x.sign_in_policy())
            .map(|s| UserPoolSignInPolicy {
                allowed_first_auth_factors: strs(s.allowed_first_auth_factors()),
            }),
        sms_authentication_message: owned(p.sms_authentication_message()),
        sms_configuration: p.sms_configuration().map(|s| UserPoolSmsConfiguration {
            external_id: s.external_id().unwrap_or_default().to_string(),
            sns_caller_arn: s.sns_caller_arn().to_string(),
            sns_region: owned(s.sns_region()),
        }),
        sms_verification_message: owned(p.sms_verification_message()),
        software_token_mfa_configuration: mfa.software_token_mfa_configuration().map(|s| {
            UserPoolSoftwareTokenMfaConfiguration {
                enabled: s.enabled(),
            }
        }),
        // Read sets the tags: AWS's own are left out, default tags go to `tagsAll`.
        tags: None,
        tags_all: None,
        user_attribute_update_settings: p.user_attribute_update_settings().map(|u| {
            UserPoolUserAttributeUpdateSettings {
                attributes_require_verification_before_updates: u
                    .attributes_require_verification_before_update()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
            }
        }),
        user_pool_add_ons: p.user_pool_add_ons().map(|a| UserPoolUserPoolAddOns {
            advanced_security_mode: a.advanced_security_mode().as_str().to_string(),
            advanced_security_additional_flows: a.advanced_security_additional_flows().map(|f| {
                UserPoolUserPoolAddOnsAdvancedSecurityAdditionalFlows {
                    custom_auth_mode: f.custom_auth_mode().map(|m| m.as_str().to_string()),
                }
            }),
        }),
        user_pool_tier: p.user_pool_tier().map(|t| t.as_str().to_string()),
        username_attributes: strs(p.username_attributes()),
        username_configuration: p
            .username_configuration()
            .map(|u| UserPoolUsernameConfiguration {
                case_sensitive: Some(u.case_sensitive()),
            }),
        verification_message_template: p.verification_message_template().map(|v| {
            UserPoolVerificationMessageTemplate {
                default_email_option: v.default_email_option().map(|o| o.as_str().to_string()),
                email_message: owned(v.email_message()),
                email_message_by_link: owned(v.email_message_by_link()),
                email_subject: owned(v.email_subject()),
                email_subject_by_link: owned(v.email_subject_by_link()),
                sms_message: owned(v.sms_message()),
            }
        }),
        web_authn_configuration: mfa.web_authn_configuration().map(|w| {
            UserPoolWebAuthnConfiguration {
                relying_party_id: owned(w.relying_party_id()),
                user_verification: w.user_verification().map(|u| u.as_str().to_string()),
            }
        }),
    }
}

fn from_sdk_lambda(l: &t::LambdaConfigType) -> UserPoolLambdaConfig {
    UserPoolLambdaConfig {
        create_auth_challenge: owned(l.create_auth_challenge()),
        custom_email_sender: l.custom_email_sender().map(|s| {
            UserPoolLambdaConfigCustomEmailSender {
                lambda_arn: s.lambda_arn().to_string(),
                lambda_version: s.lambda_version().as_str().to_string(),
            }
        }),
        custom_message: owned(l.custom_message()),
        custom_sms_sender: l
            .custom_sms_sender()
            .map(|s| UserPoolLambdaConfigCustomSmsSender {
                lambda_arn: s.lambda_arn().to_string(),
                lambda_version: s.lambda_version().as_str().to_string(),
            }),
        define_auth_challenge: owned(l.define_auth_challenge()),
        kms_key_id: owned(l.kms_key_id()),
        post_authentication: owned(l.post_authentication()),
        post_confirmation: owned(l.post_confirmation()),
        pre_authentication: owned(l.pre_authentication()),
        pre_sign_up: owned(l.pre_sign_up()),
        pre_token_generation: owned(l.pre_token_generation()),
        pre_token_generation_config: l.pre_token_generation_config().map(|c| {
            UserPoolLambdaConfigPreTokenGenerationConfig {
                lambda_arn: c.lambda_arn().to_string(),
                lambda_version: c.lambda_version().as_str().to_string(),
            }
        }),
        user_migration: owned(l.user_migration()),
        verify_auth_challenge_response: owned(l.verify_auth_challenge_response()),
    }
}

// ---------------------------------------------------------------------------------------
// Check rules
// ---------------------------------------------------------------------------------------

/// An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`.
static ARN_RE: Pattern = Pattern::new(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s]+$");

static EMAIL_RE: Pattern =
    Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+$");

static LINK_RE: Pattern = Pattern::new(r"\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}");

static REGION_RE: Pattern = Pattern::new(r"^[a-z]{2}(-[a-z]+)+-\d+$");

static CONFIGURATION_SET_RE: Pattern = Pattern::new(r"^[a-zA-Z0-9_-]+$");

/// A message: its length and the placeholders it must contain.
fn message(
    c: &mut Checker,
    v: Option<&str>,
    lo: usize,
    hi: usize,
    needs: &[&str],
    path: impl Path,
) {
    let Some(v) = v else { return };
    c.len(Some(v), lo, hi, path);
    for n in needs.iter().filter(|n| !v.contains(*n)) {
        c.rule_with(false, path, || format!("must contain the {n} placeholder"));
    }
}

fn subject(c: &mut Checker, v: Option<&str>, path: impl Path) {
    c.len(v, 1, 140, path);
    c.pattern(
        v,
        &crate::validate::PRINTABLE_OR_SPACE_RE,
        "must be printable characters and spaces",
        path,
    );
}

fn arn(c: &mut Checker, v: Option<&str>, path: impl Path) {
    c.pattern(
        v,
        &ARN_RE,
        "must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)",
        path,
    );
}

fn required(c: &mut Checker, v: &str, path: impl Path) {
    c.rule(!v.is_empty(), path, "is required");
}

fn check_names(c: &mut Checker, i: &UserPoolArgs) {
    c.name(i.name.as_deref(), "name");
}

fn check_attributes(c: &mut Checker, i: &UserPoolArgs, unknown: &dyn Fn(&str) -> bool) {
    c.each_one_of(
        i.auto_verified_attributes.as_deref(),
        &["email", "phone_number"],
        "autoVerifiedAttributes",
    );
    c.each_one_of(
        i.username_attributes.as_deref(),
        &["email", "phone_number"],
        "usernameAttributes",
    );
    c.each_one_of(
        i.alias_attributes.as_deref(),
        &["email", "phone_number", "preferred_username"],
        "aliasAttributes",
    );
    c.rule(
        i.alias_attributes.is_none() || i.username_attributes.is_none(),
        "aliasAttributes",
        "conflicts with usernameAttributes: set only one of them",
    );
    let verified = i.auto_verified_attributes.as_deref().unwrap_or_default();
    c.rule(
        !verified.iter().any(|a| a == "phone_number")
            || i.sms_configuration.is_some()
            || unknown("smsConfiguration"),
        "autoVerifiedAttributes",
        "verifying phone_number needs smsConfiguration (AWS sends the codes by SMS)",
    );
    if let Some(u) = &i.user_attribute_update_settings {
        let path = "userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdates";
        let list = &u.attributes_require_verification_before_updates;
        c.each_one_of(Some(list), &["email", "phone_number"], path);
        for (n, a) in list.iter().enumerate() {
            c.rule_with(
                verified.contains(a) || unknown("autoVerifiedAttributes"),
                format_args!("{path}[{n}]"),
                || format!("{a} must also be in autoVerifiedAttributes"),
            );
        }
    }
    if let Some(u) = &i.username_configuration {
        c.rule(
            u.case_sensitive.is_some(),
            "usernameConfiguration.caseSensitive",
            "is required (AWS needs an explicit true or false)",
        );
    }
}

fn check_mfa(c: &mut Checker, i: &UserPoolArgs, unknown: &dyn Fn(&str) -> bool) {
    c.one_of(i.mfa_configuration.as_deref(), MFA, "mfaConfiguration");
    let on = matches!(mfa_of(i), "ON" | "OPTIONAL");
    let totp = i
        .software_token_mfa_configuration
        .as_ref()
        .is_some_and(|s| s.enabled);
    let factor = i.sms_configuration.is_some() || totp || i.email_mfa_configuration.is_some();
    let factor_unknown = [
        "smsConfiguration",
        "softwareTokenMfaConfiguration",
        "emailMfaConfiguration",
    ]
    .iter()
    .any(|p| unknown(p));
    c.rule(
        !on || factor || factor_unknown,
        "mfaConfiguration",
        "ON and OPTIONAL need a second factor: set smsConfiguration, softwareTokenMfaConfiguration with enabled true, or emailMfaConfiguration",
    );
    c.rule(
        !totp || on || unknown("mfaConfiguration"),
        "softwareTokenMfaConfiguration.enabled",
        "authenticator-app MFA needs mfaConfiguration ON or OPTIONAL (AWS turns it off with MFA)",
    );
    message(
        c,
        i.sms_authentication_message.as_deref(),
        6,
        140,
        &[CODE],
        "smsAuthenticationMessage",
    );
    if let Some(e) = &i.email_mfa_configuration {
        message(
            c,
            e.message.as_deref(),
            6,
            20000,
            &[CODE],
            "emailMfaConfiguration.message",
        );
        c.pattern(
            e.subject.as_deref(),
            &crate::validate::PRINTABLE_OR_SPACE_RE,
            "must be printable characters and spaces",
            "emailMfaConfiguration.subject",
        );
        let developer = i
            .email_configuration
            .as_ref()
            .and_then(|e| e.email_sending_account.as_deref())
            == Some("DEVELOPER");
        c.rule(
            developer || unknown("emailConfiguration"),
            "emailMfaConfiguration",
            "email MFA needs emailConfiguration.emailSendingAccount DEVELOPER (Amazon SES)",
        );
        c.rule(
            i.user_pool_tier.as_deref() != Some("LITE"),
            "emailMfaConfiguration",
            "email MFA needs userPoolTier ESSENTIALS or PLUS",
        );
        let email_only = i
            .account_recovery_setting
            .as_ref()
            .and_then(|a| a.recovery_mechanisms.as_deref())
            .is_some_and(|m| m.len() == 1 && m[0].name == "verified_email");
        c.rule(
            !email_only,
            "accountRecoverySetting.recoveryMechanisms",
            "with email MFA, email cannot be the only recovery method: add verified_phone_number or use admin_only",
        );
    }
    if let Some(w) = &i.web_authn_configuration {
        c.len(
            w.relying_party_id.as_deref(),
            1,
            127,
            "webAuthnConfiguration.relyingPartyId",
        );
        c.one_of(
            w.user_verification.as_deref(),
            USER_VERIFICATION,
            "webAuthnConfiguration.userVerification",
        );
    }
}

/// The verification and invitation messages, and the top-level/template pairs.
fn check_messages(c: &mut Checker, i: &UserPoolArgs) {
    message(
        c,
        i.email_verification_message.as_deref(),
        6,
        20000,
        &[CODE],
        "emailVerificationMessage",
    );
    subject(
        c,
        i.email_verification_subject.as_deref(),
        "emailVerificationSubject",
    );
    message(
        c,
        i.sms_verification_message.as_deref(),
        6,
        140,
        &[CODE],
        "smsVerificationMessage",
    );
    if let Some(t) = &i.verification_message_template {
        let p = "verificationMessageTemplate";
        c.one_of(
            t.default_email_option.as_deref(),
            EMAIL_OPTIONS,
            format_args!("{p}.defaultEmailOption"),
        );
        message(
            c,
            t.email_message.as_deref(),
            6,
            20000,
            &[CODE],
            format_args!("{p}.emailMessage"),
        );
        message(
            c,
            t.sms_message.as_deref(),
            6,
            140,
            &[CODE],
            format_args!("{p}.smsMessage"),
        );
        if let Some(m) = t.email_message_by_link.as_deref() {
            let path = format_args!("{p}.emailMessageByLink");
            c.len(Some(m), 6, 20000, path);
            c.rule(
                LINK_RE.is_match(m),
                path,
                "must contain a {##Click here##} link placeholder",
            );
        }
        subject(
            c,
            t.email_subject.as_deref(),
            format_args!("{p}.emailSubject"),
        );
        subject(
            c,
            t.email_subject_by_link.as_deref(),
            format_args!("{p}.emailSubjectByLink"),
        );
        // The top-level messages are the template's under another name; they may both be
        // set (AWS reports both) but must agree.
        for (top, tpl, path) in [
            (
                &i.email_verification_message,
                &t.email_message,
                "emailVerificationMessage",
            ),
            (
                &i.email_verification_subject,
                &t.email_subject,
                "emailVerificationSubject",
            ),
            (
                &i.sms_verification_message,
                &t.sms_message,
                "smsVerificationMessage",
            ),
        ] {
            c.rule(
                top.is_none() || tpl.is_none() || top == tpl,
                path,
                "conflicts with its verificationMessageTemplate counterpart: set one of them, or both to the same value",
            );
        }
    }
    if let Some(m) = i
        .admin_create_user_config
        .as_ref()
        .and_then(|a| a.invite_message_template.as_ref())
    {
        let p = "adminCreateUserConfig.inviteMessageTemplate";
        message(
            c,
            m.email_message.as_deref(),
            6,
            20000,
            &[USERNAME, CODE],
            format_args!("{p}.emailMessage"),
        );
        subject(
            c,
            m.email_subject.as_deref(),
            format_args!("{p}.emailSubject"),
        );
        message(
            c,
            m.sms_message.as_deref(),
            6,
            140,
            &[USERNAME, CODE],
            format_args!("{p}.smsMessage"),
        );
    }
}

fn check_recovery(c: &mut Checker, i: &UserPoolArgs) {
    let Some(a) = &i.account_recovery_setting else {
        return;
    };
    let p = "accountRecoverySetting.recoveryMechanisms";
    let m = a.recovery_mechanisms.as_deref().unwrap_or_default();
    c.rule_with((1..=2).contains(&m.len()), p, || {
        format!("must list 1 or 2 recovery methods, got {}", m.len())
    });
    for (n, r) in m.iter().enumerate() {
        required(c, &r.name, format_args!("{p}[{n}].name"));
        if !r.name.is_empty() {
            c.one_of(Some(&r.name), RECOVERY, format_args!("{p}[{n}].name"));
        }
        c.range(Some(r.priority), 1, 2, format_args!("{p}[{n}].priority"));
        c.rule_with(
            !m[..n].iter().any(|o| o.priority == r.priority),
            format_args!("{p}[{n}].priority"),
            || format!("priority {} is used twice", r.priority),
        );
        c.rule_with(
            !m[..n].iter().any(|o| o.name == r.name),
            format_args!("{p}[{n}].name"),
            || format!("{} is listed twice", r.name),
        );
    }
}

fn check_email(c: &mut Checker, i: &UserPoolArgs, unknown: &dyn Fn(&str) -> bool) {
    let Some(e) = &i.email_configuration else {
        return;
    };
    let p = "emailConfiguration";
    c.one_of(
        e.email_sending_account.as_deref(),
        SENDING,
        format_args!("{p}.emailSendingAccount"),
    );
    let developer = e.email_sending_account.as_deref() == Some("DEVELOPER");
    let account_unknown = unknown(&format!("{p}.emailSendingAccount"));
    c.rule(
        !developer || e.source_arn.is_some() || unknown(&format!("{p}.sourceArn")),
        format_args!("{p}.sourceArn"),
        "is required when emailSendingAccount is DEVELOPER",
    );
    c.rule(
        e.from_email_address.is_none() || developer || account_unknown,
        format_args!("{p}.fromEmailAddress"),
        "needs emailSendingAccount DEVELOPER",
    );
    arn(c, e.source_arn.as_deref(), format_args!("{p}.sourceArn"));
    if let Some(r) = e
        .reply_to_email_address
        .as_deref()
        .filter(|r| !r.is_empty())
    {
        c.pattern(
            Some(r),
            &EMAIL_RE,
            "must be an email address",
            format_args!("{p}.replyToEmailAddress"),
        );
    }
    c.len(
        e.configuration_set.as_deref(),
        1,
        64,
        format_args!("{p}.configurationSet"),
    );
    c.pattern(
        e.configuration_set.as_deref(),
        &CONFIGURATION_SET_RE,
        "must match [a-zA-Z0-9_-]+",
        format_args!("{p}.configurationSet"),
    );
}

fn check_lambda(c: &mut Checker, i: &UserPoolArgs, unknown: &dyn Fn(&str) -> bool) {
    let Some(l) = &i.lambda_config else { return };
    let p = "lambdaConfig";
    for (name, v) in [
        ("createAuthChallenge", &l.create_auth_challenge),
        ("customMessage", &l.custom_message),
        ("defineAuthChallenge", &l.define_auth_challenge),
        ("kmsKeyId", &l.kms_key_id),
        ("postAuthentication", &l.post_authentication),
        ("postConfirmation", &l.post_confirmation),
        ("preAuthentication", &l.pre_authentication),
        ("preSignUp", &l.pre_sign_up),
        ("preTokenGeneration", &l.pre_token_generation),
        ("userMigration", &l.user_migration),
        (
            "verifyAuthChallengeResponse",
            &l.verify_auth_challenge_response,
        ),
    ] {
        arn(c, v.as_deref(), format_args!("{p}.{name}"));
    }
    let senders = [
        (
            "customEmailSender",
            l.custom_email_sender
                .as_ref()
                .map(|s| (&s.lambda_arn, &s.lambda_version)),
        ),
        (
            "customSmsSender",
            l.custom_sms_sender
                .as_ref()
                .map(|s| (&s.lambda_arn, &s.lambda_version)),
        ),
    ];
    for (name, s) in senders {
        let Some((lambda_arn, version)) = s else {
            continue;
        };
        let sp = format_args!("{p}.{name}");
        required(c, lambda_arn, format_args!("{sp}.lambdaArn"));
        arn(
            c,
            Some(lambda_arn.as_str()).filter(|a| !a.is_empty()),
            format_args!("{sp}.lambdaArn"),
        );
        c.one_of(
            Some(version.as_str()),
            SENDER_VERSIONS,
            format_args!("{sp}.lambdaVersion"),
        );
        c.rule(
            l.kms_key_id.is_some() || unknown(&format!("{p}.kmsKeyId")),
            sp,
            "needs lambdaConfig.kmsKeyId (Cognito encrypts the codes it passes to the sender)",
        );
    }
    if let Some(cfg) = &l.pre_token_generation_config {
        let cp = format_args!("{p}.preTokenGenerationConfig");
        required(c, &cfg.lambda_arn, format_args!("{cp}.lambdaArn"));
        arn(
            c,
            Some(cfg.lambda_arn.as_str()).filter(|a| !a.is_empty()),
            format_args!("{cp}.lambdaArn"),
        );
        c.one_of(
            Some(cfg.lambda_version.as_str()),
            PRE_TOKEN_VERSIONS,
            format_args!("{cp}.lambdaVersion"),
        );
        c.rule(
            l.pre_token_generation.is_none()
                || l.pre_token_generation.as_deref() == Some(cfg.lambda_arn.as_str()),
            format_args!("{p}.preTokenGeneration"),
            "must be the same function as preTokenGenerationConfig.lambdaArn",
        );
    }
}

fn check_sms(c: &mut Checker, i: &UserPoolArgs) {
    let Some(s) = &i.sms_configuration else {
        return;
    };
    let p = "smsConfiguration";
    required(c, &s.sns_caller_arn, format_args!("{p}.snsCallerArn"));
    arn(
        c,
        Some(s.sns_caller_arn.as_str()).filter(|a| !a.is_empty()),
        format_args!("{p}.snsCallerArn"),
    );
    c.pattern(
        s.sns_region.as_deref(),
        &REGION_RE,
        "must be an AWS region name such as us-east-1",
        format_args!("{p}.snsRegion"),
    );
}

/// Sign-in policy, threat protection and device tracking, with their tier requirements.
fn check_features(c: &mut Checker, i: &UserPoolArgs) {
    let tier = i.user_pool_tier.as_deref();
    if let Some(s) = &i.sign_in_policy {
        let p = "signInPolicy.allowedFirstAuthFactors";
        let f = s.allowed_first_auth_factors.as_deref().unwrap_or_default();
        c.each_one_of(Some(f), FIRST_FACTORS, p);
        c.rule_with((1..=4).contains(&f.len()), p, || {
            format!("must list 1 to 4 sign-in methods, got {}", f.len())
        });
        c.rule(
            tier != Some("LITE") || f.iter().all(|x| x == "PASSWORD"),
            p,
            "sign-in methods other than PASSWORD need userPoolTier ESSENTIALS or PLUS",
        );
    }
    if let Some(a) = &i.user_pool_add_ons {
        let p = "userPoolAddOns.advancedSecurityMode";
        required(c, &a.advanced_security_mode, p);
        if !a.advanced_security_mode.is_empty() {
            c.one_of(Some(&a.advanced_security_mode), SECURITY_MODES, p);
        }
        c.rule(
            a.advanced_security_mode == "OFF"
                || a.advanced_security_mode.is_empty()
                || !matches!(tier, Some("LITE" | "ESSENTIALS")),
            p,
            "threat protection (AUDIT or ENFORCED) needs userPoolTier PLUS",
        );
        if let Some(f) = &a.advanced_security_additional_flows {
            c.one_of(
                f.custom_auth_mode.as_deref(),
                CUSTOM_AUTH_MODES,
                "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode",
            );
        }
    }
    if let Some(d) = &i.device_configuration {
        c.rule(
            d.challenge_required_on_new_device.is_some()
                || d.device_only_remembered_on_user_prompt.is_some(),
            "deviceConfiguration",
            "set challengeRequiredOnNewDevice and/or deviceOnlyRememberedOnUserPrompt (an empty block turns device tracking on with both false); leave the block out to turn device tracking off",
        );
    }
}

fn check_schemas(c: &mut Checker, i: &UserPoolArgs) {
    for (n, a) in i.schemas.iter().flatten().enumerate() {
        let p = format_args!("schemas[{n}]");
        required(c, &a.name, format_args!("{p}.name"));
        required(
            c,
            &a.attribute_data_type,
            format_args!("{p}.attributeDataType"),
        );
        if !a.name.is_empty() {
            c.len(Some(&a.name), 1, 20, format_args!("{p}.name"));
            c.pattern(
                Some(&a.name),
                &crate::validate::PRINTABLE_RE,
                "must match [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
                format_args!("{p}.name"),
            );
        }
        if !a.attribute_data_type.is_empty() {
            c.one_of(
                Some(&a.attribute_data_type),
                DATA_TYPES,
                format_args!("{p}.attributeDataType"),
            );
        }
        c.rule(
            a.required != Some(true) || is_standard(&a.name),
            format_args!("{p}.required"),
            "only standard attributes can be required",
        );
        c.rule(
            a.string_attribute_constraints.is_none() || a.attribute_data_type == "String",
            format_args!("{p}.stringAttributeConstraints"),
            "only applies to String attributes",
        );
        c.rule(
            a.number_attribute_constraints.is_none() || a.attribute_data_type == "Number",
            format_args!("{p}.numberAttributeConstraints"),
            "only applies to Number attributes",
        );
    }
    let names: Vec<String> = i.schemas.iter().flatten().map(|a| a.name.clone()).collect();
    c.unique(Some(&names), "schemas");
    c.rule(
        names.len() <= 50,
        "schemas",
        "at most 50 attributes are allowed",
    );
}

/// Schema attributes: a new name updates in place; a changed or removed one replaces.
fn diff_schemas(old: Option<&Value>, new: Option<&Value>) -> Vec<PropDiff> {
    fn items(v: Option<&Value>) -> &[Value] {
        v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }
    fn name(v: &Value) -> Option<&str> {
        v.get("name").and_then(Value::as_str)
    }
    let (old, new) = (items(old), items(new));
    let mut out = Vec::new();
    let root = PropPath::key("schemas");
    for (i, o) in old.iter().enumerate() {
        match new.iter().position(|n| name(n) == name(o)) {
            None => out.push(PropDiff {
                path: root.index(i),
                change: Change::Delete,
                replace: true,
            }),
            Some(j) => {
                let start = out.len();
                diff_value(&root.index(j), Some(o), Some(&new[j]), &mut out);
                out[start..].iter_mut().for_each(|d| d.replace = true);
            }
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !old.iter().any(|o| name(o) == name(n)) {
            out.push(PropDiff {
                path: root.index(j),
                change: Change::Add,
                replace: false,
            });
        }
    }
    out
}

/// Formats an AWS timestamp as RFC 3339.
pub fn date(d: &aws_smithy_types::DateTime) -> String {
    d.fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// The ids of the pools named `name` created since `since`.
async fn pools_named(
    ctx: Ctx<'_>,
    name: &str,
    since: aws_smithy_types::DateTime,
) -> Result<Vec<String>, AwsError> {
    let mut ids = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = ctx
            .aws
            .call("ListUserPools", None, || {
                ctx.aws
                    .idp()
                    .list_user_pools()
                    .max_results(60)
                    .set_next_token(next.clone())
                    .send()
            })
            .await?;
        for p in page.user_pools() {
            if p.name() == Some(name) && p.creation_date().is_some_and(|d| *d >= since) {
                ids.extend(p.id().map(str::to_string));
            }
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            return Ok(ids);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_stripped() {
        assert_eq!(bare("custom:team"), "team");
        assert_eq!(bare("dev:custom:secret"), "secret");
        assert_eq!(bare("email"), "email");
    }

    #[test]
    fn messages_are_sent_agreeing_with_the_template() {
        let i = UserPoolArgs {
            email_verification_message: Some("Code {####}".into()),
            ..Default::default()
        };
        let s = Settings::of(&i).unwrap();
        assert_eq!(
            s.verification_message_template
                .as_ref()
                .and_then(|t| t.email_message()),
            Some("Code {####}")
        );
        assert_eq!(s.email_verification_message.as_deref(), Some("Code {####}"));
    }

    #[test]
    fn legacy_pre_token_trigger_is_sent_with_its_versioned_form() {
        let l = UserPoolLambdaConfig {
            pre_token_generation: Some("arn:aws:lambda:us-east-1:123456789012:function:f".into()),
            ..Default::default()
        };
        let s = to_sdk_lambda(&l).unwrap();
        let c = s.pre_token_generation_config().unwrap();
        assert_eq!(c.lambda_arn(), l.pre_token_generation.as_deref().unwrap());
        assert_eq!(c.lambda_version().as_str(), "V1_0");
    }
}
