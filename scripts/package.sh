#!/usr/bin/env bash
# package.sh: build the provider (release), pack it as a Pulumi plugin tarball
# and install it into $PULUMI_HOME.
#
# Usage:
#   PULUMI_HOME=/some/dir scripts/package.sh     # build, pack, install, check `pulumi plugin ls`
#   scripts/package.sh --no-install              # build and pack only
#
# The tarball is target/plugin/pulumi-resource-cognito-v<version>-<os>-<arch>.tar.gz
# (gzip, the binary at its root, reproducible: fixed owner and mtime), with
# <version> taken from Cargo.toml, the one version that GetPluginInfo,
# schema.json and the SDKs also carry. Its path is the last line on stdout;
# progress goes to stderr.
#
# Installing runs `pulumi plugin install resource cognito <version> --file
# <tarball> --reinstall` with the pulumi from scripts/ensure-pulumi.sh. Without
# PULUMI_HOME it does not install (so it never writes into ~/.pulumi unasked);
# it prints the command instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf 'package: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

install=1
for arg in "$@"; do
  case $arg in
    --no-install) install=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

version=$(sed -n '/^\[package\]/,/^\[/{s/^version *= *"\([^"]*\)".*/\1/p}' Cargo.toml | head -n1)
[ -n "$version" ] || die "could not read the package version from Cargo.toml"
case $(uname -s) in Linux) os=linux ;; Darwin) os=darwin ;; *) die "unsupported OS $(uname -s)" ;; esac
case $(uname -m) in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) die "unsupported arch $(uname -m)" ;; esac

log "cargo build --release (v$version)"
nice -n 10 cargo build --release --quiet --bin pulumi-resource-cognito >&2
target_dir=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin=$target_dir/release/pulumi-resource-cognito
[ -x "$bin" ] || die "no binary at $bin"

out_dir=$target_dir/plugin
tgz=$out_dir/pulumi-resource-cognito-v$version-$os-$arch.tar.gz
mkdir -p "$out_dir/stage"
install -m 0755 "$bin" "$out_dir/stage/pulumi-resource-cognito"
tar -C "$out_dir/stage" --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - pulumi-resource-cognito \
  | gzip -n >"$tgz.tmp"
mv -f "$tgz.tmp" "$tgz"
rm -rf "$out_dir/stage"
log "packed $tgz ($(du -k "$tgz" | cut -f1) KiB)"

if [ "$install" = 1 ]; then
  if [ -z "${PULUMI_HOME:-}" ]; then
    log "PULUMI_HOME is not set, so not installing; to install into ~/.pulumi run:"
    log "  pulumi plugin install resource cognito $version --file $tgz --reinstall"
  else
    pulumi_bin=$(scripts/ensure-pulumi.sh | tail -n1)
    export PATH="$pulumi_bin:$PATH" PULUMI_SKIP_UPDATE_CHECK=1
    log "installing into PULUMI_HOME=$PULUMI_HOME"
    pulumi plugin install resource cognito "$version" --file "$tgz" --reinstall >&2
    pulumi plugin ls 2>/dev/null | grep -Eq "^cognito +resource +$version( |$)" \
      || { pulumi plugin ls >&2; die "pulumi plugin ls does not show resource cognito $version"; }
    log "installed: $(pulumi plugin ls 2>/dev/null | grep -E '^cognito +resource' | tr -s ' ')"
  fi
fi
printf '%s\n' "$tgz"
