//! The `migrate-from-aws` subcommand of the binary, driven through a stand-in `pulumi`
//! (`PULUMI_BIN`, a shell script that answers `stack export` with a fixture state and
//! records every other call), so the driver's dry run and refusals are tested without the
//! real CLI. tests/e2e/test_migrate.py runs the whole migration with the real one.

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_pulumi-resource-cognito");

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("migrate-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A project with a pulumi-aws YAML program, and a fake `pulumi` answering with `state`.
fn setup(tag: &str, state: &serde_json::Value) -> (PathBuf, PathBuf) {
    let dir = tempdir(tag);
    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("Pulumi.yaml"),
        "name: auth\nruntime: yaml\nresources:\n  pool:\n    type: aws:cognito/userPool:UserPool\n  client:\n    type: aws:cognito:UserPoolClient\n    properties:\n      userPoolId: ${pool.id}\n",
    )
    .unwrap();
    let export = dir.join("export.json");
    std::fs::write(&export, state.to_string()).unwrap();
    let fake = dir.join("pulumi");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{calls}'\nif [ \"$1 $2\" = \"stack export\" ]; then if grep -q '^import ' '{calls}' && [ -f '{after}' ]; then cat '{after}'; else cat '{export}'; fi; exit 0; fi\nif [ \"$1\" = preview ]; then echo '{{\"steps\": [{{\"op\": \"same\", \"urn\": \"u\"}}]}}'; fi\nexit 0\n",
            calls = dir.join("calls.log").display(),
            export = export.display(),
            after = dir.join("export-after.json").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, project)
}

fn run(dir: &Path, project: &Path, extra: &[&str]) -> Output {
    Command::new(BIN)
        .arg("migrate-from-aws")
        .arg("--cwd")
        .arg(project)
        .args(extra)
        .env("PULUMI_BIN", dir.join("pulumi"))
        .output()
        .unwrap()
}

fn state(extra: Vec<serde_json::Value>) -> serde_json::Value {
    let prov = "urn:pulumi:dev::auth::pulumi:providers:aws::default_7_51_1";
    let pool = "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool";
    let mut resources = vec![
        json!({"urn": "urn:pulumi:dev::auth::pulumi:pulumi:Stack::auth-dev", "custom": false, "type": "pulumi:pulumi:Stack"}),
        json!({"urn": prov, "custom": true, "id": "p1", "type": "pulumi:providers:aws", "inputs": {"region": "eu-west-1"}}),
        json!({"urn": pool, "custom": true, "id": "eu-west-1_Abc", "type": "aws:cognito/userPool:UserPool",
               "provider": format!("{prov}::p1"), "outputs": {"id": "eu-west-1_Abc"},
               "inputs": {"__defaults": ["name"], "name": "pool-4f2a1c9", "mfaConfiguration": "OFF",
                          "passwordPolicy": {"__defaults": ["temporaryPasswordValidityDays"],
                                             "minimumLength": 12, "temporaryPasswordValidityDays": 7}}}),
        json!({"urn": "urn:pulumi:dev::auth::aws:cognito/userPoolClient:UserPoolClient::client", "custom": true,
               "id": "1client", "type": "aws:cognito/userPoolClient:UserPoolClient", "provider": format!("{prov}::p1"),
               "outputs": {"id": "1client", "userPoolId": "eu-west-1_Abc"}, "dependencies": [pool], "protect": true}),
    ];
    resources.extend(extra);
    json!({"version": 3, "deployment": {"resources": resources}})
}

#[test]
fn help_explains_the_subcommand() {
    for args in [&["--help"][..], &["migrate-from-aws", "--help"][..]] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("migrate-from-aws [--stack NAME] [--cwd DIR] [--dry-run]"),
            "{text}"
        );
        assert!(text.contains("no creates, deletes or replaces"), "{text}");
    }
    let bad = Command::new(BIN)
        .args(["migrate-from-aws", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown argument"));
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let (dir, project) = setup("dry", &state(vec![]));
    let before = std::fs::read_to_string(project.join("Pulumi.yaml")).unwrap();
    let out = run(&dir, &project, &["--dry-run", "--stack", "dev"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "\"id\": \"eu-west-1_Abc\"",
        "\"type\": \"cognito:index:UserPool\"",
        "\"id\": \"eu-west-1_Abc/1client\"",
        "Protected resources",
        "pulumi state delete 'urn:pulumi:dev::auth::aws:cognito/userPoolClient:UserPoolClient::client' --yes --force",
        "pulumi state delete 'urn:pulumi:dev::auth::pulumi:providers:aws::default_7_51_1' --yes",
        "pulumi config set cognito:region eu-west-1",
        "+     type: cognito:index:UserPool",
        "+     type: cognito:index:UserPoolClient",
        "Dry run: nothing changed.",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // The client goes before the pool it depends on.
    let client = text.find("UserPoolClient::client' --yes").unwrap();
    let pool = text.find("UserPool::pool' --yes").unwrap();
    assert!(client < pool);
    assert_eq!(
        std::fs::read_to_string(project.join("Pulumi.yaml")).unwrap(),
        before
    );
    let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    assert_eq!(
        calls.lines().collect::<Vec<_>>(),
        vec!["stack export --stack dev --non-interactive --color never"]
    );
    assert!(!project.join(".pulumi-cognito-migration").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_blocked_stack_is_refused_before_any_change() {
    let child = json!({"urn": "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool$aws:iam/role:Role::r",
        "custom": true, "id": "r", "type": "aws:iam/role:Role",
        "provider": "urn:pulumi:dev::auth::pulumi:providers:aws::default_7_51_1::p1",
        "parent": "urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool"});
    let (dir, project) = setup("blocked", &state(vec![child]));
    let before = std::fs::read_to_string(project.join("Pulumi.yaml")).unwrap();
    let out = run(&dir, &project, &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("Cannot migrate this stack safely"), "{text}");
    assert!(text.contains("aws:iam/role:Role::r has"), "{text}");
    assert!(text.contains("as its parent"), "{text}");
    assert_eq!(
        std::fs::read_to_string(project.join("Pulumi.yaml")).unwrap(),
        before
    );
    let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    assert_eq!(calls.lines().count(), 1, "{calls}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_stack_without_pulumi_aws_cognito_resources_needs_nothing() {
    let empty = json!({"version": 3, "deployment": {"resources": [
        {"urn": "urn:pulumi:dev::auth::pulumi:pulumi:Stack::auth-dev", "custom": false, "type": "pulumi:pulumi:Stack"}]}});
    let (dir, project) = setup("empty", &empty);
    let out = run(&dir, &project, &[]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to do"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_real_run_drives_pulumi_in_order_and_unlinks_staying_dependents() {
    let role = json!({"urn": "urn:pulumi:dev::auth::aws:iam/role:Role::r", "custom": true, "id": "r",
        "type": "aws:iam/role:Role", "provider": "urn:pulumi:dev::auth::pulumi:providers:aws::default_7_51_1::p1",
        "dependencies": ["urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool"]});
    let (dir, project) = setup("run", &state(vec![role]));
    // What `pulumi stack export` shows once the import ran: the imported pool with the inputs
    // an import records (what AWS reports).
    let imported_pool = "urn:pulumi:dev::auth::cognito:index:UserPool::pool";
    let after = json!({"version": 3, "deployment": {"resources": [
        {"urn": "urn:pulumi:dev::auth::pulumi:pulumi:Stack::auth-dev", "custom": false, "type": "pulumi:pulumi:Stack"},
        {"urn": imported_pool, "custom": true, "id": "eu-west-1_Abc", "type": "cognito:index:UserPool",
         "inputs": {"name": "pool-4f2a1c9", "mfaConfiguration": "OFF", "deletionProtection": "INACTIVE",
                    "passwordPolicy": {"minimumLength": 12, "temporaryPasswordValidityDays": 7}}},
    ]}});
    std::fs::write(dir.join("export-after.json"), after.to_string()).unwrap();
    let out = run(&dir, &project, &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(
            "no longer depends on urn:pulumi:dev::auth::aws:cognito/userPool:UserPool::pool"
        ),
        "{text}"
    );
    let program = std::fs::read_to_string(project.join("Pulumi.yaml")).unwrap();
    assert!(
        program.contains("type: cognito:index:UserPool\n") && !program.contains("aws:cognito"),
        "{program}"
    );
    let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    let verbs: Vec<String> = calls
        .lines()
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let mut v = w[..2].join(" ");
            if w[0] == "state" {
                v.push(' ');
                v.push_str(w[2].rsplit("::").next().unwrap());
            }
            if w[0] == "import" || w[1] == "import" {
                // `import --file F` and `stack import --file F`
                let f = w.iter().position(|x| *x == "--file").unwrap();
                v.push(' ');
                v.push_str(w[f + 1].rsplit('/').next().unwrap());
            }
            if l.contains("--force") {
                v.push_str(" --force");
            }
            if l.contains("--protect=false") {
                v.push_str(" --protect=false");
            }
            v
        })
        .collect();
    assert_eq!(
        verbs,
        vec![
            "stack export",
            "config get",
            "stack import state-unlinked.json",
            "state delete client --force",
            "state delete pool",
            "import --file import.json --protect=false",
            "import --file import-protected.json",
            "stack export",
            "stack import state-carried.json",
            "preview --json",
        ],
        "{calls}"
    );
    // The provider stays (the role uses it); the role's edge is gone from what was imported.
    let backup = std::fs::read_dir(project.join(".pulumi-cognito-migration"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let unlinked: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(backup.join("state-unlinked.json")).unwrap())
            .unwrap();
    let role = unlinked["deployment"]["resources"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(role["dependencies"], json!([]));
    assert!(backup.join("state-before.json").exists());
    // The imported pool carries what the program last set, without the bridge's defaults
    // (its generated name stays: the pool's auto-named property).
    let carried: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(backup.join("state-carried.json")).unwrap())
            .unwrap();
    let pool = carried["deployment"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["urn"] == imported_pool)
        .unwrap();
    assert_eq!(
        pool["inputs"],
        json!({"name": "pool-4f2a1c9", "mfaConfiguration": "OFF", "passwordPolicy": {"minimumLength": 12}})
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
