"""The single boundary through which actions ask for a notification.

``notify`` defers to commit: an event whose transaction rolls back is never announced.
Delivery (choosing recipients, rendering, channels) is a later layer that drains the outbox.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from kabinet.notifications.models import OutboxMessage


def notify(event_id: int) -> None:
    """Schedule an announcement of a ticket event once the current transaction commits."""
    transaction.on_commit(partial(enqueue, event_id))


def enqueue(event_id: int) -> None:
    """Record the event in the outbox; idempotent, so a repeated call queues nothing twice."""
    OutboxMessage.objects.get_or_create(event_id=event_id)
