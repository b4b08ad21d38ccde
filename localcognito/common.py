"""What every handler needs: AWS-style errors, the request context, the input validator.

The validator reads the shapes of the Cognito APIs from botocore's service models (the
same JSON that the AWS SDKs are generated from), so required members, enums, lengths,
patterns and ranges are checked the way the AWS API Reference lists them, with AWS's
"N validation errors detected" message.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
import uuid
from typing import Any, Callable

import botocore.session

from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.core import DEFAULT_ACCOUNT_ID

IDP = "cognito-idp"
IDENTITY = "cognito-identity"

# The X-Amz-Target prefix of each service (JSON 1.1 protocol).
TARGET_PREFIX = {
    "AWSCognitoIdentityProviderService": IDP,
    "AWSCognitoIdentityService": IDENTITY,
}

# One lock for every request that localcognito answers itself (or checks before moto
# answers it), so that a check and the write that depends on it cannot interleave with
# another such request.
LOCK = threading.RLock()


class AwsError(Exception):
    """An error as AWS's JSON protocol sends it: HTTP 400 and {"__type", "message"}."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message)


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message)


def now() -> float:
    """A timestamp as the JSON protocol carries it: epoch seconds."""
    return round(time.time(), 3)


def new_uuid() -> str:
    return str(uuid.uuid4())


def to_json_bytes(value: Any) -> bytes:
    return json.dumps(value, default=_json_default).encode()


def _json_default(v: Any) -> Any:
    # moto keeps datetimes on its models; the JSON protocol sends epoch seconds.
    if hasattr(v, "timestamp"):
        return v.timestamp()
    raise TypeError(f"cannot serialise {type(v).__name__}")


def decode_blob(value: Any, where: str) -> bytes:
    """A blob member arrives base64-encoded in the JSON protocol."""
    if not isinstance(value, str):
        raise AwsError("SerializationException", f"{where} must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise AwsError("SerializationException", f"{where} is not valid base64") from None


# ---------------------------------------------------------------------------------------
# Input validation against the service model
# ---------------------------------------------------------------------------------------

_MODELS: dict[str, Any] = {}
_PATTERNS: dict[str, re.Pattern | None] = {}


def service_model(service: str):
    model = _MODELS.get(service)
    if model is None:
        model = _MODELS[service] = botocore.session.get_session().get_service_model(service)
    return model


def _pattern(p: str) -> re.Pattern | None:
    if p not in _PATTERNS:
        try:
            _PATTERNS[p] = re.compile(p)
        except re.error:
            # Java-only syntax (\p{L} and friends) that Python's re lacks: not checked.
            _PATTERNS[p] = None
    return _PATTERNS[p]


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def validate(service: str, operation: str, params: dict, skip: tuple[str, ...] = ()) -> None:
    """Checks `params` against the operation's input shape; raises AWS's validation error.

    AWS answers constraint violations with "N validation error(s) detected: Value X at
    'path' failed to satisfy constraint: ...". Cognito user pools send that message as
    InvalidParameterException, Cognito identity pools as ValidationException.
    `skip` names top-level members whose rules the caller checks itself.
    """
    shape = service_model(service).operation_model(operation).input_shape
    errors: list[str] = []
    if shape is not None:
        _check(shape, params, "", errors, skip)
    if errors:
        n = len(errors)
        msg = f"{n} validation error{'s' if n > 1 else ''} detected: " + "; ".join(errors)
        raise AwsError("InvalidParameterException" if service == IDP else "ValidationException", msg)


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "'" + json.dumps(value)[:80] + "'"
    return f"'{value}'"


def _check(shape, value: Any, path: str, errors: list[str], skip: tuple[str, ...] = ()) -> None:
    t = shape.type_name
    m = shape.metadata
    if t == "structure":
        if shape.name == "Document" or not isinstance(value, dict):
            return
        for req in shape.required_members:
            if req in skip:
                continue
            if value.get(req) is None:
                errors.append(f"Value null at '{path}{_lower_first(req)}' failed to satisfy "
                              "constraint: Member must not be null")
        for name, member in shape.members.items():
            if name in skip or value.get(name) is None:
                continue
            _check(member, value[name], f"{path}{_lower_first(name)}.", errors)
        return
    where = path[:-1] if path.endswith(".") else path
    if t == "string":
        if not isinstance(value, str):
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: Member must be a string")
            return
        if "enum" in m and value not in m["enum"]:
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: "
                          f"Member must satisfy enum value set: [{', '.join(m['enum'])}]")
        _length(value, len(value), m, where, errors)
        if "pattern" in m:
            p = _pattern(m["pattern"])
            if p is not None and not p.fullmatch(value):
                errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: "
                              f"Member must satisfy regular expression pattern: {m['pattern']}")
    elif t == "blob":
        try:
            n = len(decode_blob(value, where))
        except AwsError as e:
            errors.append(e.message)
            return
        _length(value if n < 40 else "...", n, m, where, errors)
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: Member must be an integer")
            return
        if "min" in m and value < m["min"]:
            errors.append(f"Value '{value}' at '{where}' failed to satisfy constraint: "
                          f"Member must have value greater than or equal to {m['min']}")
        if "max" in m and value > m["max"]:
            errors.append(f"Value '{value}' at '{where}' failed to satisfy constraint: "
                          f"Member must have value less than or equal to {m['max']}")
    elif t == "boolean":
        if not isinstance(value, bool):
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: Member must be a boolean")
    elif t == "list":
        if not isinstance(value, list):
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: Member must be a list")
            return
        _length(value, len(value), m, where, errors)
        for i, item in enumerate(value):
            if item is not None:
                _check(shape.member, item, f"{where}.{i + 1}.member.", errors)
    elif t == "map":
        if not isinstance(value, dict):
            errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: Member must be a map")
            return
        _length(value, len(value), m, where, errors)
        for k, v in value.items():
            sub: list[str] = []
            _check(shape.key, k, f"{where}.key.", sub)
            if v is not None:
                _check(shape.value, v, f"{where}.{k}.", sub)
            errors.extend(sub)


