//! `cognito:index:AppAuth`: sign-in for an application in one component, secure by default.
//!
//! This file holds the component's inputs and outputs (the schema comes from them), their
//! defaults and Check rules, and one pure builder per child that turns the inputs plus the
//! outputs of the children it depends on into that child's input bag. `mod.rs` drives the
//! registrations against the engine's resource monitor.
//!
//! Markers travel with the values: an input that is secret or unknown (a preview) makes the
//! child properties built from it secret or unknown ([`Ctx::graft`]), and a child output
//! that is unknown in a preview ([`Out`]) makes what is built from it unknown.

use crate::codec::{PropPath, Props, Seg};
use crate::resource::{from_map, Failure};
use crate::resources::user_pool::UserPoolPasswordPolicy;
use crate::validate::{self, Checker, Pattern};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The component's token.
pub const TOKEN: &str = "cognito:index:AppAuth";

/// Child types, as the component registers them.
pub mod types {
    /// The user pool.
    pub const POOL: &str = "cognito:index:UserPool";
    /// Web and machine clients.
    pub const CLIENT: &str = "cognito:index:UserPoolClient";
    /// The API's resource server.
    pub const SERVER: &str = "cognito:index:ResourceServer";
    /// The hosted-login domain.
    pub const DOMAIN: &str = "cognito:index:UserPoolDomain";
    /// A group.
    pub const GROUP: &str = "cognito:index:UserGroup";
    /// The identity pool.
    pub const IDENTITY: &str = "cognito:index:IdentityPool";
    /// The identity pool's roles.
    pub const ROLES: &str = "cognito:index:IdentityPoolRoleAttachment";
}

/// The component's description in the schema (and so in the SDKs' docs).
pub const DESCRIPTION: &str = include_str!("app_auth.md");

/// The web application's client: the authorization-code flow, no secret.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthWebClient {
    /// URLs the hosted login may redirect to after sign-in (at least one).
    #[serde(default)]
    pub callback_urls: Vec<String>,
    /// URLs the hosted login may redirect to after sign-out.
    pub logout_urls: Option<Vec<String>>,
    /// OAuth scopes the web client may ask for; default `openid`, `email`, `profile`.
    pub scopes: Option<Vec<String>>,
}

/// A group of users: an optional IAM role and precedence.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthGroup {
    /// What the group is for.
    pub description: Option<String>,
    /// Precedence, 0 or more: the lower, the more the group's role wins for a user in several groups.
    pub precedence: Option<i64>,
    /// IAM role of the group's members (tokens carry it; the identity pool maps to it).
    pub role_arn: Option<String>,
}

/// An identity pool for the web client's users, whose groups map to their IAM roles.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthIdentityPool {
    /// Whether guests get credentials too (default `false`).
    pub allow_unauthenticated_identities: Option<bool>,
    /// IAM role of signed-in users that no group's role matches.
    #[serde(default)]
    pub authenticated_role_arn: String,
    /// IAM role of guests (with `allowUnauthenticatedIdentities`).
    pub unauthenticated_role_arn: Option<String>,
}

