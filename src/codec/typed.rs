//! Typed values read straight from, and written straight to, the wire form of a property
//! bag, for the common case of Check: inputs with no secret and nothing unknown.
//!
//! [`Bag::deserialize`] reads an encoded `Struct` into a `Deserialize` type as deserializing
//! the plain JSON of [`decode_bytes`](super::decode_bytes) would, and [`to_wire`] writes a
//! `Serialize` value as [`wire::encode`] writes its JSON form (keys in field order instead of
//! sorted), neither building a JSON tree. Both give up (`None`) on whatever the general path
//! must handle: secret and unknown markers, numbers that are not finite, malformed bytes,
//! values nested too deep, values the type refuses. The caller then takes the general path,
//! which reports the failure, so no message comes from here.

use super::wire::{self, Items, Shallow, MAX_DEPTH};
use super::{SIG_KEY, UNKNOWN};
use prost::encoding::encode_varint;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Why a value was left to the general path.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the general path")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

impl ser::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// The top-level entries of an encoded `Struct`, as a decoder keeps them (the last one sent
/// for each key), ready to be read into a typed value.
pub struct Bag<'a> {
    entries: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Bag<'a> {
    /// The entries of the encoded `Struct` `b`, or `None` if its top level is broken.
    pub fn read(b: &'a [u8]) -> Option<Self> {
        wire::sorted_entries(b).ok().map(|entries| Self { entries })
    }

    /// True if `key` is sent with a value other than null.
    pub fn holds(&self, key: &str) -> bool {
        self.entries
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .is_ok_and(|i| !matches!(wire::shallow(self.entries[i].1), Ok(Shallow::Null)))
    }

    /// The bag read as a `T`, with `extra` (a key the bag does not hold, and its string value)
    /// added; `None` if it must take the general path.
    pub fn deserialize<T: DeserializeOwned>(self, extra: Option<(&'a str, &'a str)>) -> Option<T> {
        let mut entries = Entries {
            entries: self.entries.into_iter(),
            extra,
            pending: Pending::None,
            depth: 0,
        };
        let value = T::deserialize(StructDe(&mut entries)).ok()?;
        entries.finished().then_some(value)
    }
}

/// Writes `v`, which must serialize as a struct or map, as an encoded `Struct`; `None` if it
/// must take the general path.
pub fn to_wire<T: Serialize + ?Sized>(v: &T) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    v.serialize(TopSer(&mut out)).ok()?;
    Some(out)
}

// ---- reading ----

/// The value the map reader has handed out a key for.
enum Pending<'a> {
    None,
    Value(Shallow<'a>),
    Extra(&'a str),
}

/// The entries of a `Struct`, nulls left out, as a serde map.
struct Entries<'a> {
    entries: std::vec::IntoIter<(&'a str, &'a [u8])>,
    extra: Option<(&'a str, &'a str)>,
    pending: Pending<'a>,
    /// The depth of the `Struct`'s values, counted as the decoder counts it.
    depth: u32,
}

impl Entries<'_> {
    /// True if every entry was read.
    fn finished(&mut self) -> bool {
        self.entries.len() == 0 && self.extra.is_none()
    }
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        for (k, v) in self.entries.by_ref() {
            // A secret (or another special object) is the general path's business; so is
            // any value nested deeper than the decoder reads, nulls included.
            if k == SIG_KEY || self.depth >= MAX_DEPTH {
                return Err(GiveUp);
            }
            match wire::shallow(v).map_err(|_| GiveUp)? {
                Shallow::Null => continue,
                v => self.pending = Pending::Value(v),
            }
            return seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some);
        }
        match self.extra.take() {
            Some((k, v)) => {
                self.pending = Pending::Extra(v);
                seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Value(v) => seed.deserialize(ValueDe {
                v,
                depth: self.depth + 1,
            }),
            Pending::Extra(s) => seed.deserialize(ValueDe {
                v: Shallow::Str(s),
                depth: self.depth + 1,
            }),
            Pending::None => Err(GiveUp),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + usize::from(self.extra.is_some()))
    }
}

