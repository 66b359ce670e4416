"""The one place runtime code reads the wall clock.

Time comes in as an argument (STYLE 3.2, rule 13): every action takes a keyword ``now`` and
reads the wall clock only when it is not given, through ``resolve``; views, API views, tasks
and queries that need the present call ``now``. A history can then be built at chosen
instants by passing them (the demo loader does), nothing patches ``timezone.now`` outside
tests, and tests that move time do it with ``time_machine``, which this module follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The present instant, aware, in UTC."""
    return timezone.now()


def resolve(given: dt.datetime | None) -> dt.datetime:
    """The instant an action acts at: ``given`` when the caller chose one, else the present.
    A naive ``given`` is a programming error (which zone would it be in?): ValueError."""
    if given is None:
        return now()
    if timezone.is_naive(given):
        raise ValueError(f"now must be an aware datetime, not the naive {given.isoformat()}")
    return given