/// Inputs of the AppAuth component; each has a safe default.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthArgs {
    /// Resource server identifier of the API whose scopes machine clients get (default `api`); scopes read `<apiIdentifier>/<scope>`.
    pub api_identifier: Option<String>,
    /// The API's scopes: name → description. They make a resource server.
    pub api_scopes: Option<BTreeMap<String, String>>,
    /// Deletion protection of the user pool: `ACTIVE` (default) or `INACTIVE` (needed before a destroy).
    pub deletion_protection: Option<String>,
    /// Prefix of a hosted-login domain, `<prefix>.auth.<region>.amazoncognito.com`, served with managed login version 2.
    pub domain_prefix: Option<String>,
    /// Groups: name → optional role ARN, precedence and description.
    pub groups: Option<BTreeMap<String, AppAuthGroup>>,
    /// An identity pool for the web client's users (needs `webClient`).
    pub identity_pool: Option<AppAuthIdentityPool>,
    /// Extra arguments of every machine client (`cognito:index:UserPoolClient` inputs); they win over the component's.
    pub machine_client_args: Option<Map<String, Value>>,
    /// Machine-to-machine clients: name → scope names of `apiScopes`. Each gets the client-credentials flow and a secret.
    pub machine_clients: Option<BTreeMap<String, Vec<String>>>,
    /// MFA: `OPTIONAL` (default) or `ON`, with authenticator apps (TOTP).
    pub mfa: Option<String>,
    /// Password policy; unset fields default to 12 characters minimum, every character class, temporary passwords valid 3 days.
    pub password_policy: Option<UserPoolPasswordPolicy>,
    /// AWS region of every child, if not the provider's.
    pub region: Option<String>,
    /// How users sign in: `email` (default), `username` or `phone`.
    pub sign_in: Option<String>,
    /// Extra arguments of the user pool (`cognito:index:UserPool` inputs); they win over the component's.
    pub user_pool_args: Option<Map<String, Value>>,
    /// The web application's client: callback and logout URLs, the authorization-code flow, no secret, refresh-token rotation.
    pub web_client: Option<AppAuthWebClient>,
    /// Extra arguments of the web client (`cognito:index:UserPoolClient` inputs); they win over the component's.
    pub web_client_args: Option<Map<String, Value>>,
}

/// A machine client's credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthMachineClient {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
}

/// Outputs of the AppAuth component.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppAuthOutputs {
    /// The hosted-login domain (a `cognito:index:UserPoolDomain`), with `domainPrefix`.
    pub domain: Option<String>,
    /// The base URL of the hosted login, `https://<prefix>.auth.<region>.amazoncognito.com`, with `domainPrefix`.
    pub hosted_login_url: Option<String>,
    /// The identity pool (a `cognito:index:IdentityPool`), with `identityPool`.
    pub identity_pool: Option<String>,
    /// The identity pool's id, with `identityPool`.
    pub identity_pool_id: Option<String>,
    /// The token issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`.
    pub issuer_url: String,
    /// The issuer's JSON Web Key Set, to verify tokens.
    pub jwks_url: String,
    /// Machine clients: name → client id and secret (secret).
    pub machine_clients: BTreeMap<String, AppAuthMachineClient>,
    /// The issuer's OpenID Connect discovery document.
    pub openid_configuration_url: String,
    /// The API's resource server (a `cognito:index:ResourceServer`), with `apiScopes`.
    pub resource_server: Option<String>,
    /// The user pool (a `cognito:index:UserPool`).
    pub user_pool: String,
    /// The user pool's ARN.
    pub user_pool_arn: String,
    /// The user pool's id.
    pub user_pool_id: String,
    /// The web client (a `cognito:index:UserPoolClient`), with `webClient`.
    pub web_client: Option<String>,
    /// The web client's id, with `webClient`.
    pub web_client_id: Option<String>,
}

/// Outputs that are references to children: output → the child's type.
pub const REFERENCES: &[(&str, &str)] = &[
    ("domain", types::DOMAIN),
    ("identityPool", types::IDENTITY),
    ("resourceServer", types::SERVER),
    ("userPool", types::POOL),
    ("webClient", types::CLIENT),
];

/// Outputs that are always secret.
pub const SECRET_OUTPUTS: &[&str] = &["machineClients"];

/// Default password length.
pub const MIN_LENGTH: i64 = 12;
/// Default validity of a temporary password, in days.
pub const TEMP_DAYS: i64 = 3;
/// Default resource server identifier.
pub const API_IDENTIFIER: &str = "api";
/// Default scopes of the web client.
pub const WEB_SCOPES: &[&str] = &["openid", "email", "profile"];

/// A value of a child's output: known, or unknown (a preview); and whether it is secret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Out {
    /// The value; `None` while unknown.
    pub value: Option<Value>,
    /// Whether it is secret.
    pub secret: bool,
}

impl Out {
    /// A known plain value.
    pub fn known(v: impl Into<Value>) -> Self {
        Self {
            value: Some(v.into()),
            secret: false,
        }
    }

    /// An unknown value.
    pub fn unknown() -> Self {
        Self::default()
    }

