"""The Celery application: configuration from Django settings (``CELERY_*``), the beat
schedule, and the folders the worker and beat write to. Tasks live in each app's
``tasks.py``; this module holds no domain logic."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery, signals
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kabinet.deployment import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")

app = Celery("kabinet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    [
        "kabinet.tickets",
        "kabinet.notifications",
        "kabinet.channels.telegram",
        "kabinet.channels.email",
    ]
)

# The SLA scan and mail delivery never share a queue: a send may wait the whole SMTP
# timeout, message after message, and the scan must not wait behind it. Each queue has its
# own worker process (scripts/start, and production's worker units); everything else goes to
# Celery's default queue, consumed by the mail worker.
SLA_QUEUE = "sla"
NOTIFICATIONS_QUEUE = "notifications"
# Periods in seconds (``KABINET_SLA_SCAN_SECONDS``, ``KABINET_DELIVERY_SECONDS``).
SCAN_PERIOD = float(settings.KABINET_SLA_SCAN_SECONDS)
DELIVERY_PERIOD = float(settings.KABINET_DELIVERY_SECONDS)
# Mail intake waits on IMAP servers: its own queue and worker, behind neither of the others.
MAIL_QUEUE = "mail"
# Moving every open deadline after a calendar, a package or a contract changed: seconds of
# database work that neither the scan nor the mail should wait behind, nor the other way.
RECOMPUTE_QUEUE = "recompute"
app.conf.task_routes = {
    "kabinet.channels.email.tasks.fetch_mail": {"queue": MAIL_QUEUE},
    "kabinet.tickets.tasks.scan_sla": {"queue": SLA_QUEUE},
    "kabinet.tickets.tasks.recompute_deadlines": {"queue": RECOMPUTE_QUEUE},
    "kabinet.notifications.tasks.deliver_notifications": {"queue": NOTIFICATIONS_QUEUE},
    "kabinet.notifications.tasks.page_unassigned": {"queue": NOTIFICATIONS_QUEUE},
}

# A periodic run that waited past its next period is dropped (``expires``): the next one does
# the same work, and a stopped worker does not come back to a pile of stale runs.
app.conf.beat_schedule = {
    "sla-scan": {
        "task": "kabinet.tickets.tasks.scan_sla",
        "schedule": SCAN_PERIOD,
        "options": {"expires": SCAN_PERIOD},
    },
    # Outbox rows are drained by polling, so an action never depends on the broker being
    # up; the delay between an event and its email is at most this period.
    "deliver-notifications": {
        "task": "kabinet.notifications.tasks.deliver_notifications",
        "schedule": DELIVERY_PERIOD,
        "options": {"expires": DELIVERY_PERIOD},
    },
    # An unassigned critical ticket pages its group again every N minutes (per supplier).
    "page-unassigned": {
        "task": "kabinet.notifications.tasks.page_unassigned",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    # Proposed solutions left unanswered: the notice ahead, then the closing (minutes
    # late at most, against a window of working days).
    "close-unanswered-proposals": {
        "task": "kabinet.tickets.tasks.close_unanswered_proposals",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
    # Each committed change sends its recompute at once; this takes what a broker outage or
    # a killed worker left unfinished (once that worker's lease has expired).
    "recompute-pending": {
        "task": "kabinet.tickets.tasks.recompute_deadlines",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    "fetch-mail": {
        "task": "kabinet.channels.email.tasks.fetch_mail",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    "remove-partial-uploads": {
        "task": "kabinet.tickets.tasks.remove_partial_uploads",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    # Bots without a public address (mode "polling"); webhook bots are posted to instead.
    "telegram-poll": {
        "task": "kabinet.channels.telegram.tasks.poll_bots",
        "schedule": 5.0,
        "options": {"expires": 5.0},
    },
}


def broker_folders() -> list[Path]:
    """The filesystem broker's message and control folders (none on Redis)."""
    options = app.conf.broker_transport_options or {}
    keys = ("data_folder_in", "data_folder_out", "control_folder")
    return [Path(options[key]) for key in keys if key in options]


@signals.celeryd_init.connect
@signals.beat_init.connect
def refuse_development_secret(**_: Any) -> None:
    """A worker or beat started by the ``celery`` command (not a test's in-process worker)
    with DEBUG off does not start on the development secret key."""
    try:
        check_secret_key()
    except ImproperlyConfigured as refusal:
        # Celery logs and swallows what a signal receiver raises; only an exit stops it.
        raise SystemExit(f"ImproperlyConfigured: {refusal}") from refusal


@signals.worker_init.connect
def create_worker_folders(**_: Any) -> None:
    """Made when a worker starts, not when settings are read."""
    _create(broker_folders())


@signals.beat_init.connect
@signals.beat_embedded_init.connect
def create_beat_folders(**_: Any) -> None:
    """Beat sends through the broker and keeps its schedule file next to the data."""
    _create([*broker_folders(), Path(app.conf.beat_schedule_filename).parent])


def _create(folders: list[Path]) -> None:
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
