//! The value codec: converts between protobuf `Struct` property bags and plain JSON values,
//! keeping track of which paths were secret or unknown.
//!
//! Decoding strips every secret wrapper and unknown sentinel and records its [`PropPath`];
//! encoding re-applies those markers. Nothing outside this module and `server.rs` sees a
//! marker: resources work on plain, typed values.
//!
//! Check and Diff, which every `up` sends for every resource, read and write the bags'
//! protobuf bytes directly ([`decode_bytes`], [`encode_bytes`], [`wire`]), and Check reads
//! plain inputs straight into their typed form and writes them back ([`typed`]); the other
//! requests come as `prost_types::Struct`s ([`decode`], [`encode`]). Both forms decode alike.

pub mod typed;
pub mod wire;

use bytes::Bytes;
use prost::Message;
use prost_types::{value::Kind, ListValue, Struct, Value as PbValue};
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;
use wire::{Shallow, WireError};

/// The key that marks a special (secret, asset, ...) object.
pub const SIG_KEY: &str = "4dabf18193072939515e22adb298388d";
/// The signature of a secret value.
pub const SECRET_SIG: &str = "1b47061264138c4ac30d75fd1eb44270";
/// The sentinel string the engine sends for a value unknown during preview.
pub const UNKNOWN: &str = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/// One step of a property path: an object key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A property path such as `passwordPolicy.minimumLength` or `schemas[0].name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PropPath(pub Vec<Seg>);

impl PropPath {
    /// The empty (root) path.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// A path of one top-level key.
    pub fn key(k: &str) -> Self {
        Self(vec![Seg::Key(k.to_string())])
    }

    /// Parses a path string (`a.b[0]["odd.key"]`); returns `None` if malformed.
    pub fn parse(s: &str) -> Option<Self> {
        let mut segs = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'.' => i += 1,
                b'[' => {
                    let end = i + s[i..].find(']')?;
                    let inner = &s[i + 1..end];
                    if let Some(q) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                        segs.push(Seg::Key(q.to_string()));
                    } else {
                        segs.push(Seg::Index(inner.parse().ok()?));
                    }
                    i = end + 1;
                }
                _ => {
                    let end = s[i..].find(['.', '[']).map_or(s.len(), |e| i + e);
                    segs.push(Seg::Key(s[i..end].to_string()));
                    i = end;
                }
            }
        }
        Some(Self(segs))
    }

    /// This path extended by an object key.
    pub fn child(&self, k: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.to_string()));
        Self(v)
    }

    /// This path extended by a list index.
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        Self(v)
    }

    /// The first key of the path, if it starts with one.
    pub fn top(&self) -> Option<&str> {
        match self.0.first() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// True if `self` equals `other` or lies below it.
    pub fn starts_with(&self, other: &PropPath) -> bool {
        self.0.len() >= other.0.len() && self.0[..other.0.len()] == other.0[..]
    }

    /// True if `self` equals `other` or one lies below the other.
    pub fn touches(&self, other: &PropPath) -> bool {
        self.starts_with(other) || other.starts_with(self)
    }

    /// Looks the path up in a JSON object (the root of a property bag).
    pub fn get_in<'a>(&self, m: &'a Map<String, Value>) -> Option<&'a Value> {
        match self.0.split_first()? {
            (Seg::Key(k), rest) => walk(m.get(k)?, rest),
            _ => None,
        }
    }

    /// Looks the path up in a JSON value.
    pub fn get<'a>(&self, v: &'a Value) -> Option<&'a Value> {
        walk(v, &self.0)
    }
}

