//! A fault-injecting HTTP proxy between the provider and moto, for reliability tests.
//!
//! [`FaultProxy::start`] listens on `127.0.0.1:0` and forwards every request to an upstream
//! (moto). Point the provider's `endpoint` at [`FaultProxy::endpoint`]. On the way it can:
//!
//! - enforce AWS's Cognito request-rate quotas ([`Config::quotas`]): a token bucket per
//!   quota category for the account, plus one per user pool where AWS has a per-pool quota,
//!   each holding one second of requests; a request over the quota gets what AWS answers,
//!   HTTP 400 `TooManyRequestsException`, and never reaches moto;
//! - inject faults at random, from a seeded RNG ([`Config::error_rate`],
//!   [`Config::reset_rate`], [`Config::reset_after_rate`]): 5xx answers, and dropped
//!   connections (the request is read, then the socket is closed without an answer), either
//!   before forwarding (moto never sees the request) or after (moto has acted on it, the
//!   client cannot know);
//! - add latency ([`Config::latency`], [`Config::jitter`]);
//! - fail chosen calls of an operation ([`FaultProxy::fail_calls`]), e.g. the 2nd
//!   `DescribeUserPool`, with a chosen [`Fault`];
//! - record every request ([`Record`]): operation, user pool, arrival time and outcome, so a
//!   test can count calls, throttles and faults and compute the achieved rate.
//!
//! Requests are recognised the way AWS does: the operation from `X-Amz-Target`
//! (`AWSCognitoIdentityProviderService.<Op>` or `AWSCognitoIdentityService.<Op>`) and the
//! user pool from the JSON body's `UserPoolId`.
//!
//! The quota table here is written from the AWS Cognito quotas page (see
//! `../shared/README.md`), deliberately not shared with `src/limiter.rs`: the proxy checks
//! the provider's limiter rather than mirroring it.
#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_TYPE, TRANSFER_ENCODING};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// An AWS request-rate quota: per account and region, and per user pool where AWS has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    /// The AWS quota category, e.g. `UserPoolClientUpdate`.
    pub category: &'static str,
    /// Requests per second for the account and region.
    pub account_rps: f64,
    /// Requests per second per user pool, if AWS limits per pool.
    pub pool_rps: Option<f64>,
}

/// The quota an operation counts against (`None`: not limited by the proxy).
pub fn quota_of(op: &str) -> Option<Quota> {
    let q = |category, account_rps, pool_rps| {
        Some(Quota {
            category,
            account_rps,
            pool_rps,
        })
    };
    match op {
        "DescribeUserPool" | "GetUserPoolMfaConfig" | "ListUserPools" | "GetSigningCertificate" => {
            q("UserPoolRead", 15.0, None)
        }
        "CreateUserPool"
        | "UpdateUserPool"
        | "DeleteUserPool"
        | "SetUserPoolMfaConfig"
        | "AddCustomAttributes" => q("UserPoolUpdate", 15.0, None),
        "DescribeUserPoolClient" | "ListUserPoolClients" => {
            q("UserPoolClientRead", 15.0, Some(5.0))
        }
        "CreateUserPoolClient" | "UpdateUserPoolClient" | "DeleteUserPoolClient" => {
            q("UserPoolClientUpdate", 15.0, Some(5.0))
        }
        "DescribeUserPoolDomain"
        | "GetGroup"
        | "ListGroups"
        | "DescribeResourceServer"
        | "ListResourceServers"
        | "DescribeIdentityProvider"
        | "ListIdentityProviders"
        | "GetIdentityProviderByIdentifier" => q("UserPoolResourceRead", 20.0, Some(5.0)),
        "CreateGroup"
        | "UpdateGroup"
        | "DeleteGroup"
        | "CreateResourceServer"
        | "UpdateResourceServer"
        | "DeleteResourceServer"
        | "CreateIdentityProvider"
        | "UpdateIdentityProvider"
        | "DeleteIdentityProvider"
        | "CreateUserPoolDomain"
        | "UpdateUserPoolDomain"
        | "DeleteUserPoolDomain" => q("UserPoolResourceUpdate", 15.0, Some(5.0)),
        // cognito-identity publishes per-operation quotas; these are conservative stand-ins.
        "DescribeIdentityPool" | "ListIdentityPools" => q("IdentityPoolRead", 25.0, None),
        "CreateIdentityPool" | "UpdateIdentityPool" | "DeleteIdentityPool" => {
            q("IdentityPoolUpdate", 10.0, None)
        }
        _ => None,
    }
}

