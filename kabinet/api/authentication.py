"""Bearer-token authentication against hashed, revocable per-person tokens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from kabinet import clock
from kabinet.orgs.actions import hash_token
from kabinet.orgs.models import ApiToken, Person
from kabinet.orgs.queries import memoise_memberships

# Built once, cloned per request.
_TOKENS = ApiToken.objects.select_related("person")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer kbt_...``; the token is looked up by its SHA-256."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Person, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            plaintext = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header.")) from None
        try:
            # The hash is unique: one row or none, no ordering to compile.
            token = _TOKENS.get(key_hash=hash_token(plaintext), revoked_at__isnull=True)
        except ApiToken.DoesNotExist:
            token = None
        if token is None or not token.person.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = clock.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            # Coarse last-use stamp: at most one write a minute per token.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        # The person row is loaded afresh for every request, so its memberships are read
        # once per request and shared by every tenancy check the request makes.
        return memoise_memberships(token.person), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
