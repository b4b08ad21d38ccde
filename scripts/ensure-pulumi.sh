#!/usr/bin/env bash
# ensure-pulumi.sh: provide the `pulumi` CLI and its four language hosts,
# built from the Go module proxy (get.pulumi.com and GitHub are not reachable
# here).
#
# Usage:
#   PULUMI_BIN=$(scripts/ensure-pulumi.sh) && export PATH="$PULUMI_BIN:$PATH"
#
# Prints only the bin directory on stdout (as the last line); progress and
# errors go to stderr. The first run builds into a cache outside the repo:
# measured 2m29s on 2 cores with empty Go caches (leaving 2.1 GB in the Go
# module cache and 0.7 GB in the Go build cache, the defaults GOMODCACHE and
# GOCACHE), about 15 s with warm ones. Later runs return at once. The cache
# holds about 140 MB.
#
# One consistent toolchain, pinned to pulumi v3.66.0:
#   pulumi                        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
#   pulumi-language-python        github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
#   pulumi-language-python-exec   the script beside it in the sdk/v3 module
#   pulumi-language-nodejs        github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
#   pulumi-language-go            github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go
#   pulumi-language-yaml          github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml v1.1.1
#
# Why v3.66.0: newer releases moved the python/nodejs/go hosts into separate
# Go modules (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
# etc.) that the Go module proxy reachable here does not serve. Up to v3.66.0
# the sdk/v3 module still contains all three hosts as packages (v3.68.0 lost
# the go host, v3.69.0 the nodejs host). pulumi-yaml v1.1.1 is the newest YAML
# host older than pulumi-yaml v1.2.0 (which needs pkg/v3 v3.76); it builds
# against pkg/v3 v3.66.0. Verified to build with Go 1.26 (GOTOOLCHAIN=local).
#
# The language SDKs that go with it (what the examples pin):
#   Python  pulumi==3.66.0                       (PyPI)
#   Node    @pulumi/pulumi@3.65.1                (npm has no 3.66.0; 3.65.1 is the
#                                                 newest release not newer than the CLI)
#   Go      github.com/pulumi/pulumi/sdk/v3 v3.66.0
#
# A pulumi already on PATH is used instead of the cache when it is at least
# v$PULUMI_VERSION and all four language hosts (and pulumi-language-python-exec)
# are beside it or on PATH; with --exact it must be exactly v$PULUMI_VERSION
# (scripts/gen-sdk.sh asks for that, since generated code differs by version).
#
# Options:
#   --exact       accept a pulumi on PATH only at exactly v$PULUMI_VERSION
#   --rebuild     rebuild the cache even if it is complete
#   --self-test   after resolving the bin directory, run the smoke tests again
#   -h, --help    show this text
#
# Environment:
#   PULUMI_COGNITO_CACHE        cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cognito)
#   PULUMI_COGNITO_IGNORE_PATH  set to 1 to ignore any pulumi already on PATH
set -euo pipefail

PULUMI_VERSION=3.66.0        # github.com/pulumi/pulumi/{pkg,sdk}/v3; the last with all hosts in sdk/v3
PULUMI_YAML_VERSION=1.1.1    # github.com/pulumi/pulumi-yaml; newest that builds against pkg/v3 v$PULUMI_VERSION
# The replace directives of pkg/v3 v$PULUMI_VERSION's go.mod (other than its
# ../sdk one); a throwaway build module repeats them, since `go install
# pkg@version` refuses modules with replace directives.
REPLACES=(
  "github.com/sergi/go-diff=github.com/sergi/go-diff@v1.1.0"
  "github.com/xanzy/ssh-agent=github.com/pulumi/ssh-agent@v0.5.1"
)
MIN_GO=1.18                  # the go directive of pkg/v3 v$PULUMI_VERSION (verified with 1.26.8)
RECIPE=4                     # bump when the build below changes, to invalidate caches

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "${1:-}" = --_self-test-body ]; then run_self_test_body=$2; set --; fi
rebuild=0 selftest=0 exact=0
for arg in "$@"; do
  case $arg in
    --exact) exact=1 ;;
    --rebuild) rebuild=1 ;;
    --self-test) selftest=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

