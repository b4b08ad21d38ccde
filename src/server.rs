//! The gRPC face of the provider: decodes requests, dispatches to the registry, encodes
//! responses, and maps errors to `Status`. No resource-specific code lives here.

use crate::aws::{Aws, ErrorKind};
use crate::codec::{self, Lazy, PropPath, Props};
use crate::config::ProviderConfig;
use crate::diff::{Change, DiffResult};
use crate::error::ProviderError;
use crate::function::Invoked;
use crate::google_rpc;
use crate::pulumirpc::{
    self as rpc, check_request::autonaming_options::Mode, diff_response::DiffChanges,
    property_diff::Kind, resource_provider_server::ResourceProvider,
};
use crate::resource::{Autonaming, CheckArgs, DynResource, Failure};
use crate::resources::Registry;
use crate::schema;
use bytes::Bytes;
use prost::Message;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tonic::{Code, Request, Response, Status};

type Rpc<T> = Result<Response<T>, Status>;

/// The provider: a registry of resources plus the AWS clients made by Configure.
pub struct Provider {
    registry: Registry,
    functions: crate::functions::Registry,
    aws: RwLock<Option<Arc<Aws>>>,
    cancel: CancellationToken,
    /// Old inputs seen by Check, by URN, as sent (decoded when first needed), for engines
    /// that send no `old_inputs` to Diff and Update (Pulumi before 3.7x sends only the old
    /// outputs there).
    old_inputs: Mutex<HashMap<String, Arc<Lazy>>>,
}

impl Provider {
    /// A provider that is not configured yet.
    pub fn new(cancel: CancellationToken) -> Self {
        Self {
            registry: Registry::new(),
            functions: crate::functions::Registry::new(),
            aws: RwLock::new(None),
            cancel,
            old_inputs: Mutex::new(HashMap::new()),
        }
    }

    /// A provider that uses ready-made AWS clients (tests).
    pub fn with_aws(aws: Aws) -> Self {
        let p = Self::new(CancellationToken::new());
        *p.aws.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(aws));
        p
    }

    fn aws(&self) -> Result<Arc<Aws>, Status> {
        self.aws
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| to_status(ProviderError::NotConfigured))
    }

    /// The old inputs of a Diff or Update: the engine's, else those Check saw, else those
    /// `olds` gives (the caller's fallback, from the old outputs, which hold every input).
    fn old_inputs(
        &self,
        urn: &str,
        old_inputs: Option<Bytes>,
        olds: impl FnOnce() -> Result<Lazy, Status>,
    ) -> Result<Arc<Lazy>, Status> {
        match (old_inputs, self.checked_olds(urn)) {
            // The engine sent old inputs, and they are what Check saw:
            // the cached bag knows more about them.
            (Some(o), Some(c)) if c.same_as(&o) => Ok(c),
            (Some(o), _) => Ok(Arc::new(lazy(o, "old_inputs")?)),
            (None, Some(c)) => Ok(c),
            (None, None) => Ok(Arc::new(olds()?)),
        }
    }

    /// The old inputs Check saw for `urn`, if it saw any.
    fn checked_olds(&self, urn: &str) -> Option<Arc<Lazy>> {
        self.old_inputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(urn)
            .cloned()
    }

    fn resource(&self, ty: &str, urn: &str) -> Result<&dyn DynResource, Status> {
        let token = if ty.is_empty() { urn_parts(urn).0 } else { ty };
        self.registry
            .get(token)
            .ok_or_else(|| Status::invalid_argument(format!("unknown resource type {token:?}")))
    }

    /// Runs an operation under the engine's timeout and the provider's cancellation.
    async fn run<T>(
        &self,
        what: &str,
        urn: &str,
        timeout: f64,
        fut: impl Future<Output = Result<T, ProviderError>>,
    ) -> Result<T, Status> {
        // Resources that wait see the deadline and report progress on the URN.
        let fut = crate::progress::scope(urn, timeout, fut);
        let timed = async {
            if timeout > 0.0 && timeout.is_finite() {
                tokio::time::timeout(Duration::from_secs_f64(timeout), fut)
                    .await
                    .unwrap_or_else(|_| Err(ProviderError::Timeout(what.to_string())))
            } else {
                fut.await
            }
        };
        tokio::select! {
            r = timed => r.map_err(to_status),
            _ = self.cancel.cancelled() => Err(to_status(ProviderError::Cancelled)),
        }
    }
}

/// Splits a URN into its resource type and name.
fn urn_parts(urn: &str) -> (&str, &str) {
    let mut parts = urn.split("::");
    let ty = parts
        .nth(2)
        .map_or("", |t| t.rsplit('$').next().unwrap_or(t));
    let name = parts.next().unwrap_or("");
    (ty, name)
}

