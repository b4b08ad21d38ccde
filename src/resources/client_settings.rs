//! The settings of an app client that `UserPoolClient` and `ManagedUserPoolClient` share:
//! their inputs, their rules, the request that applies them and how they read back.
//!
//! UpdateUserPoolClient resets every setting it is not sent, so both resources always send
//! all of them ([`apply_settings!`]).

use crate::resource::Failure;
use crate::validate::{i32_of, sort_set, Checker};
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The time units of the token validities.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolClientTokenValidityUnits {
    /// Unit of `accessTokenValidity`: `seconds`, `minutes`, `hours` (default) or `days`.
    pub access_token: Option<String>,
    /// Unit of `idTokenValidity`: `seconds`, `minutes`, `hours` (default) or `days`.
    pub id_token: Option<String>,
    /// Unit of `refreshTokenValidity`: `seconds`, `minutes`, `hours` or `days` (default).
    pub refresh_token: Option<String>,
}

/// Where the client publishes analytics events.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolClientAnalyticsConfiguration {
    /// ARN of an AWS End User Messaging (Pinpoint) application. Conflicts with `externalId` and `roleArn`.
    pub application_arn: Option<String>,
    /// ID of an AWS End User Messaging (Pinpoint) application.
    pub application_id: Option<String>,
    /// ID of the analytics configuration. Conflicts with `applicationArn`.
    pub external_id: Option<String>,
    /// ARN of a role that lets Cognito publish events. Conflicts with `applicationArn`.
    pub role_arn: Option<String>,
    /// Whether user data is included in the events.
    pub user_data_shared: Option<bool>,
}

/// Refresh token rotation.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolClientRefreshTokenRotation {
    /// `ENABLED` or `DISABLED`.
    pub feature: String,
    /// Seconds the old refresh token stays usable after rotation, 0 to 60.
    pub retry_grace_period_seconds: Option<i64>,
}

/// The settings of an app client (flattened into each client resource's inputs).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientSettings {
    /// Access token lifetime, in `tokenValidityUnits.accessToken` units; 5 minutes to 1 day.
    pub access_token_validity: Option<i64>,
    /// OAuth flows the client may use: `code`, `implicit`, `client_credentials`.
    pub allowed_oauth_flows: Option<Vec<String>>,
    /// Whether the client may use OAuth with the user pool.
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    /// OAuth scopes: `phone`, `email`, `openid`, `profile`, `aws.cognito.signin.user.admin`, or resource-server scopes.
    pub allowed_oauth_scopes: Option<Vec<String>>,
    /// Analytics configuration.
    pub analytics_configuration: Option<UserPoolClientAnalyticsConfiguration>,
    /// Minutes a sign-in session token stays valid, 3 to 15.
    pub auth_session_validity: Option<i64>,
    /// Allowed redirect URLs after sign-in: HTTPS, or HTTP on localhost.
    pub callback_urls: Option<Vec<String>>,
    /// Default redirect URL; must be one of `callbackUrls`.
    pub default_redirect_uri: Option<String>,
    /// Whether additional user context data is propagated.
    pub enable_propagate_additional_user_context_data: Option<bool>,
    /// Whether refresh tokens can be revoked.
    pub enable_token_revocation: Option<bool>,
    /// Authentication flows: either legacy (`ADMIN_NO_SRP_AUTH`, `CUSTOM_AUTH_FLOW_ONLY`, `USER_PASSWORD_AUTH`) or `ALLOW_*` values, not both.
    pub explicit_auth_flows: Option<Vec<String>>,
    /// ID token lifetime, in `tokenValidityUnits.idToken` units; 5 minutes to 1 day.
    pub id_token_validity: Option<i64>,
    /// Allowed sign-out URLs.
    pub logout_urls: Option<Vec<String>>,
    /// `ENABLED` hides whether a user exists in sign-in errors; `LEGACY` does not.
    pub prevent_user_existence_errors: Option<String>,
    /// User attributes the client may read.
    pub read_attributes: Option<Vec<String>>,
    /// Refresh token rotation settings.
    pub refresh_token_rotation: Option<UserPoolClientRefreshTokenRotation>,
    /// Refresh token lifetime, in `tokenValidityUnits.refreshToken` units; 60 minutes to 10 years.
    pub refresh_token_validity: Option<i64>,
    /// Identity providers the client may use, e.g. `COGNITO`.
    pub supported_identity_providers: Option<Vec<String>>,
    /// Units of the token validities.
    pub token_validity_units: Option<UserPoolClientTokenValidityUnits>,
    /// User attributes the client may write.
    pub write_attributes: Option<Vec<String>>,
}

/// Inputs whose absence means this value (JSON text) to AWS (see
/// [`crate::resource::Resource::DEFAULTS`]).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("allowedOauthFlowsUserPoolClient", "false"),
    ("enablePropagateAdditionalUserContextData", "false"),
    ("authSessionValidity", "3"),
];

