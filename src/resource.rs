//! The one `Resource` trait every resource implements, and the generic machinery around it:
//! autonaming, checking, diffing, and wrapping CRUD results with secrets and unknowns.
//!
//! A resource writes typed code only. [`DynResource`] is the object-safe face the server
//! dispatches to; it is implemented for every [`Resource`] by [`Typed`].

use crate::aws::Aws;
use crate::codec::wire::{self, WireError};
use crate::codec::{self, decode_bytes, encode_bytes, typed, PropPath, Props};
use crate::diff::{self, DiffResult, PropDiff};
use crate::error::{InitFailure, OpError, ProviderError};
use crate::tags::{self, DefaultTags, TagSlots};
use async_trait::async_trait;
use bytes::Bytes;
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::Arc;

/// A property that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The property path, e.g. `passwordPolicy.minimumLength`.
    pub property: String,
    /// The rule that was broken.
    pub reason: String,
}

impl Failure {
    /// A failure of `property` for `reason`.
    pub fn new(property: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            property: property.into(),
            reason: reason.into(),
        }
    }
}

/// What every resource operation gets: the AWS clients.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The configured AWS clients.
    pub aws: &'a Aws,
}

/// How a resource derives its physical name when the user gives none.
#[derive(Debug, Clone, Copy)]
pub struct Naming {
    /// The input property holding the name.
    pub property: &'static str,
    /// The longest name AWS accepts.
    pub max_len: usize,
}

impl Naming {
    /// The name Check adds when the inputs do not hold one (`given`), if any; a failure if
    /// the stack forbids autonaming.
    fn name(&self, args: &CheckArgs, given: bool, failures: &mut Vec<Failure>) -> Option<String> {
        if given {
            return None;
        }
        match (&args.autonaming, codec::top_str(&args.olds, self.property)) {
            (Autonaming::Enforce(s), _) => Some(s.clone()),
            // Keep the name an earlier Check generated, so updates do not rename.
            (_, Some(old)) => Some(old),
            (Autonaming::Propose(s), None) => Some(s.clone()),
            (Autonaming::Default, None) => Some(auto_name(&args.name, &args.seed, self.max_len)),
            (Autonaming::Disable, None) => {
                failures.push(Failure::new(
                    self.property,
                    "is required: autonaming is disabled for this stack",
                ));
                None
            }
        }
    }
}

/// What Read found.
#[derive(Debug, Clone)]
pub struct Found<I, O> {
    /// The canonical id (may differ from an import id).
    pub id: String,
    /// Every input AWS reports, normalized.
    pub inputs: I,
    /// The computed outputs.
    pub outputs: O,
}

/// A Cognito resource: its types, its rules, and its AWS calls.
#[async_trait]
pub trait Resource: Send + Sync + 'static {
    /// The inputs (serde camelCase, doc comments become schema descriptions).
    type Inputs: Serialize + DeserializeOwned + JsonSchema + Clone + Debug + Send + Sync;
    /// The computed outputs that are not inputs.
    type Outputs: Serialize + DeserializeOwned + JsonSchema + Debug + Send + Sync;

    /// The resource token, `cognito:index:<Name>`.
    const TOKEN: &'static str;
    /// The schema description.
    const DESCRIPTION: &'static str;
    /// Top-level inputs whose change forces a replacement.
    const REPLACE_ON_CHANGES: &'static [&'static str] = &[];
    /// Outputs that are always secret. Those that are also inputs (passwords) are secret in
    /// the checked inputs and in what Read reports too, whether or not the program marked
    /// them.
    const SECRET_OUTPUTS: &'static [&'static str] = &[];
    /// Top-level inputs AWS never returns (passwords, client metadata): Read and the
    /// read-back after a write keep them from the last inputs (or the state), so they are
    /// never compared with AWS and never drift; an import cannot know them.
    const WRITE_ONLY: &'static [&'static str] = &[];
    /// Input paths that are always secret, whether or not the user marked them, such as a
    /// key inside a map (`providerDetails.client_secret`): Check marks them in the checked
    /// inputs (so the state's inputs hold them as secrets), and every output carries them
    /// as secrets too. Resources with any take Check's general path.
    const SECRET_INPUTS: &'static [&'static str] = &[];
    /// True if a replacement must delete the old resource before creating the new one
    /// (the two cannot exist at once, e.g. a user pool's one domain); Diff then asks the
    /// engine for it (`deleteBeforeReplace`).
    const DELETE_BEFORE_REPLACE: bool = false;
    /// Top-level inputs whose absence means this value (JSON text) to AWS; Diff treats
    /// the two as equal, so an import or refresh reporting AWS's default is no change.
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[];
    /// Which top-level inputs feed an output beyond the one of its own name, for previews of
    /// updates: `(output, inputs)`, `"*"` for any input. An output whose feeding inputs
    /// change is unknown in the preview; one not listed keeps its old value unless the user
    /// changes it.
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] = &[];
    /// How the resource is auto-named, if it is.
    const NAMING: Option<Naming> = None;
    /// Schema names of nested types, renamed for this resource: `(the Rust type's schema
    /// name, this resource's name for it)`, for a resource that shares another's nested
    /// types but, as pulumi-aws, names them after itself (`ManagedUserPoolClient...`).
    const TYPE_NAMES: &'static [(&'static str, &'static str)] = &[];
    /// Validates a change from the previous inputs (Check on updates only, and only when the
    /// checked inputs differ from the old ones), for rules about transitions rather than
    /// states: `(old, new)` to failures. `None` when the resource has none.
    const CHECK_CHANGE: Option<ChangeRule<Self::Inputs>> = None;

    /// Brings inputs to canonical form; used on Check inputs and on what Read returns.
    fn normalize(_inputs: &mut Self::Inputs) {}

    /// Validates inputs without calling AWS. `unknowns` are the paths unknown in preview
    /// (absent from `inputs`); failures on unknown paths are dropped anyway.
    fn check(inputs: &Self::Inputs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure>;

    /// A taggable resource (a `tags` input and a `tagsAll` output, as in pulumi-aws) gives
    /// its inputs' `tags` and `tagsAll` slot: Check fills `tagsAll` with the provider's
    /// default tags merged under `tags` and checks both by AWS's tagging rules (see
    /// [`crate::tags`]). `None`, the default, for resources without tags.
    fn tags(_inputs: &mut Self::Inputs) -> Option<TagSlots<'_>> {
        None
    }

    /// A resource-specific diff of one top-level property (see [`diff::DiffHook`]).
    fn diff_property(
        _key: &str,
        _old: Option<&Value>,
        _new: Option<&Value>,
    ) -> Option<Vec<PropDiff>> {
        None
    }

    /// Creates the resource and returns its id.
    async fn create(ctx: Ctx<'_>, inputs: &Self::Inputs) -> Result<String, OpError>;

    /// Reads the resource. `id` may be an import id; `hint` holds the last known inputs.
    /// `Ok(None)` means it is gone.
    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&Self::Inputs>,
    ) -> Result<Option<Found<Self::Inputs, Self::Outputs>>, ProviderError>;

    /// Brings the resource from `old` to `new` in place.
    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        old: &Self::Inputs,
        new: &Self::Inputs,
    ) -> Result<(), OpError>;

    /// Deletes the resource; deleting one that is gone succeeds.
    async fn delete(ctx: Ctx<'_>, id: &str, inputs: &Self::Inputs) -> Result<(), ProviderError>;
}

