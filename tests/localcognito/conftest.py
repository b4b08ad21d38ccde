"""Fixtures for testing localcognito on its own, with boto3, independent of the provider.

One launcher per test session, started the way everyone starts it
(`scripts/local-cognito.sh`, port from its first stdout line). Tests make their own pools
with unique names and never reset the shared server, except through the `fresh_server`
fixture, which starts a private one.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import threading
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "local-cognito.sh"
REGION = "us-east-1"
ACCOUNT = "123456789012"
START_TIMEOUT = 120  # seconds; the first run may install the venv


class Server:
    """A running scripts/local-cognito.sh."""

    def __init__(self, log_path: Path, *args: str, env: dict[str, str] | None = None):
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [str(SCRIPT), *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._log, env=env, cwd=log_path.parent,
        )
        self.first_line = self._first_line()
        prefix = "listening on "
        if not self.first_line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"unexpected first line {self.first_line!r}; log:\n{log_path.read_text()}")
        self.url = self.first_line[len(prefix):]
        self.port = int(self.url.rsplit(":", 1)[1])
        # Drain the rest of stdout so the launcher never blocks on a full pipe.
        self.rest: list[bytes] = []
        threading.Thread(target=lambda: self.rest.extend(self.proc.stdout), daemon=True).start()

    def _first_line(self) -> str:
        box: list[bytes] = []
        t = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        if not box:
            self.stop()
            raise RuntimeError(f"no first line within {START_TIMEOUT}s; log:\n{self.log_path.read_text()}")
        return box[0].decode().rstrip("\n")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def clients(self):
        kw = dict(endpoint_url=self.url, region_name=REGION, aws_access_key_id="testing",
                  aws_secret_access_key="testing",
                  config=Config(retries={"max_attempts": 1, "mode": "standard"}))
        return boto3.client("cognito-idp", **kw), boto3.client("cognito-identity", **kw)

    def http(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def call(self, target: str, body: Any) -> tuple[int, dict[str, Any]]:
        """One raw JSON-protocol request, unsigned; returns (status, parsed body)."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        status, _, out = self.http("POST", "/", data, {
            "X-Amz-Target": target,
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=testing/20260101/{REGION}/"
                             f"{'cognito-idp' if 'Provider' in target else 'cognito-identity'}/aws4_request, "
                             "SignedHeaders=host, Signature=0",
        })
        try:
            return status, json.loads(out or b"{}")
        except ValueError:
            return status, {"_raw": out.decode(errors="replace")}


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    env = dict(os.environ)
    env.pop("AWS_ENDPOINT_URL", None)
    s = Server(tmp_path_factory.mktemp("localcognito") / "server.log", env=env)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def clients(server):
    return server.clients()


@pytest.fixture(scope="session")
def idp(clients):
    return clients[0]


@pytest.fixture(scope="session")
def identity(clients):
    return clients[1]


_names = itertools.count()


def unique(prefix: str = "lc") -> str:
    return f"{prefix}{next(_names)}{uuid.uuid4().hex[:8]}"


@pytest.fixture
def pool(idp) -> dict:
    return idp.create_user_pool(PoolName=unique("pool"))["UserPool"]


@pytest.fixture
def client(idp, pool) -> dict:
    return idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="app")["UserPoolClient"]


@pytest.fixture
def domain(idp, pool) -> str:
    name = unique("dom")
    idp.create_user_pool_domain(UserPoolId=pool["Id"], Domain=name)
    return name


def aws_error(fn, *args, **kwargs) -> tuple[str, int, str]:
    """Calls fn expecting an AWS error; returns (code, HTTP status, message)."""
    with pytest.raises(ClientError) as info:
        fn(*args, **kwargs)
    err = info.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"].get("Message", "")


def expect_error(code: str, fn, *args, **kwargs) -> str:
    """Asserts fn fails with AWS error `code` and HTTP 400; returns the message."""
    got, status, message = aws_error(fn, *args, **kwargs)
    assert (got, status) == (code, 400), message
    return message


MISSING_POOL = "us-east-1_doesnotexist0000"
MISSING_IDENTITY_POOL = "us-east-1:00000000-0000-4000-8000-000000000000"
