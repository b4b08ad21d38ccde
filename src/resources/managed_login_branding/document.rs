//! JSON documents as the branding style's `settings` are: compared by meaning, merged as
//! AWS merges an update, projected onto what the program set, and converted to and from
//! Smithy documents.

use aws_smithy_types::{Document, Number};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// True if two JSON values mean the same: objects in any key order, numbers by value (`8`
/// and `8.0` are the same).
pub fn json_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || matches!((x.as_f64(), y.as_f64()), (Some(p), Some(q)) if p == q)
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| json_same(v, w))
        }
        _ => a == b,
    }
}

/// The same value with every object's keys sorted, so its text is stable.
pub fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        _ => v.clone(),
    }
}

/// The compact text of a JSON value, keys sorted.
pub fn canonical_text(v: &Value) -> String {
    serde_json::to_string(&canonical(v)).unwrap_or_default()
}

/// `new` laid over `old` key by key, recursively through objects: what AWS keeps when an
/// update sends `new` (it preserves what a request leaves out).
pub fn merge(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut out = o.clone();
            for (k, v) in n {
                let merged = match o.get(k) {
                    Some(ov) => merge(ov, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => new.clone(),
    }
}

/// The parts of `reported` that `shape` has, recursively through objects (arrays and
/// scalars whole): what Read reports of a document the program set only in part.
pub fn project_json(reported: &Value, shape: &Value) -> Value {
    match (reported, shape) {
        (Value::Object(r), Value::Object(s)) => Value::Object(
            s.iter()
                .filter_map(|(k, sv)| r.get(k).map(|rv| (k.clone(), project_json(rv, sv))))
                .collect(),
        ),
        _ => reported.clone(),
    }
}

/// A settings string parsed, if it is JSON.
pub fn parse_settings(s: &str) -> Option<Value> {
    serde_json::from_str(s).ok()
}

/// A JSON value as a Smithy document.
pub fn to_document(v: &Value) -> Document {
    match v {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Number::PosInt(u),
            (None, Some(i)) => Number::NegInt(i),
            _ => Number::Float(n.as_f64().unwrap_or_default()),
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(a) => Document::Array(a.iter().map(to_document).collect()),
        Value::Object(m) => Document::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), to_document(v)))
                .collect::<HashMap<_, _>>(),
        ),
    }
}

/// A Smithy document as a JSON value (a float that JSON cannot hold becomes null).
pub fn from_document(d: &Document) -> Value {
    match d {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(a) => Value::Array(a.iter().map(from_document).collect()),
        Document::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), from_document(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_documents_compare_by_meaning() {
        let a = json!({"a": 8, "b": {"x": [1, 2.5], "y": "s"}});
        let b: Value =
            serde_json::from_str(r#"{ "b": {"y":"s", "x":[1.0, 2.5]}, "a": 8.0 }"#).unwrap();
        assert!(json_same(&a, &b));
        assert!(!json_same(
            &a,
            &json!({"a": 8, "b": {"x": [2.5, 1], "y": "s"}})
        ));
        assert!(!json_same(&a, &json!({"a": 8})));
        assert!(!json_same(&json!(1), &json!("1")));
        assert_eq!(
            canonical_text(&json!({"b": 1, "a": {"d": 2, "c": 3}})),
            r#"{"a":{"c":3,"d":2},"b":1}"#
        );
    }

    #[test]
    fn documents_round_trip() {
        let v = json!({"n": -3, "p": 7, "f": 1.5, "s": "x", "l": [true, null], "o": {}});
        assert!(json_same(&from_document(&to_document(&v)), &v));
        assert_eq!(
            from_document(&Document::Number(Number::Float(f64::NAN))),
            Value::Null
        );
    }

    #[test]
    fn merge_and_projection() {
        let cur = json!({"a": {"x": 1, "y": 2}, "b": [1]});
        let new = json!({"a": {"x": 3}});
        assert_eq!(merge(&cur, &new), json!({"a": {"x": 3, "y": 2}, "b": [1]}));
        // Nothing to remove when the new document covers what AWS holds.
        assert!(json_same(
            &merge(&new, &json!({"a": {"x": 4}})),
            &json!({"a": {"x": 4}})
        ));
        assert_eq!(
            project_json(&cur, &json!({"a": {"y": 0}})),
            json!({"a": {"y": 2}})
        );
    }
}
