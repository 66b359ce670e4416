"""State changes of a person's profile: display time zone and the TOTP factor."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.accounts import totp
from kabinet.accounts.models import Profile
from kabinet.errors import DomainError
from kabinet.orgs.models import Person


def _profile(person: Person) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(person=person)
    return profile


def set_time_zone(person: Person, zone: str) -> Profile:
    if zone not in available_timezones():
        raise DomainError(_("Unknown time zone."), field="time_zone")
    with transaction.atomic():
        profile = _profile(person)
        profile.time_zone = zone
        profile.save(update_fields=["time_zone"])
        return profile


def begin_totp_setup(person: Person) -> Profile:
    """A fresh secret waiting for confirmation; an enabled factor is left untouched."""
    with transaction.atomic():
        profile = _profile(person)
        if not profile.totp_enabled:
            profile.totp_secret = totp.new_secret()
            profile.save(update_fields=["totp_secret"])
        return profile


def confirm_totp(person: Person, code: str, *, now: dt.datetime | None = None) -> Profile:
    """Enable the factor once the person proves their authenticator shows the right code."""
    with transaction.atomic():
        profile = _profile(person)
        if not totp.code_is_valid(profile.totp_secret, code):
            raise DomainError(_("The code is wrong or expired."), field="code")
        profile.totp_confirmed_at = clock.resolve(now)
        profile.save(update_fields=["totp_confirmed_at"])
        return profile


def disable_totp(person: Person, code: str) -> Profile:
    """Turn the factor off; needs a current code so a borrowed session cannot do it."""
    with transaction.atomic():
        profile = _profile(person)
        if not totp.code_is_valid(profile.totp_secret, code):
            raise DomainError(_("The code is wrong or expired."), field="code")
        profile.totp_secret = ""
        profile.totp_confirmed_at = None
        profile.save(update_fields=["totp_secret", "totp_confirmed_at"])
        return profile
