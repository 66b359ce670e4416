"""Escalation: a customer's ticket on the partner's contract linked to the vendor ticket the
partner opened on its own contract with the vendor. The two tickets keep their own clocks;
whether the vendor has returned the escalation is read off the vendor ticket."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import EventKind, ReturnReason, Status, Ticket


class EscalationState(models.TextChoices):
    ACTIVE = "active", _("with the vendor")
    RETURNED = "returned", _("returned by the vendor for more information")


class RelayAs(models.TextChoices):
    """How the relayed answer lands on the customer's ticket."""

    REPLY = "reply", _("reply")
    SOLUTION = "solution", _("solution")
    WORKAROUND = "workaround", _("workaround")


class VendorReturnReason(models.TextChoices):
    """The listed reasons of seed 001, section 5 (core's ReturnReason without "other")."""

    CRITICALITY_MISMATCH = (
        ReturnReason.CRITICALITY_MISMATCH.value,
        _("criticality does not match the symptoms"),
    )
    INSUFFICIENT_DIAGNOSTICS = (
        ReturnReason.INSUFFICIENT_DIAGNOSTICS.value,
        _("diagnostic data is insufficient"),
    )
    NO_REPRODUCTION_SCENARIO = (
        ReturnReason.NO_REPRODUCTION_SCENARIO.value,
        _("no test scenario and data set to reproduce the problem"),
    )
    NO_ENVIRONMENT_DESCRIPTION = (
        ReturnReason.NO_ENVIRONMENT_DESCRIPTION.value,
        _("no detailed description of hardware and software"),
    )
    NO_INVESTIGATION_HISTORY = (
        ReturnReason.NO_INVESTIGATION_HISTORY.value,
        _("no history of the investigation so far"),
    )


class Escalation(models.Model):
    customer_ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="escalations"
    )
    vendor_ticket = models.OneToOneField(
        Ticket, on_delete=models.PROTECT, related_name="escalation"
    )
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    escalated_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField()
    performance_issue = models.BooleanField(default=False)
    dossier = models.JSONField(default=dict)

    class Meta:
        indexes = (models.Index(fields=["customer_ticket", "-escalated_at"], name="esc_recent"),)
        constraints = (
            models.CheckConstraint(
                condition=~Q(customer_ticket=models.F("vendor_ticket")),
                name="escalation_two_tickets",
            ),
        )

    def __str__(self) -> str:
        return f"{self.customer_ticket} → {self.vendor_ticket}"

    @property
    def number(self) -> str:
        """An escalation is known by its vendor ticket's number."""
        return self.vendor_ticket.number or ""

    @property
    def state(self) -> EscalationState:
        """Read off the vendor ticket, so that the vendor's return and the partner's answer
        count the same whether made through the escalation's acts or the ticket's own."""
        if self.vendor_ticket.status == Status.AWAITING_CUSTOMER:
            return EscalationState.RETURNED
        return EscalationState.ACTIVE

    @property
    def return_reason(self) -> str:
        """The listed reason of the vendor's pending return ("" when none is pending, or the
        vendor gave a reason outside the list)."""
        if self.state != EscalationState.RETURNED:
            return ""
        event = (
            self.vendor_ticket.events.filter(kind=EventKind.RETURNED_FOR_INFORMATION)
            .order_by("-at", "-id")
            .first()
        )
        reason = event.payload.get("reason", "") if event is not None else ""
        return reason if reason in VendorReturnReason.values else ""

    def get_return_reason_display(self) -> str:
        reason = self.return_reason
        return str(VendorReturnReason(reason).label) if reason else ""
