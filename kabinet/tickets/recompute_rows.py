"""Open tickets' SLA columns in batches, as NumPy arrays, for the bulk recompute: read per
contract (on PostgreSQL one row of binary arrays, parsed by NumPy; elsewhere the ORM), with
which of them are plain enough for the bulk arithmetic; and the moved rows written back (on
PostgreSQL a binary COPY into a temporary table and one ``UPDATE ... FROM``, elsewhere
``VALUES``), only where the row's version is still the one read. No clock arithmetic here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import psycopg
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from psycopg import postgres
from psycopg.abc import Buffer
from psycopg.adapt import Loader
from psycopg.pq import Format

from kabinet.contracts.models import Contract
from kabinet.tickets import deadlines
from kabinet.tickets.bulk_deadlines import NONE, from_micros, to_micros
from kabinet.tickets.models import OPEN_STATUSES, ActorSide, EventKind, Ticket, TicketEvent

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


_ROW = ("pk", "version", "criticality", "registered_at", *deadlines.COLUMNS)


@dataclass(frozen=True)
class Batch:
    """One batch of open tickets as int64 arrays: ``columns`` holds ``_READ`` (instants in
    epoch microseconds, NONE for NULL; flags 0 or 1), ``plain`` which of them the bulk
    arithmetic may compute and ``first_response`` their first supplier response."""

    columns: dict[str, np.ndarray]
    plain: np.ndarray
    first_response: np.ndarray

    def __len__(self) -> int:
        return int(self.plain.size)


def batches(contract: Contract, now: dt.datetime) -> Iterator[Batch]:
    read = _read_postgres if connection.vendor == "postgresql" else _read_portable
    last = 0
    while (batch := read(contract, last, now)) is not None:
        yield batch
        last = int(batch.columns["pk"].max())


WRITTEN = (
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
_READ = ("pk", "version", "criticality", "registered_at", *WRITTEN)


# A plain ticket's timeline: no pause, proposal, level or class change (but the level set at
# registration), at most one supplier response by now; and its row: clock running, not
# resolved, registered by now. The portable path asks the same in Python (_plain_facts).
# PostgreSQL's binary timestamptz: microseconds since 2000-01-01 UTC, '-infinity' the least
# int8 (NONE, so it stands for NULL in the fixed-width rows both ways).
_PG_EPOCH = np.int64(946_684_800 * 1_000_000)


_MOMENT = "COALESCE({0}, '-infinity')"


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
SELECT {row}
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


def _read_postgres(contract: Contract, after: int, now: dt.datetime) -> Batch | None:
    """One statement whose one row holds a batch column by column, each an ``int8[]``
    (timestamptz read as PostgreSQL's own int8 form, '-infinity' for NULL) taken in
    binary as it came and parsed by NumPy, so that no Python object is made per row or
    per value (a COPY would be a Python call per row)."""
    quote = connection.ops.quote_name
    columns = [
        _MOMENT.format(f"t.{quote(name)}")
        if name in _MOMENTS
        else f"t.{quote(name)}::int::int8"
        if name.endswith("_breached")
        else f"t.{quote('id' if name == 'pk' else name)}::int8"
        for name in _READ
    ]
    sql = _READ_SQL.format(
        read=", ".join(quote("id" if name == "pk" else name) for name in _READ),
        ticket=quote(Ticket._meta.db_table),
        event=quote(TicketEvent._meta.db_table),
        row=", ".join(
            f"array_agg({column})"
            for column in (*columns, _PLAIN_SQL, _MOMENT.format("e.first_response"))
        ),
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
    connection.ensure_connection()
    # A psycopg cursor of its own: Django's binds on the client, which gives no binary rows.
    with psycopg.Cursor(connection.connection) as cursor:
        for element in ("int8", "timestamptz"):
            cursor.adapters.register_loader(postgres.types[element].array_oid, _ArrayBytes)
        cursor.execute(sql, params, binary=True)
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    arrays = [_int8_array(data) for data in row]
    named = dict(zip((*_READ, "plain", "first_response"), arrays, strict=True))
    return Batch(
        columns={
            name: _from_pg(named[name]) if name in _MOMENTS else named[name] for name in _READ
        },
        plain=named["plain"] != 0,
        first_response=_from_pg(named["first_response"]),
    )


class _ArrayBytes(Loader):
    """A binary array as the server sent it."""

    format = Format.BINARY

    def load(self, data: Buffer) -> bytes:
        return bytes(data)


# A one-dimensional binary array: dimensions, flags (has NULLs), the element type, the
# length and lower bound, then each element's length and value (eight bytes here).
_ARRAY_HEADER = np.dtype([("ndim", ">i4"), ("nulls", ">i4"), ("oid", ">u4")])
_ARRAY_BOUNDS = np.dtype([("length", ">i4"), ("lower", ">i4")])
_ELEMENTS = np.dtype([("size", ">i4"), ("value", ">i8")])


def _int8_array(data: bytes) -> np.ndarray:
    header = np.frombuffer(data, dtype=_ARRAY_HEADER, count=1)[0]
    if header["ndim"] != 1 or header["nulls"] != 0:
        raise ValueError("expected a one-dimensional array without NULLs")
    start = _ARRAY_HEADER.itemsize + _ARRAY_BOUNDS.itemsize
    elements = np.frombuffer(data, dtype=_ELEMENTS, offset=start)
    return elements["value"].astype(np.int64)


_MOMENTS = _INSTANTS | {"registered_at"}


def _from_pg(values: np.ndarray) -> np.ndarray:
    """Epoch microseconds of binary timestamptz values."""
    values = values.astype(np.int64)
    return np.where(values == NONE, NONE, values + _PG_EPOCH)


def _to_pg(values: np.ndarray) -> np.ndarray:
    return np.where(values == NONE, NONE, values - _PG_EPOCH)


def _read_portable(contract: Contract, after: int, now: dt.datetime) -> Batch | None:
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
    return Batch(
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


def _value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return to_micros(value)
    if value is None:
        return int(NONE)
    return value


def _write_postgres(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """The batch's moved rows COPied in binary (int8 and timestamptz, '-infinity' for
    NULL) into a temporary table, then one ``UPDATE ... FROM`` applied only where the
    version is still the one read; returns the ids it did not apply to."""
    quote = connection.ops.quote_name
    table = quote(Ticket._meta.db_table)
    names = ("id", "version", *WRITTEN)
    rows = np.zeros(ids.size, dtype=_WRITE_DTYPE)
    rows["count"] = len(names)
    for name, values in zip(names, (ids, versions, *(new[n] for n in WRITTEN)), strict=True):
        rows[f"{name}_length"] = 8
        rows[name] = _to_pg(values) if name in _INSTANTS else values
    sets = []
    for name in WRITTEN:
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
        # No wait for the WAL flush at this commit: WAL is written in order, so once the
        # request's (synchronous) "finished" is durable every batch before it is too; a
        # crash before that leaves the request unfinished and it is run again.
        cursor.execute("SET LOCAL synchronous_commit TO off")
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


_WRITE_DTYPE = _copy_dtype(("id", "version", *WRITTEN))


def _write_portable(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """One ``UPDATE ... FROM (VALUES ...)`` per slice, applied only where the version is
    still the one read; returns the ids it did not apply to."""
    missed: list[int] = []
    for lo in range(0, ids.size, WRITE_ROWS):
        part = slice(lo, lo + WRITE_ROWS)
        params: list[Any] = []
        for i in range(ids[part].size):
            params += [int(ids[part][i]), int(versions[part][i])]
            params += [_param(name, new[name][part][i]) for name in WRITTEN]
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
        for i, name in enumerate(WRITTEN, start=3)
    ]
    row = "(" + ", ".join(["%s"] * (2 + len(WRITTEN))) + ")"
    return (
        f"UPDATE {table} SET {', '.join(sets)} FROM (VALUES {', '.join([row] * rows)}) AS v "
        f"WHERE {table}.id = v.column1 AND {table}.version = v.column2"
    )


def _missed(ids: np.ndarray, versions: np.ndarray) -> list[int]:
    current = dict(Ticket.objects.filter(pk__in=[int(i) for i in ids]).values_list("pk", "version"))
    return [int(i) for i, v in zip(ids, versions, strict=True) if current.get(int(i)) != v]


def write_moved(ids: np.ndarray, versions: np.ndarray, new: dict[str, np.ndarray]) -> list[int]:
    """Write the ``WRITTEN`` columns of the rows whose ``version`` is still the one read;
    returns the ids that changed in between (for the one-ticket path)."""
    write = _write_postgres if connection.vendor == "postgresql" else _write_portable
    return write(ids, versions, new)
