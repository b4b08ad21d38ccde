#!/usr/bin/env bash
# ensure-pulumi.sh: provide the `pulumi` CLI, its four language hosts and our SDK
# generator, built from the Go module proxy (get.pulumi.com and GitHub are not
# reachable here), cached by version outside the repo.
#
# Usage:
#   PULUMI_BIN=$(scripts/ensure-pulumi.sh) && export PATH="$PULUMI_BIN:$PATH"
#   scripts/ensure-pulumi.sh --version 3.66.0     # the oldest engine we support
#
# Prints only the bin directory on stdout (as the last line); progress and
# errors go to stderr. Later runs return at once from the cache.
#
# Two toolchains, keyed by the CLI version:
#
# v3.276.0 (the default: today's Pulumi), in $cache/pulumi-v3.276.0/bin:
#   pulumi                   github.com/pulumi/pulumi/pkg/v3/cmd/pulumi v3.276.0
#   pulumi-language-yaml     github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml v1.25.0,
#                            built in a module of its own (it keeps pulumi-yaml's own pins;
#                            it does not compile against pkg/v3 v3.276.0), talks gRPC only
#   pulumi-language-{python,nodejs,go} (+ pulumi-language-python-exec)
#                            copied from the v3.66.0 toolchain: the Go module proxy here
#                            refuses the separate modules of today's hosts
#                            (sdk/python/cmd/pulumi-language-python/v3 etc.). The v3.66.0
#                            hosts run programs under the v3.276.0 engine; today's SDKs
#                            (pulumi 3.2xx on PyPI, @pulumi/pulumi 3.2xx on npm, sdk/v3
#                            v3.276.0) run inside them.
#   pulumi-cognito-gensdk    tools/gensdk: today's SDK code generators (pkg/v3 v3.276.0's
#                            codegen/python, nodejs and go, as the hosts' GeneratePackage
#                            runs them) driven directly, since `pulumi package gen-sdk`
#                            asks the (old) language host to generate. scripts/gen-sdk.sh.
#   Cold: about 15 min on 2 cores (most of it the CLI), plus the v3.66.0 toolchain.
#
# v3.66.0 (the oldest engine we support), in $cache/pulumi-v3.66.0/bin: the CLI and the
#   python/nodejs/go hosts from github.com/pulumi/pulumi/{pkg,sdk}/v3 v3.66.0 (the last
#   release with all hosts as packages of sdk/v3) and pulumi-language-yaml v1.1.1 (the
#   newest that builds against pkg/v3 v3.66.0). About 2.5 min cold. Its SDK matches:
#   pulumi==3.66.0, @pulumi/pulumi@3.65.1, sdk/v3 v3.66.0.
#
# Options:
#   --version V   3.276.0 (default) or 3.66.0
#   --rebuild     rebuild the cache even if it is complete
#   --self-test   after resolving the bin directory, run the smoke tests again
#   -h, --help    show this text
#
# Environment:
#   PULUMI_COGNITO_CACHE        cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cognito)
set -euo pipefail

DEFAULT_VERSION=3.276.0
OLDEST_VERSION=3.66.0
MIN_GO=1.24                  # the go directive of pkg/v3 v3.276.0 (verified with 1.26.8)

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$self")/.." && pwd)
log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "${1:-}" = --_self-test-body ]; then run_self_test_body=$2 version=$3; set --; fi
rebuild=0 selftest=0 version=${version:-$DEFAULT_VERSION}
while [ $# -gt 0 ]; do
  case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift ;;
    --version=*) version=${1#--version=} ;;
    --rebuild) rebuild=1 ;;
    --self-test) selftest=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

