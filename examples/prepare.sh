#!/usr/bin/env bash
# examples/prepare.sh: install what the examples need to run in place, in the
# example directories themselves (all of it is git-ignored):
#
#   python      examples/python/venv (Python 3.12 or later): pulumi 3.2xx + sdk/python
#   typescript  examples/typescript/node_modules: @pulumi/pulumi 3.2xx, typescript and
#               the built sdk/nodejs/bin (scripts/gen-sdk.sh --build), on Node 22
#               (scripts/ensure-node.sh)
#   go          downloads the modules and builds the program once (warms the Go caches)
#   yaml        nothing
#
# Usage: examples/prepare.sh [python|typescript|go|yaml ...]   (default: all four)
#
# Idempotent: each step keeps a hash of its inputs and is skipped when nothing
# changed. The provider plugin itself is installed by scripts/package.sh.
# Env: PYTHON  interpreter for the venv (default: python3.13, python3.12, or pyenv's 3.13/3.12)
set -euo pipefail
EX=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$EX/.." && pwd)
log() { printf 'prepare: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
hash_of() { # files and directories -> one sha256 (contents and relative paths)
  local p
  for p in "$@"; do
    if [ -d "$p" ]; then
      (cd "$p" && find . \( -name node_modules -o -name __pycache__ -o -name '*.egg-info' -o -name build \) -prune \
         -o -type f -print0 | sort -z | xargs -0 sha256sum)
    else
      sha256sum "$p"
    fi
  done | sha256sum | cut -d' ' -f1
}

langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(python typescript go yaml)
export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# A Python 3.12 or later: what users run today.
modern_python() {
  local cand
  for cand in "${PYTHON:-}" python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
              "$HOME"/.pyenv/versions/3.12*/bin/python3; do
    [ -n "$cand" ] || continue
    cand=$(command -v "$cand" 2>/dev/null) || continue
    "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { printf '%s\n' "$cand"; return 0; }
  done
  return 1
}

prepare_python() {
  local dir=$EX/python venv=$EX/python/venv py want
  py=$(modern_python) || die "no Python 3.12 or later found (set PYTHON=..., or apt-get install python3.13)"
  want=$(hash_of "$dir/requirements.txt" "$REPO/sdk/python"; "$py" -c 'import sys; print(sys.version)')
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.prepared" 2>/dev/null)" = "$want" ]; then
    log "python: $venv is up to date"; return
  fi
  log "python: creating $venv (pulumi 3.2xx, pulumi_cognito from sdk/python) with $py"
  rm -rf "$venv"
  "$py" -m venv "$venv"
  (cd "$dir" && "$venv/bin/python" -m pip install --quiet -r requirements.txt >&2)
  rm -rf "$REPO/sdk/python/build" "$REPO"/sdk/python/*.egg-info
  "$venv/bin/python" -c 'import pulumi, pulumi_cognito' || die "python: the venv cannot import pulumi_cognito"
  printf '%s\n' "$want" >"$venv/.prepared"
}

prepare_typescript() {
  local dir=$EX/typescript want
  PATH="$("$REPO/scripts/ensure-node.sh"):$PATH"
  "$REPO/scripts/gen-sdk.sh" --build
  want=$(hash_of "$dir/package.json" "$dir/.npmrc" "$REPO/sdk/nodejs/bin")
  if [ -d "$dir/node_modules" ] && [ "$(cat "$dir/node_modules/.prepared" 2>/dev/null)" = "$want" ]; then
    log "typescript: $dir/node_modules is up to date"; return
  fi
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH"
  log "typescript: npm install (@pulumi/pulumi, typescript, @pulumi-cognito/cognito from sdk/nodejs/bin)"
  # the SDK is a copy (install-links); drop it so that npm copies the new build
  rm -rf "$dir/node_modules/@pulumi-cognito"
  (cd "$dir" && npm install --loglevel=error >&2)
  [ -f "$dir/node_modules/@pulumi-cognito/cognito/index.js" ] || die "typescript: the SDK did not install"
  [ ! -d "$dir/node_modules/@pulumi-cognito/cognito/node_modules/@pulumi/pulumi" ] \
    || die "typescript: the SDK got its own @pulumi/pulumi (two copies break resource registration)"
  printf '%s\n' "$want" >"$dir/node_modules/.prepared"
}

prepare_go() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH"
  log "go: go build (downloads modules and warms the build cache the first time)"
  (cd "$EX/go" && nice -n 10 go build -o /dev/null . >&2)
}

for l in "${langs[@]}"; do
  case $l in
    python) prepare_python ;;
    typescript) prepare_typescript ;;
    go) prepare_go ;;
    yaml) ;;
    *) die "unknown language: $l (python, typescript, go or yaml)" ;;
  esac
done
log "ready: ${langs[*]}"
