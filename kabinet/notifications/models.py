"""The outbox (ticket events to announce), SLA alerts (warnings and breaches recorded once)
and deliveries (one message to one recipient, sent at most once by a claimed worker)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A ticket event to announce. ``sent_at`` is when it was expanded into deliveries."""

    event = models.OneToOneField(
        "tickets.TicketEvent", on_delete=models.CASCADE, related_name="outbox_message"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (models.Index(fields=["sent_at", "created_at"], name="outbox_pending"),)


class AlertKind(models.TextChoices):
    WARNING = "warning", _("SLA warning")
    BREACH = "breach", _("SLA breach")


class SlaAlert(models.Model):
    """A warning or breach of one target's deadline, recorded exactly once by the SLA scan."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=16)  # kabinet.sla.TargetName value
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    deadline = models.DateTimeField()
    at = models.DateTimeField()
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["ticket", "target", "kind", "deadline"], name="sla_alert_once"
            ),
        )


class Delivery(models.Model):
    """One message to one recipient. ``key`` makes creating it idempotent; a worker claims it
    with a conditional update before sending, so two workers never send it both."""

    key = models.CharField(max_length=200, unique=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, default="email")
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=8)
    template = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
        )