/// The items of a `ListValue` as a serde sequence.
struct List<'a> {
    items: Items<'a>,
    depth: u32,
}

impl<'de> SeqAccess<'de> for List<'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        match self.items.next() {
            None => Ok(None),
            Some(item) => {
                let v = wire::shallow(item.map_err(|_| GiveUp)?).map_err(|_| GiveUp)?;
                seed.deserialize(ValueDe {
                    v,
                    depth: self.depth + 1,
                })
                .map(Some)
            }
        }
    }
}

/// A whole `Struct` as a serde map.
struct StructDe<'a, 'b>(&'b mut Entries<'a>);

impl<'de> de::Deserializer<'de> for StructDe<'de, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_map(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// One `Value`, read as its JSON form would be by `serde_json`.
struct ValueDe<'a> {
    v: Shallow<'a>,
    depth: u32,
}

impl<'de> de::Deserializer<'de> for ValueDe<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        match self.v {
            Shallow::Null => visitor.visit_unit(),
            Shallow::Bool(b) => visitor.visit_bool(b),
            // As the decoder's JSON numbers: whole ones are integers, the rest doubles.
            Shallow::Num(n) if !n.is_finite() => Err(GiveUp),
            Shallow::Num(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                let i = n as i64;
                match u64::try_from(i) {
                    Ok(u) => visitor.visit_u64(u),
                    Err(_) => visitor.visit_i64(i),
                }
            }
            Shallow::Num(n) => visitor.visit_f64(n),
            Shallow::Str(s) if s == UNKNOWN => Err(GiveUp),
            Shallow::Str(s) => visitor.visit_borrowed_str(s),
            Shallow::List(l) => {
                let mut list = List {
                    items: Items::new(l),
                    depth: self.depth,
                };
                let value = visitor.visit_seq(&mut list)?;
                match list.items.next() {
                    None => Ok(value),
                    Some(_) => Err(GiveUp),
                }
            }
            Shallow::Struct(st) => {
                let mut entries = Entries {
                    entries: wire::sorted_entries(st).map_err(|_| GiveUp)?.into_iter(),
                    extra: None,
                    pending: Pending::None,
                    depth: self.depth,
                };
                let value = visitor.visit_map(&mut entries)?;
                if entries.finished() {
                    Ok(value)
                } else {
                    Err(GiveUp)
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.v {
            _ if self.depth > MAX_DEPTH => Err(GiveUp),
            Shallow::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        match self.v {
            // A unit variant by name; variants with content are rare enough to give up on.
            Shallow::Str(s) if s != UNKNOWN && self.depth <= MAX_DEPTH => {
                visitor.visit_enum(BorrowedStrDeserializer::new(s))
            }
            _ => Err(GiveUp),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

// ---- writing ----

/// Starts a length-delimited field `tag`; returns where its content starts.
fn open(out: &mut Vec<u8>, tag: u8) -> usize {
    out.extend_from_slice(&[tag, 0]);
    out.len()
}

/// Ends the field [`open`] started at `start`, writing its length.
fn close(out: &mut Vec<u8>, start: usize) {
    let len = out.len() - start;
    if len < 0x80 {
        out[start - 1] = len as u8;
    } else {
        let mut varint = Vec::with_capacity(4);
        encode_varint(len as u64, &mut varint);
        out[start - 1] = varint[0];
        out.splice(start..start, varint[1..].iter().copied());
    }
}

/// Writes a length-delimited string field.
fn put_str(out: &mut Vec<u8>, tag: u8, s: &str) {
    out.push(tag);
    encode_varint(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

/// Writes one `Struct` entry: `Struct.fields` (1) holding `key` (1) and `value` (2).
fn put_entry<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) -> Result<(), GiveUp> {
    let entry = open(out, 0x0a);
    put_str(out, 0x0a, key);
    let v = open(out, 0x12);
    value.serialize(ValueSer(out))?;
    close(out, v);
    close(out, entry);
    Ok(())
}

/// The top level: a struct or a map, written as the `Struct` itself.
struct TopSer<'a>(&'a mut Vec<u8>);

/// Refuses every kind of value but a struct or a map, at the top or as a map key.
macro_rules! give_up {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, GiveUp> { Err(GiveUp) })*
    };
}

impl<'a> ser::Serializer for TopSer<'a> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = MapSer<'a>;
    type SerializeStruct = MapSer<'a>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    give_up! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), GiveUp> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'a>, GiveUp> {
        Ok(MapSer::new(self.0, None))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapSer<'a>, GiveUp> {
        Ok(MapSer::new(self.0, None))
    }
}

/// One `Value`, written as `serde_json` would write its JSON form and [`wire::encode`] that.
struct ValueSer<'a>(&'a mut Vec<u8>);

impl ValueSer<'_> {
    fn number(self, n: f64) -> Result<(), GiveUp> {
        if n.is_finite() {
            self.0.push(0x11);
            self.0.extend_from_slice(&n.to_le_bytes());
        } else {
            // serde_json writes a number that is not finite as null.
            self.0.extend_from_slice(&[0x08, 0]);
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for ValueSer<'a> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = ListSer<'a>;
    type SerializeTuple = ListSer<'a>;
    type SerializeTupleStruct = ListSer<'a>;
    type SerializeTupleVariant = ListSer<'a>;
    type SerializeMap = MapSer<'a>;
    type SerializeStruct = MapSer<'a>;
    type SerializeStructVariant = MapSer<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), GiveUp> {
        self.0.extend_from_slice(&[0x20, u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), GiveUp> {
        self.number(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), GiveUp> {
        self.number(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<(), GiveUp> {
        self.number(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), GiveUp> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), GiveUp> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), GiveUp> {
        put_str(self.0, 0x1a, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), GiveUp> {
        // serde_json writes bytes as a list of numbers.
        let list = open(self.0, 0x32);
        for b in v {
            let item = open(self.0, 0x0a);
            ValueSer(self.0).number((*b).into())?;
            close(self.0, item);
        }
        close(self.0, list);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), GiveUp> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), GiveUp> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), GiveUp> {
        self.0.extend_from_slice(&[0x08, 0]);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), GiveUp> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), GiveUp> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        // `{variant: value}`.
        let st = open(self.0, 0x2a);
        put_entry(self.0, variant, value)?;
        close(self.0, st);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<ListSer<'a>, GiveUp> {
        Ok(ListSer::new(self.0, Vec::new()))
    }
    fn serialize_tuple(self, len: usize) -> Result<ListSer<'a>, GiveUp> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ListSer<'a>, GiveUp> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<ListSer<'a>, GiveUp> {
        // `{variant: [...]}`: the struct, its entry and the entry's value close after the list.
        let outer = variant_opening(self.0, variant);
        Ok(ListSer::new(self.0, outer))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'a>, GiveUp> {
        let st = open(self.0, 0x2a);
        Ok(MapSer::new(self.0, Some(st)))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'a>, GiveUp> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapSer<'a>, GiveUp> {
        // `{variant: {...}}`.
        let outer = variant_opening(self.0, variant);
        let st = open(self.0, 0x2a);
        let mut m = MapSer::new(self.0, Some(st));
        m.outer = outer;
        Ok(m)
    }
}

/// Opens `{variant: ` (a struct, its one entry, the entry's value); returns what to close.
fn variant_opening(out: &mut Vec<u8>, variant: &str) -> Vec<usize> {
    let st = open(out, 0x2a);
    let entry = open(out, 0x0a);
    put_str(out, 0x0a, variant);
    let v = open(out, 0x12);
    vec![v, entry, st]
}

/// A `ListValue` being written.
struct ListSer<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
    /// Fields to close after the list, innermost first.
    outer: Vec<usize>,
}

impl<'a> ListSer<'a> {
    fn new(out: &'a mut Vec<u8>, outer: Vec<usize>) -> Self {
        let start = open(out, 0x32);
        Self { out, start, outer }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
        // `ListValue.values` (1).
        let item = open(self.out, 0x0a);
        value.serialize(ValueSer(self.out))?;
        close(self.out, item);
        Ok(())
    }

