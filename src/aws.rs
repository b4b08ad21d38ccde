//! Everything about talking to AWS: building the SDK clients from the provider config,
//! classifying SDK errors into [`ErrorKind`]s, rate limiting and the retry policy.
//!
//! Resources send every request through [`Aws::call`], which waits for a slot of the
//! operation's quota category ([`crate::limiter`]) and retries what is worth retrying, and
//! match on [`AwsError::kind`], never on error strings.
//!
//! When request timing is on ([`crate::stats`]), the clients carry an interceptor that
//! reports each request's time on the wire, and [`Aws::call`] reports its waits for the
//! limiter and in backoff.

use crate::config::ProviderConfig;
use crate::limiter::Limiter;
use crate::stats;
use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_smithy_http_client::{tls, Builder as HttpBuilder};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The SDK clients for both Cognito services, built once in Configure.
#[derive(Clone, Debug)]
pub struct Aws {
    idp: aws_sdk_cognitoidentityprovider::Client,
    identity: aws_sdk_cognitoidentity::Client,
    sts: Option<aws_sdk_sts::Client>,
    account: std::sync::Arc<tokio::sync::OnceCell<Option<String>>>,
    shared: Option<aws_config::SdkConfig>,
    region: String,
    limiter: Arc<Limiter>,
    max_retries: u32,
    default_tags: Arc<crate::tags::DefaultTags>,
}

