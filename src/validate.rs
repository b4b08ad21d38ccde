//! Small validation helpers shared by resources' `check` functions.

use crate::resource::Failure;
use std::fmt::Display;

pub mod pattern;
pub use pattern::Pattern;

/// A property path as the checks take it: a `&str`, or `format_args!` for a path built from
/// parts, which is formatted only if a rule fails.
pub trait Path: Display + Copy {}

impl<T: Display + Copy> Path for T {}

/// Collects failures for one resource.
#[derive(Debug, Default)]
pub struct Checker {
    /// The failures so far.
    pub failures: Vec<Failure>,
}

impl Checker {
    /// Records a failure of `path` unless `ok`.
    pub fn rule(&mut self, ok: bool, path: impl Path, reason: impl Into<String>) {
        if !ok {
            self.failures.push(Failure::new(path.to_string(), reason));
        }
    }

    /// Records a failure of `path` unless `ok`, building the reason only on failure (checks
    /// run on every Check, so the passing case must not format anything).
    pub fn rule_with(&mut self, ok: bool, path: impl Path, reason: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(Failure::new(path.to_string(), reason()));
        }
    }

    /// An optional integer within `lo..=hi`.
    pub fn range(&mut self, v: Option<i64>, lo: i64, hi: i64, path: impl Path) {
        if let Some(v) = v {
            self.rule_with((lo..=hi).contains(&v), path, || {
                format!("must be between {lo} and {hi}, got {v}")
            });
        }
    }

    /// An optional string whose length is within `lo..=hi` characters.
    pub fn len(&mut self, v: Option<&str>, lo: usize, hi: usize, path: impl Path) {
        if let Some(v) = v {
            let n = v.chars().count();
            self.rule_with((lo..=hi).contains(&n), path, || {
                format!("must be {lo} to {hi} characters long, got {n}")
            });
        }
    }

    /// An optional string matching a pattern (`re` must be anchored), with `rule` describing it.
    pub fn pattern(&mut self, v: Option<&str>, re: &Pattern, rule: &str, path: impl Path) {
        if let Some(v) = v {
            self.rule_with(re.is_match(v), path, || format!("{rule}, got {v:?}"));
        }
    }

    /// An optional resource name (user pool, client, identity pool): 1 to 128 characters
    /// matching AWS's pattern `[\w\s+=,.@-]+`.
    pub fn name(&mut self, v: Option<&str>, path: impl Path) {
        self.len(v, 1, 128, path);
        if let Some(v) = v {
            self.rule_with(name_ok(v), path, || {
                format!("must match [\\w\\s+=,.@-]+, got {v:?}")
            });
        }
    }

    /// A required user pool id (AWS: 1 to 55 characters of `[\w-]+_[0-9a-zA-Z]+`), unless
    /// it is `unknown` (preview, when the pool is being created or replaced).
    pub fn pool_id(&mut self, v: &str, unknown: bool, path: impl Path) {
        if unknown {
            return;
        }
        if v.is_empty() {
            self.rule(false, path, "is required");
            return;
        }
        self.len(Some(v), 1, 55, path);
        self.rule_with(pool_id_ok(v), path, || {
            format!(
                "must be a user pool id such as us-east-1_AbC123 ([\\w-]+_[0-9a-zA-Z]+), got {v:?}"
            )
        });
    }

    /// An optional group name or username: `lo` to `hi` characters matching AWS's
    /// `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (letters, marks, symbols, numbers, punctuation: no
    /// spaces or control characters).
    pub fn printable(&mut self, v: Option<&str>, lo: usize, hi: usize, path: impl Path) {
        self.len(v, lo, hi, path);
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            self.rule_with(printable_ok(v), path, || {
                format!("must be letters, digits, symbols or punctuation without spaces ([\\p{{L}}\\p{{M}}\\p{{S}}\\p{{N}}\\p{{P}}]+), got {v:?}")
            });
        }
    }

    /// An optional string that must be one of `allowed`.
    pub fn one_of(&mut self, v: Option<&str>, allowed: &[&str], path: impl Path) {
        if let Some(v) = v {
            self.rule_with(allowed.contains(&v), path, || {
                format!("must be one of {}, got {v:?}", allowed.join(", "))
            });
        }
    }

    /// Every item of an optional list must be one of `allowed`, without duplicates.
    pub fn each_one_of(&mut self, v: Option<&[String]>, allowed: &[&str], path: impl Path) {
        for (i, s) in v.unwrap_or_default().iter().enumerate() {
            if !allowed.contains(&s.as_str()) {
                self.one_of(Some(s), allowed, &format!("{path}[{i}]"));
            }
        }
        self.unique(v, path);
    }

    /// An optional list must not repeat an item.
    pub fn unique(&mut self, v: Option<&[String]>, path: impl Path) {
        let v = v.unwrap_or_default();
        for (i, s) in v.iter().enumerate() {
            if v[..i].contains(s) {
                self.failures.push(Failure::new(
                    format!("{path}[{i}]"),
                    format!("duplicate value {s:?}"),
                ));
            }
        }
    }

    /// Finishes, returning the failures.
    pub fn done(self) -> Vec<Failure> {
        self.failures
    }
}

/// True if `s` matches AWS's pattern for names, `[\w\s+=,.@-]+` ([`NAME_RE`]). An ASCII
/// name (nearly every one) is read byte by byte: Unicode `\w` and `\s` hold, of ASCII,
/// exactly `[0-9A-Za-z_]` and `[\t\n\x0B\x0C\r ]`.
pub fn name_ok(s: &str) -> bool {
    if !s.is_ascii() {
        return NAME_RE.is_match(s);
    }
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-\t\n\x0b\x0c\r ".contains(&b))
}