/// What to do instead of (or after) forwarding a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and AWS error code, without forwarding.
    Error {
        /// The HTTP status, e.g. 500.
        status: u16,
        /// The AWS error code (`__type` and `x-amzn-ErrorType`).
        code: String,
        /// The error message.
        message: String,
    },
    /// Answer a bare HTTP 503 with an empty body (a load balancer's answer), not forwarded.
    Unavailable,
    /// Read the request, then close the connection without forwarding or answering.
    Reset,
    /// Forward the request, wait for moto's answer, then close the connection without
    /// answering: moto has acted, the client sees a transport error (an ambiguous failure).
    ResetAfterForward,
}

impl Fault {
    /// HTTP 500 `InternalErrorException`, as Cognito answers an internal failure.
    pub fn internal() -> Fault {
        Fault::aws(500, "InternalErrorException", "injected internal error")
    }

    /// An AWS error answer.
    pub fn aws(status: u16, code: &str, message: &str) -> Fault {
        Fault::Error {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    fn label(&self) -> String {
        match self {
            Fault::Error { status, code, .. } => format!("{status} {code}"),
            Fault::Unavailable => "503".into(),
            Fault::Reset => "reset".into(),
            Fault::ResetAfterForward => "reset-after-forward".into(),
        }
    }
}

/// What the proxy did with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still in flight.
    Pending,
    /// Forwarded; moto answered with this status.
    Forwarded(u16),
    /// Answered `TooManyRequestsException` (quota exceeded); not forwarded.
    Throttled,
    /// A fault was injected (random or by a rule).
    Injected(Fault),
    /// Forwarding failed (moto unreachable); the connection was closed.
    UpstreamFailed(String),
}

/// One request seen by the proxy.
#[derive(Debug, Clone)]
pub struct Record {
    /// When it arrived (before any added latency).
    pub at: Instant,
    /// When the proxy finished with it.
    pub done: Option<Instant>,
    /// The operation, e.g. `CreateUserPool` (empty if there was no `X-Amz-Target`).
    pub op: String,
    /// The `UserPoolId` of the request body, if any.
    pub pool: Option<String>,
    /// What the proxy did.
    pub outcome: Outcome,
}

impl Record {
    /// True if a fault was injected into this request.
    pub fn injected(&self) -> bool {
        matches!(self.outcome, Outcome::Injected(_))
    }

    /// True if moto received this request (forwarded, possibly then dropped).
    pub fn reached_upstream(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Forwarded(_) | Outcome::Injected(Fault::ResetAfterForward)
        )
    }
}

/// Settings that change at runtime through [`FaultProxy::configure`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Enforce AWS's request-rate quotas.
    pub quotas: bool,
    /// Multiplies every quota (1.0 = AWS's defaults).
    pub quota_scale: f64,
    /// Share of requests answered with a 5xx without forwarding (half HTTP 500
    /// `InternalErrorException`, half a bare 503).
    pub error_rate: f64,
    /// Share of requests whose connection is closed after reading them, without forwarding.
    pub reset_rate: f64,
    /// Share of requests forwarded to moto and then answered by closing the connection.
    pub reset_after_rate: f64,
    /// Random faults hit only these operations (`None`: all of them).
    pub fault_ops: Option<Vec<String>>,
    /// Added before each request is handled.
    pub latency: Duration,
    /// Plus a uniformly random extra delay up to this.
    pub jitter: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            quotas: false,
            quota_scale: 1.0,
            error_rate: 0.0,
            reset_rate: 0.0,
            reset_after_rate: 0.0,
            fault_ops: None,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
        }
    }
}

#[derive(Debug)]
struct Rule {
    op: String,
    /// 1-based index of the first call of `op` to fail.
    from: u64,
    /// How many calls fail from there (`u64::MAX`: until cleared).
    times: u64,
    fault: Fault,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Refills at `rate` per second up to one second's worth, then reports whether a token
    /// is there (without taking it).
    fn refill(&mut self, rate: f64, now: Instant) -> bool {
        let cap = rate.max(1.0);
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * rate).min(cap);
        self.at = now;
        self.tokens >= 1.0
    }
}

