//! The provider's own cost per RPC, in process, with criterion.
//!
//! Rich UserPool and UserPoolClient inputs (see `common::rich_pool`, `common::rich_client`)
//! go through:
//!
//! - `server/<rpc>/<type>`: what the server does for one request, wire to wire: prost-decode
//!   the request bytes, call the provider's gRPC method (codec decode of the `Struct`s,
//!   dispatch through `Registry` to `DynResource::check`/`diff`/`create`, codec encode),
//!   prost-encode the response. Everything but HTTP/2 framing and the socket.
//! - `core/<rpc>/<type>`: only codec decode + `DynResource::check`/`diff` + codec encode;
//!   `core/codec-decode/<type>` and `core/codec-encode/<type>`: the codec alone, on the
//!   same inputs.
//! - `grpc/check/UserPool`: a whole Check round trip over loopback through tonic (client and
//!   server in this process), for scale: the transport cost the engine pays anyway.
//!
//! - `component/construct-preview/AppAuth`: Construct of a rich AppAuth in a preview against an
//!   in-process resource monitor that answers at once (as the engine does for a preview): the
//!   component's own cost, 9 registrations (the component and 8 children) over loopback
//!   gRPC, each a child's input bag encoded and its outputs decoded. Divided by 9, it is the
//!   component's overhead per resource, next to `grpc/check/UserPool`.
//!
//! `preview-create` is Create with `preview: true`, which returns before any AWS call.
//! `recheck` is Check as in every `up` after the first (olds = what the last Check
//! answered), `nochange-diff` the Diff that follows it. Their `cold-` variants run each
//! request after writing over 16 MiB (more than the L2 caches hold), timing only the request:
//! in a real `up` the engine runs between two requests and evicts the provider's code and
//! data. On the 2-core bench machine these come out 2–4× the warm figures, near what the
//! provider spends per request inside a real no-change `up` of 500 resources
//! (`PULUMI_COGNITO_RPC_STATS`: about 50 µs per Check and 12 µs per Diff, mixed pools and
//! clients), where the warm ones fall short by 3–5×.
//!
//! ```text
//! cargo bench --bench rpc [-- <criterion args>]
//! ```

mod common;

use common::{pb, resent, rich_client, rich_pool, sent, CLIENT, POOL};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use prost::Message;
use pulumi_cognito::codec;
use pulumi_cognito::pulumirpc::{
    self as rpc, resource_provider_client::ResourceProviderClient,
    resource_provider_server::ResourceProvider,
};
use pulumi_cognito::resource::{Autonaming, CheckArgs};
use pulumi_cognito::resources::Registry;
use pulumi_cognito::server::{serve, Provider};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tonic::Request;

/// The provider binary's allocator (`src/main.rs`), so that these figures are the shipped ones.
#[global_allocator]
static ALLOC: pulumi_cognito::MiMalloc = pulumi_cognito::MiMalloc;

fn urn(ty: &str, name: &str) -> String {
    format!("urn:pulumi:bench::proj::{ty}::{name}")
}

/// One resource type's requests, built once.
struct Case {
    label: &'static str,
    ty: &'static str,
    name: &'static str,
    check: rpc::CheckRequest,
    /// Check as on every `up` after the first: the olds are what the last Check returned,
    /// the news unchanged.
    recheck: rpc::CheckRequest,
    diff: rpc::DiffRequest,
    /// Diff of a no-change `up` as `pulumi` v3.66 sends it: no `old_inputs` (the server
    /// takes those the Check before saw); the old inputs stand in for the old outputs as
    /// `olds`, which the server does not decode when it has Check's.
    nochange_diff: rpc::DiffRequest,
    create: rpc::CreateRequest,
}

/// Sets `path` (dotted) in a JSON object.
fn set(v: &mut Value, path: &str, new: Value) {
    let mut cur = v;
    let keys: Vec<&str> = path.split('.').collect();
    for k in &keys[..keys.len() - 1] {
        cur = &mut cur[*k];
    }
    cur[keys[keys.len() - 1]] = new;
}

