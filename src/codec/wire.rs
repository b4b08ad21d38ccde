//! The protobuf wire form of a property bag (`google.protobuf.Struct`), read in place and
//! written straight from JSON, so that the hot requests (Check, Diff) never build
//! `prost_types` trees: the codec decodes from [`sorted_entries`], [`shallow`] and [`items`];
//! [`validate`], [`top`] and [`same`] answer questions about bags without decoding them.
//!
//! Field numbers, from `google/protobuf/struct.proto`: `Struct.fields = 1` is a
//! `map<string, Value>`, each entry a message of `key = 1` and `value = 2`; `Value` is a oneof
//! of `null_value = 1` (enum), `number_value = 2` (double), `string_value = 3`,
//! `bool_value = 4`, `struct_value = 5` and `list_value = 6`; `ListValue.values = 1`.

use prost::encoding::{encode_varint, encoded_len_varint};
use serde_json::{Map, Value};
use std::fmt;

/// How deep values may nest before a message is refused (as prost's recursion limit).
pub const MAX_DEPTH: u32 = 100;

/// The refusal of values nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: WireError = WireError("values nest too deep");

const VARINT: u64 = 0;
const I64: u64 = 1;
const LEN: u64 = 2;
const I32: u64 = 5;

/// Why bytes are not an encoded `Struct`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(&'static str);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for WireError {}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn more(&self) -> bool {
        !self.0.is_empty()
    }

    #[inline]
    fn varint(&mut self) -> Result<u64, WireError> {
        let mut v = 0u64;
        for (i, &b) in self.0.iter().take(10).enumerate() {
            v |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.0 = &self.0[i + 1..];
                return Ok(v);
            }
        }
        Err(WireError("invalid varint"))
    }

    /// The next field's number and wire type.
    fn key(&mut self) -> Result<(u64, u64), WireError> {
        let k = self.varint()?;
        if k >> 3 == 0 {
            return Err(WireError("invalid field number 0"));
        }
        Ok((k >> 3, k & 7))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if n > self.0.len() {
            return Err(WireError("truncated message"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn delimited(&mut self) -> Result<&'a [u8], WireError> {
        let n = self.varint()?;
        self.take(usize::try_from(n).map_err(|_| WireError("truncated message"))?)
    }

    fn string(&mut self) -> Result<&'a str, WireError> {
        utf8(self.delimited()?)
    }

    fn skip(&mut self, wire_type: u64) -> Result<(), WireError> {
        match wire_type {
            VARINT => self.varint().map(drop),
            I64 => self.take(8).map(drop),
            LEN => self.delimited().map(drop),
            I32 => self.take(4).map(drop),
            _ => Err(WireError("unsupported wire type")),
        }
    }
}

/// A value as sent, one level deep: nested bags stay bytes.
#[derive(Debug, Clone, Copy)]
pub enum Shallow<'a> {
    /// `null_value`, or no kind at all.
    Null,
    /// `bool_value`.
    Bool(bool),
    /// `number_value`.
    Num(f64),
    /// `string_value`.
    Str(&'a str),
    /// `list_value`: an encoded `ListValue`.
    List(&'a [u8]),
    /// `struct_value`: an encoded `Struct`.
    Struct(&'a [u8]),
}

/// A value as sent, one level deep, its string not yet checked to be UTF-8: what
/// [`shallow`] reads before checking, and what [`same`] compares.
#[derive(Debug, Clone, Copy)]
enum Raw<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a [u8]),
    List(&'a [u8]),
    Struct(&'a [u8]),
}

fn utf8(b: &[u8]) -> Result<&str, WireError> {
    std::str::from_utf8(b).map_err(|_| WireError("string is not UTF-8"))
}

/// Reads an encoded `Value` one level deep (the last kind sent wins, as for a oneof). When
/// more than one kind is sent, all of them are checked, so that nothing a reader skips goes
/// unchecked.
pub fn shallow(b: &[u8]) -> Result<Shallow<'_>, WireError> {
    Ok(match raw_value(b)? {
        Raw::Null => Shallow::Null,
        Raw::Bool(x) => Shallow::Bool(x),
        Raw::Num(x) => Shallow::Num(x),
        Raw::Str(s) => Shallow::Str(utf8(s)?),
        Raw::List(l) => Shallow::List(l),
        Raw::Struct(st) => Shallow::Struct(st),
    })
}

/// [`shallow`] without checking a string that is the value's only kind.
fn raw_value(b: &[u8]) -> Result<Raw<'_>, WireError> {
    match last_kind(b)? {
        (_, fields) if fields > 1 => skim_value(b, 1),
        (value, _) => Ok(value),
    }
}

/// The last kind of an encoded `Value`, and how many fields it sent.
fn last_kind(b: &[u8]) -> Result<(Raw<'_>, usize), WireError> {
    let mut r = Reader(b);
    let (mut value, mut fields) = (Raw::Null, 0);
    while r.more() {
        fields += 1;
        value = match r.key()? {
            (1, VARINT) => {
                r.varint()?;
                Raw::Null
            }
            (2, I64) => {
                let b = r.take(8)?;
                Raw::Num(f64::from_le_bytes(b.try_into().unwrap_or_default()))
            }
            (3, LEN) => Raw::Str(r.delimited()?),
            (4, VARINT) => Raw::Bool(r.varint()? != 0),
            (5, LEN) => Raw::Struct(r.delimited()?),
            (6, LEN) => Raw::List(r.delimited()?),
            (_, wt) => {
                r.skip(wt)?;
                continue;
            }
        };
    }
    Ok((value, fields))
}

/// The entries of an encoded `Struct` (key, encoded `Value`) sorted by key, each key once
/// (the last one sent wins, as for protobuf maps).
pub fn sorted_entries(b: &[u8]) -> Result<Vec<(&str, &[u8])>, WireError> {
    let mut v = Vec::new();
    entries(b, |k, val| {
        v.push((k, val));
        Ok(())
    })?;
    if !v.is_sorted_by(|a, b| a.0 < b.0) {
        // A stable sort keeps repeated keys in the order sent; the last of each run wins.
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
    }
    Ok(v)
}

/// Calls `f` with each item (an encoded `Value`) of an encoded `ListValue`, or with each
/// entry of an encoded `Struct`: both are the repeated field 1.
pub fn items<'a>(
    b: &'a [u8],
    mut f: impl FnMut(&'a [u8]) -> Result<(), WireError>,
) -> Result<(), WireError> {
    Items::new(b).try_for_each(|item| f(item?))
}

/// The items of an encoded `ListValue` (or the entries of an encoded `Struct`), as
/// [`items`] gives them; after an error it ends.
pub struct Items<'a>(Reader<'a>);

