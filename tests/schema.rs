//! `schema.json` must be exactly what the Rust definitions render.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test --test schema`.

use pulumi_cognito::resources::Registry;
use pulumi_cognito::schema;
use serde_json::Value;

fn rendered() -> String {
    schema::render_text(&Registry::new().specs())
}

#[test]
fn committed_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.json");
    let fresh = rendered();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == fresh,
        "schema.json is stale: run `UPDATE_SCHEMA=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn every_property_has_a_description_and_resolves() {
    let s: Value = serde_json::from_str(&rendered()).unwrap();
    let types = s["types"].as_object().unwrap();
    let mut checked = 0;
    for (tok, r) in s["resources"].as_object().unwrap() {
        assert!(
            r["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{tok}"
        );
        for (k, p) in r["properties"].as_object().unwrap() {
            assert!(
                p["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{tok}.{k} has no description"
            );
            checked += 1;
        }
    }
    for (tok, t) in types {
        assert!(
            !t["properties"].as_object().unwrap().is_empty(),
            "{tok} has no properties"
        );
        for (k, p) in t["properties"].as_object().unwrap() {
            assert!(
                p["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{tok}.{k} has no description"
            );
            if let Some(r) = p["$ref"].as_str().or(p["items"]["$ref"].as_str()) {
                let name = r.trim_start_matches("#/types/");
                assert!(
                    types.contains_key(name),
                    "{tok}.{k} refers to missing {name}"
                );
            }
        }
    }
    assert!(checked > 20);
}

#[test]
fn flags_come_from_the_resources() {
    let s: Value = serde_json::from_str(&rendered()).unwrap();
    let client = &s["resources"]["cognito:index:UserPoolClient"];
    assert_eq!(
        client["properties"]["clientSecret"]["secret"],
        Value::Bool(true)
    );
    assert_eq!(
        client["inputProperties"]["userPoolId"]["replaceOnChanges"],
        Value::Bool(true)
    );
    assert_eq!(client["requiredInputs"], serde_json::json!(["userPoolId"]));
    assert_eq!(
        s["config"]["variables"]["secretKey"]["secret"],
        Value::Bool(true)
    );
    assert_eq!(s["version"], env!("CARGO_PKG_VERSION"));
    let pool = &s["resources"]["cognito:index:UserPool"];
    assert_eq!(
        pool["inputProperties"]["passwordPolicy"]["$ref"],
        "#/types/cognito:index:UserPoolPasswordPolicy"
    );
}

#[test]
fn functions_are_described_with_their_secrets() {
    let s: Value = serde_json::from_str(&rendered()).unwrap();
    let functions = s["functions"].as_object().unwrap();
    let tokens: Vec<&str> = functions.keys().map(String::as_str).collect();
    assert_eq!(
        tokens,
        [
            "cognito:index:getIdentityPool",
            "cognito:index:getUserGroup",
            "cognito:index:getUserGroups",
            "cognito:index:getUserPool",
            "cognito:index:getUserPoolClient",
            "cognito:index:getUserPoolClients",
            "cognito:index:getUserPoolSigningCertificate",
            "cognito:index:getUserPools",
        ]
    );
    let types = s["types"].as_object().unwrap();
    for (tok, f) in functions {
        let d = f["description"].as_str().unwrap_or_default();
        assert!(d.contains("{{% examples %}}"), "{tok} has no examples");
        for side in ["inputs", "outputs"] {
            let props = f[side]["properties"].as_object().unwrap();
            assert!(!props.is_empty(), "{tok} has no {side}");
            for (k, p) in props {
                assert!(
                    p["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{tok}.{side}.{k} has no description"
                );
                if let Some(r) = p["$ref"].as_str().or(p["items"]["$ref"].as_str()) {
                    let name = r.trim_start_matches("#/types/");
                    assert!(
                        types.contains_key(name),
                        "{tok}.{k} refers to missing {name}"
                    );
                }
            }
        }
        // Every function takes the per-call region and reports it.
        assert!(f["inputs"]["properties"].get("region").is_some(), "{tok}");
        assert!(f["outputs"]["properties"].get("region").is_some(), "{tok}");
    }
    let client = &functions["cognito:index:getUserPoolClient"];
    assert_eq!(
        client["outputs"]["properties"]["clientSecret"]["secret"],
        Value::Bool(true)
    );
    assert_eq!(
        client["inputs"]["required"],
        serde_json::json!(["clientId", "userPoolId"])
    );
    assert_eq!(
        functions["cognito:index:getUserPool"]["outputs"]["properties"]["accountRecoverySettings"]
            ["items"]["$ref"],
        "#/types/cognito:index:GetUserPoolAccountRecoverySetting"
    );
}
