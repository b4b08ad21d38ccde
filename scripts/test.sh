#!/usr/bin/env bash
# The full test suite: installs what is missing (idempotent), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*" >&2; }

step "python venv (moto, pulumi SDK, pytest)"
scripts/ensure-venv.sh >/dev/null

step "local Cognito (moto plus localcognito) on its own, with boto3"
.venv/bin/python -m pytest tests/localcognito -q

step "format and lint"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings

step "build"
cargo build --quiet

step "rust tests (unit, schema, gRPC lifecycles against moto)"
cargo test --quiet 2>&1 | tee target/cargo-test.log
grep -q "test result: ok" target/cargo-test.log

step "independent python gRPC client against moto"
PROVIDER_BIN="$PWD/target/debug/pulumi-resource-cognito" .venv/bin/python -m pytest tests/python -q

step "parity with pulumi_aws.cognito (pulumi-aws wheel from PyPI)"
.venv/bin/python -m pytest tests/parity -q

step "end-to-end: the examples in Python, TypeScript, Go and YAML with the real pulumi CLI against moto"
scripts/e2e.sh

step "all tests passed"
