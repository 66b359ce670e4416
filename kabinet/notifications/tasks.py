"""Celery tasks of notifications: drain the outbox into deliveries, then send them; page the
groups of unassigned urgent tickets."""

from __future__ import annotations

import logging

from kabinet import clock
from kabinet.celery import app
from kabinet.notifications import queries
from kabinet.notifications.actions import expand_outbox_message, send_delivery
from kabinet.notifications.paging import page_unassigned_tickets

log = logging.getLogger(__name__)
BATCH = 200


@app.task(name="kabinet.notifications.tasks.deliver_notifications")
def deliver_notifications() -> int:
    """Expand pending outbox rows and send due deliveries; returns how many were sent.
    Safe to run twice or concurrently: every row is claimed before it is acted on.

    A batch can last many SMTP timeouts, so each row is acted on at its own present, never
    at the batch's start: claims and retries are timed per message."""
    for message_id in queries.pending_outbox_ids(BATCH):
        try:
            expand_outbox_message(message_id, now=clock.now())
        except Exception:
            log.exception("outbox message %s could not be expanded", message_id)
    sent = 0
    for delivery_id in queries.due_delivery_ids(clock.now(), BATCH):
        sent += send_delivery(delivery_id)
    return sent


@app.task(name="kabinet.notifications.tasks.page_unassigned")
def page_unassigned() -> int:
    """Page again the groups of unassigned urgent tickets; the deliveries go out with the
    next ``deliver_notifications``. Safe to run twice: pages are keyed by their round."""
    return page_unassigned_tickets(now=clock.now())