    /// The output `key` of a bag (unknown if the bag says so or lacks it).
    pub fn of(p: &Props, key: &str) -> Self {
        let path = PropPath::key(key);
        Self {
            value: if p.touches_unknown(&path) {
                None
            } else {
                p.value.get(key).cloned()
            },
            secret: p.secrets.iter().any(|s| s.touches(&path)),
        }
    }

    /// The string, if known.
    pub fn str(&self) -> Option<&str> {
        self.value.as_ref().and_then(Value::as_str)
    }

    /// A value made from this one's string, unknown while it is.
    pub fn map(&self, f: impl FnOnce(&str) -> Value) -> Self {
        Self {
            value: self.str().map(f),
            secret: self.secret,
        }
    }
}

/// What the builders need: the checked inputs with their markers, and the component's name.
pub struct Ctx<'a> {
    /// The component's logical name (children are named after it).
    pub name: &'a str,
    /// The inputs, defaults not applied.
    pub args: AppAuthArgs,
    /// The inputs as sent: their secret and unknown paths.
    pub markers: &'a Props,
}

fn path(parts: &[&str]) -> PropPath {
    PropPath(parts.iter().map(|p| Seg::Key(p.to_string())).collect())
}

/// A child's input bag under construction.
#[derive(Debug, Default)]
pub struct Bag(pub Props);

impl Bag {
    /// Sets a plain value.
    pub fn put(&mut self, key: &str, v: impl Serialize) {
        if let Ok(v) = serde_json::to_value(v) {
            self.0.value.insert(key.to_string(), v);
        }
    }

    /// Sets a child output's value, unknown and secret as it is.
    pub fn out(&mut self, key: &str, o: &Out) {
        match &o.value {
            Some(v) => {
                self.0.value.insert(key.to_string(), v.clone());
            }
            None => {
                self.0.value.remove(key);
                self.0.unknowns.insert(PropPath::key(key));
            }
        }
        if o.secret {
            self.0.secrets.insert(PropPath::key(key));
        }
    }
}