fn props(s: Option<prost_types::Struct>) -> Props {
    s.as_ref().map(codec::decode).unwrap_or_default()
}

/// Decodes a property bag that our protocol definition declares as bytes (see
/// `proto/pulumi/provider.proto`); `field` names it in the error.
fn sent(b: &[u8], field: &str) -> Result<Props, Status> {
    codec::decode_bytes(b).map_err(|e| malformed(field, e))
}

/// Keeps a property bag declared as bytes undecoded, once it is known to be one.
fn lazy(b: Bytes, field: &str) -> Result<Lazy, Status> {
    Lazy::new(b).map_err(|e| malformed(field, e))
}

fn malformed(field: &str, e: codec::wire::WireError) -> Status {
    Status::invalid_argument(format!("malformed {field}: {e}"))
}

fn encode(p: Props) -> Option<prost_types::Struct> {
    Some(codec::encode_owned(p))
}

fn failures(f: Vec<Failure>) -> Vec<rpc::CheckFailure> {
    f.into_iter()
        .map(|f| rpc::CheckFailure {
            property: f.property,
            reason: f.reason,
        })
        .collect()
}

/// Maps a provider error to a gRPC status; partial creates carry `ErrorResourceInitFailed`.
pub fn to_status(e: ProviderError) -> Status {
    let msg = e.to_string();
    let code = match &e {
        ProviderError::InvalidArgument(_) => Code::InvalidArgument,
        ProviderError::NotConfigured => Code::FailedPrecondition,
        ProviderError::Timeout(_) => Code::DeadlineExceeded,
        ProviderError::Cancelled => Code::Cancelled,
        ProviderError::Aws(a) => match a.kind {
            ErrorKind::NotFound => Code::NotFound,
            ErrorKind::Throttled | ErrorKind::LimitExceeded => Code::ResourceExhausted,
            ErrorKind::Invalid => Code::InvalidArgument,
            ErrorKind::Conflict => Code::Aborted,
            ErrorKind::Transient => Code::Unavailable,
            ErrorKind::Other => Code::Unknown,
        },
        ProviderError::InitFailed(_) => Code::Unknown,
    };
    if let ProviderError::InitFailed(f) = e {
        let detail = rpc::ErrorResourceInitFailed {
            id: f.id,
            properties: encode(f.outputs),
            reasons: f.reasons,
            inputs: encode(f.inputs),
            refresh_before_update: false,
        };
        let any = prost_types::Any {
            type_url: "type.googleapis.com/pulumirpc.ErrorResourceInitFailed".into(),
            value: detail.encode_to_vec(),
        };
        let st = google_rpc::Status {
            code: code as i32,
            message: msg.clone(),
            details: vec![any],
        };
        return Status::with_details(code, msg, st.encode_to_vec().into());
    }
    Status::new(code, msg)
}

fn diff_response(d: DiffResult) -> rpc::DiffResponse {
    let detailed_diff = d
        .diffs
        .iter()
        .map(|p| {
            let kind = match (p.change, p.replace) {
                (Change::Add, false) => Kind::Add,
                (Change::Add, true) => Kind::AddReplace,
                (Change::Update, false) => Kind::Update,
                (Change::Update, true) => Kind::UpdateReplace,
                (Change::Delete, false) => Kind::Delete,
                (Change::Delete, true) => Kind::DeleteReplace,
            };
            (
                p.path.to_string(),
                rpc::PropertyDiff {
                    kind: kind as i32,
                    input_diff: true,
                },
            )
        })
        .collect();
    rpc::DiffResponse {
        replaces: d.replaces(),
        stables: vec![],
        delete_before_replace: d.delete_before_replace,
        changes: if d.changed() {
            DiffChanges::DiffSome
        } else {
            DiffChanges::DiffNone
        } as i32,
        diffs: d.changed_keys(),
        detailed_diff,
        has_detailed_diff: true,
    }
}

fn ignore_paths(v: &[String]) -> Vec<PropPath> {
    v.iter().filter_map(|s| PropPath::parse(s)).collect()
}

