//! A local `moto_server` (mock AWS, including Cognito) for integration tests.
//!
//! [`Moto::start`] launches a private server on a free loopback port and stops
//! it when the value is dropped. [`shared`] returns one server per test
//! binary, started on first use; tests that share it must use unique resource
//! names and must not call [`Moto::reset`].
//!
//! The server is found through the `MOTO_SERVER` environment variable, or else
//! at `<crate>/.venv/bin/moto_server` (created by `scripts/ensure-venv.sh`).
//!
//! [`Moto::start_local_cognito`] and [`local_cognito`] start the project's local Cognito
//! instead (`python -m localcognito`: moto plus the operations moto lacks, see
//! `localcognito/`), with the venv's Python (`LOCAL_COGNITO_PYTHON` overrides it) and the
//! crate root on `PYTHONPATH`; everything else is the same.
//!
//! No server outlives the test binary, even when the binary is killed or never
//! runs destructors (statics such as [`shared`]): `moto_server` runs under a
//! small `sh` watchdog whose stdin is a pipe from the test process. When that
//! pipe closes — on drop, normal exit, panic, or `SIGKILL` — the watchdog
//! kills the server and waits for it.
//!
//! The server's output goes to a log file under cargo's `target/tmp` (see
//! [`Moto::log_path`]). A private server's log is removed on drop unless
//! `MOTO_KEEP_LOG=1` is set; the shared server's log is kept and overwritten
//! by the next run of the same test binary.
#![allow(dead_code)]

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The region to point SDK clients at; moto accepts any, this is the usual one.
pub const REGION: &str = "us-east-1";

/// How long [`Moto::start`] waits for the server to answer `GET /moto-api/`.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// How many times [`Moto::start`] picks a new port when the server exits
/// before becoming ready (another process took the port in between).
const START_ATTEMPTS: usize = 5;

/// Watchdog run as `sh -c WATCHDOG sh <port> <log> <server command...>`.
///
/// It starts the server in the background with stdin from /dev/null, prints
/// the server's pid, and starts a reader on the inherited stdin pipe (kept on
/// fd 3, because an asynchronous list's own stdin is /dev/null). When the
/// pipe reaches EOF (the test process closed it or died) the reader kills the
/// server. The main shell waits for the server and exits with its status, so
/// a server that dies on its own (say, the port was taken) ends the wrapper
/// too. SIGINT/SIGTERM/SIGHUP to the wrapper are passed on as SIGTERM, which
/// matters for Ctrl-C: the server, being an asynchronous list of a
/// non-interactive shell, ignores SIGINT itself.
const WATCHDOG: &str = r#"
exec 3<&0
port=$1; log=$2; shift 2
"$@" -H 127.0.0.1 -p "$port" </dev/null >"$log" 2>&1 3<&- &
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

/// A running `moto_server` bound to `127.0.0.1:<port>`.
///
/// Dropping it stops the server and waits for it to exit.
pub struct Moto {
    /// The `sh` watchdog; the server is its child.
    child: Child,
    /// Write end of the watchdog's lifeline pipe; closing it stops the server.
    lifeline: Mutex<Option<ChildStdin>>,
    /// Pid of the `moto_server` process itself.
    server_pid: u32,
    port: u16,
    log_path: PathBuf,
    keep_log: bool,
}

impl Moto {
    /// Starts a private `moto_server` on a free loopback port and waits until
    /// it answers `GET /moto-api/` with 200.
    ///
    /// # Panics
    /// If `moto_server` cannot be found (run `scripts/ensure-venv.sh`), cannot
    /// be spawned, or is not ready within [`STARTUP_TIMEOUT`]. The message
    /// includes the end of the server's log.
    pub fn start() -> Moto {
        Self::try_start().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`Moto::start`], but returns the failure as a message instead of
    /// panicking.
    pub fn try_start() -> Result<Moto, String> {
        Self::start_with_log_name(None, Server::Moto)
    }

    /// Starts a private local Cognito (`python -m localcognito`) like [`Moto::start`].
    pub fn start_local_cognito() -> Moto {
        Self::start_with_log_name(None, Server::LocalCognito).unwrap_or_else(|e| panic!("{e}"))
    }

