//! Renders the Pulumi package schema (`schema.json`) from the Rust definitions.
//!
//! The types in `src/resources/` and [`crate::config::ProviderConfig`] are the single source
//! of truth: their doc comments become descriptions, their shapes become property types, and
//! each resource's flags (replace-on-change, secret outputs) come from its `Resource` impl,
//! and each function's from its `Function` impl (`src/functions/`).
//! A test re-renders the schema and compares it with the committed file.

use crate::config::ProviderConfig;
use crate::resource::ResourceSpec;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The package name.
pub const PACKAGE: &str = "cognito";
/// The provider version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The committed schema, served by GetSchema.
pub const SCHEMA_JSON: &str = include_str!("../schema.json");

/// JSON-schema settings shared by everything that reflects on our types.
pub fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12().for_serialize()
}

/// Renders the whole package schema.
pub fn render(resources: &[ResourceSpec]) -> Value {
    let mut types = BTreeMap::new();
    let config =
        schemars::SchemaGenerator::new(settings()).into_root_schema_for::<ProviderConfig>();
    let config_props = object_props(config.as_value(), &mut types, ProviderConfig::SECRETS, &[]);
    let variables = config_variables(&config_props.props, &mut types);
    let mut res = Map::new();
    for r in resources {
        // An always-secret output that is also an input (a password) is secret as an input.
        let inputs = object_props(
            r.inputs.as_value(),
            &mut types,
            r.secret_outputs,
            r.replace_on_changes,
        );
        let outputs = object_props(r.outputs.as_value(), &mut types, r.secret_outputs, &[]);
        let mut properties = inputs.props.clone();
        properties.extend(outputs.props);
        let mut required: BTreeSet<String> = inputs.required.iter().cloned().collect();
        required.extend(outputs.required);
        required.extend(r.named.map(str::to_string));
        res.insert(
            r.token.to_string(),
            json!({
                "description": r.description,
                "inputProperties": inputs.props,
                "requiredInputs": inputs.required,
                "properties": properties,
                "required": required,
            }),
        );
    }
    let functions = render_functions(&crate::functions::Registry::new().specs(), &mut types);
    for (token, spec) in crate::component::schema(&mut types) {
        res.insert(token, spec);
    }
    json!({
        "name": PACKAGE,
        "displayName": "Amazon Cognito",
        "version": VERSION,
        "description": "A native Pulumi provider for Amazon Cognito user pools, user pool clients and identity pools.",
        "keywords": ["pulumi", "aws", "cognito", "category/cloud", "kind/native"],
        "license": "Apache-2.0",
        "publisher": "pulumi-cognito",
        "meta": {"moduleFormat": "(.*)"},
        "config": {"variables": variables},
        "provider": {
            "description": "The provider type for the cognito package.",
            "inputProperties": config_props.props,
        },
        "resources": res,
        "functions": functions,
        "types": types,
        "language": {
            "python": {
                "respectSchemaVersion": true,
                "packageName": "pulumi_cognito",
                "pyproject": {"enabled": true}
            },
            "nodejs": {
                "respectSchemaVersion": true,
                "packageName": "@pulumi-cognito/cognito",
                "typescriptVersion": "^5.9.3"
            },
            "go": {
                "respectSchemaVersion": true,
                "importBasePath": "github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito",
                "generateResourceContainerTypes": true
            }
        }
    })
}

/// The config variables: the provider's inputs, except that an object type the provider's
/// inputs name `Provider<Name>` (`ProviderDefaultTags`) is the config module's own type of
/// the variable's name (`cognito:config:defaultTags`), as pulumi-aws has them.
fn config_variables(
    inputs: &Map<String, Value>,
    types: &mut BTreeMap<String, Value>,
) -> Map<String, Value> {
    let provider_types = format!("#/types/{}", type_token("Provider"));
    let mut vars = inputs.clone();
    for (k, spec) in vars.iter_mut() {
        let Some(r) = spec.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        if !r.starts_with(&provider_types) {
            continue;
        }
        let ty = types.get(&r["#/types/".len()..]).cloned();
        let token = format!("{PACKAGE}:config:{k}");
        if let Some(ty) = ty {
            types.insert(token.clone(), ty);
        }
        spec["$ref"] = Value::String(format!("#/types/{token}"));
    }
    vars
}

/// Renders the `functions` section: each function's arguments and result, with the
/// always-secret results marked; the object types they use join `types`.
fn render_functions(
    functions: &[crate::function::FunctionSpec],
    types: &mut BTreeMap<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for f in functions {
        let object = |o: ObjectProps| {
            let mut v = json!({"type": "object", "properties": o.props});
            if !o.required.is_empty() {
                v["required"] = json!(o.required);
            }
            v
        };
        let inputs = object_props(f.inputs.as_value(), types, &[], &[]);
        let outputs = object_props(f.outputs.as_value(), types, f.secret_outputs, &[]);
        out.insert(
            f.token.to_string(),
            json!({
                "description": f.description,
                "inputs": object(inputs),
                "outputs": object(outputs),
            }),
        );
    }
    out
}

