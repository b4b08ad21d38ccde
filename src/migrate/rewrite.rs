//! Rewrites a pulumi-aws program's Cognito resources onto this provider's SDKs: Python,
//! TypeScript/JavaScript, Go and YAML. Pure text functions, one per language. The data
//! sources (`aws.cognito.get_user_pool` …) move too: this provider has all eight, with the
//! same names, arguments and results; anything else is left as it is and reported.

use super::plan::TYPES;

/// The outcome of rewriting one file.
#[derive(Debug, Default, PartialEq)]
pub struct Rewritten {
    /// The new text (equal to the input when nothing changed).
    pub text: String,
    /// What the user still has to do by hand in this file.
    pub notes: Vec<String>,
}

/// True for the characters of an identifier.
fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Replaces `<alias>.cognito.` with `cognito.` where `alias` stands alone (resources,
/// argument types and data sources alike: `pulumi_aws.cognito` and this provider's SDK
/// have the same names).
fn replace_prefix(text: &str, alias: &str) -> String {
    let needle = format!("{alias}.cognito.");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !ident(c) && c != '.');
        let after = &rest[i + needle.len()..];
        out.push_str(&rest[..i]);
        out.push_str(if before_ok { "cognito." } else { &needle });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// True if `alias.` is still used in `text` (as a standalone identifier).
fn still_uses(text: &str, alias: &str) -> bool {
    let needle = format!("{alias}.");
    text.match_indices(&needle).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !ident(c) && c != '.')
    })
}

/// The lines of `text` with `import` in place of the pulumi-aws import on `line_no` (or
/// after it, when `keep_aws`); nothing is added when the program already has that import.
fn place_import(text: &str, line_no: usize, import: &str, keep_aws: bool) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let has = lines.iter().any(|l| l.trim() == import);
    match (keep_aws, has) {
        (true, true) => {}
        (true, false) => lines.insert(line_no + 1, import.to_string()),
        (false, true) => {
            lines.remove(line_no);
        }
        (false, false) => lines[line_no] = import.to_string(),
    }
    lines
}

/// Python: `import pulumi_aws as aws` and `aws.cognito.X` → `import pulumi_cognito as
/// cognito` and `cognito.X` (the classes and their arguments have the same names).
pub fn python(src: &str) -> Rewritten {
    let mut out = Rewritten {
        text: src.to_string(),
        notes: vec![],
    };
    // `from pulumi_aws import cognito` needs nothing but the import line.
    let from_line = "from pulumi_aws import cognito";
    if src.lines().any(|l| l.trim() == from_line) {
        out.text = src
            .lines()
            .map(|l| {
                if l.trim() == from_line {
                    l.replace(from_line, "import pulumi_cognito as cognito")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        if src.ends_with('\n') {
            out.text.push('\n');
        }
        return out;
    }
    let Some((line_no, alias)) = src.lines().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        if l == "import pulumi_aws" {
            return Some((i, "pulumi_aws".to_string()));
        }
        l.strip_prefix("import pulumi_aws as ")
            .map(|a| (i, a.trim().to_string()))
    }) else {
        return out;
    };
    let text = replace_prefix(src, &alias);
    if text == src {
        return out;
    }
    let import = "import pulumi_cognito as cognito".to_string();
    let lines = place_import(&text, line_no, &import, still_uses(&text, &alias));
    out.text = lines.join("\n");
    if src.ends_with('\n') {
        out.text.push('\n');
    }
    out
}

/// TypeScript/JavaScript: `import * as aws from "@pulumi/aws"` and `aws.cognito.X` →
/// `import * as cognito from "@pulumi-cognito/cognito"` and `cognito.X`.
pub fn typescript(src: &str) -> Rewritten {
    let mut out = Rewritten {
        text: src.to_string(),
        notes: vec![],
    };
    let Some((line_no, alias)) = src.lines().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        let rest = l.strip_prefix("import * as ")?;
        let (alias, from) = rest.split_once(" from ")?;
        let from = from.trim().trim_end_matches(';');
        (from == "\"@pulumi/aws\"" || from == "'@pulumi/aws'")
            .then(|| (i, alias.trim().to_string()))
    }) else {
        return out;
    };
    // Types: `aws.types.input.cognito.X` → `cognito.types.input.X`.
    let mut text = src.to_string();
    for dir in ["input", "output"] {
        text = text.replace(
            &format!("{alias}.types.{dir}.cognito."),
            &format!("cognito.types.{dir}."),
        );
    }
    let text = replace_prefix(&text, &alias);
    if text == src {
        return out;
    }
    let import = "import * as cognito from \"@pulumi-cognito/cognito\";".to_string();
    let lines = place_import(&text, line_no, &import, still_uses(&text, &alias));
    out.text = lines.join("\n");
    if src.ends_with('\n') {
        out.text.push('\n');
    }
    out.notes.push(
        "add the SDK @pulumi-cognito/cognito to package.json (and drop @pulumi/aws if unused)"
            .to_string(),
    );
    out
}

