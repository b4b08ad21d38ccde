#!/usr/bin/env bash
# Idempotently create <repo>/.venv with the Python tools the tests need:
# moto (local Cognito server), the Pulumi Python SDK (also ships the pulumirpc
# stubs), boto3, pytest and grpcio.
#
# Usage: scripts/ensure-venv.sh            # prints the venv path as the last stdout line
# Env:   PYTHON=python3.11 (interpreter used to create the venv)
#        VENV_DIR=<repo>/.venv (where to put it)
#        ENSURE_VENV_FORCE=1 (reinstall even if the marker says it's current)
#
# Fast path: a marker file inside the venv holds a hash of the requirement list
# and interpreter version; when it matches and the key entry points exist,
# nothing is run. All progress goes to stderr; stdout carries only the path.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV_DIR:-$REPO/.venv}"
MARKER="$VENV/.ensure-venv.sha256"

# Keep this list in sync with what the tests import. Changing it invalidates
# the marker, so the next run installs whatever is missing.
REQUIREMENTS=(
  "moto[cognitoidp]==5.*"
  "flask"
  "flask-cors"
  "pulumi>=3,<4"
  "boto3"
  "pytest"
  "grpcio"
)
# Modules whose import must succeed after installing.
IMPORTS="moto, flask, flask_cors, pulumi, pulumi.runtime.proto, boto3, pytest, grpc"

log() { printf 'ensure-venv: %s\n' "$*" >&2; }

pick_python() {
  local cand
  for cand in "${PYTHON:-}" python3.11 python3; do
    [[ -n "$cand" ]] || continue
    if command -v "$cand" >/dev/null 2>&1; then
      printf '%s\n' "$cand"
      return 0
    fi
  done
  return 1
}

req_hash() {
  # The requirement list plus the interpreter's major.minor: a different
  # Python means different wheels.
  {
    printf '%s\n' "${REQUIREMENTS[@]}"
    "$VENV/bin/python" -c 'import sys; print("py%d.%d" % sys.version_info[:2])'
  } | sha256sum | cut -d' ' -f1
}

is_current() {
  [[ -x "$VENV/bin/python" && -x "$VENV/bin/moto_server" && -f "$MARKER" ]] || return 1
  [[ "$(cat "$MARKER")" == "$(req_hash)" ]]
}

if [[ "${ENSURE_VENV_FORCE:-0}" != 1 ]] && is_current; then
  log "up to date: $VENV"
  printf '%s\n' "$VENV"
  exit 0
fi

# Serialise concurrent runs (e.g. parallel test jobs) on a lock keyed by the
# venv path; it lives in TMPDIR so it never shows up in the work tree.
mkdir -p "$(dirname "$VENV")"
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/ensure-venv-$(printf '%s' "$VENV" | sha256sum | cut -c1-16).lock"
  flock 9
  # Another run may have finished the work while we waited.
  if [[ "${ENSURE_VENV_FORCE:-0}" != 1 ]] && is_current; then
    log "up to date: $VENV"
    printf '%s\n' "$VENV"
    exit 0
  fi
fi

# (Re)create the venv if it is missing or its interpreter no longer runs
# (e.g. the base Python it pointed at was removed).
if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; }; then
  PY="$(pick_python)" || { log "no python3.11/python3 found on PATH (set PYTHON=...)"; exit 1; }
  log "creating venv at $VENV with $PY ($("$PY" --version 2>&1))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
log "installing: ${REQUIREMENTS[*]}"
"$VENV/bin/python" -m pip install --quiet "${REQUIREMENTS[@]}" >&2

log "checking imports: $IMPORTS"
"$VENV/bin/python" -c "import $IMPORTS" >&2
[[ -x "$VENV/bin/moto_server" ]] || { log "moto_server missing from $VENV/bin after install"; exit 1; }

req_hash >"$MARKER"
log "ready: $VENV"
printf '%s\n' "$VENV"
