"""localcognito/keycache.py: moto's RSA key is parsed once, not in every CreateUserPool."""

import sys

from conftest import REPO

sys.path.insert(0, str(REPO))

from joserfc import jwk  # noqa: E402

from localcognito import keycache  # noqa: E402
from moto.utilities.utils import load_resource  # noqa: E402


def test_same_key_content_gives_the_same_parsed_key():
    assert keycache.install() is True
    assert keycache.install() is True  # idempotent
    content = load_resource("cognitoidp/resources/jwks-private.json")
    first = jwk.RSAKey.import_key(content)
    second = jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    assert first is second
    assert first.is_private


def test_other_calls_are_left_alone():
    keycache.install()
    generated = jwk.RSAKey.generate_key(2048)
    public = generated.as_dict(private=False)
    a = jwk.RSAKey.import_key(public, {"use": "sig"})  # extra arguments: not cached
    b = jwk.RSAKey.import_key(public, {"use": "sig"})
    assert a is not b and a.as_dict() == b.as_dict()
