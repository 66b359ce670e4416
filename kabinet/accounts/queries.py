"""Read helpers of accounts: a person's profile, recovery codes left, live sessions."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db.models import Count, Q

from kabinet.accounts.models import Profile, RecoveryCode, SignedInSession
from kabinet.contracts.models import Contract
from kabinet.orgs.models import Membership, Person


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


def likely_zones(person: Person) -> list[str]:
    """The zones the person most likely works in: the current choice, then the zones of
    the contracts of the person's organisations (either side), the most common first."""
    organisations = Membership.objects.filter(person=person).values("organisation_id")
    zones = (
        Contract.objects.filter(Q(customer_id__in=organisations) | Q(supplier_id__in=organisations))
        .values("time_zone")
        .annotate(contracts=Count("id"))
        .order_by("-contracts", "time_zone")
        .values_list("time_zone", flat=True)
    )
    return list(dict.fromkeys([profile_of(person).time_zone, *zones]))