impl<'a> Items<'a> {
    /// The items of the encoded `ListValue` `b`.
    pub fn new(b: &'a [u8]) -> Self {
        Self(Reader(b))
    }

    fn step(&mut self) -> Result<Option<&'a [u8]>, WireError> {
        while self.0.more() {
            match self.0.key()? {
                (1, LEN) => return self.0.delimited().map(Some),
                (_, wt) => self.0.skip(wt)?,
            }
        }
        Ok(None)
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = Result<&'a [u8], WireError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.step().transpose();
        if matches!(item, Some(Err(_))) {
            self.0 = Reader(&[]);
        }
        item
    }
}

/// Calls `f` with each entry of an encoded `Struct`: its key and its value's bytes.
fn entries<'a>(
    b: &'a [u8],
    mut f: impl FnMut(&'a str, &'a [u8]) -> Result<(), WireError>,
) -> Result<(), WireError> {
    raw_entries(b, |k, v| f(utf8(k)?, v))
}

/// [`entries`] without checking that the keys are UTF-8.
fn raw_entries<'a>(
    b: &'a [u8],
    mut f: impl FnMut(&'a [u8], &'a [u8]) -> Result<(), WireError>,
) -> Result<(), WireError> {
    items(b, |entry| {
        let mut e = Reader(entry);
        let (mut key, mut value): (&[u8], &[u8]) = (&[], &[]);
        while e.more() {
            match e.key()? {
                (1, LEN) => key = e.delimited()?,
                (2, LEN) => value = e.delimited()?,
                (_, wt) => e.skip(wt)?,
            }
        }
        f(key, value)
    })
}

