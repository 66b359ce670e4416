"""A person's saved views of the work queue (the profile, with the time zone and TOTP, is
``kabinet.accounts``')."""

from __future__ import annotations

from django.db import models

from kabinet.orgs.models import Person


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
