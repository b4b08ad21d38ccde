#!/usr/bin/env bash
# ensure-pulumi.sh: provide the `pulumi` CLI and its language hosts, built from
# the Go module proxy (get.pulumi.com and GitHub are not reachable here).
#
# Usage:
#   PULUMI_BIN=$(scripts/ensure-pulumi.sh) && export PATH="$PULUMI_BIN:$PATH"
#
# Prints only the bin directory on stdout (as the last line); progress and
# errors go to stderr. The first run builds into a cache outside the repo
# (about 5 minutes on 2 cores, about 2 GB of Go module cache plus 2 GB of Go
# build cache in the default GOPATH/GOCACHE); later runs return at once.
#
# What the bin directory holds:
#   pulumi                        the real CLI, github.com/pulumi/pulumi/pkg/v3
#   pulumi-language-yaml          the real YAML host, github.com/pulumi/pulumi-yaml
#   pulumi-language-python        codegen-only stand-ins (see below)
#   pulumi-language-nodejs
#   pulumi-language-go
#   pulumi-language-python-exec   the real exec script from the sdk/v3 module
#
# The real python/nodejs/go hosts are separate Go modules
# (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 etc.)
# that the Go module proxy here does not serve at any version. Their stand-ins
# are built from the Go program at the end of this file: they implement
# GeneratePackage with the same pkg/v3 codegen the real hosts call, so
# `pulumi package gen-sdk --language python|nodejs|go` works, and answer
# everything else (running a program in those languages) with a clear
# "Unimplemented". Run Pulumi programs as YAML (`runtime: yaml`), or put a full
# Pulumi install on PATH: one that is new enough and has all four hosts is
# used instead of the cache.
#
# Options:
#   --rebuild     rebuild the cache even if it is complete
#   --self-test   after resolving the bin directory, run the smoke tests again
#   -h, --help    show this text
#
# Environment:
#   PULUMI_COGNITO_CACHE        cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cognito)
#   PULUMI_COGNITO_IGNORE_PATH  set to 1 to ignore any pulumi already on PATH
set -euo pipefail

PULUMI_VERSION=3.274.1       # newest github.com/pulumi/pulumi/pkg/v3 the proxy serves
PULUMI_YAML_VERSION=1.38.1   # github.com/pulumi/pulumi-yaml; built against pkg/sdk v$PULUMI_VERSION
CLIPBOARD_REPLACE=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e # as in pkg/v3's go.mod
MIN_GO=1.26.6                # the go directive of pkg/v3 v$PULUMI_VERSION
RECIPE=2                     # bump when the build below changes, to invalidate caches

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "${1:-}" = --_self-test-body ]; then run_self_test_body=$2; set --; fi
rebuild=0 selftest=0
for arg in "$@"; do
  case $arg in
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
# ---------------------------------------------------------------------------
self_test_body() { # $1 = bin dir; runs in its own process so that set -e holds
  local bin=$1
  t=$(mktemp -d "${TMPDIR:-/tmp}/ensure-pulumi-test.XXXXXX")
  trap 'rm -rf "$t"' EXIT
  q() { # run quietly; show the output only if the command fails
    "$@" >"$t/out" 2>&1 || { local rc=$?; cat "$t/out" >&2; log "self-test: failed ($rc): $*"; return "$rc"; }
  }
  export PATH="$bin:$PATH" PULUMI_HOME="$t/home" PULUMI_CONFIG_PASSPHRASE=x \
    PULUMI_SKIP_UPDATE_CHECK=1 PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=1
  unset PULUMI_ACCESS_TOKEN PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE_FILE
  log "self-test: pulumi version -> $(timeout 60 pulumi version)"
  local py
  py=$(command -v pulumi-language-python) || { log "self-test: no pulumi-language-python"; return 1; }
  [ -f "$(dirname "$py")/pulumi-language-python-exec" ] \
    || { log "self-test: pulumi-language-python-exec is not beside $py"; return 1; }
  q timeout 60 pulumi package gen-sdk --help
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
  "language": {"go": {"importBasePath": "example.com/smoke/sdk/go/smoke"}}
}
JSON
  local l f
  for l in python nodejs go; do
    q timeout 120 pulumi package gen-sdk schema.json --language "$l" --out sdk
  done
  for f in sdk/python/pulumi_smoke/thing.py sdk/nodejs/thing.ts sdk/go/smoke/thing.go; do
    [ -s "$f" ] || { log "self-test: gen-sdk did not write $f"; return 1; }
  done
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
    log "ignoring pulumi on PATH ($p, version ${v:-unknown}): need >= v$PULUMI_VERSION with python/nodejs/go/yaml hosts"
  fi
fi