    fn finish(self) -> Result<(), GiveUp> {
        close(self.out, self.start);
        for at in self.outer {
            close(self.out, at);
        }
        Ok(())
    }
}

/// The list-writing traits of serde, each writing items with [`ListSer::item`].
macro_rules! list_ser {
    ($($trait:ident::$method:ident),*) => {
        $(impl ser::$trait for ListSer<'_> {
            type Ok = ();
            type Error = GiveUp;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
                self.item(value)
            }
            fn end(self) -> Result<(), GiveUp> {
                self.finish()
            }
        })*
    };
}

list_ser!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A `Struct` being written: the top-level one (`start` is `None`) or a nested one.
struct MapSer<'a> {
    out: &'a mut Vec<u8>,
    start: Option<usize>,
    /// The entry whose key was written and whose value comes next: (entry, value) starts.
    open_entry: Option<(usize, usize)>,
    /// Fields to close after the struct, innermost first.
    outer: Vec<usize>,
}

impl<'a> MapSer<'a> {
    fn new(out: &'a mut Vec<u8>, start: Option<usize>) -> Self {
        Self {
            out,
            start,
            open_entry: None,
            outer: Vec::new(),
        }
    }

    fn finish(self) -> Result<(), GiveUp> {
        if self.open_entry.is_some() {
            return Err(GiveUp);
        }
        if let Some(st) = self.start {
            close(self.out, st);
        }
        for at in self.outer {
            close(self.out, at);
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), GiveUp> {
        let entry = open(self.out, 0x0a);
        key.serialize(KeySer(self.out))?;
        let v = open(self.out, 0x12);
        self.open_entry = Some((entry, v));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
        let (entry, v) = self.open_entry.take().ok_or(GiveUp)?;
        value.serialize(ValueSer(self.out))?;
        close(self.out, v);
        close(self.out, entry);
        Ok(())
    }
    fn end(self) -> Result<(), GiveUp> {
        self.finish()
    }
}

/// The struct-writing traits of serde, each writing fields with [`put_entry`].
macro_rules! struct_ser {
    ($($trait:ident),*) => {
        $(impl ser::$trait for MapSer<'_> {
            type Ok = ();
            type Error = GiveUp;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), GiveUp> {
                put_entry(self.out, key, value)
            }
            fn end(self) -> Result<(), GiveUp> {
                self.finish()
            }
        })*
    };
}