/// A rule about a change of inputs: `(old, new)` to failures (see
/// [`Resource::CHECK_CHANGE`]).
pub type ChangeRule<I> = fn(&I, &I) -> Vec<Failure>;

/// What Check needs beyond the new inputs.
#[derive(Debug, Clone, Default)]
pub struct CheckArgs {
    /// The resource's logical name (from the URN).
    pub name: String,
    /// The previous inputs (empty on create) as the engine sent them: an encoded `Struct`,
    /// not checked yet (the server checks it after the new inputs).
    pub olds: Bytes,
    /// The engine's random seed, stable across previews.
    pub seed: Vec<u8>,
    /// The engine's autonaming request.
    pub autonaming: Autonaming,
    /// The provider's default tags, which Check merges into taggable resources' `tagsAll`.
    pub default_tags: Arc<DefaultTags>,
}

/// Checked inputs: what Check answers with.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The checked inputs as an encoded `Struct`, markers included (shared by the answer and
    /// the server's cache of old inputs).
    pub sent: Bytes,
    /// The rules the inputs break.
    pub failures: Vec<Failure>,
    /// The checked inputs decoded, when the general path built them.
    decoded: Option<Props>,
}

impl Checked {
    /// The checked inputs decoded (now, if the plain path wrote only their bytes).
    pub fn props(&self) -> Cow<'_, Props> {
        match &self.decoded {
            Some(p) => Cow::Borrowed(p),
            // We wrote the bytes, so they decode.
            None => Cow::Owned(decode_bytes(&self.sent).unwrap_or_default()),
        }
    }
}

/// The engine's autonaming request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Autonaming {
    /// No request: use the provider's own scheme.
    #[default]
    Default,
    /// Use this name when the user gives none.
    Propose(String),
    /// Use this name.
    Enforce(String),
    /// Never generate a name.
    Disable,
}

/// What Read returns to the server.
#[derive(Debug, Clone)]
pub struct ReadOut {
    /// The canonical id.
    pub id: String,
    /// The inputs to store.
    pub inputs: Props,
    /// The outputs to store.
    pub outputs: Props,
}

/// The object-safe face of a resource, used by the server and the registry.
#[async_trait]
pub trait DynResource: Send + Sync {
    /// The resource token.
    fn token(&self) -> &'static str;
    /// Validates and normalizes the encoded `Struct` `news`. Plain inputs (the usual case)
    /// go from their bytes to the typed inputs and back; the rest take [`check_props`]
    /// (which this must agree with). Fails only if `news` is not an encoded `Struct`.
    ///
    /// [`check_props`]: DynResource::check_props
    fn check(&self, args: &CheckArgs, news: &[u8]) -> Result<Checked, WireError>;
    /// Validates and normalizes decoded inputs: the general path of [`DynResource::check`],
    /// for inputs with secrets or unknowns, and for the ones the types refuse.
    fn check_props(&self, args: &CheckArgs, news: Props) -> Checked;
    /// Validates a change from old inputs to checked ones ([`Resource::CHECK_CHANGE`]); the
    /// server asks only when the checked inputs differ from the old ones as sent.
    fn check_change(&self, olds: &Props, checked: &Props) -> Vec<Failure>;
    /// Compares old inputs with new ones.
    fn diff(&self, olds: &Props, news: &Props, ignore: &[PropPath]) -> DiffResult;
    /// The inputs held in a state (old outputs): its input properties only, for an engine
    /// that sends no old inputs when the server has seen none either.
    fn inputs_in_state(&self, state: Props) -> Props;
    /// Creates the resource (or, in preview, predicts its outputs).
    async fn create(
        &self,
        aws: Option<&Aws>,
        news: Props,
        preview: bool,
    ) -> Result<(String, Props), ProviderError>;
    /// Reads the resource for refresh or import.
    async fn read(
        &self,
        aws: &Aws,
        id: &str,
        inputs: Props,
        state: Props,
    ) -> Result<Option<ReadOut>, ProviderError>;
    /// Updates the resource in place.
    async fn update(
        &self,
        aws: Option<&Aws>,
        id: &str,
        old_inputs: Props,
        old_outputs: Props,
        news: Props,
        preview: bool,
    ) -> Result<Props, ProviderError>;
    /// Deletes the resource.
    async fn delete(
        &self,
        aws: &Aws,
        id: &str,
        old_inputs: Props,
        old_outputs: Props,
    ) -> Result<(), ProviderError>;
    /// Schema material: description, input and output JSON schemas, and flags.
    fn spec(&self) -> ResourceSpec;
}

