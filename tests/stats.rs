//! Per-request self-timing (`pulumi_cognito::stats`, `PULUMI_COGNITO_RPC_STATS`): a user
//! pool's Check, Create and Delete over real gRPC against moto must each leave one line,
//! with the time on the wire to AWS seen inside the request that made the calls, and the CPU
//! time of the requests that never wait.
//!
//! Its own test binary: the stats file is chosen once per process.

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::engine::Engine;
use support::moto;

const POOL: &str = "cognito:index:UserPool";

/// The stats lines, once there are at least `n` (a line is written when the server drops
/// the response body, which may be just after the client has the answer).
fn lines(path: &std::path::Path, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let v: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect();
        if v.len() >= n || Instant::now() > deadline {
            return v;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn ns(v: &Value, k: &str) -> u64 {
    v[k].as_u64()
        .unwrap_or_else(|| panic!("no integer {k} in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_rpc_leaves_a_line_with_its_aws_time() {
    let path = std::env::temp_dir().join(format!("cognito-rpc-stats-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    // Before the first request and before Configure builds the AWS clients.
    pulumi_cognito::stats::enable(&path).expect("enable stats");
    assert!(pulumi_cognito::stats::enabled());
    assert!(pulumi_cognito::stats::enable(&path).is_err(), "chosen once");

    let m = moto::shared();
    let mut e = Engine::start(&m.endpoint()).await;
    let inputs = e
        .checked(
            POOL,
            "stats-pool",
            json!({"passwordPolicy": {"minimumLength": 8}}),
        )
        .await;
    let (id, props) = e.create(POOL, "stats-pool", &inputs).await.expect("create");
    e.delete(POOL, "stats-pool", &id, &inputs, &props)
        .await
        .expect("delete");

    let v = lines(&path, 4);
    let _ = std::fs::remove_file(&path);
    for l in &v {
        eprintln!("{l}");
    }
    let methods: Vec<&str> = v.iter().map(|l| l["method"].as_str().unwrap()).collect();
    assert_eq!(
        methods,
        ["Configure", "Check", "Create", "Delete"],
        "{v:#?}"
    );
    for l in &v {
        assert_eq!(l["pid"], json!(std::process::id()), "{l}");
        assert_eq!(
            ns(l, "aws_ns"),
            ns(l, "wire_ns") + ns(l, "paced_ns"),
            "aws = wire + paced: {l}"
        );
        assert!(ns(l, "wall_ns") > 0, "{l}");
        // The time the request message took to arrive after its headers, apart from wall.
        assert!(l["recv_ns"].is_u64(), "{l}");
        assert!(ns(l, "recv_ns") < 1_000_000_000, "{l}");
        assert!(
            ns(l, "aws_ns") <= ns(l, "wall_ns"),
            "AWS time within the request: {l}"
        );
        assert!(l["at_ns"].is_u64(), "{l}");
        // The CPU time of the thread that took the request in, within the wall time (but for
        // the two reads of its clock, just outside the wall time's span), or null if another
        // thread answered.
        assert!(l["cpu_ns"].is_u64() || l["cpu_ns"].is_null(), "{l}");
        if let Some(cpu) = l["cpu_ns"].as_u64() {
            // (1 ms for those reads and the two clocks' skew on a virtual machine.)
            assert!(
                cpu <= ns(l, "wall_ns") + 1_000_000,
                "CPU time within the wall time: {l}"
            );
        }
    }
    // A request that never waits runs on the thread that took it in: at least one of
    // Configure and Check reports its CPU time, and it is not zero.
    assert!(
        v[..2]
            .iter()
            .any(|l| l["cpu_ns"].as_u64().is_some_and(|c| c > 0)),
        "no CPU time for Configure or Check: {v:#?}"
    );
    // In order, one after the other (the engine waits for each answer).
    for w in v.windows(2) {
        assert!(
            ns(&w[0], "at_ns") + ns(&w[0], "wall_ns") <= ns(&w[1], "at_ns"),
            "requests one after the other: {} then {}",
            w[0],
            w[1]
        );
    }
    // Configure and Check make no AWS call.
    assert_eq!(ns(&v[0], "aws_ns"), 0, "{}", v[0]);
    assert_eq!(ns(&v[1], "aws_ns"), 0, "{}", v[1]);
    // Create and Delete do; the SDK interceptor's time reaches the request's task-local.
    for l in &v[2..] {
        assert!(ns(l, "wire_ns") > 0, "no wire time seen: {l}");
        // moto answers on loopback within a second; the request is mostly AWS time.
        assert!(ns(l, "wire_ns") < 10_000_000_000, "{l}");
    }
}