fn case(
    rt: &tokio::runtime::Runtime,
    p: &Provider,
    label: &'static str,
    ty: &'static str,
    name: &'static str,
    news: Value,
    edits: &[(&str, Value)],
) -> Case {
    let check_of = |news: &Value| rpc::CheckRequest {
        urn: urn(ty, name),
        name: name.into(),
        r#type: ty.into(),
        olds: Default::default(),
        news: sent(&pb(news)),
        random_seed: name.as_bytes().to_vec(),
        ..Default::default()
    };
    let checked = |req: rpc::CheckRequest| {
        let r = rt
            .block_on(p.check(Request::new(req)))
            .expect("check")
            .into_inner();
        assert!(
            r.failures.is_empty(),
            "the rich {label} inputs must pass Check: {:?}",
            r.failures
        );
        r.inputs
    };
    let check = check_of(&news);
    let old_inputs = checked(check.clone());
    let recheck = rpc::CheckRequest {
        olds: resent(&old_inputs, 0),
        ..check.clone()
    };
    let rechecked = checked(recheck.clone());
    assert_eq!(
        codec::decode_bytes(&rechecked).expect("bytes"),
        codec::decode_bytes(&old_inputs).expect("bytes"),
        "the {label} recheck must change nothing"
    );
    let mut changed = news.clone();
    for (path, v) in edits {
        set(&mut changed, path, v.clone());
    }
    let new_inputs = checked(check_of(&changed));
    let diff = rpc::DiffRequest {
        id: format!("{name}-id"),
        urn: urn(ty, name),
        name: name.into(),
        r#type: ty.into(),
        olds: resent(&old_inputs, 0),
        old_inputs: Some(resent(&old_inputs, 0)),
        news: resent(&new_inputs, 1),
        ..Default::default()
    };
    let d = rt
        .block_on(p.diff(Request::new(diff.clone())))
        .expect("diff")
        .into_inner();
    assert!(
        !d.detailed_diff.is_empty(),
        "the {label} diff must find the edits"
    );
    let nochange_diff = rpc::DiffRequest {
        olds: resent(&old_inputs, 0),
        old_inputs: None,
        news: resent(&old_inputs, 1),
        ..diff.clone()
    };
    let d = rt
        .block_on(p.diff(Request::new(nochange_diff.clone())))
        .expect("diff")
        .into_inner();
    assert!(
        d.detailed_diff.is_empty() && d.changes == rpc::diff_response::DiffChanges::DiffNone as i32,
        "the {label} no-change diff must find nothing: {d:?}"
    );
    let create = rpc::CreateRequest {
        urn: urn(ty, name),
        name: name.into(),
        r#type: ty.into(),
        properties: Some(Message::decode(&old_inputs[..]).expect("a Struct")),
        preview: true,
        ..Default::default()
    };
    rt.block_on(p.create(Request::new(create.clone())))
        .expect("preview create");
    Case {
        label,
        ty,
        name,
        check,
        recheck,
        diff,
        nochange_diff,
        create,
    }
}

fn cases(rt: &tokio::runtime::Runtime, p: &Provider) -> Vec<Case> {
    vec![
        case(
            rt,
            p,
            "UserPool",
            POOL,
            "bench-pool",
            rich_pool(),
            &[
                ("passwordPolicy.minimumLength", json!(14)),
                ("tags.release", json!("2")),
            ],
        ),
        case(
            rt,
            p,
            "UserPoolClient",
            CLIENT,
            "bench-client",
            rich_client("us-east-1_AbCdEfGhI"),
            &[
                ("accessTokenValidity", json!(30)),
                (
                    "callbackUrls",
                    json!([
                        "https://app.example.com/callback",
                        "https://staging.example.com/callback",
                        "https://qa.example.com/callback",
                        "http://localhost:3000/callback"
                    ]),
                ),
            ],
        ),
    ]
}

/// Bytes written between two cold requests: four times the L2 caches of the 2-core bench
/// machine (2 × 2 MiB).
const EVICT: usize = 16 << 20;

/// Runs `f` `n` times, each after evicting the caches, and returns the time spent in `f`.
fn cold<T>(n: u64, mut f: impl FnMut() -> T) -> Duration {
    let mut junk = vec![0u8; EVICT];
    let mut spent = Duration::ZERO;
    for i in 0..n {
        // One write per cache line.
        for line in junk.chunks_mut(64) {
            line[0] = line[0].wrapping_add(i as u8 | 1);
        }
        black_box(&junk);
        let start = std::time::Instant::now();
        black_box(f());
        spent += start.elapsed();
    }
    spent
}