impl Ctx<'_> {
    /// Copies the markers of the component's inputs under `src` onto `dst` of a child bag:
    /// markers below `src` move with their rest of path; a marker on `src` or above marks `dst`.
    pub fn graft(&self, bag: &mut Bag, src: &[&str], dst: &str) {
        let src = path(src);
        let dst = PropPath::key(dst);
        for (from, to) in [
            (&self.markers.unknowns, &mut bag.0.unknowns),
            (&self.markers.secrets, &mut bag.0.secrets),
        ] {
            for m in from.iter() {
                if m.starts_with(&src) {
                    let mut p = dst.clone();
                    p.0.extend(m.0[src.0.len()..].iter().cloned());
                    to.insert(p);
                } else if src.starts_with(m) {
                    to.insert(dst.clone());
                }
            }
        }
        // An unknown value is absent: the marker stands for it.
        let unknown: Vec<PropPath> = bag.0.unknowns.iter().cloned().collect();
        for u in unknown {
            if u.0.len() == 1 {
                if let Some(Seg::Key(k)) = u.0.first() {
                    bag.0.value.remove(k);
                }
            }
        }
    }

    /// True if the component input at `src` (or a part of it) is unknown.
    pub fn unknown(&self, src: &[&str]) -> bool {
        self.markers.touches_unknown(&path(src))
    }

    /// Puts the escape hatch `hatch` (a map of child inputs) over a child bag.
    fn hatch(&self, bag: &mut Bag, hatch: &str, extra: Option<&Map<String, Value>>) {
        for (k, v) in extra.into_iter().flatten() {
            bag.0.value.insert(k.clone(), v.clone());
            bag.0.unknowns.remove(&PropPath::key(k));
            self.graft(bag, &[hatch, k], k);
        }
        // Keys of the hatch that are unknown as a whole.
        let prefix = PropPath::key(hatch);
        let keys: Vec<String> = self
            .markers
            .unknowns
            .iter()
            .filter(|u| u.starts_with(&prefix) && u.0.len() == 2)
            .filter_map(|u| match &u.0[1] {
                Seg::Key(k) => Some(k.clone()),
                Seg::Index(_) => None,
            })
            .collect();
        for k in keys {
            self.graft(bag, &[hatch, &k], &k);
        }
    }

    fn region(&self, bag: &mut Bag) {
        if let Some(r) = &self.args.region {
            bag.put("region", r);
        }
        self.graft(bag, &["region"], "region");
    }

    /// The user pool's inputs.
    pub fn user_pool(&self) -> Bag {
        let a = &self.args;
        let mut b = Bag::default();
        let p = a.password_policy.clone().unwrap_or_default();
        let policy = UserPoolPasswordPolicy {
            minimum_length: p.minimum_length.or(Some(MIN_LENGTH)),
            password_history_size: p.password_history_size,
            require_lowercase: p.require_lowercase.or(Some(true)),
            require_numbers: p.require_numbers.or(Some(true)),
            require_symbols: p.require_symbols.or(Some(true)),
            require_uppercase: p.require_uppercase.or(Some(true)),
            temporary_password_validity_days: p
                .temporary_password_validity_days
                .or(Some(TEMP_DAYS)),
        };
        b.put("passwordPolicy", &policy);
        self.graft(&mut b, &["passwordPolicy"], "passwordPolicy");
        match a.sign_in.as_deref().unwrap_or("email") {
            "username" => {}
            "phone" => b.put("usernameAttributes", ["phone_number"]),
            _ => b.put("usernameAttributes", ["email"]),
        }
        b.put("autoVerifiedAttributes", ["email"]);
        self.graft(&mut b, &["signIn"], "usernameAttributes");
        b.put("mfaConfiguration", a.mfa.as_deref().unwrap_or("OPTIONAL"));
        self.graft(&mut b, &["mfa"], "mfaConfiguration");
        b.put("softwareTokenMfaConfiguration", json!({"enabled": true}));
        b.put(
            "deletionProtection",
            a.deletion_protection.as_deref().unwrap_or("ACTIVE"),
        );
        self.graft(&mut b, &["deletionProtection"], "deletionProtection");
        b.put(
            "accountRecoverySetting",
            json!({"recoveryMechanisms": [{"name": "verified_email", "priority": 1}]}),
        );
        self.region(&mut b);
        self.hatch(&mut b, "userPoolArgs", a.user_pool_args.as_ref());
        b
    }

    /// The web client's inputs.
    pub fn web_client(&self, pool_id: &Out) -> Bag {
        let w = self.args.web_client.clone().unwrap_or_default();
        let mut b = Bag::default();
        b.out("userPoolId", pool_id);
        b.put("callbackUrls", &w.callback_urls);
        self.graft(&mut b, &["webClient", "callbackUrls"], "callbackUrls");
        if let Some(l) = &w.logout_urls {
            b.put("logoutUrls", l);
        }
        self.graft(&mut b, &["webClient", "logoutUrls"], "logoutUrls");
        let scopes = w
            .scopes
            .clone()
            .unwrap_or_else(|| WEB_SCOPES.iter().map(|s| s.to_string()).collect());
        b.put("allowedOauthScopes", scopes);
        self.graft(&mut b, &["webClient", "scopes"], "allowedOauthScopes");
        b.put("allowedOauthFlows", ["code"]);
        b.put("allowedOauthFlowsUserPoolClient", true);
        b.put("supportedIdentityProviders", ["COGNITO"]);
        b.put("generateSecret", false);
        b.put(
            "explicitAuthFlows",
            ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        );
        b.put("preventUserExistenceErrors", "ENABLED");
        b.put("enableTokenRevocation", true);
        b.put(
            "refreshTokenRotation",
            json!({"feature": "ENABLED", "retryGracePeriodSeconds": 0}),
        );
        self.region(&mut b);
        self.hatch(&mut b, "webClientArgs", self.args.web_client_args.as_ref());
        b
    }

    /// The resource server's identifier.
    pub fn api_identifier(&self) -> &str {
        self.args
            .api_identifier
            .as_deref()
            .unwrap_or(API_IDENTIFIER)
    }

    /// The resource server's inputs.
    pub fn resource_server(&self, pool_id: &Out) -> Bag {
        let mut b = Bag::default();
        b.out("userPoolId", pool_id);
        b.put("identifier", self.api_identifier());
        self.graft(&mut b, &["apiIdentifier"], "identifier");
        b.put("name", format!("{}-api", self.name));
        let scopes: Vec<Value> = self
            .args
            .api_scopes
            .iter()
            .flatten()
            .map(|(n, d)| json!({"scopeName": n, "scopeDescription": d}))
            .collect();
        b.put("scopes", scopes);
        self.graft(&mut b, &["apiScopes"], "scopes");
        self.region(&mut b);
        b
    }

    /// A machine client's inputs; `server` is the resource server's identifier (its id).
    pub fn machine_client(&self, client: &str, pool_id: &Out) -> Bag {
        let scopes = self
            .args
            .machine_clients
            .as_ref()
            .and_then(|m| m.get(client))
            .cloned()
            .unwrap_or_default();
        let id = self.api_identifier();
        let mut b = Bag::default();
        b.out("userPoolId", pool_id);
        b.put("name", client);
        b.put(
            "allowedOauthScopes",
            scopes
                .iter()
                .map(|s| format!("{id}/{s}"))
                .collect::<Vec<_>>(),
        );
        self.graft(&mut b, &["machineClients", client], "allowedOauthScopes");
        self.graft(&mut b, &["apiIdentifier"], "allowedOauthScopes");
        b.put("allowedOauthFlows", ["client_credentials"]);
        b.put("allowedOauthFlowsUserPoolClient", true);
        b.put("generateSecret", true);
        b.put("explicitAuthFlows", ["ALLOW_REFRESH_TOKEN_AUTH"]);
        b.put("preventUserExistenceErrors", "ENABLED");
        b.put("enableTokenRevocation", true);
        self.region(&mut b);
        self.hatch(
            &mut b,
            "machineClientArgs",
            self.args.machine_client_args.as_ref(),
        );
        b
    }

    /// The domain's inputs.
    pub fn domain(&self, pool_id: &Out) -> Bag {
        let mut b = Bag::default();
        b.out("userPoolId", pool_id);
        if let Some(d) = &self.args.domain_prefix {
            b.put("domain", d);
        }
        self.graft(&mut b, &["domainPrefix"], "domain");
        b.put("managedLoginVersion", 2);
        self.region(&mut b);
        b
    }

    /// A group's inputs.
    pub fn group(&self, group: &str, pool_id: &Out) -> Bag {
        let g = self
            .args
            .groups
            .as_ref()
            .and_then(|m| m.get(group))
            .cloned()
            .unwrap_or_default();
        let mut b = Bag::default();
        b.out("userPoolId", pool_id);
        b.put("name", group);
        for (key, v) in [
            ("description", g.description.map(Value::from)),
            ("precedence", g.precedence.map(Value::from)),
            ("roleArn", g.role_arn.map(Value::from)),
        ] {
            if let Some(v) = v {
                b.put(key, v);
            }
            self.graft(&mut b, &["groups", group, key], key);
        }
        self.region(&mut b);
        b
    }

    /// The identity pool's inputs: the web client's users, from the pool's endpoint.
    pub fn identity_pool(&self, endpoint: &Out, web_client_id: &Out) -> Bag {
        let ip = self.args.identity_pool.clone().unwrap_or_default();
        let mut b = Bag::default();
        b.put(
            "allowUnauthenticatedIdentities",
            ip.allow_unauthenticated_identities.unwrap_or(false),
        );
        self.graft(
            &mut b,
            &["identityPool", "allowUnauthenticatedIdentities"],
            "allowUnauthenticatedIdentities",
        );
        b.put("identityPoolName", identity_pool_name(self.name));
        let providers = match (endpoint.str(), web_client_id.str()) {
            (Some(e), Some(c)) => Out {
                value: Some(
                    json!([{"clientId": c, "providerName": e, "serverSideTokenCheck": false}]),
                ),
                secret: endpoint.secret || web_client_id.secret,
            },
            _ => Out::unknown(),
        };
        b.out("cognitoIdentityProviders", &providers);
        self.region(&mut b);
        b
    }

    /// The identity pool's role attachment: default roles, and rules from `cognito:groups`
    /// to the role of each group that has one (in precedence order).
    pub fn role_attachment(
        &self,
        identity_pool_id: &Out,
        endpoint: &Out,
        web_client_id: &Out,
    ) -> Bag {
        let ip = self.args.identity_pool.clone().unwrap_or_default();
        let mut b = Bag::default();
        b.out("identityPoolId", identity_pool_id);
        let mut roles = Map::new();
        roles.insert(
            "authenticated".into(),
            ip.authenticated_role_arn.clone().into(),
        );
        if let Some(u) = &ip.unauthenticated_role_arn {
            roles.insert("unauthenticated".into(), u.clone().into());
        }
        b.put("roles", roles);
        self.graft(&mut b, &["identityPool"], "roles");
        let mut groups: Vec<(&String, &AppAuthGroup)> = self
            .args
            .groups
            .iter()
            .flatten()
            .filter(|(_, g)| g.role_arn.is_some())
            .collect();
        groups.sort_by_key(|(n, g)| (g.precedence.unwrap_or(i64::MAX), (*n).clone()));
        if !groups.is_empty() {
            let rules: Vec<Value> = groups
                .iter()
                .map(|(n, g)| {
                    json!({"claim": "cognito:groups", "matchType": "Contains", "value": n, "roleArn": g.role_arn})
                })
                .collect();
            let mapping = match (endpoint.str(), web_client_id.str()) {
                (Some(e), Some(c)) => Out {
                    value: Some(json!([{
                        "identityProvider": format!("{e}:{c}"),
                        "type": "Rules",
                        "ambiguousRoleResolution": "AuthenticatedRole",
                        "mappingRules": rules,
                    }])),
                    secret: false,
                },
                _ => Out::unknown(),
            };
            b.out("roleMappings", &mapping);
            self.graft(&mut b, &["groups"], "roleMappings");
        }
        self.region(&mut b);
        b
    }
}