/// Go: the `.../pulumi-aws/sdk/vN/go/aws/cognito` import becomes this provider's `cognito`
/// package; the package name, functions and argument types are the same.
pub fn go(src: &str) -> Rewritten {
    let mut out = Rewritten {
        text: src.to_string(),
        notes: vec![],
    };
    let mut changed = false;
    let lines: Vec<String> = src
        .lines()
        .map(|l| {
            let t = l.trim();
            let quoted = t.rsplit('"').nth(1).unwrap_or("");
            let is_aws_cognito = quoted.starts_with("github.com/pulumi/pulumi-aws/sdk/")
                && quoted.ends_with("/go/aws/cognito");
            if is_aws_cognito {
                changed = true;
                l.replace(
                    quoted,
                    "github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito",
                )
            } else {
                l.to_string()
            }
        })
        .collect();
    if !changed {
        return out;
    }
    out.text = lines.join("\n");
    if src.ends_with('\n') {
        out.text.push('\n');
    }
    out.notes.push(
        "add the SDK to go.mod: github.com/pulumi-cognito/pulumi-cognito/sdk, then go mod tidy"
            .to_string(),
    );
    out
}

/// The data sources of `pulumi_aws.cognito`, all of which this provider has (as
/// `cognito:index:<name>`).
const FUNCTIONS: [&str; 8] = [
    "getIdentityPool",
    "getUserGroup",
    "getUserGroups",
    "getUserPool",
    "getUserPoolClient",
    "getUserPoolClients",
    "getUserPoolSigningCertificate",
    "getUserPools",
];

/// This provider's token for a pulumi-aws Cognito data-source token
/// (`aws:cognito/getUserPool:getUserPool` or `aws:cognito:getUserPool`).
fn function_token(token: &str) -> Option<String> {
    let rest = token.strip_prefix("aws:cognito")?;
    let name = rest.rsplit(':').next()?;
    let module_ok = rest == format!(":{name}") || rest == format!("/{name}:{name}");
    (module_ok && FUNCTIONS.contains(&name)).then(|| format!("cognito:index:{name}"))
}

