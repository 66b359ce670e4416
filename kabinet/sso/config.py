"""The identity provider as configured in settings (from the environment), or None.

Read at request time, never at import, so that a deployment or a test changes it in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    discovery_url: str
    authorization_url: str
    token_url: str
    jwks_url: str
    userinfo_url: str
    create_people: bool
    timeout: int

    @property
    def needs_discovery(self) -> bool:
        """Explicit authorization, token and JWKS endpoints together replace discovery."""
        return not (self.authorization_url and self.token_url and self.jwks_url)


def current() -> Provider | None:
    """None unless both an issuer and a client id are set: then nothing of SSO is shown.

    The issuer is kept exactly as given: ID tokens must carry it character for character.
    """
    issuer = settings.KABINET_SSO_ISSUER
    client_id = settings.KABINET_SSO_CLIENT_ID
    if not issuer or not client_id:
        return None
    return Provider(
        issuer=issuer,
        client_id=client_id,
        client_secret=settings.KABINET_SSO_CLIENT_SECRET,
        scopes=_with_openid(settings.KABINET_SSO_SCOPES),
        label=settings.KABINET_SSO_LABEL,
        discovery_url=(settings.KABINET_SSO_DISCOVERY_URL or issuer.rstrip("/") + DISCOVERY_PATH),
        authorization_url=settings.KABINET_SSO_AUTHORIZATION_URL,
        token_url=settings.KABINET_SSO_TOKEN_URL,
        jwks_url=settings.KABINET_SSO_JWKS_URL,
        userinfo_url=settings.KABINET_SSO_USERINFO_URL,
        create_people=settings.KABINET_SSO_CREATE_PEOPLE,
        timeout=settings.KABINET_SSO_TIMEOUT,
    )


def _with_openid(scopes: str) -> str:
    """Without "openid" there is no ID token and so nothing verified: it is always asked for."""
    names = scopes.split()
    return " ".join(names if "openid" in names else ["openid", *names])
