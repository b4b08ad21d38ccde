//! Component resources, served through the `Construct` RPC: the provider registers the
//! component and its children with the engine's resource monitor ([`monitor`]), as a
//! Pulumi program would, and answers with the component's URN and outputs.
//!
//! There is one component, [`app_auth`] (`cognito:index:AppAuth`). Its children are
//! ordinary custom resources of this provider, so the engine checks, diffs, creates,
//! updates and deletes each of them as usual; the component only wires them.

pub mod app_auth;
pub mod monitor;

use crate::codec::{self, PropPath, Props, SIG_KEY, UNKNOWN};
use crate::pulumirpc::{
    self as rpc, construct_response, register_resource_request, RegisterResourceRequest,
};
use app_auth::{types, Bag, Ctx, Out};
use monitor::{Monitor, Registered};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::task::JoinSet;
use tonic::Status;

/// The signature of a resource reference in a property value.
pub const RESOURCE_SIG: &str = "5cf8f73096256a8f31e491e813e4eb8e";

/// The component tokens this provider constructs.
pub const TOKENS: &[&str] = &[app_auth::TOKEN];

/// Child names: the component's name, a dash, and the child's role, so that two
/// components never collide and the engine's parent aliases (a renamed component)
/// carry over to the children.
fn child_name(component: &str, role: &str) -> String {
    format!("{component}-{role}")
}

/// Registers children under the component with the options they inherit from it.
#[derive(Clone)]
struct Registrar {
    monitor: Monitor,
    /// The request every child starts from: parent, provider, protection, timeouts.
    base: Arc<RegisterResourceRequest>,
}

impl Registrar {
    /// Registers one child; `deps` are (input property, URN) pairs it is wired from.
    async fn child(
        self,
        ty: &'static str,
        name: String,
        bag: Bag,
        deps: Vec<(&'static str, String)>,
    ) -> Result<Registered, Status> {
        let mut req = (*self.base).clone();
        req.r#type = ty.to_string();
        req.name = name;
        req.object = Some(codec::encode_owned(bag.0));
        for (key, urn) in deps {
            if !req.dependencies.contains(&urn) {
                req.dependencies.push(urn.clone());
            }
            req.property_dependencies
                .entry(key.to_string())
                .or_default()
                .urns
                .push(urn);
        }
        self.monitor.register(req).await
    }
}

/// Waits for every registration of a set; the first failure wins (the others finish:
/// the engine owns them).
async fn all<K: Send + 'static>(
    mut set: JoinSet<(K, Result<Registered, Status>)>,
) -> Result<Vec<(K, Registered)>, Status> {
    let mut done = Vec::new();
    let mut failed = None;
    while let Some(r) = set.join_next().await {
        match r {
            Ok((k, Ok(reg))) => done.push((k, reg)),
            Ok((_, Err(e))) => {
                failed.get_or_insert(e);
            }
            Err(e) => {
                failed.get_or_insert(Status::internal(format!("registration task: {e}")));
            }
        }
    }
    failed.map_or(Ok(done), Err)
}

fn id_of(r: &Registered) -> Out {
    r.id.clone().map_or_else(Out::unknown, Out::known)
}

/// A reference to a registered custom resource (its id unknown in a preview).
fn reference(r: &Registered) -> Value {
    json!({
        SIG_KEY: RESOURCE_SIG,
        "urn": r.urn,
        "id": r.id.clone().unwrap_or_else(|| UNKNOWN.to_string()),
        "packageVersion": crate::schema::VERSION,
    })
}