struct_ser!(SerializeStruct, SerializeStructVariant);

/// A map key: only strings (and what `serde_json` writes as one without converting) pass.
struct KeySer<'a>(&'a mut Vec<u8>);

impl ser::Serializer for KeySer<'_> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = Impossible<(), GiveUp>;
    type SerializeStruct = Impossible<(), GiveUp>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    give_up! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_char(self, v: char) -> Result<(), GiveUp> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), GiveUp> {
        put_str(self.0, 0x0a, v);
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), GiveUp> {
        self.serialize_str(variant)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{decode_bytes, wire};
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Map, Value};
    use std::collections::BTreeMap;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        n: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        x: Option<f64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Mode {
        On,
        Off,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        name: Option<String>,
        #[serde(default)]
        list: Vec<Option<i64>>,
        inner: Option<Inner>,
        mode: Option<Mode>,
        #[serde(default)]
        tags: BTreeMap<String, String>,
        any: Option<Value>,
        pair: Option<(bool, String)>,
        #[serde(default)]
        bytes: Vec<u8>,
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!("an object"),
        }
    }

    /// The general path: decode to JSON, then read that.
    fn general<T: DeserializeOwned>(b: &[u8]) -> Option<T> {
        let props = decode_bytes(b).ok()?;
        if !props.secrets.is_empty() || !props.unknowns.is_empty() {
            return None;
        }
        T::deserialize(&props.value).ok()
    }

    #[test]
    fn reads_what_the_general_path_reads() {
        let m = object(json!({
            "name": "pool", "list": [1, null, -3], "inner": {"n": 7, "x": 1.5, "extra": [1]},
            "mode": "on", "tags": {"a": "b"}, "any": {"k": [1.25, 2, "s", true, null]},
            "pair": [true, "p"], "bytes": [0, 255], "ignored": {"deep": [[]]},
            "gone": null,
        }));
        let b = wire::encode(&m);
        let fast: Sample = Bag::read(&b)
            .and_then(|bag| bag.deserialize(None))
            .expect("plain");
        assert_eq!(Some(fast.clone()), general::<Sample>(&b));
        assert_eq!(fast.inner, Some(Inner { n: 7, x: Some(1.5) }));
        // Written back, it decodes as the JSON form does.
        let ours = to_wire(&fast).expect("a struct");
        let theirs = wire::encode(&crate::resource::to_map(&fast));
        assert!(wire::same(&ours, &theirs));
        assert_eq!(decode_bytes(&ours), decode_bytes(&theirs));
    }

    #[test]
    fn adds_the_extra_key_only_to_the_top() {
        let b = wire::encode(&object(json!({"name": null})));
        let bag = Bag::read(&b).expect("plain");
        assert!(!bag.holds("name"), "null counts as absent");
        let s: Sample = bag.deserialize(Some(("name", "made"))).expect("plain");
        assert_eq!(s.name.as_deref(), Some("made"));
        let b = wire::encode(&object(json!({"name": "given"})));
        assert!(Bag::read(&b).expect("plain").holds("name"));
    }

    #[test]
    fn gives_up_where_the_general_path_decides() {
        let cases = [
            // Markers.
            json!({"name": crate::codec::UNKNOWN}),
            json!({"list": [1, crate::codec::UNKNOWN]}),
            json!({"name": {crate::codec::SIG_KEY: crate::codec::SECRET_SIG, "value": "s"}}),
            json!({"ignored": {crate::codec::SIG_KEY: crate::codec::SECRET_SIG, "value": 1}}),
            // Values the type refuses: its message is the general path's to give.
            json!({"inner": {"n": -1}}),
            json!({"inner": {"n": 1.5}}),
            json!({"mode": "sideways"}),
            json!({"pair": [true, "p", 3]}),
            json!({"inner": {"x": 1.5}}),
        ];
        for c in cases {
            let b = wire::encode(&object(c.clone()));
            let fast: Option<Sample> = Bag::read(&b).and_then(|bag| bag.deserialize(None));
            assert!(fast.is_none(), "{c}");
        }
        // A key sent twice: the last one counts, as when decoding.
        let mut twice = wire::encode(&object(json!({"name": "first"})));
        twice.extend(wire::encode(&object(json!({"name": null}))));
        let s: Sample = Bag::read(&twice)
            .and_then(|bag| bag.deserialize(None))
            .expect("plain");
        assert_eq!(s.name, None);
        assert_eq!(general::<Sample>(&twice), Some(s));
        assert!(Bag::read(&[0xff]).is_none());
        // Nested deeper than the decoder reads, even a null gives up.
        let mut deep = Value::Null;
        for _ in 0..MAX_DEPTH {
            deep = json!({ "x": deep });
        }
        let b = wire::encode(&object(json!({ "any": deep })));
        assert!(decode_bytes(&b).is_err());
        let fast: Option<Sample> = Bag::read(&b).and_then(|bag| bag.deserialize(None));
        assert!(fast.is_none());
    }

    #[test]
    fn writes_only_structs_and_maps_at_the_top() {
        assert!(to_wire(&json!("a string")).is_none());
        assert!(to_wire(&vec![1]).is_none());
        let mut keyed = BTreeMap::new();
        keyed.insert(1, "one");
        assert!(
            to_wire(&keyed).is_none(),
            "serde_json turns number keys into strings"
        );
        // Long values get multi-byte lengths.
        let long = json!({"s": "x".repeat(300), "l": vec!["y".repeat(200); 3]});
        let ours = to_wire(&long).expect("a map");
        assert_eq!(
            decode_bytes(&ours).map(|p| Value::Object(p.value)),
            Ok(long.clone())
        );
        // serde_json writes a number that is not finite as null.
        let nan = Inner {
            n: 1,
            x: Some(f64::NAN),
        };
        let ours = to_wire(&nan).expect("a struct");
        assert!(wire::same(
            &ours,
            &wire::encode(&crate::resource::to_map(&nan))
        ));
    }
}
