//! Generic structural diff of two input bags, with per-resource hooks for replacement.

use crate::codec::{PropPath, Props};
use serde_json::Value;
use std::collections::BTreeSet;

/// How a property changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Newly set.
    Add,
    /// Changed.
    Update,
    /// Removed.
    Delete,
}

/// One changed property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropDiff {
    /// The property path.
    pub path: PropPath,
    /// How it changed.
    pub change: Change,
    /// True if the change forces a replacement.
    pub replace: bool,
}

/// The outcome of a Diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffResult {
    /// Every changed property.
    pub diffs: Vec<PropDiff>,
    /// True if a replacement must delete the old resource first (see
    /// [`crate::resource::Resource::DELETE_BEFORE_REPLACE`]).
    pub delete_before_replace: bool,
}

impl DiffResult {
    /// True if anything changed.
    pub fn changed(&self) -> bool {
        !self.diffs.is_empty()
    }

    /// Top-level properties whose change forces a replacement.
    pub fn replaces(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .diffs
            .iter()
            .filter(|d| d.replace)
            .filter_map(|d| d.path.top().map(str::to_string))
            .collect();
        set.into_iter().collect()
    }

    /// Top-level properties that changed.
    pub fn changed_keys(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .diffs
            .iter()
            .filter_map(|d| d.path.top().map(str::to_string))
            .collect();
        set.into_iter().collect()
    }
}

/// Compares one top-level property in a resource-specific way; returns `None` to fall back
/// to the generic comparison.
pub type DiffHook =
    fn(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>>;

/// Diffs old inputs against new inputs.
///
/// `replace_on` lists the top-level keys whose change forces replacement; `ignore` lists
/// paths the user asked to ignore. A value unknown in `new` counts as changed. `defaults`
/// holds top-level keys with the value (JSON text) AWS uses when the key is left out: a key
/// set on one side only is compared with its default on the other, so writing a default
/// out is no change.
pub fn diff(
    old: &Props,
    new: &Props,
    replace_on: &[&str],
    ignore: &[PropPath],
    defaults: &[(&str, &str)],
    hook: DiffHook,
) -> DiffResult {
    let mut keys: BTreeSet<&str> = old.value.keys().map(String::as_str).collect();
    keys.extend(new.value.keys().map(String::as_str));
    keys.extend(new.unknowns.iter().filter_map(|p| p.top()));
    let mut out = Vec::new();
    for key in keys {
        let root = PropPath::key(key);
        let (mut o, mut n) = (old.value.get(key), new.value.get(key));
        let default = match (o, n) {
            (Some(_), None) | (None, Some(_)) => defaults
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, v)| serde_json::from_str::<Value>(v).ok()),
            _ => None,
        };
        if default.is_some() {
            o = o.or(default.as_ref());
            n = n.or(default.as_ref());
        }
        let start = out.len();
        let unknown: Vec<&PropPath> = new
            .unknowns
            .iter()
            .filter(|u| u.top() == Some(key))
            .collect();
        if !unknown.is_empty() {
            for u in unknown {
                let change = if u.get_in(&old.value).is_some() {
                    Change::Update
                } else {
                    Change::Add
                };
                out.push(PropDiff {
                    path: u.clone(),
                    change,
                    replace: false,
                });
            }
        } else if let Some(custom) = hook(key, o, n) {
            out.extend(custom);
        } else {
            diff_value(&root, o, n, &mut out);
        }
        let replace = replace_on.contains(&key);
        for d in &mut out[start..] {
            d.replace |= replace;
        }
    }
    out.retain(|d| !ignore.iter().any(|i| d.path.starts_with(i)));
    DiffResult {
        diffs: out,
        delete_before_replace: false,
    }
}

/// Deep comparison that reports the smallest differing paths.
pub fn diff_value(
    path: &PropPath,
    old: Option<&Value>,
    new: Option<&Value>,
    out: &mut Vec<PropDiff>,
) {
    let change = match (old, new) {
        (None, None) => return,
        (Some(Value::Null), None) | (None, Some(Value::Null)) => return,
        (None, Some(_)) => Change::Add,
        (Some(_), None) => Change::Delete,
        (Some(a), Some(b)) if a == b => return,
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                diff_value(&path.child(k), a.get(k), b.get(k), out);
            }
            return;
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff_value(&path.index(i), Some(x), Some(y), out);
            }
            return;
        }
        _ => Change::Update,
    };
    out.push(PropDiff {
        path: path.clone(),
        change,
        replace: false,
    });
}

/// Diffs two lists of objects that AWS keeps as a map keyed by each item's `field` (role
/// mappings by `identityProvider`, log configurations by event source): items pair up by
/// key, so reordering the list is no change. A change is reported under `path[i]`, `i`
/// being the item's index in the new list (in the old list for a removed item). `None`
/// when either side is absent or not a list of objects with distinct string keys, for the
/// generic comparison to handle.
pub fn keyed_list(
    path: &PropPath,
    old: Option<&Value>,
    new: Option<&Value>,
    field: &str,
) -> Option<Vec<PropDiff>> {
    fn items<'a>(v: &'a Value, field: &str) -> Option<Vec<(&'a str, &'a Value)>> {
        let items: Vec<(&str, &Value)> = v
            .as_array()?
            .iter()
            .map(|x| Some((x.get(field)?.as_str()?, x)))
            .collect::<Option<_>>()?;
        let keys: BTreeSet<&str> = items.iter().map(|(k, _)| *k).collect();
        (keys.len() == items.len()).then_some(items)
    }
    let (old, new) = (items(old?, field)?, items(new?, field)?);
    let mut out = Vec::new();
    for (i, (k, n)) in new.iter().enumerate() {
        match old.iter().find(|(o, _)| o == k) {
            Some((_, o)) => diff_value(&path.index(i), Some(o), Some(n), &mut out),
            None => out.push(PropDiff {
                path: path.index(i),
                change: Change::Add,
                replace: false,
            }),
        }
    }
    for (j, (k, _)) in old.iter().enumerate() {
        if !new.iter().any(|(n, _)| n == k) {
            out.push(PropDiff {
                path: path.index(j),
                change: Change::Delete,
                replace: false,
            });
        }
    }
    Some(out)
}

