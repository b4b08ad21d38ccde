//! `cognito:index:UserPool`: a Cognito user directory.

use crate::aws::{enums, AwsResultExt, ErrorKind};
use crate::codec::{PropPath, Props};
use crate::diff::{diff_value, Change, PropDiff};
use crate::error::{OpError, PartialExt, ProviderError};
use crate::resource::{Ctx, Failure, Found, Naming, Resource};
use crate::validate::{i32_of, name_re, sort_set, Checker};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The password rules of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolPasswordPolicy {
    /// Minimum password length, 6 to 99.
    pub minimum_length: Option<i64>,
    /// Number of previous passwords a user may not reuse, 0 to 24.
    pub password_history_size: Option<i64>,
    /// Whether passwords need a lowercase letter.
    pub require_lowercase: Option<bool>,
    /// Whether passwords need a number.
    pub require_numbers: Option<bool>,
    /// Whether passwords need a symbol.
    pub require_symbols: Option<bool>,
    /// Whether passwords need an uppercase letter.
    pub require_uppercase: Option<bool>,
    /// Days a temporary password set by an administrator stays valid, 0 to 365.
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
    pub attribute_data_type: String,
    /// Whether only administrators may read and write the attribute.
    pub developer_only_attribute: Option<bool>,
    /// Whether the attribute may change after it is set.
    pub mutable: Option<bool>,
    /// The attribute name, without the `custom:` prefix for custom attributes.
    pub name: String,
    /// Limits for a `Number` attribute.
    pub number_attribute_constraints: Option<UserPoolSchemaNumberAttributeConstraints>,
    /// Whether the attribute is required at sign-up (standard attributes only).
    pub required: Option<bool>,
    /// Limits for a `String` attribute.
    pub string_attribute_constraints: Option<UserPoolSchemaStringAttributeConstraints>,
}

/// The inputs of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolArgs {
    /// Attributes used as aliases for signing in: `phone_number`, `email` or `preferred_username`. Changing it replaces the pool.
    pub alias_attributes: Option<Vec<String>>,
    /// Attributes verified automatically: `email` and/or `phone_number`.
    pub auto_verified_attributes: Option<Vec<String>>,
    /// `ACTIVE` to prevent deletion of the pool, `INACTIVE` (default) to allow it.
    pub deletion_protection: Option<String>,
    /// Multi-factor authentication: `OFF` (default), `ON` or `OPTIONAL`.
    pub mfa_configuration: Option<String>,
    /// The pool name, 1 to 128 characters. Generated from the resource name if unset. Renaming updates in place.
    pub name: Option<String>,
    /// The password rules.
    pub password_policy: Option<UserPoolPasswordPolicy>,
    /// User attributes. Adding one updates in place; changing or removing one replaces the pool.
    pub schemas: Option<Vec<UserPoolSchema>>,
    /// Tags for the pool.
    pub tags: Option<BTreeMap<String, String>>,
    /// Attributes users may sign in with instead of a username: `email` and/or `phone_number`. Changing it replaces the pool.
    pub username_attributes: Option<Vec<String>>,
}

/// The computed outputs of a user pool.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolOutputs {
    /// The ARN of the pool.
    pub arn: Option<String>,
    /// When the pool was created (RFC 3339).
    pub creation_date: Option<String>,
    /// The pool's endpoint, `cognito-idp.<region>.amazonaws.com/<id>`; use it as an identity pool provider name.
    pub endpoint: Option<String>,
    /// An estimate of the number of users in the pool.
    pub estimated_number_of_users: Option<i64>,
    /// When the pool was last modified (RFC 3339).
    pub last_modified_date: Option<String>,
}

/// The user pool resource.
pub struct UserPool;

const MFA: &[&str] = &["OFF", "ON", "OPTIONAL"];
const PROTECTION: &[&str] = &["ACTIVE", "INACTIVE"];
const DATA_TYPES: &[&str] = &["String", "Number", "DateTime", "Boolean"];
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

fn is_standard(name: &str) -> bool {
    STANDARD_ATTRIBUTES.contains(&name)
}

#[async_trait]
impl Resource for UserPool {
    type Inputs = UserPoolArgs;
    type Outputs = UserPoolOutputs;
    const TOKEN: &'static str = "cognito:index:UserPool";
    const DESCRIPTION: &'static str =
        "A Cognito user pool: a user directory with its sign-in and password rules.";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["aliasAttributes", "usernameAttributes"];
    const NAMING: Option<Naming> = Some(Naming {
        property: "name",
        max_len: 128,
    });