/// Runs one provider method the way the server does: request bytes in, response bytes out.
macro_rules! wire {
    ($rt:expr, $p:expr, $method:ident, $req:ty, $bytes:expr) => {{
        let req = <$req>::decode($bytes).expect("decode request");
        $rt.block_on($p.$method(Request::new(req)))
            .expect("rpc")
            .into_inner()
            .encode_to_vec()
    }};
}

fn server_benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let p = Provider::new(CancellationToken::new());
    let all = cases(&rt, &p);
    let mut g = c.benchmark_group("server");
    for k in &all {
        let check = k.check.encode_to_vec();
        let recheck = k.recheck.encode_to_vec();
        let diff = k.diff.encode_to_vec();
        let nochange_diff = k.nochange_diff.encode_to_vec();
        let create = k.create.encode_to_vec();
        g.bench_function(format!("check/{}", k.label), |b| {
            b.iter(|| wire!(rt, p, check, rpc::CheckRequest, black_box(&check[..])))
        });
        g.bench_function(format!("diff/{}", k.label), |b| {
            b.iter(|| wire!(rt, p, diff, rpc::DiffRequest, black_box(&diff[..])))
        });
        g.bench_function(format!("recheck/{}", k.label), |b| {
            b.iter(|| wire!(rt, p, check, rpc::CheckRequest, black_box(&recheck[..])))
        });
        g.bench_function(format!("nochange-diff/{}", k.label), |b| {
            b.iter(|| wire!(rt, p, diff, rpc::DiffRequest, black_box(&nochange_diff[..])))
        });
        g.bench_function(format!("preview-create/{}", k.label), |b| {
            b.iter(|| wire!(rt, p, create, rpc::CreateRequest, black_box(&create[..])))
        });
    }
    g.finish();
    // Each cold request costs a pass over `EVICT` bytes that criterion does not see, so
    // these take fewer, flat samples.
    let mut g = c.benchmark_group("server");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .measurement_time(Duration::from_secs(2));
    for k in &all {
        let recheck = k.recheck.encode_to_vec();
        let nochange_diff = k.nochange_diff.encode_to_vec();
        g.bench_function(format!("cold-recheck/{}", k.label), |b| {
            b.iter_custom(|n| {
                cold(n, || {
                    wire!(rt, p, check, rpc::CheckRequest, black_box(&recheck[..]))
                })
            })
        });
        g.bench_function(format!("cold-nochange-diff/{}", k.label), |b| {
            b.iter_custom(|n| {
                cold(n, || {
                    wire!(rt, p, diff, rpc::DiffRequest, black_box(&nochange_diff[..]))
                })
            })
        });
    }
    g.finish();

    let reg = Registry::new();
    let mut g = c.benchmark_group("core");
    for k in &all {
        let res = reg.get(k.ty).expect("registered");
        let news = k.check.news.clone();
        let args = CheckArgs {
            name: k.name.to_string(),
            olds: Default::default(),
            seed: k.name.as_bytes().to_vec(),
            autonaming: Autonaming::Default,
            ..Default::default()
        };
        g.bench_function(format!("check/{}", k.label), |b| {
            b.iter(|| res.check(&args, black_box(&news)).expect("a bag"))
        });
        // The general path, through a JSON tree, that plain inputs skip.
        g.bench_function(format!("check-props/{}", k.label), |b| {
            b.iter(|| {
                let news = codec::decode_bytes(black_box(&news)).expect("a bag");
                res.check_props(&args, news)
            })
        });
        // The codec's share of the above.
        g.bench_function(format!("codec-decode/{}", k.label), |b| {
            b.iter(|| codec::decode_bytes(black_box(&news)).expect("a bag"))
        });
        let props = codec::decode_bytes(&news).expect("a bag");
        g.bench_function(format!("codec-encode/{}", k.label), |b| {
            b.iter(|| codec::encode_bytes(black_box(&props)))
        });
        let olds = k.diff.old_inputs.clone().expect("old inputs");
        let new = k.diff.news.clone();
        g.bench_function(format!("diff/{}", k.label), |b| {
            b.iter(|| {
                let d = res.diff(
                    &codec::decode_bytes(black_box(&olds)).expect("a bag"),
                    &codec::decode_bytes(black_box(&new)).expect("a bag"),
                    &[],
                );
                black_box(d.diffs.len())
            })
        });
    }
    g.finish();
}

