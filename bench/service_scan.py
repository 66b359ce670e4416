"""The SLA scan of ``bench/service.py``: the selection ``sweep_sla`` reads, timed, with its plan."""

from __future__ import annotations

import inspect
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

SCAN_REPEATS = 15


@dataclass
class ScanFigure:
    open_tickets: int
    due_total: int
    batch_limit: int
    batch_rows: int
    batch_ms: float
    all_ms: float
    plan: list[str] = field(default_factory=list)
    analyzed: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- SLA scan


def measure_scan() -> ScanFigure:
    """The sweep's selection, timed in-process against PostgreSQL (what each scan reads)."""
    from django.utils import timezone

    from kabinet.tickets.actions.sla_sweep import sweep_sla
    from kabinet.tickets.models import Ticket

    limit_default = inspect.signature(sweep_sla).parameters["limit"].default
    limit = int(limit_default) if isinstance(limit_default, int) else 1000
    now = timezone.now()

    def due() -> Any:  # a fresh queryset each time: an evaluated one would cache its rows
        return Ticket.objects.sla_event_due(now).values_list("pk", flat=True)

    batch_times, all_times = [], []
    batch_rows = due_total = 0
    for _ in range(SCAN_REPEATS):
        started = time.perf_counter()
        batch_rows = len(list(due()[:limit]))
        batch_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        due_total = len(list(due()))
        all_times.append(time.perf_counter() - started)
    plan = due()[:limit].explain().splitlines()
    analyzed = due()[:limit].explain(analyze=True, buffers=True).splitlines()
    return ScanFigure(
        open_tickets=Ticket.objects.open().count(),
        due_total=due_total,
        batch_limit=limit,
        batch_rows=batch_rows,
        batch_ms=statistics.median(batch_times) * 1000,
        all_ms=statistics.median(all_times) * 1000,
        plan=plan,
        analyzed=analyzed,
    )


def print_scan(scan: ScanFigure) -> None:
    print(
        f"  SLA scan: {scan.due_total:,} due among {scan.open_tickets:,} open tickets; "
        f"the sweep's batch (limit {scan.batch_limit}) {scan.batch_ms:.2f} ms "
        f"({scan.batch_rows} rows), all due {scan.all_ms:.2f} ms "
        f"(median of {SCAN_REPEATS})"
    )
    print("  plan (EXPLAIN ANALYZE of the sweep's batch):")
    for line in scan.analyzed:
        print(f"    {line}")


def scan_uses_index(scan: ScanFigure) -> bool:
    return any("ticket_next_sla_event" in line for line in scan.plan)
