//! Whole-provider measurements against moto, behind the quota-enforcing fault proxy
//! (`tests/support/faultproxy.rs`, run in this process with AWS's Cognito quotas on):
//!
//! 1. `lifecycle`: the release binary (under `/usr/bin/time -v`) driven over gRPC like the
//!    engine: create, read, update and delete a rich user pool, a rich client and an
//!    identity pool. Peak RSS (`VmHWM` just before it stops, and time's maximum RSS), CPU.
//! 2. `grpc500`: the same binary creating and deleting 100 pools × 4 clients (500
//!    resources) with every independent operation in flight at once, as `pulumi` v3.66
//!    does by default (unbounded `--parallel`). Peak RSS, CPU, wall time against the
//!    quota-limited lower bound.
//! 3. `pulumi` (when `PULUMI_BIN` and `PLUGIN_TGZ` are set; `bench/run.sh` sets them): the
//!    real CLI with the YAML host and the plugin installed from the tarball. The seed stack
//!    (`examples/yaml`) is `pulumi up` (with preview) and destroyed; then generated stacks of
//!    10, 100 and 500 resources (pools with 4 clients each) go through `up --skip-preview`,
//!    no-change `up`s ([`NO_CHANGE_RUNS`] in a row, each of which must make no write call)
//!    and `destroy`, twice: once with the
//!    CLI's defaults, and once, in another project and stack, with
//!    `PULUMI_EXPERIMENTAL=true PULUMI_SKIP_CHECKPOINTS=true` (the engine then saves the
//!    state once at the end instead of after every step; v3.66 honours the second only with
//!    the first). The provider processes are found under `pulumi` in `/proc` and sampled
//!    every 20 ms for `VmHWM` and CPU time.
//!
//! Every provider process runs with `PULUMI_COGNITO_RPC_STATS` naming a file of the run
//! (`pulumi_cognito::stats`): one line per gRPC request with its wall time (request in to
//! response out) and the part of it spent waiting on AWS (on the wire, and pacing for the
//! quota limiter and retry backoff). Each run reports the requests, Σwall, Σaws and the
//! provider's own time Σown = Σ max(wall − aws, 0), per method and in all, and own time
//! against the command's wall time. Own time is an upper bound: with requests in flight at
//! once on 2 cores, the time a request waits for a thread counts as its own.
//!
//! For `destroy`, besides the quota bound (the busiest quota category's calls ÷ its rate),
//! the ordered bound: `pulumi` v3.66 deletes in dependency levels (all clients, then all
//! pools), so the least time it can take is the sum over the levels of each level's busiest
//! category's bound.
//!
//! ```text
//! cargo bench --bench stacks -- [--sizes 10,100,500] [--skip-pulumi] [--skip-grpc]
//! ```
//!
//! Writes `stacks.json` (see `common::out_dir`). Fails if any operation fails.

mod common;
#[path = "../tests/support/faultproxy.rs"]
mod faultproxy;
#[path = "../tests/support/moto.rs"]
mod moto;

use common::{
    arg, clk_tck, flag, identity_pool, machine, out_dir, pb, plain, provider_bin, repo,
    rich_client, rich_pool, rss_parts_kib, secret, sent, stat, vm_hwm_kib, write_result, CLIENT,
    IDENTITY_POOL, POOL,
};
use faultproxy::{by_category, FaultProxy, Outcome, Record};
use moto::Moto;
use pulumi_cognito::pulumirpc::{self as rpc, resource_provider_client::ResourceProviderClient};
use pulumi_cognito::stats::ENV as RPC_STATS;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use tonic::transport::Channel;

type Rpc = ResourceProviderClient<Channel>;
type St = Option<prost_types::Struct>;

/// Clients per pool in the 500-resource runs and the generated stacks.
const CLIENTS_PER_POOL: usize = 4;

/// No-change `up`s per generated stack and way of saving state (`BENCH_NO_CHANGE_RUNS`
/// overrides): one is cheap (Check and Diff only) but its own-time share moves with
/// whatever else the two cores run, so the report gives their median and spread.
const NO_CHANGE_RUNS: usize = 5;

// ---------------------------------------------------------------------------------------
// Processes: peak RSS and CPU time of everything under a root process, from /proc.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Proc {
    comm: String,
    hwm_kib: u64,
    /// `RssAnon` and `RssFile` at the sample with the most resident memory.
    anon_kib: u64,
    file_kib: u64,
    cpu_ticks: u64,
}

/// Samples the descendants of `root` (and `root` itself).
struct Tracker {
    root: u32,
    procs: BTreeMap<u32, Proc>,
}

impl Tracker {
    fn new(root: u32) -> Self {
        Self {
            root,
            procs: BTreeMap::new(),
        }
    }

    fn sample(&mut self) {
        let mut parent: HashMap<u32, (u32, u64)> = HashMap::new();
        if let Ok(rd) = std::fs::read_dir("/proc") {
            for e in rd.flatten() {
                if let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) {
                    if let Some(s) = stat(pid) {
                        parent.insert(pid, s);
                    }
                }
            }
        }
        for (&pid, &(_, cpu)) in &parent {
            let mut p = pid;
            let mut under = false;
            for _ in 0..64 {
                if p == self.root {
                    under = true;
                    break;
                }
                match parent.get(&p) {
                    Some(&(pp, _)) if pp != 0 && pp != p => p = pp,
                    _ => break,
                }
            }
            if !under {
                continue;
            }
            let Some(hwm) = vm_hwm_kib(pid) else { continue };
            let e = self.procs.entry(pid).or_insert_with(|| Proc {
                comm: std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                ..Default::default()
            });
            e.hwm_kib = e.hwm_kib.max(hwm);
            if let Some((anon, file)) = rss_parts_kib(pid) {
                if anon + file > e.anon_kib + e.file_kib {
                    (e.anon_kib, e.file_kib) = (anon, file);
                }
            }
            e.cpu_ticks = e.cpu_ticks.max(cpu);
        }
    }

    /// Peak RSS (KiB, the largest of any one process), total CPU seconds and process count
    /// of the processes whose name starts with `prefix` (names are cut at 15 characters).
    fn summary(&self, prefix: &str, exact: bool) -> Value {
        let hz = clk_tck();
        let mine: Vec<&Proc> = self
            .procs
            .values()
            .filter(|p| {
                if exact {
                    p.comm == prefix
                } else {
                    p.comm.starts_with(prefix)
                }
            })
            .collect();
        json!({
            "each": mine.iter().map(|p| json!({"peak_rss_kib": p.hwm_kib,
                "rss_anon_kib": p.anon_kib, "rss_file_kib": p.file_kib,
                "cpu_s": p.cpu_ticks as f64 / hz})).collect::<Vec<_>>(),
            "processes": mine.len(),
            "peak_rss_kib": mine.iter().map(|p| p.hwm_kib).max().unwrap_or(0),
            "cpu_s": mine.iter().map(|p| p.cpu_ticks).sum::<u64>() as f64 / hz,
        })
    }
}