struct State {
    cfg: Config,
    rules: Vec<Rule>,
    seen: HashMap<String, u64>,
    buckets: HashMap<(&'static str, Option<String>), Bucket>,
    rng: StdRng,
    log: Vec<Record>,
}

impl State {
    /// True if the request fits the quota (and takes its tokens); false if throttled.
    fn admit(&mut self, op: &str, pool: Option<&str>, now: Instant) -> bool {
        let Some(q) = quota_of(op) else { return true };
        let scale = self.cfg.quota_scale;
        let mut keys = vec![((q.category, None), q.account_rps * scale)];
        if let (Some(rps), Some(p)) = (q.pool_rps, pool) {
            keys.push(((q.category, Some(p.to_string())), rps * scale));
        }
        let mut ok = true;
        for (k, rate) in &keys {
            let b = self.buckets.entry(k.clone()).or_insert(Bucket {
                tokens: rate.max(1.0),
                at: now,
            });
            ok &= b.refill(*rate, now);
        }
        if ok {
            for (k, _) in &keys {
                if let Some(b) = self.buckets.get_mut(k) {
                    b.tokens -= 1.0;
                }
            }
        }
        ok
    }

    /// Decides what happens to a request; `Ok(None)` means forward it.
    fn decide(&mut self, op: &str, pool: Option<&str>, now: Instant) -> Decision {
        let n = {
            let c = self.seen.entry(op.to_string()).or_default();
            *c += 1;
            *c
        };
        if let Some(r) = self
            .rules
            .iter()
            .find(|r| r.op == op && n >= r.from && n - r.from < r.times)
        {
            return Decision::Fault(r.fault.clone());
        }
        if self.cfg.quotas && !self.admit(op, pool, now) {
            return Decision::Throttle;
        }
        let eligible = self
            .cfg
            .fault_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|o| o == op));
        if eligible && !op.is_empty() {
            let x: f64 = self.rng.random();
            let c = &self.cfg;
            if x < c.error_rate {
                return Decision::Fault(if self.rng.random::<bool>() {
                    Fault::internal()
                } else {
                    Fault::Unavailable
                });
            }
            if x < c.error_rate + c.reset_rate {
                return Decision::Fault(Fault::Reset);
            }
            if x < c.error_rate + c.reset_rate + c.reset_after_rate {
                return Decision::Fault(Fault::ResetAfterForward);
            }
        }
        Decision::Forward
    }
}

enum Decision {
    Forward,
    Throttle,
    Fault(Fault),
}

/// The connection is dropped without an answer (hyper closes it when the service fails).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by the fault proxy")
    }
}

impl std::error::Error for Dropped {}

/// A running proxy; stops accepting (and closes its connections) when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: CancellationToken,
}

