"""State changes of organisations and people: roles and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import DomainError
from kabinet.orgs.models import (
    MAX_ORG_ADMINS,
    ApiToken,
    Membership,
    Organisation,
    Person,
    Role,
)
from kabinet.orgs.queries import forget_memberships

TOKEN_PREFIX = "kbt_"


def grant_role(*, organisation: Organisation, person: Person, role: Role) -> Membership:
    """Give person a role in organisation; at most two organisation admins per organisation."""
    with transaction.atomic():
        # The organisation row lock serialises concurrent grants, so the admin count holds.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        existing = Membership.objects.filter(organisation=organisation, person=person, role=role)
        if existing.exists():
            return existing.get()
        if role == Role.ORG_ADMIN:
            admins = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
            if admins.count() >= MAX_ORG_ADMINS:
                raise DomainError(
                    _("An organisation may have at most two organisation admins."), field="role"
                )
        membership = Membership.objects.create(organisation=organisation, person=person, role=role)
        forget_memberships(person)
        return membership


def revoke_role(*, organisation: Organisation, person: Person, role: Role) -> None:
    Membership.objects.filter(organisation=organisation, person=person, role=role).delete()
    forget_memberships(person)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def issue_api_token(person: Person, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plaintext is returned once and never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name, prefix=plaintext[:12], key_hash=hash_token(plaintext)
    )
    return token, plaintext


def revoke_api_token(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    revoked_at = clock.resolve(now)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=revoked_at)