# The recipe of each version. RECIPE: bump when its build changes, to invalidate caches.
case $version in
  3.276.0)
    YAML_VERSION=1.25.0
    RECIPE=1
    # The replace directives of pkg/v3 v3.276.0's and sdk/v3's go.mod (other than ../sdk):
    # `go install pkg@version` refuses modules with replace directives, so a throwaway
    # build module repeats them.
    REPLACES=(
      "github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
      "golang.org/x/text=golang.org/x/text@v0.41.0"
    )
    YAML_REPLACES=("github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e")
    BINS=(pulumi pulumi-language-python pulumi-language-python-exec pulumi-language-nodejs
          pulumi-language-go pulumi-language-yaml pulumi-cognito-gensdk)
    ;;
  3.66.0)
    YAML_VERSION=1.1.1
    RECIPE=4
    REPLACES=(
      "github.com/sergi/go-diff=github.com/sergi/go-diff@v1.1.0"
      "github.com/xanzy/ssh-agent=github.com/pulumi/ssh-agent@v0.5.1"
    )
    BINS=(pulumi pulumi-language-python pulumi-language-python-exec pulumi-language-nodejs
          pulumi-language-go pulumi-language-yaml)
    ;;
  *) die "unsupported version $version: $DEFAULT_VERSION (default) or $OLDEST_VERSION" ;;
esac

cache_root=${PULUMI_COGNITO_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/pulumi-cognito}
dest=$cache_root/pulumi-v$version
gensdk_hash=$(sha256sum "$repo/tools/gensdk/main.go" | cut -c1-16)
stamp="pulumi=$version yaml=$YAML_VERSION recipe=$RECIPE"
[ "$version" = "$DEFAULT_VERSION" ] && stamp="$stamp gensdk=$gensdk_hash"
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
  local got
  got=$(timeout 60 pulumi version)
  [ "$got" = "v$version" ] || { log "self-test: pulumi version printed '$got', want v$version"; return 1; }
  log "self-test: pulumi version -> $got"
  [ -f "$bin/pulumi-language-python-exec" ] \
    || { log "self-test: pulumi-language-python-exec is not beside pulumi-language-python"; return 1; }
  # Every host must start and announce its port on the first stdout line, as
  # the engine expects. (Nothing listens on the engine address given; the hosts
  # only dial it when asked to run something.)
  local l port pid i
  for l in "${hosts[@]}"; do
    : >"$t/host.out"  # exists before the (asynchronously started) host writes to it
    "$bin/pulumi-language-$l" 127.0.0.1:1 </dev/null >>"$t/host.out" 2>"$t/host.err" &
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
      "inputProperties": {"name": {"type": "string"}, "size": {"type": "integer"},
                          "shape": {"$ref": "#/types/smoke:index:Shape"}},
      "requiredInputs": ["name"]
    }
  },
  "types": {
    "smoke:index:Shape": {"type": "object", "properties": {"sides": {"type": "integer"}}}
  },
  "config": {"variables": {"region": {"type": "string"}}},
  "language": {"go": {"importBasePath": "example.com/smoke/sdk/go/smoke"},
               "python": {"pyproject": {"enabled": true}}}
}
JSON
  local f
  if [ "$version" = "$DEFAULT_VERSION" ]; then
    q timeout 120 pulumi-cognito-gensdk schema.json sdk python nodejs go
    for f in sdk/python/pyproject.toml sdk/python/pulumi_smoke/thing.py sdk/nodejs/thing.ts \
             sdk/go/smoke/thing.go sdk/go/smoke/internal/pulumiUtilities.go; do
      [ -s "$f" ] || { log "self-test: gensdk did not write $f"; return 1; }
    done
    # What today's codegen gives users (scripts/gen-sdk.sh relies on it).
    ! grep -rq pkg_resources sdk/python || { log "self-test: the Python SDK still imports pkg_resources"; return 1; }
    grep -q 'ShapeArgsDict' sdk/python/pulumi_smoke/_inputs.py || { log "self-test: no ShapeArgsDict"; return 1; }
    grep -q 'Input<number | undefined>' sdk/nodejs/thing.ts || { log "self-test: no Input<T | undefined>"; return 1; }
    log "self-test: pulumi-cognito-gensdk writes today's python, nodejs and go SDKs"
  else
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
  fi
}

