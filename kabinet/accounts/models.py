"""A person's profile: the display time zone and the optional TOTP second factor."""

from __future__ import annotations

from django.db import models

from kabinet.orgs.models import Person

DEFAULT_TIME_ZONE = "Europe/Moscow"


class Profile(models.Model):
    """Written only by ``accounts.actions``. A TOTP secret counts once it is confirmed.

    The table keeps the name it had as the cabinets' ``CabinetProfile``."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The RFC 6238 time step of the last code accepted: that code and older ones are spent.
    totp_last_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "cabinets_cabinetprofile"

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None


class Invitation(models.Model):
    """A one-time link by which an invited person sets their password. Only the SHA-256 of
    the link's token is stored; a newer invitation of the same person replaces the older."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=32)
    invited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer invitation replaced this one, so its link no longer works.
    withdrawn_at = models.DateTimeField(null=True, blank=True)


class RecoveryCode(models.Model):
    """One of the ten codes that stand in for a TOTP code once each (a lost phone). Only a
    keyed hash is stored; a new set replaces the whole old one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["person", "code_hash"], name="recovery_code_unique"),
        )


class SignedInSession(models.Model):
    """A session a person is signed in with, for the profile's list and "sign out
    everywhere". The session itself lives in the session store; this row names it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
