//! Deadlines and progress of long operations (a user pool domain becoming `ACTIVE`).
//!
//! The server runs every Create, Read, Update and Delete inside [`scope`], which records the
//! resource's URN and when the engine's timeout for the operation (`customTimeouts`) runs
//! out. A resource that waits asks [`deadline`] when to stop, so that it can give up with a
//! partial failure (the resource exists) before the engine's timeout cuts it off, and tells
//! the user why the operation is waiting with [`report`]: a `tracing` log, and an ephemeral
//! status message on the resource through the engine logger, when one is installed
//! ([`set_sink`]).

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::time::Instant;

/// What the current operation runs under.
#[derive(Debug, Clone, Default)]
pub struct Op {
    /// The resource's URN.
    pub urn: String,
    /// When the engine's timeout runs out, if it set one.
    pub deadline: Option<Instant>,
}

tokio::task_local! {
    static OP: Op;
}

/// Where progress messages go besides the log: the engine's `Log` service.
pub trait Sink: Send + Sync {
    /// Shows `message` as the status of the resource `urn`.
    fn status(&self, urn: &str, message: &str);
}

static SINK: OnceLock<Box<dyn Sink>> = OnceLock::new();

/// Installs the engine logger (once per process; later calls are ignored).
pub fn set_sink(sink: Box<dyn Sink>) {
    let _ = SINK.set(sink);
}

/// The engine's `Log` service at `address` (the provider's last argument, `host:port`), as
/// a [`Sink`]: each status is sent in the background as an ephemeral message on the
/// resource; one that cannot be sent is only logged. Connects on first use.
pub fn engine_sink(address: &str) -> Result<Box<dyn Sink>, String> {
    let uri = if address.contains("://") {
        address.to_string()
    } else {
        format!("http://{address}")
    };
    let channel = tonic::transport::Endpoint::from_shared(uri)
        .map_err(|e| format!("bad engine address {address:?}: {e}"))?
        .connect_lazy();
    Ok(Box::new(EngineSink(
        crate::pulumirpc::engine_client::EngineClient::new(channel),
    )))
}

/// Sends statuses to the engine (see [`engine_sink`]).
struct EngineSink(crate::pulumirpc::engine_client::EngineClient<tonic::transport::Channel>);

impl Sink for EngineSink {
    fn status(&self, urn: &str, message: &str) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let mut client = self.0.clone();
        let req = crate::pulumirpc::LogRequest {
            severity: crate::pulumirpc::LogSeverity::Info as i32,
            message: message.to_string(),
            urn: urn.to_string(),
            stream_id: 0,
            ephemeral: true,
        };
        rt.spawn(async move {
            if let Err(e) = client.log(req).await {
                tracing::debug!(error = %e, "could not send a status to the engine");
            }
        });
    }
}

/// Runs `fut` as the operation on `urn`, with the engine's timeout (`timeout` seconds, 0
/// for none).
pub async fn scope<T>(urn: &str, timeout: f64, fut: impl Future<Output = T>) -> T {
    let deadline = (timeout > 0.0 && timeout.is_finite())
        .then(|| Instant::now() + Duration::from_secs_f64(timeout.min(1e9)));
    OP.scope(
        Op {
            urn: urn.to_string(),
            deadline,
        },
        fut,
    )
    .await
}

/// The current operation's deadline, if the engine set one.
pub fn deadline() -> Option<Instant> {
    OP.try_with(|op| op.deadline).ok().flatten()
}

/// The current operation's URN (empty outside an operation).
pub fn urn() -> String {
    OP.try_with(|op| op.urn.clone()).unwrap_or_default()
}

/// Reports the progress of the current operation: logs it and shows it to the user.
pub fn report(message: &str) {
    let urn = urn();
    tracing::info!(%urn, "{message}");
    if let Some(sink) = SINK.get() {
        sink.status(&urn, message);
    }
}

/// When a wait that may last `default` should stop: a margin before the engine's deadline
/// (a tenth of what is left, 1 to 10 seconds), so the resource can still answer; else after
/// `default`.
pub fn wait_until(default: Duration) -> Instant {
    let now = Instant::now();
    match deadline() {
        Some(d) => {
            let left = d.saturating_duration_since(now);
            let margin = (left / 10).clamp(Duration::from_secs(1), Duration::from_secs(10));
            now + left.saturating_sub(margin)
        }
        None => now + default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pulumirpc::{self as rpc, engine_server};
    use tokio::sync::mpsc;

    /// An engine that hands on what it is told to log.
    struct FakeEngine(mpsc::UnboundedSender<rpc::LogRequest>);

    #[tonic::async_trait]
    impl engine_server::Engine for FakeEngine {
        async fn log(
            &self,
            r: tonic::Request<rpc::LogRequest>,
        ) -> Result<tonic::Response<()>, tonic::Status> {
            let _ = self.0.send(r.into_inner());
            Ok(tonic::Response::new(()))
        }
    }

    #[tokio::test]
    async fn statuses_reach_the_engine_as_ephemeral_messages_on_the_resource() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let (tx, mut rx) = mpsc::unbounded_channel();
        tokio::spawn(tonic::transport::Server::builder().serve_with_incoming(
            engine_server::EngineServer::new(FakeEngine(tx)),
            tokio_stream::wrappers::TcpListenerStream::new(listener),
        ));
        let sink = engine_sink(&address).expect("an address");
        sink.status(
            "urn:pulumi:dev::p::cognito:index:UserPoolDomain::d",
            "CREATING for 4s",
        );
        let got = rx.recv().await.expect("the engine got it");
        assert_eq!(
            got.urn,
            "urn:pulumi:dev::p::cognito:index:UserPoolDomain::d"
        );
        assert_eq!(got.message, "CREATING for 4s");
        assert!(got.ephemeral);
        assert_eq!(got.severity, rpc::LogSeverity::Info as i32);
        assert!(engine_sink("not a uri \\n").is_err());
    }

    #[tokio::test]
    async fn scope_sets_the_deadline_and_urn() {
        assert!(deadline().is_none());
        assert_eq!(urn(), "");
        scope("urn:x", 100.0, async {
            let d = deadline().expect("a deadline");
            assert!(d > Instant::now() + Duration::from_secs(90));
            assert_eq!(urn(), "urn:x");
            // 10 s of margin before a 100 s deadline.
            assert!(wait_until(Duration::from_secs(1)) < d - Duration::from_secs(9));
        })
        .await;
        scope("urn:y", 0.0, async {
            assert!(deadline().is_none());
            let w = wait_until(Duration::from_secs(5));
            assert!(w > Instant::now() + Duration::from_secs(4));
        })
        .await;
    }
}