/// Checks that `b` is an encoded `Struct`, building nothing; returns how many of its
/// top-level fields hold a value other than null.
pub fn validate(b: &[u8]) -> Result<usize, WireError> {
    let mut held = 0;
    entries(b, |_, v| {
        if !matches!(skim_value(v, 1)?, Raw::Null) {
            held += 1;
        }
        Ok(())
    })?;
    Ok(held)
}

/// True if the valid encoded `Struct` `b` holds a value other than null at its top level
/// (read without checking it again).
pub fn holds_any(b: &[u8]) -> bool {
    // Stops the reading at the first value held.
    const HELD: WireError = WireError("a value is held");
    let read = raw_entries(b, |_, v| match raw_value(v)? {
        Raw::Null => Ok(()),
        _ => Err(HELD),
    });
    read == Err(HELD)
}

fn skim_value(b: &[u8], depth: u32) -> Result<Raw<'_>, WireError> {
    if depth > MAX_DEPTH {
        return Err(TOO_DEEP);
    }
    // Every kind of a oneof is checked, not only the last.
    let mut r = Reader(b);
    while r.more() {
        match r.key()? {
            (5, LEN) => entries(r.delimited()?, |_, v| skim_value(v, depth + 1).map(drop))?,
            (6, LEN) => items(r.delimited()?, |v| skim_value(v, depth + 1).map(drop))?,
            (3, LEN) => r.string().map(drop)?,
            (_, wt) => r.skip(wt)?,
        }
    }
    last_kind(b).map(|(value, _)| value)
}

/// A top-level field of an encoded `Struct`, read without reading the rest.
#[derive(Debug, PartialEq)]
pub enum Top<'a> {
    /// Not sent, or sent as null.
    Absent,
    /// A string.
    Str(&'a str),
    /// Any other value (a secret, a number, ...).
    Other,
}

/// The encoded `Value` of the top-level field `key` of an encoded `Struct` (the last one
/// sent wins).
fn field<'a>(b: &'a [u8], key: &str) -> Result<Option<&'a [u8]>, WireError> {
    let mut found = None;
    entries(b, |k, v| {
        if k == key {
            found = Some(v);
        }
        Ok(())
    })?;
    Ok(found)
}

/// The top-level field `key` of an encoded `Struct` (the last one sent wins).
pub fn top<'a>(b: &'a [u8], key: &str) -> Result<Top<'a>, WireError> {
    Ok(match field(b, key)?.map(shallow).transpose()? {
        None | Some(Shallow::Null) => Top::Absent,
        Some(Shallow::Str(s)) => Top::Str(s),
        Some(_) => Top::Other,
    })
}

/// True if the encoded `Struct`s `a` and `b` are known to decode alike, read without
/// building anything but one list of keys: the same bytes, or the same keys (in any order)
/// with the same values, where nulls count as absent, numbers compare as doubles and secret
/// and unknown markers compare as sent. False when unsure: keys sent twice, numbers that are
/// not finite, values nested too deep, broken bytes.
///
/// `a` must be a valid encoded `Struct` ([`validate`] accepts it): strings compare as bytes,
/// and only those of `b` that nothing in `a` matches are checked to be UTF-8.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    // An empty `b` (no old inputs, on every create) is the same only as a bag of nulls.
    if b.is_empty() {
        return !holds_any(a);
    }
    a == b || same_struct(a, b, 0, &mut Vec::new()).is_ok()
}

/// Why two bags are not known to be the same.
const DIFFER: WireError = WireError("bags differ");

/// An entry of `a` in [`same_struct`]: its key, its value, and whether `b` sent it.
type Held<'a> = (&'a [u8], Raw<'a>, bool);

/// `Ok` if the encoded `Struct`s `a` and `b` decode alike; `Err` if they differ or it is not
/// known (a key sent twice, among others). `held` is scratch space shared by every level:
/// each one works on what it pushed and takes it off again.
fn same_struct<'a>(
    a: &'a [u8],
    b: &'a [u8],
    depth: u32,
    held: &mut Vec<Held<'a>>,
) -> Result<(), WireError> {
    let start = held.len();
    let r = same_entries(a, b, depth, held, start);
    held.truncate(start);
    r
}

