"""The Celery application: configuration from Django settings (``CELERY_*``), the beat
schedule, and the folders the worker and beat write to. Tasks live in each app's
``tasks.py``; this module holds no domain logic."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery, signals

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


@signals.worker_init.connect
@signals.beat_init.connect
def create_folders(**_: Any) -> None:
    """The beat schedule's folder and, on the embedded filesystem broker, its message and
    control folders: created when a worker or beat starts, not when settings are read."""
    from django.conf import settings

    folders = [Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent]
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    folders += [
        Path(options[key])
        for key in ("data_folder_in", "data_folder_out", "control_folder")
        if key in options
    ]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
