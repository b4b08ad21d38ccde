//! The project's local Cognito (`localcognito/`: moto plus the operations moto lacks, such
//! as SetIdentityPoolRoles and SetPrincipalTagAttributeMap) for integration tests, started
//! the way `scripts/local-cognito.sh` starts it: `python -m localcognito --port 0` with the
//! repository on `PYTHONPATH`, ready once its first stdout line says
//! `listening on http://127.0.0.1:PORT`.
//!
//! [`shared`] starts one server per test binary on first use. Tests that share it must use
//! unique names and never reset it. The Python is `$LOCAL_COGNITO_PYTHON`, or else
//! `<crate>/.venv/bin/python` (`scripts/ensure-venv.sh`).
//!
//! As in `moto.rs`, the server runs under a small `sh` watchdog whose stdin is a pipe from
//! the test process: when the pipe closes (the test binary exits, however it exits), the
//! watchdog stops the server. Its output goes to `target/tmp/localcognito-<test>.log`.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long [`shared`] waits for the `listening on` line.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// `sh -c WATCHDOG sh <python> <stdout file> <log file>`: starts the server in the
/// background, prints its pid, and kills it when stdin (kept on fd 3) reaches EOF.
const WATCHDOG: &str = r#"
exec 3<&0
"$1" -m localcognito --host 127.0.0.1 --port 0 </dev/null >"$2" 2>"$3" 3<&- &
pid=$!
echo "$pid"
trap 'kill "$pid" 2>/dev/null' INT TERM HUP
( read _ <&3; kill "$pid" 2>/dev/null ) &
exec 3<&-
while :; do
  wait "$pid"; st=$?
  kill -0 "$pid" 2>/dev/null || exit "$st"
done
"#;

/// A running local Cognito.
pub struct LocalCognito {
    child: Mutex<Child>,
    /// Closing it stops the server (the process exit closes it too).
    lifeline: Mutex<Option<ChildStdin>>,
    endpoint: String,
    log: PathBuf,
}

impl LocalCognito {
    /// The endpoint URL for SDK clients and the provider's `endpoint` config.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// Where the server's request log goes.
    pub fn log_path(&self) -> &Path {
        &self.log
    }
}

static SHARED: OnceLock<LocalCognito> = OnceLock::new();

/// The process-wide local Cognito, started on first call.
///
/// # Panics
/// If the Python or the repository's `localcognito` package cannot be run, or the server
/// does not say where it listens within [`STARTUP_TIMEOUT`]; the message holds its log.
pub fn shared() -> &'static LocalCognito {
    SHARED.get_or_init(|| start().unwrap_or_else(|e| panic!("{e}")))
}

fn start() -> Result<LocalCognito, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = match std::env::var_os("LOCAL_COGNITO_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => repo.join(".venv/bin/python"),
    };
    if !python.exists() {
        return Err(format!(
            "no Python at {}: run scripts/ensure-venv.sh, or set LOCAL_COGNITO_PYTHON",
            python.display()
        ));
    }
    let dir = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let _ = std::fs::create_dir_all(&dir);
    let stem = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "test".into());
    let out = dir.join(format!("localcognito-{stem}-{}.out", std::process::id()));
    let log = dir.join(format!("localcognito-{stem}.log"));
    let pythonpath = match std::env::var("PYTHONPATH") {
        Ok(p) if !p.is_empty() => format!("{}:{p}", repo.display()),
        _ => repo.display().to_string(),
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("localcognito-watchdog")
        .arg(&python)
        .arg(&out)
        .arg(&log)
        .env("PYTHONPATH", pythonpath)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot spawn sh to run the local Cognito: {e}"))?;
    let lifeline = child.stdin.take();
    // The watchdog prints the server's pid, then nothing; reading it waits for the start.
    let mut pid = [0u8; 16];
    let _ = child.stdout.as_mut().map(|s| s.read(&mut pid));
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    loop {
        let first = std::fs::read_to_string(&out).unwrap_or_default();
        if let Some(url) = first
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("listening on "))
        {
            let _ = std::fs::remove_file(&out);
            return Ok(LocalCognito {
                child: Mutex::new(child),
                lifeline: Mutex::new(lifeline),
                endpoint: url.trim().to_string(),
                log,
            });
        }
        let exited = matches!(child.try_wait(), Ok(Some(_)));
        if exited || Instant::now() >= deadline {
            let text = std::fs::read(&log).unwrap_or_default();
            let tail = String::from_utf8_lossy(&text[text.len().saturating_sub(2048)..]);
            drop(lifeline);
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the local Cognito {} (log {}):\n{tail}",
                if exited {
                    "exited before listening"
                } else {
                    "did not say where it listens in time"
                },
                log.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