/// An identity pool name from the component's name: AWS allows `[\w\s+=,.@-]`, 1 to 128.
pub fn identity_pool_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " _+=,.@-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(119)
        .collect();
    format!("{s}-identity")
}

/// The region of a pool endpoint, `cognito-idp.<region>.amazonaws.com/<id>`.
pub fn endpoint_region(endpoint: &str) -> Option<&str> {
    endpoint
        .strip_prefix("cognito-idp.")?
        .split_once(".amazonaws.com")
        .map(|(r, _)| r)
}

static IDENTIFIER_RE: Pattern =
    Pattern::new(r"^[\x09\x0A\x0D\x20-\x7E\u{85}\u{A0}-\u{D7FF}\u{E000}-\u{FFFD}]+$");

/// Reads the component's inputs (markers stripped) into their typed form.
pub fn parse(inputs: &Props) -> Result<AppAuthArgs, Failure> {
    from_map(&inputs.value)
}

/// The component's rules, checked before any child is registered. Unknown inputs (a
/// preview) are not checked; the children's own Check rules apply to what they get.
pub fn check(a: &AppAuthArgs, markers: &Props) -> Vec<Failure> {
    let unknown = |p: &[&str]| markers.touches_unknown(&path(p));
    let mut c = Checker::default();
    c.one_of(
        a.sign_in.as_deref(),
        &["email", "username", "phone"],
        "signIn",
    );
    c.one_of(a.mfa.as_deref(), &["OPTIONAL", "ON"], "mfa");
    c.one_of(
        a.deletion_protection.as_deref(),
        &["ACTIVE", "INACTIVE"],
        "deletionProtection",
    );
    if let Some(p) = &a.password_policy {
        c.range(p.minimum_length, 6, 99, "passwordPolicy.minimumLength");
        c.range(
            p.temporary_password_validity_days,
            0,
            365,
            "passwordPolicy.temporaryPasswordValidityDays",
        );
        c.range(
            p.password_history_size,
            0,
            24,
            "passwordPolicy.passwordHistorySize",
        );
    }
    if let Some(w) = &a.web_client {
        c.rule(
            !w.callback_urls.is_empty() || unknown(&["webClient", "callbackUrls"]),
            "webClient.callbackUrls",
            "the web client needs at least one callback URL",
        );
        c.rule(
            w.callback_urls.len() <= 100,
            "webClient.callbackUrls",
            "at most 100 callback URLs",
        );
        for (i, u) in w.callback_urls.iter().enumerate() {
            c.len(
                Some(u),
                1,
                1024,
                format!("webClient.callbackUrls[{i}]").as_str(),
            );
        }
    }
    c.len(a.api_identifier.as_deref(), 1, 256, "apiIdentifier");
    c.pattern(
        a.api_identifier.as_deref(),
        &IDENTIFIER_RE,
        "printable characters",
        "apiIdentifier",
    );
    let scopes = a.api_scopes.clone().unwrap_or_default();
    c.rule(scopes.len() <= 100, "apiScopes", "at most 100 scopes");
    for (s, d) in &scopes {
        let p = format!("apiScopes.{s}");
        c.len(Some(s), 1, 256, p.as_str());
        c.pattern(
            Some(s),
            &crate::resources::resource_server::SCOPE_NAME_RE,
            "printable characters other than space, \" and \\",
            p.as_str(),
        );
        c.len(Some(d), 1, 256, p.as_str());
    }
    for (name, want) in a.machine_clients.iter().flatten() {
        let p = format!("machineClients.{name}");
        c.len(Some(name), 1, 128, p.as_str());
        c.rule(
            !want.is_empty(),
            p.as_str(),
            "a machine client needs at least one scope",
        );
        if unknown(&["apiScopes"]) {
            continue;
        }
        for s in want {
            c.rule_with(scopes.contains_key(s), p.as_str(), || {
                format!("scope {s:?} is not one of apiScopes")
            });
        }
    }
    if let Some(d) = &a.domain_prefix {
        c.pattern(
            Some(d),
            &crate::resources::user_pool_domain::LABEL_RE,
            "lowercase letters, digits and hyphens, 1 to 63, no hyphen at either end",
            "domainPrefix",
        );
        c.rule(
            !["aws", "amazon", "cognito"].iter().any(|w| d.contains(w)),
            "domainPrefix",
            "a prefix domain may not contain aws, amazon or cognito",
        );
    }
    for (name, g) in a.groups.iter().flatten() {
        let p = format!("groups.{name}");
        c.len(Some(name), 1, 128, p.as_str());
        c.pattern(
            Some(name),
            &validate::PRINTABLE_RE,
            "letters, marks, symbols, numbers and punctuation",
            p.as_str(),
        );
        c.range(
            g.precedence,
            0,
            i64::from(i32::MAX),
            format!("{p}.precedence").as_str(),
        );
        c.pattern(
            g.role_arn.as_deref(),
            &validate::ARN_RE,
            "an IAM role ARN",
            format!("{p}.roleArn").as_str(),
        );
        c.len(
            g.description.as_deref(),
            0,
            2048,
            format!("{p}.description").as_str(),
        );
    }
    if let Some(ip) = &a.identity_pool {
        c.rule(
            a.web_client.is_some() || unknown(&["webClient"]),
            "identityPool",
            "the identity pool federates the web client's users: set webClient",
        );
        c.rule(
            !ip.authenticated_role_arn.is_empty()
                || unknown(&["identityPool", "authenticatedRoleArn"]),
            "identityPool.authenticatedRoleArn",
            "required",
        );
        if !ip.authenticated_role_arn.is_empty() {
            c.pattern(
                Some(&ip.authenticated_role_arn),
                &validate::ARN_RE,
                "an IAM role ARN",
                "identityPool.authenticatedRoleArn",
            );
        }
        c.pattern(
            ip.unauthenticated_role_arn.as_deref(),
            &validate::ARN_RE,
            "an IAM role ARN",
            "identityPool.unauthenticatedRoleArn",
        );
        let mapped = a
            .groups
            .iter()
            .flatten()
            .filter(|(_, g)| g.role_arn.is_some())
            .count();
        c.rule(
            mapped <= 25,
            "groups",
            "the identity pool maps at most 25 groups with a role",
        );
    }
    c.done()
}

#[cfg(test)]
#[path = "app_auth_tests.rs"]
mod tests;
