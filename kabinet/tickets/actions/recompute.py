"""Moving every open ticket's deadlines after a calendar or a package changed.

Contract by contract, in batches: plain tickets (see ``bulk_deadlines``) get their columns
from the bulk arithmetic over NumPy arrays and one ``UPDATE ... FROM`` per batch; every
other open ticket goes through ``deadlines.refresh`` under its row lock. On PostgreSQL a
batch is read by one statement as binary rows and written through a binary COPY into a
temporary table, so no Python object is made per value; other databases take the portable
path (the ORM and ``VALUES``). Recorded breaches and met times never go back, exactly as
``refresh`` keeps them. Not the clock itself.
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

from kabinet import clock, sla
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

_TARGETS = ("reaction", "update", "resolution")
_ROW = ("pk", "version", "criticality", "registered_at", *deadlines.COLUMNS)


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
        for batch in _batches(contract, now):
            _recompute_batch(contract, batch, now, report)
            if progress is not None:
                progress(len(batch))
    return report


@dataclass(frozen=True)
class _Batch:
    """One batch of open tickets as int64 arrays: ``columns`` holds ``_READ`` (instants in
    epoch microseconds, NONE for NULL; flags 0 or 1), ``plain`` which of them the bulk
    arithmetic may compute and ``first_response`` their first supplier response."""

    columns: dict[str, np.ndarray]
    plain: np.ndarray
    first_response: np.ndarray

    def __len__(self) -> int:
        return int(self.plain.size)


# A contract's targets and calendars as the clock reads them (deadlines.policy_for and
# deadlines.calendars_for).
_Rules = tuple[sla.Policy, sla.Calendars]


def _batches(contract: Contract, now: dt.datetime) -> Iterator[_Batch]:
    read = _read_postgres if connection.vendor == "postgresql" else _read_portable
    last = 0
    while (batch := read(contract, last, now)) is not None:
        yield batch
        last = int(batch.columns["pk"].max())


def _recompute_batch(
    contract: Contract, batch: _Batch, now: dt.datetime, report: RecomputeReport
) -> None:
    report.tickets += len(batch)
    rules = deadlines.policy_for(contract), deadlines.calendars_for(contract)
    plain = batch.plain
    stale: list[int] = []
    if plain.any():
        old = {name: values[plain] for name, values in batch.columns.items()}
        stale = _recompute_plain(old, batch.first_response[plain], rules, now, report)
    _recompute_exact([int(i) for i in batch.columns["pk"][~plain]] + stale, rules, now, report)


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


# The columns a batch is read with; the written ones come straight after the ticket's facts.
_READ = ("pk", "version", "criticality", "registered_at", *_WRITTEN)
# A plain ticket's timeline: no pause, proposal, level or class change (but the level set at
# registration), at most one supplier response by now; and its row: clock running, not
# resolved, registered by now. The portable path asks the same in Python (_plain_facts).
# PostgreSQL's binary timestamptz: microseconds since 2000-01-01 UTC, '-infinity' the least
# int8 (NONE, so it stands for NULL in the fixed-width rows both ways).
_PG_EPOCH = np.int64(946_684_800 * 1_000_000)
_MOMENT = "timestamptz_send(COALESCE({0}, '-infinity'))"
_READ_SQL = """
WITH t AS (
    SELECT {read}, clock_phase, resolution_met_at FROM {ticket}
    WHERE contract_id = %(contract)s AND status = ANY(%(open)s) AND id > %(after)s
    ORDER BY id LIMIT %(limit)s
), e AS (
    SELECT ticket_id,
           count(*) FILTER (WHERE kind = ANY(%(not_plain)s)) AS others,
           count(*) FILTER (WHERE kind = %(level_change)s) AS level_changes,
           count(*) FILTER (
               WHERE kind = %(level_change)s AND jsonb_typeof(payload -> 'rule') = 'string'
               AND payload ->> 'rule' = ANY(%(registration_rules)s)
           ) AS registration_changes,
           count(*) FILTER (WHERE kind = %(reply)s AND actor_side = %(supplier)s) AS responses,
           min(at) FILTER (WHERE kind = %(reply)s AND actor_side = %(supplier)s) AS first_response
    FROM {event}
    WHERE ticket_id BETWEEN (SELECT min(id) FROM t) AND (SELECT max(id) FROM t)
      AND at <= %(now)s
    GROUP BY ticket_id
)
SELECT string_agg({row}, ''::bytea)
FROM t LEFT JOIN e ON e.ticket_id = t.id
"""
_PLAIN_SQL = """COALESCE(
    e.others = 0 AND e.level_changes = e.registration_changes AND e.responses <= 1
    AND t.clock_phase = 'open' AND t.resolution_met_at IS NULL AND t.registered_at <= %(now)s,
    false
)::int::int8"""
# COPY's binary format (the write): a 19-byte header, then per row a field count and each
# field's length and value (every field here eight bytes, never NULL), then a -1 trailer.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_TRAILER = b"\xff\xff"


def _copy_dtype(names: Sequence[str]) -> np.dtype[Any]:
    fields: list[tuple[str, str]] = [("count", ">i2")]
    for name in names:
        fields += [(f"{name}_length", ">i4"), (name, ">i8")]
    return np.dtype(fields)


_READ_DTYPE = np.dtype([(name, ">i8") for name in (*_READ, "plain", "first_response")])


def _read_postgres(contract: Contract, after: int, now: dt.datetime) -> _Batch | None:
    """One statement whose single value is the batch as big-endian int8 rows (``int8send``
    concatenated): its columns, which tickets are plain and their first response, parsed by
    NumPy without a Python object per value."""
    quote = connection.ops.quote_name
    columns = [
        _MOMENT.format(f"t.{quote(name)}")
        if name in _MOMENTS
        else f"int8send(t.{quote(name)}::int::int8)"
        if name.endswith("_breached")
        else f"int8send(t.{quote('id' if name == 'pk' else name)}::int8)"
        for name in _READ
    ]
    sql = _READ_SQL.format(
        read=", ".join(quote("id" if name == "pk" else name) for name in _READ),
        ticket=quote(Ticket._meta.db_table),
        event=quote(TicketEvent._meta.db_table),
        row=" || ".join((*columns, f"int8send({_PLAIN_SQL})", _MOMENT.format("e.first_response"))),
    )
    params: dict[str, Any] = {
        "contract": contract.pk,
        "open": [str(status) for status in OPEN_STATUSES],
        "after": after,
        "limit": BATCH,
        "not_plain": [str(kind) for kind in _NOT_PLAIN],
        "level_change": str(EventKind.CRITICALITY_CHANGED),
        "registration_rules": sorted(deadlines.REGISTRATION_RULES),
        "reply": str(EventKind.PUBLIC_REPLY),
        "supplier": str(ActorSide.SUPPLIER),
        "now": now,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (data,) = cursor.fetchone()
    if data is None:
        return None
    table = np.frombuffer(data, dtype=_READ_DTYPE)
    return _Batch(
        columns={
            name: _from_pg(table[name]) if name in _MOMENTS else table[name].astype(np.int64)
            for name in _READ
        },
        plain=table["plain"] != 0,
        first_response=_from_pg(table["first_response"]),
    )


_MOMENTS = _INSTANTS | {"registered_at"}


def _from_pg(values: np.ndarray) -> np.ndarray:
    """Epoch microseconds of binary timestamptz values."""
    values = values.astype(np.int64)
    return np.where(values == NONE, NONE, values + _PG_EPOCH)


def _to_pg(values: np.ndarray) -> np.ndarray:
    return np.where(values == NONE, NONE, values - _PG_EPOCH)


def _read_portable(contract: Contract, after: int, now: dt.datetime) -> _Batch | None:
    rows = list(
        Ticket.objects.open()
        .filter(contract=contract, pk__gt=after)
        .order_by("pk")
        .values_list(*_ROW)[:BATCH]
    )
    if not rows:
        return None
    ids = [int(row[0]) for row in rows]
    first_response = _plain_facts(ids, now)
    return _Batch(
        columns={
            name: np.array([_value(row[_ROW.index(name)]) for row in rows], dtype=np.int64)
            for name in _READ
        },
        plain=np.array([_is_plain(row, first_response, now) for row in rows], dtype=bool),
        first_response=np.array([to_micros(first_response.get(i)) for i in ids], dtype=np.int64),
    )


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
    old: dict[str, np.ndarray],
    first_response: np.ndarray,
    rules: _Rules,
    now: dt.datetime,
    report: RecomputeReport,
) -> list[int]:
    """Bulk columns for plain rows, written where they move; returns the ids whose version
    changed meanwhile (for the one-ticket path)."""
    tickets = PlainTickets(
        registered=old["registered_at"],
        first_response=first_response,
        level=old["criticality"],
    )
    columns = plain_columns(tickets, *rules, now)
    new = _merged(old, tickets, columns)
    moved = np.zeros(len(first_response), dtype=bool)
    for name in _WRITTEN:
        moved |= new[name] != old[name]
    report.plain += len(first_response)
    report.changed += int(moved.sum())
    _count_shifts(report, old, new, np.int64(to_micros(now)))
    if report.dry_run or not moved.any():
        return []
    write = _write_postgres if connection.vendor == "postgresql" else _write_portable
    return write(old["pk"][moved], old["version"][moved], {k: v[moved] for k, v in new.items()})


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


def _write_postgres(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """The batch's moved rows COPied in binary (int8 and timestamptz, '-infinity' for
    NULL) into a temporary table, then one ``UPDATE ... FROM`` applied only where the
    version is still the one read; returns the ids it did not apply to."""
    quote = connection.ops.quote_name
    table = quote(Ticket._meta.db_table)
    names = ("id", "version", *_WRITTEN)
    rows = np.zeros(ids.size, dtype=_WRITE_DTYPE)
    rows["count"] = len(names)
    for name, values in zip(names, (ids, versions, *(new[n] for n in _WRITTEN)), strict=True):
        rows[f"{name}_length"] = 8
        rows[name] = _to_pg(values) if name in _INSTANTS else values
    sets = []
    for name in _WRITTEN:
        value = f"v.{quote(name)}"
        if name in _INSTANTS:
            value = f"NULLIF({value}, '-infinity')"
        elif name.endswith("_breached"):
            value = f"{value} <> 0"
        sets.append(f"{quote(name)} = {value}")
    types = ", ".join(
        f"{quote(name)} {'timestamptz' if name in _INSTANTS else 'int8'}" for name in names
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{_TEMP}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_TEMP} ({types})")
        with cursor.copy(f"COPY {_TEMP} FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_COPY_HEADER + rows.tobytes() + _COPY_TRAILER)
        # The id range keeps a merge join from scanning the table's key from its start.
        cursor.execute(
            f"UPDATE {table} SET {', '.join(sets)} FROM {_TEMP} AS v "
            f"WHERE {table}.id = v.id AND {table}.version = v.version "
            f"AND {table}.id BETWEEN %s AND %s",
            [int(ids.min()), int(ids.max())],
        )
        updated = cursor.rowcount
        cursor.execute(f"DROP TABLE {_TEMP}")
    return [] if updated == ids.size else _missed(ids, versions)


_TEMP = "kabinet_recompute_rows"
_WRITE_DTYPE = _copy_dtype(("id", "version", *_WRITTEN))


def _write_portable(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """One ``UPDATE ... FROM (VALUES ...)`` per slice, applied only where the version is
    still the one read; returns the ids it did not apply to."""
    missed: list[int] = []
    for lo in range(0, ids.size, WRITE_ROWS):
        part = slice(lo, lo + WRITE_ROWS)
        params: list[Any] = []
        for i in range(ids[part].size):
            params += [int(ids[part][i]), int(versions[part][i])]
            params += [_param(name, new[name][part][i]) for name in _WRITTEN]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_update_sql(ids[part].size), params)
            if cursor.rowcount != ids[part].size:
                missed += _missed(ids[part], versions[part])
    return missed


def _param(name: str, value: object) -> object:
    if name in _INSTANTS:
        moment = from_micros(int(value))  # type: ignore[call-overload]
        return None if moment is None else connection.ops.adapt_datetimefield_value(moment)
    if name.endswith("_breached"):
        return bool(value)
    return int(value)  # type: ignore[call-overload]


def _update_sql(rows: int) -> str:
    table = connection.ops.quote_name(Ticket._meta.db_table)
    sets = [
        f"{connection.ops.quote_name(name)} = v.column{i}"
        for i, name in enumerate(_WRITTEN, start=3)
    ]
    row = "(" + ", ".join(["%s"] * (2 + len(_WRITTEN))) + ")"
    return (
        f"UPDATE {table} SET {', '.join(sets)} FROM (VALUES {', '.join([row] * rows)}) AS v "
        f"WHERE {table}.id = v.column1 AND {table}.version = v.column2"
    )


def _missed(ids: np.ndarray, versions: np.ndarray) -> list[int]:
    current = dict(Ticket.objects.filter(pk__in=[int(i) for i in ids]).values_list("pk", "version"))
    return [int(i) for i, v in zip(ids, versions, strict=True) if current.get(int(i)) != v]


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