fn config_failures(news: &Props) -> (Option<ProviderConfig>, Vec<Failure>) {
    match ProviderConfig::from_map(news.value.clone()) {
        Err(e) => (None, vec![Failure::new("", e)]),
        Ok(c) => {
            let env = |k: &str| std::env::var(k).map(|v| !v.is_empty()).unwrap_or(false);
            let region_known = c.region.is_some()
                || news.unknowns.contains(&PropPath::key("region"))
                || c.profile.is_some()
                || env("AWS_REGION")
                || env("AWS_DEFAULT_REGION")
                || env("AWS_PROFILE");
            let mut f = Vec::new();
            // The default tags are tags of every taggable resource: AWS's rules apply.
            let mut tags = crate::validate::Checker::default();
            let path = PropPath::key("defaultTags").child("tags");
            let default_tags = c.default_tags.as_ref().and_then(|d| d.tags.as_ref());
            crate::tags::check(&mut tags, default_tags, &path);
            f.extend(tags.done());
            if !region_known {
                f.push(Failure::new(
                    "region",
                    "missing required configuration cognito:region: set it with `pulumi config set cognito:region <region>` or set AWS_REGION",
                ));
            }
            (Some(c), f)
        }
    }
}

#[tonic::async_trait]
impl ResourceProvider for Provider {
    async fn handshake(
        &self,
        _r: Request<rpc::ProviderHandshakeRequest>,
    ) -> Rpc<rpc::ProviderHandshakeResponse> {
        Ok(Response::new(rpc::ProviderHandshakeResponse {
            accept_secrets: true,
            accept_resources: false,
            accept_outputs: false,
            supports_autonaming_configuration: true,
            accepts_byte_string: false,
        }))
    }

    async fn parameterize(
        &self,
        _r: Request<rpc::ParameterizeRequest>,
    ) -> Rpc<rpc::ParameterizeResponse> {
        Err(Status::unimplemented(
            "the cognito provider takes no parameters",
        ))
    }

    async fn get_schema(&self, r: Request<rpc::GetSchemaRequest>) -> Rpc<rpc::GetSchemaResponse> {
        if !r.get_ref().subpackage_name.is_empty() {
            return Err(Status::not_found("the cognito provider has no subpackages"));
        }
        Ok(Response::new(rpc::GetSchemaResponse {
            schema: schema::SCHEMA_JSON.to_string(),
        }))
    }

    async fn check_config(&self, r: Request<rpc::CheckRequest>) -> Rpc<rpc::CheckResponse> {
        let r = r.into_inner();
        let news = sent(&r.news, "news")?;
        let (_, f) = config_failures(&news);
        Ok(Response::new(rpc::CheckResponse {
            inputs: r.news,
            failures: failures(f),
        }))
    }

    async fn diff_config(&self, r: Request<rpc::DiffRequest>) -> Rpc<rpc::DiffResponse> {
        let r = r.into_inner();
        let mut olds = match r.old_inputs {
            Some(o) => sent(&o, "old_inputs")?,
            None => sent(&r.olds, "olds")?,
        };
        let mut news = sent(&r.news, "news")?;
        for p in [&mut olds, &mut news] {
            p.value.remove("version");
        }
        let d = crate::diff::diff(
            &olds,
            &news,
            &[],
            &ignore_paths(&r.ignore_changes),
            &[],
            crate::diff::no_hook,
        );
        Ok(Response::new(diff_response(d)))
    }