fn walk<'a>(mut v: &'a Value, segs: &[Seg]) -> Option<&'a Value> {
    for s in segs {
        v = match (s, v) {
            (Seg::Key(k), Value::Object(m)) => m.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

impl fmt::Display for PropPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if is_ident(k) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[{}]", serde_json::Value::String(k.clone()))?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

fn is_ident(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A decoded property bag: plain JSON plus the paths that were secret or unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props {
    /// The plain values; unknown values are absent.
    pub value: Map<String, Value>,
    /// Paths whose values were secret.
    pub secrets: BTreeSet<PropPath>,
    /// Paths whose values were unknown (preview only).
    pub unknowns: BTreeSet<PropPath>,
}

impl Props {
    /// A bag of plain values with no markers.
    pub fn plain(value: Map<String, Value>) -> Self {
        Self {
            value,
            ..Self::default()
        }
    }

    /// True if `path` or one of its ancestors or descendants is unknown.
    pub fn touches_unknown(&self, path: &PropPath) -> bool {
        self.unknowns.iter().any(|u| u.touches(path))
    }

    /// True if anything is unknown.
    pub fn has_unknowns(&self) -> bool {
        !self.unknowns.is_empty()
    }
}

/// A property bag kept as the engine sent it (its protobuf bytes) and decoded on first use,
/// for values a request often does not need: the old inputs of a Check, which the server
/// keeps for a later Diff that is usually answered by comparing bags as sent
/// ([`Lazy::same_as`]).
#[derive(Debug, Default)]
pub struct Lazy {
    sent: Bytes,
    empty: bool,
    decoded: OnceLock<Props>,
}

impl Lazy {
    /// Keeps the encoded `Struct` `sent` (empty bytes are an empty bag) undecoded, once it is
    /// known to be one.
    pub fn new(sent: Bytes) -> Result<Self, WireError> {
        let empty = wire::validate(&sent)? == 0;
        Ok(Self {
            sent,
            empty,
            decoded: OnceLock::new(),
        })
    }

    /// The decoded bag (decoded now if nothing read it before).
    pub fn props(&self) -> &Props {
        // `new` checked the bytes, so decoding cannot fail.
        self.decoded
            .get_or_init(|| decode_bytes(&self.sent).unwrap_or_default())
    }

    /// True if no property holds a value (nulls count as absent, as in [`decode`]).
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// True if the encoded `Struct` `other` is known, without decoding either, to decode to
    /// the same [`Props`] as this bag ([`wire::same`]: maps in any order). False means "not
    /// known": the caller decodes both and compares.
    pub fn same_as(&self, other: &[u8]) -> bool {
        wire::same(&self.sent, other)
    }

    /// The bag `sent` (an encoded `Struct` not checked yet), and whether it is known to be
    /// the same as `known` (a valid one, such as what Check answers). When it is, the bag is
    /// kept as `known` (they decode alike, and [`wire::same`] has read every byte of `sent`
    /// against it); when it is not, `sent` is copied and checked in full.
    pub fn same_or_new(sent: &[u8], known: &Bytes) -> Result<(Self, bool), WireError> {
        if !wire::same(known, sent) {
            return Ok((Self::new(Bytes::copy_from_slice(sent))?, false));
        }
        let empty = !wire::holds_any(known);
        Ok((
            Self {
                sent: known.clone(),
                empty,
                decoded: OnceLock::new(),
            },
            true,
        ))
    }
}

/// A top-level plain string of the encoded `Struct` `sent`, read without decoding the bag
/// when it is sent as one; `None` if it is absent, unknown, not a string, or `sent` is broken.
pub fn top_str(sent: &[u8], key: &str) -> Option<String> {
    match wire::top(sent, key).ok()? {
        wire::Top::Str(s) if s != UNKNOWN => Some(s.to_string()),
        wire::Top::Str(_) | wire::Top::Absent => None,
        wire::Top::Other => decode_bytes(sent)
            .ok()?
            .value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

impl From<Props> for Lazy {
    /// A bag already decoded, with its sent form encoded from it.
    fn from(p: Props) -> Self {
        Self {
            sent: encode_bytes(&p).into(),
            empty: p.value.is_empty() && p.unknowns.is_empty(),
            decoded: OnceLock::from(p),
        }
    }
}

/// Decodes a protobuf `Struct` into plain JSON and markers.
pub fn decode(s: &Struct) -> Props {
    // The requests that come as `Struct`s wait on AWS; one decoder serves both forms.
    decode_bytes(&s.encode_to_vec()).unwrap_or_default()
}

/// Decodes an encoded protobuf `Struct` into plain JSON and markers.
pub fn decode_bytes(b: &[u8]) -> Result<Props, WireError> {
    let mut props = Props::default();
    props.value = decode_fields(wire::sorted_entries(b)?, None, &mut props, 0)?;
    Ok(props)
}

/// Where a value being decoded sits: a chain of steps up to the root, on the call stack, so
/// that a [`PropPath`] is built only for the few values that are secret or unknown.
struct At<'a> {
    up: Option<&'a At<'a>>,
    step: Step<'a>,
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_of(at: Option<&At<'_>>) -> PropPath {
    let mut segs = Vec::new();
    let mut cur = at;
    while let Some(a) = cur {
        segs.push(match a.step {
            Step::Key(k) => Seg::Key(k.to_string()),
            Step::Index(i) => Seg::Index(i),
        });
        cur = a.up;
    }
    segs.reverse();
    PropPath(segs)
}

fn decode_fields(
    fields: Vec<(&str, &[u8])>,
    at: Option<&At<'_>>,
    props: &mut Props,
    depth: u32,
) -> Result<Map<String, Value>, WireError> {
    let mut out = Map::with_capacity(fields.len());
    for (k, v) in fields {
        let here = At {
            up: at,
            step: Step::Key(k),
        };
        match decode_value(v, Some(&here), props, depth + 1)? {
            Some(Value::Null) | None => {}
            Some(val) => {
                out.insert(k.to_string(), val);
            }
        }
    }
    Ok(out)
}

/// Decodes one encoded `Value`; `None` means unknown (already recorded).
fn decode_value(
    b: &[u8],
    at: Option<&At<'_>>,
    props: &mut Props,
    depth: u32,
) -> Result<Option<Value>, WireError> {
    if depth > wire::MAX_DEPTH {
        return Err(wire::TOO_DEEP);
    }
    Ok(Some(match wire::shallow(b)? {
        Shallow::Null => Value::Null,
        Shallow::Bool(b) => Value::Bool(b),
        Shallow::Num(n) => number(n),
        Shallow::Str(s) if s == UNKNOWN => {
            props.unknowns.insert(path_of(at));
            return Ok(None);
        }
        Shallow::Str(s) => Value::String(s.to_string()),
        Shallow::List(l) => {
            let mut items = Vec::new();
            let (before, secrets_before) = (props.unknowns.len(), props.secrets.len());
            wire::items(l, |item| {
                let here = At {
                    up: at,
                    step: Step::Index(items.len()),
                };
                let v = decode_value(item, Some(&here), props, depth + 1)?;
                items.push(v.unwrap_or(Value::Null));
                Ok(())
            })?;
            if props.secrets.len() != secrets_before {
                // A secret element makes the whole list secret: normalization may reorder it.
                let path = path_of(at);
                props.secrets.retain(|s| !s.starts_with(&path));
                props.secrets.insert(path);
            }
            if props.unknowns.len() != before {
                // A list with an unknown element is unknown as a whole: typed code cannot
                // hold a hole in a list.
                let path = path_of(at);
                props.unknowns.retain(|u| !u.starts_with(&path));
                props.unknowns.insert(path);
                return Ok(None);
            }
            Value::Array(items)
        }
        Shallow::Struct(st) => {
            let fields = wire::sorted_entries(st)?;
            let get = |key: &str| {
                fields
                    .binary_search_by(|(k, _)| (*k).cmp(key))
                    .ok()
                    .map(|i| fields[i].1)
            };
            if matches!(
                get(SIG_KEY).map(wire::shallow),
                Some(Ok(Shallow::Str(SECRET_SIG)))
            ) {
                // The wrapper's other fields are not read; they must still be well formed.
                wire::validate(st)?;
                props.secrets.insert(path_of(at));
                return decode_value(get("value").unwrap_or_default(), at, props, depth + 1);
            }
            Value::Object(decode_fields(fields, at, props, depth)?)
        }
    }))
}

/// Converts a double to JSON, as an integer when it is one (so serde can read it as `i64`).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// Encodes a bag as [`encode`] does, straight to the `Struct`'s protobuf bytes.
pub fn encode_bytes(props: &Props) -> Vec<u8> {
    if props.secrets.is_empty() && props.unknowns.is_empty() {
        wire::encode(&props.value)
    } else {
        // Markers are rare in Check and Diff; they take the general path.
        encode(props).encode_to_vec()
    }
}

/// Encodes plain JSON into a protobuf `Struct`, wrapping the given paths as secret and
/// setting the given paths to the unknown sentinel.
pub fn encode(props: &Props) -> Struct {
    encode_owned(props.clone())
}

/// [`encode`] of a bag it owns (moving its strings instead of copying them).
pub fn encode_owned(props: Props) -> Struct {
    let fields = props
        .value
        .into_iter()
        .map(|(k, v)| (k, to_pb_owned(v)))
        .collect();
    if props.secrets.is_empty() && props.unknowns.is_empty() {
        return Struct { fields };
    }
    let mut root = PbValue {
        kind: Some(Kind::StructValue(Struct { fields })),
    };
    for u in &props.unknowns {
        set_path(&mut root, &u.0, string(UNKNOWN));
    }
    for s in &props.secrets {
        // A secret inside a secret needs no second wrapper.
        if props.secrets.iter().any(|o| o != s && s.starts_with(o)) {
            continue;
        }
        if let Some(slot) = get_path_mut(&mut root, &s.0) {
            let inner = std::mem::take(slot);
            *slot = secret(inner);
        }
    }
    match root.kind {
        Some(Kind::StructValue(s)) => s,
        _ => Struct::default(),
    }
}

/// Converts JSON to a protobuf value.
pub fn to_pb(v: &Value) -> PbValue {
    to_pb_owned(v.clone())
}

/// Converts JSON it owns to a protobuf value.
fn to_pb_owned(v: Value) -> PbValue {
    let kind = match v {
        Value::Null => Kind::NullValue(0),
        Value::Bool(b) => Kind::BoolValue(b),
        Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => Kind::StringValue(s),
        Value::Array(a) => Kind::ListValue(ListValue {
            values: a.into_iter().map(to_pb_owned).collect(),
        }),
        Value::Object(m) => Kind::StructValue(Struct {
            fields: m.into_iter().map(|(k, v)| (k, to_pb_owned(v))).collect(),
        }),
    };
    PbValue { kind: Some(kind) }
}

fn string(s: &str) -> PbValue {
    PbValue {
        kind: Some(Kind::StringValue(s.to_string())),
    }
}

/// Wraps a value as a secret.
pub fn secret(inner: PbValue) -> PbValue {
    let mut fields = BTreeMap::new();
    fields.insert(SIG_KEY.to_string(), string(SECRET_SIG));
    fields.insert("value".to_string(), inner);
    PbValue {
        kind: Some(Kind::StructValue(Struct { fields })),
    }
}

fn get_path_mut<'a>(mut v: &'a mut PbValue, segs: &[Seg]) -> Option<&'a mut PbValue> {
    for s in segs {
        v = match (s, v.kind.as_mut()?) {
            (Seg::Key(k), Kind::StructValue(st)) => st.fields.get_mut(k)?,
            (Seg::Index(i), Kind::ListValue(l)) => l.values.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Sets a path, creating missing objects on the way; a path through a non-object is skipped.
fn set_path(v: &mut PbValue, segs: &[Seg], new: PbValue) {
    let Some((first, rest)) = segs.split_first() else {
        *v = new;
        return;
    };
    match (first, v.kind.as_mut()) {
        (Seg::Key(k), Some(Kind::StructValue(st))) => {
            let child = st.fields.entry(k.clone()).or_insert_with(|| PbValue {
                kind: Some(Kind::StructValue(Struct::default())),
            });
            if matches!(child.kind, Some(Kind::NullValue(_)) | None) && !rest.is_empty() {
                child.kind = Some(Kind::StructValue(Struct::default()));
            }
            set_path(child, rest, new);
        }
        (Seg::Index(i), Some(Kind::ListValue(l))) => {
            if let Some(child) = l.values.get_mut(*i) {
                set_path(child, rest, new);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_display_and_parse_round_trip() {
        for s in ["a", "a.b", "a[0].b", "tags[\"x.y\"]", "schemas[12]"] {
            let p = PropPath::parse(s).unwrap();
            assert_eq!(p.to_string(), s);
        }
        assert_eq!(PropPath::parse("a[x]"), None);
    }

    #[test]
    fn a_lazy_bag_answers_cheap_questions_and_decodes_on_demand() {
        let mut plain = Map::new();
        plain.insert("name".into(), Value::from("pool"));
        plain.insert("password".into(), Value::from("hunter2"));
        plain.insert("size".into(), Value::from(3));
        let props = Props {
            value: plain,
            secrets: BTreeSet::from([PropPath::key("password")]),
            unknowns: BTreeSet::from([PropPath::key("later")]),
        };
        let sent = encode_bytes(&props);
        let lazy = Lazy::new(sent.clone().into()).expect("a Struct");
        assert!(!lazy.is_empty());
        assert!(lazy.same_as(&sent));
        assert_eq!(top_str(&sent, "name").as_deref(), Some("pool"));
        assert_eq!(top_str(&sent, "size"), None);
        assert_eq!(top_str(&sent, "later"), None, "an unknown is no name");
        assert_eq!(top_str(&sent, "missing"), None);
        // A secret string is read through its wrapper (this decodes the bag).
        assert_eq!(top_str(&sent, "password").as_deref(), Some("hunter2"));
        assert_eq!(top_str(&[0xff], "name"), None);
        assert_eq!(lazy.props(), &props);

        let mut other = props.clone();
        other.value.insert("size".into(), Value::from(4));
        assert!(!lazy.same_as(&encode_bytes(&other)));
        assert!(Lazy::from(other.clone()).same_as(&encode_bytes(&other)));
        let plain = Props::plain(other.value.clone());
        let lazy_plain = Lazy::new(encode_bytes(&plain).into()).expect("a Struct");
        // The same bag with its map written in another order (as Go writes maps) is the
        // same, markers and all.
        let reordered = |p: &Props| {
            let mut out = Vec::new();
            for (k, v) in encode(p).fields.into_iter().rev() {
                let one = Struct {
                    fields: BTreeMap::from([(k, v)]),
                };
                out.extend(one.encode_to_vec());
            }
            out
        };
        assert_ne!(reordered(&plain), encode_bytes(&plain));
        assert!(lazy_plain.same_as(&reordered(&plain)));
        assert!(!lazy_plain.same_as(&encode_bytes(&props)));
        assert!(!lazy_plain.same_as(&reordered(&props)));
        assert!(lazy.same_as(&reordered(&props)));
        assert_eq!(decode_bytes(&reordered(&props)).unwrap(), props);

        // Not a Struct: never the same, and refused as a bag.
        assert!(!lazy.same_as(&[0xff]));
        assert!(!lazy_plain.same_as(&[0xff]));
        assert!(Lazy::new(vec![0xff].into()).is_err());

        // Nulls are absent, as in `decode`.
        let mut nulls = Struct::default();
        nulls.fields.insert("name".into(), PbValue::default());
        nulls.fields.insert(
            "size".into(),
            PbValue {
                kind: Some(Kind::NullValue(0)),
            },
        );
        let lazy = Lazy::new(nulls.encode_to_vec().into()).expect("a Struct");
        assert!(lazy.is_empty());
        assert!(lazy.props().value.is_empty());
        assert!(lazy.is_empty(), "the same answer once decoded");
        assert!(Lazy::new(Bytes::new()).expect("empty").is_empty());
        // No old inputs (a create): empty, and the same only as a bag that holds nothing.
        let (none, same) = Lazy::same_or_new(&[], &encode_bytes(&props).into()).expect("empty");
        assert!(none.is_empty() && !same);
        let (none, same) = Lazy::same_or_new(&[], &Bytes::new()).expect("empty");
        assert!(none.is_empty() && same);
    }

    #[test]
    fn bytes_and_structs_decode_alike() {
        let mut props = Props::default();
        props.value.insert("name".into(), Value::from("pool"));
        props
            .value
            .insert("list".into(), serde_json::json!([{"k": "v"}, 2.5]));
        props.value.insert("token".into(), Value::from("s3cret"));
        props.secrets.insert(PropPath::key("token"));
        props.unknowns.insert(PropPath::key("later"));
        let s = encode(&props);
        let b = encode_bytes(&props);
        assert_eq!(Struct::decode(&b[..]).unwrap(), s);
        assert_eq!(decode_bytes(&b).unwrap(), props);
        assert_eq!(decode(&s), props);
        let plain = Props::plain(props.value.clone());
        assert_eq!(
            Struct::decode(&encode_bytes(&plain)[..]).unwrap(),
            encode(&plain)
        );
        assert_eq!(decode_bytes(&encode_bytes(&plain)).unwrap(), plain);
    }

    #[test]
    fn numbers_become_integers_when_whole() {
        assert_eq!(number(8.0), Value::from(8));
        assert_eq!(number(1.5), Value::from(1.5));
        assert_eq!(number(f64::NAN), Value::Null);
    }
}
