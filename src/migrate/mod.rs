//! `pulumi-resource-cognito migrate-from-aws`: moves a live pulumi-aws stack's Cognito
//! resources onto this provider without touching AWS (see docs/migrating-from-pulumi-aws.md).
//!
//! The order, and why: the engine cannot import next to the old `aws:cognito/*` entries
//! without loading the pulumi-aws plugin for their provider, and a preview of the rewritten
//! program would plan to delete them. So the command (1) backs up the state, (2) rewrites
//! the program, (3) drops the old entries from state (`pulumi state delete`: no AWS call),
//! (4) imports the same AWS resources under the new types (`pulumi import --file`: reads
//! only), and (5) previews the rewritten program. Only a preview with no creates, deletes
//! or replaces is accepted; otherwise it restores the state backup and the program, so the
//! stack is as it was. AWS is never written to: the user's next `pulumi up` is the first
//! write.
//!
//! Dropping the old entries before importing the new ones is also the safer order should
//! the command be killed half-way: the state then lacks some entries, and a `pulumi up`
//! would at worst create duplicates. Importing first would leave two state entries for one
//! AWS resource, and an `up` of either program would delete the real user pool.

pub mod plan;
pub mod rewrite;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `--help` text of the binary.
pub const HELP: &str = "\
pulumi-resource-cognito: the Pulumi resource provider for Amazon Cognito.

Started by the Pulumi engine with no subcommand, it serves gRPC and prints its port.

USAGE:
    pulumi-resource-cognito migrate-from-aws [--stack NAME] [--cwd DIR] [--dry-run]

migrate-from-aws moves a live pulumi-aws stack's Cognito resources (aws:cognito/*) onto
this provider (cognito:index:*) without deleting or recreating anything in AWS: every
user, password and MFA enrolment stays. It drives your `pulumi` CLI:

    1. pulumi stack export          backup of the state (printed: how to restore it)
    2. rewrite the program          Python, TypeScript, Go: import line and `aws.cognito.`
                                    prefix; YAML: type tokens (originals kept in the backup)
    3. pulumi state delete <urn>    drop the old entries and the unused default aws provider
                                    from the state; AWS is not called
    4. pulumi import --file ...     the same AWS resources under the new types (read only)
       pulumi stack import          the imported entries get the inputs the program last set
                                    (from the old entries), so no value is written again
    5. pulumi preview --json        must show no creates, deletes or replaces; otherwise the
                                    state and the program are restored and nothing changed

Nothing is written to AWS. Run `pulumi up` afterwards: for an unchanged program it writes
nothing either (a password a user changed since stays theirs).

OPTIONS:
    --stack NAME   the stack (default: the selected stack)
    --cwd DIR      the Pulumi project directory (default: the current directory)
    --dry-run      print the plan (import file, state deletes, program changes) and stop
    -h, --help     this text

ENVIRONMENT:
    PULUMI_BIN     the pulumi CLI to run (default: `pulumi` on PATH)

Install this provider's SDK for your language first (Python `pulumi_cognito`, Node.js
`@pulumi-cognito/cognito`, Go `github.com/pulumi-cognito/pulumi-cognito/sdk`; see the
README's Installing section): the command previews the rewritten program.
See docs/migrating-from-pulumi-aws.md, also for going back to pulumi-aws.
";