cache_root=${PULUMI_COGNITO_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/pulumi-cognito}
dest=$cache_root/pulumi-v$PULUMI_VERSION
stamp="pulumi=$PULUMI_VERSION yaml=$PULUMI_YAML_VERSION recipe=$RECIPE"
hosts=(python nodejs go yaml)

# ---------------------------------------------------------------------------
# Smoke tests, run on a bin directory before it is cached (and on --self-test).
# They need no network: running Python/Node/Go programs needs their SDKs, which
# the examples install (tests/e2e runs a program in every language).
# ---------------------------------------------------------------------------
self_test_body() { # $1 = bin dir; runs in its own process so that set -e holds
  local bin=$1
  mkdir -p "$cache_root"
  t=$(mktemp -d "$cache_root/.selftest.XXXXXX")
  trap 'rm -rf "$t"' EXIT
  q() { # run quietly; show the output only if the command fails
    "$@" >"$t/out" 2>&1 || { local rc=$?; cat "$t/out" >&2; log "self-test: failed ($rc): $*"; return "$rc"; }
  }
  export PATH="$bin:$PATH" PULUMI_HOME="$t/home" PULUMI_CONFIG_PASSPHRASE=x \
    PULUMI_SKIP_UPDATE_CHECK=1 PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=1
  unset PULUMI_ACCESS_TOKEN PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE_FILE
  log "self-test: pulumi version -> $(timeout 60 pulumi version)"
  [ -f "$bin/pulumi-language-python-exec" ] || [ -f "$(dirname "$(command -v pulumi-language-python)")/pulumi-language-python-exec" ] \
    || { log "self-test: pulumi-language-python-exec is not beside pulumi-language-python"; return 1; }
  # Every host must start and announce its port on the first stdout line, as
  # the engine expects. (Nothing listens on the engine address given; the hosts
  # only dial it when asked to run something.)
  local l port pid i
  for l in "${hosts[@]}"; do
    : >"$t/host.out"  # exists before the (asynchronously started) host writes to it
    "pulumi-language-$l" 127.0.0.1:1 </dev/null >>"$t/host.out" 2>"$t/host.err" &
    pid=$!
    port=
    for ((i = 0; i < 200; i++)); do  # up to 20 s
      port=$(head -n1 "$t/host.out" 2>/dev/null || true)
      [[ "$port" =~ ^[0-9]+$ ]] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [[ "$port" =~ ^[0-9]+$ ]] || { cat "$t/host.err" >&2; log "self-test: pulumi-language-$l printed '$port', not a port"; return 1; }
  done
  log "self-test: the python, nodejs, go and yaml hosts start and print their port"
  mkdir -p "$t/state" "$t/yaml" "$t/gen"
  q timeout 60 pulumi login "file://$t/state"
  cd "$t/yaml"
  printf 'name: ensure-pulumi-smoke\nruntime: yaml\noutputs:\n  greeting: hello\n' >Pulumi.yaml
  q timeout 120 pulumi stack init dev --non-interactive
  q timeout 300 pulumi up --yes --non-interactive --skip-preview
  local out
  out=$(timeout 60 pulumi stack output greeting)
  [ "$out" = hello ] || { log "self-test: YAML stack output was '$out', want 'hello'"; return 1; }
  log "self-test: YAML program ran (pulumi login file://, stack init, up; output greeting=hello)"
  cd "$t/gen"
  cat >schema.json <<'JSON'
{
  "name": "smoke",
  "version": "0.0.1",
  "resources": {
    "smoke:index:Thing": {
      "properties": {"name": {"type": "string"}},
      "required": ["name"],
      "inputProperties": {"name": {"type": "string"}},
      "requiredInputs": ["name"]
    }
  },
  "config": {"variables": {"region": {"type": "string"}}},
  "language": {"go": {"importBasePath": "example.com/smoke/sdk/go/smoke"}}
}
JSON
  local f
  for l in python nodejs go; do
    q timeout 120 pulumi package gen-sdk schema.json --language "$l" --out sdk
  done
  for f in sdk/python/pulumi_smoke/thing.py sdk/nodejs/thing.ts sdk/go/smoke/thing.go; do
    [ -s "$f" ] || { log "self-test: gen-sdk did not write $f"; return 1; }
  done
  # Nested modules must import the package root from one level up (see patch_pkg).
  grep -qF 'from .. import _utilities' sdk/python/pulumi_smoke/config/vars.py \
    || { log "self-test: sdk/python/pulumi_smoke/config/vars.py does not import ../_utilities"; return 1; }
  grep -qF '"../utilities"' sdk/nodejs/config/vars.ts \
    || { log "self-test: sdk/nodejs/config/vars.ts does not import ../utilities"; return 1; }
  log "self-test: pulumi package gen-sdk works for python, nodejs and go"
}