self_test() { "$BASH" "$self" --_self-test-body "$1" "$version"; }

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
# 1. The cache.
# ---------------------------------------------------------------------------
cache_ok() {
  [ -f "$dest/stamp" ] && [ "$(cat "$dest/stamp")" = "$stamp" ] || return 1
  local f
  for f in "${BINS[@]}"; do
    [ -x "$dest/bin/$f" ] || return 1
  done
}

if [ "$rebuild" = 0 ] && cache_ok; then finish "$dest/bin"; fi

# The v3.276.0 toolchain takes its python/nodejs/go hosts from the v3.66.0 one (before
# taking the lock, which is per cache root).
if [ "$version" = "$DEFAULT_VERSION" ]; then
  old_bin=$("$self" --version "$OLDEST_VERSION" | tail -n1)
fi

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
# 2. Build into a temporary directory, test, then move into place atomically.
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
# `"./types/input"` in nodejs config/ and types/ (tsc fails). The v3.66.0 build
# uses a copy of pkg/v3 with those four expressions made independent of the Go
# version (appending "/." restores the old input to path.Dir). pkg/v3 v3.276.0
# cleans the path itself and needs no patch.
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

# A throwaway module that requires exactly the given module versions.
new_module() { # dir, replaces..., -- , module@version...
  local dir=$1 m r
  shift
  mkdir -p "$dir"
  cd "$dir"
  go mod init example.com/pulumi-cognito-pulumibuild
  while [ "$1" != -- ]; do go mod edit -replace "$1"; shift; done
  shift
  go get "$@"
  # Fail rather than silently building something else if MVS moved the pins.
  for m in "$@"; do
    r=$(go list -m "${m%@*}")
    [ "$r" = "${m%@*} ${m#*@}" ] || die "expected ${m%@*} ${m#*@} in the build list, got $r"
  done
}

tmp=$(mktemp -d "$cache_root/.build.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod"
out=$tmp/pulumi-v$version
mkdir -p "$out/bin"
start=$SECONDS
build=(nice -n 10 go build -trimpath -tags osusergo,grpcnotrace)

if [ "$version" = "$OLDEST_VERSION" ]; then
  log "building pulumi v$version, its python/nodejs/go hosts and pulumi-language-yaml v$YAML_VERSION into $dest (2-5 min on 2 cores the first time)"
  {
    mod=$tmp/mod
    new_module "$mod" "${REPLACES[@]}" -- \
      "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" \
      "github.com/pulumi/pulumi-yaml@v$YAML_VERSION"
    patch_pkg
    log "compiling pulumi and the four language hosts"
    "${build[@]}" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/pkg/v3/version.Version=v$version \
        -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version \
        -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
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
else
  log "building pulumi v$version and pulumi-cognito-gensdk, and pulumi-language-yaml v$YAML_VERSION, into $dest (about 15 min on 2 cores the first time)"
  {
    new_module "$tmp/yaml" "${YAML_REPLACES[@]}" -- "github.com/pulumi/pulumi-yaml@v$YAML_VERSION"
    log "compiling pulumi-language-yaml v$YAML_VERSION"
    "${build[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
      -o "$out/bin/" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
    new_module "$tmp/cli" "${REPLACES[@]}" -- \
      "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
    mkdir -p "$tmp/cli/gensdk"
    cp "$repo/tools/gensdk/main.go" "$tmp/cli/gensdk/main.go"
    log "compiling pulumi v$version and pulumi-cognito-gensdk"
    "${build[@]}" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
      -o "$out/bin/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    "${build[@]}" -ldflags "-s -w" -o "$out/bin/pulumi-cognito-gensdk" ./gensdk
    for f in pulumi-language-python pulumi-language-python-exec pulumi-language-nodejs pulumi-language-go; do
      install -m 0755 "$old_bin/$f" "$out/bin/$f"
    done
  } >&2
fi

got=$("$out/bin/pulumi" version 2>/dev/null | head -n1)
[ "$got" = "v$version" ] || die "built pulumi reports '$got', want v$version"
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