/// Applies every setting of a [`ClientSettings`] to a CreateUserPoolClient or
/// UpdateUserPoolClient builder (different types with the same setters). The client name is
/// the caller's.
macro_rules! apply_settings {
    ($b:expr, $s:expr) => {{
        use $crate::resources::client_settings as cs;
        let s: &cs::ClientSettings = $s;
        $b.set_refresh_token_validity(s.refresh_token_validity.map($crate::validate::i32_of))
            .set_access_token_validity(s.access_token_validity.map($crate::validate::i32_of))
            .set_id_token_validity(s.id_token_validity.map($crate::validate::i32_of))
            .set_token_validity_units(cs::units(s))
            .set_read_attributes(s.read_attributes.clone())
            .set_write_attributes(s.write_attributes.clone())
            .set_explicit_auth_flows($crate::aws::enums(&s.explicit_auth_flows))
            .set_supported_identity_providers(s.supported_identity_providers.clone())
            .set_callback_urls(s.callback_urls.clone())
            .set_logout_urls(s.logout_urls.clone())
            .set_default_redirect_uri(s.default_redirect_uri.clone())
            .set_allowed_o_auth_flows($crate::aws::enums(&s.allowed_oauth_flows))
            .set_allowed_o_auth_scopes(s.allowed_oauth_scopes.clone())
            .set_allowed_o_auth_flows_user_pool_client(s.allowed_oauth_flows_user_pool_client)
            .set_analytics_configuration(cs::analytics(s))
            .set_prevent_user_existence_errors(
                s.prevent_user_existence_errors.as_deref().map(Into::into),
            )
            .set_enable_token_revocation(s.enable_token_revocation)
            .set_enable_propagate_additional_user_context_data(
                s.enable_propagate_additional_user_context_data,
            )
            .set_auth_session_validity(s.auth_session_validity.map($crate::validate::i32_of))
            .set_refresh_token_rotation(cs::rotation(s))
    }};
}
pub(crate) use apply_settings;

/// The explicit auth flows AWS accepts: the legacy ones first, then the `ALLOW_` ones.
const AUTH_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];
const LEGACY_FLOWS: &[&str] = AUTH_FLOWS.split_at(3).0;
const OAUTH_FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
const UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];

fn unit_seconds(unit: &str) -> i64 {
    match unit {
        "seconds" => 1,
        "minutes" => 60,
        "days" => 86_400,
        _ => 3_600,
    }
}

/// Checks a token validity against AWS's range, in seconds, for the unit in force.
fn validity(
    c: &mut Checker,
    v: Option<i64>,
    unit: Option<&str>,
    default_unit: &str,
    lo: i64,
    hi: i64,
    path: &str,
) {
    let Some(v) = v else { return };
    let unit = unit.unwrap_or(default_unit);
    let secs = v.saturating_mul(unit_seconds(unit));
    c.rule_with((lo..=hi).contains(&secs), path, || {
        format!(
            "must be between {} and {} {unit} (AWS allows {lo}s to {hi}s), got {v} {unit}",
            lo / unit_seconds(unit),
            hi / unit_seconds(unit)
        )
    });
}

fn url_ok(u: &str) -> bool {
    u.starts_with("https://")
        || u.starts_with("http://localhost")
        || u.starts_with("http://127.0.0.1")
        || (!u.starts_with("http://") && u.contains("://"))
}

impl ClientSettings {
    /// Sorts the lists AWS treats as sets.
    pub fn normalize(&mut self) {
        for l in [
            &mut self.allowed_oauth_flows,
            &mut self.allowed_oauth_scopes,
            &mut self.explicit_auth_flows,
            &mut self.read_attributes,
            &mut self.write_attributes,
            &mut self.supported_identity_providers,
            &mut self.callback_urls,
            &mut self.logout_urls,
        ] {
            sort_set(l);
        }
    }