/// Renders the schema as the exact text committed in `schema.json`.
pub fn render_text(resources: &[ResourceSpec]) -> String {
    let mut s = serde_json::to_string_pretty(&render(resources)).unwrap_or_default();
    s.push('\n');
    s
}

struct ObjectProps {
    props: Map<String, Value>,
    required: Vec<String>,
}

/// Converts the properties of a JSON-schema object into Pulumi property specs, collecting
/// the object types they reference into `types`.
fn object_props(
    schema: &Value,
    types: &mut BTreeMap<String, Value>,
    secret: &[&str],
    replace: &[&str],
) -> ObjectProps {
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    object_props_in(schema, &defs, types, secret, replace)
}

/// Like [`object_props`], resolving `$ref`s against the root schema's `defs`.
fn object_props_in(
    schema: &Value,
    defs: &Value,
    types: &mut BTreeMap<String, Value>,
    secret: &[&str],
    replace: &[&str],
) -> ObjectProps {
    let mut props = Map::new();
    if let Some(p) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in p {
            let mut spec = property(v, defs, types);
            if secret.contains(&k.as_str()) {
                spec["secret"] = Value::Bool(true);
            }
            if replace.contains(&k.as_str()) {
                spec["replaceOnChanges"] = Value::Bool(true);
            }
            props.insert(k.clone(), spec);
        }
    }
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ObjectProps { props, required }
}

/// The type token of a named object type.
pub fn type_token(name: &str) -> String {
    format!("{PACKAGE}:index:{name}")
}

/// Converts one JSON-schema property into a Pulumi property spec.
fn property(v: &Value, defs: &Value, types: &mut BTreeMap<String, Value>) -> Value {
    let mut spec = type_spec(v, defs, types);
    if let Some(d) = v.get("description").and_then(Value::as_str) {
        spec["description"] = Value::String(d.to_string());
    }
    spec
}

fn type_spec(v: &Value, defs: &Value, types: &mut BTreeMap<String, Value>) -> Value {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r).to_string();
        let token = type_token(&name);
        if !types.contains_key(&token) {
            types.insert(token.clone(), Value::Null);
            let def = &defs[&name];
            let obj = object_props_in(def, defs, types, &[], &[]);
            let mut t = json!({"type": "object", "properties": obj.props});
            if !obj.required.is_empty() {
                t["required"] = json!(obj.required);
            }
            if let Some(d) = def.get("description").and_then(Value::as_str) {
                t["description"] = Value::String(d.to_string());
            }
            types.insert(token.clone(), t);
        }
        return json!({"$ref": format!("#/types/{token}")});
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = v.get(key).and_then(Value::as_array) {
            if let Some(alt) = alts.iter().find(|a| a.get("type") != Some(&json!("null"))) {
                return type_spec(alt, defs, types);
            }
        }
    }
    let ty = match v.get("type") {
        Some(Value::Array(a)) => a.iter().find(|t| *t != "null").cloned(),
        other => other.cloned(),
    };
    match ty.as_ref().and_then(Value::as_str) {
        Some("array") => json!({"type": "array", "items": type_spec(&v["items"], defs, types)}),
        Some("object") => {
            let ap = v.get("additionalProperties").filter(|a| a.is_object());
            match ap {
                Some(ap) => {
                    json!({"type": "object", "additionalProperties": type_spec(ap, defs, types)})
                }
                None => {
                    json!({"type": "object", "additionalProperties": {"$ref": "pulumi.json#/Any"}})
                }
            }
        }
        Some(t @ ("string" | "integer" | "number" | "boolean")) => json!({"type": t}),
        _ if v.get("enum").is_some() || v.get("const").is_some() => json!({"type": "string"}),
        _ => json!({"$ref": "pulumi.json#/Any"}),
    }
}

/// The schema of a component resource (`isComponent`): its input and output properties from
/// their JSON schemas, the object types they use collected into `types`; `references` name
/// outputs that are references to resources of this package (output, resource token).
pub fn component(
    description: &str,
    inputs: &schemars::Schema,
    outputs: &schemars::Schema,
    secret_outputs: &[&str],
    references: &[(&str, &str)],
    types: &mut BTreeMap<String, Value>,
) -> Value {
    let ins = object_props(inputs.as_value(), types, &[], &[]);
    let mut outs = object_props(outputs.as_value(), types, secret_outputs, &[]);
    for (k, token) in references {
        if let Some(p) = outs.props.get_mut(*k) {
            let d = p.get("description").cloned();
            *p = json!({"$ref": format!("#/resources/{token}")});
            if let Some(d) = d {
                p["description"] = d;
            }
        }
    }
    json!({
        "isComponent": true,
        "description": description,
        "inputProperties": ins.props,
        "requiredInputs": ins.required,
        "properties": outs.props,
        "required": outs.required,
    })
}
