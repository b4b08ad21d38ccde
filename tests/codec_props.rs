//! Property tests of the value codec: round trips, secrets and unknowns, and no panics on
//! arbitrary input.

mod support;

use proptest::prelude::*;
use prost_types::{value::Kind, Struct, Value};
use pulumi_cognito::codec::{self, PropPath, UNKNOWN};
use std::collections::BTreeMap;
use support::arb::{plain_struct, v, wild};

fn paths(val: &Value, here: PropPath, out: &mut Vec<PropPath>) {
    match &val.kind {
        Some(Kind::StructValue(s)) => {
            for (k, x) in &s.fields {
                let p = here.child(k);
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        Some(Kind::ListValue(l)) => {
            for (i, x) in l.values.iter().enumerate() {
                let p = here.index(i);
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(s: &'a mut Struct, p: &PropPath) -> Option<&'a mut Value> {
    let mut segs = p.0.iter();
    let Some(codec::Seg::Key(first)) = segs.next() else {
        return None;
    };
    let mut cur = s.fields.get_mut(first)?;
    for seg in segs {
        cur = match (seg, cur.kind.as_mut()?) {
            (codec::Seg::Key(k), Kind::StructValue(st)) => st.fields.get_mut(k)?,
            (codec::Seg::Index(i), Kind::ListValue(l)) => l.values.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn all_paths(s: &Struct) -> Vec<PropPath> {
    let mut out = Vec::new();
    paths(&v(Kind::StructValue(s.clone())), PropPath::root(), &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn plain_values_round_trip(s in plain_struct()) {
        let d = codec::decode(&s);
        prop_assert!(d.secrets.is_empty() && d.unknowns.is_empty());
        prop_assert_eq!(codec::encode(&d), s);
    }

    #[test]
    fn secrets_are_stripped_and_restored(s in plain_struct(), pick in any::<prop::sample::Index>()) {
        let ps = all_paths(&s);
        prop_assume!(!ps.is_empty());
        let target = ps[pick.index(ps.len())].clone();
        let mut wrapped = s.clone();
        let slot = get_mut(&mut wrapped, &target).unwrap();
        *slot = codec::secret(slot.clone());
        let d = codec::decode(&wrapped);
        // The secret is recorded at its path, or at the outermost list that holds it.
        prop_assert!(d.secrets.iter().any(|p| target.starts_with(p)), "{:?} not covered by {:?}", target, d.secrets);
        // The plain view is the original, with no wrapper left in it.
        prop_assert_eq!(codec::encode(&codec::Props::plain(d.value.clone())), s);
        let in_list = target.0.iter().any(|seg| matches!(seg, codec::Seg::Index(_)));
        if !in_list {
            prop_assert_eq!(codec::encode(&d), wrapped);
        }
    }

    #[test]
    fn unknowns_are_recorded_and_restored(s in plain_struct(), pick in any::<prop::sample::Index>()) {
        let ps: Vec<PropPath> = all_paths(&s);
        prop_assume!(!ps.is_empty());
        let target = ps[pick.index(ps.len())].clone();
        let mut marked = s.clone();
        *get_mut(&mut marked, &target).unwrap() = v(Kind::StringValue(UNKNOWN.into()));
        let d = codec::decode(&marked);
        // The unknown is recorded at its path, or at the list that holds it.
        prop_assert!(d.unknowns.iter().any(|u| target.starts_with(u)), "{:?} not covered by {:?}", target, d.unknowns);
        let dump = serde_json::to_string(&d.value).unwrap();
        prop_assert!(!dump.contains(UNKNOWN));
        let again = codec::decode(&codec::encode(&d));
        prop_assert_eq!(again.unknowns, d.unknowns);
    }

    #[test]
    fn arbitrary_input_never_panics(fields in prop::collection::btree_map(".{0,6}", wild(), 0..6)) {
        let s = Struct { fields: fields.into_iter().collect::<BTreeMap<_, _>>() };
        let d = codec::decode(&s);
        let e = codec::encode(&d);
        let d2 = codec::decode(&e);
        prop_assert_eq!(d2.unknowns, d.unknowns);
    }
}
