"""moto_server for the benchmarks: moto as it is, less one cost that AWS does not have.

moto gives every user pool the same RSA signing key, read from one file it ships
(cognitoidp/resources/jwks-private.json), but parses and validates that key again in every
CreateUserPool: about 150 ms of CPU under Python's global interpreter lock on the 2-core
benchmark machine. moto alone then cannot create more than about 6 pools a second, under
Cognito's quota of 15, and every other request waits behind it, so a benchmark of pacing
against the quotas would measure moto. This wrapper parses that key once and hands every
pool the same key object (its content was already the same). Everything else is moto.

Usage (benches/stacks.rs runs it; `--plain-moto` there uses the stock moto_server):
    <venv>/bin/python bench/moto_server.py -H 127.0.0.1 -p PORT
"""

import sys

from joserfc import jwk
from moto.server import main

_import_key = jwk.RSAKey.import_key.__func__
_cache: dict = {}


def _cached_import_key(cls, value, *args, **kwargs):
    if cls is not jwk.RSAKey or args or kwargs:
        return _import_key(cls, value, *args, **kwargs)
    k = repr(value)
    key = _cache.get(k)
    if key is None:
        key = _cache[k] = _import_key(cls, value)
    return key


jwk.RSAKey.import_key = classmethod(_cached_import_key)

if __name__ == "__main__":
    sys.exit(main())
