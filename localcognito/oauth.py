"""The OAuth 2.0 token endpoint of a user pool domain: `POST /oauth2/token`.

AWS serves it at `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token` (or the
custom domain). Here it is `POST http://127.0.0.1:<port>/oauth2/token`; the pool is the one
whose app client authenticates, and it must have a domain, as on AWS. A `Host` header naming
a Cognito prefix domain (`<prefix>.auth.<region>.amazoncognito.com`) must name that pool's
domain.

Only the `client_credentials` grant is served (machine-to-machine clients): the other grants
need the hosted login pages, which localcognito does not have. Errors follow the Cognito
documentation of the token endpoint: HTTP 400 with `{"error": "..."}`, one of
`invalid_request`, `invalid_client`, `unauthorized_client`, `invalid_scope` and
`unsupported_grant_type`.

The access token is an RS256 JWT signed with the key moto publishes at
`/<poolId>/.well-known/jwks.json`, with the claims Cognito puts in a client-credentials
access token: `sub` and `client_id` (the client), `token_use` `access`, `scope`,
`auth_time`, `iss`, `exp`, `iat`, `version` 2 and `jti`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
import uuid
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

from joserfc import jwt
from moto.cognitoidp.models import cognitoidp_backends

from .common import LOCK

PATH = "/oauth2/token"
_PREFIX_HOST = re.compile(r"^([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com(:\d+)?$")
_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


class OAuthError(Exception):
    """An error the token endpoint answers with (HTTP 400 unless said otherwise)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def handles(environ: dict) -> bool:
    """Whether this request is for the token endpoint."""
    return environ.get("PATH_INFO", "") == PATH


def serve(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Answers one token request."""
    try:
        with LOCK:
            body = token(environ)
        return _reply(start_response, 200, body)
    except OAuthError as e:
        return _reply(start_response, e.status,
                      {"error": e.error, "error_description": e.description})


def token(environ: dict) -> dict[str, Any]:
    """The token response for a request, or an `OAuthError`."""
    if environ.get("REQUEST_METHOD") != "POST":
        raise OAuthError("invalid_request", "The token endpoint accepts only POST.", 405)
    ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise OAuthError("invalid_request",
                         "Content-Type must be application/x-www-form-urlencoded.")
    try:
        n = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        n = 0
    raw = environ["wsgi.input"].read(n) if n > 0 else b""
    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    client_id, secret = _client_credentials(environ, form)
    grant = form.get("grant_type")
    if not grant:
        raise OAuthError("invalid_request", "grant_type is required.")
    if grant not in ("client_credentials", "authorization_code", "refresh_token"):
        raise OAuthError("unsupported_grant_type", f"Unknown grant_type {grant!r}.")
    pool, client = _find_client(client_id)
    if client is None or not client.generate_secret or secret != client.secret:
        raise OAuthError("invalid_client", "Client authentication failed.")
    domain = _pool_domain(pool)
    if domain is None:
        raise OAuthError("invalid_request",
                         f"User pool {pool.id} has no domain, so it has no token endpoint.", 404)
    m = _PREFIX_HOST.match(environ.get("HTTP_HOST", ""))
    if m and (m.group(1) != domain.domain or m.group(2) != pool.region):
        raise OAuthError("invalid_client", "The client does not belong to this domain's user pool.")
    if grant != "client_credentials":
        raise OAuthError("unsupported_grant_type",
                         f"localcognito serves only client_credentials, not {grant} (that grant "
                         "needs the hosted login pages).")
    cfg = client.extended_config
    if not cfg.get("AllowedOAuthFlowsUserPoolClient") or \
            "client_credentials" not in (cfg.get("AllowedOAuthFlows") or []):
        raise OAuthError("unauthorized_client",
                         "The client is not allowed the client_credentials flow.")
    scopes = _scopes(pool, cfg, form.get("scope"))
    now = int(time.time())
    lifetime = _access_token_seconds(cfg)
    claims = {
        "sub": client.id,
        "token_use": "access",
        "scope": " ".join(scopes),
        "auth_time": now,
        "iss": f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}",
        "exp": now + lifetime,
        "iat": now,
        "version": 2,
        "jti": str(uuid.uuid4()),
        "client_id": client.id,
    }
    access = jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key)
    return {"access_token": access, "expires_in": lifetime, "token_type": "Bearer"}


def _client_credentials(environ: dict, form: dict) -> tuple[str, str | None]:
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if auth.lower().startswith("basic "):
        try:
            user, _, pw = base64.b64decode(auth[6:].strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise OAuthError("invalid_client", "The Authorization header is not valid Basic auth.") from None
        return user, pw
    if "client_id" not in form:
        raise OAuthError("invalid_client", "No client_id: send Basic auth or client_id.")
    return form["client_id"], form.get("client_secret")


def _find_client(client_id: str) -> tuple[Any, Any]:
    for account in list(cognitoidp_backends.keys()):
        for backend in list(cognitoidp_backends[account].values()):
            for pool in backend.user_pools.values():
                if client_id in pool.clients:
                    return pool, pool.clients[client_id]
    return None, None


def _pool_domain(pool: Any) -> Any:
    for account in list(cognitoidp_backends.keys()):
        backend = cognitoidp_backends[account].get(pool.region) if pool.region in \
            cognitoidp_backends[account] else None
        if backend is None:
            continue
        for d in backend.user_pool_domains.values():
            if d.user_pool_id == pool.id:
                return d
    return None


def _scopes(pool: Any, cfg: dict, asked: str | None) -> list[str]:
    allowed = [s for s in (cfg.get("AllowedOAuthScopes") or []) if _is_custom(pool, s)]
    if asked is None or not asked.strip():
        if not allowed:
            raise OAuthError("invalid_scope", "The client is allowed no resource server scope.")
        return allowed
    wanted = asked.split()
    for s in wanted:
        if s not in allowed:
            raise OAuthError("invalid_scope", f"Scope {s!r} is not allowed for this client.")
    return wanted


def _is_custom(pool: Any, scope: str) -> bool:
    """A resource server scope (`<identifier>/<name>`) that exists in the pool."""
    ident, sep, name = scope.rpartition("/")
    server = pool.resource_servers.get(ident) if sep else None
    if server is None:
        return False
    return any(s.get("ScopeName") == name for s in (server.scopes or []))


def _access_token_seconds(cfg: dict) -> int:
    value = cfg.get("AccessTokenValidity")
    if not value:
        return 3600
    unit = (cfg.get("TokenValidityUnits") or {}).get("AccessToken", "hours")
    return int(value) * _UNITS.get(unit, 3600)


def _reply(start_response: Callable, status: int, body: dict) -> list[bytes]:
    payload = json.dumps(body).encode()
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
    start_response(f"{status} {reasons.get(status, 'Error')}", [
        ("Content-Type", "application/json;charset=UTF-8"),
        ("Content-Length", str(len(payload))),
    ])
    return [payload]
