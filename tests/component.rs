//! The AppAuth component's Construct against an in-process fake of the engine's resource
//! monitor, which records every registration and answers as the engine does (ids empty and
//! outputs unknown in a preview; custom resources' outputs after an update). It checks what
//! no boto3 look can: the component registers itself first with the request's options, its
//! children under it with the request's provider, in dependency order with property
//! dependencies, unknowns and secrets carried through, and the answer's state dependencies.

use pulumi_cognito::codec::{self, PropPath, Props, SECRET_SIG, SIG_KEY, UNKNOWN};
use pulumi_cognito::component;
use pulumi_cognito::pulumirpc::{
    resource_monitor_server::{ResourceMonitor, ResourceMonitorServer},
    ConstructRequest, RegisterResourceOutputsRequest, RegisterResourceRequest,
    RegisterResourceResponse, SupportsFeatureRequest, SupportsFeatureResponse,
};
use serde_json::json;
use std::sync::{Arc, Mutex};
use tonic::{Code, Request, Response, Status};

const PROVIDER: &str = "urn:pulumi:dev::proj::pulumi:providers:cognito::default::abc-123";
const COMPONENT_URN: &str = "urn:pulumi:dev::proj::cognito:index:AppAuth::auth";

#[derive(Default)]
struct Seen {
    registered: Vec<RegisterResourceRequest>,
    outputs: Vec<RegisterResourceOutputsRequest>,
}

#[derive(Clone)]
struct FakeMonitor {
    preview: bool,
    /// Registrations of this type fail, as a failed create does.
    fail: Option<&'static str>,
    seen: Arc<Mutex<Seen>>,
}

#[tonic::async_trait]
impl ResourceMonitor for FakeMonitor {
    async fn supports_feature(
        &self,
        r: Request<SupportsFeatureRequest>,
    ) -> Result<Response<SupportsFeatureResponse>, Status> {
        Ok(Response::new(SupportsFeatureResponse {
            has_support: r.get_ref().id == "aliasSpecs",
        }))
    }

    async fn register_resource(
        &self,
        r: Request<RegisterResourceRequest>,
    ) -> Result<Response<RegisterResourceResponse>, Status> {
        let r = r.into_inner();
        self.seen.lock().unwrap().registered.push(r.clone());
        if self.fail == Some(r.r#type.as_str()) {
            return Err(Status::unknown(
                "GroupExistsException: A group with the name already exists",
            ));
        }
        let urn = if r.custom {
            format!(
                "urn:pulumi:dev::proj::cognito:index:AppAuth${}::{}",
                r.r#type, r.name
            )
        } else {
            COMPONENT_URN.to_string()
        };
        let mut out = r.object.as_ref().map(codec::decode).unwrap_or_default();
        let id = if !r.custom || self.preview {
            String::new()
        } else {
            format!("{}-id", r.name)
        };
        if r.custom && !self.preview {
            match r.r#type.as_str() {
                "cognito:index:UserPool" => {
                    out.value.insert(
                        "endpoint".into(),
                        json!(format!("cognito-idp.eu-west-1.amazonaws.com/{id}")),
                    );
                    out.value.insert(
                        "arn".into(),
                        json!(format!("arn:aws:cognito-idp:eu-west-1:1:userpool/{id}")),
                    );
                }
                "cognito:index:UserPoolClient"
                    if out.value.get("generateSecret") == Some(&json!(true)) =>
                {
                    out.value
                        .insert("clientSecret".into(), json!(format!("{}-secret", r.name)));
                    out.secrets.insert(PropPath::key("clientSecret"));
                }
                "cognito:index:UserPoolDomain" => {}
                _ => {}
            }
        } else if r.custom {
            for k in ["endpoint", "arn", "clientSecret"] {
                out.unknowns.insert(PropPath::key(k));
            }
        }
        Ok(Response::new(RegisterResourceResponse {
            urn,
            id,
            object: Some(codec::encode(&out)),
            ..Default::default()
        }))
    }

    async fn register_resource_outputs(
        &self,
        r: Request<RegisterResourceOutputsRequest>,
    ) -> Result<Response<()>, Status> {
        self.seen.lock().unwrap().outputs.push(r.into_inner());
        Ok(Response::new(()))
    }
}

async fn start(m: FakeMonitor) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tonic::transport::Server::builder().serve_with_incoming(
        ResourceMonitorServer::new(m),
        tokio_stream::wrappers::TcpListenerStream::new(listener),
    ));
    addr.to_string()
}

