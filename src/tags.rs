//! Tags as AWS and pulumi-aws have them: the provider's `defaultTags`, merged under each
//! taggable resource's `tags` into `tagsAll`; the Check rules of AWS's tagging APIs; and the
//! TagResource/UntagResource calls that bring a resource's tags to `tagsAll`.
//!
//! Check puts the merged `tagsAll` into the checked inputs ([`crate::resource::Resource::tags`]),
//! so Diff (and the preview) sees a change of the default tags as a change of `tagsAll`, an
//! in-place update. Tags AWS adds itself (`aws:*`) are never reported, so they never drift.

use crate::aws::AwsError;
use crate::codec::{PropPath, Props};
use crate::resource::Ctx;
use crate::validate::Checker;
use serde_json::Value;
use std::collections::BTreeMap;

/// A tag set: key → value.
pub type Tags = BTreeMap<String, String>;

/// AWS's most tags on one user pool or identity pool.
pub const MAX_TAGS: usize = 50;

/// The provider's default tags (`defaultTags.tags`), as Configure found them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefaultTags {
    /// The default tags.
    pub tags: Tags,
    /// True if the default tags are unknown (a preview whose provider config depends on
    /// another resource's output): every `tagsAll` is then unknown too.
    pub unknown: bool,
}

/// The `tags` input and the `tagsAll` slot of a taggable resource's inputs.
pub struct TagSlots<'a> {
    /// The resource's own tags.
    pub tags: &'a Option<Tags>,
    /// All tags: Check sets it to [`merge`] of the default tags and `tags`.
    pub all: &'a mut Option<Tags>,
}

