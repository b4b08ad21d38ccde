#!/usr/bin/env bash
# gen-sdk.sh: generate the Python, Node.js and Go SDKs in sdk/ from schema.json
# with today's code generators: those of github.com/pulumi/pulumi/pkg/v3 v3.276.0, run
# by pulumi-cognito-gensdk (tools/gensdk), which scripts/ensure-pulumi.sh builds next to
# the v3.276.0 CLI. (`pulumi package gen-sdk` asks the language host to generate, and the
# hosts the Go module proxy serves here are v3.66.0's, whose codegen is from 2023.)
#
# Usage:
#   scripts/gen-sdk.sh            regenerate sdk/python, sdk/nodejs, sdk/go (+ sdk/go.mod, sdk/go.sum)
#   scripts/gen-sdk.sh --check    regenerate into a temporary directory and fail if sdk/ differs
#   scripts/gen-sdk.sh --build    build what needs building: sdk/nodejs/bin (npm install + tsc;
#                                 skipped when up to date) and `go build ./...` of the Go SDK
#
# What is committed, and how each SDK is used:
#   sdk/python   pyproject.toml + pulumi_cognito/, `pip install sdk/python` (no install hook)
#   sdk/nodejs   package.json + TypeScript sources; `--build` compiles them into
#                sdk/nodejs/bin (a build output, not committed), the directory to
#                depend on: "@pulumi-cognito/cognito": "file:<repo>/sdk/nodejs/bin"
#   sdk/go.mod   module github.com/pulumi-cognito/pulumi-cognito/sdk; the package is
#                .../sdk/go/cognito (schema.json's go importBasePath). Programs use a
#                replace directive pointing at <repo>/sdk. The module root is sdk/ (not
#                sdk/go) so that pulumi-language-go finds sdk/go/cognito/pulumi-plugin.json.
#
# The version in all of them is schema.json's, which is rendered from Cargo.toml.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
log() { printf 'gen-sdk: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

GO_MODULE=github.com/pulumi-cognito/pulumi-cognito/sdk
GO_DIRECTIVE=1.26.6          # as github.com/pulumi/pulumi/sdk/v3 v3.276.0's go.mod
PULUMI_GO_SDK=v3.276.0

mode=generate
case ${1:-} in
  "") ;;
  --check) mode=check ;;
  --build) mode=build ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
  *) die "unknown argument: $1 (see --help)" ;;
esac
export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod"

build() {
  # Node.js: compile into sdk/nodejs/bin unless a stamp says the sources are unchanged.
  local nd=sdk/nodejs hash stamp
  hash=$( (cd "$nd" && find . -path ./node_modules -prune -o -path ./bin -prune -o -type f -print0 \
           | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)
  stamp=$nd/node_modules/.pulumi-cognito-build-stamp
  if [ -d "$nd/bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    log "sdk/nodejs/bin is up to date"
  else
    command -v npm >/dev/null 2>&1 || die "npm is not on PATH"
    log "building sdk/nodejs/bin (npm install, tsc)"
    (cd "$nd" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error >&2)
    rm -rf "$nd/bin"
    (cd "$nd" && nice -n 10 node_modules/.bin/tsc >&2)
    cp "$nd/README.md" "$nd/bin/"
    # The published package.json, minus the install hook: it would run
    # `pulumi plugin install resource cognito <version>`, which downloads from a
    # server this plugin is not on; scripts/package.sh installs the plugin.
    node -e '
      const fs = require("fs");
      const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      if (p.scripts) delete p.scripts.install;
      fs.writeFileSync(process.argv[2], JSON.stringify(p, null, 4) + "\n");
    ' "$nd/package.json" "$nd/bin/package.json"
    printf '%s\n' "$hash" >"$stamp"
  fi
  log "go build ./... in sdk/"
  (cd sdk && nice -n 10 go build ./... >&2)
  log "SDKs built"
}

if [ "$mode" = build ]; then build; exit 0; fi

pulumi_bin=$(scripts/ensure-pulumi.sh | tail -n1)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-sdk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

gen=$tmp/sdk
mkdir -p "$gen"
log "pulumi-cognito-gensdk schema.json (python, nodejs, go; pkg/v3 v3.276.0 codegen)"
"$pulumi_bin/pulumi-cognito-gensdk" schema.json "$gen" python nodejs go >&2

# The Go module (gen-sdk writes only the packages).
cat >"$gen/go.mod" <<EOF
module $GO_MODULE

go $GO_DIRECTIVE

require (
	github.com/blang/semver v3.5.1+incompatible
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_GO_SDK
)
EOF
log "go mod tidy"
(cd "$gen" && go mod tidy -go="$GO_DIRECTIVE" >&2)

# gen-sdk writes 0600 files and 0700 directories; use ordinary permissions.
find "$gen" -type d -exec chmod 0755 {} +
find "$gen" -type f -exec chmod 0644 {} +

if [ "$mode" = check ]; then
  if diff -r -q \
       -x .gitignore -x node_modules -x bin -x build -x '*.egg-info' -x __pycache__ -x dist \
       sdk "$gen" >"$tmp/diff" 2>&1; then
    log "sdk/ is up to date with schema.json"
    exit 0
  fi
  cat "$tmp/diff" >&2
  diff -r -u -x .gitignore -x node_modules -x bin -x build -x '*.egg-info' -x __pycache__ -x dist sdk "$gen" | head -n 80 >&2 || true
  die "sdk/ is stale: run scripts/gen-sdk.sh and commit the result"
fi

mkdir -p sdk
for lang in python nodejs go; do
  if [ "$lang" = nodejs ] && [ -d sdk/nodejs ]; then
    # keep the build outputs (node_modules, bin); the next --build sees the sources changed
    find sdk/nodejs -mindepth 1 -maxdepth 1 ! -name node_modules ! -name bin -exec rm -rf {} +
    cp -a "$gen/nodejs/." sdk/nodejs/
  else
    rm -rf "sdk/$lang"
    cp -a "$gen/$lang" "sdk/$lang"
  fi
done
cp "$gen/go.mod" "$gen/go.sum" sdk/
log "wrote sdk/python, sdk/nodejs, sdk/go, sdk/go.mod, sdk/go.sum (version $(sed -n 's/^  "version": "\(.*\)",$/\1/p' schema.json | head -n1))"
