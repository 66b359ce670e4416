"""Read helpers of accounts: a person's profile, stored or default."""

from __future__ import annotations

from kabinet.accounts.models import Profile
from kabinet.orgs.models import Person


def profile_of(person: Person) -> Profile:
    """The stored profile, or an unsaved default one."""
    return Profile.objects.filter(person=person).first() or Profile(person=person)
