//! Compiles our hand-written protocol definitions (`proto/`) into Rust:
//!
//! * `pulumirpc`  - Pulumi's ResourceProvider service (server and client stubs)
//!   plus its messages, the engine's Log call the provider makes back, and the
//!   ResourceMonitor calls a component's Construct makes (`resource.proto`):
//!   `tonic::include_proto!("pulumirpc")`.
//! * `google.rpc` - the `Status` envelope used for rich error details:
//!   `tonic::include_proto!("google.rpc")`.
//!
//! No system `protoc` is needed: `protox` parses the .proto files (it ships the
//! google/protobuf well-known types) into a FileDescriptorSet, which
//! `tonic-prost-build` turns into prost messages and tonic stubs. Well-known
//! types map to `prost_types` (Struct, Value, Any) and `()`
//! (google.protobuf.Empty), prost-build's default.
//!
//! Type names are enabled so every message implements `prost::Name`; that
//! gives `ErrorResourceInitFailed::type_url()` and lets
//! `prost_types::Any::from_msg` pack error details with the type URL the
//! engine expects ("type.googleapis.com/pulumirpc.ErrorResourceInitFailed").

use std::error::Error;

const PROTO_ROOT: &str = "proto";
const PROTO_FILES: &[&str] = &[
    "proto/pulumi/plugin.proto",
    "proto/pulumi/provider.proto",
    "proto/pulumi/engine.proto",
    "proto/pulumi/alias.proto",
    "proto/pulumi/resource.proto",
    "proto/google/rpc/status.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={PROTO_ROOT}");
    // The provider binary is linked position-dependent on Linux (`-no-pie`, after rustc's
    // `-pie`): a PIE carries ~46,000 dynamic relocations (1.1 MB of `.rela.dyn`) that the
    // loader applies at every start, writing over 1.1 MB of `.data.rel.ro` and `.data`. Without
    // them the process starts with ~2 MB less resident and the stripped binary is ~1 MB
    // smaller. The objects stay position-independent; only the executable is not.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }

    let fds = protox::compile(PROTO_FILES, [PROTO_ROOT])?;

    let mut config = tonic_prost_build::Config::new();
    config
        .enable_type_names()
        .type_name_domain(["."], "type.googleapis.com")
        // Property bags of Check and Diff, declared as bytes in provider.proto and read by
        // `codec::wire`: `bytes::Bytes` shares the request's buffer instead of copying it.
        .bytes([
            ".pulumirpc.CheckRequest.olds",
            ".pulumirpc.CheckRequest.news",
            ".pulumirpc.CheckResponse.inputs",
            ".pulumirpc.DiffRequest.olds",
            ".pulumirpc.DiffRequest.news",
            ".pulumirpc.DiffRequest.old_inputs",
        ]);

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds_with_config(fds, config)?;

    Ok(())
}