    async fn configure(&self, r: Request<rpc::ConfigureRequest>) -> Rpc<rpc::ConfigureResponse> {
        let r = r.into_inner();
        let args = props(r.args);
        let unknown_tags = args.touches_unknown(&PropPath::key("defaultTags"));
        let cfg = if args.value.is_empty() && args.unknowns.is_empty() {
            ProviderConfig::from_variables(&r.variables)
        } else {
            ProviderConfig::from_map(args.value)
        }
        .map_err(Status::invalid_argument)?;
        let aws = Aws::from_config(&cfg)
            .await
            .map_err(Status::invalid_argument)?
            .with_default_tags(cfg.default_tags(unknown_tags));
        tracing::debug!(region = aws.region(), "configured");
        *self.aws.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(aws));
        Ok(Response::new(rpc::ConfigureResponse {
            accept_secrets: true,
            supports_preview: true,
            accept_resources: false,
            accept_outputs: false,
            supports_autonaming_configuration: true,
        }))
    }

    async fn invoke(&self, r: Request<rpc::InvokeRequest>) -> Rpc<rpc::InvokeResponse> {
        let r = r.into_inner();
        let f = self
            .functions
            .get(&r.tok)
            .ok_or_else(|| Status::invalid_argument(format!("unknown function {:?}", r.tok)))?;
        let aws = self.aws.read().unwrap_or_else(|e| e.into_inner()).clone();
        let out = self
            .run("invoke", "", 0.0, f.invoke(aws.as_deref(), props(r.args)))
            .await?;
        tracing::debug!(tok = %r.tok, "invoke");
        Ok(Response::new(match out {
            Invoked::Return(p) => rpc::InvokeResponse {
                r#return: encode(p),
                failures: vec![],
            },
            Invoked::Failures(f) => rpc::InvokeResponse {
                r#return: None,
                failures: failures(f),
            },
        }))
    }

    async fn call(&self, _r: Request<rpc::CallRequest>) -> Rpc<rpc::CallResponse> {
        Err(Status::unimplemented(
            "the cognito provider has no methods to call",
        ))
    }

    async fn check(&self, r: Request<rpc::CheckRequest>) -> Rpc<rpc::CheckResponse> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let name = if r.name.is_empty() {
            urn_parts(&r.urn).1.to_string()
        } else {
            r.name.clone()
        };
        let autonaming = match &r.autonaming {
            None => Autonaming::Default,
            Some(a) => match a.mode() {
                Mode::Propose => Autonaming::Propose(a.proposed_name.clone()),
                Mode::Enforce => Autonaming::Enforce(a.proposed_name.clone()),
                Mode::Disable => Autonaming::Disable,
            },
        };
        let default_tags = match &*self.aws.read().unwrap_or_else(|e| e.into_inner()) {
            Some(aws) => aws.default_tags().clone(),
            None => Default::default(),
        };
        let args = CheckArgs {
            name,
            olds: r.olds,
            seed: r.random_seed,
            autonaming,
            default_tags,
        };
        let mut checked = res
            .check(&args, &r.news)
            .map_err(|e| malformed("news", e))?;
        // Old inputs that come out as the checked ones (every `up` without changes) need no
        // reading of their own, cannot break a rule about changes, and are kept for Diff as
        // the checked bytes. Others are checked in full and kept in a buffer of their own (as
        // decoded, the bytes share, and would keep alive, the whole request buffer), and an
        // update answers to the resource's rules about changes.
        let (olds, same) =
            Lazy::same_or_new(&args.olds, &checked.sent).map_err(|e| malformed("olds", e))?;
        if !olds.is_empty() {
            if !same {
                let more = res.check_change(olds.props(), &checked.props());
                checked.failures.extend(more);
            }
            self.old_inputs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(r.urn.clone(), Arc::new(olds));
        }
        tracing::debug!(urn = %r.urn, failures = checked.failures.len(), "check");
        Ok(Response::new(rpc::CheckResponse {
            inputs: checked.sent,
            failures: failures(checked.failures),
        }))
    }

    async fn diff(&self, r: Request<rpc::DiffRequest>) -> Rpc<rpc::DiffResponse> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let olds = r.olds;
        let old = self.old_inputs(&r.urn, r.old_inputs, || {
            Ok(Lazy::from(res.inputs_in_state(sent(&olds, "olds")?)))
        })?;
        // Inputs the same as the old ones, maps in any order (every `up` without changes),
        // cannot differ.
        let d = if old.same_as(&r.news) {
            DiffResult::default()
        } else {
            res.diff(
                old.props(),
                &sent(&r.news, "news")?,
                &ignore_paths(&r.ignore_changes),
            )
        };
        tracing::debug!(urn = %r.urn, changes = d.diffs.len(), "diff");
        Ok(Response::new(diff_response(d)))
    }

    async fn create(&self, r: Request<rpc::CreateRequest>) -> Rpc<rpc::CreateResponse> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let aws = if r.preview { None } else { Some(self.aws()?) };
        let (id, out) = self
            .run(
                "create",
                &r.urn,
                r.timeout,
                res.create(aws.as_deref(), props(r.properties), r.preview),
            )
            .await?;
        tracing::debug!(urn = %r.urn, %id, preview = r.preview, "create");
        Ok(Response::new(rpc::CreateResponse {
            id,
            properties: encode(out),
            refresh_before_update: false,
        }))
    }

    async fn read(&self, r: Request<rpc::ReadRequest>) -> Rpc<rpc::ReadResponse> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let aws = self.aws()?;
        let found = self
            .run(
                "read",
                &r.urn,
                r.timeout,
                res.read(&aws, &r.id, props(r.inputs), props(r.properties)),
            )
            .await?;
        tracing::debug!(urn = %r.urn, id = %r.id, found = found.is_some(), "read");
        Ok(Response::new(match found {
            None => rpc::ReadResponse::default(),
            Some(f) => rpc::ReadResponse {
                id: f.id,
                properties: encode(f.outputs),
                inputs: encode(f.inputs),
                refresh_before_update: false,
            },
        }))
    }

    type ListStream = tokio_stream::Empty<Result<rpc::ListResponse, Status>>;

    async fn list(&self, _r: Request<rpc::ListRequest>) -> Rpc<Self::ListStream> {
        Err(Status::unimplemented(
            "the cognito provider does not support List",
        ))
    }

    async fn update(&self, r: Request<rpc::UpdateRequest>) -> Rpc<rpc::UpdateResponse> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let aws = if r.preview { None } else { Some(self.aws()?) };
        let olds = props(r.olds);
        let old_inputs = match &r.old_inputs {
            Some(o) => codec::decode(o),
            // Update compares nothing, so the fallback needs no encoded form.
            None => match self.checked_olds(&r.urn) {
                Some(c) => c.props().clone(),
                None => res.inputs_in_state(olds.clone()),
            },
        };
        let out = self
            .run(
                "update",
                &r.urn,
                r.timeout,
                res.update(
                    aws.as_deref(),
                    &r.id,
                    old_inputs,
                    olds,
                    props(r.news),
                    r.preview,
                ),
            )
            .await?;
        tracing::debug!(urn = %r.urn, id = %r.id, preview = r.preview, "update");
        Ok(Response::new(rpc::UpdateResponse {
            properties: encode(out),
            refresh_before_update: false,
        }))
    }

    async fn delete(&self, r: Request<rpc::DeleteRequest>) -> Rpc<()> {
        let r = r.into_inner();
        let res = self.resource(&r.r#type, &r.urn)?;
        let aws = self.aws()?;
        self.run(
            "delete",
            &r.urn,
            r.timeout,
            res.delete(&aws, &r.id, props(r.old_inputs), props(r.properties)),
        )
        .await?;
        tracing::debug!(urn = %r.urn, id = %r.id, "delete");
        Ok(Response::new(()))
    }

    async fn construct(&self, r: Request<rpc::ConstructRequest>) -> Rpc<rpc::ConstructResponse> {
        // Components (`crate::component`) register their children with the engine's monitor.
        tokio::select! {
            r = crate::component::construct(r.into_inner()) => r.map(Response::new),
            _ = self.cancel.cancelled() => Err(to_status(ProviderError::Cancelled)),
        }
    }

    async fn cancel(&self, _r: Request<()>) -> Rpc<()> {
        tracing::debug!("cancel");
        self.cancel.cancel();
        Ok(Response::new(()))
    }

    async fn get_plugin_info(&self, _r: Request<()>) -> Rpc<rpc::PluginInfo> {
        Ok(Response::new(rpc::PluginInfo {
            version: schema::VERSION.to_string(),
        }))
    }

    async fn attach(&self, r: Request<rpc::PluginAttach>) -> Rpc<()> {
        tracing::debug!(address = %r.get_ref().address, "attach");
        Ok(Response::new(()))
    }

    async fn get_mapping(
        &self,
        _r: Request<rpc::GetMappingRequest>,
    ) -> Rpc<rpc::GetMappingResponse> {
        Ok(Response::new(rpc::GetMappingResponse::default()))
    }

    async fn get_mappings(
        &self,
        _r: Request<rpc::GetMappingsRequest>,
    ) -> Rpc<rpc::GetMappingsResponse> {
        Ok(Response::new(rpc::GetMappingsResponse::default()))
    }
}

