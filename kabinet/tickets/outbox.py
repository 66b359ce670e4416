"""The single boundary through which actions ask for an announcement.

A transactional outbox of the facts tickets announce (ticket events, SLA alerts): the row is
written in the action's own transaction, so a fact whose transaction rolls back is never
announced, and one that commits is never lost to a crash between the commit and a later
write. Who is told, in which words and through which channel is ``notifications``, which
drains the outbox.
"""

from __future__ import annotations

from kabinet.tickets.models import OutboxMessage


def announce_event(event_id: int) -> None:
    """Queue the announcement of a ticket event; idempotent (one row per event)."""
    OutboxMessage.objects.bulk_create([OutboxMessage(event_id=event_id)], ignore_conflicts=True)


def announce_alert(alert_id: int) -> None:
    """Queue the announcement of an SLA alert; idempotent (one row per alert)."""
    OutboxMessage.objects.bulk_create([OutboxMessage(alert_id=alert_id)], ignore_conflicts=True)
