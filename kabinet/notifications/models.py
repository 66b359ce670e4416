"""Deliveries: one message to one recipient, sent at most once by a claimed worker. The facts
they announce (the outbox, SLA alerts) are tickets' own rows."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


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
    # When the latest attempt failed: the retry's backoff counts from here.
    last_attempt_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
        )
