//! Bad input: arbitrary protobuf property bags thrown at Check, Diff, preview Create/Update
//! and the codec, for every resource, and at Invoke for every function. Nothing may panic,
//! and every rejection names a property.
//!
//! CI runs 256 cases per property; run longer with
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

#[path = "../benches/common/mod.rs"]
mod common;
mod support;

use proptest::prelude::*;
use prost::Message;
use prost_types::Struct;
use pulumi_cognito::codec::{self, Lazy, PropPath};
use pulumi_cognito::error::ProviderError;
use pulumi_cognito::function::Invoked;
use pulumi_cognito::resource::{Autonaming, CheckArgs};
use pulumi_cognito::resources::Registry;
use support::arb::{wild, wild_struct};

const TOKENS: [&str; 17] = [
    "cognito:index:UserPool",
    "cognito:index:UserPoolClient",
    "cognito:index:IdentityPool",
    "cognito:index:UserGroup",
    "cognito:index:User",
    "cognito:index:UserInGroup",
    "cognito:index:ResourceServer",
    "cognito:index:UserPoolDomain",
    "cognito:index:IdentityProvider",
    "cognito:index:IdentityPoolRoleAttachment",
    "cognito:index:IdentityPoolProviderPrincipalTag",
    "cognito:index:ManagedLoginBranding",
    "cognito:index:Terms",
    "cognito:index:UserPoolUICustomization",
    "cognito:index:ManagedUserPoolClient",
    "cognito:index:RiskConfiguration",
    "cognito:index:LogDeliveryConfiguration",
];

const FUNCTIONS: [&str; 8] = [
    "cognito:index:getIdentityPool",
    "cognito:index:getUserGroup",
    "cognito:index:getUserGroups",
    "cognito:index:getUserPool",
    "cognito:index:getUserPoolClient",
    "cognito:index:getUserPoolClients",
    "cognito:index:getUserPoolSigningCertificate",
    "cognito:index:getUserPools",
];