struct Shared {
    state: Arc<Mutex<State>>,
    upstream: SocketAddr,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (e.g. `http://127.0.0.1:41234`), with no quota
    /// and no fault until configured, and random faults drawn from `seed`.
    pub async fn start(upstream: &str, seed: u64) -> FaultProxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("upstream must be http://<ip>:<port>");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(Mutex::new(State {
            cfg: Config::default(),
            rules: Vec::new(),
            seen: HashMap::new(),
            buckets: HashMap::new(),
            rng: StdRng::seed_from_u64(seed),
            log: Vec::new(),
        }));
        let stop = CancellationToken::new();
        let shared = Arc::new(Shared {
            state: state.clone(),
            upstream,
        });
        let token = stop.clone();
        tokio::spawn(async move {
            loop {
                let stream = tokio::select! {
                    _ = token.cancelled() => return,
                    r = listener.accept() => match r {
                        Ok((s, _)) => s,
                        Err(_) => continue,
                    },
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let token = token.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| handle(shared.clone(), req));
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc);
                    tokio::select! {
                        _ = conn => {}
                        _ = token.cancelled() => {}
                    }
                });
            }
        });
        FaultProxy { addr, state, stop }
    }

    /// The URL to give the provider as `endpoint`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the settings; takes effect for the next request.
    pub fn configure(&self, f: impl FnOnce(&mut Config)) {
        f(&mut self.lock().cfg);
    }

    /// The current settings.
    pub fn config(&self) -> Config {
        self.lock().cfg.clone()
    }

    /// Fails the `n`-th call (1-based, counted since the last [`FaultProxy::reset_log`]) of
    /// `op` with `fault`.
    pub fn fail_nth(&self, op: &str, n: u64, fault: Fault) {
        self.fail_calls(op, n, 1, fault);
    }

    /// Fails `times` calls of `op` from its `from`-th on (`u64::MAX`: until
    /// [`FaultProxy::clear_rules`]). Rules apply before quotas and random faults.
    pub fn fail_calls(&self, op: &str, from: u64, times: u64, fault: Fault) {
        self.lock().rules.push(Rule {
            op: op.into(),
            from: from.max(1),
            times,
            fault,
        });
    }

    /// Removes every rule set by [`FaultProxy::fail_calls`].
    pub fn clear_rules(&self) {
        self.lock().rules.clear();
    }

    /// Forgets the recorded requests and restarts the per-operation call counts.
    pub fn reset_log(&self) {
        let mut s = self.lock();
        s.log.clear();
        s.seen.clear();
    }

    /// Every request recorded since the last [`FaultProxy::reset_log`], in arrival order.
    pub fn records(&self) -> Vec<Record> {
        self.lock().log.clone()
    }

    /// The operations of the recorded requests, in arrival order.
    pub fn ops(&self) -> Vec<String> {
        self.lock().log.iter().map(|r| r.op.clone()).collect()
    }

    /// How many requests for `op` arrived.
    pub fn calls(&self, op: &str) -> usize {
        self.lock().log.iter().filter(|r| r.op == op).count()
    }

    /// How many requests were throttled.
    pub fn throttled(&self) -> usize {
        self.count(|r| r.outcome == Outcome::Throttled)
    }

    /// How many requests had a fault injected.
    pub fn injected(&self) -> usize {
        self.count(Record::injected)
    }

    /// How many recorded requests satisfy `f`.
    pub fn count(&self, f: impl Fn(&Record) -> bool) -> usize {
        self.lock().log.iter().filter(|r| f(r)).count()
    }

    /// Requests per operation and outcome, for printing.
    pub fn summary(&self) -> BTreeMap<String, BTreeMap<String, usize>> {
        let mut m: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for r in self.lock().log.iter() {
            let o = match &r.outcome {
                Outcome::Pending => "pending".to_string(),
                Outcome::Forwarded(s) => format!("forwarded {s}"),
                Outcome::Throttled => "throttled".into(),
                Outcome::Injected(f) => format!("injected {}", f.label()),
                Outcome::UpstreamFailed(_) => "upstream failed".into(),
            };
            *m.entry(r.op.clone()).or_default().entry(o).or_default() += 1;
        }
        m
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Per quota category: requests admitted (not throttled) among `records`, the quota, and
/// the first and last arrival. Throttled requests and requests of unlimited operations are
/// left out.
pub fn by_category(records: &[Record], scale: f64) -> BTreeMap<&'static str, CategoryLoad> {
    let mut m: BTreeMap<&'static str, CategoryLoad> = BTreeMap::new();
    for r in records {
        if r.outcome == Outcome::Throttled {
            continue;
        }
        let Some(q) = quota_of(&r.op) else { continue };
        let e = m.entry(q.category).or_insert(CategoryLoad {
            requests: 0,
            quota_rps: q.account_rps * scale,
            first: r.at,
            last: r.at,
        });
        e.requests += 1;
        e.first = e.first.min(r.at);
        e.last = e.last.max(r.at);
    }
    m
}

/// The load on one quota category (see [`by_category`]).
#[derive(Debug, Clone, Copy)]
pub struct CategoryLoad {
    /// Requests admitted.
    pub requests: usize,
    /// The account quota, requests per second.
    pub quota_rps: f64,
    /// The first arrival.
    pub first: Instant,
    /// The last arrival.
    pub last: Instant,
}

