"""Who an OpenID identity signs in: the linking rule, the one place that writes SsoIdentity.

The rule, in order:
1. an identity already linked, as (issuer, subject), signs in its person if still active;
2. otherwise a provider-verified email (``email_verified`` true) whose normal form
   (``orgs.emails.normalise_email``: case folded, IDNA domain) is exactly that of one person's
   email links the identity to that person if active, unless the person already has another
   identity at the same issuer (an email moved to a new account at the provider must not take
   over the old link); two people under one normal form link neither;
3. otherwise, only with KABINET_SSO_CREATE_PEOPLE on and a verified email no person has, a
   person without any organisation role is created and linked (admins grant roles later);
4. anything else is refused. People are managed by organisation admins.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import NotAllowedError
from kabinet.orgs.emails import normalise_email
from kabinet.orgs.models import Person
from kabinet.sso.models import SsoIdentity

log = logging.getLogger(__name__)
USERNAME_MAX = Person._meta.get_field("username").max_length or 150


class UnknownIdentityError(NotAllowedError):
    """No person may be signed in with this identity; the message is shown on the sign-in page."""


def link_identity(
    *,
    issuer: str,
    claims: Mapping[str, Any],
    create_people: bool,
    now: dt.datetime | None = None,
) -> Person:
    """The active person the verified ``claims`` sign in; links on first use.

    ``claims`` must come from an ID token that passed every check (``client.verified_claims``).
    Raises UnknownIdentityError.
    """
    subject = str(claims["sub"])
    try:
        with transaction.atomic():
            return _link(issuer, subject, claims, create_people=create_people, now=now)
    except IntegrityError:
        # A concurrent first sign-in of the same identity linked it a moment ago.
        with transaction.atomic():
            return _link(issuer, subject, claims, create_people=False, now=now)


def _link(
    issuer: str,
    subject: str,
    claims: Mapping[str, Any],
    *,
    create_people: bool,
    now: dt.datetime | None,
) -> Person:
    email = verified_email(claims)
    linked = SsoIdentity.objects.select_related("person").filter(issuer=issuer, subject=subject)
    identity = linked.first()
    if identity is None:
        person = _person_for_new_link(issuer, email, claims, create_people=create_people)
        identity = SsoIdentity.objects.create(
            person=person, issuer=issuer, subject=subject, email=email
        )
    if not identity.person.is_active:
        raise _refusal()
    identity.last_used_at = clock.resolve(now)
    identity.email = email or identity.email
    identity.save(update_fields=["last_used_at", "email"])
    return identity.person


def _person_for_new_link(
    issuer: str, email: str, claims: Mapping[str, Any], *, create_people: bool
) -> Person:
    key = normalise_email(email)
    if not key:
        raise _refusal()
    owners = list(Person.objects.filter(normalised_email=key)[:2])
    if len(owners) > 1:
        log.warning("SSO: %d people share the email %r; linking none", len(owners), key)
        raise _ambiguity()
    if len(owners) == 1 and owners[0].is_active:
        if SsoIdentity.objects.filter(issuer=issuer, person=owners[0]).exists():
            raise _refusal()
        return owners[0]
    if not owners and create_people:
        return _create_person(email, claims)
    raise _refusal()


def _create_person(email: str, claims: Mapping[str, Any]) -> Person:
    base = str(claims.get("preferred_username") or email.split("@")[0])[: USERNAME_MAX - 4]
    username, n = base, 1
    while Person.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    person = Person(username=username, email=email, full_name=str(claims.get("name") or ""))
    person.set_unusable_password()
    person.save()
    return person


def verified_email(claims: Mapping[str, Any]) -> str:
    """The email only when the provider vouches for it; some send the flag as a string."""
    email = str(claims.get("email") or "").strip()
    verified = claims.get("email_verified")
    return email if verified is True or str(verified).lower() == "true" else ""


def _refusal() -> UnknownIdentityError:
    return UnknownIdentityError(
        _(
            "No Kabinet account matches this identity. Ask your organisation admin to add "
            "you with the same email address, then sign in again."
        )
    )


def _ambiguity() -> UnknownIdentityError:
    return UnknownIdentityError(
        _(
            "More than one Kabinet account has this email address, so it is not known which "
            "one is yours. Ask your organisation admin to give each account its own address, "
            "then sign in again."
        )
    )