/// The hook that handles nothing.
pub fn no_hook(_: &str, _: Option<&Value>, _: Option<&Value>) -> Option<Vec<PropDiff>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> Props {
        Props::plain(v.as_object().unwrap().clone())
    }

    #[test]
    fn nested_change_reports_leaf_path() {
        let o = props(json!({"name": "a", "passwordPolicy": {"minimumLength": 8}}));
        let n = props(json!({"name": "a", "passwordPolicy": {"minimumLength": 12}}));
        let d = diff(&o, &n, &["name"], &[], &[], no_hook);
        assert_eq!(d.diffs.len(), 1);
        assert_eq!(d.diffs[0].path.to_string(), "passwordPolicy.minimumLength");
        assert_eq!(d.diffs[0].change, Change::Update);
        assert!(d.replaces().is_empty());
    }

    #[test]
    fn replace_keys_and_ignore() {
        let o = props(json!({"userPoolId": "p1", "name": "a"}));
        let n = props(json!({"userPoolId": "p2", "name": "b"}));
        let d = diff(
            &o,
            &n,
            &["userPoolId"],
            &[PropPath::key("name")],
            &[],
            no_hook,
        );
        assert_eq!(d.replaces(), vec!["userPoolId".to_string()]);
        assert_eq!(d.diffs.len(), 1);
    }

    #[test]
    fn unknown_counts_as_change_and_equal_is_none() {
        let o = props(json!({"a": 1}));
        let mut n = props(json!({}));
        n.unknowns.insert(PropPath::key("a"));
        assert_eq!(
            diff(&o, &n, &[], &[], &[], no_hook).diffs[0].change,
            Change::Update
        );
        assert!(!diff(&o, &o, &[], &[], &[], no_hook).changed());
    }

    #[test]
    fn add_and_delete() {
        let o = props(json!({"a": 1}));
        let n = props(json!({"b": [1]}));
        let d = diff(&o, &n, &[], &[], &[], no_hook);
        let kinds: Vec<_> = d
            .diffs
            .iter()
            .map(|d| (d.path.to_string(), d.change))
            .collect();
        assert_eq!(
            kinds,
            vec![("a".into(), Change::Delete), ("b".into(), Change::Add)]
        );
    }

    #[test]
    fn keyed_lists_pair_items_by_key() {
        let p = PropPath::key("roleMappings");
        let o = json!([{"k": "a", "v": 1}, {"k": "b", "v": 2}]);
        let reordered = json!([{"k": "b", "v": 2}, {"k": "a", "v": 1}]);
        assert_eq!(
            keyed_list(&p, Some(&o), Some(&reordered), "k"),
            Some(vec![])
        );
        let changed = json!([{"k": "b", "v": 3}, {"k": "c", "v": 1}]);
        let d = keyed_list(&p, Some(&o), Some(&changed), "k").unwrap();
        let got: Vec<_> = d.iter().map(|d| (d.path.to_string(), d.change)).collect();
        assert_eq!(
            got,
            vec![
                ("roleMappings[0].v".into(), Change::Update),
                ("roleMappings[1]".into(), Change::Add),
                ("roleMappings[0]".into(), Change::Delete),
            ]
        );
        // Duplicate or missing keys, or a side absent: left to the generic comparison.
        let dup = json!([{"k": "a"}, {"k": "a"}]);
        assert_eq!(keyed_list(&p, Some(&o), Some(&dup), "k"), None);
        assert_eq!(
            keyed_list(&p, Some(&o), Some(&json!([{"v": 1}])), "k"),
            None
        );
        assert_eq!(keyed_list(&p, None, Some(&o), "k"), None);
        assert_eq!(keyed_list(&p, Some(&o), Some(&json!("x")), "k"), None);
    }

    #[test]
    fn a_default_written_out_is_no_change_and_other_values_are() {
        let defaults = [("generateSecret", "false"), ("authSessionValidity", "3")];
        let o = props(json!({"name": "a"}));
        let same = props(json!({"name": "a", "generateSecret": false, "authSessionValidity": 3}));
        assert!(!diff(&o, &same, &[], &[], &defaults, no_hook).changed());
        assert!(!diff(&same, &o, &[], &[], &defaults, no_hook).changed());
        let other = props(json!({"name": "a", "generateSecret": true}));
        let d = diff(&o, &other, &["generateSecret"], &[], &defaults, no_hook);
        assert_eq!(d.diffs.len(), 1);
        // Against the default, the key reads as changed, not added.
        assert_eq!(d.diffs[0].change, Change::Update);
        assert_eq!(d.replaces(), vec!["generateSecret".to_string()]);
        // Without a default, a key set on one side only is added.
        let d = diff(&o, &other, &[], &[], &[], no_hook);
        assert_eq!(d.diffs[0].change, Change::Add);
    }
}