fn same_entries<'a>(
    a: &'a [u8],
    b: &'a [u8],
    depth: u32,
    held: &mut Vec<Held<'a>>,
    start: usize,
) -> Result<(), WireError> {
    // `a`'s entries sorted by key; nulls stay, as absent.
    raw_entries(a, |k, v| {
        held.push((k, raw_value(v)?, false));
        Ok(())
    })?;
    let mine = &mut held[start..];
    if !mine.is_sorted_by(|x, y| x.0 < y.0) {
        mine.sort_unstable_by(|x, y| x.0.cmp(y.0));
        if mine.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(DIFFER);
        }
    }
    let mut left = mine.iter().filter(|e| !matches!(e.1, Raw::Null)).count();
    raw_entries(b, |k, v| {
        let v = raw_value(v)?;
        let found = held[start..].binary_search_by(|e| e.0.cmp(k));
        let i = match (found, v) {
            // A key of `b` alone: it must be UTF-8 to decode, even with a null.
            (Err(_), Raw::Null) => return utf8(k).map(drop),
            (Err(_), _) => return Err(DIFFER),
            (Ok(i), _) => start + i,
        };
        let (_, want, seen) = &mut held[i];
        if std::mem::replace(seen, true) {
            return Err(DIFFER);
        }
        match (*want, v) {
            (Raw::Null, Raw::Null) => Ok(()),
            (Raw::Null, _) | (_, Raw::Null) => Err(DIFFER),
            (want, v) => {
                left -= 1;
                same_value(want, v, depth + 1, held)
            }
        }
    })?;
    if left == 0 {
        Ok(())
    } else {
        Err(DIFFER)
    }
}

fn same_value<'a>(
    a: Raw<'a>,
    b: Raw<'a>,
    depth: u32,
    held: &mut Vec<Held<'a>>,
) -> Result<(), WireError> {
    if depth > MAX_DEPTH {
        return Err(TOO_DEEP);
    }
    let same = match (a, b) {
        (Raw::Null, Raw::Null) => true,
        (Raw::Bool(x), Raw::Bool(y)) => x == y,
        (Raw::Num(x), Raw::Num(y)) => x.is_finite() && x == y,
        (Raw::Str(x), Raw::Str(y)) => x == y,
        (Raw::Struct(x), Raw::Struct(y)) => return same_struct(x, y, depth + 1, held),
        (Raw::List(x), Raw::List(y)) => {
            let (mut ix, mut iy) = (Items::new(x), Items::new(y));
            loop {
                match (ix.next(), iy.next()) {
                    (None, None) => break true,
                    (Some(x), Some(y)) => {
                        same_value(raw_value(x?)?, raw_value(y?)?, depth + 1, held)?
                    }
                    _ => break false,
                }
            }
        }
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(DIFFER)
    }
}

/// Encodes a plain JSON object (no markers) as a `Struct`.
pub fn encode(m: &Map<String, Value>) -> Vec<u8> {
    let mut out = Vec::with_capacity(map_len(m));
    put_map(m, &mut out);
    out
}

/// A length-delimited field: its tag byte, its length and the length itself.
fn delimited_len(len: usize) -> usize {
    1 + encoded_len_varint(len as u64) + len
}

fn map_len(m: &Map<String, Value>) -> usize {
    m.iter().map(|(k, v)| delimited_len(entry_len(k, v))).sum()
}

fn entry_len(k: &str, v: &Value) -> usize {
    delimited_len(k.len()) + delimited_len(value_len(v))
}

fn list_len(a: &[Value]) -> usize {
    a.iter().map(|v| delimited_len(value_len(v))).sum()
}

fn value_len(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(_) => 2,
        Value::Number(_) => 9,
        Value::String(s) => delimited_len(s.len()),
        Value::Array(a) => delimited_len(list_len(a)),
        Value::Object(m) => delimited_len(map_len(m)),
    }
}

fn put_delimited(tag: u8, len: usize, out: &mut Vec<u8>) {
    out.push(tag);
    encode_varint(len as u64, out);
}

