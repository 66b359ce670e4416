"""The Celery application: configuration from Django settings (``CELERY_*``) and the beat
schedule. Tasks live in each app's ``tasks.py``; this module holds no domain logic."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")

app = Celery("kabinet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["kabinet.tickets", "kabinet.notifications"])

app.conf.beat_schedule = {
    "sla-scan": {"task": "kabinet.tickets.tasks.scan_sla", "schedule": 60.0},
    # Outbox rows are drained by polling, so an action never depends on the broker being
    # up; the delay between an event and its email is at most this period.
    "deliver-notifications": {
        "task": "kabinet.notifications.tasks.deliver_notifications",
        "schedule": 10.0,
    },
}
