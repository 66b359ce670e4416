"""Package services with quotas (seed 000) and the requests that consume them.

Rows are written only by ``entitlements.actions``. The package's rules (seed 002's one
responsible contact among them) live on ``contracts.Package``; this app adds what a
package entitles the customer to.
"""

from __future__ import annotations

import math

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kabinet.contracts.models import Contract, Package
from kabinet.orgs.models import Person

SEATS_PER_BLOCK = 250


class ServiceUnit(models.TextChoices):
    # A context of their own: core's catalogue already translates a bare "hours".
    ITEM = "item", pgettext_lazy("quota unit", "items")
    HOUR = "hour", pgettext_lazy("quota unit", "hours")
    LICENCE = "licence", pgettext_lazy("quota unit", "licences")


class PackageService(models.Model):
    """A service the package includes, ``amount`` per contract term for each started block
    of ``seats_per_block`` seats (0: not multiplied by seats).

    Services sharing a ``choice_group`` are alternatives ("an audit OR 20 consulting
    hours"): once one of them is requested on a contract, the others are closed to it.
    A service ``booked_by_date`` is requested with the customer's preferred dates and given
    on a date agreed with the supplier (seed 000, Услуга 5: "по предварительной записи и с
    согласованием сроков").
    """

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="services")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=16, choices=ServiceUnit.choices, default=ServiceUnit.ITEM)
    amount = models.PositiveIntegerField()
    seats_per_block = models.PositiveIntegerField(default=SEATS_PER_BLOCK)
    billable_over_quota = models.BooleanField(default=False)
    choice_group = models.SlugField(max_length=50, blank=True, default="")
    booked_by_date = models.BooleanField(default=False)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["package", "code"], name="package_service_unique"),
        )
        ordering = ("package", "id")

    def __str__(self) -> str:
        return self.name

    def blocks(self, seats: int) -> int:
        """Started blocks of seats: 1–250 → 1, 251–500 → 2 ...; at least one."""
        if self.seats_per_block == 0:
            return 1
        return max(1, math.ceil(seats / self.seats_per_block))

    def allowance(self, contract: Contract) -> int:
        return self.amount * self.blocks(contract.seats)


class ServiceRequest(models.Model):
    """One request for a package service; ``covered`` came out of the quota, ``billable``
    is the part beyond it that the customer pays for. Never updated after creation."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="service_requests"
    )
    service = models.ForeignKey(PackageService, on_delete=models.PROTECT, related_name="requests")
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()
    billable = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    requested_at = models.DateTimeField()

    class Meta:
        ordering = ("requested_at", "id")
        indexes = (models.Index(fields=["contract", "service"], name="service_request_usage"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(quantity=F("covered") + F("billable")),
                name="service_request_parts_add_up",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="service_request_positive"),
        )


MAX_PREFERRED_DATES = 5


class BookingState(models.TextChoices):
    REQUESTED = "requested", _("waiting for the supplier's date")
    PROPOSED = "proposed", _("date proposed, waiting for the customer")
    AGREED = "agreed", _("date agreed")


class ServiceBooking(models.Model):
    """The date of a service booked by date: the customer's preferred dates, the date the
    supplier proposed, and whether the customer agreed. The request under it consumed the
    quota when it was made; the booking never changes that."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="booking")
    # ISO dates the customer offered, its latest offer first to last.
    preferred_dates = models.JSONField(default=list)
    state = models.CharField(
        max_length=16, choices=BookingState.choices, default=BookingState.REQUESTED
    )
    date = models.DateField(null=True, blank=True)  # proposed, then agreed
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.CheckConstraint(
                condition=Q(state="requested", date__isnull=True)
                | (~Q(state="requested") & Q(date__isnull=False)),
                name="service_booking_date_with_state",
            ),
        )
