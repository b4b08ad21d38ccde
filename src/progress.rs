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