/// Parsed command-line options.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// `--stack`.
    pub stack: Option<String>,
    /// `--cwd`.
    pub cwd: Option<PathBuf>,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--help`.
    pub help: bool,
}

/// Parses the arguments after `migrate-from-aws`.
pub fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            "--stack" | "-s" => o.stack = Some(value("--stack")?),
            "--cwd" | "-C" => o.cwd = Some(PathBuf::from(value("--cwd")?)),
            "--dry-run" => o.dry_run = true,
            "-h" | "--help" => o.help = true,
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(o)
}

/// Runs `migrate-from-aws` with the arguments after the subcommand; returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("migrate-from-aws: {e}");
            return 2;
        }
    };
    if opts.help {
        print!("{HELP}");
        return 0;
    }
    match run(&opts) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("migrate-from-aws: {e}");
            1
        }
    }
}

/// The user's `pulumi` CLI, run in the project directory on the chosen stack.
struct Pulumi<'a> {
    opts: &'a Options,
}

impl Pulumi<'_> {
    fn command(&self, args: &[&str], with_stack: bool) -> Command {
        let mut c = Command::new(std::env::var("PULUMI_BIN").unwrap_or_else(|_| "pulumi".into()));
        c.args(args);
        if with_stack {
            if let Some(s) = &self.opts.stack {
                c.args(["--stack", s]);
            }
        }
        if let Some(d) = &self.opts.cwd {
            c.current_dir(d);
        }
        c.args(["--non-interactive", "--color", "never"]);
        c.stdin(Stdio::null());
        c
    }

    /// Runs and captures stdout; stderr goes to the terminal. Returns (success, stdout).
    fn capture(&self, args: &[&str], with_stack: bool) -> Result<(bool, String), String> {
        let out = self
            .command(args, with_stack)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run `pulumi`: {e} (is it on PATH?)"))?;
        Ok((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ))
    }

    /// Runs with its output on the terminal; an error unless it succeeds.
    fn run(&self, args: &[&str], with_stack: bool) -> Result<(), String> {
        println!("$ pulumi {}", shell_words(args));
        let status = self
            .command(args, with_stack)
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .status()
            .map_err(|e| format!("cannot run `pulumi`: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`pulumi {}` failed ({status})", shell_words(args)))
        }
    }
}

/// Quotes arguments for display as a shell command.
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,".contains(c))
            {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A program file and its rewrite.
struct FileChange {
    path: PathBuf,
    old: String,
    new: String,
}

/// The project's runtime and program directory, from `Pulumi.yaml`.
fn project(dir: &Path) -> Result<(String, PathBuf), String> {
    let file = ["Pulumi.yaml", "Pulumi.yml"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .ok_or_else(|| format!("no Pulumi.yaml in {}", dir.display()))?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut runtime = String::new();
    let mut main = None;
    let mut in_runtime = false;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("runtime:") {
            let v = v.trim();
            in_runtime = v.is_empty();
            runtime = v.trim_matches(|c| c == '"' || c == '\'').to_string();
        } else if in_runtime && line.trim_start().starts_with("name:") && line.starts_with(' ') {
            runtime = line.trim_start()["name:".len()..].trim().to_string();
        } else if let Some(v) = line.strip_prefix("main:") {
            main = Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_string());
        } else if !line.starts_with(' ') {
            in_runtime = false;
        }
    }
    let main_dir = main.map_or_else(|| dir.to_path_buf(), |m| dir.join(m));
    Ok((runtime, main_dir))
}

/// Every source file of the program, skipping dependencies and hidden directories.
fn sources(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            let skip = name.starts_with('.')
                || [
                    "node_modules",
                    "venv",
                    "__pycache__",
                    "vendor",
                    "bin",
                    "dist",
                ]
                .contains(&name);
            if !skip && !p.is_symlink() {
                sources(&p, exts, out);
            }
        } else if exts.iter().any(|e| name.ends_with(e)) {
            out.push(p);
        }
    }
}

/// The rewritten program files, and notes for the user.
fn rewrite_program(dir: &Path) -> Result<(Vec<FileChange>, Vec<String>), String> {
    let (runtime, main_dir) = project(dir)?;
    let mut files = Vec::new();
    let f: fn(&str) -> rewrite::Rewritten = match runtime.as_str() {
        "python" => {
            sources(&main_dir, &[".py"], &mut files);
            rewrite::python
        }
        "nodejs" => {
            sources(&main_dir, &[".ts", ".js", ".mts", ".mjs"], &mut files);
            rewrite::typescript
        }
        "go" => {
            sources(&main_dir, &[".go"], &mut files);
            rewrite::go
        }
        "yaml" => {
            for name in ["Pulumi.yaml", "Pulumi.yml", "Main.yaml", "Main.yml"] {
                let p = main_dir.join(name);
                if p.exists() {
                    files.push(p);
                }
            }
            rewrite::yaml
        }
        other => {
            return Ok((
                vec![],
                vec![format!(
                    "runtime {other:?}: rewrite the program by hand (see docs/migrating-from-pulumi-aws.md)"
                )],
            ))
        }
    };
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    for path in files {
        let old = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let r = f(&old);
        for n in r.notes {
            notes.push(format!("{}: {n}", path.display()));
        }
        if r.text != old {
            changes.push(FileChange {
                path,
                old,
                new: r.text,
            });
        }
    }
    Ok((changes, notes))
}

/// A unified-diff-like listing of the changed lines.
fn show_diff(c: &FileChange) -> String {
    let mut out = format!("--- {}\n", c.path.display());
    let old: Vec<&str> = c.old.lines().collect();
    let new: Vec<&str> = c.new.lines().collect();
    // The rewrites change lines in place, or insert one import line.
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if old.get(i) == new.get(j + 1) => {
                out.push_str(&format!("  {:>4} + {b}\n", j + 1));
                let _ = a;
                j += 1;
            }
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!("  {:>4} - {a}\n", i + 1));
                }
                if let Some(b) = b {
                    out.push_str(&format!("  {:>4} + {b}\n", j + 1));
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn run(opts: &Options) -> Result<i32, String> {
    let pulumi = Pulumi { opts };
    let dir = opts.cwd.clone().unwrap_or_else(|| PathBuf::from("."));

    // 1. The state.
    let (ok, text) = pulumi.capture(&["stack", "export"], true)?;
    if !ok {
        return Err("`pulumi stack export` failed (is a stack selected? pass --stack)".into());
    }
    let export: Value =
        serde_json::from_str(&text).map_err(|e| format!("`pulumi stack export`: {e}"))?;
    let registry = crate::resources::Registry::new();
    let plan = plan::plan(&export, &|t| registry.get(t).is_some());
    let (changes, notes) = rewrite_program(&dir)?;

    // The plan.
    println!(
        "Migration of stack {:?} from pulumi-aws to pulumi-cognito\n",
        plan.stack
    );
    if plan.moves.is_empty() && plan.blockers.is_empty() {
        println!("The stack has no pulumi-aws Cognito resources: nothing to do.");
        return Ok(0);
    }
    println!("Resources ({}), with the same AWS ids:", plan.moves.len());
    for m in &plan.moves {
        println!(
            "  {} {:<28} {} -> import id {}",
            m.token, m.name, m.aws_id, m.import_id
        );
    }
    let unprotected = plan::import_file(&plan, false);
    let protected = plan::import_file(&plan, true);
    println!("\nImport file (pulumi import --file import.json --protect=false --generate-code=false --yes):");
    println!(
        "{}",
        serde_json::to_string_pretty(&unprotected).unwrap_or_default()
    );
    if !protected["resources"].as_array().is_none_or(Vec::is_empty) {
        println!("\nProtected resources (pulumi import --file import-protected.json --generate-code=false --yes):");
        println!(
            "{}",
            serde_json::to_string_pretty(&protected).unwrap_or_default()
        );
    }
    if !plan.unlink.is_empty() {
        println!("\nDependencies to drop from the state first (pulumi stack export, edit, pulumi stack import;");
        println!("the next `pulumi up` records them again, on the new resources):");
        for (from, to) in &plan.unlink {
            println!("  {from}\n    no longer depends on {to}");
        }
    }
    println!("\nState entries to drop (no AWS call):");
    for u in &plan.deletes {
        let force = if plan.protected.contains(u) {
            " --force"
        } else {
            ""
        };
        println!("  pulumi state delete '{u}' --yes{force}");
    }
    if !plan.config.is_empty() {
        println!("\nConfig (set only if not set yet):");
        for (k, v) in &plan.config {
            println!("  pulumi config set {k} {v}");
        }
    }
    println!("\nProgram changes:");
    if changes.is_empty() {
        println!("  (none found: rewrite the program by hand, see the docs)");
    }
    for c in &changes {
        print!("{}", show_diff(c));
    }
    for n in notes.iter().chain(&plan.warnings) {
        println!("note: {n}");
    }
    if !plan.blockers.is_empty() {
        println!("\nCannot migrate this stack safely:");
        for b in &plan.blockers {
            println!("  - {b}");
        }
        return Ok(1);
    }
    println!("\nThen: pulumi preview --json must show no creates, deletes or replaces.");
    if opts.dry_run {
        println!("\nDry run: nothing changed.");
        return Ok(0);
    }

    // 2. Backups: the state and the original program.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let backup_dir = dir
        .join(".pulumi-cognito-migration")
        .join(format!("{}-{stamp}", plan.stack));
    std::fs::create_dir_all(&backup_dir).map_err(|e| format!("{}: {e}", backup_dir.display()))?;
    let backup_dir = backup_dir.canonicalize().unwrap_or(backup_dir);
    let state_backup = backup_dir.join("state-before.json");
    std::fs::write(&state_backup, &text).map_err(|e| format!("{}: {e}", state_backup.display()))?;
    for (i, c) in changes.iter().enumerate() {
        let name = c
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file");
        std::fs::write(backup_dir.join(format!("{i}-{name}")), &c.old)
            .map_err(|e| format!("backup of {}: {e}", c.path.display()))?;
    }
    let restore_cmd = format!("pulumi stack import --file '{}'", state_backup.display());
    println!("\nBackup of the state: {}", state_backup.display());
    println!("  (restore it with: {restore_cmd})");

    let unlinked = (!plan.unlink.is_empty()).then(|| plan::unlink(&export, &plan));
    let result = apply(&Steps {
        pulumi: &pulumi,
        plan: &plan,
        changes: &changes,
        backup_dir: &backup_dir,
        before: &export,
        unlinked: unlinked.as_ref(),
        imports: [&unprotected, &protected],
        registry: &registry,
    });
    match result {
        Ok(check) => {
            println!(
                "\nThe preview of the migrated program is clean: no creates, deletes or replaces."
            );
            if !check.updates.is_empty() {
                println!("`pulumi up` will update in place (the program's values over what the import read):");
                for u in &check.updates {
                    println!("  ~ {u}");
                }
            }
            println!("\nDone. Nothing was written to AWS. Next: `pulumi up`.");
            println!(
                "Backups (state and original program files): {}",
                backup_dir.display()
            );
            Ok(0)
        }
        Err(e) => {
            eprintln!("\nmigrate-from-aws: {e}");
            eprintln!("Restoring the stack's state and the program as they were...");
            let file = state_backup.to_string_lossy().into_owned();
            let restored = pulumi.run(&["stack", "import", "--file", &file], true);
            for c in &changes {
                if let Err(err) = std::fs::write(&c.path, &c.old) {
                    eprintln!("cannot restore {}: {err}", c.path.display());
                }
            }
            match restored {
                Ok(()) => eprintln!(
                    "Restored: the stack and the program are as before; AWS was not touched."
                ),
                Err(err) => eprintln!("RESTORE FAILED ({err}); run: {restore_cmd}"),
            }
            Ok(1)
        }
    }
}

/// What steps 2–5 work from, as step 1 prepared it.
struct Steps<'a> {
    pulumi: &'a Pulumi<'a>,
    plan: &'a plan::Plan,
    /// The program files to rewrite.
    changes: &'a [FileChange],
    /// Where the backups and the files handed to `pulumi` go.
    backup_dir: &'a Path,
    /// The state as exported in step 1.
    before: &'a Value,
    /// The state without the dependencies to drop, if there are any.
    unlinked: Option<&'a Value>,
    /// The import files: unprotected, protected.
    imports: [&'a Value; 2],
    /// The resources this provider offers (their input names, for step 4b).
    registry: &'a crate::resources::Registry,
}

/// Steps 2–5; an error means the caller restores.
fn apply(steps: &Steps) -> Result<plan::PreviewCheck, String> {
    let Steps {
        pulumi,
        plan,
        changes,
        backup_dir,
        before,
        unlinked,
        imports: [unprotected, protected],
        registry,
    } = *steps;
    for (k, v) in &plan.config {
        let (set, _) = pulumi.capture(&["config", "get", k], true)?;
        if !set {
            pulumi.run(&["config", "set", k, v], true)?;
        }
    }
    for c in changes {
        std::fs::write(&c.path, &c.new).map_err(|e| format!("{}: {e}", c.path.display()))?;
        println!("rewrote {}", c.path.display());
    }
    if let Some(doc) = unlinked {
        let path = backup_dir.join("state-unlinked.json");
        std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap_or_default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let file = path.to_string_lossy().into_owned();
        pulumi.run(&["stack", "import", "--file", &file], true)?;
    }
    for u in &plan.deletes {
        let mut args = vec!["state", "delete", u.as_str(), "--yes"];
        if plan.protected.contains(u) {
            args.push("--force");
        }
        pulumi.run(&args, true)?;
    }
    for (doc, name, protect) in [
        (unprotected, "import.json", false),
        (protected, "import-protected.json", true),
    ] {
        if doc["resources"].as_array().is_none_or(Vec::is_empty) {
            continue;
        }
        let path = backup_dir.join(name);
        std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap_or_default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let file = path.to_string_lossy().into_owned();
        let mut args = vec![
            "import",
            "--file",
            file.as_str(),
            "--yes",
            "--generate-code=false",
        ];
        if !protect {
            args.push("--protect=false");
        }
        pulumi.run(&args, true)?;
    }
    // 4b. The program's last inputs, from the old entries (see `plan::carry_inputs`).
    let (ok, text) = pulumi.capture(&["stack", "export"], true)?;
    if !ok {
        return Err(format!("`pulumi stack export` failed: {}", tail(&text)));
    }
    let mut after: Value =
        serde_json::from_str(&text).map_err(|e| format!("`pulumi stack export`: {e}"))?;
    // Each moved type's input names, from its schema rendered once (not once per resource).
    let mut inputs: BTreeMap<&str, (Vec<String>, Option<&'static str>)> = BTreeMap::new();
    for m in &plan.moves {
        if inputs.contains_key(m.token.as_str()) {
            continue;
        }
        let Some(r) = registry.get(&m.token) else {
            continue;
        };
        let spec = r.spec();
        let names = spec
            .inputs
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        inputs.insert(m.token.as_str(), (names, spec.named));
    }
    let inputs_of = |token: &str| inputs.get(token).cloned().unwrap_or_default();
    let carried = plan::carry_inputs(before, &mut after, plan, &inputs_of);
    if !carried.is_empty() {
        let path = backup_dir.join("state-carried.json");
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&after).unwrap_or_default(),
        )
        .map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "carrying the program's last inputs into {} imported resources",
            carried.len()
        );
        let file = path.to_string_lossy().into_owned();
        pulumi.run(&["stack", "import", "--file", &file], true)?;
    }
    println!("$ pulumi preview --json");
    let (_, out) = pulumi.capture(&["preview", "--json"], true)?;
    let preview: Value = serde_json::from_str(&out).map_err(|e| {
        format!(
            "`pulumi preview --json` did not print JSON ({e}): {}",
            tail(&out)
        )
    })?;
    let check = plan::check_preview(&preview);
    if !check.clean() {
        let mut msg =
            String::from("the preview of the migrated program is not clean, so nothing is kept:");
        for b in &check.bad {
            msg.push_str(&format!("\n  would {b}"));
        }
        for e in &check.errors {
            msg.push_str(&format!("\n  error: {}", tail(e)));
        }
        return Err(msg);
    }
    Ok(check)
}

fn tail(s: &str) -> &str {
    let n = s.len();
    let mut start = n.saturating_sub(2000);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_parse() {
        assert_eq!(
            parse_args(&args(&["--stack", "prod", "--cwd=/p", "--dry-run"])).unwrap(),
            Options {
                stack: Some("prod".into()),
                cwd: Some("/p".into()),
                dry_run: true,
                help: false
            }
        );
        assert!(parse_args(&args(&["--stack"])).is_err());
        assert!(parse_args(&args(&["--bogus"])).is_err());
        assert!(parse_args(&args(&["-h"])).unwrap().help);
    }

    #[test]
    fn project_reads_runtime_forms() {
        let d = std::env::temp_dir().join(format!("migrate-proj-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("Pulumi.yaml"),
            "name: x\nruntime:\n  name: python\n  options:\n    virtualenv: venv\nmain: src\n",
        )
        .unwrap();
        let (rt, main) = project(&d).unwrap();
        assert_eq!(rt, "python");
        assert_eq!(main, d.join("src"));
        std::fs::write(d.join("Pulumi.yaml"), "name: x\nruntime: yaml\n").unwrap();
        assert_eq!(project(&d).unwrap().0, "yaml");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn shell_words_quote() {
        assert_eq!(
            shell_words(&["state", "delete", "urn:a::b$c"]),
            "state delete 'urn:a::b$c'"
        );
    }
}
