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
            profile.totp_last_step = None
            profile.save(update_fields=["totp_secret", "totp_last_step"])
        return profile


def _spend_code(profile: Profile, code: str, now: dt.datetime | None) -> None:
    """Accept ``code`` once: it must match a time step after the last accepted one, which it
    then becomes. The caller holds the profile's row lock, so two requests with one code
    cannot both pass. Raises DomainError on the code field."""
    step = totp.matching_step(profile.totp_secret, code, clock.resolve(now))
    if step is None or (profile.totp_last_step is not None and step <= profile.totp_last_step):
        raise DomainError(_("The code is wrong or expired."), field="code")
    profile.totp_last_step = step
    profile.save(update_fields=["totp_last_step"])


def confirm_totp(person: Person, code: str, *, now: dt.datetime | None = None) -> Profile:
    """Enable the factor once the person proves their authenticator shows the right code."""
    with transaction.atomic():
        profile = _profile(person)
        _spend_code(profile, code, now)
        profile.totp_confirmed_at = clock.resolve(now)
        profile.save(update_fields=["totp_confirmed_at"])
        return profile


def accept_sign_in_code(person: Person, code: str, *, now: dt.datetime | None = None) -> None:
    """The second factor of a sign-in: a current code of the person's enabled factor that
    was not used before. Raises DomainError; counting failures is the caller's (lockouts)."""
    with transaction.atomic():
        profile = _profile(person)
        if not profile.totp_enabled:
            raise DomainError(_("The code is wrong or expired."), field="code")
        _spend_code(profile, code, now)


def disable_totp(person: Person, code: str, *, now: dt.datetime | None = None) -> Profile:
    """Turn the factor off; needs a current code so a borrowed session cannot do it."""
    with transaction.atomic():
        profile = _profile(person)
        _spend_code(profile, code, now)
        profile.totp_secret = ""
        profile.totp_confirmed_at = None
        profile.save(update_fields=["totp_secret", "totp_confirmed_at"])
        return profile
