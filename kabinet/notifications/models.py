"""The outbox: one row per ticket event to announce, drained by the delivery worker."""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    event = models.OneToOneField(
        "tickets.TicketEvent", on_delete=models.CASCADE, related_name="outbox_message"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (models.Index(fields=["sent_at", "created_at"], name="outbox_pending"),)
