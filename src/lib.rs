//! `pulumi-resource-cognito`: a native Pulumi resource provider for Amazon Cognito.
//!
//! Where things live:
//! - [`server`]: the gRPC face (decode, dispatch, encode, map errors);
//! - [`codec`]: protobuf `Struct` ⇄ plain JSON with secret/unknown markers;
//! - [`resource`]: the `Resource` trait and the generic machinery around it;
//! - [`resources`]: one file per Cognito resource, and the registry;
//! - [`function`] and [`functions`]: the `Function` trait (Invoke) and one file per function, with their registry;
//! - [`component`]: the `AppAuth` component, served through Construct;
//! - [`aws`]: SDK clients, error classification and retries;
//! - [`schema`]: renders `schema.json` from the Rust types;
//! - [`migrate`]: the `migrate-from-aws` subcommand (a pulumi-aws stack onto this provider);
//! - [`stats`]: opt-in per-request timing (`PULUMI_COGNITO_RPC_STATS`): wall time against time waiting on AWS.

pub mod aws;
pub mod codec;
pub mod component;
pub mod config;
pub mod diff;
pub mod error;
pub mod function;
pub mod functions;
pub mod limiter;
pub mod migrate;
pub mod progress;
pub mod resource;
pub mod resources;
pub mod schema;
pub mod server;
pub mod stats;
pub mod tags;
pub mod validate;

/// The global allocator of the provider binary, re-exported so that the in-process
/// benchmarks measure with the allocator that ships.
pub use mimalloc::MiMalloc;

/// Generated protocol types (`proto/`).
#[allow(missing_docs, clippy::all)]
pub mod pulumirpc {
    tonic::include_proto!("pulumirpc");
}

/// The `google.rpc.Status` envelope for rich error details.
#[allow(missing_docs, clippy::all)]
pub mod google_rpc {
    tonic::include_proto!("google.rpc");
}