/// The largest message the server accepts (the engine sends whole states).
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// How long in-flight requests get to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves the provider on a bound listener until `shutdown` resolves; then lets in-flight
/// requests finish for up to [`SHUTDOWN_GRACE`] (idle client connections do not hold it up).
pub async fn serve(
    listener: tokio::net::TcpListener,
    provider: Provider,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), tonic::transport::Error> {
    let svc = rpc::resource_provider_server::ResourceProviderServer::new(provider)
        .max_decoding_message_size(MAX_MESSAGE)
        .max_encoding_message_size(MAX_MESSAGE);
    let stopping = CancellationToken::new();
    let signal = stopping.clone();
    let server = tonic::transport::Server::builder().serve_with_incoming_shutdown(
        crate::stats::wrap(svc),
        // Small gRPC frames must not wait for Nagle's algorithm (a 40 ms stall per RPC).
        tokio_stream::StreamExt::map(
            tokio_stream::wrappers::TcpListenerStream::new(listener),
            |s| s.and_then(|s| s.set_nodelay(true).map(|()| s)),
        ),
        async move {
            shutdown.await;
            signal.cancel();
        },
    );
    tokio::select! {
        r = server => r,
        _ = async { stopping.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {
            tracing::debug!("shutdown grace period over");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urn_parts_handles_parents() {
        let (t, n) = urn_parts("urn:pulumi:dev::proj::my:comp$cognito:index:UserPool::pool");
        assert_eq!((t, n), ("cognito:index:UserPool", "pool"));
        assert_eq!(urn_parts("garbage"), ("", ""));
    }
}