self_test() { "$BASH" "$self" --_self-test-body "$1"; }

if [ -n "${run_self_test_body:-}" ]; then self_test_body "$run_self_test_body"; exit; fi

finish() { # $1 = bin dir; prints it as the last line of stdout
  if [ "$selftest" = 1 ] && ! self_test "$1"; then die "self-test failed for $1"; fi
  printf '%s\n' "$1"
  exit 0
}

version_ge() { # $1 >= $2 (plain x.y.z)
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

# ---------------------------------------------------------------------------
# 1. A new enough pulumi already on PATH, with all four language hosts.
# ---------------------------------------------------------------------------
if [ "$rebuild" = 0 ] && [ "${PULUMI_COGNITO_IGNORE_PATH:-0}" != 1 ] && command -v pulumi >/dev/null 2>&1; then
  p=$(command -v pulumi)
  pdir=$(cd "$(dirname "$p")" && pwd)
  if [ "$pdir" != "$dest/bin" ]; then
    v=$(PULUMI_SKIP_UPDATE_CHECK=1 timeout 60 "$p" version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
    ok=1
    if [ -z "$v" ] || ! version_ge "$v" "$PULUMI_VERSION"; then ok=0; fi
    if [ "$exact" = 1 ] && [ "$v" != "$PULUMI_VERSION" ]; then ok=0; fi
    if [ "$ok" = 1 ]; then
      for l in "${hosts[@]}"; do
        h=$pdir/pulumi-language-$l
        [ -x "$h" ] || h=$(command -v "pulumi-language-$l" 2>/dev/null) || { ok=0; break; }
        if [ "$l" = python ] && [ ! -f "$(dirname "$h")/pulumi-language-python-exec" ]; then ok=0; break; fi
      done
    fi
    if [ "$ok" = 1 ]; then
      log "using pulumi v$v from PATH ($p)"
      finish "$pdir"
    fi
    want=">= v$PULUMI_VERSION"; [ "$exact" = 1 ] && want="exactly v$PULUMI_VERSION"
    log "ignoring pulumi on PATH ($p, version ${v:-unknown}): need $want with python/nodejs/go/yaml hosts"
  fi
fi

# ---------------------------------------------------------------------------
# 2. The cache.
# ---------------------------------------------------------------------------
cache_ok() {
  [ -f "$dest/stamp" ] && [ "$(cat "$dest/stamp")" = "$stamp" ] || return 1
  local f
  for f in pulumi pulumi-language-python pulumi-language-python-exec pulumi-language-nodejs \
           pulumi-language-go pulumi-language-yaml; do
    [ -x "$dest/bin/$f" ] || return 1
  done
}

if [ "$rebuild" = 0 ] && cache_ok; then finish "$dest/bin"; fi

mkdir -p "$cache_root"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.lock"
  if ! flock -n 9; then
    log "another ensure-pulumi.sh is building into $cache_root; waiting for it"
    flock 9
  fi
  # Someone else may have finished the build while we waited.
  if [ "$rebuild" = 0 ] && cache_ok; then finish "$dest/bin"; fi
  # Holding the lock, no other build is running: drop leftovers of killed ones.
  rm -rf "$cache_root"/.build.* "$cache_root"/.old.*
fi

# ---------------------------------------------------------------------------
# 3. Build into a temporary directory, test, then move into place atomically.
# ---------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "go is not on PATH (need Go >= $MIN_GO)"
gov=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null | sed 's/^go//')
version_ge "${gov%%[-+ ]*}" "$MIN_GO" || die "need Go >= $MIN_GO, found ${gov:-none} (GOTOOLCHAIN=local)"

# The Python and Node.js SDK generators of pkg/v3 v3.66.0 compute a module's
# path to the package root as path.Dir(filepath.Rel(mod, "")). Go 1.26's
# filepath.Rel("types", "") returns ".." where older Go returned "../.", so
# path.Dir gives "." instead of "..", and every file in a nested module
# (config/, types/) imports the package root as if it were its own directory:
# `from . import _utilities` in pulumi_<pkg>/config/vars.py, `"./utilities"` and
# `"./types/input"` in nodejs config/ and types/ (tsc fails). The build uses a
# copy of pkg/v3 with those four expressions made independent of the Go version
# (appending "/." restores the old input to path.Dir).
patch_pkg() {
  local src
  src=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/pkg/v3)
  cp -R "$src" "$mod/pkg-v3"
  chmod -R u+w "$mod/pkg-v3"
  patch_file "$mod/pkg-v3/codegen/python/gen.go" 3 \
    'relRoot := path.Dir(rel)' 'relRoot := path.Dir(rel + "/.")'
  patch_file "$mod/pkg-v3/codegen/nodejs/gen.go" 1 \
    'return path.Dir(filepath.ToSlash(rel))' 'return path.Dir(filepath.ToSlash(rel) + "/.")'
  go mod edit -replace "github.com/pulumi/pulumi/pkg/v3=./pkg-v3"
  log "patched pkg/v3 codegen (python, nodejs) for Go >= 1.26's filepath.Rel"
}
patch_file() { # file, expected count, old text, new text (fixed strings)
  local n
  n=$(grep -cF -- "$3" "$1" || true)
  [ "$n" = "$2" ] || die "patch: expected $2 occurrence(s) of '$3' in $1, found $n"
  OLD=$3 NEW=$4 perl -0pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "$1"
  [ "$(grep -cF -- "$4" "$1")" = "$2" ] || die "patch: failed to apply to $1"
}

