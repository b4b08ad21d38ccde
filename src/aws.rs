//! Everything about talking to AWS: building the SDK clients from the provider config,
//! classifying SDK errors into [`ErrorKind`]s, and the retry policy.
//!
//! Resources call [`Aws::idp`] / [`Aws::identity`] and match on [`AwsError::kind`], never
//! on error strings.

use crate::config::ProviderConfig;
use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_smithy_http_client::{tls, Builder as HttpBuilder};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::fmt;
use std::time::Duration;

/// The SDK clients for both Cognito services, built once in Configure.
#[derive(Clone, Debug)]
pub struct Aws {
    idp: aws_sdk_cognitoidentityprovider::Client,
    identity: aws_sdk_cognitoidentity::Client,
    sts: Option<aws_sdk_sts::Client>,
    account: std::sync::Arc<tokio::sync::OnceCell<Option<String>>>,
    shared: Option<aws_config::SdkConfig>,
    region: String,
}

impl Aws {
    /// Builds the clients: explicit config first, then the standard AWS chain.
    pub async fn from_config(cfg: &ProviderConfig) -> Result<Self, String> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(
            HttpBuilder::new()
                .tls_provider(tls::Provider::Rustls(
                    tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        );
        if let Some(r) = &cfg.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(p) = &cfg.profile {
            loader = loader.profile_name(p);
        }
        if let Some(e) = &cfg.endpoint {
            loader = loader.endpoint_url(e);
        }
        match (&cfg.access_key, &cfg.secret_key) {
            (Some(a), Some(s)) => {
                loader = loader.credentials_provider(Credentials::new(
                    a,
                    s,
                    cfg.token.clone(),
                    None,
                    "pulumi-cognito-config",
                ));
            }
            (None, None) => {}
            _ => return Err("cognito:accessKey and cognito:secretKey must be set together".into()),
        }
        let attempts = cfg.max_retries.unwrap_or(DEFAULT_MAX_RETRIES) + 1;
        loader = loader
            .retry_config(
                RetryConfig::adaptive()
                    .with_max_attempts(attempts)
                    .with_initial_backoff(Duration::from_millis(200))
                    .with_max_backoff(Duration::from_secs(20)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .operation_attempt_timeout(Duration::from_secs(60))
                    .build(),
            );
        let shared = loader.load().await;
        let region = shared
            .region()
            .map(|r| r.to_string())
            .ok_or_else(|| "no AWS region: set cognito:region or AWS_REGION".to_string())?;
        Ok(Self {
            idp: aws_sdk_cognitoidentityprovider::Client::new(&shared),
            identity: aws_sdk_cognitoidentity::Client::new(&shared),
            sts: Some(aws_sdk_sts::Client::new(&shared)),
            account: Default::default(),
            shared: Some(shared),
            region,
        })
    }

    /// Wraps ready-made clients (used by tests with mocked clients).
    pub fn from_clients(
        idp: aws_sdk_cognitoidentityprovider::Client,
        identity: aws_sdk_cognitoidentity::Client,
        region: &str,
    ) -> Self {
        Self {
            idp,
            identity,
            sts: None,
            account: Default::default(),
            shared: None,
            region: region.to_string(),
        }
    }

    /// The same clients in another region (a resource's `region` override); building them
    /// makes no network call. Mocked clients stay as they are.
    pub fn in_region(&self, region: Option<&str>) -> Self {
        let (Some(r), Some(shared)) = (region, &self.shared) else {
            return self.clone();
        };
        if r == self.region {
            return self.clone();
        }
        let conf = shared.to_builder().region(Region::new(r.to_string())).build();
        Self {
            idp: aws_sdk_cognitoidentityprovider::Client::new(&conf),
            identity: aws_sdk_cognitoidentity::Client::new(&conf),
            sts: self.sts.clone(),
            account: self.account.clone(),
            shared: Some(conf),
            region: r.to_string(),
        }
    }

    /// The Cognito user pools client.
    pub fn idp(&self) -> &aws_sdk_cognitoidentityprovider::Client {
        &self.idp
    }

    /// The Cognito identity pools client.
    pub fn identity(&self) -> &aws_sdk_cognitoidentity::Client {
        &self.identity
    }

    /// The AWS account id (from STS, asked once); `None` if it cannot be had.
    pub async fn account_id(&self) -> Option<String> {
        let sts = self.sts.as_ref()?;
        self.account
            .get_or_init(|| async {
                match sts.get_caller_identity().send().await {
                    Ok(o) => o.account().map(str::to_string),
                    Err(e) => {
                        tracing::warn!(error = %aws_smithy_types::error::display::DisplayErrorContext(&e), "GetCallerIdentity failed");
                        None
                    }
                }
            })
            .await
            .clone()
    }

    /// The region the clients talk to.
    pub fn region(&self) -> &str {
        &self.region
    }
}

/// Retries after the first attempt unless `cognito:maxRetries` says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 8;

/// What kind of failure an AWS call had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The resource does not exist.
    NotFound,
    /// Request rate too high (retryable).
    Throttled,
    /// The request was invalid; retrying will not help.
    Invalid,
    /// A concurrent change conflicted (retryable).
    Conflict,
    /// A hard quota was reached; retrying will not help.
    LimitExceeded,
    /// The network or service failed (retryable).
    Transient,
    /// Anything else.
    Other,
}

/// An AWS call that failed.
#[derive(Debug, Clone)]
pub struct AwsError {
    /// The failure class.
    pub kind: ErrorKind,
    /// The operation that failed, e.g. `CreateUserPool`.
    pub operation: &'static str,
    /// The AWS error code, if any.
    pub code: Option<String>,
    /// AWS's message.
    pub message: String,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.operation)?;
        if let Some(c) = &self.code {
            write!(f, " ({c})")?;
        }
        write!(f, ": {}", self.message)?;
        if self.kind == ErrorKind::LimitExceeded {
            write!(
                f,
                " — this is a hard AWS quota; remove unused resources or request a quota increase"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for AwsError {}

/// Classifies an AWS error code.
pub fn classify(code: &str) -> ErrorKind {
    match code {
        "ResourceNotFoundException" | "UserNotFoundException" => ErrorKind::NotFound,
        "TooManyRequestsException" | "ThrottlingException" | "Throttling" => ErrorKind::Throttled,
        "ConcurrentModificationException" => ErrorKind::Conflict,
        "LimitExceededException" => ErrorKind::LimitExceeded,
        "InternalErrorException" | "ServiceUnavailable" | "InternalFailure" => ErrorKind::Transient,
        c if c.starts_with("Invalid") || c.ends_with("ValidationException") => ErrorKind::Invalid,
        "NotAuthorizedException" | "UnsupportedOperationException" => ErrorKind::Invalid,
        _ => ErrorKind::Other,
    }
}

impl AwsError {
    /// Converts an SDK error for the named operation.
    pub fn from_sdk<E, R>(operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: fmt::Debug,
    {
        match &err {
            SdkError::ServiceError(se) => {
                let e = se.err();
                let code = e.code().map(str::to_string);
                Self {
                    kind: code.as_deref().map_or(ErrorKind::Other, classify),
                    operation,
                    message: e.message().unwrap_or("no message").to_string(),
                    code,
                }
            }
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => Self {
                kind: ErrorKind::Transient,
                operation,
                code: None,
                message: format!(
                    "{}",
                    aws_smithy_types::error::display::DisplayErrorContext(&err)
                ),
            },
            _ => Self {
                kind: ErrorKind::Other,
                operation,
                code: err.code().map(str::to_string),
                message: format!(
                    "{}",
                    aws_smithy_types::error::display::DisplayErrorContext(&err)
                ),
            },
        }
    }

    /// True for a not-found error.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

/// Shorthand: maps an SDK result into `Result<T, AwsError>` for `operation`.
pub trait AwsResultExt<T> {
    /// Attaches the operation name and classifies the error.
    fn op(self, operation: &'static str) -> Result<T, AwsError>;
}

impl<T, E, R> AwsResultExt<T> for Result<T, SdkError<E, R>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    fn op(self, operation: &'static str) -> Result<T, AwsError> {
        self.map_err(|e| AwsError::from_sdk(operation, e))
    }
}

/// Converts a list of strings into SDK enum values.
pub fn enums<T: for<'a> From<&'a str>>(v: &Option<Vec<String>>) -> Option<Vec<T>> {
    v.as_ref()
        .map(|v| v.iter().map(|s| T::from(s.as_str())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_codes() {
        assert_eq!(classify("ResourceNotFoundException"), ErrorKind::NotFound);
        assert_eq!(classify("TooManyRequestsException"), ErrorKind::Throttled);
        assert_eq!(classify("LimitExceededException"), ErrorKind::LimitExceeded);
        assert_eq!(classify("InvalidParameterException"), ErrorKind::Invalid);
        assert_eq!(
            classify("ConcurrentModificationException"),
            ErrorKind::Conflict
        );
        assert_eq!(classify("Whatever"), ErrorKind::Other);
    }
}
