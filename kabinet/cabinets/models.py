"""A person's cabinet preferences: display time zone, the optional TOTP second factor, and
saved views of the work queue."""

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


class SavedView(models.Model):
    """A person's named filters of a work queue (the partner queue or the vendor console),
    never shown to anyone else. Written only by ``cabinets.saved_views``. ``query`` is the
    filters as the queue page reads them from its address."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="saved_views")
    cabinet = models.CharField(max_length=16)
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("name", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["person", "cabinet", "name"], name="saved_view_name_unique"
            ),
        )

    def __str__(self) -> str:
        return self.name
