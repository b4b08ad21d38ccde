//! `pulumi-resource-cognito`: binds 127.0.0.1:0, prints the port, serves until told to stop.

use pulumi_cognito::server::{serve, Provider};
use std::io::Write;
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    // The engine address is the last argument; we need nothing from the engine, so it is
    // only logged. With no argument (attach/debug mode) we serve all the same.
    if let Some(engine) = std::env::args().skip(1).last() {
        tracing::debug!(%engine, "engine address");
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
        }
        tracing::debug!("shutting down");
    };
    serve(listener, Provider::new(cancel), shutdown).await?;
    Ok(())
}
