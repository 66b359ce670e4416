"""The one seam to the identity provider: Authlib's Django client built from ``config``.

Authlib creates and checks state, nonce and the PKCE verifier, validates the ID token
(signature against the provider's JWKS, issuer, audience, expiry, nonce) and keeps the
per-attempt data in the Django session. Nothing here decides who a person is.
"""

from __future__ import annotations

import time
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import JoseError

from kabinet.sso.config import Provider

NAME = "kabinet"

# Discovery documents and keys are kept this long per process; an unknown key id in an ID
# token makes Authlib fetch the key set again at once.
METADATA_TTL_SECONDS = 3600


class ProtocolError(Exception):
    """The provider answered, but not with what OpenID Connect requires."""


# Everything a provider (or a visitor tampering with the callback) can make the client raise:
# protocol errors and a state mismatch, bad or unverifiable tokens, a provider that is down or
# answers garbage, and Authlib's RuntimeError for metadata without the endpoints it needs.
PROVIDER_ERRORS: tuple[type[Exception], ...] = (
    ProtocolError,
    AuthlibBaseError,
    JoseError,
    requests.RequestException,
    ValueError,
    KeyError,
    RuntimeError,
)

_apps: dict[Provider, tuple[float, DjangoOAuth2App]] = {}


def app_for(provider: Provider) -> DjangoOAuth2App:
    cached = _apps.get(provider)
    if cached is not None and time.monotonic() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    metadata: dict[str, Any] = {"issuer": provider.issuer}
    if provider.jwks_url:
        metadata["jwks_uri"] = provider.jwks_url
    if provider.userinfo_url:
        metadata["userinfo_endpoint"] = provider.userinfo_url
    client_kwargs: dict[str, Any] = {
        "scope": provider.scopes,
        "code_challenge_method": "S256",
        "default_timeout": provider.timeout,
    }
    if not provider.client_secret:
        client_kwargs["token_endpoint_auth_method"] = "none"
    app = DjangoOAuth2App(
        DjangoIntegration(NAME),
        NAME,
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        authorize_url=provider.authorization_url or None,
        access_token_url=provider.token_url or None,
        server_metadata_url=provider.discovery_url if provider.needs_discovery else None,
        client_kwargs=client_kwargs,
        **metadata,
    )
    _apps[provider] = (time.monotonic(), app)
    return app


def redirect_to_provider(
    request: HttpRequest, provider: Provider, redirect_uri: str
) -> HttpResponseRedirect:
    """The authorization request; the state, nonce and code verifier go into the session."""
    app = app_for(provider)
    _check_issuer(app, provider)
    response = app.authorize_redirect(request, redirect_uri)
    assert isinstance(response, HttpResponseRedirect)
    return response


def verified_claims(request: HttpRequest, provider: Provider) -> dict[str, Any]:
    """Claims of the callback's ID token after every check; raises one of PROVIDER_ERRORS.

    The issuer is checked against the configured one whether or not discovery was used.
    When the ID token lacks the email, the userinfo endpoint is asked, and its answer is
    used only if it names the same subject (OpenID Connect Core 5.3.2).
    """
    app = app_for(provider)
    token = app.authorize_access_token(
        request, claims_options={"iss": {"essential": True, "value": provider.issuer}}
    )
    userinfo = token.get("userinfo")
    if not userinfo:
        raise ProtocolError("the token response carried no ID token")
    claims = dict(userinfo)
    if "email" not in claims and app.load_server_metadata().get("userinfo_endpoint"):
        extra = dict(app.userinfo(token=token))
        if extra.get("sub") == claims["sub"]:
            claims = {**extra, **claims}
    return claims


def _check_issuer(app: DjangoOAuth2App, provider: Provider) -> None:
    """A discovery document must name the issuer it was fetched for (Discovery 4.3)."""
    published = app.load_server_metadata().get("issuer")
    if published != provider.issuer:
        _apps.pop(provider, None)
        raise ProtocolError(f"discovery names issuer {published!r}, not {provider.issuer!r}")
