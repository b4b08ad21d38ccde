//! Opt-in self-timing of every gRPC request, for measuring the provider's own share of a
//! `pulumi up` (`benches/stacks.rs`).
//!
//! When the environment variable [`ENV`] (`PULUMI_COGNITO_RPC_STATS`) names a file, or a
//! test has called [`enable`], every request the server answers appends one JSON line to
//! that file:
//!
//! ```text
//! {"pid":4242,"method":"Create","wall_ns":81234567,"recv_ns":2100,"aws_ns":80123456,"wire_ns":13456789,"paced_ns":66666667,"at_ns":1234567,"cpu_ns":412345}
//! ```
//!
//! - `wall_ns`: from the request being in (its last body frame received, or its headers if
//!   it has no body) to the response leaving (hyper dropping the response body, after its
//!   last frame);
//! - `recv_ns`: from the request's headers to its last body frame, time the engine took to
//!   send the request message (not counted in `wall_ns`);
//! - `wire_ns`: time the AWS SDK spent between sending a request and receiving the answer's
//!   head, summed over the request's AWS calls (an SDK interceptor in [`crate::aws`] reports
//!   it with [`add_wire`]);
//! - `paced_ns`: time spent waiting for the client-side quota limiter and in retry backoff
//!   ([`crate::aws::Aws::call`] reports it with [`add_paced`]);
//! - `aws_ns` = `wire_ns` + `paced_ns`, the time spent waiting on AWS;
//! - `at_ns`: when the request was in (the start of `wall_ns`), in nanoseconds since this
//!   process timed its first request: with `wall_ns`, when the provider was busy, so that
//!   time when several requests were in at once can be counted once;
//! - `cpu_ns`: the CPU time of the thread that took the request in, over `wall_ns`, or `null`
//!   when the response left from another thread. It counts whatever that thread ran
//!   meanwhile, so it means something for a request that never waits (Check, Diff): there,
//!   `wall_ns − cpu_ns` is the time the request was ready to run but had no core. The
//!   clock is read just outside `wall_ns`'s span at each end, so that reading it adds nothing
//!   to `wall_ns`; `cpu_ns` holds the two reads (system calls, each well under a
//!   microsecond).
//!
//! The provider's own time for a request is `wall_ns − aws_ns`. It is an upper bound: it also
//! holds the time the request's task waited for a thread while other requests ran, or for a
//! core while other processes ran (see `cpu_ns`), and the reading of an answer's body after
//! its head arrived.
//!
//! The times of one request are gathered in a [`tokio::task_local!`] scoped around the inner
//! service's future, so AWS calls made on other tasks would not be seen (the provider makes
//! none). The file is opened with `O_APPEND` and each line is written with one `write`, so
//! several provider processes can share a file. Without [`ENV`] nothing is opened, no scope
//! is entered and each request pays for a check of a `OnceLock`.

use http_body::{Body, Frame, SizeHint};
use std::cell::Cell;
use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::{self, Write};
use std::path::Path;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tonic::codegen::{http, Service};

/// Numbers the threads that take requests in, for [`thread_cpu`].
static NEXT_THREAD: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static THREAD: u64 = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
}

/// This thread's CPU time in nanoseconds, and the number of this thread.
fn thread_cpu() -> (u64, u64) {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let ns = u64::try_from(t.tv_sec)
        .unwrap_or(0)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::try_from(t.tv_nsec).unwrap_or(0));
    (ns, THREAD.with(|n| *n))
}

/// The environment variable naming the file that receives one JSON line per request.
pub const ENV: &str = "PULUMI_COGNITO_RPC_STATS";

static SINK: OnceLock<Option<File>> = OnceLock::new();

/// When this process timed its first request (the origin of `at_ns`).
static EPOCH: OnceLock<Instant> = OnceLock::new();

fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// The stats file, opened on first use from [`ENV`] unless [`enable`] came first.
fn sink() -> Option<&'static File> {
    SINK.get_or_init(|| {
        let path = std::env::var_os(ENV).filter(|p| !p.is_empty())?;
        match open(Path::new(&path)) {
            Ok(f) => Some(f),
            Err(e) => {
                tracing::warn!(path = %Path::new(&path).display(), error = %e, "cannot open the RPC stats file; no stats");
                None
            }
        }
    })
    .as_ref()
}

/// Sends the stats to `path` (appending), whatever [`ENV`] says. Must come before the first
/// request and before the AWS clients are built (Configure); fails if the stats file was
/// already chosen or cannot be opened.
pub fn enable(path: impl AsRef<Path>) -> io::Result<()> {
    let f = open(path.as_ref())?;
    SINK.set(Some(f))
        .map_err(|_| io::Error::other("the RPC stats file was already chosen"))
}

/// True when requests are being timed.
pub fn enabled() -> bool {
    sink().is_some()
}

/// The AWS times of the request running on this task.
#[derive(Debug, Default)]
struct Acc {
    wire: Cell<u64>,
    paced: Cell<u64>,
}

