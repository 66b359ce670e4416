"""Cursor (keyset) paging of the cabinets' lists: the next page starts after the last row's
sort key, so a page costs the same however deep one pages, and a ticket registered or
closed meanwhile neither repeats a row nor skips one.

A cursor comes back from the browser, so it is input like any other: one that does not
decode into values of the sort key's kinds is refused (``DomainError``, a 400 with a
message) before it reaches a query.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet
from django.db.models.sql.where import WhereNode
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from kabinet.bounds import within_range
from kabinet.errors import DomainError

PAGE_SIZE = 50
MAX_CURSOR = 500  # characters: a real cursor is well under 200


class KeyKind(StrEnum):
    INT = "int"
    TEXT = "text"
    MOMENT = "moment"


@dataclass(frozen=True)
class Key:
    """One part of a list's total order: a field or an annotation the rows carry (an alias
    would not be readable off the row), never NULL."""

    name: str
    kind: KeyKind
    descending: bool = False

    @property
    def ordering(self) -> str:
        return f"-{self.name}" if self.descending else self.name


@dataclass(frozen=True)
class Page[M: Model]:
    rows: list[M]
    next_cursor: str  # "" on the last page


def page_of[M: Model](
    rows: QuerySet[M],
    keys: Sequence[Key],
    cursor: str,
    *,
    size: int = PAGE_SIZE,
    narrow_first: bool = False,
) -> Page[M]:
    """The page of ``rows`` after ``cursor`` ("" for the first) in the order of ``keys``
    (the last key unique, such as the primary key); one query of ``size + 1`` rows.

    ``narrow_first``: pick the page's primary keys first, in a subquery, and read only
    those rows: for a list whose filter and keys a covering index answers but whose order
    is not that index's, so that the sort reads the index instead of every matching row."""
    orderings = [key.ordering for key in keys]
    ordered = rows.order_by(*orderings)
    if cursor:
        ordered = ordered.filter(after(keys, decode(cursor, keys)))
    if narrow_first:
        # The rows by key alone: the keys' subquery applied the list's filters already, and
        # compiling them twice would cost more than the whole outer query.
        outer = rows.all()
        outer.query.where = WhereNode()
        ordered = outer.filter(pk__in=ordered.values("pk")[: size + 1]).order_by(*orderings)
    found = list(ordered[: size + 1])
    if len(found) <= size:
        return Page(rows=found, next_cursor="")
    shown = found[:size]
    return Page(rows=shown, next_cursor=encode(keys, shown[-1]))


def after(keys: Sequence[Key], values: Sequence[object]) -> Q:
    """Rows strictly after ``values`` in the order of ``keys``: (a > x) or (a = x and b > y)…"""
    branches = []
    for position, key in enumerate(keys):
        equal = {k.name: v for k, v in zip(keys[:position], values[:position], strict=True)}
        beyond = f"{key.name}__lt" if key.descending else f"{key.name}__gt"
        branches.append(Q(**equal, **{beyond: values[position]}))
    return reduce(or_, branches)


def encode(keys: Sequence[Key], row: Model) -> str:
    values = [_plain(getattr(row, key.name), key.kind) for key in keys]
    text = json.dumps(values, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _plain(value: object, kind: KeyKind) -> object:
    if kind is KeyKind.MOMENT:
        assert isinstance(value, dt.datetime)
        return value.isoformat()
    return value


def decode(cursor: str, keys: Sequence[Key]) -> list[object]:
    """The key values in ``cursor``; a cursor that is not one of this list's is refused."""
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        return [_checked(value, key.kind) for value, key in zip(values, keys, strict=True)]
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError(
            _("This page address is damaged or out of date; start again from the first page."),
            field="after",
        ) from None


def _checked(value: object, kind: KeyKind) -> object:
    if kind is KeyKind.INT:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**62:
            raise ValueError
        return value
    if not isinstance(value, str) or len(value) > 100:
        raise ValueError
    if kind is KeyKind.TEXT:
        return value
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None or not within_range(moment):
        raise ValueError
    return moment
