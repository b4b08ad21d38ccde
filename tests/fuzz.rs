//! Bad input: arbitrary protobuf property bags thrown at Check, Diff, preview Create/Update
//! and the codec, for every resource. Nothing may panic, and every rejection names a property.
//!
//! CI runs 256 cases per property; run longer with
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

mod support;

use proptest::prelude::*;
use prost::Message;
use pulumi_cognito::codec::{self, Lazy, PropPath};
use pulumi_cognito::resource::{Autonaming, CheckArgs};
use pulumi_cognito::resources::Registry;
use std::sync::Arc;
use support::arb::wild_struct;

const TOKENS: [&str; 3] = [
    "cognito:index:UserPool",
    "cognito:index:UserPoolClient",
    "cognito:index:IdentityPool",
];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #[test]
    fn check_diff_and_preview_never_panic(
        token in prop::sample::select(TOKENS.to_vec()),
        olds in wild_struct(),
        news in wild_struct(),
        seed in prop::collection::vec(any::<u8>(), 0..40),
        naming in 0u8..4,
    ) {
        let registry = Registry::new();
        let r = registry.get(token).unwrap();
        let autonaming = match naming {
            0 => Autonaming::Default,
            1 => Autonaming::Propose("proposed".into()),
            2 => Autonaming::Enforce("enforced".into()),
            _ => Autonaming::Disable,
        };
        let sent = Arc::new(Lazy::new(olds.encode_to_vec().into()).expect("an encoded Struct"));
        let (olds, news) = (codec::decode(&olds), codec::decode(&news));
        let (checked, mut failures) = r.check(CheckArgs { name: "fuzz".into(), olds: sent, news: news.clone(), seed, autonaming });
        failures.extend(r.check_change(&olds, &checked));
        for f in &failures {
            prop_assert!(!f.property.is_empty(), "rejection without a property: {:?}", f);
            prop_assert!(!f.reason.is_empty());
        }
        // The checked bag survives the codec.
        let round = codec::decode(&codec::encode(&checked));
        prop_assert_eq!(&round.unknowns, &checked.unknowns);
        let d = r.diff(&olds, &checked, &[PropPath::key("tags")]);
        for p in &d.diffs {
            prop_assert!(p.path.top().is_some());
        }
        if failures.is_empty() {
            let rt = runtime();
            let (id, out) = rt.block_on(r.create(None, checked.clone(), true)).expect("preview create needs no AWS");
            prop_assert_eq!(id, "");
            let computed = if token == "cognito:index:UserPoolClient" { "clientSecret" } else { "arn" };
            prop_assert!(out.unknowns.contains(&PropPath::key(computed)), "{} must be unknown in preview", computed);
            let _ = rt.block_on(r.update(None, "some-id", olds.clone(), olds, checked, true)).expect("preview update needs no AWS");
        }
    }

    /// The wire reader of Check and Diff decodes every bag as the prost path does, and
    /// `Lazy::same_as` holds between a bag and itself written by either encoder.
    #[test]
    fn bytes_decode_as_structs_do(s in wild_struct()) {
        let bytes = s.encode_to_vec();
        let props = codec::decode(&s);
        prop_assert_eq!(&codec::decode_bytes(&bytes).expect("prost's bytes"), &props);
        let lazy = Lazy::new(bytes.clone().into()).expect("prost's bytes");
        prop_assert!(lazy.same_as(&bytes));
        prop_assert_eq!(lazy.props(), &props);
        // Our encoder writes what the prost path writes (a secret null, for one, is lost by
        // both: there is no value to wrap).
        let ours = codec::encode_bytes(&props);
        prop_assert_eq!(&prost_types::Struct::decode(&ours[..]).expect("our bytes"), &codec::encode(&props));
        let round = codec::decode(&codec::encode(&props));
        prop_assert_eq!(&codec::decode_bytes(&ours).expect("our bytes"), &round);
        let ours = Lazy::new(ours.into()).expect("our bytes");
        prop_assert_eq!(ours.props(), &round);
    }

    /// Arbitrary bytes never panic the wire reader; what both readers accept, they read alike.
    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..200)) {
        let ours = codec::decode_bytes(&b);
        if let (Ok(ours), Ok(s)) = (&ours, prost_types::Struct::decode(&b[..])) {
            prop_assert_eq!(ours, &codec::decode(&s));
        }
        prop_assert_eq!(ours.is_ok(), Lazy::new(b.into()).is_ok());
    }

    /// Check's and Diff's shortcuts are sound: a bag is found alike the inputs, or the same as
    /// another bag, only when they decode alike; and a plain bag is found alike its own
    /// decoding unless it holds a number that is not finite.
    #[test]
    fn shortcuts_hold_only_for_bags_that_decode_alike(a in wild_struct(), b in wild_struct()) {
        let (pa, pb) = (codec::decode(&a), codec::decode(&b));
        let la = Lazy::new(a.encode_to_vec().into()).expect("prost's bytes");
        for other in [&pa, &pb] {
            if la.alike(other) {
                prop_assert_eq!(la.props(), other);
            }
        }
        let plain = pa.secrets.is_empty() && pa.unknowns.is_empty();
        let finite = !format!("{a:?}").contains("NumberValue(NaN)") && !format!("{a:?}").contains("inf)");
        if plain && finite {
            prop_assert!(la.alike(&pa), "a plain bag is alike its decoding");
            la.keep_alike(pa.clone());
            prop_assert!(la.same_as(&codec::encode_bytes(&pa)));
        }
        if la.same_as(&b.encode_to_vec()) {
            prop_assert_eq!(&pa, &pb);
        }
    }
}