def _length(value: Any, n: int, m: dict, where: str, errors: list[str]) -> None:
    if "min" in m and n < m["min"]:
        errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: "
                      f"Member must have length greater than or equal to {m['min']}")
    if "max" in m and n > m["max"]:
        errors.append(f"Value {_fmt(value)} at '{where}' failed to satisfy constraint: "
                      f"Member must have length less than or equal to {m['max']}")


# ---------------------------------------------------------------------------------------
# The request context handed to every handler
# ---------------------------------------------------------------------------------------


class Ctx:
    """One request: its operation, its parsed JSON input, its account and region, and
    access to moto's backends and to moto itself (`call_moto`)."""

    def __init__(self, service: str, op: str, params: dict, region: str, account: str,
                 call_moto: Callable[[dict], "MotoReply"]):
        self.service = service
        self.op = op
        self.params = params
        self.region = region
        self.account = account
        self._call_moto = call_moto

    # -- input ----------------------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        v = self.params.get(name)
        return default if v is None else v

    def validate(self, skip: tuple[str, ...] = ()) -> None:
        validate(self.service, self.op, self.params, skip)

    # -- moto -----------------------------------------------------------------------
    def moto(self, params: dict | None = None) -> "MotoReply":
        """Hands the request (or `params` in place of its input) to moto's own handler."""
        return self._call_moto(self.params if params is None else params)

    @property
    def idp(self):
        return cognitoidp_backends[self.account][self.region]

    @property
    def identity(self):
        return cognitoidentity_backends[self.account][self.region]

    def pool(self, pool_id: Any = None):
        """The moto user pool named by `pool_id` (default: the request's UserPoolId)."""
        pool_id = self.get("UserPoolId") if pool_id is None else pool_id
        pool = self.idp.user_pools.get(pool_id) if isinstance(pool_id, str) else None
        if pool is None:
            raise not_found(f"User pool {pool_id} does not exist.")
        return pool

    def client(self, pool, client_id: Any = None):
        client_id = self.get("ClientId") if client_id is None else client_id
        client = pool.clients.get(client_id) if isinstance(client_id, str) else None
        if client is None:
            raise not_found(f"User pool client {client_id} does not exist.")
        return client

    def identity_pool(self, pool_id: Any = None):
        """The moto identity pool named by `pool_id` (default: the request's IdentityPoolId).
        Its region is the ID's prefix, as in AWS."""
        pool_id = self.get("IdentityPoolId") if pool_id is None else pool_id
        pool = None
        if isinstance(pool_id, str):
            region = pool_id.split(":", 1)[0] if ":" in pool_id else self.region
            backend = identity_backend(self.account, region)
            pool = backend.identity_pools.get(pool_id) if backend is not None else None
        if pool is None:
            raise not_found(f"IdentityPool '{pool_id}' not found.")
        return pool


def identity_backend(account: str, region: str):
    try:
        return cognitoidentity_backends[account][region]
    except KeyError:
        return None  # not a region moto knows


def idp_backends_in_region(account: str, region: str) -> list:
    """The user pool backends of every account moto has seen, for one region (domain
    prefixes are unique per region across all of AWS, not per account)."""
    out = []
    for acct in {account, DEFAULT_ACCOUNT_ID, *list(cognitoidp_backends.keys())}:
        try:
            out.append(cognitoidp_backends[acct][region])
        except KeyError:
            pass
    return out


class MotoReply:
    """moto's answer to a request handed on to it."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.body or b"{}")


# ---------------------------------------------------------------------------------------
# The registry of operations localcognito answers
# ---------------------------------------------------------------------------------------

HANDLERS: dict[tuple[str, str], Callable[[Ctx], Any]] = {}


def operation(service: str, name: str):
    """Registers `fn` as the answer to `service`'s operation `name`."""

    def register(fn: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        key = (service, name)
        if key in HANDLERS:
            raise RuntimeError(f"{service} {name} registered twice")
        HANDLERS[key] = fn
        return fn

    return register


def paginate(items: list, max_results: Any, next_token: Any, default: int = 60) -> tuple[list, str | None]:
    """Index-based paging with an opaque token, for the list calls localcognito answers."""
    start = 0
    if next_token is not None:
        try:
            start = int(base64.b64decode(next_token).decode().split(":", 1)[1])
        except (ValueError, IndexError, binascii.Error, UnicodeDecodeError):
            raise invalid("Invalid NextToken.") from None
    size = max_results if isinstance(max_results, int) and max_results > 0 else default
    page = items[start:start + size]
    end = start + len(page)
    token = base64.b64encode(f"lc:{end}".encode()).decode() if end < len(items) else None
    return page, token