    fn start_with_log_name(log_name: Option<String>, kind: Server) -> Result<Moto, String> {
        let server = kind.command()?;
        let keep_log = log_name.is_some() || env_flag("MOTO_KEEP_LOG");
        let mut last_err = String::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port().map_err(|e| format!("cannot find a free port: {e}"))?;
            let log_path = log_dir().join(match &log_name {
                Some(name) => name.clone(),
                None => default_log_name(),
            });
            let mut moto = spawn(&server, port, log_path, keep_log)?;
            match moto.wait_ready(STARTUP_TIMEOUT) {
                Ok(()) => return Ok(moto),
                Err(Startup::Exited(msg)) => last_err = msg, // likely a port race: retry
                Err(Startup::TimedOut(msg)) => return Err(msg),
            }
        }
        Err(format!(
            "moto_server exited before becoming ready, {START_ATTEMPTS} times; last: {last_err}"
        ))
    }

    /// The base URL to give an AWS SDK client as its endpoint, e.g.
    /// `http://127.0.0.1:41234` (no trailing slash).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The loopback TCP port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Pid of the `moto_server` process.
    pub fn pid(&self) -> u32 {
        self.server_pid
    }

    /// Where the server's stdout and stderr go.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Wipes all state in the server (`POST /moto-api/reset`).
    ///
    /// Never call this on the [`shared`] server: other tests running in
    /// parallel use it.
    ///
    /// # Panics
    /// If the request fails or does not return 200.
    pub fn reset(&self) {
        match self.http("POST", "/moto-api/reset", "") {
            Ok((200, _)) => {}
            Ok((status, body)) => panic!("moto reset returned HTTP {status}: {body}"),
            Err(e) => panic!("moto reset failed: {e}"),
        }
    }

    /// Sends one plain HTTP/1.1 request to the server and returns the status
    /// code and body. Useful for moto's own API under `/moto-api/` (for
    /// example `GET /moto-api/data.json` dumps the stored state).
    pub fn http(&self, method: &str, path: &str, body: &str) -> io::Result<(u16, String)> {
        http_request(self.port, method, path, body, Duration::from_secs(30))
    }

    /// Polls `GET /moto-api/` until it returns 200, the server exits, or the
    /// timeout passes.
    fn wait_ready(&mut self, timeout: Duration) -> Result<(), Startup> {
        let deadline = Instant::now() + timeout;
        let mut last: String;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Startup::Exited(format!(
                    "moto_server on port {} exited ({status}) before becoming ready.{}",
                    self.port,
                    self.log_tail()
                )));
            }
            match http_request(self.port, "GET", "/moto-api/", "", Duration::from_secs(2)) {
                Ok((200, _)) => {
                    // Make sure the 200 came from our server, not from a
                    // process that grabbed the port first.
                    if let Ok(Some(_)) = self.child.try_wait() {
                        continue;
                    }
                    return Ok(());
                }
                Ok((status, _)) => last = format!("HTTP {status}"),
                Err(e) => last = e.to_string(),
            }
            if Instant::now() >= deadline {
                return Err(Startup::TimedOut(format!(
                    "moto_server on port {} did not answer GET /moto-api/ with 200 within {:?} \
                     (last: {last}).{}",
                    self.port,
                    timeout,
                    self.log_tail()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The last couple of KiB of the log, formatted for an error message.
    fn log_tail(&self) -> String {
        let text = fs::read(&self.log_path).unwrap_or_default();
        let start = text.len().saturating_sub(2048);
        let tail = String::from_utf8_lossy(&text[start..]);
        format!(
            "\n--- {} (tail) ---\n{}\n---",
            self.log_path.display(),
            tail.trim_end()
        )
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Closing the lifeline makes the watchdog kill the server and exit.
        drop(self.lifeline.get_mut().map(Option::take));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    // Should not happen; make sure nothing is left behind.
                    let _ = Command::new("kill")
                        .args(["-KILL", &self.server_pid.to_string()])
                        .stderr(Stdio::null())
                        .status();
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        if !self.keep_log {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}

static SHARED: OnceLock<Moto> = OnceLock::new();
static LOCAL: OnceLock<Moto> = OnceLock::new();

/// Which server to run.
#[derive(Clone, Copy)]
enum Server {
    /// Plain `moto_server`.
    Moto,
    /// `python -m localcognito`.
    LocalCognito,
}

impl Server {
    /// The program and the arguments before `-H <host> -p <port>`.
    fn command(self) -> Result<Vec<std::ffi::OsString>, String> {
        match self {
            Server::Moto => Ok(vec![server_path()?.into_os_string()]),
            Server::LocalCognito => {
                let python = match std::env::var_os("LOCAL_COGNITO_PYTHON") {
                    Some(p) if !p.is_empty() => PathBuf::from(p),
                    _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
                };
                if !python.exists() {
                    return Err(format!(
                        "python not found at {} for the local Cognito. Run `scripts/ensure-venv.sh` \
                         in {}, or set LOCAL_COGNITO_PYTHON.",
                        python.display(),
                        env!("CARGO_MANIFEST_DIR")
                    ));
                }
                Ok(vec![
                    python.into_os_string(),
                    "-m".into(),
                    "localcognito".into(),
                ])
            }
        }
    }
}

/// The process-wide local Cognito (`python -m localcognito`), shared like [`shared`].
pub fn local_cognito() -> &'static Moto {
    LOCAL.get_or_init(|| {
        let moto = Moto::start_with_log_name(
            Some(format!("localcognito-{}-shared.log", exe_stem())),
            Server::LocalCognito,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        register_atexit();
        moto
    })
}

/// The process-wide server, started on first call and shared by every test in
/// this test binary. It is never dropped; an `atexit` hook stops it (and waits
/// for it) when the test binary exits normally, and the watchdog stops it if
/// the process dies any other way.
///
/// Tests using it must use unique resource names and must not call
/// [`Moto::reset`].
///
/// # Panics
/// Like [`Moto::start`]. A failed start poisons nothing: each later call
/// retries it.
pub fn shared() -> &'static Moto {
    SHARED.get_or_init(|| {
        let moto = Moto::start_with_log_name(
            Some(format!("moto-{}-shared.log", exe_stem())),
            Server::Moto,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        register_atexit();
        moto
    })
}

/// Registers [`stop_shared`] with the C library's `atexit` (std links libc, so
/// no crate is needed). Statics are never dropped, so without this the shared
/// server would stop only after the test binary had exited, leaving a short
/// window in which it still runs.
#[cfg(unix)]
fn register_atexit() {
    unsafe extern "C" {
        fn atexit(cb: extern "C" fn()) -> std::ffi::c_int;
    }
    extern "C" fn stop_shared() {
        for s in [&SHARED, &LOCAL] {
            if let Some(moto) = s.get() {
                moto.stop_and_wait(Duration::from_secs(5));
            }
        }
    }
    // Once per process, whichever shared server starts first.
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: `stop_shared` is a plain function that neither panics nor
    // unwinds (all its fallible steps are ignored), as `atexit` requires.
    ONCE.call_once(|| unsafe {
        atexit(stop_shared);
    });
}

#[cfg(not(unix))]
fn register_atexit() {}

impl Moto {
    /// Closes the lifeline and waits (up to `timeout`) until the server
    /// process is gone; works through `&self`, for the shared instance.
    fn stop_and_wait(&self, timeout: Duration) {
        if let Ok(mut lifeline) = self.lifeline.lock() {
            drop(lifeline.take());
        }
        if self.server_pid == 0 {
            return;
        }
        // The server is the watchdog's child, so it disappears from /proc as
        // soon as the watchdog reaps it.
        let proc_dir = PathBuf::from(format!("/proc/{}", self.server_pid));
        if !Path::new("/proc/self").exists() {
            return; // no procfs: cannot watch, the watchdog still stops it
        }
        let deadline = Instant::now() + timeout;
        while proc_dir.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

enum Startup {
    /// The server exited early: retry on another port.
    Exited(String),
    /// The server stayed up but never became ready: give up.
    TimedOut(String),
}

/// `$MOTO_SERVER`, or `<crate>/.venv/bin/moto_server`.
fn server_path() -> Result<PathBuf, String> {
    let path = match std::env::var_os("MOTO_SERVER") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "moto_server not found at {}. Run `scripts/ensure-venv.sh` in {} to create the \
             venv, or set MOTO_SERVER to a moto_server executable.",
            path.display(),
            env!("CARGO_MANIFEST_DIR")
        ))
    }
}

fn spawn(
    server: &[std::ffi::OsString],
    port: u16,
    log_path: PathBuf,
    keep_log: bool,
) -> Result<Moto, String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let pythonpath = match std::env::var("PYTHONPATH") {
        Ok(p) if !p.is_empty() => format!("{root}:{p}"),
        _ => root.to_string(),
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("moto-watchdog")
        .arg(port.to_string())
        .arg(&log_path)
        .args(server)
        .env("PYTHONPATH", pythonpath)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot spawn sh to run {server:?}: {e}"))?;
    let lifeline = child.stdin.take();
    // The watchdog prints the server's pid first; nothing else goes to stdout.
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let server_pid = line.trim().parse().unwrap_or(0);
    Ok(Moto {
        child,
        lifeline: Mutex::new(lifeline),
        server_pid,
        port,
        log_path,
        keep_log,
    })
}

/// Asks the OS for a free loopback port. Another process may take it before
/// the server binds it; [`Moto::try_start`] retries in that case.
fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn env_flag(name: &str) -> bool {
    matches!(std::env::var(name).as_deref(), Ok(v) if !v.is_empty() && v != "0")
}

/// Cargo's per-package scratch dir for integration tests, else the OS temp dir.
fn log_dir() -> PathBuf {
    let dir = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let _ = fs::create_dir_all(&dir);
    dir
}

fn exe_stem() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "test".to_owned())
}

fn default_log_name() -> String {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    format!(
        "moto-{}-{}-{}.log",
        exe_stem(),
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// One HTTP/1.1 request with `Connection: close`; returns (status, body).
fn http_request(
    port: u16,
    method: &str,
    path: &str,
    body: &str,
    timeout: Duration,
) -> io::Result<(u16, String)> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> io::Result<(u16, String)> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("incomplete HTTP response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut payload = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad("malformed HTTP status line"))?;
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("transfer-encoding")
                && value.to_ascii_lowercase().contains("chunked")
            {
                chunked = true;
            } else if name.eq_ignore_ascii_case("content-length") {
                if let Ok(n) = value.parse::<usize>() {
                    payload = &payload[..n.min(payload.len())];
                }
            }
        }
    }
    let body = if chunked {
        dechunk(payload).ok_or_else(|| bad("malformed chunked body"))?
    } else {
        payload.to_vec()
    };
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_field.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