/// True for the tag keys AWS reserves for itself (`aws:`, any case).
pub fn is_aws(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// All tags: the default tags, overridden by the resource's own (as pulumi-aws and the
/// Terraform AWS provider merge them).
pub fn merge(defaults: &Tags, tags: Option<&Tags>) -> Tags {
    let mut all = defaults.clone();
    all.extend(
        tags.into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    all
}

/// The tags AWS reports, without the ones AWS adds itself.
pub fn without_aws<'a>(tags: impl IntoIterator<Item = (&'a String, &'a String)>) -> Tags {
    tags.into_iter()
        .filter(|(k, _)| !is_aws(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// What Read reports for `tags`, given all tags on AWS (`aws:*` removed): every tag but
/// those that are default tags with their default value, unless the resource sets them
/// itself (`own`, the last inputs' tags); `None` if that leaves none.
pub fn own_tags(all: &Tags, defaults: &Tags, own: Option<&Tags>) -> Option<Tags> {
    let tags: Tags = all
        .iter()
        .filter(|(k, v)| own.is_some_and(|o| o.contains_key(*k)) || defaults.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!tags.is_empty()).then_some(tags)
}

/// Checks a tag set (a resource's `tags`, or the provider's `defaultTags.tags`) by the
/// rules of AWS's TagResource: at most 50 tags, keys of 1 to 128 characters, values of at
/// most 256, and no key starting with `aws:` (reserved for AWS).
pub fn check(c: &mut Checker, tags: Option<&Tags>, path: &PropPath) {
    let Some(tags) = tags else { return };
    c.rule_with(tags.len() <= MAX_TAGS, path, || {
        format!("at most {MAX_TAGS} tags are allowed, got {}", tags.len())
    });
    for (k, v) in tags {
        let at = path.child(k).to_string();
        let n = k.chars().count();
        c.rule_with((1..=128).contains(&n), at.as_str(), || {
            format!("a tag key must be 1 to 128 characters long, got {n}")
        });
        c.rule(
            !is_aws(k),
            at.as_str(),
            "tag keys starting with \"aws:\" are reserved for AWS",
        );
        let n = v.chars().count();
        c.rule_with(n <= 256, at.as_str(), || {
            format!("a tag value must be at most 256 characters long, got {n}")
        });
    }
}

/// Checks that the resource's tags merged with the default tags (`all`) stay within AWS's
/// limit of 50 (the resource's own tags alone are checked by [`check`]).
pub fn check_all(c: &mut Checker, tags: Option<&Tags>, all: Option<&Tags>) {
    let (own, all) = (tags.map_or(0, Tags::len), all.map_or(0, Tags::len));
    c.rule_with(own > MAX_TAGS || all <= MAX_TAGS, "tags", || {
        format!("with the provider's defaultTags the resource would have {all} tags; AWS allows at most {MAX_TAGS}")
    });
}

/// Sets `tagsAll` in typed inputs: the default tags merged with the resource's own.
pub fn fill(slots: &mut TagSlots<'_>, defaults: &DefaultTags) {
    *slots.all = Some(merge(&defaults.tags, slots.tags.as_ref()));
}

/// Marks `tagsAll` in checked inputs the way `tags` and the default tags are marked:
/// unknown if either is unknown (its merged value is then dropped), secret if any tag is.
pub fn mark(p: &mut Props, defaults: &DefaultTags) {
    let tags = PropPath::key("tags");
    let all = PropPath::key("tagsAll");
    // Markers the engine sent on `tagsAll` are stale: it is ours to compute.
    p.unknowns.retain(|u| !u.touches(&all));
    p.secrets.retain(|s| !s.touches(&all));
    if defaults.unknown || p.touches_unknown(&tags) {
        p.value.remove("tagsAll");
        p.unknowns.insert(all.clone());
    }
    if p.secrets.iter().any(|s| s.touches(&tags)) && p.value.contains_key("tagsAll") {
        p.secrets.insert(all);
    }
}

/// For Diff: `tagsAll` of inputs that have none (a state written before this provider
/// merged default tags) is `tags`: returns the inputs with it filled in, if it was missing.
pub fn with_tags_all(p: &Props) -> Option<Props> {
    let all = PropPath::key("tagsAll");
    if p.value.contains_key("tagsAll") || p.unknowns.contains(&all) {
        return None;
    }
    let mut p = p.clone();
    let tags = p
        .value
        .get("tags")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    p.value.insert("tagsAll".into(), tags);
    if p.unknowns.contains(&PropPath::key("tags")) {
        p.unknowns.insert(all.clone());
    }
    if p.secrets.contains(&PropPath::key("tags")) {
        p.secrets.insert(all);
    }
    Some(p)
}

/// The tag changes that bring `live` (what AWS has, `aws:*` removed) to `desired`: the tags
/// to set (new keys and changed values) and the keys to remove.
pub fn changes(live: &Tags, desired: &Tags) -> (Tags, Vec<String>) {
    let set = desired
        .iter()
        .filter(|(k, v)| live.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let remove = live
        .keys()
        .filter(|k| !desired.contains_key(*k) && !is_aws(k))
        .cloned()
        .collect();
    (set, remove)
}

/// Which Cognito service a tagged resource belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// cognito-idp: user pools.
    UserPools,
    /// cognito-identity: identity pools.
    IdentityPools,
}

/// Brings the tags of the resource `arn` from `live` to `desired` with UntagResource and
/// TagResource (nothing when they agree).
pub async fn apply(
    ctx: Ctx<'_>,
    service: Service,
    arn: &str,
    live: &Tags,
    desired: &Tags,
) -> Result<(), AwsError> {
    let (set, remove) = changes(live, desired);
    if !remove.is_empty() {
        match service {
            Service::UserPools => {
                ctx.aws
                    .call("UntagResource", None, || {
                        ctx.aws
                            .idp()
                            .untag_resource()
                            .resource_arn(arn)
                            .set_tag_keys(Some(remove.clone()))
                            .send()
                    })
                    .await?;
            }
            Service::IdentityPools => {
                ctx.aws
                    .call("UntagResource", None, || {
                        ctx.aws
                            .identity()
                            .untag_resource()
                            .resource_arn(arn)
                            .set_tag_keys(Some(remove.clone()))
                            .send()
                    })
                    .await?;
            }
        }
    }
    if !set.is_empty() {
        let set: std::collections::HashMap<String, String> = set.into_iter().collect();
        match service {
            Service::UserPools => {
                ctx.aws
                    .call("TagResource", None, || {
                        ctx.aws
                            .idp()
                            .tag_resource()
                            .resource_arn(arn)
                            .set_tags(Some(set.clone()))
                            .send()
                    })
                    .await?;
            }
            Service::IdentityPools => {
                ctx.aws
                    .call("TagResource", None, || {
                        ctx.aws
                            .identity()
                            .tag_resource()
                            .resource_arn(arn)
                            .set_tags(Some(set.clone()))
                            .send()
                    })
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(kv: &[(&str, &str)]) -> Tags {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn resource_tags_win_over_default_tags() {
        let d = tags(&[("env", "dev"), ("team", "id")]);
        let own = tags(&[("env", "prod"), ("app", "a")]);
        assert_eq!(
            merge(&d, Some(&own)),
            tags(&[("env", "prod"), ("team", "id"), ("app", "a")])
        );
        assert_eq!(merge(&d, None), d);
        assert_eq!(merge(&Tags::new(), None), Tags::new());
    }

    #[test]
    fn own_tags_leave_out_default_tags_with_their_default_value() {
        let d = tags(&[("env", "dev"), ("team", "id")]);
        let all = tags(&[("env", "dev"), ("team", "other"), ("app", "a")]);
        // `team` differs from its default: it is the resource's; `env` is the default's.
        assert_eq!(
            own_tags(&all, &d, None),
            Some(tags(&[("team", "other"), ("app", "a")]))
        );
        // A tag the resource sets itself stays, even with the default's value.
        assert_eq!(
            own_tags(&all, &d, Some(&tags(&[("env", "dev")]))),
            Some(tags(&[("env", "dev"), ("team", "other"), ("app", "a")]))
        );
        assert_eq!(own_tags(&tags(&[("env", "dev")]), &d, None), None);
    }

    #[test]
    fn aws_tags_are_never_reported_or_removed() {
        assert!(is_aws("aws:cloudformation:stack-name") && is_aws("AWS:x"));
        assert!(!is_aws("awsome") && !is_aws("aw"));
        let live = tags(&[
            ("aws:cloudformation:stack-name", "s"),
            ("old", "1"),
            ("keep", "1"),
        ]);
        assert_eq!(without_aws(&live), tags(&[("old", "1"), ("keep", "1")]));
        let (set, remove) = changes(&live, &tags(&[("keep", "2"), ("new", "3")]));
        assert_eq!(set, tags(&[("keep", "2"), ("new", "3")]));
        assert_eq!(remove, vec!["old".to_string()]);
        let (set, remove) = changes(&tags(&[("a", "1")]), &tags(&[("a", "1")]));
        assert!(set.is_empty() && remove.is_empty());
    }

    #[test]
    fn check_rules_of_tag_resource() {
        let run = |t: &Tags| {
            let mut c = Checker::default();
            check(&mut c, Some(t), &PropPath::key("tags"));
            c.done()
        };
        assert!(run(&tags(&[("env", ""), (&"k".repeat(128), &"v".repeat(256))])).is_empty());
        let f = run(&tags(&[("", "v")]));
        assert_eq!(f[0].property, "tags[\"\"]");
        assert!(f[0].reason.contains("1 to 128"), "{}", f[0].reason);
        let f = run(&tags(&[(&"k".repeat(129), "v")]));
        assert!(f[0].reason.contains("got 129"), "{}", f[0].reason);
        let f = run(&tags(&[("env", &"v".repeat(257))]));
        assert_eq!(f[0].property, "tags.env");
        assert!(f[0].reason.contains("at most 256"), "{}", f[0].reason);
        let f = run(&tags(&[("aws:owner", "me")]));
        assert_eq!(f[0].property, "tags[\"aws:owner\"]");
        assert!(f[0].reason.contains("reserved"), "{}", f[0].reason);
        let many: Tags = (0..51).map(|i| (format!("k{i}"), "v".into())).collect();
        let f = run(&many);
        assert_eq!((f.len(), f[0].property.as_str()), (1, "tags"));
        let fifty: Tags = (0..50).map(|i| (format!("k{i}"), "v".into())).collect();
        assert!(run(&fifty).is_empty());
    }

    #[test]
    fn merged_tags_stay_within_fifty() {
        let own: Tags = (0..30).map(|i| (format!("k{i}"), "v".into())).collect();
        let d: Tags = (0..30).map(|i| (format!("d{i}"), "v".into())).collect();
        let mut c = Checker::default();
        check_all(&mut c, Some(&own), Some(&merge(&d, Some(&own))));
        let f = c.done();
        assert_eq!(f[0].property, "tags");
        assert!(f[0].reason.contains("60 tags"), "{}", f[0].reason);
        let mut c = Checker::default();
        check_all(&mut c, Some(&own), Some(&merge(&Tags::new(), Some(&own))));
        assert!(c.done().is_empty());
    }

    #[test]
    fn tags_all_is_marked_like_tags_and_filled_in_for_old_states() {
        let mut p = Props::plain(
            serde_json::json!({"tags": {"a": "b"}, "tagsAll": {"a": "b"}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        p.secrets
            .insert(PropPath::parse("tags.a").unwrap_or_default());
        mark(&mut p, &DefaultTags::default());
        assert!(p.secrets.contains(&PropPath::key("tagsAll")));
        mark(
            &mut p,
            &DefaultTags {
                unknown: true,
                ..Default::default()
            },
        );
        assert!(p.value.get("tagsAll").is_none());
        assert!(p.unknowns.contains(&PropPath::key("tagsAll")));
        assert!(with_tags_all(&p).is_none());

        let old = Props::plain(
            serde_json::json!({"tags": {"a": "b"}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let filled = with_tags_all(&old).expect("filled in");
        assert_eq!(filled.value["tagsAll"], serde_json::json!({"a": "b"}));
        let none = with_tags_all(&Props::default()).expect("filled in");
        assert_eq!(none.value["tagsAll"], serde_json::json!({}));
    }
}
