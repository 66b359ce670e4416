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
