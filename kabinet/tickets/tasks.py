"""Celery tasks of tickets: the periodic SLA scan. Tasks only call actions."""

from __future__ import annotations

from kabinet import clock
from kabinet.celery import app
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