    /// Checks every rule AWS documents for the settings. `generate_secret` is whether the
    /// client has a secret, `None` when it is not known before AWS is asked (an adopted
    /// client), which skips the rules that depend on it.
    pub fn check(&self, c: &mut Checker, generate_secret: Option<bool>) {
        let i = self;
        let flows = i.explicit_auth_flows.as_deref().unwrap_or_default();
        c.each_one_of(Some(flows), AUTH_FLOWS, "explicitAuthFlows");
        let legacy = flows.iter().any(|f| LEGACY_FLOWS.contains(&f.as_str()));
        let allow = flows.iter().any(|f| f.starts_with("ALLOW_"));
        c.rule(
            !(legacy && allow),
            "explicitAuthFlows",
            "cannot mix legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH) with ALLOW_* values",
        );
        c.each_one_of(
            i.allowed_oauth_flows.as_deref(),
            OAUTH_FLOWS,
            "allowedOauthFlows",
        );
        c.unique(i.allowed_oauth_scopes.as_deref(), "allowedOauthScopes");
        let units = i.token_validity_units.as_ref();
        let access_unit = units.and_then(|u| u.access_token.as_deref());
        let id_unit = units.and_then(|u| u.id_token.as_deref());
        let refresh_unit = units.and_then(|u| u.refresh_token.as_deref());
        c.one_of(access_unit, UNITS, "tokenValidityUnits.accessToken");
        c.one_of(id_unit, UNITS, "tokenValidityUnits.idToken");
        c.one_of(refresh_unit, UNITS, "tokenValidityUnits.refreshToken");
        validity(
            c,
            i.access_token_validity,
            access_unit,
            "hours",
            300,
            86_400,
            "accessTokenValidity",
        );
        validity(
            c,
            i.id_token_validity,
            id_unit,
            "hours",
            300,
            86_400,
            "idTokenValidity",
        );
        validity(
            c,
            i.refresh_token_validity,
            refresh_unit,
            "days",
            3_600,
            315_360_000,
            "refreshTokenValidity",
        );
        c.range(i.auth_session_validity, 3, 15, "authSessionValidity");
        for (field, urls) in [
            ("callbackUrls", &i.callback_urls),
            ("logoutUrls", &i.logout_urls),
        ] {
            let urls = urls.as_deref().unwrap_or_default();
            c.rule(urls.len() <= 100, field, "at most 100 URLs are allowed");
            for (n, u) in urls.iter().enumerate() {
                // Formatted only if a rule fails.
                let p = format_args!("{field}[{n}]");
                c.len(Some(u), 1, 1024, p);
                c.rule_with(url_ok(u), p, || {
                    format!("must use HTTPS (plain HTTP is allowed only for localhost), got {u:?}")
                });
                c.rule(!u.contains('#'), p, "must not contain a fragment (#)");
            }
        }
        if let Some(d) = &i.default_redirect_uri {
            c.rule(
                i.callback_urls.as_deref().unwrap_or_default().contains(d),
                "defaultRedirectUri",
                "must be one of callbackUrls",
            );
        }
        if i.allowed_oauth_flows_user_pool_client == Some(true) {
            c.rule(
                !i.allowed_oauth_flows
                    .as_deref()
                    .unwrap_or_default()
                    .is_empty(),
                "allowedOauthFlows",
                "must be set when allowedOauthFlowsUserPoolClient is true",
            );
        }
        let oauth = i.allowed_oauth_flows.as_deref().unwrap_or_default();
        if let Some(secret) = generate_secret {
            c.rule(
                !oauth.iter().any(|f| f == "client_credentials") || secret,
                "allowedOauthFlows",
                "client_credentials needs generateSecret = true",
            );
        }
        c.rule(
            !(oauth.iter().any(|f| f == "client_credentials") && oauth.len() > 1),
            "allowedOauthFlows",
            "client_credentials cannot be combined with code or implicit",
        );
        c.one_of(
            i.prevent_user_existence_errors.as_deref(),
            &["ENABLED", "LEGACY"],
            "preventUserExistenceErrors",
        );
        if let Some(r) = &i.refresh_token_rotation {
            c.one_of(
                Some(&r.feature),
                &["ENABLED", "DISABLED"],
                "refreshTokenRotation.feature",
            );
            c.range(
                r.retry_grace_period_seconds,
                0,
                60,
                "refreshTokenRotation.retryGracePeriodSeconds",
            );
        }
        if let Some(a) = &i.analytics_configuration {
            c.rule(
                !(a.application_arn.is_some() && (a.external_id.is_some() || a.role_arn.is_some())),
                "analyticsConfiguration.applicationArn",
                "conflicts with externalId and roleArn",
            );
            c.rule(
                a.application_arn.is_some()
                    || (a.application_id.is_some()
                        && a.external_id.is_some()
                        && a.role_arn.is_some()),
                "analyticsConfiguration",
                "needs applicationArn, or applicationId with externalId and roleArn",
            );
        }
    }

    /// The rules about changes of the settings (see
    /// [`crate::resource::Resource::CHECK_CHANGE`]).
    pub fn check_change(old: &ClientSettings, new: &ClientSettings) -> Vec<Failure> {
        // Without units AWS reads the numbers as hours (access, id) and days (refresh), so
        // dropping a unit while keeping its number would silently change the lifetime.
        let (o, n) = (
            old.token_validity_units.clone().unwrap_or_default(),
            new.token_validity_units.clone().unwrap_or_default(),
        );
        let mut c = Checker::default();
        for (field, had, has, value, default) in [
            (
                "accessToken",
                &o.access_token,
                &n.access_token,
                new.access_token_validity,
                "hours",
            ),
            (
                "idToken",
                &o.id_token,
                &n.id_token,
                new.id_token_validity,
                "hours",
            ),
            (
                "refreshToken",
                &o.refresh_token,
                &n.refresh_token,
                new.refresh_token_validity,
                "days",
            ),
        ] {
            let reinterpreted = matches!(had.as_deref(), Some(u) if u != default)
                && has.is_none()
                && value.is_some();
            c.rule_with(
                !reinterpreted,
                format_args!("tokenValidityUnits.{field}"),
                || format!(
                    "was {:?} and is now unset, so the validity number would be read as {default}; set the unit explicitly",
                    had.as_deref().unwrap_or_default()
                ),
            );
        }
        c.done()
    }

