//! `cognito:index:IdentityProvider`: a third-party identity provider of a user pool (Google,
//! Facebook, Login with Amazon, Sign in with Apple, SAML or OIDC).
//!
//! AWS adds keys of its own to `providerDetails` (endpoints it discovered, the SAML
//! encryption certificate) and a `username` attribute mapping when none is given. None of
//! them is ever drift: Read keeps AWS's additions out of the inputs, Diff ignores them, and
//! Update never sends them back (AWS refuses read-only keys). `client_secret` and
//! `private_key` are secret wherever they appear.

use crate::aws::NotFoundIsAnswer;
use crate::codec::PropPath;
use crate::diff::{diff_value, PropDiff};
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::validate::{Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The inputs of an identity provider.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityProviderArgs {
    /// User pool attributes (keys, 1 to 32 characters) mapped from the provider's attributes
    /// (values), e.g. `email` → `email`. AWS adds `username` → `sub` when none is given;
    /// that is no change.
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    /// Identifiers of the provider (SAML and OIDC), e.g. email domains users sign in with: at
    /// most 50, each 1 to 40 characters of `[\w\s+=.@-]`.
    pub idp_identifiers: Option<Vec<String>>,
    /// The provider's settings. Keys by `providerType`:
    /// Google, Facebook and LoginWithAmazon `client_id`, `client_secret`, `authorize_scopes`
    /// (Facebook also `api_version`); SignInWithApple `client_id`, `team_id`, `key_id`,
    /// `private_key`, `authorize_scopes`; OIDC `client_id`, `client_secret`,
    /// `attributes_request_method` (`GET` or `POST`), `oidc_issuer`, `authorize_scopes`, and
    /// `authorize_url`, `token_url`, `attributes_url`, `jwks_uri` if the issuer has no
    /// discovery document; SAML `MetadataURL` or `MetadataFile`, and optionally `IDPSignout`,
    /// `IDPInit`, `EncryptedResponses`, `RequestSigningAlgorithm`. Keys AWS adds
    /// (`authorize_url`, `token_url`, `attributes_url`, `attributes_url_add_attributes`,
    /// `token_request_method`, `oidc_issuer` for social providers; `ActiveEncryptionCertificate`,
    /// `SSORedirectBindingURI`, `SLORedirectBindingURI` for SAML) are never drift.
    /// `client_secret` and `private_key` are always secret.
    #[serde(default)]
    pub provider_details: BTreeMap<String, String>,
    /// The provider's name, 1 to 32 characters; for social providers it is the type itself
    /// (`Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`). Changing it replaces the
    /// provider.
    #[serde(default)]
    pub provider_name: String,
    /// `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`, `SAML` or `OIDC`. Changing
    /// it replaces the provider (AWS cannot change a provider's type).
    #[serde(default)]
    pub provider_type: String,
    /// The AWS region to manage the provider in; defaults to the provider's region. Changing
    /// it replaces the provider.
    pub region: Option<String>,
    /// The user pool the provider belongs to. Changing it replaces the provider.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of an identity provider (none beyond its inputs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IdentityProviderOutputs {}

/// The identity provider resource.
pub struct IdentityProvider;

/// The provider types AWS knows.
pub const TYPES: &[&str] = &[
    "Google",
    "Facebook",
    "LoginWithAmazon",
    "SignInWithApple",
    "SAML",
    "OIDC",
];

/// The social provider types, whose name must be the type.
const SOCIAL: &[&str] = &["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"];

/// `providerDetails` keys AWS fills in for social providers; read-only there.
const SOCIAL_ADDED: &[&str] = &[
    "attributes_url",
    "attributes_url_add_attributes",
    "authorize_url",
    "oidc_issuer",
    "token_request_method",
    "token_url",
];

/// `providerDetails` keys AWS fills in for OIDC providers; read-only there (the discovered
/// endpoints may also be set by the user, so they are kept).
const OIDC_ADDED: &[&str] = &["attributes_url_add_attributes", "token_request_method"];

/// `providerDetails` keys AWS fills in for SAML providers; read-only.
const SAML_ADDED: &[&str] = &[
    "ActiveEncryptionCertificate",
    "SLORedirectBindingURI",
    "SSORedirectBindingURI",
];

/// Every key AWS may add, whatever the type: an old value of one of them that the new
/// inputs lack is no change.
const ANY_ADDED: &[&str] = &[
    "ActiveEncryptionCertificate",
    "SLORedirectBindingURI",
    "SSORedirectBindingURI",
    "attributes_url",
    "attributes_url_add_attributes",
    "authorize_url",
    "oidc_issuer",
    "token_request_method",
    "token_url",
];

/// The read-only `providerDetails` keys of a provider type.
fn read_only(provider_type: &str) -> &'static [&'static str] {
    match provider_type {
        "SAML" => SAML_ADDED,
        "OIDC" => OIDC_ADDED,
        _ => SOCIAL_ADDED,
    }
}

/// The `providerDetails` keys a provider type requires.
fn required(provider_type: &str) -> &'static [&'static str] {
    match provider_type {
        "Google" | "Facebook" | "LoginWithAmazon" => {
            &["client_id", "client_secret", "authorize_scopes"]
        }
        "SignInWithApple" => &[
            "client_id",
            "team_id",
            "key_id",
            "private_key",
            "authorize_scopes",
        ],
        "OIDC" => &[
            "client_id",
            "client_secret",
            "attributes_request_method",
            "oidc_issuer",
            "authorize_scopes",
        ],
        _ => &[],
    }
}

