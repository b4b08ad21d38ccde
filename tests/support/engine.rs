//! An in-process engine stand-in: serves the provider on a loopback port and drives it
//! through the generated gRPC client, the way the Pulumi engine does.

use pulumi_cognito::codec::{self, Props};
use pulumi_cognito::pulumirpc::{self as rpc, resource_provider_client::ResourceProviderClient};
use pulumi_cognito::server::{serve, Provider};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;

/// A running provider plus a client connected to it.
pub struct Engine {
    /// The gRPC client.
    pub client: ResourceProviderClient<Channel>,
    /// Cancels the server.
    pub cancel: CancellationToken,
}

/// Builds a protobuf `Struct` from a JSON object (secrets as `{"$secret": v}` markers are not used;
/// build wrappers explicitly with [`secret`]).
pub fn pb(v: Value) -> Option<prost_types::Struct> {
    match codec::to_pb(&v).kind {
        Some(prost_types::value::Kind::StructValue(s)) => Some(s),
        _ => panic!("not an object: {v}"),
    }
}

/// A bag as Check and Diff carry it: the `Struct`'s encoded bytes (see
/// `proto/pulumi/provider.proto`).
pub fn wire(s: &Option<prost_types::Struct>) -> bytes::Bytes {
    s.as_ref()
        .map(|s| prost::Message::encode_to_vec(s).into())
        .unwrap_or_default()
}

/// A bag Check answers with, as a `Struct`.
pub fn unwire(b: &[u8]) -> Option<prost_types::Struct> {
    Some(prost::Message::decode(b).expect("an encoded Struct"))
}

/// A JSON secret wrapper as the engine sends it.
pub fn secret(v: Value) -> Value {
    json!({codec::SIG_KEY: codec::SECRET_SIG, "value": v})
}

/// Decodes a response struct into plain JSON plus markers.
pub fn decode(s: &Option<prost_types::Struct>) -> Props {
    s.as_ref().map(codec::decode).unwrap_or_default()
}

/// The URN of a resource of type `ty` named `name`.
pub fn urn(ty: &str, name: &str) -> String {
    format!("urn:pulumi:test::proj::{ty}::{name}")
}

impl Engine {
    /// Starts a provider and configures it against `endpoint` (moto).
    pub async fn start(endpoint: &str) -> Engine {
        let e = Self::unconfigured().await;
        let mut c = e.client.clone();
        c.configure(rpc::ConfigureRequest {
            args: pb(json!({
                "region": "us-east-1",
                "endpoint": endpoint,
                "accessKey": "testing",
                "secretKey": secret(json!("testing")),
                "maxRetries": 0,
            })),
            accept_secrets: true,
            ..Default::default()
        })
        .await
        .expect("configure");
        e
    }

    /// Starts a provider without configuring it.
    pub async fn unconfigured() -> Engine {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let cancel = CancellationToken::new();
        let stop = cancel.clone();
        tokio::spawn(async move {
            serve(listener, Provider::new(stop.clone()), async move {
                stop.cancelled().await
            })
            .await
        });
        let client = ResourceProviderClient::connect(format!("http://127.0.0.1:{port}"))
            .await
            .unwrap()
            .max_decoding_message_size(64 << 20);
        Engine { client, cancel }
    }

    /// Check: returns the checked inputs (as a struct) and the failures as (property, reason).
    pub async fn check(
        &mut self,
        ty: &str,
        name: &str,
        olds: Value,
        news: Value,
    ) -> (Option<prost_types::Struct>, Vec<(String, String)>) {
        let r = self
            .client
            .check(rpc::CheckRequest {
                urn: urn(ty, name),
                name: name.into(),
                r#type: ty.into(),
                olds: wire(&pb(olds)),
                news: wire(&pb(news)),
                random_seed: name.as_bytes().to_vec(),
                ..Default::default()
            })
            .await
            .expect("check")
            .into_inner();
        (
            unwire(&r.inputs),
            r.failures
                .into_iter()
                .map(|f| (f.property, f.reason))
                .collect(),
        )
    }