/// What the schema renderer needs from a resource.
pub struct ResourceSpec {
    /// The token.
    pub token: &'static str,
    /// The description.
    pub description: &'static str,
    /// JSON schema of the inputs.
    pub inputs: schemars::Schema,
    /// JSON schema of the computed outputs.
    pub outputs: schemars::Schema,
    /// Inputs that force replacement.
    pub replace_on_changes: &'static [&'static str],
    /// Always-secret outputs.
    pub secret_outputs: &'static [&'static str],
    /// The auto-named input, which is therefore always present in the outputs.
    pub named: Option<&'static str>,
}

/// The top-level property names of a type's schema.
fn property_names<T: JsonSchema>() -> Vec<String> {
    schemars::SchemaGenerator::new(crate::schema::settings())
        .into_root_schema_for::<T>()
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Renames nested types in a root schema: its `$defs` keys and the `$ref`s to them (see
/// [`Resource::TYPE_NAMES`]).
fn rename_types(schema: schemars::Schema, names: &[(&str, &str)]) -> schemars::Schema {
    fn walk(v: &mut Value, names: &[(&str, &str)]) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    match x {
                        Value::String(r) if k == "$ref" => {
                            if let Some((_, to)) = names
                                .iter()
                                .find(|(from, _)| r.strip_prefix("#/$defs/") == Some(*from))
                            {
                                *r = format!("#/$defs/{to}");
                            }
                        }
                        _ => walk(x, names),
                    }
                }
                if let Some(Value::Object(defs)) = m.get_mut("$defs") {
                    for (from, to) in names {
                        if let Some(d) = defs.remove(*from) {
                            defs.insert((*to).to_string(), d);
                        }
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, names)),
            _ => {}
        }
    }
    if names.is_empty() {
        return schema;
    }
    let mut v = schema.to_value();
    walk(&mut v, names);
    schemars::Schema::try_from(v).unwrap_or_default()
}

/// Adapts a typed [`Resource`] to [`DynResource`].
pub struct Typed<R>(std::marker::PhantomData<R>);

impl<R> Default for Typed<R> {
    fn default() -> Self {
        Self(std::marker::PhantomData)
    }
}

/// Deserializes a plain property map into a typed value, naming the failing path.
pub fn from_map<T: DeserializeOwned>(m: &Map<String, Value>) -> Result<T, Failure> {
    // The common case, valid input, reads the map in place; only a failure pays for a
    // second pass that tracks the path (serde_path_to_error needs an owned Value).
    T::deserialize(m).or_else(|_| {
        serde_path_to_error::deserialize(&Value::Object(m.clone())).map_err(|e| {
            let p = e.path().to_string();
            let p = if p == "." {
                culprit::<T>(m).unwrap_or_default()
            } else {
                p
            };
            Failure::new(p, e.into_inner().to_string())
        })
    })
}

/// The top-level key whose value alone `T` refuses, for a failure serde reports without a
/// path (a field of a `#[serde(flatten)]`ed struct). Only for types that an empty map
/// satisfies (every field optional), where a lone key can fail only by its own value.
fn culprit<T: DeserializeOwned>(m: &Map<String, Value>) -> Option<String> {
    T::deserialize(&Map::new()).ok()?;
    m.iter().find_map(|(k, v)| {
        let mut one = Map::new();
        one.insert(k.clone(), v.clone());
        T::deserialize(&one).is_err().then(|| k.clone())
    })
}

/// Serializes a typed value into a plain property map.
pub fn to_map<T: Serialize>(v: &T) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn invalid(f: Failure) -> ProviderError {
    ProviderError::InvalidArgument(if f.property.is_empty() {
        f.reason
    } else {
        format!("{}: {}", f.property, f.reason)
    })
}

/// The per-resource region override property.
pub const REGION: &str = "region";

/// The clients for the region a resource's properties name, if any.
fn regional(aws: &Aws, p: &Props) -> Aws {
    aws.in_region(p.value.get(REGION).and_then(Value::as_str))
}

/// Marks the always-secret properties a bag of inputs holds as secret: top-level inputs
/// that are always-secret outputs (passwords) and the [`Resource::SECRET_INPUTS`] paths
/// (`providerDetails.client_secret`).
fn mark_secret_inputs<R: Resource>(p: &mut Props) {
    for k in R::SECRET_OUTPUTS {
        if p.value.contains_key(*k) {
            p.secrets.insert(PropPath::key(k));
        }
    }
    for path in R::SECRET_INPUTS.iter().filter_map(|k| PropPath::parse(k)) {
        if path.get_in(&p.value).is_some() {
            p.secrets.insert(path);
        }
    }
}

