//! proptest strategies for protobuf property bags: plain values, and wild ones with nulls,
//! NaNs, sentinels, malformed special objects and keys taken from our schema.

use proptest::prelude::*;
use prost_types::{value::Kind, ListValue, Struct, Value};
use pulumi_cognito::codec::{SECRET_SIG, SIG_KEY, UNKNOWN};

/// Wraps a kind as a value.
pub fn v(kind: Kind) -> Value {
    Value { kind: Some(kind) }
}

/// Plain values: no nulls inside objects (the codec drops them), finite numbers, no sentinels.
pub fn plain() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(|b| v(Kind::BoolValue(b))),
        (-1e12f64..1e12).prop_map(|n| v(Kind::NumberValue(n))),
        (-1_000_000i64..1_000_000).prop_map(|n| v(Kind::NumberValue(n as f64))),
        "[a-zA-Z0-9 _.:-]{0,12}".prop_map(|s| v(Kind::StringValue(s))),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|values| v(Kind::ListValue(ListValue { values }))),
            prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9.]{0,8}", inner, 0..5)
                .prop_map(|fields| v(Kind::StructValue(Struct { fields }))),
        ]
    })
}

/// A struct of plain values.
pub fn plain_struct() -> impl Strategy<Value = Struct> {
    prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9]{0,8}", plain(), 0..6)
        .prop_map(|fields| Struct { fields })
}

/// Every property name in `schema.json`, so wild values hit real fields.
pub fn schema_keys() -> Vec<String> {
    let s: serde_json::Value =
        serde_json::from_str(include_str!("../../schema.json")).expect("schema.json parses");
    let mut keys = std::collections::BTreeSet::new();
    for section in ["resources", "types"] {
        for (_, def) in s[section].as_object().into_iter().flatten() {
            for props in ["properties", "inputProperties"] {
                keys.extend(
                    def[props]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k.clone()),
                );
            }
        }
    }
    keys.into_iter().collect()
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(schema_keys()),
        1 => Just(SIG_KEY.to_string()),
        1 => Just("value".to_string()),
        1 => ".{0,6}",
    ]
}

/// Anything: nulls, NaN and infinities, sentinels, wrong types, malformed secrets.
pub fn wild() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(v(Kind::NullValue(0))),
        Just(Value { kind: None }),
        any::<f64>().prop_map(|n| v(Kind::NumberValue(n))),
        (-400i64..400).prop_map(|n| v(Kind::NumberValue(n as f64))),
        any::<bool>().prop_map(|b| v(Kind::BoolValue(b))),
        Just(v(Kind::StringValue(UNKNOWN.into()))),
        Just(v(Kind::StringValue(SECRET_SIG.into()))),
        prop::sample::select(vec![
            "ON",
            "OFF",
            "OPTIONAL",
            "ACTIVE",
            "String",
            "email",
            "ADMIN_NO_SRP_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "code",
            "minutes",
            "https://x.example/cb",
            "FORM_LOGO",
            "LIGHT",
            "PNG",
            "terms-of-use",
            "cognito:default",
            "LINK",
            "NONE",
            "{\"a\": 8.0}",
            "aGVsbG8="
        ])
        .prop_map(|s| v(Kind::StringValue(s.into()))),
        ".{0,10}".prop_map(|s| v(Kind::StringValue(s))),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|values| v(Kind::ListValue(ListValue { values }))),
            prop::collection::btree_map(key(), inner, 0..5)
                .prop_map(|fields| v(Kind::StructValue(Struct { fields }))),
        ]
    })
}

/// A wild property bag.
pub fn wild_struct() -> impl Strategy<Value = Struct> {
    prop::collection::btree_map(key(), wild(), 0..8).prop_map(|fields| Struct { fields })
}
