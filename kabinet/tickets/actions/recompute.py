"""Moving every open ticket's deadlines after a calendar or a package changed.

Contract by contract, in batches (read and written by ``tickets.recompute_rows``): plain
tickets get their columns from the bulk arithmetic of ``bulk_deadlines``; every other open
ticket goes through ``deadlines.refresh`` under its row lock. Recorded breaches and met
times never go back, exactly as ``refresh`` keeps them. Not the clock itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet

from kabinet import clock, sla
from kabinet.contracts.models import Contract
from kabinet.tickets import deadlines
from kabinet.tickets.bulk_deadlines import (
    NONE,
    PlainColumns,
    PlainTickets,
    plain_columns,
    to_micros,
)
from kabinet.tickets.models import OPEN_STATUSES, Ticket, TicketEvent
from kabinet.tickets.recompute_rows import WRITTEN, Batch, batches, write_moved

log = logging.getLogger(__name__)


_TARGETS = ("reaction", "update", "resolution")


@dataclass(frozen=True)
class RecomputeScope:
    """Which contracts: those on a production calendar (by name), of a package, one
    contract, or, with nothing given, all of them."""

    calendar: str | None = None
    package_id: int | None = None
    contract_id: int | None = None

    def contracts(self) -> QuerySet[Contract]:
        contracts = Contract.objects.select_related("package").order_by("pk")
        if self.calendar is not None:
            contracts = contracts.filter(business_calendar__production_calendar=self.calendar)
        if self.package_id is not None:
            contracts = contracts.filter(package_id=self.package_id)
        if self.contract_id is not None:
            contracts = contracts.filter(pk=self.contract_id)
        return contracts


@dataclass
class TargetShift:
    """How one target's due times move: ticket ids that become breached, and those whose
    due time had passed and no longer has (their recorded breach stays)."""

    earlier: int = 0
    later: int = 0
    became_breached: list[int] = field(default_factory=list)
    no_longer_overdue: list[int] = field(default_factory=list)


@dataclass
class RecomputeReport:
    dry_run: bool
    tickets: int = 0
    plain: int = 0  # computed in bulk
    exact: int = 0  # replayed one by one
    changed: int = 0  # rows whose columns move (written unless a dry run)
    failed: int = 0
    shifts: dict[str, TargetShift] = field(
        default_factory=lambda: {name: TargetShift() for name in _TARGETS}
    )


def open_ticket_count(scope: RecomputeScope) -> int:
    return Ticket.objects.open().filter(contract__in=scope.contracts()).count()


def recompute_open_deadlines(
    scope: RecomputeScope,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    progress: Callable[[int], object] | None = None,
) -> RecomputeReport:
    """Recompute the SLA columns of every open ticket in ``scope`` at ``now`` on today's
    calendars and targets; a dry run reports the what-if and writes nothing. ``progress``
    is told how many tickets each batch held. Safe to run while tickets are worked on: a
    bulk write applies only to rows whose version is still the one read, and any other
    goes through the one-ticket path under its row lock."""
    now = clock.resolve(now)
    report = RecomputeReport(dry_run=dry_run)
    with _Writes() as writes:
        for contract in scope.contracts():
            rules = deadlines.policy_for(contract), deadlines.calendars_for(contract)
            for batch in batches(contract, now):
                _recompute_batch(rules, batch, now, report, writes)
                if progress is not None:
                    progress(len(batch))
            # Rows changed between their read and their bulk write: one by one now.
            _recompute_exact(writes.stale(), rules, now, report)
    return report


# A contract's targets and calendars as the clock reads them (deadlines.policy_for and
# deadlines.calendars_for).
_Rules = tuple[sla.Policy, sla.Calendars]


class _Writes:
    """Where the bulk rows go. On PostgreSQL in autocommit, two threads with connections
    of their own write them while this one reads and computes the next batch (the write
    is most of the time: every moved row is a new tuple in each of the ticket table's
    indexes); elsewhere, or inside a transaction whose rows other connections cannot
    see, they are written here, in order. ``stale`` gives the ids the writes found
    changed since their read."""

    AHEAD = 4  # batches written or waiting at most; the reader waits beyond

    def __init__(self) -> None:
        apart = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(max_workers=2) if apart else None
        self.pending: deque[Future[list[int]]] = deque()
        self.missed: list[int] = []

    def __enter__(self) -> _Writes:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def write(self, ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> None:
        if self.pool is None:
            self.missed += write_moved(ids, versions, new)
            return
        while len(self.pending) >= self.AHEAD:
            self.missed += self.pending.popleft().result()
        self.pending.append(self.pool.submit(_write_apart, ids, versions, new))

    def stale(self) -> list[int]:
        while self.pending:
            self.missed += self.pending.popleft().result()
        missed, self.missed = self.missed, []
        return missed


def _write_apart(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """A pool thread's write, on the thread's own connection, closed after it."""
    try:
        return write_moved(ids, versions, new)
    finally:
        connection.close()


def _recompute_batch(
    rules: _Rules, batch: Batch, now: dt.datetime, report: RecomputeReport, writes: _Writes
) -> None:
    report.tickets += len(batch)
    plain = batch.plain
    if plain.any():
        old = {name: values[plain] for name, values in batch.columns.items()}
        _recompute_plain(old, batch.first_response[plain], rules, now, report, writes)
    _recompute_exact([int(i) for i in batch.columns["pk"][~plain]], rules, now, report)


def _recompute_plain(
    old: dict[str, np.ndarray],
    first_response: np.ndarray,
    rules: _Rules,
    now: dt.datetime,
    report: RecomputeReport,
    writes: _Writes,
) -> None:
    """Bulk columns for plain rows, written where they move (the ids whose version changed
    meanwhile come back from ``writes.stale``)."""
    tickets = PlainTickets(
        registered=old["registered_at"],
        first_response=first_response,
        level=old["criticality"],
    )
    columns = plain_columns(tickets, *rules, now)
    new = _merged(old, tickets, columns)
    moved = np.zeros(len(first_response), dtype=bool)
    for name in WRITTEN:
        moved |= new[name] != old[name]
    report.plain += len(first_response)
    report.changed += int(moved.sum())
    _count_shifts(report, old, new, np.int64(to_micros(now)))
    if report.dry_run or not moved.any():
        return
    writes.write(old["pk"][moved], old["version"][moved], {k: v[moved] for k, v in new.items()})


def _merged(
    old: dict[str, np.ndarray], tickets: PlainTickets, columns: PlainColumns
) -> dict[str, np.ndarray]:
    """The replay's columns merged with the recorded ones as ``deadlines.refresh`` does:
    breaches and met times never go back."""
    answered = tickets.first_response != NONE
    recorded_met = old["reaction_met_at"]
    return {
        "reaction_due_at": columns.reaction_due,
        "reaction_met_at": np.where(
            answered, np.where(recorded_met == NONE, tickets.first_response, recorded_met), NONE
        ),
        "reaction_breached": old["reaction_breached"].astype(bool) | columns.reaction_breached,
        "update_due_at": columns.update_due,
        "update_breached": old["update_breached"].astype(bool) | (columns.update_breaches > 0),
        "update_breach_count": np.maximum(old["update_breach_count"], columns.update_breaches),
        "resolution_due_at": columns.resolution_due,
        "resolution_breached": old["resolution_breached"].astype(bool)
        | columns.resolution_breached,
        "next_sla_event_at": columns.next_event,
    }


def _count_shifts(
    report: RecomputeReport,
    old: dict[str, np.ndarray],
    new: dict[str, np.ndarray],
    now: np.int64,
) -> None:
    for name in _TARGETS:
        before, after = old[f"{name}_due_at"], new[f"{name}_due_at"]
        both = (before != NONE) & (after != NONE)
        shift = report.shifts[name]
        shift.earlier += int((both & (after < before)).sum())
        shift.later += int((both & (after > before)).sum())
        flag = f"{name}_breached"
        became = new[flag].astype(bool) & ~old[flag].astype(bool)
        shift.became_breached.extend(int(i) for i in old["pk"][became])
        relieved = both & (before < now) & (after >= now)
        shift.no_longer_overdue.extend(int(i) for i in old["pk"][relieved])


def _recompute_exact(
    ids: list[int], rules: _Rules, now: dt.datetime, report: RecomputeReport
) -> None:
    """``deadlines.refresh`` (its ``replay`` and ``record``) for each ticket under its row
    lock: the locks taken and the timelines read for all of them at once, the moved columns
    written in one statement. A ticket that raises is logged and counted, and the run goes
    on."""
    if not ids:
        return
    try:
        with transaction.atomic():
            tickets = list(
                Ticket.objects.select_for_update()
                .filter(pk__in=ids, status__in=OPEN_STATUSES)
                .order_by("pk")
            )
            timelines: dict[int, list[TicketEvent]] = {ticket.pk: [] for ticket in tickets}
            events = TicketEvent.objects.filter(ticket_id__in=list(timelines))
            for event in events.order_by("ticket_id", "at", "id"):
                timelines[event.ticket_id].append(event)
            moved = [
                ticket
                for ticket in tickets
                if _refreshed(ticket, timelines[ticket.pk], rules, now, report)
            ]
            if moved and not report.dry_run:
                Ticket.objects.bulk_update(moved, deadlines.COLUMNS)
    except Exception:
        log.exception("Recomputing the deadlines of tickets %s failed", ids)
        report.failed += len(ids)


def _refreshed(
    ticket: Ticket,
    events: list[TicketEvent],
    rules: _Rules,
    now: dt.datetime,
    report: RecomputeReport,
) -> bool:
    """Whether ``deadlines.refresh`` moved the ticket's columns (counted in ``report``)."""
    report.exact += 1
    before = {name: getattr(ticket, name) for name in deadlines.COLUMNS}
    try:
        deadlines.record(ticket, deadlines.replay(events, rules, now))
    except Exception:
        log.exception("Recomputing the deadlines of ticket %s failed", ticket.pk)
        report.failed += 1
        return False
    after = {name: getattr(ticket, name) for name in deadlines.COLUMNS}
    if before == after:
        return False
    report.changed += 1
    _count_exact_shift(report, ticket.pk, before, after, now)
    return True


def _count_exact_shift(
    report: RecomputeReport,
    ticket_id: int,
    before: dict[str, object],
    after: dict[str, object],
    now: dt.datetime,
) -> None:
    for name in _TARGETS:
        old, new = before[f"{name}_due_at"], after[f"{name}_due_at"]
        shift = report.shifts[name]
        if isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
            shift.earlier += new < old
            shift.later += new > old
            if old < now <= new:
                shift.no_longer_overdue.append(ticket_id)
        if after[f"{name}_breached"] and not before[f"{name}_breached"]:
            shift.became_breached.append(ticket_id)
