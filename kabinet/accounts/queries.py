"""Read helpers of accounts: a person's profile, recovery codes left, live sessions."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from kabinet.accounts.models import Profile, RecoveryCode, SignedInSession
from kabinet.orgs.models import Person


def profile_of(person: Person) -> Profile:
    """The stored profile, or an unsaved default one."""
    return Profile.objects.filter(person=person).first() or Profile(person=person)


def unused_recovery_codes(person: Person) -> int:
    return RecoveryCode.objects.filter(person=person, used_at=None).count()


def sessions_of(person: Person) -> list[SignedInSession]:
    """The person's sessions still alive in the session store, latest first; rows of ended
    sessions (signed out, expired, replaced at sign-in) are left out."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    alive: list[SignedInSession] = []
    for row in SignedInSession.objects.filter(person=person).order_by("-started_at"):
        if store().exists(row.session_key):
            alive.append(row)
    return alive