fn inputs() -> Props {
    let mut p = Props::plain(
        json!({
            "webClient": {"callbackUrls": ["https://app.example.com/cb"]},
            "apiScopes": {"jobs.read": "Read"},
            "machineClients": {"trainer": ["jobs.read"]},
            "domainPrefix": "example-login",
            "groups": {"admins": {"precedence": 1, "roleArn": "arn:aws:iam::123456789012:role/admins"}},
            "identityPool": {"authenticatedRoleArn": "arn:aws:iam::123456789012:role/users"},
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    // The program marked a group's role secret.
    p.secrets
        .insert(PropPath::parse("groups.admins.roleArn").unwrap());
    p
}

async fn construct(
    preview: bool,
    fail: Option<&'static str>,
    inputs: Props,
) -> (
    Result<pulumi_cognito::pulumirpc::ConstructResponse, Status>,
    Seen,
) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let endpoint = start(FakeMonitor {
        preview,
        fail,
        seen: seen.clone(),
    })
    .await;
    let req = ConstructRequest {
        project: "proj".into(),
        stack: "dev".into(),
        dry_run: preview,
        monitor_endpoint: endpoint,
        r#type: "cognito:index:AppAuth".into(),
        name: "auth".into(),
        inputs: Some(codec::encode(&inputs)),
        providers: [("cognito".to_string(), PROVIDER.to_string())].into(),
        dependencies: vec!["urn:pulumi:dev::proj::other:index:Thing::dep".into()],
        protect: Some(true),
        ..Default::default()
    };
    let r = component::construct(req).await;
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    (r, seen)
}

fn bag(r: &RegisterResourceRequest) -> Props {
    r.object.as_ref().map(codec::decode).unwrap_or_default()
}

fn position(seen: &Seen, name: &str) -> usize {
    seen.registered
        .iter()
        .position(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} was not registered"))
}

#[tokio::test]
async fn up_registers_the_component_then_its_children_in_order() {
    let (r, seen) = construct(false, None, inputs()).await;
    let resp = r.expect("construct");
    assert_eq!(resp.urn, COMPONENT_URN);

    // The component first, as a program registers a component, with the request's options.
    let comp = &seen.registered[0];
    assert!(!comp.custom && comp.r#type == "cognito:index:AppAuth" && comp.name == "auth");
    assert_eq!(
        comp.providers.get("cognito").map(String::as_str),
        Some(PROVIDER)
    );
    assert_eq!(comp.protect, Some(true));

    // Every child: custom, under the component, with the request's provider and protection.
    let names: Vec<&str> = seen.registered[1..]
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    for c in &seen.registered[1..] {
        assert!(c.custom, "{}", c.name);
        assert_eq!(c.parent, COMPONENT_URN, "{}", c.name);
        assert_eq!(c.provider, PROVIDER, "{}", c.name);
        assert_eq!(c.protect, Some(true), "{}", c.name);
        assert!(c.accept_secrets && c.alias_specs, "{}", c.name);
        assert!(c
            .dependencies
            .contains(&"urn:pulumi:dev::proj::other:index:Thing::dep".to_string()));
    }
    // Dependency order.
    let pool = position(&seen, "auth-pool");
    assert_eq!(pool, 1);
    for after_pool in ["auth-web", "auth-api", "auth-domain", "auth-group-admins"] {
        assert!(position(&seen, after_pool) > pool);
    }
    assert!(position(&seen, "auth-machine-trainer") > position(&seen, "auth-api"));
    assert!(position(&seen, "auth-identity") > position(&seen, "auth-web"));
    assert!(position(&seen, "auth-identity-roles") > position(&seen, "auth-identity"));

    // Wiring: the web client gets the pool's id, with a property dependency on the pool.
    let pool_urn = "urn:pulumi:dev::proj::cognito:index:AppAuth$cognito:index:UserPool::auth-pool";
    let web = &seen.registered[position(&seen, "auth-web")];
    assert_eq!(bag(web).value["userPoolId"], "auth-pool-id");
    assert_eq!(
        web.property_dependencies["userPoolId"].urns,
        vec![pool_urn.to_string()]
    );
    let roles = bag(&seen.registered[position(&seen, "auth-identity-roles")]);
    assert_eq!(roles.value["identityPoolId"], "auth-identity-id");
    assert_eq!(
        roles.value["roleMappings"][0]["identityProvider"],
        "cognito-idp.eu-west-1.amazonaws.com/auth-pool-id:auth-web-id"
    );
    // The secret role stays secret in the group (the child's input).
    let group = bag(&seen.registered[position(&seen, "auth-group-admins")]);
    assert!(group.secrets.contains(&PropPath::key("roleArn")));

    // The answer and the registered outputs.
    let state = codec::decode(resp.state.as_ref().unwrap());
    assert_eq!(state.value["userPoolId"], "auth-pool-id");
    assert_eq!(
        state.value["issuerUrl"],
        "https://cognito-idp.eu-west-1.amazonaws.com/auth-pool-id"
    );
    assert_eq!(
        state.value["hostedLoginUrl"],
        "https://example-login.auth.eu-west-1.amazoncognito.com"
    );
    assert_eq!(state.value["webClientId"], "auth-web-id");
    assert_eq!(state.value["identityPoolId"], "auth-identity-id");
    assert_eq!(
        state.value["machineClients"],
        json!({"trainer": {"clientId": "auth-machine-trainer-id", "clientSecret": "auth-machine-trainer-secret"}})
    );
    assert!(state.secrets.contains(&PropPath::key("machineClients")));
    // The children as resource references.
    assert_eq!(state.value["userPool"][SIG_KEY], component::RESOURCE_SIG);
    assert_eq!(state.value["userPool"]["urn"], pool_urn);
    assert_eq!(state.value["userPool"]["id"], "auth-pool-id");
    assert_eq!(
        resp.state_dependencies["userPoolId"].urns,
        vec![pool_urn.to_string()]
    );
    assert_eq!(seen.outputs.len(), 1);
    assert_eq!(seen.outputs[0].urn, COMPONENT_URN);
    let raw = seen.outputs[0].outputs.as_ref().unwrap();
    let secret = &raw.fields["machineClients"];
    let Some(prost_types::value::Kind::StructValue(s)) = &secret.kind else {
        panic!("machineClients is not wrapped: {secret:?}")
    };
    assert!(
        matches!(&s.fields[SIG_KEY].kind, Some(prost_types::value::Kind::StringValue(v)) if v == SECRET_SIG)
    );
}

#[tokio::test]
async fn preview_passes_unknowns_through() {
    let (r, seen) = construct(true, None, inputs()).await;
    let resp = r.expect("construct");
    let web = bag(&seen.registered[position(&seen, "auth-web")]);
    assert!(web.unknowns.contains(&PropPath::key("userPoolId")));
    let identity = bag(&seen.registered[position(&seen, "auth-identity")]);
    assert!(identity
        .unknowns
        .contains(&PropPath::key("cognitoIdentityProviders")));
    let state = codec::decode(resp.state.as_ref().unwrap());
    for k in [
        "userPoolId",
        "issuerUrl",
        "webClientId",
        "machineClients",
        "hostedLoginUrl",
    ] {
        assert!(state.unknowns.contains(&PropPath::key(k)), "{k}");
    }
    // The reference's id is the unknown sentinel on the wire.
    assert!(state
        .unknowns
        .contains(&PropPath::parse("userPool.id").unwrap()));
    let Some(prost_types::value::Kind::StructValue(r)) =
        &resp.state.as_ref().unwrap().fields["userPool"].kind
    else {
        panic!("userPool is not a reference")
    };
    assert!(
        matches!(&r.fields["id"].kind, Some(prost_types::value::Kind::StringValue(v)) if v == UNKNOWN)
    );
}

#[tokio::test]
async fn invalid_inputs_register_nothing() {
    let mut p = inputs();
    p.value
        .insert("machineClients".into(), json!({"trainer": ["jobs.write"]}));
    let (r, seen) = construct(false, None, p).await;
    let e = r.expect_err("invalid");
    assert_eq!(e.code(), Code::InvalidArgument);
    assert!(
        e.message().contains("machineClients.trainer"),
        "{}",
        e.message()
    );
    assert!(seen.registered.is_empty());
}

#[tokio::test]
async fn a_child_failure_names_the_child() {
    let (r, seen) = construct(false, Some("cognito:index:UserGroup"), inputs()).await;
    let e = r.expect_err("the group fails");
    assert!(e.message().contains("auth-group-admins"), "{}", e.message());
    assert!(
        e.message().contains("GroupExistsException"),
        "{}",
        e.message()
    );
    // The children that do not wait on the group were registered; nothing after it was.
    assert!(seen.registered.iter().any(|r| r.name == "auth-web"));
    assert!(seen
        .registered
        .iter()
        .all(|r| r.name != "auth-identity-roles"));
    assert!(seen.outputs.is_empty());
}
