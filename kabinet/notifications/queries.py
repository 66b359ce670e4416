"""Read helpers of the delivery worker: what is waiting, oldest first."""

from __future__ import annotations

import datetime as dt

from kabinet.notifications.models import Delivery
from kabinet.tickets.models import OutboxMessage


def pending_outbox_ids(limit: int) -> list[int]:
    return list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def due_delivery_ids(now: dt.datetime, limit: int) -> list[int]:
    return list(
        Delivery.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