    /// The settings of a client as DescribeUserPoolClient reports them.
    pub fn from_aws(c: &t::UserPoolClientType) -> ClientSettings {
        let list = |v: &[String]| (!v.is_empty()).then(|| v.to_vec());
        ClientSettings {
            refresh_token_validity: Some(i64::from(c.refresh_token_validity())),
            access_token_validity: c.access_token_validity().map(i64::from),
            id_token_validity: c.id_token_validity().map(i64::from),
            token_validity_units: c.token_validity_units().map(|u| {
                UserPoolClientTokenValidityUnits {
                    access_token: u.access_token().map(|x| x.as_str().to_string()),
                    id_token: u.id_token().map(|x| x.as_str().to_string()),
                    refresh_token: u.refresh_token().map(|x| x.as_str().to_string()),
                }
            }),
            read_attributes: list(c.read_attributes()),
            write_attributes: list(c.write_attributes()),
            explicit_auth_flows: list(
                &c.explicit_auth_flows()
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect::<Vec<_>>(),
            ),
            supported_identity_providers: list(c.supported_identity_providers()),
            callback_urls: list(c.callback_urls()),
            logout_urls: list(c.logout_urls()),
            default_redirect_uri: c.default_redirect_uri().map(str::to_string),
            allowed_oauth_flows: list(
                &c.allowed_o_auth_flows()
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect::<Vec<_>>(),
            ),
            allowed_oauth_scopes: list(c.allowed_o_auth_scopes()),
            allowed_oauth_flows_user_pool_client: c.allowed_o_auth_flows_user_pool_client(),
            analytics_configuration: c.analytics_configuration().map(|a| {
                UserPoolClientAnalyticsConfiguration {
                    application_arn: a.application_arn().map(str::to_string),
                    application_id: a.application_id().map(str::to_string),
                    external_id: a.external_id().map(str::to_string),
                    role_arn: a.role_arn().map(str::to_string),
                    user_data_shared: Some(a.user_data_shared()),
                }
            }),
            prevent_user_existence_errors: c
                .prevent_user_existence_errors()
                .map(|p| p.as_str().to_string()),
            enable_token_revocation: c.enable_token_revocation(),
            enable_propagate_additional_user_context_data: c
                .enable_propagate_additional_user_context_data(),
            auth_session_validity: c.auth_session_validity().map(i64::from),
            refresh_token_rotation: c.refresh_token_rotation().map(|r| {
                UserPoolClientRefreshTokenRotation {
                    feature: r.feature().as_str().to_string(),
                    retry_grace_period_seconds: r.retry_grace_period_seconds().map(i64::from),
                }
            }),
        }
    }
}

/// The token validity units as the SDK takes them.
pub(crate) fn units(s: &ClientSettings) -> Option<t::TokenValidityUnitsType> {
    let u = s.token_validity_units.as_ref()?;
    Some(
        t::TokenValidityUnitsType::builder()
            .set_access_token(u.access_token.as_deref().map(Into::into))
            .set_id_token(u.id_token.as_deref().map(Into::into))
            .set_refresh_token(u.refresh_token.as_deref().map(Into::into))
            .build(),
    )
}

/// The analytics configuration as the SDK takes it.
pub(crate) fn analytics(s: &ClientSettings) -> Option<t::AnalyticsConfigurationType> {
    let a = s.analytics_configuration.as_ref()?;
    Some(
        t::AnalyticsConfigurationType::builder()
            .set_application_arn(a.application_arn.clone())
            .set_application_id(a.application_id.clone())
            .set_external_id(a.external_id.clone())
            .set_role_arn(a.role_arn.clone())
            .user_data_shared(a.user_data_shared.unwrap_or(false))
            .build(),
    )
}

/// The refresh token rotation as the SDK takes it.
pub(crate) fn rotation(s: &ClientSettings) -> Option<t::RefreshTokenRotationType> {
    let r = s.refresh_token_rotation.as_ref()?;
    t::RefreshTokenRotationType::builder()
        .feature(r.feature.as_str().into())
        .set_retry_grace_period_seconds(r.retry_grace_period_seconds.map(i32_of))
        .build()
        .ok()
}
