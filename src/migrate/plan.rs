//! The pure part of `migrate-from-aws`: from a `pulumi stack export` to a plan (the import
//! files, the state entries to drop, the config to set, and what blocks the migration).
//! No I/O here, so every rule is unit-tested with fixture states.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// How a pulumi-aws Cognito type maps onto this provider: one line per type in [`TYPES`].
#[derive(Debug, Clone, Copy)]
pub struct TypeMap {
    /// The resource name, the same in both providers (`UserPool`).
    pub name: &'static str,
    /// pulumi-aws's module member, the camelCase part of `aws:cognito/<module>:<Name>`.
    pub aws_module: &'static str,
    /// This provider's import id, built from the pulumi-aws resource's `id` and outputs
    /// (pulumi-aws property names). `{id}` is the state's id, `{name}` an output,
    /// `{name|DEFAULT}` an output with a default when it is absent or empty.
    pub import_id: &'static str,
}

impl TypeMap {
    /// `aws:cognito/<module>:<Name>`, the pulumi-aws type token.
    pub fn aws_token(&self) -> String {
        format!("aws:cognito/{}:{}", self.aws_module, self.name)
    }

    /// `cognito:index:<Name>`, this provider's type token.
    pub fn token(&self) -> String {
        format!("cognito:index:{}", self.name)
    }
}

/// Every pulumi-aws 7.x Cognito resource type and its import id in this provider. A type
/// whose token this provider does not (yet) register blocks the migration of a stack that
/// holds it (see [`Plan::blockers`]); adding a resource here is one line.
pub const TYPES: &[TypeMap] = &[
    t("UserPool", "userPool", "{id}"),
    // pulumi-aws's id is the client id alone; ours imports `<poolId>/<clientId>`.
    t("UserPoolClient", "userPoolClient", "{userPoolId}/{id}"),
    t("IdentityPool", "identityPool", "{id}"),
    t("UserGroup", "userGroup", "{userPoolId}/{name}"),
    t("User", "user", "{userPoolId}/{username}"),
    t(
        "UserInGroup",
        "userInGroup",
        "{userPoolId},{groupName},{username}",
    ),
    t(
        "ResourceServer",
        "resourceServer",
        "{userPoolId}|{identifier}",
    ),
    t("UserPoolDomain", "userPoolDomain", "{domain}"),
    t(
        "IdentityProvider",
        "identityProvider",
        "{userPoolId}:{providerName}",
    ),
    t(
        "IdentityPoolRoleAttachment",
        "identityPoolRoleAttachment",
        "{identityPoolId}",
    ),
    t(
        "IdentityPoolProviderPrincipalTag",
        "identityPoolProviderPrincipalTag",
        "{identityPoolId}:{identityProviderName}",
    ),
    t(
        "ManagedLoginBranding",
        "managedLoginBranding",
        "{userPoolId},{managedLoginBrandingId}",
    ),
    t(
        "UserPoolUICustomization",
        "userPoolUICustomization",
        "{userPoolId},{clientId|ALL}",
    ),
    // pulumi-aws's import formats, which the resources arriving here keep.
    t("RiskConfiguration", "riskConfiguration", "{id}"),
    t(
        "LogDeliveryConfiguration",
        "logDeliveryConfiguration",
        "{userPoolId}",
    ),
    t(
        "ManagedUserPoolClient",
        "managedUserPoolClient",
        "{userPoolId}/{id}",
    ),
];

const fn t(name: &'static str, aws_module: &'static str, import_id: &'static str) -> TypeMap {
    TypeMap {
        name,
        aws_module,
        import_id,
    }
}

/// The type map of a pulumi-aws token (`aws:cognito/userPool:UserPool`, or the short form
/// `aws:cognito:UserPool` that YAML programs may use).
pub fn by_aws_token(token: &str) -> Option<&'static TypeMap> {
    let rest = token.strip_prefix("aws:cognito")?;
    let name = rest.rsplit(':').next()?;
    let m = TYPES.iter().find(|m| m.name == name)?;
    (token == m.aws_token() || token == format!("aws:cognito:{name}")).then_some(m)
}

/// One resource moving from pulumi-aws to this provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The pulumi-aws entry's URN.
    pub old_urn: String,
    /// The URN the imported resource gets.
    pub new_urn: String,
    /// `cognito:index:<Name>`.
    pub token: String,
    /// The logical name (unchanged).
    pub name: String,
    /// The pulumi-aws id (what the stack outputs and other resources saw).
    pub aws_id: String,
    /// The id to import with, in this provider's format.
    pub import_id: String,
    /// The parent's URN when it is not the stack.
    pub parent: Option<String>,
    /// Whether the old entry was protected (the new one is imported protected too).
    pub protect: bool,
}

