//! A small client of the engine's resource monitor, which a component's Construct uses to
//! register the component, its children and the component's outputs
//! (`proto/pulumi/resource.proto`).

use crate::codec::{self, Props};
use crate::pulumirpc::{
    resource_monitor_client::ResourceMonitorClient, RegisterResourceOutputsRequest,
    RegisterResourceRequest, SupportsFeatureRequest,
};
use tonic::transport::Channel;
use tonic::Status;

/// A resource as the monitor registered it.
#[derive(Debug, Clone, Default)]
pub struct Registered {
    /// Its URN.
    pub urn: String,
    /// Its id; `None` while unknown (a resource to be created, in a preview).
    pub id: Option<String>,
    /// Its outputs, markers recorded (unknown in a preview, secrets).
    pub outputs: Props,
}

/// A connection to the resource monitor at `ConstructRequest.monitorEndpoint`.
#[derive(Clone)]
pub struct Monitor {
    client: ResourceMonitorClient<Channel>,
}

impl Monitor {
    /// Connects to the monitor (a `host:port` address, as the engine sends it).
    pub async fn connect(endpoint: &str) -> Result<Self, Status> {
        let uri = if endpoint.contains("://") {
            endpoint.to_string()
        } else {
            format!("http://{endpoint}")
        };
        let channel = Channel::from_shared(uri)
            .map_err(|e| Status::invalid_argument(format!("bad monitor endpoint: {e}")))?
            // Small frames must not wait for Nagle's algorithm (a 40 ms stall per call).
            .tcp_nodelay(true)
            .connect()
            .await
            .map_err(|e| Status::unavailable(format!("cannot reach the resource monitor: {e}")))?;
        let client = ResourceMonitorClient::new(channel)
            .max_decoding_message_size(crate::server::MAX_MESSAGE)
            .max_encoding_message_size(crate::server::MAX_MESSAGE);
        Ok(Self { client })
    }

    /// Whether the monitor supports a feature (`"aliasSpecs"`, `"resourceReferences"`).
    pub async fn supports(&self, feature: &str) -> bool {
        let mut c = self.client.clone();
        c.supports_feature(SupportsFeatureRequest {
            id: feature.to_string(),
        })
        .await
        .map(|r| r.into_inner().has_support)
        .unwrap_or(false)
    }

    /// Registers a resource and waits until the engine has created, updated or kept it.
    /// An empty id in the answer (a resource to be created, in a preview) is unknown.
    pub async fn register(&self, req: RegisterResourceRequest) -> Result<Registered, Status> {
        let mut c = self.client.clone();
        let name = format!("{} {:?}", req.r#type, req.name);
        let r = c
            .register_resource(req)
            .await
            .map_err(|s| Status::new(s.code(), format!("{name}: {}", s.message())))?
            .into_inner();
        Ok(Registered {
            urn: r.urn,
            id: Some(r.id).filter(|id| !id.is_empty()),
            outputs: r.object.as_ref().map(codec::decode).unwrap_or_default(),
        })
    }

    /// Attaches outputs to a component.
    pub async fn register_outputs(&self, urn: &str, outputs: &Props) -> Result<(), Status> {
        let mut c = self.client.clone();
        c.register_resource_outputs(RegisterResourceOutputsRequest {
            urn: urn.to_string(),
            outputs: Some(codec::encode(outputs)),
        })
        .await?;
        Ok(())
    }
}