/// YAML: resource type tokens `aws:cognito/<module>:<Name>` and `aws:cognito:<Name>` become
/// `cognito:index:<Name>`, and so do the `fn::invoke` function tokens of the data sources.
pub fn yaml(src: &str) -> Rewritten {
    let mut out = Rewritten {
        text: src.to_string(),
        notes: vec![],
    };
    let mut changed = false;
    let lines: Vec<String> = src
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if let Some(value) = t.strip_prefix("function:") {
                let token = value.trim().trim_matches(|c| c == '"' || c == '\'');
                if let Some(ours) = function_token(token) {
                    changed = true;
                    let indent = &l[..l.len() - t.len()];
                    return format!("{indent}function: {ours}");
                }
            }
            let Some(value) = t.strip_prefix("type:") else {
                if t.contains("aws:cognito") {
                    out.notes.push(format!(
                        "left as it is (data source or other use): {}",
                        t.trim()
                    ));
                }
                return l.to_string();
            };
            let token = value.trim().trim_matches(|c| c == '"' || c == '\'');
            match super::plan::by_aws_token(token) {
                Some(m) if TYPES.iter().any(|x| x.name == m.name) => {
                    changed = true;
                    let indent = &l[..l.len() - t.len()];
                    format!("{indent}type: {}", m.token())
                }
                _ => l.to_string(),
            }
        })
        .collect();
    if changed {
        out.text = lines.join("\n");
        if src.ends_with('\n') {
            out.text.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_moves_the_import_and_the_prefix() {
        let src = "import pulumi\nimport pulumi_aws as aws\n\npool = aws.cognito.UserPool(\"p\",\n    password_policy=aws.cognito.UserPoolPasswordPolicyArgs(minimum_length=8))\n";
        let r = python(src);
        assert_eq!(r.text, "import pulumi\nimport pulumi_cognito as cognito\n\npool = cognito.UserPool(\"p\",\n    password_policy=cognito.UserPoolPasswordPolicyArgs(minimum_length=8))\n");
        assert!(r.notes.is_empty());
    }

    #[test]
    fn python_keeps_aws_for_other_resources_and_data_sources() {
        let src = "import pulumi_aws as aws\nrole = aws.iam.Role(\"r\")\np = aws.cognito.UserPool(\"p\")\nx = aws.cognito.get_user_pool(user_pool_id=\"a\")\nmyaws.cognito.UserPool\n";
        let r = python(src);
        assert_eq!(r.text, "import pulumi_aws as aws\nimport pulumi_cognito as cognito\nrole = aws.iam.Role(\"r\")\np = cognito.UserPool(\"p\")\nx = cognito.get_user_pool(user_pool_id=\"a\")\nmyaws.cognito.UserPool\n");
        assert!(r.notes.is_empty());
        // Data sources alone move too, and then the pulumi-aws import goes.
        let only =
            python("import pulumi_aws as aws\nx = aws.cognito.get_user_pools_output(name=\"p\")\n");
        assert_eq!(
            only.text,
            "import pulumi_cognito as cognito\nx = cognito.get_user_pools_output(name=\"p\")\n"
        );
        let from = python("from pulumi_aws import cognito\ncognito.UserPool(\"p\")");
        assert_eq!(
            from.text,
            "import pulumi_cognito as cognito\ncognito.UserPool(\"p\")"
        );
        // A program that already uses this provider gets no second import.
        let both = python("import pulumi_aws as aws\nimport pulumi_cognito as cognito\ncognito.Terms(\"t\")\naws.cognito.UserPool(\"p\")\n");
        assert_eq!(
            both.text,
            "import pulumi_cognito as cognito\ncognito.Terms(\"t\")\ncognito.UserPool(\"p\")\n"
        );
        let none = python("import pulumi\n");
        assert_eq!(none.text, "import pulumi\n");
    }

    #[test]
    fn the_seed_program_becomes_the_example() {
        let root = env!("CARGO_MANIFEST_DIR");
        let seed =
            std::fs::read_to_string(format!("{root}/tests/e2e/seed/pulumi_aws_main.py")).unwrap();
        let example =
            std::fs::read_to_string(format!("{root}/examples/python/__main__.py")).unwrap();
        assert_eq!(python(&seed).text, example);
    }

    fn example(path: &str) -> String {
        std::fs::read_to_string(format!("{}/examples/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Each example, written back as its pulumi-aws program, rewrites to itself.
    #[test]
    fn the_examples_round_trip_from_their_pulumi_aws_form() {
        let ts = example("typescript/index.ts");
        let aws_ts = ts
            .replace(
                "import * as cognito from \"@pulumi-cognito/cognito\";",
                "import * as aws from \"@pulumi/aws\";",
            )
            .replace("new cognito.", "new aws.cognito.");
        assert_ne!(aws_ts, ts);
        assert_eq!(typescript(&aws_ts).text, ts);

        let go_src = example("go/main.go");
        let ours = "\"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito\"";
        let aws_go = go_src.replace(
            ours,
            "\"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cognito\"",
        );
        assert_ne!(aws_go, go_src);
        assert_eq!(go(&aws_go).text, go_src);

        let yml = example("yaml/Pulumi.yaml");
        let aws_yml = yml.replace("type: cognito:index:", "type: aws:cognito:");
        assert_ne!(aws_yml, yml);
        assert_eq!(yaml(&aws_yml).text, yml);
    }

    #[test]
    fn typescript_moves_the_import_prefix_and_types() {
        let src = "import * as aws from \"@pulumi/aws\";\nconst p = new aws.cognito.UserPool(\"p\", {});\nlet a: aws.types.input.cognito.UserPoolPasswordPolicy;\n";
        let r = typescript(src);
        assert_eq!(r.text, "import * as cognito from \"@pulumi-cognito/cognito\";\nconst p = new cognito.UserPool(\"p\", {});\nlet a: cognito.types.input.UserPoolPasswordPolicy;\n");
        let mixed = typescript("import * as aws from '@pulumi/aws';\nnew aws.iam.Role(\"r\");\nnew aws.cognito.UserPool(\"p\");");
        assert_eq!(mixed.text, "import * as aws from '@pulumi/aws';\nimport * as cognito from \"@pulumi-cognito/cognito\";\nnew aws.iam.Role(\"r\");\nnew cognito.UserPool(\"p\");");
    }

    #[test]
    fn go_swaps_the_package_path() {
        let src = "import (\n\t\"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cognito\"\n\t\"github.com/pulumi/pulumi/sdk/v3/go/pulumi\"\n)\n";
        let r = go(src);
        assert_eq!(r.text, "import (\n\t\"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito\"\n\t\"github.com/pulumi/pulumi/sdk/v3/go/pulumi\"\n)\n");
        assert!(go("package main\n").notes.is_empty());
    }

    #[test]
    fn the_data_sources_are_exactly_the_functions_we_serve() {
        let registry = crate::functions::Registry::new();
        assert_eq!(registry.specs().len(), FUNCTIONS.len());
        for f in FUNCTIONS {
            assert!(registry.get(&format!("cognito:index:{f}")).is_some(), "{f}");
        }
    }

    #[test]
    fn yaml_rewrites_type_and_function_tokens_only() {
        let src = "resources:\n  pool:\n    type: aws:cognito/userPool:UserPool\n  c:\n    type: \"aws:cognito:UserPoolClient\"\n  r:\n    type: aws:iam/role:Role\nvariables:\n  x:\n    fn::invoke:\n      function: aws:cognito:getUserPool\n  y:\n    fn::invoke:\n      function: aws:cognito/getUserPoolClients:getUserPoolClients\n  z:\n    fn::invoke:\n      function: aws:cognito:getSomethingElse\n";
        let r = yaml(src);
        assert_eq!(r.text, "resources:\n  pool:\n    type: cognito:index:UserPool\n  c:\n    type: cognito:index:UserPoolClient\n  r:\n    type: aws:iam/role:Role\nvariables:\n  x:\n    fn::invoke:\n      function: cognito:index:getUserPool\n  y:\n    fn::invoke:\n      function: cognito:index:getUserPoolClients\n  z:\n    fn::invoke:\n      function: aws:cognito:getSomethingElse\n");
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    }
}
