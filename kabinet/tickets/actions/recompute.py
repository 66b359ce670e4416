"""Moving every open ticket's deadlines after a calendar or a package changed.

Contract by contract, in batches: plain tickets (see ``bulk_deadlines``) get their columns
from the bulk arithmetic and one ``UPDATE ... FROM (VALUES ...)`` per batch; every other
open ticket goes through ``deadlines.refresh`` under its row lock. Recorded breaches and
met times never go back, exactly as ``refresh`` keeps them. Not the clock itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Min, Q, QuerySet

from kabinet import clock
from kabinet.contracts.models import Contract, Package
from kabinet.tickets import deadlines
from kabinet.tickets.bulk_deadlines import (
    NONE,
    PlainColumns,
    PlainTickets,
    from_micros,
    plain_columns,
    to_micros,
)
from kabinet.tickets.models import OPEN_STATUSES, ActorSide, EventKind, Ticket, TicketEvent

log = logging.getLogger(__name__)

BATCH = 20_000
# Rows per UPDATE statement: 9 parameters each stays under SQLite's 32,766 and
# PostgreSQL's 65,535 bound parameters.
WRITE_ROWS = 3_000
# Events that put a ticket off the plain path: pauses, proposals, level and class changes.
# A customer reply means nothing to a clock that is not waiting for the customer.
_NOT_PLAIN = sorted(
    deadlines.CLOCK_KINDS
    - {
        EventKind.REGISTERED,
        EventKind.PUBLIC_REPLY,
        EventKind.CUSTOMER_REPLY,
        EventKind.CRITICALITY_CHANGED,
    }
)
SLA_COLUMNS = (
    "reaction_due_at",
    "reaction_met_at",
    "reaction_breached",
    "update_due_at",
    "update_breached",
    "update_breach_count",
    "resolution_due_at",
    "resolution_met_at",
    "resolution_breached",
    "next_sla_event_at",
    "clock_phase",
)
_TARGETS = ("reaction", "update", "resolution")
_ROW = ("pk", "version", "criticality", "registered_at", *SLA_COLUMNS)


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


def recompute_after_rules_changed(package: Package | None, contract: Contract | None) -> None:
    """The contracts hook: once the saved package or contract is committed, move the
    deadlines of its open tickets."""
    scope = RecomputeScope(
        package_id=None if package is None else package.pk,
        contract_id=None if contract is None else contract.pk,
    )
    transaction.on_commit(lambda: recompute_open_deadlines(scope))


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
    for contract in scope.contracts():
        for rows in _batches(contract):
            _recompute_batch(contract, rows, now, report)
            if progress is not None:
                progress(len(rows))
    return report


def _batches(contract: Contract) -> Iterator[list[tuple[object, ...]]]:
    last = 0
    while True:
        rows = list(
            Ticket.objects.open()
            .filter(contract=contract, pk__gt=last)
            .order_by("pk")
            .values_list(*_ROW)[:BATCH]
        )
        if not rows:
            return
        yield rows
        last = int(rows[-1][0])


def _recompute_batch(
    contract: Contract, rows: list[tuple[object, ...]], now: dt.datetime, report: RecomputeReport
) -> None:
    report.tickets += len(rows)
    ids = [int(row[0]) for row in rows]  # type: ignore[call-overload]
    first_response = _plain_facts(ids, now)
    plain = [row for row in rows if _is_plain(row, first_response, now)]
    stale: list[int] = []
    if plain:
        stale = _recompute_plain(contract, plain, first_response, now, report)
    plain_ids = {int(row[0]) for row in plain}  # type: ignore[call-overload]
    for ticket_id in [i for i in ids if i not in plain_ids] + stale:
        _recompute_exact(ticket_id, now, report)


def _plain_facts(ids: Sequence[int], now: dt.datetime) -> dict[int, dt.datetime | None]:
    """The first supplier response of each ticket whose timeline is plain: no pause,
    proposal, level or class change, and at most one supplier response by ``now``."""
    response = Q(kind=EventKind.PUBLIC_REPLY, actor_side=ActorSide.SUPPLIER)
    level_change = Q(kind=EventKind.CRITICALITY_CHANGED)
    at_registration = level_change & Q(payload__rule__in=sorted(deadlines.REGISTRATION_RULES))
    facts = (
        TicketEvent.objects.filter(ticket_id__gte=ids[0], ticket_id__lte=ids[-1], at__lte=now)
        .values("ticket_id")
        .annotate(
            others=Count("pk", filter=Q(kind__in=_NOT_PLAIN)),
            level_changes=Count("pk", filter=level_change),
            registration_changes=Count("pk", filter=at_registration),
            responses=Count("pk", filter=response),
            first_response=Min("at", filter=response),
        )
        .values_list(
            "ticket_id",
            "others",
            "level_changes",
            "registration_changes",
            "responses",
            "first_response",
        )
    )
    return {
        ticket_id: first
        for ticket_id, others, changes, at_registration_, responses, first in facts
        if others == 0 and changes == at_registration_ and responses <= 1
    }


def _is_plain(
    row: tuple[object, ...], first_response: dict[int, dt.datetime | None], now: dt.datetime
) -> bool:
    values = dict(zip(_ROW, row, strict=True))
    registered = values["registered_at"]
    return (
        values["pk"] in first_response
        and values["clock_phase"] == "open"
        and values["resolution_met_at"] is None
        and isinstance(registered, dt.datetime)
        and registered <= now
    )


def _recompute_plain(
    contract: Contract,
    rows: list[tuple[object, ...]],
    first_response: dict[int, dt.datetime | None],
    now: dt.datetime,
    report: RecomputeReport,
) -> list[int]:
    """Bulk columns for plain rows, written where they move; returns the ids whose version
    changed meanwhile (for the one-ticket path)."""
    old = {name: np.array([_value(row[i]) for row in rows]) for i, name in enumerate(_ROW)}
    tickets = PlainTickets(
        registered=old["registered_at"],
        first_response=np.array(
            [to_micros(first_response[int(i)]) for i in old["pk"]], dtype=np.int64
        ),
        level=old["criticality"].astype(np.int64),
    )
    columns = plain_columns(
        tickets, deadlines.policy_for(contract), deadlines.calendars_for(contract), now
    )
    new = _merged(old, tickets, columns)
    moved = np.zeros(len(rows), dtype=bool)
    for name in SLA_COLUMNS:
        if name in new:
            moved |= new[name] != old[name]
    report.plain += len(rows)
    report.changed += int(moved.sum())
    _count_shifts(report, old, new, np.int64(to_micros(now)))
    if report.dry_run or not moved.any():
        return []
    return _write(old["pk"][moved], old["version"][moved], {k: v[moved] for k, v in new.items()})


def _value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return to_micros(value)
    if value is None:
        return int(NONE)
    return value


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


_WRITTEN = (
    "reaction_due_at",
    "reaction_met_at",
    "reaction_breached",
    "update_due_at",
    "update_breached",
    "update_breach_count",
    "resolution_due_at",
    "resolution_breached",
    "next_sla_event_at",
)
_INSTANTS = frozenset(
    {"reaction_due_at", "reaction_met_at", "update_due_at", "resolution_due_at"}
    | {"next_sla_event_at"}
)


def _write(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """One ``UPDATE ... FROM (VALUES ...)`` per slice, applied only where the version is
    still the one read; returns the ids it did not apply to."""
    postgres = connection.vendor == "postgresql"
    missed: list[int] = []
    for lo in range(0, ids.size, WRITE_ROWS):
        part = slice(lo, lo + WRITE_ROWS)
        params: list[Any] = []
        for i in range(ids[part].size):
            params += [int(ids[part][i]), int(versions[part][i])]
            params += [_param(name, new[name][part][i], postgres) for name in _WRITTEN]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_update_sql(ids[part].size, postgres), params)
            if cursor.rowcount != ids[part].size:
                missed += _missed(ids[part], versions[part])
    return missed


def _param(name: str, value: object, postgres: bool) -> object:
    if name in _INSTANTS:
        if value == NONE:
            return None
        # PostgreSQL converts the integer itself (see _update_sql); SQLite stores text.
        moment = from_micros(int(value))  # type: ignore[call-overload]
        return int(value) if postgres else connection.ops.adapt_datetimefield_value(moment)  # type: ignore[call-overload]
    if name.endswith("_breached"):
        return bool(value)
    return int(value)  # type: ignore[call-overload]


def _update_sql(rows: int, postgres: bool) -> str:
    table = connection.ops.quote_name(Ticket._meta.db_table)
    sets = []
    for i, name in enumerate(_WRITTEN, start=3):
        value = f"v.column{i}"
        if postgres and name in _INSTANTS:
            value = f"'epoch'::timestamptz + v.column{i} * interval '1 microsecond'"
        sets.append(f"{connection.ops.quote_name(name)} = {value}")
    width = 2 + len(_WRITTEN)
    if postgres:
        casts = ["bigint", "integer"] + [
            "bigint" if n in _INSTANTS or n == "update_breach_count" else "boolean"
            for n in _WRITTEN
        ]
        first = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    else:
        first = "(" + ", ".join(["%s"] * width) + ")"
    others = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * (rows - 1))
    values = first + (", " + others if others else "")
    return (
        f"UPDATE {table} SET {', '.join(sets)} FROM (VALUES {values}) AS v "
        f"WHERE {table}.id = v.column1 AND {table}.version = v.column2"
    )


def _missed(ids: np.ndarray, versions: np.ndarray) -> list[int]:
    current = dict(Ticket.objects.filter(pk__in=[int(i) for i in ids]).values_list("pk", "version"))
    return [int(i) for i, v in zip(ids, versions, strict=True) if current.get(int(i)) != v]


def _recompute_exact(ticket_id: int, now: dt.datetime, report: RecomputeReport) -> None:
    """``deadlines.refresh`` under the row lock; a ticket that raises is logged and
    counted, and the run goes on."""
    try:
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("contract__package")
                .filter(pk=ticket_id, status__in=OPEN_STATUSES)
                .first()
            )
            if ticket is None:
                return
            report.exact += 1
            before = {name: getattr(ticket, name) for name in SLA_COLUMNS}
            deadlines.refresh(ticket, now)
            after = {name: getattr(ticket, name) for name in SLA_COLUMNS}
            if before == after:
                return
            report.changed += 1
            _count_exact_shift(report, ticket_id, before, after, now)
            if not report.dry_run:
                ticket.save(update_fields=list(SLA_COLUMNS))
    except Exception:
        log.exception("Recomputing the deadlines of ticket %s failed", ticket_id)
        report.failed += 1


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