/// Keeps only the parts of `reported` that `shape` has set, recursively through objects.
/// Refresh uses it so that defaults AWS fills in do not show up as removed by the program.
pub fn project(reported: &Map<String, Value>, shape: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, s) in shape {
        if let Some(r) = reported.get(k) {
            out.insert(k.clone(), project_value(r, s));
        }
    }
    out
}

fn project_value(r: &Value, s: &Value) -> Value {
    match (r, s) {
        (Value::Object(r), Value::Object(s)) => Value::Object(project(r, s)),
        // Lists of objects are projected item by item when they line up.
        (Value::Array(r), Value::Array(s)) if r.len() == s.len() => {
            Value::Array(r.iter().zip(s).map(|(r, s)| project_value(r, s)).collect())
        }
        _ => r.clone(),
    }
}

/// A name from the logical name plus seven hex characters derived from the seed.
pub fn auto_name(logical: &str, seed: &[u8], max_len: usize) -> String {
    let suffix: String = if seed.is_empty() {
        hex::encode(rand::random::<[u8; 4]>())[..7].to_string()
    } else {
        hex::encode(&seed[..seed.len().min(4)])
            .chars()
            .chain("0000000".chars())
            .take(7)
            .collect()
    };
    let keep = max_len.saturating_sub(8);
    let base: String = logical.chars().take(keep).collect();
    format!("{base}-{suffix}")
}

/// Whether any of `feeds` (top-level inputs; `"*"` for any) differs between the old inputs
/// and the new ones, or is unknown in the new ones.
fn feeds_changed(feeds: &[&str], old: &Map<String, Value>, news: &Props) -> bool {
    feeds.iter().any(|f| {
        if *f == "*" {
            return old != &news.value || news.has_unknowns();
        }
        old.get(*f) != news.value.get(*f) || news.touches_unknown(&PropPath::key(f))
    })
}

/// Fills `value` (the new inputs at `at`) with what the old outputs `outs` hold beyond the
/// inputs: values AWS filled in. One is carried over where the user set it neither before
/// (`olds`) nor now and, below the top level, the object holding it did not change; it is
/// unknown where the user just removed it (AWS resets it), its object changed, or (at the
/// top level) `fed_changed` says an input feeding it changed. Computed outputs are left to
/// the caller.
fn carry_filled_in(
    value: &mut Map<String, Value>,
    unknowns: &mut BTreeSet<PropPath>,
    at: &PropPath,
    olds: &Map<String, Value>,
    outs: &Map<String, Value>,
    computed: &[String],
    fed_changed: &dyn Fn(&str) -> bool,
) {
    let top = at.top().is_none();
    let same_object = value == olds;
    for (k, out) in outs {
        if top && computed.iter().any(|c| c == k) {
            continue;
        }
        let path = at.child(k);
        if unknowns.iter().any(|u| u.touches(&path)) {
            continue;
        }
        match (value.get_mut(k), olds.get(k)) {
            (None, None) if (top && !fed_changed(k)) || (!top && same_object) => {
                value.insert(k.clone(), out.clone());
            }
            (None, _) => {
                unknowns.insert(path);
            }
            (Some(Value::Object(n)), o) => {
                let empty = Map::new();
                let o = match o {
                    Some(Value::Object(o)) => o,
                    _ => &empty,
                };
                if let Value::Object(out) = out {
                    carry_filled_in(n, unknowns, &path, o, out, computed, fed_changed);
                }
            }
            _ => {}
        }
    }
}

impl<R: Resource> Typed<R> {
    /// Check's path for plain inputs (no secret, nothing unknown), from their bytes to the
    /// typed inputs and back without a JSON tree; `None` leaves them to the general path.
    fn check_plain(&self, args: &CheckArgs, news: &[u8]) -> Option<Checked> {
        if !R::SECRET_INPUTS.is_empty() {
            return None;
        }
        let bag = typed::Bag::read(news)?;
        // Secret inputs must come back marked: the general path marks them.
        if R::SECRET_OUTPUTS.iter().any(|k| bag.holds(k)) {
            return None;
        }
        let mut failures = Vec::new();
        let name = R::NAMING.and_then(|n| {
            let name = n.name(args, bag.holds(n.property), &mut failures)?;
            Some((n.property, name))
        });
        let mut inputs: R::Inputs =
            bag.deserialize(name.as_ref().map(|(k, v)| (*k, v.as_str())))?;
        R::normalize(&mut inputs);
        // Unknown default tags make `tagsAll` unknown: the general path marks it.
        if Self::fill_tags(&mut inputs, &args.default_tags, &mut failures)
            && args.default_tags.unknown
        {
            return None;
        }
        failures.extend(R::check(&inputs, &BTreeSet::new()));
        let sent = typed::to_wire(&inputs).unwrap_or_else(|| wire::encode(&to_map(&inputs)));
        Some(Checked {
            sent: sent.into(),
            failures,
            decoded: None,
        })
    }

    /// For a taggable resource ([`Resource::tags`]): fills `tagsAll` from the default tags
    /// and `tags`, and adds the failures of AWS's tagging rules. False if not taggable.
    fn fill_tags(
        inputs: &mut R::Inputs,
        defaults: &DefaultTags,
        failures: &mut Vec<Failure>,
    ) -> bool {
        let Some(mut slots) = R::tags(inputs) else {
            return false;
        };
        tags::fill(&mut slots, defaults);
        let mut c = crate::validate::Checker::default();
        tags::check(&mut c, slots.tags.as_ref(), &PropPath::key("tags"));
        tags::check_all(&mut c, slots.tags.as_ref(), slots.all.as_ref());
        failures.extend(c.done());
        true
    }

