"""What a change of a package or a calendar would do to the open tickets, before it is
saved: the change is made inside a savepoint, the recompute runs as a dry run on the
changed rules, and the savepoint is rolled back (with the change's audit record and any
work it scheduled for after the commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from kabinet import clock
from kabinet.tickets.actions.recompute import (
    RecomputeReport,
    RecomputeScope,
    recompute_open_deadlines,
)


class _UndoError(Exception):
    """Raised to roll the savepoint back once the dry run has its report."""


def what_if(
    scope: RecomputeScope, change: Callable[[], object], *, now: dt.datetime | None = None
) -> RecomputeReport:
    """The dry-run report of recomputing ``scope`` after ``change`` (one action call),
    with nothing of either kept. A domain refusal of ``change`` propagates as it is."""
    now = clock.resolve(now)
    reports: list[RecomputeReport] = []
    try:
        with transaction.atomic():
            change()
            reports.append(recompute_open_deadlines(scope, now=now, dry_run=True))
            raise _UndoError
    except _UndoError:
        pass
    return reports[0]
