"""Helpers for the end-to-end tests: a moto server, the real `pulumi` CLI driving a stack,
and the AWS SDK (boto3) looking at moto directly, never through the provider."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
LANGUAGES = ("python", "typescript", "go", "yaml")
# The oldest engine we support runs the seed stack in one language too (see `runs`).
OLDEST_PULUMI = "3.66.0"
OLDEST_RUN = f"yaml@{OLDEST_PULUMI}"
REGION = "us-east-1"
PROJECT_PREFIX = "ai-training-auth-"
STACK = "dev"
OUTPUTS = ("user_pool_id", "user_pool_client_id", "identity_pool_id")
PULUMI_TIMEOUT = 900  # seconds per pulumi command; a cold Go build of the program takes ~1 min

# Variables that could point the CLI, the provider or boto3 somewhere else than this test's
# moto, backend and plugin cache.
SCRUBBED_ENV_PREFIXES = ("AWS_", "PULUMI_")
KEPT_ENV = ("PULUMI_COGNITO_CACHE",)


def selected_languages() -> list[str]:
    raw = os.environ.get("E2E_LANGUAGES", "").strip()
    if not raw:
        return list(LANGUAGES)
    langs = [l.strip() for l in raw.split(",") if l.strip()]
    unknown = sorted(set(langs) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"E2E_LANGUAGES: unknown language(s) {unknown}; pick from {LANGUAGES}")
    return langs


def runs() -> list[str]:
    """The stacks to run: each selected language on today's CLI, plus the YAML seed stack on
    the oldest CLI we support when YAML is selected (`yaml@3.66.0`)."""
    langs = selected_languages()
    return langs + ([OLDEST_RUN] if "yaml" in langs else [])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(SCRUBBED_ENV_PREFIXES) or k in KEPT_ENV
    }


# --------------------------------------------------------------------------------------
# moto
# --------------------------------------------------------------------------------------


class Moto:
    """A fresh local Cognito (scripts/local-cognito.sh: moto plus localcognito's additions)
    on a free loopback port, with boto3 clients for it."""

    def __init__(self, log_path: Path):
        exe = Path(os.environ.get("LOCAL_COGNITO") or REPO / "scripts" / "local-cognito.sh")
        self.log_path = log_path
        last = ""
        for _ in range(5):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self._log = open(log_path, "ab")
            self.proc = subprocess.Popen(
                [str(exe), "--port", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                cwd=log_path.parent,
            )
            if self._wait_ready(60):
                break
            last = self.log_path.read_text(errors="replace")[-2000:]
            self.stop()
        else:
            raise RuntimeError(f"the local Cognito did not start; log:\n{last}")
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        cfg = Config(retries={"max_attempts": 1, "mode": "standard"})
        self.idp = session.client("cognito-idp", endpoint_url=self.url, config=cfg)
        self.identity = session.client("cognito-identity", endpoint_url=self.url, config=cfg)

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=2) as r:
                    if r.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    # What exists, straight from moto.
    def user_pools(self) -> list[dict[str, Any]]:
        return self.idp.list_user_pools(MaxResults=60)["UserPools"]

    def clients(self, pool_id: str) -> list[dict[str, Any]]:
        return self.idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]

    def identity_pools(self) -> list[dict[str, Any]]:
        return self.identity.list_identity_pools(MaxResults=60)["IdentityPools"]

    def inventory(self) -> dict[str, list[str]]:
        pools = [p["Id"] for p in self.user_pools()]
        return {
            "user_pools": pools,
            "clients": [c["ClientId"] for p in pools for c in self.clients(p)],
            "identity_pools": [p["IdentityPoolId"] for p in self.identity_pools()],
        }

    def sign_in(
        self, pool_id: str, client_id: str, username: str, password: str, create: bool = True
    ) -> dict[str, Any]:
        """AdminInitiateAuth with SECRET_HASH; first (`create`) AdminCreateUser and a permanent
        AdminSetUserPassword."""
        secret = self.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)[
            "UserPoolClient"
        ]["ClientSecret"]
        if create:
            self.idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
            self.idp.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=password, Permanent=True
            )
        digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
        resp = self.idp.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_NO_SRP_AUTH",
            AuthParameters={
                "USERNAME": username,
                "PASSWORD": password,
                "SECRET_HASH": base64.b64encode(digest).decode(),
            },
        )
        return resp["AuthenticationResult"]

    def client_credentials_token(self, client_id: str, secret: str, pool_id: str) -> dict[str, Any]:
        """The client-credentials grant at the domain's token endpoint (the local Cognito's
        `/oauth2/token`); returns the access token's claims after checking its signature
        against the pool's published JWKS."""
        from joserfc import jwk, jwt

        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        req = urllib.request.Request(
            f"{self.url}/oauth2/token", data=b"grant_type=client_credentials", method="POST",
            headers={"Authorization": f"Basic {basic}",
                     "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=30) as r:
            answer = json.loads(r.read())
        assert answer["token_type"] == "Bearer", answer
        with urllib.request.urlopen(f"{self.url}/{pool_id}/.well-known/jwks.json", timeout=30) as r:
            keys = jwk.KeySet.import_key_set(json.loads(r.read()))
        return dict(jwt.decode(answer["access_token"], keys).claims)

    def aws_credentials(self, identity_pool_id: str, pool_id: str, id_token: str) -> dict[str, Any]:
        """GetId and GetCredentialsForIdentity with a user pool ID token, as an app does."""
        logins = {f"cognito-idp.{REGION}.amazonaws.com/{pool_id}": id_token}
        identity = self.identity.get_id(IdentityPoolId=identity_pool_id, Logins=logins)["IdentityId"]
        return self.identity.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]


# --------------------------------------------------------------------------------------
# pulumi
# --------------------------------------------------------------------------------------


class PulumiError(AssertionError):
    pass


class Stack:
    """One example program in a work directory, with its own PULUMI_HOME and file backend,
    driven by the real `pulumi` CLI."""

    def __init__(self, language: str, root: Path, pulumi_bin: Path, moto: Moto, node_bin: Path | None = None):
        self.language = language
        self.root = root
        self.moto = moto
        self.dir = root / "project"
        self.home = root / "pulumi-home"
        self.state = root / "state"
        self.log_path = root / "pulumi.log"
        self.notes: dict[str, Any] = {}  # facts handed from one step to the next
        self.version = ""  # `pulumi version`, set by the `stack` fixture
        for d in (self.home, self.state):
            d.mkdir(parents=True, exist_ok=True)
        env = clean_env()
        path = [str(pulumi_bin)]
        if node_bin:
            path.append(str(node_bin))  # Node 22 for @pulumi/pulumi 3.2xx
        if language == "python":
            # The v3.66.0 Python host ignores the `virtualenv` runtime option that today's
            # engine passes over gRPC: activate the program's venv the way a shell would.
            venv = self.dir / "venv"
            path.insert(0, str(venv / "bin"))
            env["VIRTUAL_ENV"] = str(venv)
        env.update(
            PATH=os.pathsep.join([*path, env.get("PATH", "")]),
            PULUMI_HOME=str(self.home),
            PULUMI_CONFIG_PASSPHRASE="e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK="1",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="1",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="1",
            # The provider and boto3 get credentials from stack config only.
            AWS_EC2_METADATA_DISABLED="true",
            AWS_CONFIG_FILE=str(root / "no-aws-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(root / "no-aws-credentials"),
            GOTOOLCHAIN="local",
            GOFLAGS="-mod=mod",
            GOWORK="off",
            NO_COLOR="1",
        )
        self.env = env

    # -- running commands --------------------------------------------------------------

    def run(self, *args: str, check: bool = True, timeout: float = PULUMI_TIMEOUT) -> subprocess.CompletedProcess:
        cmd = ["pulumi", *args, "--non-interactive", "--color", "never"]
        start = time.monotonic()
        try:
            p = subprocess.run(
                cmd,
                cwd=self.dir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as e:
            self._log(cmd, None, time.monotonic() - start, e.stdout or "", e.stderr or "")
            raise PulumiError(f"timed out after {timeout}s: {shlex.join(cmd)}") from None
        self._log(cmd, p.returncode, time.monotonic() - start, p.stdout, p.stderr)
        if check and p.returncode != 0:
            raise PulumiError(
                f"`{shlex.join(cmd)}` failed with exit code {p.returncode} ({self.language})\n"
                f"--- stdout (tail) ---\n{p.stdout[-6000:]}\n--- stderr (tail) ---\n{p.stderr[-4000:]}"
            )
        return p

    def _log(self, cmd, rc, secs, out, err) -> None:
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(f"\n$ {shlex.join(cmd)}\n")
            if isinstance(out, bytes):
                out = out.decode(errors="replace")
            if isinstance(err, bytes):
                err = err.decode(errors="replace")
            f.write(out)
            if err:
                f.write(f"--- stderr ---\n{err}")
            f.write(f"[exit {rc} after {secs:.1f}s]\n")

    def json(self, *args: str) -> Any:
        p = self.run(*args)
        try:
            return json.loads(p.stdout)
        except json.JSONDecodeError as e:
            raise PulumiError(f"`pulumi {' '.join(args)}` did not print JSON: {e}\n{p.stdout[-3000:]}")

    # -- views on the stack ------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        return self.json("stack", "output", "--json", "--show-secrets")

    def export(self, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "export"] + (["--show-secrets"] if show_secrets else [])
        return self.json(*args)

    def resources(self, type_suffix: str | None = None) -> list[dict[str, Any]]:
        res = self.export()["deployment"].get("resources") or []
        if type_suffix:
            res = [r for r in res if r["type"] == f"cognito:index:{type_suffix}"]
        return res

    def last_update(self) -> dict[str, Any]:
        return self.json("stack", "history", "--json")[0]

    def state_files_text(self) -> str:
        """Every file of the file backend (checkpoints, backups, history), concatenated."""
        chunks = []
        for p in sorted(self.state.rglob("*")):
            if p.is_file():
                data = p.read_bytes()
                if p.suffix == ".gz":
                    import gzip

                    data = gzip.decompress(data)
                chunks.append(data.decode(errors="replace"))
        return "\n".join(chunks)


def copy_example(language: str, dest: Path) -> None:
    """Copies examples/<language> without its installed dependencies, which are linked
    instead (examples/prepare.sh installs them in place)."""
    src = EXAMPLES / language
    heavy = {"venv", "node_modules"}
    dest.mkdir(parents=True)
    for p in src.iterdir():
        if p.name in heavy:
            (dest / p.name).symlink_to(p, target_is_directory=True)
        elif p.name.startswith("Pulumi.") and p.name != "Pulumi.yaml":
            continue  # stack config of a local run (e.g. the demo)
        elif p.is_dir():
            shutil.copytree(p, dest / p.name)
        else:
            shutil.copy2(p, dest / p.name)
    if language == "go":
        # The replace directive points at ../../sdk relative to examples/go.
        subprocess.run(
            ["go", "mod", "edit", "-replace", f"github.com/pulumi-cognito/pulumi-cognito/sdk={REPO / 'sdk'}"],
            cwd=dest,
            check=True,
            env={**os.environ, "GOTOOLCHAIN": "local", "GOWORK": "off"},
        )
    if language == "python" and not (dest / "venv").exists():
        raise RuntimeError("examples/python/venv is missing: run examples/prepare.sh python")
    if language == "typescript" and not (dest / "node_modules").exists():
        raise RuntimeError("examples/typescript/node_modules is missing: run examples/prepare.sh typescript")
