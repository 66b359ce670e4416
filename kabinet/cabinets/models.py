"""A person's cabinet preferences: display time zone and the optional TOTP second factor."""

from __future__ import annotations

from django.db import models

from kabinet.orgs.models import Person

DEFAULT_TIME_ZONE = "Europe/Moscow"


class CabinetProfile(models.Model):
    """Written only by ``cabinets.actions``. A TOTP secret counts once it is confirmed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="cabinet")
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None
