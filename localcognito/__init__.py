"""localcognito: a local Amazon Cognito for tests, moto's server plus what it lacks.

A test double that follows the AWS API Reference, not AWS: see docs/local-cognito.md.
Start it with `scripts/local-cognito.sh [--port N]` or `python -m localcognito`.
"""

__all__ = ["make_app"]


def make_app():
    """The WSGI application (moto's server with localcognito's handlers in front)."""
    from . import keycache

    keycache.install()
    from .app import LocalCognito

    return LocalCognito()