/// The migration of one stack.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The stack name (from the stack resource's URN).
    pub stack: String,
    /// The resources to move, in state order (dependencies first).
    pub moves: Vec<Move>,
    /// URNs to drop from state without touching AWS, in an order `pulumi state delete`
    /// accepts (dependents and children first), the old aws default provider last.
    pub deletes: Vec<String>,
    /// The subset of [`Plan::deletes`] that is protected (needs `--force`).
    pub protected: BTreeSet<String>,
    /// Dependency edges `(staying resource, moving resource)` to drop from the state first
    /// (`pulumi state delete` refuses to drop an entry others depend on); the next `pulumi
    /// up` records them again, pointing at the new resources. See [`unlink`].
    pub unlink: Vec<(String, String)>,
    /// Stack config to set when it is not set yet (`cognito:region` from the old provider).
    pub config: Vec<(String, String)>,
    /// Reasons the migration cannot go ahead safely; empty when it can.
    pub blockers: Vec<String>,
    /// Things the user should know that do not block.
    pub warnings: Vec<String>,
}

/// A string field of a state entry's outputs (or inputs), refusing secrets.
fn field<'a>(res: &'a Value, key: &str) -> Result<Option<&'a str>, String> {
    for bag in ["outputs", "inputs"] {
        match res.get(bag).and_then(|b| b.get(key)) {
            Some(Value::String(s)) if !s.is_empty() => return Ok(Some(s)),
            Some(Value::Object(o)) if o.contains_key("4dabf18193072939515e22adb298388d") => {
                return Err(format!("`{key}` is a secret in the state"))
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Fills an import-id template (see [`TypeMap::import_id`]) from a state entry.
pub fn import_id(template: &str, res: &Value) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("bad template {template}"))?;
        let spec = &rest[open + 1..close];
        let (key, default) = match spec.split_once('|') {
            Some((k, d)) => (k, Some(d)),
            None => (spec, None),
        };
        let value = if key == "id" {
            res.get("id")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        } else {
            field(res, key)?
        };
        match value.or(default) {
            Some(v) => out.push_str(v),
            None => return Err(format!("the state has no `{key}`")),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Splits a URN `urn:pulumi:<stack>::<project>::<qualified type>::<name>` into
/// (stack, project, qualified type, name).
pub fn split_urn(urn: &str) -> Option<(&str, &str, &str, &str)> {
    let rest = urn.strip_prefix("urn:pulumi:")?;
    let mut parts = rest.splitn(4, "::");
    let stack = parts.next()?;
    let project = parts.next()?;
    let ty = parts.next()?;
    let name = parts.next()?;
    Some((stack, project, ty, name))
}

/// The provider reference `urn::id` split into the provider's URN.
fn provider_urn(reference: &str) -> &str {
    reference.rsplit_once("::").map_or(reference, |(u, _)| u)
}

/// Every URN a state entry refers to (parent, provider, dependencies, property
/// dependencies, deletedWith), with what kind of reference it is.
fn references(res: &Value) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if let Some(p) = res.get("parent").and_then(Value::as_str) {
        out.push((p.to_string(), "parent"));
    }
    if let Some(p) = res.get("provider").and_then(Value::as_str) {
        out.push((provider_urn(p).to_string(), "provider"));
    }
    if let Some(d) = res.get("dependencies").and_then(Value::as_array) {
        out.extend(
            d.iter()
                .filter_map(Value::as_str)
                .map(|u| (u.to_string(), "dependency")),
        );
    }
    if let Some(pd) = res.get("propertyDependencies").and_then(Value::as_object) {
        for deps in pd.values().filter_map(Value::as_array) {
            out.extend(
                deps.iter()
                    .filter_map(Value::as_str)
                    .map(|u| (u.to_string(), "dependency")),
            );
        }
    }
    if let Some(p) = res.get("deletedWith").and_then(Value::as_str) {
        out.push((p.to_string(), "deletedWith"));
    }
    out
}

/// Builds the plan from a `pulumi stack export` document. `registered` says whether this
/// provider offers a token (the registry; a parameter so tests can vary it).
pub fn plan(export: &Value, registered: &dyn Fn(&str) -> bool) -> Plan {
    let mut plan = Plan::default();
    let deployment = export.get("deployment").unwrap_or(&Value::Null);
    let resources: Vec<&Value> = deployment
        .get("resources")
        .and_then(Value::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    if let Some(ops) = deployment
        .get("pending_operations")
        .and_then(Value::as_array)
    {
        if !ops.is_empty() {
            plan.blockers.push(format!(
                "the stack has {} pending operation(s) from an interrupted update: run `pulumi refresh` (or `pulumi cancel`) first",
                ops.len()
            ));
        }
    }
    let urn_of = |r: &Value| {
        r.get("urn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if let Some((stack, ..)) = resources.first().and_then(|r| {
        r.get("urn")
            .and_then(Value::as_str)
            .and_then(split_urn)
            .map(|(s, ..)| (s.to_string(),))
    }) {
        plan.stack = stack;
    }

    // The Cognito entries of pulumi-aws.
    let mut moving: BTreeMap<String, usize> = BTreeMap::new();
    for res in &resources {
        let ty = res.get("type").and_then(Value::as_str).unwrap_or("");
        if !ty.starts_with("aws:cognito/") {
            continue;
        }
        let urn = urn_of(res);
        let Some(map) = by_aws_token(ty) else {
            plan.blockers.push(format!(
                "{urn}: {ty} is not a pulumi-aws Cognito resource this command knows"
            ));
            continue;
        };
        if !registered(&map.token()) {
            plan.blockers.push(format!(
                "{urn}: this version of pulumi-cognito has no {} yet; upgrade it, or keep this stack on pulumi-aws",
                map.token()
            ));
            continue;
        }
        if res.get("delete").and_then(Value::as_bool) == Some(true) {
            plan.blockers.push(format!(
                "{urn}: a replacement of it is still pending deletion; finish it with `pulumi up` first"
            ));
            continue;
        }
        if let Some(p) = res.get("provider").and_then(Value::as_str) {
            let purn = provider_urn(p);
            let default = split_urn(purn).is_some_and(|(_, _, ty, name)| {
                ty == "pulumi:providers:aws" && name.starts_with("default")
            });
            if !default {
                plan.blockers.push(format!(
                    "{urn}: it uses the explicit provider {purn}; give it the default provider (or a per-resource `region`) in pulumi-aws first, or migrate it by hand (docs/migrating-from-pulumi-aws.md)"
                ));
                continue;
            }
        }
        let aws_id = res
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let import_id = match import_id(map.import_id, res) {
            Ok(i) => i,
            Err(e) => {
                plan.blockers
                    .push(format!("{urn}: cannot build its import id: {e}"));
                continue;
            }
        };
        let Some((stack, project, _, name)) = split_urn(&urn) else {
            plan.blockers.push(format!("{urn}: not a URN"));
            continue;
        };
        let parent = res
            .get("parent")
            .and_then(Value::as_str)
            .filter(|p| !p.contains("::pulumi:pulumi:Stack::"))
            .map(str::to_string);
        // A parent chain is part of the URN's type: `parent$child`.
        let qualified_ty = split_urn(&urn).map(|(_, _, t, _)| t).unwrap_or(ty);
        let new_qualified = match qualified_ty.rsplit_once('$') {
            Some((chain, _)) => format!("{chain}${}", map.token()),
            None => map.token(),
        };
        plan.moves.push(Move {
            old_urn: urn.clone(),
            new_urn: format!("urn:pulumi:{stack}::{project}::{new_qualified}::{name}"),
            token: map.token(),
            name: name.to_string(),
            aws_id,
            import_id,
            parent,
            protect: res.get("protect").and_then(Value::as_bool) == Some(true),
        });
        moving.insert(urn, plan.moves.len() - 1);
    }

    // What stays must not point at what goes.
    let mut provider_users: BTreeMap<String, usize> = BTreeMap::new();
    for res in &resources {
        let urn = urn_of(res);
        let stays = !moving.contains_key(&urn);
        for (target, kind) in references(res) {
            if kind == "provider" && stays {
                *provider_users.entry(target.clone()).or_default() += 1;
            }
            if moving.contains_key(&target) {
                if stays && kind == "parent" {
                    plan.blockers.push(format!(
                        "{urn} has {target} as its parent, and stays on its provider: its URN names that parent, so the Cognito entry cannot move under it. Give it another parent first"
                    ));
                } else if stays {
                    // A dependency edge only orders deletions; the next `pulumi up` records
                    // it again from the program, pointing at the new resource.
                    let edge = (urn.clone(), target.clone());
                    if !plan.unlink.contains(&edge) {
                        plan.unlink.push(edge);
                    }
                } else if kind == "parent" {
                    plan.blockers.push(format!(
                        "{urn}: its parent {target} is a Cognito resource too; move it under the stack or a component first"
                    ));
                }
            }
        }
    }

    // Drop order: reverse state order (the state lists dependencies first).
    for m in plan.moves.iter().rev() {
        plan.deletes.push(m.old_urn.clone());
    }
    for res in &resources {
        let urn = urn_of(res);
        if moving.contains_key(&urn) && res.get("protect").and_then(Value::as_bool) == Some(true) {
            plan.protected.insert(urn);
        }
    }

    // The old default aws provider goes too if nothing else uses it; its region becomes
    // `cognito:region`.
    let used: BTreeSet<String> = plan
        .moves
        .iter()
        .filter_map(|m| {
            resources
                .iter()
                .find(|r| urn_of(r) == m.old_urn)
                .and_then(|r| r.get("provider").and_then(Value::as_str))
                .map(|p| provider_urn(p).to_string())
        })
        .collect();
    for purn in &used {
        if provider_users.get(purn).copied().unwrap_or(0) == 0 {
            plan.deletes.push(purn.clone());
        } else {
            plan.warnings.push(format!(
                "{purn} stays: other pulumi-aws resources still use it"
            ));
        }
        let provider = resources.iter().find(|r| &urn_of(r) == purn);
        for (aws, ours) in [("region", "cognito:region"), ("profile", "cognito:profile")] {
            if let Some(v) = provider
                .and_then(|p| p.get("inputs"))
                .and_then(|i| i.get(aws))
                .and_then(Value::as_str)
            {
                if !plan.config.iter().any(|(k, _)| k == ours) {
                    plan.config.push((ours.to_string(), v.to_string()));
                }
            }
        }
    }
    plan
}

/// A resource token's input property names and its auto-named property.
pub type InputsOf<'a> = dyn Fn(&str) -> (Vec<String>, Option<&'static str>) + 'a;

/// Removes what the bridge filled in from a pulumi-aws input value, at every depth: each
/// object's `__defaults` names the keys whose values came from a default, not from the
/// program; they go with it (a secret's envelope has none, so it stays as it is).
fn strip_defaults(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(filled)) = o.remove("__defaults") {
                for k in filled.iter().filter_map(Value::as_str) {
                    o.remove(k);
                }
            }
            o.values_mut().for_each(strip_defaults);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_defaults),
        _ => {}
    }
}

