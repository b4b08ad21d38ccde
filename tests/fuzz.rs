//! Bad input: arbitrary protobuf property bags thrown at Check, Diff, preview Create/Update
//! and the codec, for every resource. Nothing may panic, and every rejection names a property.
//!
//! CI runs 256 cases per property; run longer with
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

mod support;

use proptest::prelude::*;
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
        let sent = Arc::new(Lazy::new(Some(olds.clone())));
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
}