    /// Check that must pass; returns the checked inputs.
    pub async fn checked(
        &mut self,
        ty: &str,
        name: &str,
        news: Value,
    ) -> Option<prost_types::Struct> {
        let (inputs, failures) = self.check(ty, name, json!({}), news).await;
        assert!(
            failures.is_empty(),
            "unexpected check failures: {failures:?}"
        );
        inputs
    }

    /// Diff of old inputs against new inputs.
    pub async fn diff(
        &mut self,
        ty: &str,
        name: &str,
        id: &str,
        old: &Option<prost_types::Struct>,
        new: &Option<prost_types::Struct>,
    ) -> rpc::DiffResponse {
        self.client
            .diff(rpc::DiffRequest {
                id: id.into(),
                urn: urn(ty, name),
                r#type: ty.into(),
                name: name.into(),
                olds: wire(old),
                old_inputs: old.as_ref().map(|_| wire(old)),
                news: wire(new),
                ..Default::default()
            })
            .await
            .expect("diff")
            .into_inner()
    }

    /// Create (not preview); returns id and output properties.
    pub async fn create(
        &mut self,
        ty: &str,
        name: &str,
        inputs: &Option<prost_types::Struct>,
    ) -> Result<(String, Option<prost_types::Struct>), tonic::Status> {
        self.client
            .create(rpc::CreateRequest {
                urn: urn(ty, name),
                r#type: ty.into(),
                name: name.into(),
                properties: inputs.clone(),
                timeout: 300.0,
                ..Default::default()
            })
            .await
            .map(|r| {
                let r = r.into_inner();
                (r.id, r.properties)
            })
    }

    /// Read: `inputs` empty for an import.
    pub async fn read(
        &mut self,
        ty: &str,
        name: &str,
        id: &str,
        inputs: &Option<prost_types::Struct>,
        props: &Option<prost_types::Struct>,
    ) -> rpc::ReadResponse {
        self.client
            .read(rpc::ReadRequest {
                id: id.into(),
                urn: urn(ty, name),
                r#type: ty.into(),
                name: name.into(),
                inputs: inputs.clone(),
                properties: props.clone(),
                ..Default::default()
            })
            .await
            .expect("read")
            .into_inner()
    }

    /// Update (not preview).
    pub async fn update(
        &mut self,
        ty: &str,
        name: &str,
        id: &str,
        old_inputs: &Option<prost_types::Struct>,
        olds: &Option<prost_types::Struct>,
        news: &Option<prost_types::Struct>,
    ) -> Result<Option<prost_types::Struct>, tonic::Status> {
        self.client
            .update(rpc::UpdateRequest {
                id: id.into(),
                urn: urn(ty, name),
                r#type: ty.into(),
                name: name.into(),
                olds: olds.clone(),
                old_inputs: old_inputs.clone(),
                news: news.clone(),
                timeout: 300.0,
                ..Default::default()
            })
            .await
            .map(|r| r.into_inner().properties)
    }

    /// Delete.
    pub async fn delete(
        &mut self,
        ty: &str,
        name: &str,
        id: &str,
        old_inputs: &Option<prost_types::Struct>,
        props: &Option<prost_types::Struct>,
    ) -> Result<(), tonic::Status> {
        self.client
            .delete(rpc::DeleteRequest {
                id: id.into(),
                urn: urn(ty, name),
                r#type: ty.into(),
                name: name.into(),
                old_inputs: old_inputs.clone(),
                properties: props.clone(),
                timeout: 300.0,
                ..Default::default()
            })
            .await
            .map(|_| ())
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Direct SDK clients for checking moto behind the provider's back.
pub async fn sdk(
    endpoint: &str,
) -> (
    aws_sdk_cognitoidentityprovider::Client,
    aws_sdk_cognitoidentity::Client,
) {
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        )
        .load()
        .await;
    (
        aws_sdk_cognitoidentityprovider::Client::new(&conf),
        aws_sdk_cognitoidentity::Client::new(&conf),
    )
}
