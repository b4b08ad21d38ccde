//! The provider's error type, shared by resources and the server.

use crate::aws::AwsError;
use crate::codec::Props;

/// A resource that exists but is not fully configured.
#[derive(Debug)]
pub struct InitFailure {
    /// The resource id.
    pub id: String,
    /// The inputs that were being applied.
    pub inputs: Props,
    /// The state as read back after the failure.
    pub outputs: Props,
    /// What went wrong.
    pub reasons: Vec<String>,
}

/// Why an operation failed.
#[derive(Debug)]
pub enum ProviderError {
    /// The request itself was malformed (bad properties, bad id, unknown token).
    InvalidArgument(String),
    /// Configure has not run, or did not produce AWS clients.
    NotConfigured,
    /// AWS said no.
    Aws(AwsError),
    /// The resource exists but a later step of its create or update failed.
    InitFailed(Box<InitFailure>),
    /// The operation did not finish within its timeout.
    Timeout(String),
    /// The engine cancelled the operation.
    Cancelled,
}

impl std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidArgument(m) => f.write_str(m),
            Self::NotConfigured => f.write_str("the provider is not configured yet"),
            Self::Aws(e) => write!(f, "{e}"),
            Self::InitFailed(i) => write!(
                f,
                "resource {} exists but is not fully configured: {}",
                i.id,
                i.reasons.join("; ")
            ),
            Self::Timeout(op) => write!(f, "{op} timed out"),
            Self::Cancelled => f.write_str("the operation was cancelled"),
        }
    }
}

impl std::error::Error for ProviderError {}

impl From<AwsError> for ProviderError {
    fn from(e: AwsError) -> Self {
        Self::Aws(e)
    }
}

/// An error from a resource's own CRUD code.
#[derive(Debug)]
pub enum OpError {
    /// A failure before anything was created (or of a single-step operation).
    Failed(ProviderError),
    /// The resource `id` exists, but a later step failed.
    Partial {
        /// The id of the resource that exists.
        id: String,
        /// The failure of the later step.
        error: ProviderError,
    },
}

impl<E: Into<ProviderError>> From<E> for OpError {
    fn from(e: E) -> Self {
        Self::Failed(e.into())
    }
}

/// Attaches an id to a failure of a step after the resource exists.
pub trait PartialExt<T> {
    /// Marks the failure as partial: the resource `id` exists.
    fn partial(self, id: &str) -> Result<T, OpError>;
}

impl<T, E: Into<ProviderError>> PartialExt<T> for Result<T, E> {
    fn partial(self, id: &str) -> Result<T, OpError> {
        self.map_err(|e| OpError::Partial {
            id: id.to_string(),
            error: e.into(),
        })
    }
}