fn grpc_benches(c: &mut Criterion) {
    // The server on its own runtime (as in the real process), the client on this thread.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let listener = server_rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    server_rt.spawn(async move {
        serve(listener, Provider::new(stop.clone()), async move {
            stop.cancelled().await
        })
        .await
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut client = rt
        .block_on(ResourceProviderClient::connect(format!(
            "http://127.0.0.1:{port}"
        )))
        .expect("connect");
    let req = rpc::CheckRequest {
        urn: urn(POOL, "bench-pool"),
        name: "bench-pool".into(),
        r#type: POOL.into(),
        olds: Default::default(),
        news: sent(&pb(&rich_pool())),
        random_seed: b"bench-pool".to_vec(),
        ..Default::default()
    };
    let mut g = c.benchmark_group("grpc");
    // A round trip can take tens of milliseconds (see the README); flat sampling keeps the
    // run short either way.
    g.sampling_mode(SamplingMode::Flat).sample_size(30);
    g.bench_function("check/UserPool", |b| {
        b.iter_batched(
            || req.clone(),
            |r| {
                rt.block_on(client.check(r))
                    .expect("check")
                    .into_inner()
                    .failures
                    .len()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
    cancel.cancel();
}

/// A resource monitor that answers at once, as the engine does in a preview: the URN, no id,
/// the inputs as outputs.
#[derive(Clone)]
struct PreviewMonitor;

#[tonic::async_trait]
impl rpc::resource_monitor_server::ResourceMonitor for PreviewMonitor {
    async fn supports_feature(
        &self,
        _r: Request<rpc::SupportsFeatureRequest>,
    ) -> Result<tonic::Response<rpc::SupportsFeatureResponse>, tonic::Status> {
        Ok(tonic::Response::new(rpc::SupportsFeatureResponse {
            has_support: true,
        }))
    }

    async fn register_resource(
        &self,
        r: Request<rpc::RegisterResourceRequest>,
    ) -> Result<tonic::Response<rpc::RegisterResourceResponse>, tonic::Status> {
        let r = r.into_inner();
        Ok(tonic::Response::new(rpc::RegisterResourceResponse {
            urn: urn(&r.r#type, &r.name),
            object: r.object,
            ..Default::default()
        }))
    }

    async fn register_resource_outputs(
        &self,
        _r: Request<rpc::RegisterResourceOutputsRequest>,
    ) -> Result<tonic::Response<()>, tonic::Status> {
        Ok(tonic::Response::new(()))
    }
}

fn component_benches(c: &mut Criterion) {
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = server_rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    server_rt.spawn(tonic::transport::Server::builder().serve_with_incoming(
        rpc::resource_monitor_server::ResourceMonitorServer::new(PreviewMonitor),
        // As the engine's (Go) server: no Nagle delay on small frames.
        tokio_stream::StreamExt::map(
            tokio_stream::wrappers::TcpListenerStream::new(listener),
            |s| s.and_then(|s| s.set_nodelay(true).map(|()| s)),
        ),
    ));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let inputs = json!({
        "webClient": {"callbackUrls": ["https://app.example.com/cb"], "logoutUrls": ["https://app.example.com/"]},
        "apiIdentifier": "https://api.example.com",
        "apiScopes": {"jobs.read": "Read jobs", "jobs.write": "Write jobs"},
        "machineClients": {"trainer": ["jobs.read", "jobs.write"], "reporter": ["jobs.read"]},
        "domainPrefix": "bench-login",
        "groups": {
            "admins": {"precedence": 1, "roleArn": "arn:aws:iam::123456789012:role/admins"},
            "researchers": {"precedence": 10, "roleArn": "arn:aws:iam::123456789012:role/researchers"},
        },
        "identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/users"},
        "userPoolArgs": {"tags": {"project": "bench"}},
    });
    let req = rpc::ConstructRequest {
        dry_run: true,
        monitor_endpoint: addr.to_string(),
        r#type: "cognito:index:AppAuth".into(),
        name: "bench".into(),
        inputs: Some(pb(&inputs)),
        ..Default::default()
    };
    let mut g = c.benchmark_group("component");
    g.sampling_mode(SamplingMode::Flat).sample_size(30);
    g.bench_function("construct-preview/AppAuth", |b| {
        b.iter_batched(
            || req.clone(),
            |r| {
                rt.block_on(pulumi_cognito::component::construct(r))
                    .expect("construct")
                    .urn
                    .len()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60);
    targets = server_benches, grpc_benches, component_benches
}
criterion_main!(benches);