    fn normalize(i: &mut UserPoolArgs) {
        sort_set(&mut i.alias_attributes);
        sort_set(&mut i.auto_verified_attributes);
        sort_set(&mut i.username_attributes);
        if let Some(s) = &mut i.schemas {
            for a in s.iter_mut() {
                if let Some(n) = a.name.strip_prefix("custom:") {
                    a.name = n.to_string();
                }
            }
            s.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }

    fn check(i: &UserPoolArgs, _known: &Props) -> Vec<Failure> {
        let mut c = Checker::default();
        c.len(i.name.as_deref(), 1, 128, "name");
        c.pattern(
            i.name.as_deref(),
            name_re(),
            "must match [\\w\\s+=,.@-]+",
            "name",
        );
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
        c.one_of(i.mfa_configuration.as_deref(), MFA, "mfaConfiguration");
        c.one_of(
            i.deletion_protection.as_deref(),
            PROTECTION,
            "deletionProtection",
        );
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
        for (n, a) in i.schemas.iter().flatten().enumerate() {
            let p = format!("schemas[{n}]");
            c.len(Some(&a.name), 1, 20, &format!("{p}.name"));
            c.pattern(
                Some(&a.name),
                attr_name_re(),
                "must match [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
                &format!("{p}.name"),
            );
            c.one_of(
                Some(&a.attribute_data_type),
                DATA_TYPES,
                &format!("{p}.attributeDataType"),
            );
            c.rule(
                a.required != Some(true) || is_standard(&a.name),
                format!("{p}.required"),
                "only standard attributes can be required",
            );
            c.rule(
                a.string_attribute_constraints.is_none() || a.attribute_data_type == "String",
                format!("{p}.stringAttributeConstraints"),
                "only applies to String attributes",
            );
            c.rule(
                a.number_attribute_constraints.is_none() || a.attribute_data_type == "Number",
                format!("{p}.numberAttributeConstraints"),
                "only applies to Number attributes",
            );
        }
        let names: Vec<String> = i.schemas.iter().flatten().map(|a| a.name.clone()).collect();
        c.unique(Some(&names), "schemas");
        c.rule(
            names.len() <= 50,
            "schemas",
            "at most 50 custom attributes are allowed",
        );
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        (key == "schemas").then(|| diff_schemas(old, new))
    }

    async fn create(ctx: Ctx<'_>, i: &UserPoolArgs) -> Result<String, OpError> {
        let out = ctx
            .aws
            .idp()
            .create_user_pool()
            .pool_name(i.name.clone().unwrap_or_default())
            .set_policies(policies(i))
            .set_mfa_configuration(i.mfa_configuration.as_deref().map(t::UserPoolMfaType::from))
            .set_auto_verified_attributes(enums(&i.auto_verified_attributes))
            .set_username_attributes(enums(&i.username_attributes))
            .set_alias_attributes(enums(&i.alias_attributes))
            .set_deletion_protection(
                i.deletion_protection
                    .as_deref()
                    .map(t::DeletionProtectionType::from),
            )
            .set_schema(
                i.schemas
                    .as_ref()
                    .map(|s| s.iter().map(to_sdk_attribute).collect()),
            )
            .set_user_pool_tags(i.tags.clone().map(|t| t.into_iter().collect()))
            .send()
            .await
            .op("CreateUserPool")?;
        out.user_pool()
            .and_then(|p| p.id())
            .map(str::to_string)
            .ok_or_else(|| {
                ProviderError::InvalidArgument("CreateUserPool returned no id".into()).into()
            })
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserPoolArgs>,
    ) -> Result<Option<Found<UserPoolArgs, UserPoolOutputs>>, ProviderError> {
        let out = match ctx
            .aws
            .idp()
            .describe_user_pool()
            .user_pool_id(id)
            .send()
            .await
            .op("DescribeUserPool")
        {
            Ok(o) => o,
            Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(p) = out.user_pool() else {
            return Ok(None);
        };
        let wanted_standard: Vec<&str> = hint
            .and_then(|h| h.schemas.as_ref())
            .map(|s| s.iter().map(|a| a.name.as_str()).collect())
            .unwrap_or_default();
        let schemas: Vec<UserPoolSchema> = p
            .schema_attributes()
            .iter()
            .filter_map(from_sdk_attribute)
            .filter(|a| !is_standard(&a.name) || wanted_standard.contains(&a.name.as_str()))
            .collect();
        let pw = p.policies().and_then(|x| x.password_policy());
        let strs = |v: Vec<String>| (!v.is_empty()).then_some(v);
        let inputs = UserPoolArgs {
            name: p.name().map(str::to_string),
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
            mfa_configuration: p.mfa_configuration().map(|m| m.as_str().to_string()),
            auto_verified_attributes: strs(
                p.auto_verified_attributes()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
            ),
            username_attributes: strs(
                p.username_attributes()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
            ),
            alias_attributes: strs(
                p.alias_attributes()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
            ),
            deletion_protection: p.deletion_protection().map(|d| d.as_str().to_string()),
            schemas: (!schemas.is_empty()).then_some(schemas),
            tags: p
                .user_pool_tags()
                .filter(|t| !t.is_empty())
                .map(|t| t.clone().into_iter().collect()),
        };
        let outputs = UserPoolOutputs {
            arn: p.arn().map(str::to_string),
            creation_date: p.creation_date().map(date),
            last_modified_date: p.last_modified_date().map(date),
            endpoint: Some(format!(
                "cognito-idp.{}.amazonaws.com/{id}",
                ctx.aws.region()
            )),
            estimated_number_of_users: Some(i64::from(p.estimated_number_of_users())),
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
        // UpdateUserPool resets what it is not given, so it always gets the full desired state.
        ctx.aws
            .idp()
            .update_user_pool()
            .user_pool_id(id)
            .set_pool_name(new.name.clone())
            .set_policies(policies(new))
            .set_mfa_configuration(
                new.mfa_configuration
                    .as_deref()
                    .map(t::UserPoolMfaType::from),
            )
            .set_auto_verified_attributes(enums(&new.auto_verified_attributes))
            .set_deletion_protection(
                new.deletion_protection
                    .as_deref()
                    .map(t::DeletionProtectionType::from),
            )
            .set_user_pool_tags(Some(
                new.tags.clone().unwrap_or_default().into_iter().collect(),
            ))
            .send()
            .await
            .op("UpdateUserPool")?;
        let added: Vec<t::SchemaAttributeType> = new
            .schemas
            .iter()
            .flatten()
            .filter(|a| !old.schemas.iter().flatten().any(|o| o.name == a.name))
            .map(to_sdk_attribute)
            .collect();
        if !added.is_empty() {
            ctx.aws
                .idp()
                .add_custom_attributes()
                .user_pool_id(id)
                .set_custom_attributes(Some(added))
                .send()
                .await
                .op("AddCustomAttributes")
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
        match ctx
            .aws
            .idp()
            .delete_user_pool()
            .user_pool_id(id)
            .send()
            .await
            .op("DeleteUserPool")
        {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

fn attr_name_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$").expect("valid regex"))
}

/// Schema attributes: a new name updates in place; a changed or removed one replaces.
fn diff_schemas(old: Option<&Value>, new: Option<&Value>) -> Vec<PropDiff> {
    let items = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let (old, new) = (items(old), items(new));
    let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
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

fn policies(i: &UserPoolArgs) -> Option<t::UserPoolPolicyType> {
    let p = i.password_policy.as_ref()?;
    let pw = t::PasswordPolicyType::builder()
        .set_minimum_length(p.minimum_length.map(i32_of))
        .set_password_history_size(p.password_history_size.map(i32_of))
        .require_lowercase(p.require_lowercase.unwrap_or(false))
        .require_numbers(p.require_numbers.unwrap_or(false))
        .require_symbols(p.require_symbols.unwrap_or(false))
        .require_uppercase(p.require_uppercase.unwrap_or(false))
        .temporary_password_validity_days(p.temporary_password_validity_days.map_or(7, i32_of))
        .build();
    Some(t::UserPoolPolicyType::builder().password_policy(pw).build())
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
        name: name.strip_prefix("custom:").unwrap_or(name).to_string(),
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

/// Formats an AWS timestamp as RFC 3339.
pub fn date(d: &aws_smithy_types::DateTime) -> String {
    d.fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}