/// The details without the read-only keys of the type.
fn writable(provider_type: &str, details: &BTreeMap<String, String>) -> HashMap<String, String> {
    let ro = read_only(provider_type);
    details
        .iter()
        .filter(|(k, _)| !ro.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// AWS's pattern for provider names, `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`,
/// read as: no `_` or separator first or last, letters, marks, symbols, numbers and
/// punctuation throughout.
static PROVIDER_NAME_RE: Pattern =
    Pattern::new(r"^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}]*[^_\p{Z}]$");

/// AWS's pattern for IdP identifiers: `[\w\s+=.@-]+`.
static IDP_IDENTIFIER_RE: Pattern = Pattern::new(r"^[\w\s+=.@-]+$");

/// The id of an identity provider: `poolId:providerName` (also its import id).
pub fn provider_id(pool: &str, name: &str) -> String {
    format!("{pool}:{name}")
}

/// Splits an id `poolId:providerName` (pool ids hold no `:`).
fn parse_id(id: &str) -> Result<(&str, &str), ProviderError> {
    match id.split_once(':') {
        Some((p, n)) if !p.is_empty() && !n.is_empty() => Ok((p, n)),
        _ => Err(ProviderError::InvalidArgument(format!(
            "cannot read identity provider {id:?}: its id is <userPoolId>:<providerName>"
        ))),
    }
}

#[async_trait]
impl Resource for IdentityProvider {
    type Inputs = IdentityProviderArgs;
    type Outputs = IdentityProviderOutputs;
    const TOKEN: &'static str = "cognito:index:IdentityProvider";
    const DESCRIPTION: &'static str = r#"A third-party identity provider of a Cognito user pool: Google, Facebook, Login with Amazon, Sign in with Apple, SAML or OIDC.

Keys AWS adds to `providerDetails` and the `username` attribute mapping AWS adds are never shown as drift. `client_secret` and `private_key` in `providerDetails` are stored as secrets even if the program does not mark them. Everything but `providerName`, `providerType` and `userPoolId` updates in place.

{{% examples %}}
## Example Usage
{{% example %}}
### Google sign-in

```typescript
import * as pulumi from "@pulumi/pulumi";
import * as cognito from "@pulumi-cognito/cognito";

const config = new pulumi.Config();
const pool = new cognito.UserPool("pool", {});
const google = new cognito.IdentityProvider("google", {
    userPoolId: pool.id,
    providerName: "Google",
    providerType: "Google",
    providerDetails: {
        client_id: "1234567890-abc.apps.googleusercontent.com",
        client_secret: config.requireSecret("googleClientSecret"),
        authorize_scopes: "openid email profile",
    },
    attributeMapping: { email: "email", username: "sub" },
});
```
```python
import pulumi
import pulumi_cognito as cognito

config = pulumi.Config()
pool = cognito.UserPool("pool")
google = cognito.IdentityProvider("google",
    user_pool_id=pool.id,
    provider_name="Google",
    provider_type="Google",
    provider_details={
        "client_id": "1234567890-abc.apps.googleusercontent.com",
        "client_secret": config.require_secret("googleClientSecret"),
        "authorize_scopes": "openid email profile",
    },
    attribute_mapping={"email": "email", "username": "sub"})
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		pool, err := cognito.NewUserPool(ctx, "pool", nil)
		if err != nil {
			return err
		}
		_, err = cognito.NewIdentityProvider(ctx, "google", &cognito.IdentityProviderArgs{
			UserPoolId:   pool.ID(),
			ProviderName: pulumi.String("Google"),
			ProviderType: pulumi.String("Google"),
			ProviderDetails: pulumi.StringMap{
				"client_id":        pulumi.String("1234567890-abc.apps.googleusercontent.com"),
				"client_secret":    cfg.RequireSecret("googleClientSecret"),
				"authorize_scopes": pulumi.String("openid email profile"),
			},
			AttributeMapping: pulumi.StringMap{
				"email":    pulumi.String("email"),
				"username": pulumi.String("sub"),
			},
		})
		return err
	})
}
```
```yaml
config:
  googleClientSecret:
    type: string
    secret: true
resources:
  pool:
    type: cognito:index:UserPool
  google:
    type: cognito:index:IdentityProvider
    properties:
      userPoolId: ${pool.id}
      providerName: Google
      providerType: Google
      providerDetails:
        client_id: 1234567890-abc.apps.googleusercontent.com
        client_secret: ${googleClientSecret}
        authorize_scopes: openid email profile
      attributeMapping:
        email: email
        username: sub
```
{{% /example %}}
{{% example %}}
### SAML

```yaml
resources:
  corp:
    type: cognito:index:IdentityProvider
    properties:
      userPoolId: ${pool.id}
      providerName: CorpAD
      providerType: SAML
      providerDetails:
        MetadataURL: https://idp.example.com/saml/metadata.xml
        IDPSignout: "true"
      idpIdentifiers: [example.com]
      attributeMapping:
        email: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress
```
{{% /example %}}
{{% /examples %}}

## Import

An identity provider is imported by its user pool id and provider name, joined by `:`:

```sh
$ pulumi import cognito:index:IdentityProvider corp us-east-1_abc123:CorpAD
```
"#;
    const REPLACE_ON_CHANGES: &'static [&'static str] =
        &["providerName", "providerType", "region", "userPoolId"];
    const SECRET_INPUTS: &'static [&'static str] = &[
        "providerDetails.client_secret",
        "providerDetails.private_key",
    ];

    fn normalize(i: &mut IdentityProviderArgs) {
        if let Some(v) = &mut i.idp_identifiers {
            v.sort();
            v.dedup();
        }
        if i.idp_identifiers.as_ref().is_some_and(Vec::is_empty) {
            i.idp_identifiers = None;
        }
        if i.attribute_mapping.as_ref().is_some_and(BTreeMap::is_empty) {
            i.attribute_mapping = None;
        }
    }

    fn check(i: &IdentityProviderArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        c.pool_id(
            &i.user_pool_id,
            unknowns.contains(&PropPath::key("userPoolId")),
            "userPoolId",
        );
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        let ty = i.provider_type.as_str();
        if !unknown("providerType") {
            c.rule(!ty.is_empty(), "providerType", "is required");
        }
        if !ty.is_empty() {
            c.one_of(Some(ty), TYPES, "providerType");
        }
        let name = i.provider_name.as_str();
        if !unknown("providerName") {
            c.rule(!name.is_empty(), "providerName", "is required");
        }
        if !name.is_empty() {
            c.len(Some(name), 1, 32, "providerName");
            if SOCIAL.contains(&ty) {
                c.rule_with(name == ty, "providerName", || {
                    format!("a {ty} provider must be named {ty:?}, got {name:?}")
                });
            } else {
                c.pattern(
                    Some(name),
                    &PROVIDER_NAME_RE,
                    "must be letters, marks, symbols, numbers and punctuation, not starting or ending with '_' or a space",
                    "providerName",
                );
            }
        }
        // Details: the keys the type requires, and the values AWS constrains.
        let details_unknown = unknown("providerDetails");
        let d = &i.provider_details;
        if !details_unknown && TYPES.contains(&ty) {
            for k in required(ty) {
                c.rule_with(
                    d.contains_key(*k)
                        || unknowns.contains(&PropPath::key("providerDetails").child(k)),
                    format_args!("providerDetails.{k}"),
                    || format!("is required for a {ty} provider"),
                );
            }
            if ty == "SAML" {
                let url = d.contains_key("MetadataURL");
                let file = d.contains_key("MetadataFile");
                c.rule(
                    url != file || unknowns.iter().any(|u| u.top() == Some("providerDetails")),
                    "providerDetails",
                    "a SAML provider needs exactly one of MetadataURL and MetadataFile",
                );
                for k in ["IDPSignout", "IDPInit", "EncryptedResponses"] {
                    c.one_of(
                        d.get(k).map(String::as_str),
                        &["true", "false"],
                        format_args!("providerDetails.{k}"),
                    );
                }
                c.one_of(
                    d.get("RequestSigningAlgorithm").map(String::as_str),
                    &["rsa-sha256"],
                    "providerDetails.RequestSigningAlgorithm",
                );
            }
            if ty == "OIDC" {
                c.one_of(
                    d.get("attributes_request_method").map(String::as_str),
                    &["GET", "POST"],
                    "providerDetails.attributes_request_method",
                );
                c.rule(
                    d.get("oidc_issuer")
                        .is_none_or(|u| u.starts_with("https://")),
                    "providerDetails.oidc_issuer",
                    "must be an https:// URL",
                );
            }
        }
        for (k, v) in d {
            c.rule_with(!v.is_empty(), format_args!("providerDetails.{k}"), || {
                "must not be empty".to_string()
            });
        }
        if let Some(m) = &i.attribute_mapping {
            for (k, v) in m {
                c.len(Some(k), 1, 32, format_args!("attributeMapping.{k}"));
                c.len(Some(v), 0, 131072, format_args!("attributeMapping.{k}"));
            }
        }
        if let Some(ids) = &i.idp_identifiers {
            c.rule(
                ids.len() <= 50,
                "idpIdentifiers",
                "at most 50 identifiers are allowed",
            );
            c.rule(
                ty.is_empty() || ty == "SAML" || ty == "OIDC",
                "idpIdentifiers",
                "only SAML and OIDC providers have identifiers",
            );
            for (n, s) in ids.iter().enumerate() {
                c.len(Some(s), 1, 40, format_args!("idpIdentifiers[{n}]"));
                c.pattern(
                    Some(s),
                    &IDP_IDENTIFIER_RE,
                    "must match [\\w\\s+=.@-]+",
                    format_args!("idpIdentifiers[{n}]"),
                );
            }
        }
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        // Keys AWS adds (and `username` → `sub` in the attribute mapping) that the old
        // inputs hold (an import) and the new ones lack are no change.
        let ignore: &[&str] = match key {
            "providerDetails" => ANY_ADDED,
            "attributeMapping" => &["username"],
            _ => return None,
        };
        let strip = |v: Option<&Value>, other: Option<&Value>| -> Option<Value> {
            let mut m = v?.as_object()?.clone();
            let other = other.and_then(Value::as_object);
            m.retain(|k, _| {
                !ignore.contains(&k.as_str()) || other.is_some_and(|o| o.contains_key(k))
            });
            Some(Value::Object(m))
        };
        let (o, n) = (strip(old, new), new.cloned());
        // An old mapping that held only what AWS adds is no mapping at all.
        let o = o.filter(|v| v.as_object().is_some_and(|m| !m.is_empty()) || old.is_none());
        let mut out = Vec::new();
        diff_value(&PropPath::key(key), o.as_ref(), n.as_ref(), &mut out);
        Some(out)
    }

    async fn create(ctx: Ctx<'_>, i: &IdentityProviderArgs) -> Result<String, OpError> {
        ctx.aws
            .call("CreateIdentityProvider", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .create_identity_provider()
                    .user_pool_id(&i.user_pool_id)
                    .provider_name(&i.provider_name)
                    .provider_type(t::IdentityProviderTypeType::from(i.provider_type.as_str()))
                    .set_provider_details(Some(writable(&i.provider_type, &i.provider_details)))
                    .set_attribute_mapping(
                        i.attribute_mapping.clone().map(|m| m.into_iter().collect()),
                    )
                    .set_idp_identifiers(i.idp_identifiers.clone())
                    .send()
            })
            .await?;
        Ok(provider_id(&i.user_pool_id, &i.provider_name))
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&IdentityProviderArgs>,
    ) -> Result<Option<Found<IdentityProviderArgs, IdentityProviderOutputs>>, ProviderError> {
        let (pool, name) = parse_id(id)?;
        // Also the answer when the user pool is gone.
        let Some(out) = ctx
            .aws
            .call("DescribeIdentityProvider", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_identity_provider()
                    .user_pool_id(pool)
                    .provider_name(name)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(p) = out.identity_provider() else {
            return Ok(None);
        };
        let provider_type = p
            .provider_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default();
        // What AWS added is not an input, unless the program set it.
        let ro = read_only(&provider_type);
        let set = |k: &str| hint.is_some_and(|h| h.provider_details.contains_key(k));
        let provider_details: BTreeMap<String, String> = p
            .provider_details()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !ro.contains(&k.as_str()) || set(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let attribute_mapping: Option<BTreeMap<String, String>> = p
            .attribute_mapping()
            .filter(|m| !m.is_empty())
            .map(|m| m.clone().into_iter().collect());
        let ids = p.idp_identifiers();
        let pool = p.user_pool_id().unwrap_or(pool).to_string();
        let name = p.provider_name().unwrap_or(name).to_string();
        let mut inputs = IdentityProviderArgs {
            attribute_mapping,
            idp_identifiers: (!ids.is_empty()).then(|| ids.to_vec()),
            provider_details,
            provider_name: name.clone(),
            provider_type,
            region: None,
            user_pool_id: pool.clone(),
        };
        Self::normalize(&mut inputs);
        Ok(Some(Found {
            id: provider_id(&pool, &name),
            inputs,
            outputs: IdentityProviderOutputs {},
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        _id: &str,
        _old: &IdentityProviderArgs,
        i: &IdentityProviderArgs,
    ) -> Result<(), OpError> {
        // The full desired state, without the keys AWS keeps for itself (it refuses them).
        // An empty mapping or list clears what the program removed.
        ctx.aws
            .call("UpdateIdentityProvider", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .update_identity_provider()
                    .user_pool_id(&i.user_pool_id)
                    .provider_name(&i.provider_name)
                    .set_provider_details(Some(writable(&i.provider_type, &i.provider_details)))
                    .set_attribute_mapping(Some(
                        i.attribute_mapping
                            .clone()
                            .unwrap_or_default()
                            .into_iter()
                            .collect(),
                    ))
                    .set_idp_identifiers(Some(i.idp_identifiers.clone().unwrap_or_default()))
                    .send()
            })
            .await?;
        Ok(())
    }

    async fn delete(
        ctx: Ctx<'_>,
        id: &str,
        _i: &IdentityProviderArgs,
    ) -> Result<(), ProviderError> {
        let (pool, name) = parse_id(id)?;
        ctx.aws
            .call("DeleteIdentityProvider", Some(pool), || {
                ctx.aws
                    .idp()
                    .delete_identity_provider()
                    .user_pool_id(pool)
                    .provider_name(name)
                    .send()
            })
            .await
            .or_gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aws_additions_are_no_change() {
        let old =
            json!({"client_id": "c", "authorize_url": "https://a", "oidc_issuer": "https://i"});
        let new = json!({"client_id": "c"});
        let d = IdentityProvider::diff_property("providerDetails", Some(&old), Some(&new));
        assert_eq!(d, Some(vec![]));
        // A key the program sets is compared, AWS's or not.
        let new2 = json!({"client_id": "c", "oidc_issuer": "https://other"});
        let d =
            IdentityProvider::diff_property("providerDetails", Some(&old), Some(&new2)).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path.to_string(), "providerDetails.oidc_issuer");
        // A key of the program's own that it removes is a change.
        let d = IdentityProvider::diff_property(
            "providerDetails",
            Some(&json!({"client_id": "c", "x": "1"})),
            Some(&new),
        )
        .unwrap();
        assert_eq!(d[0].path.to_string(), "providerDetails.x");
        let m = json!({"username": "sub"});
        assert_eq!(
            IdentityProvider::diff_property("attributeMapping", Some(&m), None),
            Some(vec![])
        );
        let d = IdentityProvider::diff_property(
            "attributeMapping",
            Some(&json!({"username": "sub", "email": "email"})),
            None,
        )
        .unwrap();
        assert_eq!(d.len(), 1);
        assert!(IdentityProvider::diff_property("providerName", None, None).is_none());
    }

    #[test]
    fn writable_strips_read_only_keys_by_type() {
        let d: BTreeMap<String, String> = [
            ("client_id", "c"),
            ("authorize_url", "u"),
            ("attributes_url_add_attributes", "true"),
            ("ActiveEncryptionCertificate", "cert"),
            ("MetadataURL", "m"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let g = writable("Google", &d);
        assert!(!g.contains_key("authorize_url") && g.contains_key("client_id"));
        let o = writable("OIDC", &d);
        assert!(
            o.contains_key("authorize_url") && !o.contains_key("attributes_url_add_attributes")
        );
        let s = writable("SAML", &d);
        assert!(!s.contains_key("ActiveEncryptionCertificate") && s.contains_key("MetadataURL"));
        assert_eq!(
            parse_id("us-east-1_a:CorpAD").unwrap(),
            ("us-east-1_a", "CorpAD")
        );
        assert!(parse_id("CorpAD").is_err());
    }
}
