//! AWS's validation patterns (`[\w\s+=,.@-]+`, `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, ARNs), matched
//! at a small fraction of a full Unicode regex's memory.
//!
//! A regex over Unicode classes such as `\w` or `\p{L}` costs 60–500 KB once compiled (and
//! several times that while compiling); the ~30 patterns Check uses came to ~4 MB, most of the
//! provider's heap. Nearly every value checked is ASCII, and an ASCII string can only match
//! the ASCII characters of a class. So a [`Pattern`] first compiles the pattern with every
//! class cut down to ASCII (a few KB) and uses it for ASCII strings; the full Unicode regex
//! is compiled only when a string that is not ASCII comes along. Both are compiled on first
//! use, on the thread that needs them (nothing is compiled ahead: a warm-up thread's heap
//! would stay resident once the thread is gone).

use regex_automata::meta;
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
};
use std::sync::OnceLock;

/// A regex pattern, compiled on first use: its ASCII form for ASCII strings, the full
/// Unicode regex for the others.
pub struct Pattern {
    src: &'static str,
    ascii: OnceLock<Option<meta::Regex>>,
    full: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern in the `regex` crate's syntax. It is compiled when first matched; an
    /// invalid one matches nothing (a unit test compiles every pattern the provider uses).
    pub const fn new(src: &'static str) -> Self {
        Self {
            src,
            ascii: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &'static str {
        self.src
    }

    /// True if the pattern matches somewhere in `s` (anchor it with `^…$` for a whole match).
    pub fn is_match(&self, s: &str) -> bool {
        if s.is_ascii() {
            let re = self.ascii.get_or_init(|| ascii_regex(self.src));
            re.as_ref().is_some_and(|re| re.is_match(s))
        } else {
            let re = self.full.get_or_init(|| regex::Regex::new(self.src).ok());
            re.as_ref().is_some_and(|re| re.is_match(s))
        }
    }

    /// Compiles the pattern's ASCII form now; an error if the pattern is invalid.
    pub fn compile(&self) -> Result<(), String> {
        regex::Regex::new(self.src).map_err(|e| e.to_string())?;
        match self.ascii.get_or_init(|| ascii_regex(self.src)) {
            Some(_) => Ok(()),
            None => Err(format!("{}: its ASCII form does not compile", self.src)),
        }
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.src).finish()
    }
}

/// The pattern with every character class intersected with ASCII: on an ASCII string it
/// matches exactly where the full pattern does.
fn ascii_regex(src: &str) -> Option<meta::Regex> {
    let hir = regex_syntax::parse(src).ok()?;
    meta::Regex::builder().build_from_hir(&to_ascii(&hir)).ok()
}

/// `hir` with its classes cut down to ASCII (an empty class then matches nothing).
fn to_ascii(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(c))
        }
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(to_ascii(&r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(c) => {
            let mut c = c.clone();
            c.sub = Box::new(to_ascii(&c.sub));
            Hir::capture(c)
        }
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(to_ascii).collect()),
        HirKind::Alternation(hs) => Hir::alternation(hs.iter().map(to_ascii).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pattern shapes the provider uses: Unicode and ASCII classes, negated classes, bounded
    /// and optional repetitions, groups, alternation, an unanchored search.
    const SHAPES: &[&str] = &[
        r"^[\w\s+=,.@-]+$",
        r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$",
        r"^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}]*[^_\p{Z}]$",
        r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+$",
        r"\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}",
        r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s]+$",
        r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
        r"^[\x09\x0A\x0D\x20-\x7E\u{85}\u{A0}-\u{D7FF}\u{E000}-\u{FFFD}]+$",
        r"^(?i)cognito|idp\b[\w+]+$",
        r"^[a-z]{2}(-[a-z]+)+-\d+$",
    ];

    /// A small deterministic generator (no dependency on a seed source).
    fn strings() -> Vec<String> {
        let alphabet: Vec<char> = (0u8..0x80)
            .map(char::from)
            .chain([
                'é', 'Ω', '\u{a0}', '\u{2028}', '😀', '\u{301}', 'K', '\u{212a}',
            ])
            .collect();
        let mut out: Vec<String> = alphabet.iter().map(|c| c.to_string()).collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..4000 {
            let len = (x % 14) as usize;
            let mut s = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly the characters the patterns name, sometimes anything.
                let pool = "arn:aws-cn:iam::123456789012:role/x{##}@_- \t.Kcognito";
                let c = if x.is_multiple_of(3) {
                    alphabet[(x >> 8) as usize % alphabet.len()]
                } else {
                    pool.chars()
                        .nth((x >> 8) as usize % pool.chars().count())
                        .unwrap_or('a')
                };
                s.push(c);
            }
            out.push(s);
            x = x.wrapping_add(0x632b_e59b_d9b4_e019);
        }
        out.push("arn:aws:iam::123456789012:role/admin".into());
        out.push("us-east-1".into());
        out.push("cognito-domain".into());
        out.push("Your code is {##Verify##}.".into());
        out.push("{## ##}".into());
        out.push("{##}".into());
        out
    }

    #[test]
    fn matches_as_the_regex_crate_does() {
        let inputs = strings();
        for src in SHAPES {
            let p = Pattern::new(src);
            p.compile().unwrap_or_else(|e| panic!("{e}"));
            let re = regex::Regex::new(src).unwrap_or_else(|e| panic!("{e}"));
            let mut matched = 0;
            for s in &inputs {
                assert_eq!(p.is_match(s), re.is_match(s), "{src} on {s:?}");
                matched += usize::from(re.is_match(s));
            }
            // Each shape must be tried on strings it matches and strings it does not.
            assert!(
                matched > 0 && matched < inputs.len(),
                "{src}: {matched} matches"
            );
        }
    }

    /// Every `Pattern::new(r"…")` in the provider's sources compiles, in both forms, and
    /// agrees with the regex crate on the test strings.
    #[test]
    fn every_pattern_in_the_provider_compiles() {
        let lit = regex::Regex::new(r##"Pattern::new\(\s*r(#?)"((?s:.)*?)"(#?)\s*,?\s*\)"##)
            .expect("valid");
        let inputs = strings();
        let mut found = 0;
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).expect("src readable").flatten() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "rs") || path.ends_with("pattern.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                for c in lit.captures_iter(&text) {
                    let src: &'static str = Box::leak(c[2].to_string().into_boxed_str());
                    let p = Pattern::new(src);
                    p.compile()
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    let re = regex::Regex::new(src).expect("compiled above");
                    for s in &inputs {
                        assert_eq!(p.is_match(s), re.is_match(s), "{src} on {s:?}");
                    }
                    found += 1;
                }
            }
        }
        // The provider's validation rules hold about 30 patterns.
        assert!(found >= 25, "found only {found} patterns");
    }

    #[test]
    fn ascii_strings_never_build_the_unicode_regex() {
        let p = Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$");
        assert!(p.is_match("admins"));
        assert!(!p.is_match("two words"));
        assert!(p.full.get().is_none());
        assert!(p.is_match("é"));
        assert!(p.full.get().is_some_and(Option::is_some));
    }

    #[test]
    fn an_invalid_pattern_matches_nothing_and_says_so() {
        let p = Pattern::new(r"^[a-");
        assert!(p.compile().is_err());
        assert!(!p.is_match("a"));
        assert!(!p.is_match("é"));
    }
}
