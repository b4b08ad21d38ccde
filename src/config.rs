//! Provider configuration (the `cognito:` namespace).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Settings of the provider itself; unset values fall back to the standard AWS chain.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProviderConfig {
    /// The AWS region, e.g. `us-east-1`. Falls back to `AWS_REGION` and the AWS profile.
    pub region: Option<String>,
    /// The AWS shared-config profile to use. Falls back to `AWS_PROFILE`.
    pub profile: Option<String>,
    /// The AWS access key id. Must be set together with `secretKey`.
    pub access_key: Option<String>,
    /// The AWS secret access key.
    pub secret_key: Option<String>,
    /// An AWS session token, for temporary credentials.
    pub token: Option<String>,
    /// One endpoint URL for both Cognito services (for moto or LocalStack). Falls back to `AWS_ENDPOINT_URL`.
    pub endpoint: Option<String>,
    /// The maximum number of retries of a throttled or failed AWS call (default 8).
    pub max_retries: Option<u32>,
    /// Scales the client-side rate limits, which default to AWS's published Cognito quotas (1.0); raise it for accounts with raised quotas, 0 disables limiting.
    pub quota_scale: Option<f64>,
    /// Configuration block with settings to default resource tags across all resources: they are merged under each taggable resource's own `tags` (which win) into its `tagsAll`, as in pulumi-aws.
    pub default_tags: Option<ProviderDefaultTags>,
}

/// Default tags for every taggable resource (user pools and identity pools).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProviderDefaultTags {
    /// Resource tags to default across all resources.
    pub tags: Option<BTreeMap<String, String>>,
}

impl ProviderConfig {
    /// Config keys whose values are secret.
    pub const SECRETS: &'static [&'static str] = &["accessKey", "secretKey", "token"];

    /// Keys the engine may add that are not ours to reject.
    const ENGINE_KEYS: &'static [&'static str] = &["version", "pluginDownloadURL"];

    /// Reads config from Configure's `variables` map (`cognito:key` → string).
    pub fn from_variables(vars: &HashMap<String, String>) -> Result<Self, String> {
        let mut m = Map::new();
        for (k, v) in vars {
            let key = k
                .strip_prefix("cognito:config:")
                .or(k.strip_prefix("cognito:"));
            let Some(key) = key else { continue };
            // Non-string values arrive JSON-encoded.
            let val = match key {
                "maxRetries" | "quotaScale" | "defaultTags" => {
                    serde_json::from_str(v).unwrap_or(Value::String(v.clone()))
                }
                _ => Value::String(v.clone()),
            };
            m.insert(key.to_string(), val);
        }
        Self::from_map(m)
    }

    /// The default tags to merge into taggable resources' `tagsAll`; `unknown` when the
    /// config's `defaultTags` is unknown (a preview).
    pub fn default_tags(&self, unknown: bool) -> crate::tags::DefaultTags {
        crate::tags::DefaultTags {
            tags: self
                .default_tags
                .as_ref()
                .and_then(|d| d.tags.clone())
                .unwrap_or_default(),
            unknown,
        }
    }

    /// Reads config from a plain property map (Configure's `args`, or CheckConfig's news).
    pub fn from_map(mut m: Map<String, Value>) -> Result<Self, String> {
        for k in Self::ENGINE_KEYS {
            m.remove(*k);
        }
        // Numbers set from the CLI arrive as strings.
        for key in ["maxRetries", "quotaScale"] {
            if let Some(Value::String(s)) = m.get(key) {
                if let Ok(n) = serde_json::from_str::<serde_json::Number>(s) {
                    m.insert(key.into(), Value::Number(n));
                }
            }
        }
        // Objects arrive JSON-encoded from the SDKs' provider resources (as pulumi-aws's do).
        if let Some(Value::String(s)) = m.get("defaultTags") {
            if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(s) {
                m.insert("defaultTags".into(), v);
            }
        }
        let mut de = serde_json::Value::Object(m);
        strip_empty_strings(&mut de);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let p = e.path().to_string();
            format!("cognito:{p}: {}", e.into_inner())
        })
    }
}

/// Treats empty strings as unset.
fn strip_empty_strings(v: &mut Value) {
    if let Value::Object(m) = v {
        m.retain(|_, v| !matches!(v, Value::String(s) if s.is_empty()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_variables() {
        let vars: HashMap<String, String> = [
            ("cognito:config:region", "eu-west-1"),
            ("cognito:maxRetries", "3"),
            ("other:region", "x"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = ProviderConfig::from_variables(&vars).unwrap();
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.max_retries, Some(3));
    }

    #[test]
    fn reads_default_tags_as_object_or_json_text() {
        let vars: HashMap<String, String> = [(
            "cognito:defaultTags".to_string(),
            r#"{"tags":{"env":"dev"}}"#.to_string(),
        )]
        .into_iter()
        .collect();
        let c = ProviderConfig::from_variables(&vars).unwrap();
        assert_eq!(c.default_tags(false).tags["env"], "dev");
        let mut m = Map::new();
        m.insert("defaultTags".into(), Value::from(r#"{"tags":{"a":"b"}}"#));
        let c = ProviderConfig::from_map(m).unwrap();
        assert_eq!(c.default_tags(false).tags["a"], "b");
        let mut m = Map::new();
        m.insert(
            "defaultTags".into(),
            serde_json::json!({"tags": {"team": "id"}}),
        );
        let c = ProviderConfig::from_map(m).unwrap();
        assert_eq!(c.default_tags(true).tags["team"], "id");
        assert!(ProviderConfig::default()
            .default_tags(false)
            .tags
            .is_empty());
        let mut m = Map::new();
        m.insert("defaultTags".into(), serde_json::json!({"tags": ["x"]}));
        let e = ProviderConfig::from_map(m).unwrap_err();
        assert!(e.contains("cognito:defaultTags.tags"), "{e}");
    }

    #[test]
    fn rejects_bad_types_with_path() {
        let mut m = Map::new();
        m.insert("maxRetries".into(), Value::from("many"));
        let e = ProviderConfig::from_map(m).unwrap_err();
        assert!(e.contains("cognito:maxRetries"), "{e}");
    }
}
