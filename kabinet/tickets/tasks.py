"""Celery tasks of tickets: the periodic SLA scan, the queued recompute of open deadlines,
and the removal of partial upload files.
Tasks only call actions (and the attachment store)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from kabinet import clock
from kabinet.celery import app
from kabinet.tickets import storage
from kabinet.tickets.actions.closing import close_unanswered_proposals
from kabinet.tickets.actions.recompute_queue import run_queued_recomputes
from kabinet.tickets.actions.sla_sweep import sweep_sla


@app.task(name="kabinet.tickets.tasks.scan_sla")
def scan_sla() -> dict[str, int]:
    """Act on every ticket whose next SLA event has come; safe to run twice or in parallel."""
    report = sweep_sla(now=clock.now())
    return {
        "processed": report.processed,
        "skipped": report.skipped,
        "failed": report.failed,
        "alerts": len(report.alerts),
    }


@app.task(name="kabinet.tickets.tasks.recompute_deadlines")
def recompute_deadlines() -> dict[str, int]:
    """Move the open deadlines of every queued scope (sent after each committed change of a
    calendar, a package or a contract, and by beat for requests left unfinished); safe to
    run twice or at once: one lease, the others return."""
    run = run_queued_recomputes()
    return {
        "busy": int(run.busy),
        "requests": len(run.finished),
        "tickets": sum(report.tickets for report in run.reports),
        "changed": sum(report.changed for report in run.reports),
    }


@app.task(name="kabinet.tickets.tasks.remove_partial_uploads")
def remove_partial_uploads() -> int:
    """Delete upload files a killed worker left half-written, once they are
    ``KABINET_PARTIAL_UPLOAD_HOURS`` old; returns how many."""
    hours = dt.timedelta(hours=settings.KABINET_PARTIAL_UPLOAD_HOURS)
    return storage.remove_partial_files(older_than=clock.now() - hours)


@app.task(name="kabinet.tickets.tasks.close_unanswered_proposals")
def close_unanswered() -> dict[str, int]:
    """Tell customers whose proposed solution waits that the ticket closes by itself, and
    close those whose time is up; safe to run twice (each step checks under a lock)."""
    report = close_unanswered_proposals(now=clock.now())
    return {"noticed": len(report.noticed), "closed": len(report.closed)}