/// Runs a command to completion while sampling its process tree every 20 ms.
fn run_tracked(mut cmd: Command, limit: Duration) -> (ExitStatus, Duration, Tracker) {
    let t0 = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    let mut tr = Tracker::new(child.id());
    loop {
        tr.sample();
        if let Some(st) = child.try_wait().expect("wait") {
            return (st, t0.elapsed(), tr);
        }
        if t0.elapsed() > limit {
            let _ = child.kill();
            let st = child.wait().expect("wait");
            return (st, t0.elapsed(), tr);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------
// AWS calls seen by the proxy.
// ---------------------------------------------------------------------------------------

fn is_write(op: &str) -> bool {
    [
        "Create", "Update", "Delete", "Set", "Add", "Tag", "Untag", "Admin",
    ]
    .iter()
    .any(|p| op.starts_with(p))
}

/// Writes the proxy's records of one phase as CSV (arrival and answer in seconds from the
/// first arrival), for looking into a run.
fn dump_records(path: &Path, records: &[Record]) {
    let Some(t0) = records.iter().map(|r| r.at).min() else {
        return;
    };
    let mut s = String::from("op,pool,arrived_s,answered_s,outcome\n");
    for r in records {
        s.push_str(&format!(
            "{},{},{:.4},{},{:?}\n",
            r.op,
            r.pool.as_deref().unwrap_or(""),
            r.at.duration_since(t0).as_secs_f64(),
            r.done
                .map(|d| format!("{:.4}", d.duration_since(t0).as_secs_f64()))
                .unwrap_or_default(),
            r.outcome
        ));
    }
    let _ = std::fs::write(path, s);
}

/// What the proxy saw during one phase: calls, writes, throttles, errors, the quota bound,
/// and how long moto (through the proxy) took to answer.
fn aws_summary(records: &[Record], wall: Duration) -> Value {
    let mut ops: BTreeMap<&str, usize> = BTreeMap::new();
    for r in records {
        // STS (GetCallerIdentity) speaks the query protocol: no X-Amz-Target.
        let op = if r.op.is_empty() {
            "(STS)"
        } else {
            r.op.as_str()
        };
        *ops.entry(op).or_default() += 1;
    }
    let throttled = records
        .iter()
        .filter(|r| r.outcome == Outcome::Throttled)
        .count();
    let errors = records
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::Forwarded(s) if s < 300))
        .count();
    let writes = records.iter().filter(|r| is_write(&r.op)).count();
    let mut cats = Map::new();
    let mut bound = 0.0f64;
    for (cat, load) in by_category(records, 1.0) {
        let b = load.quota_bound().as_secs_f64();
        bound = bound.max(b);
        cats.insert(
            cat.to_string(),
            json!({"requests": load.requests, "quota_rps": load.quota_rps,
                   "bound_s": b, "achieved_rps": load.windowed_rps()}),
        );
    }
    let window = match (
        records.iter().map(|r| r.at).min(),
        records.iter().filter_map(|r| r.done).max(),
    ) {
        (Some(a), Some(b)) if b > a => b.duration_since(a).as_secs_f64(),
        _ => 0.0,
    };
    let wall_s = wall.as_secs_f64();
    let latency: Vec<f64> = records
        .iter()
        .filter_map(|r| r.done.map(|d| d.duration_since(r.at).as_secs_f64() * 1e3))
        .collect();
    json!({
        "calls": records.len(),
        "answer_ms": (!latency.is_empty()).then(|| common::Stats::of(&latency)),
        "writes": writes,
        "throttled": throttled,
        "errors": errors,
        "by_op": ops,
        "by_category": cats,
        "quota_bound_s": bound,
        "aws_window_s": window,
        // Share of the quota-bound rate achieved over the whole wall time, and over the
        // window from the first AWS call to the last answer.
        "quota_efficiency_wall": if wall_s > 0.0 { bound / wall_s } else { 0.0 },
        "quota_efficiency_window": if window > 0.0 { bound / window } else { 0.0 },
    })
}

/// The ordered bound of a `destroy` that deletes in dependency levels, clients first, then
/// pools (as `pulumi` v3.66 does): the sum over the levels of the level's busiest quota
/// category's calls ÷ its rate.
fn ordered_bound(records: &[Record]) -> Value {
    let (clients, pools): (Vec<Record>, Vec<Record>) = records
        .iter()
        .cloned()
        .partition(|r| r.op.contains("UserPoolClient"));
    let mut levels = Vec::new();
    let mut total = 0.0f64;
    for (level, recs) in [("clients", clients), ("pools", pools)] {
        let mut busiest = ("", 0usize, 0.0f64);
        for (cat, load) in by_category(&recs, 1.0) {
            let b = load.quota_bound().as_secs_f64();
            if b > busiest.2 {
                busiest = (cat, load.requests, b);
            }
        }
        total += busiest.2;
        levels.push(
            json!({"level": level, "calls": recs.len(), "category": busiest.0,
                           "category_calls": busiest.1, "bound_s": busiest.2}),
        );
    }
    json!({"bound_s": total, "levels": levels})
}

// ---------------------------------------------------------------------------------------
// The provider's own time, from its per-request stats (`PULUMI_COGNITO_RPC_STATS`).
// ---------------------------------------------------------------------------------------

/// The per-request lines the provider processes appended to `path` (none if there is no
/// such file).
fn read_rpc_stats(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Sums per-request stats: requests, Σwall, Σaws (= Σwire + Σpaced) and the provider's own
/// time Σown = Σ max(wall − aws, 0), in all and per method, the time the provider had a
/// request in (busy), and own time against `wall`, the wall time of the command (or phase)
/// the requests belong to. For the requests that never waited on AWS and were answered by
/// the thread that took them in, it also sums their CPU time and their own time: the
/// difference is time they were ready to run but had no core.
fn rpc_summary(lines: &[Value], wall: Duration) -> Value {
    #[derive(Default)]
    struct Sum {
        rpcs: usize,
        wall: u64,
        recv: u64,
        aws: u64,
        wire: u64,
        paced: u64,
        own: u64,
        own_ms: Vec<f64>,
        /// Requests without AWS time whose CPU time is known, their Σcpu and their Σown.
        on_cpu_rpcs: usize,
        on_cpu: u64,
        on_cpu_own: u64,
    }
    impl Sum {
        fn add(&mut self, l: &Value) {
            let n = |k: &str| l[k].as_u64().unwrap_or(0);
            let own = n("wall_ns").saturating_sub(n("aws_ns"));
            self.rpcs += 1;
            self.wall += n("wall_ns");
            self.recv += n("recv_ns");
            self.aws += n("aws_ns");
            self.wire += n("wire_ns");
            self.paced += n("paced_ns");
            self.own += own;
            self.own_ms.push(own as f64 / 1e6);
            if let (0, Some(cpu)) = (n("aws_ns"), l["cpu_ns"].as_u64()) {
                self.on_cpu_rpcs += 1;
                self.on_cpu += cpu;
                self.on_cpu_own += own;
            }
        }
        fn json(&self) -> Value {
            json!({
                "rpcs": self.rpcs,
                "wall_s": self.wall as f64 / 1e9,
                // Waiting for the engine to send a request's message after its headers.
                "recv_s": self.recv as f64 / 1e9,
                "aws_s": self.aws as f64 / 1e9,
                "wire_s": self.wire as f64 / 1e9,
                "paced_s": self.paced as f64 / 1e9,
                "own_s": self.own as f64 / 1e9,
                "own_ms": (!self.own_ms.is_empty()).then(|| common::Stats::of(&self.own_ms)),
                "on_cpu_rpcs": self.on_cpu_rpcs,
                "on_cpu_s": self.on_cpu as f64 / 1e9,
                "on_cpu_own_s": self.on_cpu_own as f64 / 1e9,
            })
        }
    }
    let mut all = Sum::default();
    let mut by: BTreeMap<String, Sum> = BTreeMap::new();
    let mut pids = std::collections::BTreeSet::new();
    for l in lines {
        all.add(l);
        by.entry(l["method"].as_str().unwrap_or("?").to_string())
            .or_default()
            .add(l);
        if let Some(p) = l["pid"].as_u64() {
            pids.insert(p);
        }
    }
    let wall_s = wall.as_secs_f64();
    let mut v = all.json();
    v["busy_s"] = json!(busy_ns(lines) as f64 / 1e9);
    v["providers"] = json!(pids.len());
    v["command_wall_s"] = json!(wall_s);
    v["own_share"] = json!(if wall_s > 0.0 {
        all.own as f64 / 1e9 / wall_s
    } else {
        0.0
    });
    v["by_method"] = by.iter().map(|(k, s)| (k.clone(), s.json())).collect();
    v
}

/// How long the provider processes had at least one request in (the union of each
/// process's `[at, at + wall]` intervals, summed over processes): Σwall without counting
/// twice the time when requests overlapped.
fn busy_ns(lines: &[Value]) -> u64 {
    let mut by_pid: BTreeMap<u64, Vec<(u64, u64)>> = BTreeMap::new();
    for l in lines {
        let n = |k: &str| l[k].as_u64().unwrap_or(0);
        by_pid
            .entry(n("pid"))
            .or_default()
            .push((n("at_ns"), n("at_ns") + n("wall_ns")));
    }
    let mut total = 0;
    for spans in by_pid.values_mut() {
        spans.sort_unstable();
        let mut cur: Option<(u64, u64)> = None;
        for &(a, b) in spans.iter() {
            match &mut cur {
                Some((_, end)) if a <= *end => *end = (*end).max(b),
                _ => {
                    if let Some((s, e)) = cur {
                        total += e - s;
                    }
                    cur = Some((a, b));
                }
            }
        }
        if let Some((s, e)) = cur {
            total += e - s;
        }
    }
    total
}

/// One line about a run's own time, for the log.
fn own_line(s: &Value) -> String {
    format!(
        "{} RPCs, Σwall {:.2} s (busy {:.2} s), Σaws {:.2} s, own {:.3} s = {:.2}% of {:.1} s \
         ({} RPCs that never waited on AWS: own {:.3} s, on a core {:.3} s)",
        s["rpcs"],
        s["wall_s"].as_f64().unwrap_or(0.0),
        s["busy_s"].as_f64().unwrap_or(0.0),
        s["aws_s"].as_f64().unwrap_or(0.0),
        s["own_s"].as_f64().unwrap_or(0.0),
        s["own_share"].as_f64().unwrap_or(0.0) * 100.0,
        s["command_wall_s"].as_f64().unwrap_or(0.0),
        s["on_cpu_rpcs"],
        s["on_cpu_own_s"].as_f64().unwrap_or(0.0),
        s["on_cpu_s"].as_f64().unwrap_or(0.0),
    )
}

// ---------------------------------------------------------------------------------------
// The provider as a subprocess, driven over gRPC.
// ---------------------------------------------------------------------------------------

struct Spawned {
    child: Child,
    pid: u32,
    client: Rpc,
    time_file: Option<PathBuf>,
    stats_file: PathBuf,
    t0: Instant,
}

/// Starts the release binary (under `/usr/bin/time -v` when there is one), reads its port and
/// configures it against `endpoint`.
async fn spawn_provider(endpoint: &str, scratch: &Path, tag: &str) -> Spawned {
    let bin = provider_bin();
    assert!(bin.is_file(), "no provider binary at {}", bin.display());
    let time = Path::new("/usr/bin/time");
    let time_file = time
        .exists()
        .then(|| scratch.join(format!("time-{tag}.txt")));
    let mut cmd = match &time_file {
        Some(f) => {
            let mut c = Command::new(time);
            c.arg("-v").arg("-o").arg(f).arg(&bin);
            c
        }
        None => Command::new(&bin),
    };
    let stats_file = scratch.join(format!("rpc-stats-{tag}.jsonl"));
    let _ = std::fs::remove_file(&stats_file);
    let t0 = Instant::now();
    let mut child = cmd
        .arg("127.0.0.1:1")
        .env_remove("RUST_LOG")
        .env(RPC_STATS, &stats_file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the provider");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port line");
    let port: u16 = line.trim().parse().expect("a port");
    // The provider itself: the child, or time's child.
    let pid = if time_file.is_some() {
        let mut tr = Tracker::new(child.id());
        tr.sample();
        tr.procs
            .iter()
            .find(|(_, p)| p.comm.starts_with("pulumi-resource"))
            .map(|(&pid, _)| pid)
            .expect("the provider process under /usr/bin/time")
    } else {
        child.id()
    };
    let mut client = ResourceProviderClient::connect(format!("http://127.0.0.1:{port}"))
        .await
        .expect("connect")
        .max_decoding_message_size(64 << 20);
    client
        .configure(rpc::ConfigureRequest {
            args: Some(pb(&json!({
                "region": "us-east-1",
                "endpoint": endpoint,
                "accessKey": "testing",
                "secretKey": secret(json!("testing")),
            }))),
            accept_secrets: true,
            ..Default::default()
        })
        .await
        .expect("configure");
    Spawned {
        child,
        pid,
        client,
        time_file,
        stats_file,
        t0,
    }
}

impl Spawned {
    /// The per-request stats lines written so far (a line lands just after its answer, so
    /// give the last one a moment).
    async fn rpc_lines(&self) -> Vec<Value> {
        tokio::time::sleep(Duration::from_millis(100)).await;
        read_rpc_stats(&self.stats_file)
    }

    /// Reads peak RSS and CPU from /proc, stops the provider through Cancel, and adds what
    /// `/usr/bin/time -v` reported.
    async fn stop(mut self) -> Value {
        let hz = clk_tck();
        let hwm = vm_hwm_kib(self.pid).unwrap_or(0);
        let (anon, file) = rss_parts_kib(self.pid).unwrap_or((0, 0));
        let cpu = stat(self.pid).map_or(0, |s| s.1) as f64 / hz;
        let wall = self.t0.elapsed().as_secs_f64();
        let _ = self.client.cancel(()).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.child.try_wait().expect("wait").is_some() {
                break;
            }
            if Instant::now() > deadline {
                let _ = Command::new("kill").arg(self.pid.to_string()).status();
                let _ = self.child.wait();
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let mut v = json!({"vm_hwm_kib": hwm, "rss_anon_kib": anon, "rss_file_kib": file,
            "cpu_s": cpu, "wall_s": wall});
        if let Some(f) = &self.time_file {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let field = |k: &str| {
                text.lines()
                    .find_map(|l| l.trim().strip_prefix(k))
                    .map(|s| s.trim().to_string())
            };
            let num = |k: &str| field(k).and_then(|s| s.parse::<f64>().ok());
            v["time_max_rss_kib"] = json!(num("Maximum resident set size (kbytes):"));
            v["time_user_s"] = json!(num("User time (seconds):"));
            v["time_sys_s"] = json!(num("System time (seconds):"));
        }
        v
    }
}

// ---- engine-like calls ----

fn urn(ty: &str, name: &str) -> String {
    format!("urn:pulumi:bench::stacks::{ty}::{name}")
}

async fn check(c: &mut Rpc, ty: &str, name: &str, olds: &St, news: &Value) -> St {
    let r = c
        .check(rpc::CheckRequest {
            urn: urn(ty, name),
            name: name.into(),
            r#type: ty.into(),
            olds: olds.as_ref().map(sent).unwrap_or_default(),
            news: sent(&pb(news)),
            random_seed: name.as_bytes().to_vec(),
            ..Default::default()
        })
        .await
        .expect("check")
        .into_inner();
    assert!(r.failures.is_empty(), "{name}: {:?}", r.failures);
    Some(prost::Message::decode(&r.inputs[..]).expect("an encoded Struct"))
}

async fn create(c: &mut Rpc, ty: &str, name: &str, inputs: &St) -> (String, St) {
    let r = c
        .create(rpc::CreateRequest {
            urn: urn(ty, name),
            name: name.into(),
            r#type: ty.into(),
            properties: inputs.clone(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|e| panic!("create {name}: {e}"))
        .into_inner();
    (r.id, r.properties)
}

async fn read(c: &mut Rpc, ty: &str, name: &str, id: &str, inputs: &St, state: &St) {
    let r = c
        .read(rpc::ReadRequest {
            id: id.into(),
            urn: urn(ty, name),
            name: name.into(),
            r#type: ty.into(),
            inputs: inputs.clone(),
            properties: state.clone(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|e| panic!("read {name}: {e}"))
        .into_inner();
    assert_eq!(r.id, id, "read {name} found it");
}

/// Diff, then Update if anything changed; returns the new state.
#[allow(clippy::too_many_arguments)]
async fn update(
    c: &mut Rpc,
    ty: &str,
    name: &str,
    id: &str,
    old_inputs: &St,
    state: &St,
    news: &St,
) -> St {
    let d = c
        .diff(rpc::DiffRequest {
            id: id.into(),
            urn: urn(ty, name),
            name: name.into(),
            r#type: ty.into(),
            olds: state.as_ref().map(sent).unwrap_or_default(),
            old_inputs: old_inputs.as_ref().map(sent),
            news: news.as_ref().map(sent).unwrap_or_default(),
            ..Default::default()
        })
        .await
        .expect("diff")
        .into_inner();
    assert!(
        d.replaces.is_empty(),
        "{name}: the update must be in place, not replace {:?}",
        d.replaces
    );
    c.update(rpc::UpdateRequest {
        id: id.into(),
        urn: urn(ty, name),
        name: name.into(),
        r#type: ty.into(),
        olds: state.clone(),
        old_inputs: old_inputs.clone(),
        news: news.clone(),
        ..Default::default()
    })
    .await
    .unwrap_or_else(|e| panic!("update {name}: {e}"))
    .into_inner()
    .properties
}

async fn delete(c: &mut Rpc, ty: &str, name: &str, id: &str, inputs: &St, state: &St) {
    c.delete(rpc::DeleteRequest {
        id: id.into(),
        urn: urn(ty, name),
        name: name.into(),
        r#type: ty.into(),
        old_inputs: inputs.clone(),
        properties: state.clone(),
        ..Default::default()
    })
    .await
    .unwrap_or_else(|e| panic!("delete {name}: {e}"));
}

// ---------------------------------------------------------------------------------------
// 1. One lifecycle of pool + client + identity pool.
// ---------------------------------------------------------------------------------------

async fn lifecycle(proxy: &FaultProxy, scratch: &Path) -> Value {
    proxy.reset_log();
    let t0 = Instant::now();
    let p = spawn_provider(&proxy.endpoint(), scratch, "lifecycle").await;
    let mut c = p.client.clone();
    let mut rpcs = 0usize;

    let pool_news = rich_pool();
    let pool_in = check(&mut c, POOL, "life-pool", &None, &pool_news).await;
    let (pool_id, pool_out) = create(&mut c, POOL, "life-pool", &pool_in).await;
    let provider_name = plain(&pool_out)["endpoint"]
        .as_str()
        .expect("pool endpoint")
        .to_string();
    let client_news = rich_client(&pool_id);
    let client_in = check(&mut c, CLIENT, "life-client", &None, &client_news).await;
    let (client_id, client_out) = create(&mut c, CLIENT, "life-client", &client_in).await;
    let ip_news = identity_pool("life_identity_pool", &client_id, &provider_name);
    let ip_in = check(&mut c, IDENTITY_POOL, "life-ip", &None, &ip_news).await;
    let (ip_id, ip_out) = create(&mut c, IDENTITY_POOL, "life-ip", &ip_in).await;
    rpcs += 6;

    read(&mut c, POOL, "life-pool", &pool_id, &pool_in, &pool_out).await;
    read(
        &mut c,
        CLIENT,
        "life-client",
        &client_id,
        &client_in,
        &client_out,
    )
    .await;
    read(&mut c, IDENTITY_POOL, "life-ip", &ip_id, &ip_in, &ip_out).await;
    rpcs += 3;

    let mut pool_news2 = pool_news.clone();
    pool_news2["passwordPolicy"]["minimumLength"] = json!(14);
    pool_news2["tags"]["release"] = json!("2");
    let pool_in2 = check(&mut c, POOL, "life-pool", &pool_in, &pool_news2).await;
    let pool_out2 = update(
        &mut c,
        POOL,
        "life-pool",
        &pool_id,
        &pool_in,
        &pool_out,
        &pool_in2,
    )
    .await;
    let mut client_news2 = client_news.clone();
    client_news2["accessTokenValidity"] = json!(30);
    let client_in2 = check(&mut c, CLIENT, "life-client", &client_in, &client_news2).await;
    let client_out2 = update(
        &mut c,
        CLIENT,
        "life-client",
        &client_id,
        &client_in,
        &client_out,
        &client_in2,
    )
    .await;
    let mut ip_news2 = ip_news.clone();
    ip_news2["tags"]["release"] = json!("2");
    let ip_in2 = check(&mut c, IDENTITY_POOL, "life-ip", &ip_in, &ip_news2).await;
    let ip_out2 = update(
        &mut c,
        IDENTITY_POOL,
        "life-ip",
        &ip_id,
        &ip_in,
        &ip_out,
        &ip_in2,
    )
    .await;
    rpcs += 9;

    delete(&mut c, IDENTITY_POOL, "life-ip", &ip_id, &ip_in2, &ip_out2).await;
    delete(
        &mut c,
        CLIENT,
        "life-client",
        &client_id,
        &client_in2,
        &client_out2,
    )
    .await;
    delete(&mut c, POOL, "life-pool", &pool_id, &pool_in2, &pool_out2).await;
    rpcs += 3;

    let wall = t0.elapsed();
    let stats = rpc_summary(&p.rpc_lines().await, wall);
    let proc = p.stop().await;
    let aws = aws_summary(&proxy.records(), wall);
    eprintln!(
        "stacks: lifecycle: {rpcs} resource RPCs, {} AWS calls, peak RSS {:.1} MiB, CPU {:.3} s, wall {:.2} s; own time: {}",
        aws["calls"],
        proc["vm_hwm_kib"].as_f64().unwrap_or(0.0) / 1024.0,
        proc["cpu_s"].as_f64().unwrap_or(0.0),
        wall.as_secs_f64(),
        own_line(&stats)
    );
    json!({"resource_rpcs": rpcs, "wall_s": wall.as_secs_f64(), "provider": proc, "aws": aws,
           "rpc_stats": stats})
}

// ---------------------------------------------------------------------------------------
// 2. 100 pools × 4 clients over gRPC, everything in flight at once.
// ---------------------------------------------------------------------------------------

/// The pool of the 500-resource runs (the generated YAML stacks use the same).
fn scale_pool(i: usize) -> Value {
    json!({
        "passwordPolicy": {"minimumLength": 12, "requireLowercase": true, "requireUppercase": true,
                           "requireNumbers": true, "requireSymbols": true},
        "autoVerifiedAttributes": ["email"],
        "usernameAttributes": ["email"],
        "tags": {"project": "bench", "index": i.to_string()}
    })
}

struct Made {
    ty: &'static str,
    name: String,
    id: String,
    inputs: St,
    state: St,
}

async fn grpc500(proxy: &FaultProxy, scratch: &Path, pools: usize) -> Value {
    proxy.reset_log();
    let p = spawn_provider(&proxy.endpoint(), scratch, "grpc500").await;
    let before = p.rpc_lines().await.len();
    let t0 = Instant::now();
    let mut set = JoinSet::new();
    for i in 0..pools {
        let mut c = p.client.clone();
        set.spawn(async move {
            let name = format!("scale-pool-{i}");
            let inputs = check(&mut c, POOL, &name, &None, &scale_pool(i)).await;
            let (id, state) = create(&mut c, POOL, &name, &inputs).await;
            let mut clients = JoinSet::new();
            for j in 0..CLIENTS_PER_POOL {
                let mut c = c.clone();
                let pool_id = id.clone();
                clients.spawn(async move {
                    let name = format!("scale-client-{i}-{j}");
                    let inputs = check(&mut c, CLIENT, &name, &None, &rich_client(&pool_id)).await;
                    let (id, state) = create(&mut c, CLIENT, &name, &inputs).await;
                    Made {
                        ty: CLIENT,
                        name,
                        id,
                        inputs,
                        state,
                    }
                });
            }
            let mut made = vec![Made {
                ty: POOL,
                name,
                id,
                inputs,
                state,
            }];
            while let Some(m) = clients.join_next().await {
                made.push(m.expect("client task"));
            }
            made
        });
    }
    let mut groups: Vec<Vec<Made>> = Vec::new();
    while let Some(m) = set.join_next().await {
        groups.push(m.expect("pool task"));
    }
    let create_wall = t0.elapsed();
    let create_records = proxy.records();
    dump_records(&scratch.join("grpc500-create.csv"), &create_records);
    let created = p.rpc_lines().await;
    proxy.reset_log();

    // As the engine destroys: each pool as soon as its clients are gone, all at once.
    let t1 = Instant::now();
    let n_resources: usize = groups.iter().map(Vec::len).sum();
    let mut set = JoinSet::new();
    for mut group in groups {
        let c = p.client.clone();
        set.spawn(async move {
            let pool = group.remove(0);
            let mut clients = JoinSet::new();
            for m in group {
                let mut c = c.clone();
                clients.spawn(async move {
                    delete(&mut c, m.ty, &m.name, &m.id, &m.inputs, &m.state).await;
                });
            }
            while let Some(r) = clients.join_next().await {
                r.expect("client delete task");
            }
            let mut c = c.clone();
            delete(
                &mut c,
                pool.ty,
                &pool.name,
                &pool.id,
                &pool.inputs,
                &pool.state,
            )
            .await;
        });
    }
    while let Some(r) = set.join_next().await {
        r.expect("delete task");
    }
    let delete_wall = t1.elapsed();
    let delete_records = proxy.records();
    dump_records(&scratch.join("grpc500-delete.csv"), &delete_records);
    let deleted = p.rpc_lines().await;
    let proc = p.stop().await;
    let create = aws_summary(&create_records, create_wall);
    let mut delete = aws_summary(&delete_records, delete_wall);
    delete["ordered"] = ordered_bound(&delete_records);
    let create_stats = rpc_summary(&created[before.min(created.len())..], create_wall);
    let delete_stats = rpc_summary(&deleted[created.len().min(deleted.len())..], delete_wall);
    eprintln!(
        "stacks: grpc500 own time: create {}; delete {}",
        own_line(&create_stats),
        own_line(&delete_stats)
    );
    eprintln!(
        "stacks: grpc500: {n_resources} resources created in {:.1} s (quota bound {:.1} s) and deleted in {:.1} s (bound {:.1} s); peak RSS {:.1} MiB, CPU {:.2} s; throttled {}",
        create_wall.as_secs_f64(),
        create["quota_bound_s"].as_f64().unwrap_or(0.0),
        delete_wall.as_secs_f64(),
        delete["quota_bound_s"].as_f64().unwrap_or(0.0),
        proc["vm_hwm_kib"].as_f64().unwrap_or(0.0) / 1024.0,
        proc["cpu_s"].as_f64().unwrap_or(0.0),
        create["throttled"].as_u64().unwrap_or(0) + delete["throttled"].as_u64().unwrap_or(0),
    );
    json!({
        "resources": n_resources,
        "pools": pools,
        "clients_per_pool": CLIENTS_PER_POOL,
        "create": {"wall_s": create_wall.as_secs_f64(), "aws": create, "rpc_stats": create_stats},
        "delete": {"wall_s": delete_wall.as_secs_f64(), "aws": delete, "rpc_stats": delete_stats},
        "provider": proc,
    })
}

// ---------------------------------------------------------------------------------------
// 3. The real pulumi CLI.
// ---------------------------------------------------------------------------------------

struct Pulumi {
    bin: PathBuf,
    home: PathBuf,
    state: PathBuf,
    work: PathBuf,
}

impl Pulumi {
    fn cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(self.bin.join("pulumi"));
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("AWS_") || k.starts_with("PULUMI_") || k == "RUST_LOG" {
                c.env_remove(k.as_ref());
            }
        }
        let path = std::env::var("PATH").unwrap_or_default();
        c.args(args)
            .current_dir(dir)
            .env("PATH", format!("{}:{path}", self.bin.display()))
            .env("PULUMI_HOME", &self.home)
            .env("PULUMI_CONFIG_PASSPHRASE", "bench-passphrase")
            .env("PULUMI_SKIP_UPDATE_CHECK", "1")
            .env("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.work.join("no-aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.work.join("no-aws-credentials"),
            )
            .stdin(Stdio::null());
        c
    }

    /// Runs a quick command; panics with its output if it fails.
    fn run(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.cmd(dir, args).output().expect("run pulumi");
        assert!(
            out.status.success(),
            "pulumi {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a long command with its output in `log` and the provider's per-request stats in
    /// `log` with the extension `rpc.jsonl`, with `env` added to the environment, sampling
    /// its processes; panics with the end of the log if it fails.
    fn tracked(&self, dir: &Path, args: &[&str], log: &Path, env: &[(&str, &str)]) -> Value {
        let f = std::fs::File::create(log).expect("log file");
        let stats = log.with_extension("rpc.jsonl");
        let _ = std::fs::remove_file(&stats);
        let mut cmd = self.cmd(dir, args);
        cmd.envs(env.iter().copied())
            .env(RPC_STATS, &stats)
            .stdout(f.try_clone().expect("log"))
            .stderr(f);
        let (st, wall, tr) = run_tracked(cmd, Duration::from_secs(3600));
        if !st.success() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: String = text
                .chars()
                .rev()
                .take(4000)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            panic!(
                "pulumi {} failed ({st}) after {:.1} s; end of {}:\n{tail}",
                args.join(" "),
                wall.as_secs_f64(),
                log.display()
            );
        }
        json!({
            "wall_s": wall.as_secs_f64(),
            "env": env.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<Map<_, _>>(),
            "provider": tr.summary("pulumi-resource", false),
            "language_host": tr.summary("pulumi-language", false),
            "cli": tr.summary("pulumi", true),
            "rpc_stats": rpc_summary(&read_rpc_stats(&stats), wall),
        })
    }

    /// A new project directory `name` with `program` as its Pulumi.yaml and stack `stack`
    /// configured for `endpoint`.
    fn project(&self, name: &str, stack: &str, program: &str, endpoint: &str) -> PathBuf {
        let dir = self.work.join(name);
        std::fs::create_dir_all(&dir).expect("project dir");
        std::fs::write(dir.join("Pulumi.yaml"), program).expect("write Pulumi.yaml");
        self.run(&dir, &["stack", "init", stack, "--non-interactive"]);
        for (k, v) in [
            ("cognito:region", "us-east-1"),
            ("cognito:endpoint", endpoint),
            ("cognito:accessKey", "testing"),
        ] {
            self.run(&dir, &["config", "set", k, v, "--non-interactive"]);
        }
        self.run(
            &dir,
            &[
                "config",
                "set",
                "--secret",
                "cognito:secretKey",
                "testing",
                "--non-interactive",
            ],
        );
        dir
    }
}

/// How the CLI saves its state during the scale runs: by default after every step (with
/// the file backend v3.66 re-serializes the whole state each time), or, with checkpoints
/// skipped, once at the end (v3.66 honours `PULUMI_SKIP_CHECKPOINTS` only together with
/// `PULUMI_EXPERIMENTAL`).
const MODES: [(&str, &[(&str, &str)]); 2] = [
    ("default", &[]),
    (
        "skip_checkpoints",
        &[
            ("PULUMI_EXPERIMENTAL", "true"),
            ("PULUMI_SKIP_CHECKPOINTS", "true"),
        ],
    ),
];

/// A YAML program named `name` with `resources` resources: pools with `CLIENTS_PER_POOL`
/// clients each. (JSON is YAML; each pool and client has the settings of the gRPC
/// 500-resource run.)
fn scale_program(name: &str, resources: usize) -> String {
    let pools = resources / (CLIENTS_PER_POOL + 1);
    let mut res = Map::new();
    for i in 0..pools {
        res.insert(
            format!("pool-{i}"),
            json!({"type": POOL, "properties": scale_pool(i)}),
        );
        for j in 0..CLIENTS_PER_POOL {
            res.insert(
                format!("client-{i}-{j}"),
                json!({"type": CLIENT, "properties": rich_client(&format!("${{pool-{i}.id}}"))}),
            );
        }
    }
    serde_json::to_string_pretty(&json!({
        "name": name,
        "runtime": "yaml",
        "resources": res,
    }))
    .expect("json")
}

async fn pulumi_runs(proxy: &FaultProxy, sizes: &[usize], bin: PathBuf, tgz: PathBuf) -> Value {
    let work = out_dir().join("pulumi");
    let _ = std::fs::remove_dir_all(&work);
    let pu = Pulumi {
        bin,
        home: work.join("home"),
        state: work.join("state"),
        work: work.clone(),
    };
    for d in [&pu.home, &pu.state] {
        std::fs::create_dir_all(d).expect("dir");
    }
    let version = tgz
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("pulumi-resource-cognito-v"))
        .and_then(|n| n.split('-').next())
        .expect("tarball named pulumi-resource-cognito-v<version>-<os>-<arch>.tar.gz")
        .to_string();
    let cli_version = pu.run(&work, &["version"]).trim().to_string();
    pu.run(
        &work,
        &[
            "plugin",
            "install",
            "resource",
            "cognito",
            &version,
            "--file",
            &tgz.display().to_string(),
        ],
    );
    pu.run(&work, &["login", &format!("file://{}", pu.state.display())]);
    let endpoint = proxy.endpoint();

    // The seed stack: examples/yaml, a plain `pulumi up` (preview, then update).
    let seed_path = repo().join("examples/yaml/Pulumi.yaml");
    let seed = if let Ok(seed_program) = std::fs::read_to_string(&seed_path) {
        let dir =
            tokio::task::block_in_place(|| pu.project("seed", "bench", &seed_program, &endpoint));
        proxy.reset_log();
        let up = tokio::task::block_in_place(|| {
            pu.tracked(
                &dir,
                &["up", "--yes", "--non-interactive"],
                &work.join("seed-up.log"),
                &[],
            )
        });
        let up_aws = aws_summary(&proxy.records(), dur(&up));
        proxy.reset_log();
        let destroy = tokio::task::block_in_place(|| {
            pu.tracked(
                &dir,
                &["destroy", "--yes", "--non-interactive", "--skip-preview"],
                &work.join("seed-destroy.log"),
                &[],
            )
        });
        let destroy_aws = aws_summary(&proxy.records(), dur(&destroy));
        eprintln!(
            "stacks: pulumi seed stack: up {:.1} s, provider peak RSS {:.1} MiB, provider CPU {:.2} s; own time: {}",
            up["wall_s"].as_f64().unwrap_or(0.0),
            up["provider"]["peak_rss_kib"].as_f64().unwrap_or(0.0) / 1024.0,
            up["provider"]["cpu_s"].as_f64().unwrap_or(0.0),
            own_line(&up["rpc_stats"])
        );
        json!({
            "up": with(up, "aws", up_aws),
            "destroy": with(destroy, "aws", destroy_aws),
        })
    } else {
        eprintln!("stacks: no {}, so no seed stack", seed_path.display());
        Value::Null
    };

    let no_change = std::env::var("BENCH_NO_CHANGE_RUNS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(NO_CHANGE_RUNS);
    let mut scale = Vec::new();
    for &n in sizes {
        for (mode, env) in MODES {
            // Separate project directories, projects and stacks per mode.
            let (name, stack) = match mode {
                "default" => (format!("scale-{n}"), "bench".to_string()),
                _ => (format!("scale-{n}-{mode}"), format!("bench-{mode}")),
            };
            let program = scale_program(&format!("bench-{name}"), n);
            let dir =
                tokio::task::block_in_place(|| pu.project(&name, &stack, &program, &endpoint));
            let mut phases = Map::new();
            let mut no_change_runs = Vec::new();
            for (phase, args) in [
                (
                    "up",
                    &["up", "--yes", "--non-interactive", "--skip-preview"][..],
                ),
                (
                    "second_up",
                    &["up", "--yes", "--non-interactive", "--skip-preview"][..],
                ),
                (
                    "destroy",
                    &["destroy", "--yes", "--non-interactive", "--skip-preview"][..],
                ),
            ] {
                // The no-change `up` runs `no_change` times; the first is the phase's record.
                let repeats = if phase == "second_up" { no_change } else { 1 };
                for run in 1..=repeats {
                    let tag = if run == 1 {
                        phase.to_string()
                    } else {
                        format!("{phase}-{run}")
                    };
                    proxy.reset_log();
                    let log = work.join(format!("{name}-{tag}.log"));
                    let m = tokio::task::block_in_place(|| pu.tracked(&dir, args, &log, env));
                    let records = proxy.records();
                    dump_records(&work.join(format!("{name}-{tag}.csv")), &records);
                    let mut aws = aws_summary(&records, dur(&m));
                    if phase == "destroy" {
                        aws["ordered"] = ordered_bound(&records);
                    }
                    eprintln!(
                    "stacks: pulumi {n} resources ({mode}), {tag}: {:.1} s (quota bound {:.1} s{}), {} AWS calls ({} writes, {} throttled), provider peak RSS {:.1} MiB, CPU {:.2} s, pulumi CPU {:.1} s; own time: {}",
                    m["wall_s"].as_f64().unwrap_or(0.0),
                    aws["quota_bound_s"].as_f64().unwrap_or(0.0),
                    aws["ordered"]["bound_s"]
                        .as_f64()
                        .map(|b| format!(", ordered {b:.1} s"))
                        .unwrap_or_default(),
                    aws["calls"],
                    aws["writes"],
                    aws["throttled"],
                    m["provider"]["peak_rss_kib"].as_f64().unwrap_or(0.0) / 1024.0,
                    m["provider"]["cpu_s"].as_f64().unwrap_or(0.0),
                    m["cli"]["cpu_s"].as_f64().unwrap_or(0.0),
                    own_line(&m["rpc_stats"])
                );
                    let m = with(m, "aws", aws);
                    if phase == "second_up" {
                        no_change_runs.push(m.clone());
                    }
                    if run == 1 {
                        phases.insert(phase.to_string(), m);
                    }
                }
            }
            let pools = n / (CLIENTS_PER_POOL + 1);
            scale.push(json!({
                "resources": pools * (CLIENTS_PER_POOL + 1),
                "pools": pools,
                "clients": pools * CLIENTS_PER_POOL,
                "mode": mode,
                "env": env.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<Map<_, _>>(),
                "phases": phases,
                "no_change_runs": no_change_runs,
            }));
        }
    }
    json!({"cli_version": cli_version, "plugin_version": version, "seed": seed, "scale": scale})
}

fn dur(m: &Value) -> Duration {
    Duration::from_secs_f64(m["wall_s"].as_f64().unwrap_or(0.0))
}

fn with(mut v: Value, k: &str, x: Value) -> Value {
    v[k] = x;
    v
}

// ---------------------------------------------------------------------------------------

/// `--plain-moto`: the local Cognito without its one-time RSA key parsing
/// (`LOCALCOGNITO_KEY_CACHE=0`), so that moto parses its key in every CreateUserPool
/// as the stock `moto_server` does. Read by `scripts/local-cognito.sh`, which
/// `tests/support/moto.rs` starts.
fn use_plain_moto() {
    // Before any other thread exists.
    std::env::set_var("LOCALCOGNITO_KEY_CACHE", "0");
}

fn main() {
    let sizes: Vec<usize> = arg("--sizes")
        .unwrap_or_else(|| "10,100,500".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let machine = machine();
    let scratch = out_dir().join("scratch");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let moto_kind = if flag("--plain-moto") {
        use_plain_moto();
        "scripts/local-cognito.sh with LOCALCOGNITO_KEY_CACHE=0 (moto parses its RSA key in every CreateUserPool)"
    } else {
        "scripts/local-cognito.sh (moto plus localcognito; moto's one RSA key parsed once instead of in every CreateUserPool)"
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let result = rt.block_on(async {
        let moto = tokio::task::spawn_blocking(Moto::start)
            .await
            .expect("moto");
        let proxy = FaultProxy::start(&moto.endpoint(), 1).await;
        proxy.configure(|c| {
            c.quotas = true;
            c.quota_scale = 1.0;
        });
        let mut v = json!({
            "machine": machine,
            "moto": moto_kind,
            "proxy": "tests/support/faultproxy.rs, AWS Cognito quotas enforced (quota scale 1)",
        });
        v["lifecycle"] = lifecycle(&proxy, &scratch).await;
        if !flag("--skip-grpc") {
            let pools = arg("--pools").and_then(|s| s.parse().ok()).unwrap_or(100);
            v["grpc500"] = grpc500(&proxy, &scratch, pools).await;
        }
        let bin = std::env::var_os("PULUMI_BIN").map(PathBuf::from);
        let tgz = std::env::var_os("PLUGIN_TGZ").map(PathBuf::from);
        match (bin, tgz) {
            (Some(bin), Some(tgz)) if !flag("--skip-pulumi") => {
                // pulumi runs in the project directories: no relative paths.
                let abs = |p: PathBuf| std::fs::canonicalize(&p).unwrap_or(p);
                let (bin, tgz) = (abs(bin), abs(tgz));
                v["pulumi"] = pulumi_runs(&proxy, &sizes, bin, tgz).await;
            }
            _ => {
                v["pulumi_skipped"] = json!(
                    "PULUMI_BIN and PLUGIN_TGZ not set (bench/run.sh sets them), or --skip-pulumi"
                );
                eprintln!("stacks: skipping the pulumi CLI runs (PULUMI_BIN/PLUGIN_TGZ not set)");
            }
        }
        drop(proxy);
        drop(moto);
        v
    });
    write_result("stacks.json", &result);
}
