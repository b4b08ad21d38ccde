#!/usr/bin/env bash
# Runs the local Cognito (moto's server plus localcognito's additions and fixes, see
# docs/local-cognito.md) in the foreground on 127.0.0.1.
#
# Usage: scripts/local-cognito.sh [--port N]
#   --port N   listen on port N (default: a free port chosen by the OS)
#
# The first line on stdout is `listening on http://127.0.0.1:PORT`, printed (and
# flushed) once the port is bound; nothing else goes to stdout. Installing what is
# missing (scripts/ensure-venv.sh, idempotent) and the request log go to stderr.
# SIGTERM or SIGINT stop it cleanly. POST /moto-api/reset wipes all state.
#
# Env: VENV_DIR (see scripts/ensure-venv.sh), LOCALCOGNITO_KEY_CACHE=0 (parse moto's RSA
# key in every CreateUserPool, as plain moto does).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

port=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) [[ $# -ge 2 ]] || { echo "local-cognito: --port needs a value" >&2; exit 2; }
            port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "local-cognito: unknown argument: $1 (usage: $0 [--port N])" >&2; exit 2 ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || { echo "local-cognito: --port must be a number, got: $port" >&2; exit 2; }

venv="$("$REPO/scripts/ensure-venv.sh" </dev/null | tail -n1)"
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
# exec: the launcher takes this process's pid, so a SIGTERM to it reaches Python.
exec "$venv/bin/python" -m localcognito --host 127.0.0.1 --port "$port"
