"""Fixtures for driving `pulumi-resource-cognito` over gRPC the way the Pulumi engine does.

Everything here is written against the public `pulumirpc` stubs shipped in the `pulumi`
PyPI package (`pulumi.runtime.proto`), not against the provider's own code.

Environment:
  PROVIDER_BIN  path of the provider binary (default <repo>/target/debug/pulumi-resource-cognito;
                built with `cargo build` if missing)
  LOCAL_COGNITO launcher of the local Cognito, run as `<it> --port N`
                (default <repo>/scripts/local-cognito.sh)
"""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import grpc
import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO / "target" / "debug" / "pulumi-resource-cognito"

REGION = "us-east-1"
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

RPC_TIMEOUT = 60  # seconds, per call
STARTUP_TIMEOUT = 60
SHUTDOWN_TIMEOUT = 5

# Variables that could give the provider a region or credentials from outside the test.
SCRUBBED_ENV = (
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


# --------------------------------------------------------------------------------------
# Property helpers
# --------------------------------------------------------------------------------------


def to_struct(d: dict[str, Any] | None) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    if d:
        s.update(d)
    return s


def from_struct(s: struct_pb2.Struct | None) -> dict[str, Any]:
    if s is None:
        return {}
    return json_format.MessageToDict(s)


def secret(value: Any) -> dict[str, Any]:
    return {SIG_KEY: SECRET_SIG, "value": value}


def is_secret(v: Any) -> bool:
    return isinstance(v, dict) and v.get(SIG_KEY) == SECRET_SIG and "value" in v


def urn(type_token: str, name: str) -> str:
    return f"urn:pulumi:dev::proj::{type_token}::{name}"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def provider_env(tmp: Path) -> dict[str, str]:
    """A clean environment: no AWS region, profile or credentials leak in from outside."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["AWS_CONFIG_FILE"] = str(tmp / "no-aws-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp / "no-aws-credentials")
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.setdefault("RUST_BACKTRACE", "1")
    return env


class ProviderProcess:
    """A running provider binary plus a gRPC stub connected to it."""

    def __init__(self, binary: Path, env: dict[str, str], log_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [str(binary)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
        )
        self.port = self._read_port()
        # Keep draining stdout so that a chatty provider can never block on a full pipe.
        self.extra_stdout: list[bytes] = []
        threading.Thread(target=self._drain, daemon=True).start()
        self.channel = grpc.insecure_channel(
            f"127.0.0.1:{self.port}",
            options=[
                ("grpc.max_receive_message_length", 256 * 1024 * 1024),
                ("grpc.max_send_message_length", 256 * 1024 * 1024),
            ],
        )
        grpc.channel_ready_future(self.channel).result(timeout=STARTUP_TIMEOUT)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def _read_port(self) -> int:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        buf = b""
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise RuntimeError(f"provider printed no port within {STARTUP_TIMEOUT}s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1)
            if not chunk:
                rc = self.proc.wait(timeout=5)
                raise RuntimeError(
                    f"provider exited ({rc}) before printing its port; log:\n{self.log()}"
                )
            buf += chunk
        line = buf.decode().strip()
        assert line.isdigit(), f"first stdout line is not a port: {line!r}"
        return int(line)

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for chunk in iter(lambda: self.proc.stdout.read(4096), b""):
            self.extra_stdout.append(chunk)

    def log(self) -> str:
        self._log.flush()
        try:
            return self.log_path.read_text(errors="replace")[-8000:]
        except OSError:
            return ""

    def terminate(self, close_channel: bool = True, timeout: float = SHUTDOWN_TIMEOUT) -> int | None:
        """Sends SIGTERM and returns the exit code, or None if it did not exit in time."""
        if close_channel:
            self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        try:
            self.channel.close()
        except Exception:
            pass
        self._log.close()


@pytest.fixture(scope="session")
def provider_bin() -> Path:
    path = Path(os.environ.get("PROVIDER_BIN") or DEFAULT_BIN)
    if not path.exists():
        if "PROVIDER_BIN" in os.environ:
            pytest.fail(f"PROVIDER_BIN={path} does not exist")
        subprocess.run(["cargo", "build"], cwd=REPO, check=True)
    assert path.exists(), f"provider binary missing after build: {path}"
    return path


def _local_cognito_path() -> str:
    """The launcher of the project's local Cognito (moto plus localcognito's additions)."""
    if os.environ.get("LOCAL_COGNITO"):
        return os.environ["LOCAL_COGNITO"]
    return str(REPO / "scripts" / "local-cognito.sh")


@pytest.fixture(scope="session")
def moto_url(tmp_path_factory) -> str:
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    exe = _local_cognito_path()
    last_err = None
    for _attempt in range(5):
        port = free_port()
        log = open(log_path, "wb")
        env = dict(os.environ)
        # The request recorder (used by `moto_recorder`) writes here; it is off until started.
        env["MOTO_RECORDER_FILEPATH"] = str(log_path.with_name("recording.jsonl"))
        env.pop("MOTO_ENABLE_RECORDING", None)
        proc = subprocess.Popen(
            [exe, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=log_path.parent,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        ready = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=2) as r:
                    if r.status == 200:
                        ready = True
                        break
            except (urllib.error.URLError, ConnectionError, OSError) as e:
                last_err = e
            time.sleep(0.2)
        if ready:
            break
        proc.kill()
        proc.wait()
        log.close()
    else:
        pytest.fail(f"the local Cognito did not start: {last_err}\n{log_path.read_text(errors='replace')}")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


class MotoRecorder:
    """moto's request recorder: which AWS calls reached moto while recording."""

    def __init__(self, url: str):
        self.url = url

    def _api(self, action: str, method: str = "POST") -> str:
        req = urllib.request.Request(f"{self.url}/moto-api/recorder/{action}", method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200, (action, r.status)
            return r.read().decode()

    @contextmanager
    def record(self):
        """Records the requests made inside the block; yields a list filled in at exit."""
        calls: list[dict[str, Any]] = []
        self._api("reset-recording")
        self._api("start-recording")
        try:
            yield calls
        finally:
            self._api("stop-recording")
            for line in self._api("download-recording", "GET").splitlines():
                if not line.strip():
                    continue
                e = json.loads(line)
                body = e.get("body") or ""
                if e.get("body_encoded"):
                    body = base64.b64decode(body).decode(errors="replace")
                headers = {k.lower(): v for k, v in (e.get("headers") or {}).items()}
                target = headers.get("x-amz-target", "")
                try:
                    parsed = json.loads(body) if body else {}
                except ValueError:
                    parsed = {"_raw": body}
                calls.append({
                    # e.g. "UpdateIdentityPool" from "AWSCognitoIdentityService.UpdateIdentityPool"
                    "action": target.rsplit(".", 1)[-1],
                    "body": parsed,
                    "user_agent": headers.get("user-agent", ""),
                })


@pytest.fixture(scope="session")
def moto_recorder(moto_url) -> MotoRecorder:
    return MotoRecorder(moto_url)


@pytest.fixture(scope="session")
def aws_clients(moto_url):
    kw = dict(
        endpoint_url=moto_url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return boto3.client("cognito-idp", **kw), boto3.client("cognito-identity", **kw)


@pytest.fixture(scope="session")
def idp(aws_clients):
    return aws_clients[0]


@pytest.fixture(scope="session")
def identity(aws_clients):
    return aws_clients[1]


@pytest.fixture(scope="session")
def start_provider(provider_bin, tmp_path_factory):
    """Factory: starts a fresh provider process; every one still alive is killed at the end."""
    started: list[ProviderProcess] = []

    def start() -> ProviderProcess:
        tmp = tmp_path_factory.mktemp("provider")
        p = ProviderProcess(provider_bin, provider_env(tmp), tmp / "provider.log")
        started.append(p)
        return p

    yield start
    for p in started:
        p.kill()


def configure_args(moto_url: str) -> dict[str, Any]:
    return {
        "region": REGION,
        "endpoint": moto_url,
        "accessKey": "testing",
        "secretKey": "testing",
        "maxRetries": 0,
    }


@pytest.fixture(scope="session")
def provider_proc(start_provider) -> ProviderProcess:
    """One provider process for the session; at the end it must exit 0 on SIGTERM."""
    p = start_provider()
    yield p
    rc = p.terminate(close_channel=True)
    log = p.log()
    assert rc == 0, f"provider did not exit cleanly on SIGTERM (rc={rc}); log:\n{log}"


@pytest.fixture(scope="session")
def stub(provider_proc):
    return provider_proc.stub


@pytest.fixture(scope="session")
def configured(stub, moto_url):
    """The session provider after CheckConfig + Configure against moto, as the engine does."""
    args = configure_args(moto_url)
    prov_urn = "urn:pulumi:dev::proj::pulumi:providers:cognito::default"
    checked = stub.CheckConfig(
        provider_pb2.CheckRequest(urn=prov_urn, olds=to_struct({}), news=to_struct(args)),
        timeout=RPC_TIMEOUT,
    )
    assert list(checked.failures) == [], checked.failures
    resp = stub.Configure(
        provider_pb2.ConfigureRequest(
            variables={
                "cognito:config:region": REGION,
                "cognito:config:endpoint": moto_url,
                "cognito:config:accessKey": "testing",
                "cognito:config:secretKey": "testing",
                "cognito:config:maxRetries": "0",
            },
            args=checked.inputs,
            acceptSecrets=True,
            acceptResources=True,
        ),
        timeout=RPC_TIMEOUT,
    )
    return resp


@pytest.fixture()
def client(stub, configured) -> "Client":
    return Client(stub)


# --------------------------------------------------------------------------------------
# An engine-like client
# --------------------------------------------------------------------------------------


class Client:
    """Thin wrappers that build requests the way the Pulumi engine does."""

    def __init__(self, stub: provider_pb2_grpc.ResourceProviderStub):
        self.stub = stub

    def check(self, ty, name, news, olds=None, seed: bytes | None = None):
        return self.stub.Check(
            provider_pb2.CheckRequest(
                urn=urn(ty, name),
                type=ty,
                name=name,
                olds=to_struct(olds or {}),
                news=to_struct(news),
                randomSeed=seed if seed is not None else os.urandom(32),
            ),
            timeout=RPC_TIMEOUT,
        )

    def checked(self, ty, name, news, olds=None, seed=None) -> dict[str, Any]:
        """Check that must pass; returns the checked inputs as a dict."""
        r = self.check(ty, name, news, olds, seed)
        assert list(r.failures) == [], [(f.property, f.reason) for f in r.failures]
        return from_struct(r.inputs)

    def create(self, ty, name, inputs, preview=False):
        return self.stub.Create(
            provider_pb2.CreateRequest(
                urn=urn(ty, name),
                type=ty,
                name=name,
                properties=to_struct(inputs),
                timeout=RPC_TIMEOUT,
                preview=preview,
            ),
            timeout=RPC_TIMEOUT,
        )

    def diff(self, ty, name, id_, old_inputs, old_outputs, news):
        return self.stub.Diff(
            provider_pb2.DiffRequest(
                id=id_,
                urn=urn(ty, name),
                type=ty,
                name=name,
                olds=to_struct(old_outputs),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs),
            ),
            timeout=RPC_TIMEOUT,
        )

    def update(self, ty, name, id_, old_inputs, old_outputs, news, preview=False):
        return self.stub.Update(
            provider_pb2.UpdateRequest(
                id=id_,
                urn=urn(ty, name),
                type=ty,
                name=name,
                olds=to_struct(old_outputs),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs),
                timeout=RPC_TIMEOUT,
                preview=preview,
            ),
            timeout=RPC_TIMEOUT,
        )

    def read(self, ty, name, id_, inputs=None, properties=None):
        req = provider_pb2.ReadRequest(id=id_, urn=urn(ty, name), type=ty, name=name)
        if inputs is not None:
            req.inputs.CopyFrom(to_struct(inputs))
        if properties is not None:
            req.properties.CopyFrom(to_struct(properties))
        return self.stub.Read(req, timeout=RPC_TIMEOUT)

    def delete(self, ty, name, id_, old_inputs=None, outputs=None):
        return self.stub.Delete(
            provider_pb2.DeleteRequest(
                id=id_,
                urn=urn(ty, name),
                type=ty,
                name=name,
                properties=to_struct(outputs or {}),
                old_inputs=to_struct(old_inputs or {}),
                timeout=RPC_TIMEOUT,
            ),
            timeout=RPC_TIMEOUT,
        )