tmp=$(mktemp -d "$cache_root/.build.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod"
mod=$tmp/mod
out=$tmp/pulumi-v$PULUMI_VERSION
mkdir -p "$mod" "$out/bin"
start=$SECONDS
log "building pulumi v$PULUMI_VERSION, its python/nodejs/go hosts and pulumi-language-yaml v$PULUMI_YAML_VERSION into $dest (takes 2-5 min on 2 cores the first time)"

{
  cd "$mod"
  go mod init example.com/pulumi-cognito-pulumibuild
  for r in "${REPLACES[@]}"; do go mod edit -replace "$r"; done
  go get \
    "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" \
    "github.com/pulumi/pulumi-yaml@v$PULUMI_YAML_VERSION"
  # Fail rather than silently building something else if MVS moved the pins.
  for m in "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION" \
           "github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION"; do
    got=$(go list -m "${m% *}")
    [ "$got" = "$m" ] || die "expected $m in the build list, got $got"
  done
  patch_pkg
  log "compiling pulumi and the four language hosts"
  nice -n 10 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/pkg/v3/version.Version=v$PULUMI_VERSION \
      -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION \
      -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION" \
    -o "$out/bin/" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  # pulumi-language-python runs this script (found beside itself) to execute programs.
  sdkdir=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
  install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$out/bin/pulumi-language-python-exec"
} >&2

got=$("$out/bin/pulumi" version 2>/dev/null | head -n1)
[ "$got" = "v$PULUMI_VERSION" ] || die "built pulumi reports '$got', want v$PULUMI_VERSION"
if ! self_test "$out/bin"; then die "self-test of the fresh build failed; nothing was cached"; fi
printf '%s\n' "$stamp" >"$out/stamp"

if [ -e "$dest" ]; then
  old=$(mktemp -d "$cache_root/.old.XXXXXX")
  mv -T "$dest" "$old/x"
  mv -T "$out" "$dest"
  rm -rf "$old"
else
  mv -T "$out" "$dest"
fi
log "built and cached in $((SECONDS - start))s: $dest/bin"
selftest=0  # just ran
finish "$dest/bin"
