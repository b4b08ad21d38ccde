//! Secrets never reach logs or plaintext state, even at `RUST_LOG=trace`; Cancel stops
//! in-flight retries promptly and shuts the server down; engine timeouts are honoured.

mod support;

use pulumi_cognito::codec::PropPath;
use pulumi_cognito::pulumirpc::{self as rpc, resource_provider_client::ResourceProviderClient};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::engine::{decode, pb, secret, unwire, urn, wire, Engine};
use support::moto;

const SECRET_KEY: &str = "SECRETKEY-9f2c7d1e";
const SESSION_TOKEN: &str = "SESSIONTOKEN-4b8a0c3f";
const SECRET_NAME: &str = "secretpoolname-77d1";

#[tokio::test]
async fn secrets_stay_out_of_trace_logs_and_outputs() {
    let m = moto::shared();
    let log = std::env::temp_dir().join(format!("cognito-trace-{}.log", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_pulumi-resource-cognito"))
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line.trim().parse().expect("first stdout line is the port");
    let mut c = ResourceProviderClient::connect(format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    c.configure(rpc::ConfigureRequest {
        args: pb(json!({"region": "us-east-1", "endpoint": m.endpoint(), "accessKey": "AKIDTEST",
            "secretKey": secret(json!(SECRET_KEY)), "token": secret(json!(SESSION_TOKEN)), "maxRetries": 0})),
        accept_secrets: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let ty = "cognito:index:UserPool";
    let news = pb(json!({"name": secret(json!(SECRET_NAME))}));
    let checked = c
        .check(rpc::CheckRequest {
            urn: urn(ty, "p"),
            r#type: ty.into(),
            news: wire(&news),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let pool = c
        .create(rpc::CreateRequest {
            urn: urn(ty, "p"),
            r#type: ty.into(),
            properties: unwire(&checked.inputs),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let out = decode(&pool.properties);
    assert!(out.secrets.contains(&PropPath::key("name")));
    let cty = "cognito:index:UserPoolClient";
    let client = c
        .create(rpc::CreateRequest {
            urn: urn(cty, "c"),
            r#type: cty.into(),
            properties: pb(json!({"userPoolId": pool.id, "name": "app", "generateSecret": true})),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let cout = decode(&client.properties);
    let client_secret = cout.value["clientSecret"].as_str().unwrap().to_string();
    assert!(cout.secrets.contains(&PropPath::key("clientSecret")));
    // Refresh and delete too, so every code path logs.
    let read = c
        .read(rpc::ReadRequest {
            id: client.id.clone(),
            urn: urn(cty, "c"),
            r#type: cty.into(),
            properties: client.properties.clone(),
            inputs: pb(json!({"userPoolId": pool.id, "name": "app", "generateSecret": true})),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(decode(&read.properties)
        .secrets
        .contains(&PropPath::key("clientSecret")));
    for (t, id, props) in [
        (cty, &client.id, &client.properties),
        (ty, &pool.id, &pool.properties),
    ] {
        c.delete(rpc::DeleteRequest {
            id: id.clone(),
            urn: urn(t, "x"),
            r#type: t.into(),
            properties: props.clone(),
            old_inputs: props.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    unsafe_kill(&mut child);
    let text = std::fs::read_to_string(&log).unwrap();
    let keep = std::env::var_os("KEEP_TRACE_LOG").is_some();
    if !keep {
        let _ = std::fs::remove_file(&log);
    }
    assert!(
        text.lines().count() > 20,
        "trace logging produced too little to be a real test:\n{text}"
    );
    for (what, s) in [
        ("secret key", SECRET_KEY),
        ("session token", SESSION_TOKEN),
        ("secret input", SECRET_NAME),
        ("client secret", client_secret.as_str()),
    ] {
        assert!(!text.contains(s), "the {what} appears in the trace log");
    }
}

fn unsafe_kill(child: &mut std::process::Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "provider exited with {status:?} on SIGTERM"
    );
}

#[tokio::test]
async fn cancel_stops_retries_promptly_and_shuts_down() {
    // Nothing listens on port 9: every attempt fails as a transient connection error and
    // would be retried (8 retries, backoff up to 20 s) if Cancel did not stop it.
    let e = Engine::unconfigured().await;
    let mut c = e.client.clone();
    c.configure(rpc::ConfigureRequest {
        args: pb(json!({"region": "us-east-1", "endpoint": "http://127.0.0.1:9", "accessKey": "a", "secretKey": "b", "maxRetries": 8})),
        ..Default::default()
    })
    .await
    .unwrap();
    let ty = "cognito:index:UserPool";
    let mut c2 = c.clone();
    let create = tokio::spawn(async move {
        let started = Instant::now();
        let r = c2
            .create(rpc::CreateRequest {
                urn: urn(ty, "p"),
                r#type: ty.into(),
                properties: pb(json!({"name": "p"})),
                ..Default::default()
            })
            .await;
        (r, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    c.cancel(()).await.unwrap();
    let (r, took) = tokio::time::timeout(Duration::from_secs(5), create)
        .await
        .expect("create returns after cancel")
        .unwrap();
    let status = r.unwrap_err();
    assert_eq!(status.code(), tonic::Code::Cancelled, "{status:?}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(e.cancel.is_cancelled(), "the server is shutting down");
}

#[tokio::test]
async fn engine_timeout_is_honoured() {
    let e = Engine::unconfigured().await;
    let mut c = e.client.clone();
    c.configure(rpc::ConfigureRequest {
        args: pb(json!({"region": "us-east-1", "endpoint": "http://127.0.0.1:9", "accessKey": "a", "secretKey": "b", "maxRetries": 8})),
        ..Default::default()
    })
    .await
    .unwrap();
    let ty = "cognito:index:UserPool";
    let started = Instant::now();
    let status = c
        .create(rpc::CreateRequest {
            urn: urn(ty, "p"),
            r#type: ty.into(),
            properties: pb(json!({"name": "p"})),
            timeout: 1.0,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::DeadlineExceeded, "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(status.message().contains("timed out"));
}

#[test]
fn provider_exits_when_its_engine_does() {
    // The shell plays the engine: it starts the provider with an engine address and exits.
    let port_file = std::env::temp_dir().join(format!("cognito-port-{}", std::process::id()));
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' 127.0.0.1:1 >'{}' 2>/dev/null & echo $!; sleep 1",
            env!("CARGO_BIN_EXE_pulumi-resource-cognito"),
            port_file.display()
        ))
        .output()
        .unwrap();
    let pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let printed = std::fs::read_to_string(&port_file).unwrap_or_default();
    let _ = std::fs::remove_file(&port_file);
    assert!(
        printed.trim().parse::<u16>().is_ok(),
        "the provider did not start: {printed:?}"
    );
    let proc_dir = format!("/proc/{pid}/stat");
    let alive = || std::fs::read_to_string(&proc_dir).is_ok_and(|s| !s.contains(") Z "));
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!alive(), "the provider outlived its engine");
}