fn put_map(m: &Map<String, Value>, out: &mut Vec<u8>) {
    for (k, v) in m {
        // Struct.fields (1, LEN) holding an entry of key (1, LEN) and value (2, LEN).
        put_delimited(0x0a, entry_len(k, v), out);
        put_delimited(0x0a, k.len(), out);
        out.extend_from_slice(k.as_bytes());
        put_delimited(0x12, value_len(v), out);
        put_value(v, out);
    }
}

fn put_value(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(&[0x08, 0]),
        Value::Bool(b) => out.extend_from_slice(&[0x20, u8::from(*b)]),
        Value::Number(n) => {
            out.push(0x11);
            out.extend_from_slice(&n.as_f64().unwrap_or(0.0).to_le_bytes());
        }
        Value::String(s) => {
            put_delimited(0x1a, s.len(), out);
            out.extend_from_slice(s.as_bytes());
        }
        Value::Array(a) => {
            put_delimited(0x32, list_len(a), out);
            for item in a {
                // ListValue.values (1, LEN).
                put_delimited(0x0a, value_len(item), out);
                put_value(item, out);
            }
        }
        Value::Object(m) => {
            put_delimited(0x2a, map_len(m), out);
            put_map(m, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;
    use prost_types::Struct;
    use serde_json::json;

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!("an object"),
        }
    }

    #[test]
    fn what_we_write_prost_reads_as_the_same_struct() {
        let m = object(json!({
            "name": "pool", "n": 3, "x": 1.5, "on": true, "none": null, "": "empty key",
            "list": [1, "two", [false], {"k": "v"}], "nested": {"a": {"b": []}, "e": {}},
            "long": "y".repeat(300),
        }));
        let bytes = encode(&m);
        let s = Struct::decode(&bytes[..]).expect("prost reads it");
        assert_eq!(s, crate::codec::encode(&crate::codec::Props::plain(m)));
        assert_eq!(validate(&bytes), Ok(8));
    }

    #[test]
    fn entries_come_sorted_and_the_last_key_wins() {
        let mut a = Vec::new();
        for (k, v) in [("b", "2"), ("a", "1"), ("b", "3")] {
            a.extend_from_slice(&encode(&object(json!({ k: v }))));
        }
        let entries = sorted_entries(&a).unwrap();
        let keys: Vec<&str> = entries.iter().map(|e| e.0).collect();
        assert_eq!(keys, ["a", "b"]);
        assert!(matches!(shallow(entries[1].1), Ok(Shallow::Str("3"))));
        assert_eq!(top(&a, "b"), Ok(Top::Str("3")));
        assert_eq!(
            Struct::decode(&a[..]).unwrap(),
            Struct::decode(&encode(&object(json!({"a": "1", "b": "3"})))[..]).unwrap(),
            "prost reads it so too"
        );
    }

    #[test]
    fn unknown_fields_are_skipped_and_broken_bytes_refused() {
        let mut b = encode(&object(json!({"a": "x"})));
        // Field 9 as a varint, a fixed64, a fixed32 and a length-delimited field.
        b.extend_from_slice(&[0x48, 0x96, 0x01, 0x49, 0, 0, 0, 0, 0, 0, 0, 0]);
        b.extend_from_slice(&[0x4d, 1, 2, 3, 4, 0x4a, 2, b'h', b'i']);
        assert_eq!(validate(&b), Ok(1));
        assert_eq!(top(&b, "a"), Ok(Top::Str("x")));

        let good = encode(&object(json!({"a": ["x", {"b": 1}]})));
        for cut in 1..good.len() {
            assert!(
                validate(&good[..cut]).is_err(),
                "cut at {cut} must be refused"
            );
        }
        assert!(
            validate(&[0x0a, 4, 0x0a, 2, 0xff, 0xfe]).is_err(),
            "not UTF-8"
        );
        assert!(validate(&[0x03]).is_err(), "groups are not supported");
        assert!(validate(&[0x00]).is_err(), "field 0");
        assert!(validate(&[
            0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f
        ])
        .is_err());
    }

    /// `m`'s fields written one entry at a time in reverse order, as another writer might.
    fn reversed(m: &Map<String, Value>) -> Vec<u8> {
        let mut out = Vec::new();
        for (k, v) in m.iter().rev() {
            let mut one = Map::new();
            one.insert(k.clone(), v.clone());
            out.extend(encode(&one));
        }
        out
    }

    #[test]
    fn bags_sent_alike_in_any_order() {
        let m = object(json!({
            "name": "pool", "n": 3, "x": 1.5, "on": true,
            "list": [1, "two", null, {"k": "v"}], "nested": {"a": {"b": []}},
        }));
        assert!(same(&encode(&m), &reversed(&m)));
        assert!(same(&reversed(&m), &encode(&m)));
        // Nulls count as absent on both sides, at any depth (in a list, a null is an item).
        let mut with_nulls = m.clone();
        with_nulls.insert("gone".into(), Value::Null);
        with_nulls["nested"]["gone"] = Value::Null;
        assert!(same(&encode(&with_nulls), &reversed(&m)));
        assert!(same(&reversed(&m), &encode(&with_nulls)));
        // Any difference, anywhere, and they are not the same.
        let differ = |path: &[&str], v: Value| {
            let mut other = m.clone();
            let mut cur = other.get_mut(path[0]).expect("path");
            for p in &path[1..] {
                cur = match p.parse::<usize>() {
                    Ok(i) => &mut cur[i],
                    Err(_) => &mut cur[*p],
                };
            }
            *cur = v;
            assert!(!same(&encode(&other), &reversed(&m)), "{path:?}");
            assert!(!same(&reversed(&m), &encode(&other)), "{path:?}");
        };
        differ(&["name"], json!("other"));
        differ(&["n"], json!(4));
        differ(&["n"], json!("3"));
        differ(&["x"], json!(1.25));
        differ(&["on"], json!(false));
        differ(&["list", "2"], json!(0));
        differ(&["list", "3", "k"], json!("w"));
        differ(&["list"], json!([1, "two", null]));
        differ(&["list"], json!([1, "two", null, {"k": "v"}, null]));
        differ(&["nested", "a", "b"], json!([1]));
        differ(&["nested"], json!({"a": {"b": []}, "c": 1}));
        let mut fewer = m.clone();
        fewer.remove("on");
        assert!(!same(&encode(&fewer), &reversed(&m)));
        assert!(!same(&reversed(&m), &encode(&fewer)));
        // A key sent twice: unsure, on either side.
        let mut twice = encode(&object(json!({"name": "first"})));
        twice.extend(reversed(&m));
        assert!(!same(&twice, &encode(&m)));
        assert!(!same(&encode(&m), &twice));
        // Markers compare as sent: a secret is not its plain value.
        let secret = object(
            json!({"name": {crate::codec::SIG_KEY: crate::codec::SECRET_SIG, "value": "pool"}}),
        );
        assert!(same(&encode(&secret), &reversed(&secret)));
        assert!(!same(
            &encode(&secret),
            &encode(&object(json!({"name": "pool"})))
        ));
        // Unsure: a number that is not finite, broken bytes.
        let nan = |n: f64| {
            let mut b = encode(&object(json!({"x": 0.5})));
            let at = b.len() - 8;
            b[at..].copy_from_slice(&n.to_le_bytes());
            b
        };
        assert!(same(&nan(f64::NAN), &nan(f64::NAN)), "the very same bytes");
        let mut nan_then = nan(f64::NAN);
        nan_then.extend(encode(&object(json!({"y": 1}))));
        let mut nan_first = encode(&object(json!({"y": 1})));
        nan_first.extend(nan(f64::NAN));
        assert!(!same(&nan_then, &nan_first));
        assert!(same(&nan(2.0), &encode(&object(json!({"x": 2})))));
        assert!(!same(&[0xff], &encode(&m)));
    }

    #[test]
    fn validating_and_reading_one_field_without_a_tree() {
        let m = object(json!({"name": "pool", "n": 3, "none": null, "s": {"k": "v"}}));
        assert_eq!(validate(&encode(&m)), Ok(3));
        assert_eq!(validate(&[]), Ok(0));
        assert!(holds_any(&encode(&m)));
        assert!(!holds_any(&[]));
        assert!(!holds_any(&encode(&object(
            json!({"none": null, "gone": null})
        ))));
        assert_eq!(top(&reversed(&m), "name"), Ok(Top::Str("pool")));
        assert_eq!(top(&encode(&m), "n"), Ok(Top::Other));
        assert_eq!(top(&encode(&m), "s"), Ok(Top::Other));
        assert_eq!(top(&encode(&m), "none"), Ok(Top::Absent));
        assert_eq!(top(&encode(&m), "missing"), Ok(Top::Absent));
        let mut twice = encode(&m);
        twice.extend(encode(&object(json!({"name": "later"}))));
        assert_eq!(top(&twice, "name"), Ok(Top::Str("later")));
        // Validation reads every value, nested ones too.
        let good = encode(&object(json!({"a": ["x", {"b": "y"}]})));
        for cut in 1..good.len() {
            assert!(validate(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad_utf8 = encode(&object(json!({"a": ["x", {"b": "y"}]})));
        let at = bad_utf8.iter().rposition(|&c| c == b'y').expect("y");
        bad_utf8[at] = 0xff;
        assert!(validate(&bad_utf8).is_err());
    }

    /// One `Struct` entry, written by hand: `key` as given (UTF-8 or not) and an encoded
    /// `Value`.
    fn raw_entry(key: &[u8], value: &[u8]) -> Vec<u8> {
        let mut e = Vec::new();
        put_delimited(0x0a, key.len(), &mut e);
        e.extend_from_slice(key);
        put_delimited(0x12, value.len(), &mut e);
        e.extend_from_slice(value);
        let mut out = Vec::new();
        put_delimited(0x0a, e.len(), &mut out);
        out.extend(e);
        out
    }

    #[test]
    fn same_checks_what_only_the_second_bag_sent() {
        // `same` compares strings as bytes against a valid first bag; what it cannot match
        // there must still be UTF-8 for the second bag to decode.
        let a = encode(&object(json!({"name": "pool", "tags": {"k": "v"}})));
        let null = [0x08, 0x00];
        let str_value = |s: &[u8]| {
            let mut v = Vec::new();
            put_delimited(0x1a, s.len(), &mut v);
            v.extend_from_slice(s);
            v
        };
        let mut b = reversed(&object(json!({"name": "pool", "tags": {"k": "v"}})));
        assert!(same(&a, &b));
        // A key only `b` sends, with a null: absent if UTF-8, broken if not.
        let mut with_null = b.clone();
        with_null.extend(raw_entry(b"gone", &null));
        assert!(same(&a, &with_null));
        with_null.extend(raw_entry(&[0xff, 0xfe], &null));
        assert!(!same(&a, &with_null));
        assert!(decode_entries_fail(&with_null));
        // A value of two kinds whose first is a string that is not UTF-8: every kind is
        // checked, as the decoder does.
        let mut two_kinds = str_value(&[0xc3]);
        two_kinds.extend(str_value(b"pool"));
        let mut b2 = encode(&object(json!({"tags": {"k": "v"}})));
        b2.extend(raw_entry(b"name", &two_kinds));
        assert!(!same(&a, &b2));
        assert!(decode_entries_fail(&b2));
        // A string that is not UTF-8 in place of a valid one differs as bytes.
        b.extend(raw_entry(b"name", &str_value(&[b'p', 0xff])));
        assert!(!same(&a, &b));
    }

    /// True if the decoder's own reading of `b` ([`sorted_entries`] and [`shallow`]) fails.
    fn decode_entries_fail(b: &[u8]) -> bool {
        sorted_entries(b).is_err()
            || sorted_entries(b)
                .expect("entries")
                .iter()
                .any(|(_, v)| shallow(v).is_err())
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut v = json!("leaf");
        for _ in 0..200 {
            v = json!([v]);
        }
        let b = encode(&object(json!({ "deep": v.clone() })));
        assert!(validate(&b).is_err());
        let mut twice = b.clone();
        twice.extend(encode(&object(json!({ "deep": v }))));
        assert!(!same(&twice, &b), "too deep to compare");
        let mut v = json!("leaf");
        for _ in 0..40 {
            v = json!([v]);
        }
        assert!(validate(&encode(&object(json!({ "ok": v })))).is_ok());
    }
}
