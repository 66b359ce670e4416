"""When each task last ran and how long it took, written by the worker that ran it (Celery's
``task_prerun``/``task_postrun``), one cheap upsert per run."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from celery import signals
from django.db import DatabaseError
from django.db.models import F

from kabinet import clock
from kabinet.operations.models import Heartbeat

log = logging.getLogger(__name__)
SLA_SCAN = "kabinet.tickets.tasks.scan_sla"

# task id -> (wall clock at start, monotonic start); a worker runs a task in one process.
_started: dict[str, tuple[dt.datetime, float]] = {}


def record_run(
    task: str, *, started_at: dt.datetime, duration: float, succeeded: bool, now: dt.datetime
) -> None:
    updated = Heartbeat.objects.filter(task=task).update(
        started_at=started_at,
        finished_at=now,
        duration_seconds=duration,
        succeeded=succeeded,
        runs=F("runs") + 1,
    )
    if not updated:
        Heartbeat.objects.update_or_create(
            task=task,
            defaults={
                "started_at": started_at,
                "finished_at": now,
                "duration_seconds": duration,
                "succeeded": succeeded,
                "runs": 1,
            },
        )


def last_run(task: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(task=task).first()


def _on_prerun(task_id: str = "", **_: Any) -> None:
    _started[task_id] = (clock.now(), time.monotonic())


def _on_postrun(task_id: str = "", task: Any = None, state: str = "", **_: Any) -> None:
    started = _started.pop(task_id, None)
    if started is None or task is None:
        return
    try:
        record_run(
            task.name,
            started_at=started[0],
            duration=time.monotonic() - started[1],
            succeeded=state == "SUCCESS",
            now=clock.now(),
        )
    except DatabaseError:
        # The run's own outcome stands; a missing heartbeat shows as lag on /readyz.
        log.exception("heartbeat of %s not recorded", task.name)


def connect() -> None:
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="kabinet-heartbeat-pre")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="kabinet-heartbeat-post")
