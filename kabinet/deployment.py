"""The start-up guard of every entry point (web, ASGI, worker, command line): with DEBUG off,
the development secret key that ships in the code refuses to start.

The guard runs where a process starts serving, not when settings are read, so that tests and
type checks (which read settings without any environment) need no secret.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

# Public in this repository: anyone can sign sessions and password-reset links with it.
DEVELOPMENT_SECRET_KEY = "kabinet-dev-only-insecure-secret-key-change-me-in-production"


def refuse_development_secret(
    *, debug: bool, secret_key: str | bytes, fallbacks: Iterable[str | bytes]
) -> None:
    """Raise ImproperlyConfigured when DEBUG is off and the development key signs or verifies."""
    if debug:
        return
    if DEVELOPMENT_SECRET_KEY in (secret_key, *fallbacks):
        raise ImproperlyConfigured(
            "SECRET_KEY is the development key that ships with Kabinet, and DEBUG is off. "
            "Set SECRET_KEY to a long random value of your own (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 "
            "on a development machine."
        )


def check_secret_key() -> None:
    """The guard applied to the configured settings; entry points call it before serving."""
    from django.conf import settings

    refuse_development_secret(
        debug=settings.DEBUG,
        secret_key=settings.SECRET_KEY,
        fallbacks=settings.SECRET_KEY_FALLBACKS,
    )
