#!/usr/bin/env bash
# e2e.sh: the end-to-end suite. Builds and installs what is missing, then runs
# tests/e2e with pytest: for each of Python, TypeScript, Go and YAML, the seed
# program in examples/<language> goes through preview, up, no-op up, an in-place
# update, refresh, out-of-band deletion, import and destroy with the real
# `pulumi` CLI v3.276.0 against its own local Cognito on loopback (checked with
# boto3), plus a sign-in through the stack's client; `migrate-from-aws` moves a
# pulumi-aws stack onto this provider (test_migrate.py); the YAML seed stack does the
# same under v3.66.0, the oldest engine we support; the generated SDKs install and
# type-check as users' setups would (test_sdk_install.py); and static checks (the
# SDKs match schema.json, one version everywhere, the Python example is the
# pulumi_aws one).
#
# Usage: scripts/e2e.sh [pytest args...]
# Env:   E2E_LANGUAGES=python,go   run a subset (default: all four; then the run
#                                  fails unless every language ran and passed)
#        E2E_PLUGIN_TGZ=<tarball>  test this plugin tarball instead of building one
#
# Never touches ~/.pulumi: every stack has its own PULUMI_HOME and file backend
# under pytest's temporary directory (kept for the last three runs:
# /tmp/pytest-of-$USER/, with pulumi.log and moto.log per language).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n==> e2e: %s\n' "$*" >&2; }
start=$SECONDS

step "python venv (moto, boto3, pytest)"
venv=$(scripts/ensure-venv.sh | tail -n1)

step "pulumi CLI v3.276.0 and v3.66.0 with their language hosts, Node 22"
pulumi_bin=$(scripts/ensure-pulumi.sh | tail -n1)
oldest_bin=$(scripts/ensure-pulumi.sh --version 3.66.0 | tail -n1)
node_bin=$(scripts/ensure-node.sh | tail -n1)

if [ -n "${E2E_PLUGIN_TGZ:-}" ]; then
  tgz=$E2E_PLUGIN_TGZ
  step "plugin tarball: $tgz (E2E_PLUGIN_TGZ)"
else
  step "plugin tarball (cargo build --release)"
  tgz=$(scripts/package.sh --no-install | tail -n1)
fi

langs=${E2E_LANGUAGES:-python,typescript,go,yaml}
step "example dependencies ($langs)"
IFS=, read -r -a lang_list <<<"$langs"
examples/prepare.sh "${lang_list[@]}"

require_all=0
[ -z "${E2E_LANGUAGES:-}" ] && require_all=1
step "pytest tests/e2e"
E2E_PULUMI_BIN=$pulumi_bin E2E_PULUMI_OLDEST_BIN=$oldest_bin E2E_NODE_BIN=$node_bin E2E_PLUGIN_TGZ=$tgz E2E_LANGUAGES=$langs E2E_REQUIRE_ALL=$require_all \
  "$venv/bin/python" -m pytest tests/e2e/test_static.py tests/e2e/test_sdk_install.py tests/e2e/test_stacks.py tests/e2e/test_all_resources.py tests/e2e/test_migrate.py tests/e2e/test_app_auth.py -v -rfEsxX "$@"
step "passed in $((SECONDS - start))s"