fn failures_status(f: &[crate::resource::Failure]) -> Status {
    let msg = f
        .iter()
        .map(|f| {
            if f.property.is_empty() {
                f.reason.clone()
            } else {
                format!("{}: {}", f.property, f.reason)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    Status::invalid_argument(format!("invalid AppAuth inputs: {msg}"))
}

/// Serves `Construct`: registers the component and its children, then its outputs.
pub async fn construct(req: rpc::ConstructRequest) -> Result<rpc::ConstructResponse, Status> {
    if req.r#type != app_auth::TOKEN {
        return Err(Status::invalid_argument(format!(
            "unknown component type {:?}",
            req.r#type
        )));
    }
    let markers = req.inputs.as_ref().map(codec::decode).unwrap_or_default();
    let args = app_auth::parse(&markers).map_err(|f| failures_status(&[f]))?;
    let failures = app_auth::check(&args, &markers);
    if !failures.is_empty() {
        return Err(failures_status(&failures));
    }
    let monitor = Monitor::connect(&req.monitor_endpoint).await?;
    let alias_specs = monitor.supports("aliasSpecs").await;

    // The component itself, as a program registers a component resource.
    let timeouts =
        req.custom_timeouts
            .as_ref()
            .map(|t| register_resource_request::CustomTimeouts {
                create: t.create.clone(),
                update: t.update.clone(),
                delete: t.delete.clone(),
                read: t.read.clone(),
            });
    let component = monitor
        .register(RegisterResourceRequest {
            r#type: req.r#type.clone(),
            name: req.name.clone(),
            parent: req.parent.clone(),
            custom: false,
            object: Some(Default::default()),
            protect: req.protect,
            dependencies: req.dependencies.clone(),
            providers: req.providers.clone(),
            aliases: if alias_specs {
                req.aliases.clone()
            } else {
                vec![]
            },
            alias_specs,
            accept_secrets: true,
            retain_on_delete: req.retain_on_delete,
            deleted_with: req.deleted_with.clone(),
            supports_partial_values: true,
            custom_timeouts: timeouts.clone(),
            ..Default::default()
        })
        .await?;

    // What every child inherits. Dependencies of the component's inputs become
    // dependencies of every child, so that a child never runs ahead of them.
    let mut dependencies = req.dependencies.clone();
    for d in req.input_dependencies.values() {
        for u in &d.urns {
            if !dependencies.contains(u) {
                dependencies.push(u.clone());
            }
        }
    }
    let reg = Registrar {
        monitor: monitor.clone(),
        base: Arc::new(RegisterResourceRequest {
            parent: component.urn.clone(),
            custom: true,
            protect: req.protect,
            dependencies,
            provider: req
                .providers
                .get(crate::schema::PACKAGE)
                .cloned()
                .unwrap_or_default(),
            accept_secrets: true,
            retain_on_delete: req.retain_on_delete,
            custom_timeouts: timeouts,
            supports_partial_values: true,
            alias_specs,
            ..Default::default()
        }),
    };

    let name = req.name.as_str();
    let ctx = Ctx {
        name,
        args,
        markers: &markers,
    };
    let built = build(&ctx, &reg).await?;
    let (state, deps) = outputs(&built, &req.additional_secret_outputs);
    monitor.register_outputs(&component.urn, &state).await?;
    Ok(rpc::ConstructResponse {
        urn: component.urn,
        state: Some(codec::encode_owned(state)),
        state_dependencies: deps
            .into_iter()
            .map(|(k, urns)| (k, construct_response::PropertyDependencies { urns }))
            .collect(),
    })
}

/// The registered children.
#[derive(Default)]
struct Built {
    pool: Registered,
    web: Option<Registered>,
    server: Option<Registered>,
    domain: Option<Registered>,
    groups: Vec<(String, Registered)>,
    machines: Vec<(String, Registered)>,
    identity: Option<Registered>,
    roles: Option<Registered>,
}

/// Registers the children in dependency order, independent ones at the same time.
async fn build(ctx: &Ctx<'_>, reg: &Registrar) -> Result<Built, Status> {
    let a = &ctx.args;
    let n = ctx.name;
    let pool = reg
        .clone()
        .child(types::POOL, child_name(n, "pool"), ctx.user_pool(), vec![])
        .await?;
    let pool_id = id_of(&pool);
    let endpoint = Out::of(&pool.outputs, "endpoint");
    let on_pool = || vec![("userPoolId", pool.urn.clone())];

    // Everything that needs only the pool.
    #[derive(Debug, Clone, PartialEq)]
    enum Role {
        Web,
        Server,
        Domain,
        Group(String),
    }
    let mut set = JoinSet::new();
    let mut spawn = |role: Role, ty: &'static str, child: String, bag: Bag| {
        let r = reg.clone();
        let deps = on_pool();
        set.spawn(async move { (role, r.child(ty, child, bag, deps).await) });
    };
    if a.web_client.is_some() {
        spawn(
            Role::Web,
            types::CLIENT,
            child_name(n, "web"),
            ctx.web_client(&pool_id),
        );
    }
    if a.api_scopes.as_ref().is_some_and(|s| !s.is_empty()) || ctx.unknown(&["apiScopes"]) {
        spawn(
            Role::Server,
            types::SERVER,
            child_name(n, "api"),
            ctx.resource_server(&pool_id),
        );
    }
    if a.domain_prefix.is_some() || ctx.unknown(&["domainPrefix"]) {
        spawn(
            Role::Domain,
            types::DOMAIN,
            child_name(n, "domain"),
            ctx.domain(&pool_id),
        );
    }
    for g in a.groups.iter().flatten().map(|(g, _)| g.clone()) {
        let bag = ctx.group(&g, &pool_id);
        spawn(
            Role::Group(g.clone()),
            types::GROUP,
            child_name(n, &format!("group-{g}")),
            bag,
        );
    }
    let mut built = Built::default();
    for (role, r) in all(set).await? {
        match role {
            Role::Web => built.web = Some(r),
            Role::Server => built.server = Some(r),
            Role::Domain => built.domain = Some(r),
            Role::Group(g) => built.groups.push((g, r)),
        }
    }
    built.groups.sort_by(|x, y| x.0.cmp(&y.0));

    // Machine clients need the resource server's scopes; the identity pool needs the web client.
    let mut set = JoinSet::new();
    for m in a.machine_clients.iter().flatten().map(|(m, _)| m.clone()) {
        let bag = ctx.machine_client(&m, &pool_id);
        let mut deps = on_pool();
        if let Some(s) = &built.server {
            deps.push(("allowedOauthScopes", s.urn.clone()));
        }
        let r = reg.clone();
        let child = child_name(n, &format!("machine-{m}"));
        set.spawn(async move { (Some(m), r.child(types::CLIENT, child, bag, deps).await) });
    }
    let web_id = built.web.as_ref().map(id_of).unwrap_or_default();
    if let (Some(web), Some(_)) = (&built.web, &a.identity_pool) {
        let bag = ctx.identity_pool(&endpoint, &web_id);
        let deps = vec![
            ("cognitoIdentityProviders", pool.urn.clone()),
            ("cognitoIdentityProviders", web.urn.clone()),
        ];
        let r = reg.clone();
        let child = child_name(n, "identity");
        set.spawn(async move { (None, r.child(types::IDENTITY, child, bag, deps).await) });
    }
    for (m, r) in all(set).await? {
        match m {
            Some(m) => built.machines.push((m, r)),
            None => built.identity = Some(r),
        }
    }
    built.machines.sort_by(|x, y| x.0.cmp(&y.0));

    if let (Some(identity), Some(web)) = (&built.identity, &built.web) {
        let bag = ctx.role_attachment(&id_of(identity), &endpoint, &web_id);
        let mut deps = vec![
            ("identityPoolId", identity.urn.clone()),
            ("roleMappings", pool.urn.clone()),
            ("roleMappings", web.urn.clone()),
        ];
        for (_, g) in &built.groups {
            deps.push(("roleMappings", g.urn.clone()));
        }
        let roles = reg
            .clone()
            .child(types::ROLES, child_name(n, "identity-roles"), bag, deps)
            .await?;
        built.roles = Some(roles);
    }
    built.pool = pool;
    Ok(built)
}

/// The component's outputs and, for each, the children it comes from.
fn outputs(b: &Built, additional_secrets: &[String]) -> (Props, HashMap<String, Vec<String>>) {
    let mut out = Bag::default();
    let mut deps: HashMap<String, Vec<String>> = HashMap::new();
    let mut put = |out: &mut Bag, key: &str, v: &Out, from: &Registered| {
        out.out(key, v);
        deps.entry(key.to_string())
            .or_default()
            .push(from.urn.clone());
    };
    let pool = &b.pool;
    let endpoint = Out::of(&pool.outputs, "endpoint");
    let issuer = endpoint.map(|e| format!("https://{e}").into());
    put(&mut out, "userPoolId", &id_of(pool), pool);
    put(
        &mut out,
        "userPoolArn",
        &Out::of(&pool.outputs, "arn"),
        pool,
    );
    put(&mut out, "issuerUrl", &issuer, pool);
    put(
        &mut out,
        "jwksUrl",
        &issuer.map(|i| format!("{i}/.well-known/jwks.json").into()),
        pool,
    );
    put(
        &mut out,
        "openidConfigurationUrl",
        &issuer.map(|i| format!("{i}/.well-known/openid-configuration").into()),
        pool,
    );
    put(&mut out, "userPool", &Out::known(reference(pool)), pool);
    if let Some(d) = &b.domain {
        let prefix = Out::of(&d.outputs, "domain");
        let url = match (
            prefix.str(),
            endpoint.str().and_then(app_auth::endpoint_region),
        ) {
            (Some(p), Some(r)) => Out::known(format!("https://{p}.auth.{r}.amazoncognito.com")),
            _ => Out::unknown(),
        };
        put(&mut out, "hostedLoginUrl", &url, d);
        put(&mut out, "domain", &Out::known(reference(d)), d);
    }
    if let Some(w) = &b.web {
        put(&mut out, "webClientId", &id_of(w), w);
        put(&mut out, "webClient", &Out::known(reference(w)), w);
    }
    if let Some(s) = &b.server {
        put(&mut out, "resourceServer", &Out::known(reference(s)), s);
    }
    if let Some(i) = &b.identity {
        put(&mut out, "identityPoolId", &id_of(i), i);
        put(&mut out, "identityPool", &Out::known(reference(i)), i);
    }
    // Machine clients: name → id and secret; secret as a whole, unknown if any part is.
    let mut clients = Map::new();
    let mut known = true;
    for (m, r) in &b.machines {
        let id = id_of(r);
        let secret = Out::of(&r.outputs, "clientSecret");
        match (id.value, secret.value) {
            (Some(i), Some(s)) => {
                clients.insert(m.clone(), json!({"clientId": i, "clientSecret": s}));
            }
            _ => known = false,
        }
        deps.entry("machineClients".into())
            .or_default()
            .push(r.urn.clone());
    }
    let machine = Out {
        value: known.then_some(Value::Object(clients)),
        secret: true,
    };
    out.out("machineClients", &machine);
    let mut props = out.0;
    for k in additional_secrets {
        if props.value.contains_key(k) || props.unknowns.contains(&PropPath::key(k)) {
            props.secrets.insert(PropPath::key(k));
        }
    }
    (props, deps)
}

/// The schema entries of the components (token, spec), their object types added to `types`.
pub fn schema(types: &mut std::collections::BTreeMap<String, Value>) -> Vec<(String, Value)> {
    let gen = || schemars::SchemaGenerator::new(crate::schema::settings());
    let inputs = gen().into_root_schema_for::<app_auth::AppAuthArgs>();
    let outputs = gen().into_root_schema_for::<app_auth::AppAuthOutputs>();
    vec![(
        app_auth::TOKEN.to_string(),
        crate::schema::component(
            app_auth::DESCRIPTION,
            &inputs,
            &outputs,
            app_auth::SECRET_OUTPUTS,
            app_auth::REFERENCES,
            types,
        ),
    )]
}
