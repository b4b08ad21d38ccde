//! `pulumi-resource-cognito`: binds 127.0.0.1:0, prints the port, serves until told to stop.
//! `pulumi-resource-cognito migrate-from-aws ...` (and `--help`) run the migration command
//! instead (`pulumi_cognito::migrate`); the engine never passes those.

use pulumi_cognito::server::{serve, Provider};
use std::io::Write;
use tokio_util::sync::CancellationToken;

/// Crates whose debug and trace logs would print request and response contents.
const QUIET_TARGETS: &[&str] = &[
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_smithy_types",
    "aws_sigv4",
    "aws_config",
    "aws_sdk_cognitoidentityprovider",
    "aws_sdk_cognitoidentity",
    "aws_sdk_sts",
    "hyper",
    "hyper_util",
    "h2",
    "tonic",
    "tower",
    "rustls",
];

/// mimalloc: the provider allocates many small, short-lived values per request (property
/// bags, protobuf messages); it makes Check and Diff about a third faster than glibc's
/// allocator (see `benches/rpc.rs`, which uses the same allocator).
#[global_allocator]
static ALLOC: pulumi_cognito::MiMalloc = pulumi_cognito::MiMalloc;

// One thread: the engine sends one request at a time for most of an `up`, and a request then
// never waits for a second worker to wake (in a 500-resource `up` without changes, ~5–10%
// less of the provider's own time, measured in place). Waiting on AWS needs no more threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Subcommands: the engine starts us with no argument or with its address last.
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("migrate-from-aws") => {
            // Ctrl-C reaches the running `pulumi` too, which stops; the migration then sees it
            // fail and restores the state and the program instead of dying half-way. (The
            // handler only records the signal: the runtime is not polled while we run.)
            let _defer_sigint =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
            std::process::exit(pulumi_cognito::migrate::main(&args[1..]))
        }
        Some("-h" | "--help" | "help") => {
            print!("{}", pulumi_cognito::migrate::HELP);
            return Ok(());
        }
        _ => {}
    }
    let mut filter = tracing_subscriber::EnvFilter::from_default_env();
    // The SDK and HTTP stacks log whole requests and responses at debug/trace level, and
    // those carry secrets (client secrets, secret inputs, session tokens). Cap them at info,
    // whatever RUST_LOG says; our own logs never print property values.
    for target in QUIET_TARGETS {
        if let Ok(d) = format!("{target}=info").parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    // The engine address is the last argument; the provider only sends it progress of long
    // operations (`progress`). With no argument (attach/debug mode) we serve all the same.
    let engine = std::env::args().skip(1).last();
    if let Some(engine) = &engine {
        tracing::debug!(%engine, "engine address");
        match pulumi_cognito::progress::engine_sink(engine) {
            Ok(sink) => pulumi_cognito::progress::set_sink(sink),
            Err(e) => tracing::warn!(error = %e, "progress goes to the log only"),
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{port}")?;
    out.flush()?;
    drop(out);

    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let shutdown = async move {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let sigterm = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = sigterm => {},
            _ = stop.cancelled() => {},
            _ = engine_gone(engine.is_some()) => {},
        }
        tracing::debug!("shutting down");
    };
    serve(listener, Provider::new(cancel), shutdown).await?;
    Ok(())
}

/// Resolves when the engine that started us has exited (we were re-parented), so a provider
/// is never left running after its engine; never resolves in attach/debug mode.
async fn engine_gone(started_by_engine: bool) {
    if !started_by_engine {
        return std::future::pending().await;
    }
    let parent = std::os::unix::process::parent_id();
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        if std::os::unix::process::parent_id() != parent {
            tracing::debug!("the engine exited; shutting down");
            return;
        }
    }
}
