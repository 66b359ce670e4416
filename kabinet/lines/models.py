"""Support lines inside one supplier (seed 004) with their own reaction target (OLA), a
ticket's passage through them, and tickets handed to development waiting for a release
(seed 003); whether that wait stops the resolution clock is a rule of contracts.Package."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import CalendarKey, DurationUnit, RequestCategory
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import Ticket


class SupportLine(models.Model):
    """One line of a supplier (consultant, project manager, engineer); ``position`` 1 is
    where a new ticket starts."""

    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lines")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=1)
    reaction_amount = models.PositiveIntegerField(null=True, blank=True)
    reaction_unit = models.CharField(
        max_length=16, choices=DurationUnit.choices, default=DurationUnit.HOURS
    )
    reaction_calendar = models.CharField(
        max_length=16, choices=CalendarKey.choices, default=CalendarKey.BUSINESS
    )
    members = models.ManyToManyField(Person, blank=True, related_name="support_lines")

    class Meta:
        ordering = ("supplier", "position", "id")
        constraints = (models.UniqueConstraint(fields=["supplier", "key"], name="line_key_unique"),)

    def __str__(self) -> str:
        return self.name


class CategoryRoute(models.Model):
    """A supplier's routing rule (seed 004: "уровни обслуживания зависят от … категории
    проблемы"): its new tickets of ``category`` start in ``line`` instead of its first line."""

    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=16, choices=RequestCategory.choices)
    line = models.ForeignKey(SupportLine, on_delete=models.CASCADE, related_name="routes")

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["supplier", "category"], name="category_route_unique"),
        )

    def __str__(self) -> str:
        return f"{self.category} → {self.line}"

    def clean(self) -> None:
        if self.line_id is not None and self.line.supplier_id != self.supplier_id:
            raise ValidationError({"line": _("The line must belong to the same supplier.")})


class LineEntry(models.Model):
    """The ticket entered this line at ``entered_at``; the latest entry is the current line."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="line_entries")
    line = models.ForeignKey(SupportLine, on_delete=models.PROTECT, related_name="entries")
    entered_at = models.DateTimeField()
    moved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("entered_at", "id")
        indexes = (models.Index(fields=["ticket", "entered_at", "id"], name="line_entry_ticket"),)


class ReleaseKind(models.TextChoices):
    """What came out for the tickets waiting: a new version, or a patch that fixes the
    found errors without a configuration update (seed 000, Услуга 6)."""

    VERSION = "version", _("version update")
    PATCH = "patch", _("patch (without a configuration update)")


class DevelopmentHandover(models.Model):
    """A ticket handed to the development department, waiting for ``version`` (a version
    or the fix a patch will bring); ``release_kind`` says which came out, once released."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="handovers")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(max_length=100)
    handed_at = models.DateTimeField()
    handed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    pauses_resolution = models.BooleanField()
    released_at = models.DateTimeField(null=True, blank=True)
    release_kind = models.CharField(
        max_length=16, choices=ReleaseKind.choices, blank=True, default=""
    )

    class Meta:
        indexes = (
            models.Index(fields=["supplier", "version", "released_at"], name="handover_release"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(released_at__isnull=True),
                name="handover_one_waiting_per_ticket",
            ),
        )

    @property
    def is_waiting(self) -> bool:
        return self.released_at is None