impl Aws {
    /// Builds the clients: explicit config first, then the standard AWS chain.
    pub async fn from_config(cfg: &ProviderConfig) -> Result<Self, String> {
        // A plain-HTTP endpoint (a local emulator) needs no TLS: it is spared loading the
        // system's root certificates, a few milliseconds of file reads and parsing.
        let plain_http = cfg
            .endpoint
            .as_deref()
            .is_some_and(|e| e.to_ascii_lowercase().starts_with("http://"));
        let http = if plain_http {
            HttpBuilder::new().build_http()
        } else {
            HttpBuilder::new()
                .tls_provider(tls::Provider::Rustls(
                    tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https()
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http);
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
        // Retries are ours (see `call`): the SDK's would retry hard quotas and skip the limiter.
        loader = loader.retry_config(RetryConfig::disabled()).timeout_config(
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
            idp: idp_client(&shared),
            identity: identity_client(&shared),
            sts: Some(sts_client(&shared)),
            account: Default::default(),
            shared: Some(shared),
            region,
            limiter: Arc::new(Limiter::new(cfg.quota_scale.unwrap_or(1.0))),
            max_retries: cfg.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            default_tags: Arc::new(cfg.default_tags(false)),
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
            limiter: Arc::new(Limiter::new(0.0)),
            max_retries: 0,
            default_tags: Default::default(),
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
        let conf = shared
            .to_builder()
            .region(Region::new(r.to_string()))
            .build();
        Self {
            idp: idp_client(&conf),
            identity: identity_client(&conf),
            sts: self.sts.clone(),
            account: self.account.clone(),
            shared: Some(conf),
            region: r.to_string(),
            limiter: self.limiter.clone(),
            max_retries: self.max_retries,
            default_tags: self.default_tags.clone(),
        }
    }

    /// The same clients with another retry budget and quota scale (tests).
    pub fn with_policy(mut self, max_retries: u32, quota_scale: f64) -> Self {
        self.max_retries = max_retries;
        self.limiter = Arc::new(Limiter::new(quota_scale));
        self
    }

    /// The same clients with other default tags (Configure, when they are unknown; tests).
    pub fn with_default_tags(mut self, tags: crate::tags::DefaultTags) -> Self {
        self.default_tags = Arc::new(tags);
        self
    }

    /// The provider's default tags (`defaultTags`), for taggable resources' `tagsAll`.
    pub fn default_tags(&self) -> &Arc<crate::tags::DefaultTags> {
        &self.default_tags
    }

    /// Sends one AWS request: waits for a slot of its quota category (and of user pool
    /// `pool` where AWS limits per pool), then retries throttling, transient faults and
    /// conflicts with capped exponential backoff and jitter. Hard quotas and validation
    /// errors return at once.
    pub async fn call<T, E, Fut>(
        &self,
        operation: &'static str,
        pool: Option<&str>,
        mut send: impl FnMut() -> Fut,
    ) -> Result<T, AwsError>
    where
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let mut attempt = 0;
        loop {
            let paced = Instant::now();
            self.limiter.acquire(operation, pool).await;
            stats::add_paced(paced.elapsed());
            let err = match send().await {
                Ok(v) => return Ok(v),
                Err(e) => AwsError::from_sdk(operation, e),
            };
            if err.ambiguous && !idempotent(operation) {
                return Err(AwsError {
                    message: format!(
                        "{} — the request may have reached AWS, so it was not retried (a retry could create a duplicate); run `pulumi refresh` or check for an orphaned resource before retrying",
                        err.message
                    ),
                    ..err
                });
            }
            if !err.kind.retryable() || attempt >= self.max_retries {
                return Err(err);
            }
            attempt += 1;
            let wait = backoff(attempt);
            tracing::debug!(operation, attempt, kind = ?err.kind, wait_ms = wait.as_millis() as u64, "retrying");
            pause(wait).await;
        }
    }

    /// Sends a create that must not happen twice. After an ambiguous failure (the request
    /// may have reached AWS but no answer came back), asks `find` which resources of that
    /// name were created since just before the first attempt: one is adopted, none means AWS
    /// never saw the request and it is sent again, several is an error that names them.
    pub async fn create<T, E, Fut, FFut>(
        &self,
        operation: &'static str,
        pool: Option<&str>,
        mut send: impl FnMut() -> Fut,
        mut find: impl FnMut(aws_smithy_types::DateTime) -> FFut,
    ) -> Result<Created<T>, AwsError>
    where
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        FFut: Future<Output = Result<Vec<String>, AwsError>>,
    {
        // A minute's margin for clock skew between this machine and AWS.
        let since = aws_smithy_types::DateTime::from(
            std::time::SystemTime::now() - Duration::from_secs(60),
        );
        let mut attempt = 0;
        loop {
            match self.call(operation, pool, &mut send).await {
                Ok(v) => return Ok(Created::New(v)),
                Err(e) if e.ambiguous && attempt < self.max_retries => {
                    attempt += 1;
                    pause(backoff(attempt)).await;
                    let mut ids = find(since).await?;
                    match ids.len() {
                        0 => continue,
                        1 => return Ok(Created::Adopted(ids.remove(0))),
                        _ => {
                            return Err(AwsError {
                                kind: ErrorKind::Other,
                                message: format!(
                                    "{}; after it, AWS holds several new resources of that name ({}): delete the ones you do not want",
                                    e.message,
                                    ids.join(", ")
                                ),
                                ..e
                            })
                        }
                    }
                }
                Err(e) => return Err(e),
            }
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

/// Sleeps for a retry's backoff, counted as time spent pacing AWS calls ([`stats`]).
async fn pause(wait: Duration) {
    let t = Instant::now();
    tokio::time::sleep(wait).await;
    stats::add_paced(t.elapsed());
}

/// The user pools client for `conf`, timed when [`stats`] are on.
fn idp_client(conf: &aws_config::SdkConfig) -> aws_sdk_cognitoidentityprovider::Client {
    let mut b = aws_sdk_cognitoidentityprovider::config::Builder::from(conf);
    if stats::enabled() {
        b = b.interceptor(WireTimer);
    }
    aws_sdk_cognitoidentityprovider::Client::from_conf(b.build())
}

/// The identity pools client for `conf`, timed when [`stats`] are on.
fn identity_client(conf: &aws_config::SdkConfig) -> aws_sdk_cognitoidentity::Client {
    let mut b = aws_sdk_cognitoidentity::config::Builder::from(conf);
    if stats::enabled() {
        b = b.interceptor(WireTimer);
    }
    aws_sdk_cognitoidentity::Client::from_conf(b.build())
}

/// The STS client for `conf`, timed when [`stats`] are on.
fn sts_client(conf: &aws_config::SdkConfig) -> aws_sdk_sts::Client {
    let mut b = aws_sdk_sts::config::Builder::from(conf);
    if stats::enabled() {
        b = b.interceptor(WireTimer);
    }
    aws_sdk_sts::Client::from_conf(b.build())
}

/// Reports to [`stats::add_wire`] the time from handing a signed request to the HTTP client
/// until the answer's head is back (or the attempt failed without one). Reading the answer's
/// body and deserializing it count as the provider's own time.
#[derive(Debug)]
struct WireTimer;

/// When the current attempt's request was handed to the HTTP client.
#[derive(Debug, Clone)]
struct SentAt(Instant);

impl Storable for SentAt {
    type Storer = StoreReplace<Self>;
}

impl WireTimer {
    fn answered(cfg: &mut ConfigBag) {
        if let Some(t) = cfg.load::<SentAt>().map(|s| s.0) {
            stats::add_wire(t.elapsed());
            cfg.interceptor_state().unset::<SentAt>();
        }
    }
}

impl Intercept for WireTimer {
    fn name(&self) -> &'static str {
        "WireTimer"
    }

    fn read_before_transmit(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(SentAt(Instant::now()));
        Ok(())
    }

    fn read_before_deserialization(
        &self,
        _ctx: &BeforeDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        Self::answered(cfg);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        _ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // Transmission failed (no answer came back): the time until now was still AWS's.
        Self::answered(cfg);
        Ok(())
    }
}

/// What [`Aws::create`] did.
pub enum Created<T> {
    /// AWS answered the create.
    New(T),
    /// The answer was lost; this resource, created by it, was found.
    Adopted(String),
}

/// Retries after the first attempt unless `cognito:maxRetries` says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 8;

/// True for operations that are safe to repeat after an ambiguous failure; creates
/// (`Create*`, `AdminCreateUser`) are not.
pub fn idempotent(operation: &str) -> bool {
    !operation.starts_with("Create") && operation != "AdminCreateUser"
}

/// Capped exponential backoff with jitter: 100 ms × 2^(attempt-1), at most 20 s, then a
/// random half to the full value.
pub fn backoff(attempt: u32) -> Duration {
    let base = (0.1 * 2f64.powi(attempt.saturating_sub(1).min(16) as i32)).min(20.0);
    Duration::from_secs_f64(base * (0.5 + rand::random::<f64>() * 0.5))
}

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

/// What a resource makes of an AWS call's result when "not found" is an answer, not an
/// error: Read's "gone" and Delete's "already gone".
pub trait NotFoundIsAnswer<T> {
    /// `Ok(None)` when AWS did not find the thing (or its parent).
    fn found(self) -> Result<Option<T>, AwsError>;
    /// `Ok(())` when the call succeeded or the thing was already gone (for deletes).
    fn or_gone(self) -> Result<(), crate::error::ProviderError>;
}

impl<T> NotFoundIsAnswer<T> for Result<T, AwsError> {
    fn found(self) -> Result<Option<T>, AwsError> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn or_gone(self) -> Result<(), crate::error::ProviderError> {
        match self {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
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
    /// True when the request may have reached AWS although no answer came back (a reset
    /// or timeout after sending), so retrying a create could make a duplicate.
    pub ambiguous: bool,
}

impl ErrorKind {
    /// True for failures that may pass on a later attempt.
    pub fn retryable(self) -> bool {
        matches!(self, Self::Throttled | Self::Transient | Self::Conflict)
    }
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
    pub fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let context = |err: &SdkError<E, HttpResponse>| {
            format!(
                "{}",
                aws_smithy_types::error::display::DisplayErrorContext(err)
            )
        };
        match &err {
            SdkError::ServiceError(se) => {
                let e = se.err();
                let status = se.raw().status().as_u16();
                let code = e.code().map(str::to_string);
                let kind = match code.as_deref().map(classify) {
                    Some(k) if k != ErrorKind::Other => k,
                    _ if status == 429 => ErrorKind::Throttled,
                    _ if status >= 500 => ErrorKind::Transient,
                    _ => ErrorKind::Other,
                };
                Self {
                    kind,
                    operation,
                    message: e
                        .message()
                        .map_or_else(|| format!("HTTP {status}"), str::to_string),
                    code,
                    ambiguous: false,
                }
            }
            SdkError::ResponseError(r) => {
                let status = r.raw().status().as_u16();
                Self {
                    kind: if status == 429 {
                        ErrorKind::Throttled
                    } else if status >= 500 {
                        ErrorKind::Transient
                    } else {
                        ErrorKind::Other
                    },
                    operation,
                    code: None,
                    message: context(&err),
                    // A response came back but could not be read: it may have succeeded.
                    ambiguous: status < 400,
                }
            }
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
                let message = context(&err);
                // A failure to connect never reached AWS; anything later might have.
                let connect =
                    message.contains("(Connect)") || message.contains("Connection refused");
                Self {
                    kind: ErrorKind::Transient,
                    operation,
                    code: None,
                    ambiguous: !connect,
                    message,
                }
            }
            _ => Self {
                kind: ErrorKind::Other,
                operation,
                code: err.code().map(str::to_string),
                message: context(&err),
                ambiguous: false,
            },
        }
    }

    /// True for a not-found error.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
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
    fn creates_are_not_idempotent() {
        assert!(!idempotent("CreateUserPool") && !idempotent("AdminCreateUser"));
        assert!(
            idempotent("DescribeUserPool")
                && idempotent("UpdateUserPoolClient")
                && idempotent("DeleteIdentityPool")
                && idempotent("AdminAddUserToGroup")
        );
        assert!(backoff(1) <= Duration::from_millis(100) && backoff(30) <= Duration::from_secs(20));
    }

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
