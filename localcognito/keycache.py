"""Parse moto's one RSA signing key once, not in every CreateUserPool.

moto gives every user pool the same RSA key, read from one file it ships
(cognitoidp/resources/jwks-private.json), but parses and validates that key again in each
CreateUserPool: about 90-150 ms of CPU under Python's global interpreter lock, during which
every other request waits. AWS has no such cost, and with it moto alone cannot create more
than a handful of pools a second (under Cognito's quota of 15), so a test or benchmark of
pacing would measure moto. `install()` makes `joserfc.jwk.RSAKey.import_key` remember the
keys it has parsed, keyed by their content, so every pool gets the same parsed key object
(its content was the same anyway). Nothing else changes.

Set LOCALCOGNITO_KEY_CACHE=0 to leave moto's behaviour alone.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from joserfc import jwk

_installed = False
_lock = threading.Lock()


def install() -> bool:
    """Installs the cache (once); returns whether it is active."""
    global _installed
    if os.environ.get("LOCALCOGNITO_KEY_CACHE", "1") == "0":
        return False
    with _lock:
        if _installed:
            return True
        original = jwk.RSAKey.import_key.__func__  # the classmethod's function
        parsed: dict[str, Any] = {}

        def import_key(cls, value, *args, **kwargs):
            # Only the plain one-argument form on RSAKey itself, which is how moto calls it.
            if cls is not jwk.RSAKey or args or kwargs:
                return original(cls, value, *args, **kwargs)
            key = repr(value)
            found = parsed.get(key)
            if found is None:
                found = parsed[key] = original(cls, value)
            return found

        jwk.RSAKey.import_key = classmethod(import_key)
        _installed = True
        return True