# ---------------------------------------------------------------------------
# 2. The cache.
# ---------------------------------------------------------------------------
cache_ok() { [ -f "$dest/stamp" ] && [ "$(cat "$dest/stamp")" = "$stamp" ] && [ -x "$dest/bin/pulumi" ]; }

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

tmp=$(mktemp -d "$cache_root/.build.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod"
mod=$tmp/mod
out=$tmp/pulumi-v$PULUMI_VERSION
mkdir -p "$mod/standin" "$out/bin"
start=$SECONDS
log "building pulumi v$PULUMI_VERSION and pulumi-language-yaml v$PULUMI_YAML_VERSION into $dest (takes ~5 min on 2 cores the first time)"

{
  set -e
  cd "$mod"
  go mod init example.com/pulumi-cognito-pulumibuild
  go mod edit -replace "github.com/atotto/clipboard=$CLIPBOARD_REPLACE"
  sed -n '/^### BEGIN standin\/main.go$/,/^### END standin\/main.go$/p' "$self" | sed '1d;$d' >standin/main.go
  [ -s standin/main.go ] || die "could not extract the stand-in host source from $self"
  go get -tool \
    "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION"
  # Fail rather than silently building something else if MVS moved the pins.
  for m in "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION" \
           "github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION"; do
    got=$(go list -m "${m% *}")
    [ "$got" = "$m" ] || die "expected $m in the build list, got $got"
  done
  flags=(-trimpath -tags osusergo,grpcnotrace)
  log "compiling pulumi"
  nice -n 10 go build "${flags[@]}" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  log "compiling pulumi-language-yaml"
  nice -n 10 go build "${flags[@]}" \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION" \
    -o "$out/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  log "compiling the codegen-only python/nodejs/go hosts"
  nice -n 10 go build "${flags[@]}" -ldflags "-s -w -X main.version=$PULUMI_VERSION" \
    -o "$out/bin/pulumi-language-python" ./standin
  ln "$out/bin/pulumi-language-python" "$out/bin/pulumi-language-nodejs"
  ln "$out/bin/pulumi-language-python" "$out/bin/pulumi-language-go"
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

# The Go source of the codegen-only language host. Written for pulumi-cognito;
# it only calls the public pkg/v3 codegen and sdk/v3 rpc APIs.
: <<'END_OF_GO_SOURCE'
### BEGIN standin/main.go
// Codegen-only language host built by pulumi-cognito's scripts/ensure-pulumi.sh.
//
// The real pulumi-language-{python,nodejs,go} hosts are Go modules that the Go
// module proxy reachable here does not serve. This stand-in answers the RPC
// that `pulumi package gen-sdk` needs (GeneratePackage) with the SDK
// generators of github.com/pulumi/pulumi/pkg/v3/codegen, the same ones the
// real hosts use. Everything else, notably running programs, returns
// Unimplemented with an explanation. The language comes from the executable's
// name (pulumi-language-<language>).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set with -ldflags "-X main.version=...".
var version = "0.0.0-dev"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	lang string
}

func (h *host) unsupported(what string) error {
	return status.Errorf(codes.Unimplemented,
		"%s: this pulumi-language-%s is the codegen-only stand-in built by pulumi-cognito's "+
			"scripts/ensure-pulumi.sh (the Go module proxy does not serve the real host); it supports "+
			"`pulumi package gen-sdk` only. Write the program in YAML (runtime: yaml), or put a full "+
			"Pulumi install on PATH", what, h.lang)
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) Run(context.Context, *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return nil, h.unsupported("running a program")
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, h.unsupported("GetRequiredPlugins")
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return nil, h.unsupported("GetRequiredPackages")
}

func (h *host) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if h.lang == "go" && len(req.ExtraFiles) > 0 {
		return nil, errors.New("overlays are not supported for Go")
	}
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("decode schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}

	tool := "pulumi-language-" + h.lang
	var files map[string][]byte
	switch h.lang {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, req.ExtraFiles, loader)
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, req.LocalDependencies)
	default:
		return nil, h.unsupported("GeneratePackage")
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create directory for %s: %w", name, err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", name, err)
		}
	}
	return resp, nil
}

func main() {
	lang := strings.TrimPrefix(strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe"), "pulumi-language-")
	if len(os.Args) > 1 && (os.Args[1] == "--version" || os.Args[1] == "-version") {
		fmt.Printf("%s (codegen-only stand-in for pulumi-language-%s)\n", version, lang)
		return
	}
	// The engine passes optional logging/tracing flags and its own address as the
	// last argument; this host needs none of them.
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{lang: lang})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: %v\n", lang, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port) // the engine reads the port from the first line of stdout
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: %v\n", lang, err)
		os.Exit(1)
	}
}
### END standin/main.go
END_OF_GO_SOURCE