/// AWS's pattern for user pool, client and identity pool names: `[\w\s+=,.@-]+`.
pub static NAME_RE: Pattern = Pattern::new(r"^[\w\s+=,.@-]+$");

/// True if `s` is a user pool id by AWS's pattern `[\w-]+_[0-9a-zA-Z]+` (moto's longer ids
/// match it too).
pub fn pool_id_ok(s: &str) -> bool {
    match s.rsplit_once('_') {
        Some((region, id)) => {
            !region.is_empty()
                && !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_alphanumeric())
                && (region.is_ascii()
                    && region
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                    || WORD_DASH_RE.is_match(region))
        }
        None => false,
    }
}

/// `[\w-]+` over Unicode, for the rare pool id that is not ASCII.
static WORD_DASH_RE: Pattern = Pattern::new(r"^[\w-]+$");

/// True if `s` matches AWS's `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (group names, usernames,
/// attribute names). Of ASCII, exactly the visible characters `!` to `~` match.
pub fn printable_ok(s: &str) -> bool {
    if s.is_ascii() {
        return !s.is_empty() && s.bytes().all(|b| (0x21..=0x7e).contains(&b));
    }
    PRINTABLE_RE.is_match(s)
}

/// AWS's pattern for group names, usernames and attribute names.
pub static PRINTABLE_RE: Pattern = Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$");

/// AWS's pattern for texts such as message subjects: printable characters and whitespace.
pub static PRINTABLE_OR_SPACE_RE: Pattern = Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$");

/// AWS's generic ARN pattern (role ARNs, certificate ARNs):
/// `arn:<partition>:<service>:<region>:<account>:<resource>`.
pub static ARN_RE: Pattern = Pattern::new(
    r"^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$",
);

/// Sorts and dedups an optional list of strings (for set-like properties).
pub fn sort_set(v: &mut Option<Vec<String>>) {
    if let Some(v) = v {
        v.sort();
        v.dedup();
    }
}

/// Converts a validated integer to the i32 the SDK takes.
pub fn i32_of(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_the_path() {
        let mut c = Checker::default();
        c.range(Some(5), 6, 99, "passwordPolicy.minimumLength");
        c.range(Some(6), 6, 99, "ok");
        c.one_of(Some("MAYBE"), &["ON", "OFF"], "mfaConfiguration");
        c.unique(Some(&["a".into(), "a".into()]), "xs");
        c.name(Some("!!bad##"), "name");
        let f = c.done();
        let paths: Vec<_> = f.iter().map(|f| f.property.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "passwordPolicy.minimumLength",
                "mfaConfiguration",
                "xs[1]",
                "name"
            ]
        );
    }

    #[test]
    fn names_are_read_as_the_pattern_reads_them() {
        // The regex crate itself, not the Pattern (which has its own test).
        let re = regex::Regex::new(NAME_RE.as_str()).expect("valid");
        // Every ASCII character, alone and around a valid one, then some that are not ASCII.
        for b in 0u8..128 {
            let c = char::from(b).to_string();
            for s in [
                c.clone(),
                format!("a{c}"),
                format!("{c}a"),
                format!("pool {c}-1"),
            ] {
                assert_eq!(name_ok(&s), re.is_match(&s), "{s:?}");
            }
        }
        for s in [
            "",
            "pool",
            "my pool",
            "Élodie's",
            "ユーザー",
            "a\u{a0}b",
            "a\u{2028}b",
            "x→y",
        ] {
            assert_eq!(name_ok(s), re.is_match(s), "{s:?}");
        }
        assert!(name_ok("training-platform_users.prod@v2+=,"));
        assert!(!name_ok("!!bad##"));
        assert!(!name_ok(""));
    }

    #[test]
    fn printable_reads_ascii_as_the_pattern_does() {
        let re = regex::Regex::new(PRINTABLE_RE.as_str()).expect("valid");
        for b in 0u8..128 {
            let c = char::from(b).to_string();
            for s in [c.clone(), format!("a{c}"), format!("{c}b")] {
                assert_eq!(printable_ok(&s), re.is_match(&s), "{s:?}");
            }
        }
        for s in [
            "",
            "admins",
            "g/1,x",
            "a b",
            "Élodie",
            "ユーザー",
            "a\u{a0}b",
            "x\u{2028}",
        ] {
            assert_eq!(printable_ok(s), re.is_match(s), "{s:?}");
        }
    }

    #[test]
    fn pool_ids_follow_aws_pattern() {
        for ok in [
            "us-east-1_AbC123",
            "us-east-1_0123456789abcdef0123456789abcdef",
            "eu-west-2_x",
        ] {
            assert!(pool_id_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "us-east-1",
            "_abc",
            "us-east-1_",
            "us-east-1_ab-c",
            "us east-1_abc",
            "p/1_a",
        ] {
            assert!(!pool_id_ok(bad), "{bad}");
        }
        let mut c = Checker::default();
        c.pool_id("", false, "userPoolId");
        c.pool_id("", true, "unknown");
        c.pool_id("nope", false, "bad");
        c.pool_id("us-east-1_ok", false, "good");
        let paths: Vec<_> = c.done().into_iter().map(|f| f.property).collect();
        assert_eq!(paths, vec!["userPoolId", "bad"]);
    }

    #[test]
    fn built_paths_are_formatted_on_failure() {
        let mut c = Checker::default();
        for n in 0..3 {
            let p = format_args!("schemas[{n}]");
            c.range(Some(n), 1, 1, format_args!("{p}.priority"));
            c.rule_with(n != 2, p, || format!("item {n}"));
        }
        let f = c.done();
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.property.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("schemas[0].priority", "must be between 1 and 1, got 0"),
                ("schemas[2].priority", "must be between 1 and 1, got 2"),
                ("schemas[2]", "item 2"),
            ]
        );
    }
}