    /// True if the resource has a `tagsAll` output (see [`Resource::tags`]).
    fn taggable() -> bool {
        Self::computed_keys().iter().any(|k| k == "tagsAll")
    }

    fn outputs_props(
        mut value: Map<String, Value>,
        outputs: &R::Outputs,
        secrets: &Props,
    ) -> Props {
        value.extend(to_map(outputs));
        let mut p = Props::plain(value);
        p.secrets = secrets.secrets.clone();
        p.secrets.extend(Self::always_secret());
        p
    }

    /// The paths that are secret in every output: [`Resource::SECRET_OUTPUTS`] and
    /// [`Resource::SECRET_INPUTS`] (a path that is absent is simply not wrapped).
    fn always_secret() -> impl Iterator<Item = PropPath> {
        R::SECRET_OUTPUTS
            .iter()
            .map(|k| PropPath::key(k))
            .chain(R::SECRET_INPUTS.iter().filter_map(|p| PropPath::parse(p)))
    }

    /// Reads after a write and wraps the outcome for the engine.
    async fn settle(
        ctx: Ctx<'_>,
        id: &str,
        inputs: &R::Inputs,
        news: &Props,
        failure: Option<ProviderError>,
    ) -> Result<Props, ProviderError> {
        let found = R::read(ctx, id, Some(inputs)).await;
        let outputs = match &found {
            // Outputs are what AWS reports (as Read reports them), so a refresh right after
            // this write finds nothing changed.
            Ok(Some(f)) => Self::outputs_props(
                Self::reported(f.inputs.clone(), news, &Props::default()),
                &f.outputs,
                news,
            ),
            _ => Props {
                secrets: news.secrets.clone(),
                ..Props::plain(to_map(inputs))
            },
        };
        let failure = match (failure, found) {
            (Some(e), _) => e,
            (None, Ok(Some(_))) => return Ok(outputs),
            (None, Ok(None)) => ProviderError::InvalidArgument(format!(
                "{id} was written but could not be read back"
            )),
            (None, Err(e)) => e,
        };
        Err(ProviderError::InitFailed(Box::new(InitFailure {
            id: id.to_string(),
            inputs: news.clone(),
            outputs,
            reasons: vec![failure.to_string()],
        })))
    }

    /// What AWS reports as inputs, normalized, with the region the resource is managed in
    /// (AWS does not report it) taken from `inputs` or else `state`.
    fn reported(found: R::Inputs, inputs: &Props, state: &Props) -> Map<String, Value> {
        let mut reported = found;
        R::normalize(&mut reported);
        let mut full = to_map(&reported);
        for k in std::iter::once(&REGION).chain(R::WRITE_ONLY) {
            if let Some(v) = inputs.value.get(*k).or(state.value.get(*k)) {
                full.insert((*k).into(), v.clone());
            }
        }
        full
    }

    /// The outputs a preview predicts: the new inputs, plus, on an update (`old` holds the
    /// old inputs and outputs), what the old outputs hold beyond the inputs where the inputs
    /// that feed it did not change (AWS keeps it), and unknowns where they did.
    fn preview_outputs(news: &Props, old: Option<(&Props, &Props)>) -> Props {
        let mut p = news.clone();
        let computed = Self::computed_keys();
        // Whether the inputs feeding output `k` (as the resource declares) changed.
        let fed_changed = |k: &str| {
            old.is_none_or(|(old_inputs, _)| {
                R::PREVIEW_FEEDS
                    .iter()
                    .filter(|(out, _)| *out == k)
                    .any(|(_, feeds)| feeds_changed(feeds, &old_inputs.value, news))
            })
        };
        if let Some((old_inputs, old_outputs)) = old {
            carry_filled_in(
                &mut p.value,
                &mut p.unknowns,
                &PropPath::root(),
                &old_inputs.value,
                &old_outputs.value,
                &computed,
                &fed_changed,
            );
        }
        if let Some((_, old_outputs)) = old {
            // What was secret in the old outputs stays secret where it was carried over.
            let carried = old_outputs
                .secrets
                .iter()
                .filter(|s| s.get_in(&p.value).is_some())
                .cloned()
                .collect::<Vec<_>>();
            p.secrets.extend(carried);
        }
        for k in &computed {
            // An output Check already put in the inputs (a merged `tagsAll`) is as they say.
            if news.value.contains_key(k) || news.unknowns.contains(&PropPath::key(k)) {
                continue;
            }
            match old.and_then(|(_, o)| o.value.get(k)) {
                Some(v) if !fed_changed(k) => {
                    p.value.insert(k.clone(), v.clone());
                }
                _ => {
                    p.unknowns.insert(PropPath::key(k));
                }
            }
        }
        p.secrets.extend(Self::always_secret());
        p
    }

    /// The computed output names, derived once per resource from its `Outputs` schema
    /// (preview asks for them on every call).
    fn computed_keys() -> Vec<String> {
        static CACHE: std::sync::OnceLock<
            std::sync::Mutex<std::collections::HashMap<&'static str, Vec<String>>>,
        > = std::sync::OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(R::TOKEN)
            .or_insert_with(property_names::<R::Outputs>)
            .clone()
    }

