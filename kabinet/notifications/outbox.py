"""The single boundary through which actions ask for a notification.

A transactional outbox: the row is written in the action's own transaction, so an event
whose transaction rolls back is never announced, and one that commits is never lost to a
crash between the commit and a later write. Delivery (choosing recipients, rendering,
channels) is a later layer that drains the outbox.
"""

from __future__ import annotations

from kabinet.notifications.models import OutboxMessage


def notify(event_id: int) -> None:
    """Queue the announcement of a ticket event; idempotent (one row per event)."""
    OutboxMessage.objects.bulk_create([OutboxMessage(event_id=event_id)], ignore_conflicts=True)
