"""The WSGI application: moto's server, with localcognito's handlers in front of it.

`POST /oauth2/token` is a user pool domain's token endpoint (`oauth.py`). A request whose
`X-Amz-Target` names an operation in `common.HANDLERS` is answered by
that handler (which may hand it on to moto after a check, or change moto's answer);
everything else goes to moto unchanged. moto's request recorder (`/moto-api/recorder/`)
still sees every request once, as the client sent it.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import threading
import traceback
from typing import Any, Callable, Iterable

from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.request import Request as MotoRequest
from moto.core.utils import camelcase_to_underscores
from moto.iam.models import get_account_id_from
from moto.moto_api import recorder
from moto.server import DomainDispatcherApplication, create_backend_app

from . import common, fixes, identity, idp, oauth  # noqa: F401  (fixes, identity, idp register handlers)
from .common import HANDLERS, IDENTITY, IDP, LOCK, TARGET_PREFIX, AwsError, Ctx, MotoReply

JSON_TYPE = "application/x-amz-json-1.1"

# ---------------------------------------------------------------------------------------
# Recording: the client's request is recorded once, never the copies handed to moto.
# ---------------------------------------------------------------------------------------

_quiet = threading.local()
_record_request = recorder._record_request


def _record_unless_internal(request: Any, body: Any = None) -> None:
    if getattr(_quiet, "on", False):
        return
    _record_request(request, body)


recorder._record_request = _record_unless_internal  # type: ignore[method-assign]

_SIGNING_REGION = re.compile(r"Credential=[^/]+/[^/]+/([^/]+)/")
_ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")


class LocalCognito:
    """WSGI app: moto's DomainDispatcherApplication plus the handlers in HANDLERS."""

    def __init__(self) -> None:
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if oauth.handles(environ):
            return oauth.serve(environ, start_response)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        prefix, _, op = target.partition(".")
        service = TARGET_PREFIX.get(prefix)
        if service is None:
            return self.moto(environ, start_response)
        handler = HANDLERS.get((service, op))
        if handler is None:
            return self._moto_checked(service, op, environ, start_response)
        return self._handle(service, op, handler, environ, start_response)

    # -- requests localcognito answers ------------------------------------------------
    def _handle(self, service: str, op: str, handler: Callable[[Ctx], Any],
                environ: dict, start_response: Callable) -> Iterable[bytes]:
        body = _read_body(environ)
        _record_request(MotoRequest(environ), body)
        try:
            try:
                params = json.loads(body or b"{}")
            except ValueError:
                raise AwsError("SerializationException", "The request body is not valid JSON.") from None
            if not isinstance(params, dict):
                raise AwsError("SerializationException", "The request body must be a JSON object.")
            region, account = self._region_account(environ, params)
            ctx = Ctx(service, op, params, region, account,
                      lambda p: self._call_moto(environ, p))
            with LOCK:
                result = handler(ctx)
        except AwsError as e:
            return _error(start_response, e.code, e.message, e.status)
        except JsonRESTError as e:  # raised by a moto backend method a handler called
            return _error(start_response, e.error_type, e.message, e.code if e.code < 500 else 400)
        except Exception as e:  # a bug in localcognito: say so, loudly
            traceback.print_exc(file=sys.stderr)
            return _error(start_response, "InternalErrorException",
                          f"localcognito failed on {op}: {type(e).__name__}: {e}", 500)
        if isinstance(result, MotoReply):
            start_response(_status_line(result.status), result.headers)
            return [result.body]
        payload = common.to_json_bytes({} if result is None else result)
        start_response("200 OK", [("Content-Type", JSON_TYPE),
                                  ("Content-Length", str(len(payload)))])
        return [payload]

    def _region_account(self, environ: dict, params: dict) -> tuple[str, str]:
        """The request's region and account, found as moto finds them."""
        auth = environ.get("HTTP_AUTHORIZATION", "")
        m = _SIGNING_REGION.search(auth)
        if m:
            region = m.group(1)
        else:  # unsigned (GetId, GetCredentialsForIdentity): the ID carries the region
            region = "us-east-1"
            for key in ("IdentityPoolId", "IdentityId", "UserPoolId"):
                v = params.get(key)
                if isinstance(v, str) and ("_" in v or ":" in v):
                    region = re.split(r"[_:]", v, maxsplit=1)[0]
                    break
        if os.environ.get("MOTO_ACCOUNT_ID"):
            account = os.environ["MOTO_ACCOUNT_ID"]
        elif environ.get("HTTP_X_MOTO_ACCOUNT_ID"):
            account = environ["HTTP_X_MOTO_ACCOUNT_ID"]
        else:
            k = _ACCESS_KEY.search(auth)
            account = get_account_id_from(k.group(1) if k else "AKIAEXAMPLE")
        return region, account

    def _call_moto(self, environ: dict, params: dict) -> MotoReply:
        """Runs moto's handler on a copy of the request with `params` as its input."""
        body = json.dumps(params).encode()
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(body)
        env["CONTENT_LENGTH"] = str(len(body))
        captured: dict[str, Any] = {}

        def start(status: str, headers: list, exc_info: Any = None) -> None:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = headers

        _quiet.on = True
        try:
            chunks = self.moto(env, start)
            out = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        finally:
            _quiet.on = False
        headers = [(k, v) for k, v in captured.get("headers", []) if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(out))))
        return MotoReply(captured.get("status", 500), headers, out)

    # -- requests moto answers --------------------------------------------------------
    def _moto_checked(self, service: str, op: str, environ: dict,
                      start_response: Callable) -> Iterable[bytes]:
        """moto answers; an operation moto does not have gets a JSON 501 (which SDKs do
        not retry) instead of moto's HTML 500, and a crash in moto a JSON 500."""
        responder = CognitoIdpResponse if service == IDP else CognitoIdentityResponse
        if op and not hasattr(responder, camelcase_to_underscores(op)):
            return _error(start_response, "NotImplementedException",
                          f"{op} is implemented neither by moto nor by localcognito.", 501)
        captured: dict[str, Any] = {}

        def start(status: str, headers: list, exc_info: Any = None) -> Callable:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        try:
            chunks = self.moto(environ, start)
            out = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        except Exception:  # moto's Flask app runs in debug mode and lets exceptions through
            traceback.print_exc(file=sys.stderr)
            captured["status"], out = "500 Internal Server Error", b""
        if captured["status"].startswith("5") and b"__type" not in out:
            return _error(start_response, "InternalErrorException",
                          f"moto failed on {op} (its traceback is in the server's log).", 500)
        start_response(captured["status"], captured["headers"])
        return [out]


def _read_body(environ: dict) -> bytes:
    try:
        n = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        n = 0
    body = environ["wsgi.input"].read(n) if n > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _status_line(status: int) -> str:
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error",
               501: "Not Implemented"}
    return f"{status} {reasons.get(status, 'Unknown')}"


def _error(start_response: Callable, code: str, message: str, status: int = 400) -> list[bytes]:
    payload = json.dumps({"__type": code, "message": message}).encode()
    start_response(_status_line(status), [
        ("Content-Type", JSON_TYPE),
        ("x-amzn-ErrorType", code),
        ("Content-Length", str(len(payload))),
    ])
    return [payload]


__all__ = ["LocalCognito", "IDP", "IDENTITY"]