/// Carries each moved resource's last pulumi-aws inputs into its imported entry of
/// `after` (a `pulumi stack export` document taken after the import), and returns the
/// URNs it changed.
///
/// An import records what AWS reports as the inputs; the program sets only some of them,
/// and AWS never reports write-only inputs such as a `User`'s `password`. The old entry's
/// inputs are what the program last set (property names are pulumi-aws's, which are ours),
/// so with them the first `pulumi up` diffs the program against itself: no write, and a
/// password a user has changed since is not set back. `inputs_of(token)` names the
/// resource's input properties and its auto-named one; other keys, and what the bridge
/// filled in from defaults (`__defaults`), are dropped, except the auto-named property (a
/// name the bridge generated stays the resource's name here too). Secrets stay in their
/// envelopes.
pub fn carry_inputs(
    before: &Value,
    after: &mut Value,
    plan: &Plan,
    inputs_of: &InputsOf<'_>,
) -> Vec<String> {
    let resources = |doc: &Value| -> Vec<Value> {
        doc.pointer("/deployment/resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let old: BTreeMap<String, Value> = resources(before)
        .into_iter()
        .filter_map(|r| Some((r.get("urn")?.as_str()?.to_string(), r)))
        .collect();
    let mut carried = Vec::new();
    let Some(new) = after
        .pointer_mut("/deployment/resources")
        .and_then(Value::as_array_mut)
    else {
        return carried;
    };
    for m in &plan.moves {
        let Some(Value::Object(inputs)) = old.get(&m.old_urn).and_then(|r| r.get("inputs")) else {
            continue;
        };
        let Some(entry) = new
            .iter_mut()
            .find(|r| r.get("urn").and_then(Value::as_str) == Some(m.new_urn.as_str()))
        else {
            continue;
        };
        let (names, named) = inputs_of(&m.token);
        let filled: Vec<&str> = inputs
            .get("__defaults")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut kept = Map::new();
        for (k, v) in inputs.iter().filter(|(k, _)| names.contains(k)) {
            if filled.contains(&k.as_str()) && named != Some(k.as_str()) {
                continue;
            }
            let mut v = v.clone();
            strip_defaults(&mut v);
            kept.insert(k.clone(), v);
        }
        entry["inputs"] = Value::Object(kept);
        carried.push(m.new_urn.clone());
    }
    carried
}

/// The `pulumi stack export` document with the [`Plan::unlink`] edges removed (from
/// `dependencies`, `propertyDependencies` and `deletedWith`), for `pulumi stack import`.
pub fn unlink(export: &Value, plan: &Plan) -> Value {
    let mut doc = export.clone();
    let Some(resources) = doc
        .get_mut("deployment")
        .and_then(|d| d.get_mut("resources"))
        .and_then(Value::as_array_mut)
    else {
        return doc;
    };
    for res in resources.iter_mut() {
        let urn = res
            .get("urn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let drop: BTreeSet<&str> = plan
            .unlink
            .iter()
            .filter(|(from, _)| *from == urn)
            .map(|(_, to)| to.as_str())
            .collect();
        if drop.is_empty() {
            continue;
        }
        if let Some(deps) = res.get_mut("dependencies").and_then(Value::as_array_mut) {
            deps.retain(|d| !d.as_str().is_some_and(|d| drop.contains(d)));
        }
        if let Some(pd) = res
            .get_mut("propertyDependencies")
            .and_then(Value::as_object_mut)
        {
            for deps in pd.values_mut().filter_map(Value::as_array_mut) {
                deps.retain(|d| !d.as_str().is_some_and(|d| drop.contains(d)));
            }
        }
        if res
            .get("deletedWith")
            .and_then(Value::as_str)
            .is_some_and(|d| drop.contains(d))
        {
            if let Some(o) = res.as_object_mut() {
                o.remove("deletedWith");
            }
        }
    }
    doc
}

/// The `pulumi import --file` document for the moves with the given protection.
pub fn import_file(plan: &Plan, protect: bool) -> Value {
    let mut names = Map::new();
    let mut resources = Vec::new();
    for m in plan.moves.iter().filter(|m| m.protect == protect) {
        let mut r = json!({"type": m.token, "name": m.name, "id": m.import_id});
        if let Some(p) = &m.parent {
            let key = split_urn(p).map_or("parent", |(.., n)| n).to_string();
            let key = format!("parent-{key}");
            names.insert(key.clone(), Value::String(p.clone()));
            r["parent"] = Value::String(key);
        }
        resources.push(r);
    }
    let mut doc = json!({ "resources": resources });
    if !names.is_empty() {
        doc["nameTable"] = Value::Object(names);
    }
    doc
}

/// The result of checking a `pulumi preview --json` document.
#[derive(Debug, Default, PartialEq)]
pub struct PreviewCheck {
    /// Steps that would create, delete or replace something: `op urn`.
    pub bad: Vec<String>,
    /// In-place updates (allowed; listed for the user): `urn: properties`.
    pub updates: Vec<String>,
    /// Error diagnostics the preview printed.
    pub errors: Vec<String>,
}

impl PreviewCheck {
    /// True when the preview creates, deletes and replaces nothing and had no errors.
    pub fn clean(&self) -> bool {
        self.bad.is_empty() && self.errors.is_empty()
    }
}

/// Checks a `pulumi preview --json` document: only `same`, `update` and `refresh` steps
/// are clean.
pub fn check_preview(preview: &Value) -> PreviewCheck {
    let mut out = PreviewCheck::default();
    for step in preview
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let op = step.get("op").and_then(Value::as_str).unwrap_or("?");
        let urn = step.get("urn").and_then(Value::as_str).unwrap_or("?");
        match op {
            "same" | "refresh" => {}
            "update" => {
                let reasons: Vec<&str> = step
                    .get("diffReasons")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                out.updates.push(format!("{urn}: {}", reasons.join(", ")));
            }
            _ => out.bad.push(format!("{op} {urn}")),
        }
    }
    for d in preview
        .get("diagnostics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if d.get("severity").and_then(Value::as_str) == Some("error") {
            let msg = d.get("message").and_then(Value::as_str).unwrap_or("");
            out.errors.push(msg.trim().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STACK: &str = "urn:pulumi:dev::auth::pulumi:pulumi:Stack::auth-dev";
    const PROV: &str = "urn:pulumi:dev::auth::pulumi:providers:aws::default_7_12_0";
    const PROV_ID: &str = "0f5d3a3e-7c1b-4d1e-9f3a-2b8c4d5e6f70";

    fn aws(ty: &str, name: &str, id: &str, outputs: Value, deps: &[&str]) -> Value {
        json!({
            "urn": format!("urn:pulumi:dev::auth::{ty}::{name}"),
            "custom": true,
            "id": id,
            "type": ty,
            "inputs": {},
            "outputs": outputs,
            "parent": STACK,
            "provider": format!("{PROV}::{PROV_ID}"),
            "dependencies": deps,
        })
    }

    fn export(mut resources: Vec<Value>) -> Value {
        let mut all = vec![
            json!({"urn": STACK, "custom": false, "type": "pulumi:pulumi:Stack"}),
            json!({"urn": PROV, "custom": true, "id": PROV_ID, "type": "pulumi:providers:aws",
                   "inputs": {"region": "eu-west-1", "version": "7.12.0"}}),
        ];
        all.append(&mut resources);
        json!({"version": 3, "deployment": {"resources": all}})
    }

    fn seed() -> Value {
        let pool = "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool";
        let client = "urn:pulumi:dev::auth::aws:cognito/userPoolClient:UserPoolClient::client";
        let user = "urn:pulumi:dev::auth::aws:cognito/user:User::admin";
        let group = "urn:pulumi:dev::auth::aws:cognito/userGroup:UserGroup::admins";
        export(vec![
            aws(
                "aws:cognito/userPool:UserPool",
                "pool",
                "eu-west-1_Abc",
                json!({"id": "eu-west-1_Abc", "name": "pool"}),
                &[],
            ),
            aws(
                "aws:cognito/userPoolClient:UserPoolClient",
                "client",
                "1clientid",
                json!({"id": "1clientid", "userPoolId": "eu-west-1_Abc"}),
                &[pool],
            ),
            aws(
                "aws:cognito/identityPool:IdentityPool",
                "ids",
                "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d",
                json!({}),
                &[pool, client],
            ),
            aws(
                "aws:cognito/userGroup:UserGroup",
                "admins",
                "eu-west-1_Abc/admins",
                json!({"userPoolId": "eu-west-1_Abc", "name": "admins"}),
                &[pool],
            ),
            aws(
                "aws:cognito/user:User",
                "admin",
                "eu-west-1_Abc/alice",
                json!({"userPoolId": "eu-west-1_Abc", "username": "alice"}),
                &[pool],
            ),
            aws(
                "aws:cognito/userInGroup:UserInGroup",
                "m",
                "eu-west-1_Abc,admins,alice",
                json!({"userPoolId": "eu-west-1_Abc", "groupName": "admins", "username": "alice"}),
                &[pool, group, user],
            ),
            aws(
                "aws:cognito/resourceServer:ResourceServer",
                "api",
                "eu-west-1_Abc|https://api",
                json!({"userPoolId": "eu-west-1_Abc", "identifier": "https://api"}),
                &[pool],
            ),
            aws(
                "aws:cognito/userPoolDomain:UserPoolDomain",
                "dom",
                "auth-x",
                json!({"userPoolId": "eu-west-1_Abc", "domain": "auth-x"}),
                &[pool],
            ),
            aws(
                "aws:cognito/identityProvider:IdentityProvider",
                "corp",
                "eu-west-1_Abc:Corp",
                json!({"userPoolId": "eu-west-1_Abc", "providerName": "Corp"}),
                &[pool],
            ),
            aws(
                "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment",
                "roles",
                "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d",
                json!({"identityPoolId": "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d"}),
                &[],
            ),
            aws(
                "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag",
                "tags",
                "x",
                json!({"identityPoolId": "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d", "identityProviderName": "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc"}),
                &[],
            ),
            aws(
                "aws:cognito/managedLoginBranding:ManagedLoginBranding",
                "brand",
                "x",
                json!({"userPoolId": "eu-west-1_Abc", "managedLoginBrandingId": "06c6"}),
                &[],
            ),
            aws(
                "aws:cognito/userPoolUICustomization:UserPoolUICustomization",
                "ui",
                "eu-west-1_Abc,ALL",
                json!({"userPoolId": "eu-west-1_Abc"}),
                &[],
            ),
        ])
    }

    fn all_registered(_: &str) -> bool {
        true
    }

    #[test]
    fn carry_inputs_copies_what_the_program_set_without_bridge_bookkeeping() {
        let sig = "4dabf18193072939515e22adb298388d";
        let user = aws(
            "aws:cognito/user:User",
            "admin",
            "eu-west-1_abc/admin",
            json!({"userPoolId": "eu-west-1_abc", "username": "admin"}),
            &[],
        );
        let mut user = user;
        user["inputs"] = json!({
            "__defaults": ["enabled", "username"],
            "userPoolId": "eu-west-1_abc",
            "username": "admin",
            "enabled": true,
            "password": {sig: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"},
            "attributes": {"__defaults": ["phone"], "email": "a@example.com", "phone": "+1"},
            "notOurs": 1,
        });
        let before = export(vec![user]);
        let plan = plan(&before, &all_registered);
        let m = &plan.moves[0];
        let mut after = json!({"deployment": {"resources": [
            {"urn": "urn:pulumi:dev::auth::pulumi:pulumi:Stack::auth-dev", "type": "pulumi:pulumi:Stack"},
            {"urn": m.new_urn, "type": m.token, "inputs": {"userPoolId": "eu-west-1_abc", "username": "admin", "enabled": true}},
        ]}});
        // (`username` stands in for an auto-named property: a generated name stays.)
        let names = |t: &str| -> (Vec<String>, Option<&'static str>) {
            assert_eq!(t, "cognito:index:User");
            let names = [
                "userPoolId",
                "username",
                "password",
                "attributes",
                "enabled",
            ];
            (names.map(String::from).to_vec(), Some("username"))
        };
        let carried = carry_inputs(&before, &mut after, &plan, &names);
        assert_eq!(carried, vec![m.new_urn.clone()]);
        assert_eq!(
            after["deployment"]["resources"][1]["inputs"],
            json!({
                "userPoolId": "eu-west-1_abc",
                "username": "admin",
                "password": {sig: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"},
                "attributes": {"email": "a@example.com"},
            })
        );
        // Entries that are not moves stay as they are.
        assert!(after["deployment"]["resources"][0].get("inputs").is_none());
    }

    #[test]
    fn every_type_maps_both_ways() {
        for m in TYPES {
            assert_eq!(by_aws_token(&m.aws_token()).map(|x| x.name), Some(m.name));
            assert_eq!(
                by_aws_token(&format!("aws:cognito:{}", m.name)).map(|x| x.name),
                Some(m.name)
            );
        }
        assert!(by_aws_token("aws:cognito/userPool:UserPoolX").is_none());
        assert!(by_aws_token("aws:iam/role:Role").is_none());
        assert!(by_aws_token("aws:cognito/user:UserPool").is_none());
    }

    #[test]
    fn the_seed_stack_plans_every_import_id_in_our_formats() {
        let p = plan(&seed(), &all_registered);
        assert!(p.blockers.is_empty(), "{:?}", p.blockers);
        assert_eq!(p.stack, "dev");
        let ids: Vec<(&str, &str)> = p
            .moves
            .iter()
            .map(|m| (m.name.as_str(), m.import_id.as_str()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("pool", "eu-west-1_Abc"),
                ("client", "eu-west-1_Abc/1clientid"),
                ("ids", "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d"),
                ("admins", "eu-west-1_Abc/admins"),
                ("admin", "eu-west-1_Abc/alice"),
                ("m", "eu-west-1_Abc,admins,alice"),
                ("api", "eu-west-1_Abc|https://api"),
                ("dom", "auth-x"),
                ("corp", "eu-west-1_Abc:Corp"),
                ("roles", "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d"),
                (
                    "tags",
                    "eu-west-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d:cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc"
                ),
                ("brand", "eu-west-1_Abc,06c6"),
                ("ui", "eu-west-1_Abc,ALL"),
            ]
        );
        assert_eq!(
            p.moves[0].new_urn,
            "urn:pulumi:dev::auth::cognito:index:UserPool::pool"
        );
        // Dependents first, the provider last.
        assert_eq!(p.deletes.len(), p.moves.len() + 1);
        assert_eq!(p.deletes.last().map(String::as_str), Some(PROV));
        let pos = |n: &str| p.deletes.iter().position(|u| u.ends_with(n)).unwrap();
        assert!(pos("::m") < pos("::admin"));
        assert!(pos("::client") < pos("::pool"));
        assert_eq!(
            p.config,
            vec![("cognito:region".to_string(), "eu-west-1".to_string())]
        );
        assert!(p.protected.is_empty());
    }

    #[test]
    fn import_file_has_types_names_ids_and_parents() {
        let mut st = seed();
        let comp = "urn:pulumi:dev::auth::my:index:Auth::auth";
        let res = st["deployment"]["resources"].as_array_mut().unwrap();
        res.insert(
            2,
            json!({"urn": comp, "custom": false, "type": "my:index:Auth", "parent": STACK}),
        );
        res[3]["parent"] = json!(comp);
        res[3]["urn"] =
            json!("urn:pulumi:dev::auth::my:index:Auth$aws:cognito/userPool:UserPool::pool");
        res[4]["protect"] = json!(true);
        // The client's dependency follows the pool's new URN.
        res[4]["dependencies"] =
            json!(["urn:pulumi:dev::auth::my:index:Auth$aws:cognito/userPool:UserPool::pool"]);
        let p = plan(&st, &all_registered);
        assert!(p.blockers.is_empty(), "{:?}", p.blockers);
        assert_eq!(
            p.moves[0].new_urn,
            "urn:pulumi:dev::auth::my:index:Auth$cognito:index:UserPool::pool"
        );
        let f = import_file(&p, false);
        assert_eq!(
            f["resources"][0],
            json!({"type": "cognito:index:UserPool", "name": "pool", "id": "eu-west-1_Abc", "parent": "parent-auth"})
        );
        assert_eq!(f["nameTable"], json!({"parent-auth": comp}));
        assert_eq!(f["resources"].as_array().unwrap().len(), 12);
        let protected = import_file(&p, true);
        assert_eq!(
            protected,
            json!({"resources": [{"type": "cognito:index:UserPoolClient", "name": "client", "id": "eu-west-1_Abc/1clientid"}]})
        );
        assert!(p.protected.iter().any(|u| u.ends_with("::client")));
    }

    #[test]
    fn blockers_stop_the_plan() {
        let mut st = seed();
        let res = st["deployment"]["resources"].as_array_mut().unwrap();
        // Another pulumi-aws resource depends on the identity pool.
        res.push(
            json!({"urn": "urn:pulumi:dev::auth::aws:iam/role:Role::r", "type": "aws:iam/role:Role",
            "custom": true, "id": "r", "provider": format!("{PROV}::{PROV_ID}"),
            "dependencies": ["urn:pulumi:dev::auth::aws:cognito/identityPool:IdentityPool::ids"]}),
        );
        // And another is parented by the pool.
        res.push(json!({"urn": "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool$aws:s3/bucket:Bucket::b",
            "type": "aws:s3/bucket:Bucket", "custom": true, "id": "b", "provider": format!("{PROV}::{PROV_ID}"),
            "parent": "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool"}));
        let p = plan(&st, &|t| t != "cognito:index:ManagedLoginBranding");
        assert_eq!(p.blockers.len(), 2, "{:#?}", p.blockers);
        assert!(p.blockers[0].contains("no cognito:index:ManagedLoginBranding yet"));
        assert!(p.blockers[1].contains("aws:s3/bucket:Bucket::b has"));
        assert!(p.blockers[1].contains("as its parent"));
        // The role's dependency on the identity pool is dropped first, not a blocker.
        assert_eq!(
            p.unlink,
            vec![(
                "urn:pulumi:dev::auth::aws:iam/role:Role::r".to_string(),
                "urn:pulumi:dev::auth::aws:cognito/identityPool:IdentityPool::ids".to_string()
            )]
        );
        // The provider stays: the role uses it.
        assert!(!p.deletes.iter().any(|u| u == PROV));
        assert!(p.warnings.iter().any(|w| w.contains("stays")));
    }

    #[test]
    fn unlink_drops_only_the_edges_to_moving_resources() {
        let ids = "urn:pulumi:dev::auth::aws:cognito/identityPool:IdentityPool::ids";
        let other = "urn:pulumi:dev::auth::aws:iam/policy:Policy::p";
        let mut st = seed();
        st["deployment"]["resources"]
            .as_array_mut()
            .unwrap()
            .push(json!({
            "urn": "urn:pulumi:dev::auth::aws:iam/role:Role::r", "type": "aws:iam/role:Role",
            "custom": true, "id": "r", "provider": format!("{PROV}::{PROV_ID}"),
            "dependencies": [ids, other],
            "propertyDependencies": {"assumeRolePolicy": [ids], "policy": [other]},
            "deletedWith": ids}));
        let p = plan(&st, &all_registered);
        assert!(p.blockers.is_empty(), "{:?}", p.blockers);
        let out = unlink(&st, &p);
        let role = out["deployment"]["resources"]
            .as_array()
            .unwrap()
            .last()
            .unwrap();
        assert_eq!(role["dependencies"], json!([other]));
        assert_eq!(
            role["propertyDependencies"],
            json!({"assumeRolePolicy": [], "policy": [other]})
        );
        assert!(role.get("deletedWith").is_none());
        // Nothing else changed.
        let n = out["deployment"]["resources"].as_array().unwrap().len();
        assert_eq!(
            out["deployment"]["resources"].as_array().unwrap()[..n - 1],
            st["deployment"]["resources"].as_array().unwrap()[..n - 1]
        );
    }

    #[test]
    fn explicit_providers_secrets_and_pending_operations_block() {
        let mut st = export(vec![
            aws(
                "aws:cognito/userPool:UserPool",
                "pool",
                "p1",
                json!({}),
                &[],
            ),
            aws(
                "aws:cognito/userPoolClient:UserPoolClient",
                "c",
                "c1",
                json!({"userPoolId": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "x"}}),
                &[],
            ),
        ]);
        st["deployment"]["resources"][2]["provider"] =
            json!("urn:pulumi:dev::auth::pulumi:providers:aws::west::1234");
        st["deployment"]["pending_operations"] = json!([{"type": "creating"}]);
        let p = plan(&st, &all_registered);
        assert_eq!(p.blockers.len(), 3, "{:#?}", p.blockers);
        assert!(p.blockers[0].contains("pending operation"));
        assert!(p.blockers[1].contains("explicit provider"));
        assert!(p.blockers[2].contains("`userPoolId` is a secret"));
    }

    #[test]
    fn templates_use_defaults_and_refuse_missing_fields() {
        let r = json!({"id": "i", "outputs": {"userPoolId": "p", "clientId": ""}});
        assert_eq!(
            import_id("{userPoolId},{clientId|ALL}", &r).unwrap(),
            "p,ALL"
        );
        assert_eq!(import_id("{userPoolId}/{id}", &r).unwrap(), "p/i");
        assert!(import_id("{username}", &r)
            .unwrap_err()
            .contains("no `username`"));
        let from_inputs = json!({"id": "i", "inputs": {"username": "u"}});
        assert_eq!(import_id("{username}", &from_inputs).unwrap(), "u");
    }

    #[test]
    fn preview_check_allows_only_same_and_update() {
        let clean = json!({"steps": [
            {"op": "same", "urn": "a"},
            {"op": "update", "urn": "b", "diffReasons": ["passwordPolicy"]},
        ]});
        let c = check_preview(&clean);
        assert!(c.clean());
        assert_eq!(c.updates, vec!["b: passwordPolicy"]);
        let dirty = json!({"steps": [
            {"op": "create", "urn": "n"}, {"op": "delete", "urn": "o"}, {"op": "replace", "urn": "r"},
            {"op": "create-replacement", "urn": "r"}, {"op": "delete-replaced", "urn": "r"},
        ], "diagnostics": [{"severity": "error", "message": "boom\n"}, {"severity": "warning", "message": "w"}]});
        let d = check_preview(&dirty);
        assert!(!d.clean());
        assert_eq!(d.bad.len(), 5);
        assert_eq!(d.errors, vec!["boom"]);
    }
}