/// An output each resource computes, unknown in a preview (none for resources whose
/// outputs are only their inputs: groups, memberships, identity providers).
fn computed(token: &str) -> Option<&'static str> {
    match token {
        "cognito:index:UserPoolClient" | "cognito:index:ManagedUserPoolClient" => {
            Some("clientSecret")
        }
        "cognito:index:ManagedLoginBranding" => Some("managedLoginBrandingId"),
        "cognito:index:Terms" => Some("termsId"),
        "cognito:index:User" => Some("sub"),
        "cognito:index:UserGroup" | "cognito:index:UserInGroup" => None,
        "cognito:index:ResourceServer" => Some("scopeIdentifiers"),
        "cognito:index:UserPoolDomain" => Some("cloudfrontDistribution"),
        "cognito:index:IdentityProvider" => None,
        // Settings on a parent have no computed outputs.
        "cognito:index:IdentityPoolRoleAttachment"
        | "cognito:index:IdentityPoolProviderPrincipalTag"
        | "cognito:index:RiskConfiguration"
        | "cognito:index:LogDeliveryConfiguration" => None,
        "cognito:index:UserPoolUICustomization" => Some("cssVersion"),
        _ => Some("arn"),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One of the engine's four autonaming requests.
fn autonaming(which: u8) -> Autonaming {
    match which {
        0 => Autonaming::Default,
        1 => Autonaming::Propose("proposed".into()),
        2 => Autonaming::Enforce("enforced".into()),
        _ => Autonaming::Disable,
    }
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
        let autonaming = autonaming(naming);
        let sent = olds.encode_to_vec().into();
        let olds = codec::decode(&olds);
        let args = CheckArgs { name: "fuzz".into(), olds: sent, seed, autonaming, ..Default::default() };
        let c = r.check(&args, &news.encode_to_vec()).expect("an encoded Struct");
        let checked = c.props().into_owned();
        let mut failures = c.failures;
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
            if let Some(computed) = computed(token) {
                prop_assert!(out.unknowns.contains(&PropPath::key(computed)), "{} must be unknown in preview", computed);
            }
            // Always-secret inputs (passwords) are secret in what Check answers and in the
            // preview's outputs.
            for k in ["password", "temporaryPassword"] {
                if token == "cognito:index:User" && checked.value.contains_key(k) {
                    prop_assert!(checked.secrets.contains(&PropPath::key(k)), "{} must be secret", k);
                    prop_assert!(out.secrets.contains(&PropPath::key(k)), "{} must be secret", k);
                }
            }
            let _ = rt.block_on(r.update(None, "some-id", olds.clone(), olds, checked, true)).expect("preview update needs no AWS");
        }
    }

    /// Any arguments to any function: failures that each name a property, or (for arguments
    /// that pass) a clean "not configured" before any AWS call; never a panic.
    #[test]
    fn invoke_never_panics(
        token in prop::sample::select(FUNCTIONS.to_vec()),
        args in wild_struct(),
    ) {
        let registry = pulumi_cognito::functions::Registry::new();
        let f = registry.get(token).unwrap();
        match runtime().block_on(f.invoke(None, codec::decode(&args))) {
            Ok(Invoked::Failures(fs)) => {
                prop_assert!(!fs.is_empty());
                for f in &fs {
                    prop_assert!(!f.property.is_empty(), "rejection without a property: {:?}", f);
                    prop_assert!(!f.reason.is_empty());
                }
            }
            Ok(Invoked::Return(r)) => prop_assert!(false, "a result without AWS: {:?}", r),
            Err(e) => prop_assert!(matches!(e, ProviderError::NotConfigured), "{}", e),
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

    /// Diff's shortcut is sound: a bag is found the same as another only when they decode
    /// alike; and a plain bag is the same as its own decoding written back, unless it holds
    /// a number that is not finite.
    #[test]
    fn same_holds_only_for_bags_that_decode_alike(a in wild_struct(), b in wild_struct()) {
        let (pa, pb) = (codec::decode(&a), codec::decode(&b));
        let la = Lazy::new(a.encode_to_vec().into()).expect("prost's bytes");
        let plain = pa.secrets.is_empty() && pa.unknowns.is_empty();
        let finite = !format!("{a:?}").contains("NumberValue(NaN)") && !format!("{a:?}").contains("inf)");
        if plain && finite {
            prop_assert!(la.same_as(&codec::encode_bytes(&pa)), "a plain bag is the same as its decoding");
        }
        if la.same_as(&b.encode_to_vec()) {
            prop_assert_eq!(&pa, &pb);
        }
        if la.same_as(&codec::encode_bytes(&pb)) {
            prop_assert_eq!(&pa, &codec::decode_bytes(&codec::encode_bytes(&pb)).expect("our bytes"));
        }
    }

    /// Check's shortcut for old inputs is sound: they go unchecked only when they are the
    /// same as the checked inputs, and then they decode alike, whatever their bytes (here
    /// written by prost or by us, in any order, with a few bytes overwritten).
    #[test]
    fn old_inputs_go_unchecked_only_when_they_are_the_checked_ones(
        a in wild_struct(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        theirs in any::<bool>(),
    ) {
        let known = codec::encode_bytes(&codec::decode(&a));
        let mut sent = if theirs { a.encode_to_vec() } else { known.clone() };
        for (at, byte) in edits {
            if !sent.is_empty() {
                let i = at.index(sent.len());
                sent[i] = byte;
            }
        }
        match Lazy::same_or_new(&sent, &known.clone().into()) {
            Ok((lazy, true)) => {
                let decoded = codec::decode_bytes(&sent).expect("a bag found the same decodes");
                prop_assert_eq!(&decoded, &codec::decode_bytes(&known).expect("our bytes"));
                prop_assert_eq!(lazy.is_empty(), decoded.value.is_empty() && decoded.unknowns.is_empty());
                prop_assert_eq!(lazy.props(), &decoded);
            }
            Ok((lazy, false)) => {
                prop_assert_eq!(lazy.props(), &codec::decode_bytes(&sent).expect("checked bytes"));
            }
            Err(_) => prop_assert!(codec::decode_bytes(&sent).is_err()),
        }
    }

    /// Check's plain path (bytes to typed inputs and back) agrees with its general path
    /// (through decoded JSON): the same checked inputs and the same failures, for wild bags
    /// and for rich inputs with some properties dropped or made wild.
    #[test]
    fn plain_check_agrees_with_the_general_path(
        (token, news) in prop::sample::select(TOKENS.to_vec()).prop_flat_map(|t| {
            let news = prop_oneof![wild_struct(), mutated(t)];
            (Just(t), news)
        }),
        olds in prop_oneof![wild_struct(), Just(Struct::default())],
        seed in prop::collection::vec(any::<u8>(), 1..40),
        naming in 0u8..4,
        // The provider's default tags, merged into taggable resources' tagsAll (unknown in
        // a preview whose provider config is not known yet).
        default_tags in prop::collection::btree_map("(aws:)?[a-z]{0,3}", "[a-z]{0,3}", 0..4),
        unknown_tags in any::<bool>(),
    ) {
        let registry = Registry::new();
        let r = registry.get(token).unwrap();
        let autonaming = autonaming(naming);
        let default_tags = std::sync::Arc::new(pulumi_cognito::tags::DefaultTags { tags: default_tags, unknown: unknown_tags });
        let args = CheckArgs { name: "fuzz".into(), olds: olds.encode_to_vec().into(), seed, autonaming, default_tags };
        let bytes = news.encode_to_vec();
        let fast = r.check(&args, &bytes).expect("an encoded Struct");
        let general = r.check_props(&args, codec::decode_bytes(&bytes).expect("an encoded Struct"));
        prop_assert_eq!(&*fast.props(), &*general.props());
        prop_assert_eq!(&fast.failures, &general.failures);
        // What the engine gets back is the same bag, whichever path wrote it.
        prop_assert!(codec::wire::same(&fast.sent, &general.sent));
    }
}

/// Rich inputs of the resource `token` (as the benchmarks use), each top-level property kept,
/// dropped or replaced by a wild value, plus a few wild properties.
fn mutated(token: &'static str) -> impl Strategy<Value = Struct> {
    let base = match token {
        "cognito:index:UserGroup" => support::arb::rich_group(),
        "cognito:index:User" => support::arb::rich_user(),
        "cognito:index:UserInGroup" => support::arb::membership(),
        "cognito:index:UserPool" => common::rich_pool(),
        "cognito:index:UserPoolClient" => common::rich_client("us-east-1_AbCdEf123"),
        "cognito:index:ResourceServer" => support::arb::rich_resource_server(),
        "cognito:index:UserPoolDomain" => support::arb::rich_domain(),
        "cognito:index:IdentityProvider" => support::arb::rich_identity_provider(),
        "cognito:index:IdentityPoolRoleAttachment" => rich_role_attachment(),
        "cognito:index:UserPoolUICustomization" => support::arb::rich_ui_customization(),
        "cognito:index:ManagedUserPoolClient" => support::arb::rich_managed_client(),
        "cognito:index:RiskConfiguration" => support::arb::rich_risk_configuration(),
        "cognito:index:LogDeliveryConfiguration" => support::arb::rich_log_delivery(),
        "cognito:index:IdentityPoolProviderPrincipalTag" => serde_json::json!({
            "identityPoolId": "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d",
            "identityProviderName": "arn:aws:iam::123456789012:oidc-provider/id.example.com",
            "useDefaults": false,
            "principalTags": {"team": "custom:team", "user": "sub"},
        }),
        "cognito:index:ManagedLoginBranding" => serde_json::json!({
            "userPoolId": "us-east-1_AbCdEf123",
            "clientId": "client1",
            "settings": r#"{"components": {"form": {"borderRadius": 8.0}}, "categories": {}}"#,
            "useCognitoProvidedValues": false,
            "assets": [
                {"category": "FORM_LOGO", "colorMode": "LIGHT", "extension": "PNG", "bytes": "aGVsbG8="},
                {"category": "PAGE_BACKGROUND", "colorMode": "DARK", "extension": "SVG",
                 "bytes": "PHN2Zy8+", "resourceId": "bg-dark"},
            ],
        }),
        "cognito:index:Terms" => serde_json::json!({
            "userPoolId": "us-east-1_AbCdEf123",
            "clientId": "client1",
            "termsName": "terms-of-use",
            "termsSource": "LINK",
            "enforcement": "NONE",
            "links": {"cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es"},
        }),
        _ => common::identity_pool(
            "fuzz-identities",
            "client-id",
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
        ),
    };
    let base = common::pb(&base);
    let n = base.fields.len();
    (
        prop::collection::vec(0u8..10, n),
        prop::collection::vec(wild(), n),
        wild_struct(),
    )
        .prop_map(move |(choices, wilds, extra)| {
            let mut s = base.clone();
            let keys: Vec<String> = s.fields.keys().cloned().collect();
            for ((k, c), w) in keys.iter().zip(choices).zip(wilds) {
                match c {
                    0 => {
                        s.fields.remove(k);
                    }
                    1 => {
                        s.fields.insert(k.clone(), w);
                    }
                    _ => {}
                }
            }
            if extra.fields.len() % 3 == 0 {
                s.fields.extend(extra.fields);
            }
            s
        })
}

/// A role attachment with both roles, a Rules mapping and a Token mapping.
fn rich_role_attachment() -> serde_json::Value {
    let arn = |n: &str| format!("arn:aws:iam::123456789012:role/{n}");
    serde_json::json!({
        "identityPoolId": "us-east-1:0b9c1a3e-6d4f-4a3b-9c2d-1e2f3a4b5c6d",
        "roles": {"authenticated": arn("users"), "unauthenticated": arn("guests")},
        "roleMappings": [
            {"identityProvider": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:client42",
             "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
             "mappingRules": [
                {"claim": "cognito:groups", "matchType": "Contains", "value": "admins", "roleArn": arn("admins")},
                {"claim": "custom:tier", "matchType": "StartsWith", "value": "gold", "roleArn": arn("gold")},
             ]},
            {"identityProvider": "accounts.google.com", "type": "Token", "ambiguousRoleResolution": "Deny"},
        ],
    })
}