impl CategoryLoad {
    /// The least time these requests take at the quota rate.
    pub fn quota_bound(&self) -> Duration {
        Duration::from_secs_f64(self.requests as f64 / self.quota_rps)
    }

    /// The rate achieved between the first and the last arrival (requests − 1 intervals).
    pub fn windowed_rps(&self) -> f64 {
        let span = self.last.duration_since(self.first).as_secs_f64();
        if self.requests < 2 || span <= 0.0 {
            return 0.0;
        }
        (self.requests - 1) as f64 / span
    }
}

type Answer = Result<Response<Full<Bytes>>, Dropped>;

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Answer {
    let arrived = Instant::now();
    let (parts, body) = req.into_parts();
    // Read the whole request first: a dropped connection happens after the request is sent.
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let op = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default()
        .to_string();
    let pool = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("UserPoolId")?.as_str().map(str::to_string));
    let delay = {
        let mut s = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let jitter = s.cfg.jitter;
        let extra = if jitter.is_zero() {
            Duration::ZERO
        } else {
            jitter.mul_f64(s.rng.random::<f64>())
        };
        s.cfg.latency + extra
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (idx, decision) = {
        let mut s = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let d = s.decide(&op, pool.as_deref(), Instant::now());
        s.log.push(Record {
            at: arrived,
            done: None,
            op: op.clone(),
            pool,
            outcome: Outcome::Pending,
        });
        (s.log.len() - 1, d)
    };
    let finish = |outcome: Outcome| {
        let mut s = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        // The log may have been reset meanwhile; then this request is simply not recorded.
        if let Some(r) = s.log.get_mut(idx).filter(|r| r.at == arrived && r.op == op) {
            r.outcome = outcome;
            r.done = Some(Instant::now());
        }
    };
    match decision {
        Decision::Throttle => {
            finish(Outcome::Throttled);
            Ok(aws_error(
                400,
                "TooManyRequestsException",
                "Too many requests",
            ))
        }
        Decision::Fault(f) => {
            finish(Outcome::Injected(f.clone()));
            match f {
                Fault::Error {
                    status,
                    code,
                    message,
                } => Ok(aws_error(status, &code, &message)),
                Fault::Unavailable => Ok(Response::builder()
                    .status(StatusCode::SERVICE_UNAVAILABLE)
                    .body(Full::new(Bytes::new()))
                    .expect("valid response")),
                Fault::Reset => Err(Dropped),
                Fault::ResetAfterForward => {
                    let _ = forward(shared.upstream, parts, body).await;
                    Err(Dropped)
                }
            }
        }
        Decision::Forward => match forward(shared.upstream, parts, body).await {
            Ok(resp) => {
                finish(Outcome::Forwarded(resp.status().as_u16()));
                Ok(resp)
            }
            Err(e) => {
                finish(Outcome::UpstreamFailed(e));
                Err(Dropped)
            }
        },
    }
}

/// An AWS JSON-protocol error answer.
fn aws_error(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({"__type": code, "message": message}).to_string();
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/x-amz-json-1.1")
        .header("x-amzn-ErrorType", code)
        .header("x-amzn-RequestId", "00000000-0000-0000-0000-fa0175e0f1a7")
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

const HOP_BY_HOP: &[HeaderName] = &[CONNECTION, TRANSFER_ENCODING];

/// Sends the request to moto on a fresh connection and reads the whole answer.
async fn forward(
    upstream: SocketAddr,
    mut parts: hyper::http::request::Parts,
    body: Bytes,
) -> Result<Response<Full<Bytes>>, String> {
    let stream = TcpStream::connect(upstream)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let _ = stream.set_nodelay(true);
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(conn);
    for h in HOP_BY_HOP {
        parts.headers.remove(h);
    }
    parts
        .headers
        .insert(CONNECTION, HeaderValue::from_static("close"));
    let resp = sender
        .send_request(Request::from_parts(parts, Full::new(body)))
        .await
        .map_err(|e| format!("send: {e}"))?;
    let (mut parts, body) = resp.into_parts();
    let bytes = body
        .collect()
        .await
        .map_err(|e| format!("read: {e}"))?
        .to_bytes();
    for h in HOP_BY_HOP {
        parts.headers.remove(h);
    }
    Ok(Response::from_parts(parts, Full::new(bytes)))
}