    fn typed(p: &Props) -> Result<R::Inputs, ProviderError> {
        from_map(&p.value).map_err(invalid)
    }
}

#[async_trait]
impl<R: Resource> DynResource for Typed<R> {
    fn token(&self) -> &'static str {
        R::TOKEN
    }

    fn check(&self, args: &CheckArgs, news: &[u8]) -> Result<Checked, WireError> {
        match self.check_plain(args, news) {
            Some(checked) => Ok(checked),
            None => Ok(self.check_props(args, decode_bytes(news)?)),
        }
    }

    fn check_props(&self, args: &CheckArgs, mut news: Props) -> Checked {
        let mut failures = Vec::new();
        if let Some(n) = R::NAMING {
            let given = news.value.contains_key(n.property)
                || news.unknowns.contains(&PropPath::key(n.property));
            if let Some(name) = n.name(args, given, &mut failures) {
                news.value
                    .insert(n.property.to_string(), Value::String(name));
            }
        }
        let mut inputs: R::Inputs = match from_map(&news.value) {
            Ok(i) => i,
            Err(f) => {
                failures.push(f);
                return Checked {
                    sent: encode_bytes(&news).into(),
                    failures,
                    decoded: Some(news),
                };
            }
        };
        R::normalize(&mut inputs);
        let taggable = Self::fill_tags(&mut inputs, &args.default_tags, &mut failures);
        failures.extend(R::check(&inputs, &news.unknowns));
        failures.retain(|f| match PropPath::parse(&f.property) {
            Some(p) => !news.touches_unknown(&p),
            None => true,
        });
        let mut checked = Props {
            value: to_map(&inputs),
            secrets: news.secrets,
            unknowns: news.unknowns,
        };
        if taggable {
            tags::mark(&mut checked, &args.default_tags);
        }
        mark_secret_inputs::<R>(&mut checked);
        Checked {
            sent: encode_bytes(&checked).into(),
            failures,
            decoded: Some(checked),
        }
    }

    fn check_change(&self, olds: &Props, checked: &Props) -> Vec<Failure> {
        let Some(rule) = R::CHECK_CHANGE else {
            return Vec::new();
        };
        let (Ok(old), Ok(new)) = (
            from_map::<R::Inputs>(&olds.value),
            from_map::<R::Inputs>(&checked.value),
        ) else {
            return Vec::new();
        };
        let mut failures = rule(&old, &new);
        failures.retain(|f| match PropPath::parse(&f.property) {
            Some(p) => !checked.touches_unknown(&p),
            None => true,
        });
        failures
    }

    fn inputs_in_state(&self, mut state: Props) -> Props {
        let inputs = property_names::<R::Inputs>();
        // `tagsAll` is an output that Check also puts in the inputs (merged default tags).
        let taggable = Self::taggable();
        let is_input = |k: &str| inputs.iter().any(|i| i == k) || (taggable && k == "tagsAll");
        state.value.retain(|k, _| is_input(k));
        state.secrets.retain(|p| p.top().is_some_and(is_input));
        state.unknowns.retain(|p| p.top().is_some_and(is_input));
        state
    }

    fn diff(&self, olds: &Props, news: &Props, ignore: &[PropPath]) -> DiffResult {
        // Inputs without `tagsAll` (states from before default tags) mean all tags = `tags`.
        let (old_filled, new_filled) = if Self::taggable() {
            (tags::with_tags_all(olds), tags::with_tags_all(news))
        } else {
            (None, None)
        };
        let mut d = diff::diff(
            old_filled.as_ref().unwrap_or(olds),
            new_filled.as_ref().unwrap_or(news),
            R::REPLACE_ON_CHANGES,
            ignore,
            R::DEFAULTS,
            R::diff_property,
        );
        d.delete_before_replace = R::DELETE_BEFORE_REPLACE && d.diffs.iter().any(|p| p.replace);
        d
    }

    async fn create(
        &self,
        aws: Option<&Aws>,
        news: Props,
        preview: bool,
    ) -> Result<(String, Props), ProviderError> {
        if preview {
            return Ok((String::new(), Self::preview_outputs(&news, None)));
        }
        let aws = regional(aws.ok_or(ProviderError::NotConfigured)?, &news);
        let ctx = Ctx { aws: &aws };
        let inputs = Self::typed(&news)?;
        match R::create(ctx, &inputs).await {
            Ok(id) => Ok((
                id.clone(),
                Self::settle(ctx, &id, &inputs, &news, None).await?,
            )),
            Err(OpError::Failed(e)) => Err(e),
            Err(OpError::Partial { id, error }) => {
                Err(Self::settle(ctx, &id, &inputs, &news, Some(error))
                    .await
                    .expect_err("settle with a failure always fails"))
            }
        }
    }

    async fn read(
        &self,
        aws: &Aws,
        id: &str,
        inputs: Props,
        state: Props,
    ) -> Result<Option<ReadOut>, ProviderError> {
        let hint: Option<R::Inputs> = from_map(&inputs.value).ok();
        let aws = regional(
            aws,
            if inputs.value.is_empty() {
                &state
            } else {
                &inputs
            },
        );
        let Some(found) = R::read(Ctx { aws: &aws }, id, hint.as_ref()).await? else {
            return Ok(None);
        };
        let full = Self::reported(found.inputs, &inputs, &state);
        // Refresh reports only what the program had set; import reports everything.
        let in_value = if inputs.value.is_empty() {
            full.clone()
        } else {
            project(&full, &inputs.value)
        };
        let mut secrets = inputs.secrets.clone();
        secrets.extend(state.secrets.iter().cloned());
        let mut in_props = Props {
            value: in_value,
            secrets,
            unknowns: Default::default(),
        };
        mark_secret_inputs::<R>(&mut in_props);
        let outputs = Self::outputs_props(full, &found.outputs, &in_props);
        Ok(Some(ReadOut {
            id: found.id,
            inputs: in_props,
            outputs,
        }))
    }

    async fn update(
        &self,
        aws: Option<&Aws>,
        id: &str,
        old_inputs: Props,
        old_outputs: Props,
        news: Props,
        preview: bool,
    ) -> Result<Props, ProviderError> {
        if preview {
            return Ok(Self::preview_outputs(
                &news,
                Some((&old_inputs, &old_outputs)),
            ));
        }
        let aws = regional(aws.ok_or(ProviderError::NotConfigured)?, &news);
        let ctx = Ctx { aws: &aws };
        let new = Self::typed(&news)?;
        // Old inputs from an older schema may not parse; fall back to the new ones.
        let old = from_map(&old_inputs.value).unwrap_or_else(|_| new.clone());
        let failure = match R::update(ctx, id, &old, &new).await {
            Ok(()) => None,
            Err(OpError::Failed(e)) => return Err(e),
            Err(OpError::Partial { error, .. }) => Some(error),
        };
        Self::settle(ctx, id, &new, &news, failure).await
    }

    async fn delete(
        &self,
        aws: &Aws,
        id: &str,
        old_inputs: Props,
        old_outputs: Props,
    ) -> Result<(), ProviderError> {
        let src = if old_inputs.value.is_empty() {
            &old_outputs
        } else {
            &old_inputs
        };
        let inputs = Self::typed(src)?;
        R::delete(
            Ctx {
                aws: &regional(aws, src),
            },
            id,
            &inputs,
        )
        .await
    }

    fn spec(&self) -> ResourceSpec {
        let g = || schemars::SchemaGenerator::new(crate::schema::settings());
        ResourceSpec {
            token: R::TOKEN,
            description: R::DESCRIPTION,
            inputs: rename_types(g().into_root_schema_for::<R::Inputs>(), R::TYPE_NAMES),
            outputs: rename_types(g().into_root_schema_for::<R::Outputs>(), R::TYPE_NAMES),
            replace_on_changes: R::REPLACE_ON_CHANGES,
            secret_outputs: R::SECRET_OUTPUTS,
            named: R::NAMING.map(|n| n.property),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Checks `news` both ways: the plain path must take it and agree with the general one.
    fn plain_and_general<R: Resource>(news: Value, autonaming: Autonaming) -> Checked {
        let r = Typed::<R>::default();
        let args = CheckArgs {
            name: "res".into(),
            seed: vec![1, 2, 3, 4],
            autonaming,
            ..Default::default()
        };
        let Value::Object(m) = news else {
            unreachable!("an object")
        };
        let bytes = encode_bytes(&Props::plain(m));
        let plain = r
            .check_plain(&args, &bytes)
            .expect("plain inputs take the plain path");
        let general = r.check_props(&args, decode_bytes(&bytes).expect("a Struct"));
        assert!(plain.decoded.is_none() && general.decoded.is_some());
        assert_eq!(plain.props(), general.props());
        assert_eq!(plain.failures, general.failures);
        assert_eq!(r.check(&args, &bytes), Ok(plain.clone()));
        plain
    }

    #[test]
    fn plain_inputs_skip_the_json_tree_and_agree_with_it() {
        use crate::resources::{
            identity_pool::IdentityPool, user_pool::UserPool, user_pool_client::UserPoolClient,
        };
        let pool = json!({
            "passwordPolicy": {"minimumLength": 12, "requireSymbols": true},
            "autoVerifiedAttributes": ["email"], "mfaConfiguration": "OFF",
            "schemas": [{"name": "team", "attributeDataType": "String", "mutable": true,
                "stringAttributeConstraints": {"minLength": "1", "maxLength": "64"}}],
            "tags": {"env": "test"}, "ignored": {"deep": [1, null]},
        });
        let c = plain_and_general::<UserPool>(pool.clone(), Autonaming::Default);
        assert_eq!(c.props().value["name"], json!("res-0102030"));
        assert!(c.failures.is_empty(), "{:?}", c.failures);
        let c = plain_and_general::<UserPool>(pool.clone(), Autonaming::Enforce("given".into()));
        assert_eq!(c.props().value["name"], json!("given"));
        let c = plain_and_general::<UserPool>(pool.clone(), Autonaming::Disable);
        assert_eq!(c.failures.len(), 1, "{:?}", c.failures);
        // A broken rule is the resource's failure, found on either path.
        let mut weak = pool.clone();
        weak["passwordPolicy"]["minimumLength"] = json!(3);
        let c = plain_and_general::<UserPool>(weak, Autonaming::Default);
        assert_eq!(c.failures[0].property, "passwordPolicy.minimumLength");
        let client = json!({
            "userPoolId": "us-east-1_AbC", "generateSecret": true,
            "explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            "accessTokenValidity": 60, "tokenValidityUnits": {"accessToken": "minutes"},
        });
        let c = plain_and_general::<UserPoolClient>(client, Autonaming::Default);
        assert!(c.failures.is_empty(), "{:?}", c.failures);
        let c = plain_and_general::<IdentityPool>(
            json!({"allowUnauthenticatedIdentities": false, "tags": {"a": "b"}}),
            Autonaming::Propose("ids".into()),
        );
        assert_eq!(c.props().value["identityPoolName"], json!("ids"));

        // Markers and values the types refuse take the general path.
        let r = Typed::<UserPool>::default();
        let args = CheckArgs::default();
        let mut marked = Props::plain(Map::new());
        marked.value.insert("name".into(), json!("p"));
        marked.secrets.insert(PropPath::key("name"));
        assert!(r.check_plain(&args, &encode_bytes(&marked)).is_none());
        marked.secrets.clear();
        marked.unknowns.insert(PropPath::key("mfaConfiguration"));
        assert!(r.check_plain(&args, &encode_bytes(&marked)).is_none());
        let wrong = Props::plain(Map::from_iter([("passwordPolicy".into(), json!("long"))]));
        assert!(r.check_plain(&args, &encode_bytes(&wrong)).is_none());
        let general = r.check(&args, &encode_bytes(&wrong)).expect("a Struct");
        assert_eq!(general.failures[0].property, "passwordPolicy");
        assert!(r.check(&args, &[0xff]).is_err());
    }

    #[test]
    fn secret_inputs_are_marked_and_write_only_inputs_kept() {
        use crate::resources::user::User;
        let r = Typed::<User>::default();
        let args = CheckArgs::default();
        let news = json!({"userPoolId": "us-east-1_A", "username": "u", "password": "Pass-word1"});
        let Value::Object(m) = news else {
            unreachable!("an object")
        };
        let bytes = encode_bytes(&Props::plain(m));
        // A plain password leaves the plain path, and comes back secret.
        assert!(r.check_plain(&args, &bytes).is_none());
        let c = r.check(&args, &bytes).expect("a Struct");
        assert!(c.failures.is_empty(), "{:?}", c.failures);
        assert!(c.props().secrets.contains(&PropPath::key("password")));
        // Without a password, the plain path takes it.
        let plain = json!({"userPoolId": "us-east-1_A", "username": "u"});
        let Value::Object(m) = plain else {
            unreachable!("an object")
        };
        assert!(r
            .check_plain(&args, &encode_bytes(&Props::plain(m)))
            .is_some());
        // What AWS reports gains the write-only inputs of the last inputs, else the state.
        let found = crate::resources::user::UserArgs {
            user_pool_id: "us-east-1_A".into(),
            username: "u".into(),
            ..Default::default()
        };
        let inputs = Props::plain(
            json!({"password": "Pass-word1", "messageAction": "SUPPRESS"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let state = Props::plain(
            json!({"clientMetadata": {"a": "b"}, "attributes": {"x": "y"}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let full = Typed::<User>::reported(found, &inputs, &state);
        assert_eq!(full["password"], json!("Pass-word1"));
        assert_eq!(full["messageAction"], json!("SUPPRESS"));
        assert_eq!(full["clientMetadata"], json!({"a": "b"}));
        // Attributes are AWS's to report, never kept from the state.
        assert!(full.get("attributes").is_none());
    }

    #[test]
    fn auto_name_is_stable_and_bounded() {
        let a = auto_name("pool", &[1, 2, 3, 4, 5], 128);
        assert_eq!(a, "pool-0102030");
        assert_eq!(a, auto_name("pool", &[1, 2, 3, 4, 5], 128));
        assert!(auto_name(&"x".repeat(300), &[9; 32], 128).len() <= 128);
    }

    #[test]
    fn from_map_reads_in_place_and_names_the_failing_path() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "camelCase")]
        struct Inner {
            minimum_length: i64,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "camelCase")]
        struct Outer {
            password_policy: Option<Inner>,
            tags: Option<Vec<String>>,
        }
        let ok = json!({"passwordPolicy": {"minimumLength": 12}, "tags": ["a"]});
        assert_eq!(
            from_map::<Outer>(ok.as_object().unwrap()).unwrap(),
            Outer {
                password_policy: Some(Inner { minimum_length: 12 }),
                tags: Some(vec!["a".into()]),
            }
        );
        let bad = json!({"passwordPolicy": {"minimumLength": "twelve"}});
        let f = from_map::<Outer>(bad.as_object().unwrap()).unwrap_err();
        assert_eq!(f.property, "passwordPolicy.minimumLength");
        assert!(f.reason.contains("invalid type"), "{}", f.reason);
        let bad = json!({"tags": ["a", 7]});
        assert_eq!(
            from_map::<Outer>(bad.as_object().unwrap())
                .unwrap_err()
                .property,
            "tags[1]"
        );
        // A flattened field's failure has no path from serde: the key is found alone.
        #[derive(serde::Deserialize, Debug)]
        #[serde(rename_all = "camelCase")]
        struct Flat {
            #[allow(dead_code)]
            name: Option<String>,
            #[allow(dead_code)]
            #[serde(flatten)]
            outer: Outer,
        }
        let bad = json!({"name": "n", "tags": "not a list"});
        let f = from_map::<Flat>(bad.as_object().unwrap()).unwrap_err();
        assert_eq!(f.property, "tags");
    }

    #[test]
    fn project_keeps_only_set_paths() {
        let r = json!({"a": {"x": 1, "y": 2}, "b": 3, "c": 4, "l": [{"n": 1, "d": 0}]});
        let s = json!({"a": {"x": 0}, "b": 0, "d": 1, "l": [{"n": 2}]});
        let p = project(r.as_object().unwrap(), s.as_object().unwrap());
        assert_eq!(
            Value::Object(p),
            json!({"a": {"x": 1}, "b": 3, "l": [{"n": 1}]})
        );
    }
}
