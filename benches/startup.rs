//! Start-up of the provider process, as the engine sees it.
//!
//! Each run spawns the release binary (with an engine address argument, as the engine
//! passes one), times how long until it prints its port on stdout, then connects with the
//! generated tonic client and times how long until GetSchema is answered, reads the
//! process's peak RSS, and kills it. Warm-up runs are discarded.
//!
//! ```text
//! cargo build --release && cargo bench --bench startup -- [--runs 300] [--warmup 20]
//! cargo bench --bench startup -- --once     # one run, no output (for hyperfine)
//! ```
//!
//! Writes `startup.json` (see `common::out_dir`); `bench/run.sh` runs it.

mod common;

use common::{arg, flag, machine, ms, provider_bin, vm_hwm_kib, write_result, Stats};
use pulumi_cognito::pulumirpc::{
    resource_provider_client::ResourceProviderClient, GetSchemaRequest,
};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    port: Duration,
    schema: Duration,
    schema_bytes: usize,
    hwm_kib: u64,
}

fn one(rt: &tokio::runtime::Runtime, bin: &Path) -> Run {
    let t0 = Instant::now();
    let mut child = Command::new(bin)
        .arg("127.0.0.1:1")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("read the port line");
    let port_at = t0.elapsed();
    let port: u16 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("first stdout line is not a port: {line:?}"));
    let schema_bytes = rt.block_on(async {
        let mut c = ResourceProviderClient::connect(format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect")
            .max_decoding_message_size(64 << 20);
        c.get_schema(GetSchemaRequest::default())
            .await
            .expect("GetSchema")
            .into_inner()
            .schema
            .len()
    });
    let schema_at = t0.elapsed();
    let hwm_kib = vm_hwm_kib(child.id()).unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();
    drop(out);
    Run {
        port: port_at,
        schema: schema_at,
        schema_bytes,
        hwm_kib,
    }
}

fn main() {
    let bin = provider_bin();
    assert!(
        bin.is_file(),
        "no provider binary at {} (run `cargo build --release` first)",
        bin.display()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if flag("--once") {
        one(&rt, &bin);
        return;
    }
    let runs: usize = arg("--runs").and_then(|s| s.parse().ok()).unwrap_or(300);
    let warmup: usize = arg("--warmup").and_then(|s| s.parse().ok()).unwrap_or(20);
    let machine = machine();
    eprintln!(
        "startup: {warmup} warm-up + {runs} runs of {}",
        bin.display()
    );
    let mut all = Vec::with_capacity(runs);
    for i in 0..warmup + runs {
        let r = one(&rt, &bin);
        if i >= warmup {
            all.push(r);
        }
    }
    let port = Stats::of(&all.iter().map(|r| ms(r.port)).collect::<Vec<_>>());
    let schema = Stats::of(&all.iter().map(|r| ms(r.schema)).collect::<Vec<_>>());
    let hwm = Stats::of(&all.iter().map(|r| r.hwm_kib as f64).collect::<Vec<_>>());
    eprintln!(
        "startup: port line median {:.2} ms (p10 {:.2}, p90 {:.2}); GetSchema answered median {:.2} ms (p10 {:.2}, p90 {:.2}); peak RSS after GetSchema {:.1} MiB",
        port.median, port.p10, port.p90, schema.median, schema.p10, schema.p90, hwm.median / 1024.0
    );
    write_result(
        "startup.json",
        &json!({
            "machine": machine,
            "binary": bin.display().to_string(),
            "runs": runs,
            "warmup": warmup,
            "port_line_ms": port,
            "get_schema_ms": schema,
            "schema_bytes": all[0].schema_bytes,
            "peak_rss_after_get_schema_kib": hwm,
        }),
    );
}