tokio::task_local! {
    static ACC: Acc;
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Adds `d` to the current request's time on the wire to AWS (nothing outside a timed
/// request).
pub fn add_wire(d: Duration) {
    let _ = ACC.try_with(|a| a.wire.set(a.wire.get().saturating_add(nanos(d))));
}

/// Adds `d` to the current request's time spent pacing AWS calls: waiting for the quota
/// limiter or in retry backoff (nothing outside a timed request).
pub fn add_paced(d: Duration) {
    let _ = ACC.try_with(|a| a.paced.set(a.paced.get().saturating_add(nanos(d))));
}

/// Wraps the gRPC service so that each request is timed when stats are enabled.
pub fn wrap<S>(inner: S) -> Timed<S> {
    Timed { inner }
}

/// A gRPC service that times each request it passes to `S` (see the module docs).
#[derive(Debug, Clone)]
pub struct Timed<S> {
    inner: S,
}

/// One request's figures; written out when it is dropped, that is when hyper drops the
/// response body after sending its last frame (or at once, if there is no body).
#[derive(Debug)]
struct Line {
    file: &'static File,
    method: String,
    inbound: Arc<Inbound>,
    wire: u64,
    paced: u64,
}

/// When a request came in, as its body ([`Arrival`]) saw it; read by its [`Line`].
#[derive(Debug)]
struct Inbound {
    start: Instant,
    /// Nanoseconds from `start` to the request's last body frame.
    received: AtomicU64,
    /// The CPU time (see [`thread_cpu`]) of the thread that took the last body frame then.
    cpu: AtomicU64,
    /// That thread's number.
    thread: AtomicU64,
}

impl Inbound {
    /// A request whose headers are in now.
    fn now() -> Self {
        let (cpu, thread) = thread_cpu();
        Self {
            start: Instant::now(),
            received: AtomicU64::new(0),
            cpu: AtomicU64::new(cpu),
            thread: AtomicU64::new(thread),
        }
    }

    /// A body frame is in now.
    fn frame(&self) {
        let (cpu, thread) = thread_cpu();
        self.received
            .store(nanos(self.start.elapsed()), Ordering::Relaxed);
        self.cpu.store(cpu, Ordering::Relaxed);
        self.thread.store(thread, Ordering::Relaxed);
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        let inb = &self.inbound;
        // The CPU time is read just outside the wall time's span, at both ends.
        let total = nanos(inb.start.elapsed());
        let (cpu_out, thread_out) = thread_cpu();
        let recv = inb.received.load(Ordering::Relaxed).min(total);
        let wall = total - recv;
        let cpu = if inb.thread.load(Ordering::Relaxed) == thread_out {
            cpu_out
                .saturating_sub(inb.cpu.load(Ordering::Relaxed))
                .to_string()
        } else {
            "null".to_string()
        };
        // Set by `call` before any line exists.
        let epoch = EPOCH.get().copied().unwrap_or(inb.start);
        let at = nanos(inb.start.saturating_duration_since(epoch)).saturating_add(recv);
        let line = format!(
            "{{\"pid\":{},\"method\":{},\"wall_ns\":{wall},\"recv_ns\":{recv},\"aws_ns\":{},\"wire_ns\":{},\"paced_ns\":{},\"at_ns\":{at},\"cpu_ns\":{cpu}}}\n",
            std::process::id(),
            serde_json::Value::String(std::mem::take(&mut self.method)),
            self.wire.saturating_add(self.paced),
            self.wire,
            self.paced,
        );
        // One write of a short line to an O_APPEND file: lines of concurrent writers, even
        // of other processes, do not interleave.
        let mut f = self.file;
        if let Err(e) = f.write(line.as_bytes()) {
            tracing::debug!(error = %e, "cannot write RPC stats");
        }
    }
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// A request body that notes when its last frame arrived (see `recv_ns`).
#[derive(Debug)]
pub struct Arrival<B> {
    inner: B,
    /// `None` when stats are off.
    mark: Option<Arc<Inbound>>,
}

impl<B: Body + Unpin> Body for Arrival<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_frame(cx);
        if let (Poll::Ready(Some(Ok(_))), Some(inbound)) = (&r, &this.mark) {
            inbound.frame();
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl<S, ReqBody> Service<http::Request<ReqBody>> for Timed<S>
where
    S: Service<http::Request<Arrival<ReqBody>>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
    S::Error: 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<S::Response, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<ReqBody>) -> Self::Future {
        let Some(file) = sink() else {
            return Box::pin(
                self.inner
                    .call(req.map(|inner| Arrival { inner, mark: None })),
            );
        };
        let inbound = Arc::new(Inbound::now());
        EPOCH.get_or_init(|| inbound.start);
        let method = req
            .uri()
            .path()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let mark = Some(Arc::clone(&inbound));
        let fut = self.inner.call(req.map(|inner| Arrival { inner, mark }));
        Box::pin(async move {
            let mut scoped = pin!(ACC.scope(Acc::default(), fut));
            let out = scoped.as_mut().await;
            let acc = scoped.as_mut().take_value().unwrap_or_default();
            let line = Line {
                file,
                method,
                inbound,
                wire: acc.wire.get(),
                paced: acc.paced.get(),
            };
            let res = out?;
            // The response body is encoded as hyper sends it; the line goes with the body
            // (in an `http::Response` wrapper's extensions) and is written when it is dropped.
            let (parts, body) = res.into_parts();
            let mut carrier = http::Response::new(body);
            carrier.extensions_mut().insert(Arc::new(line));
            Ok(http::Response::from_parts(
                parts,
                tonic::body::Body::new(carrier),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accumulates_only_inside_a_scope() {
        add_wire(Duration::from_millis(5));
        let acc = ACC
            .scope(Acc::default(), async {
                add_wire(Duration::from_nanos(7));
                tokio::task::yield_now().await;
                add_wire(Duration::from_nanos(3));
                add_paced(Duration::from_nanos(11));
                ACC.with(|a| (a.wire.get(), a.paced.get()))
            })
            .await;
        assert_eq!(acc, (10, 11));
    }
}
