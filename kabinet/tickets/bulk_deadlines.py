"""The SLA columns of many plain tickets at once, over epoch microseconds.

A plain ticket is open, never paused, still at its registered level and class, with at most
one supplier response: each due time is "start + remaining working time", which the
calendars' bulk arithmetic gives with the very float operations and roundings of the
one-ticket replay (``deadlines.refresh``). Which tickets are plain is the caller's question
(``actions.recompute``); storing the columns too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kabinet import sla
from kabinet.worktime import Calendar

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Micros = NDArray[np.int64]
    Flags = NDArray[np.bool_]

US = 1_000_000
# "No instant" in an array of epoch microseconds (a NULL column).
NONE = np.iinfo(np.int64).min
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_US = dt.timedelta(microseconds=1)


def to_micros(moment: dt.datetime | None) -> int:
    return int(NONE) if moment is None else (moment - EPOCH) // ONE_US


def from_micros(value: int) -> dt.datetime | None:
    return None if value == NONE else EPOCH + dt.timedelta(microseconds=int(value))


@dataclass(frozen=True)
class PlainTickets:
    """Column arrays of one batch: registration, first supplier response (NONE when there
    is none; never later than now) and level. Never classified, so the clock reads them as
    standard (``standard`` None)."""

    registered: Micros
    first_response: Micros
    level: NDArray[np.int64]


@dataclass(frozen=True)
class PlainColumns:
    """What the replay derives for plain tickets at ``now``. Breach flags and the update
    breach count are the replay's own: merging them with the recorded ones is the caller's."""

    reaction_due: Micros
    reaction_breached: Flags
    update_due: Micros
    update_breaches: NDArray[np.int64]
    resolution_due: Micros
    resolution_breached: Flags
    next_event: Micros


def plain_columns(
    tickets: PlainTickets, policy: sla.Policy, calendars: sla.Calendars, now: dt.datetime
) -> PlainColumns:
    """The columns ``deadlines.refresh`` would write for each plain ticket at ``now``."""
    now_us = np.int64(to_micros(now))
    answered = tickets.first_response != NONE
    zero = np.zeros(tickets.registered.shape, dtype=np.int64)
    n = tickets.registered.size
    # Reaction runs from registration; once answered, its figures are those at the answer.
    reaction_end = np.where(answered, tickets.first_response, now_us)
    reaction = _clock(
        tickets, sla.TargetName.REACTION, tickets.registered, reaction_end, policy, calendars
    )
    resolution = _clock(
        tickets, sla.TargetName.RESOLUTION, tickets.registered, now_us + zero, policy, calendars
    )
    update_start = np.where(answered, tickets.first_response, tickets.registered)
    update = _clock(tickets, sla.TargetName.UPDATE, update_start, now_us + zero, policy, calendars)
    update = _Reading(
        np.where(answered, update.due, NONE), np.where(answered, update.warning, NONE)
    )
    reaction_breached = (reaction.due != NONE) & (reaction.due < reaction_end)
    resolution_breached = (resolution.due != NONE) & (resolution.due < now_us)
    update_breached = (update.due != NONE) & (update.due < now_us)
    candidates = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    for reading, running in (
        (reaction, ~answered & ~reaction_breached),
        (resolution, ~resolution_breached),
        (update, ~update_breached),
    ):
        live = running & (reading.due != NONE)
        warning = live & (reading.warning > now_us)
        candidates = np.where(warning, np.minimum(candidates, reading.warning), candidates)
        breach = live & (reading.due + 1 > now_us)
        candidates = np.where(breach, np.minimum(candidates, reading.due + 1), candidates)
    return PlainColumns(
        reaction_due=reaction.due,
        reaction_breached=reaction_breached,
        update_due=update.due,
        update_breaches=update_breached.astype(np.int64),
        resolution_due=resolution.due,
        resolution_breached=resolution_breached,
        next_event=np.where(candidates == np.iinfo(np.int64).max, NONE, candidates),
    )


@dataclass(frozen=True)
class _Reading:
    due: Micros
    warning: Micros


def _clock(
    tickets: PlainTickets,
    name: sla.TargetName,
    start: Micros,
    end: Micros,
    policy: sla.Policy,
    calendars: sla.Calendars,
) -> _Reading:
    """One target measured over the single span [start, end) and projected on from end,
    grouped by the level whose target and calendar apply."""
    due = np.full(start.shape, NONE, dtype=np.int64)
    warning = np.full(start.shape, NONE, dtype=np.int64)
    for level in np.unique(tickets.level):
        target = policy.target(name, int(level), None)
        if target is None:
            continue
        group = tickets.level == level
        calendar = calendars[target.calendar.value]
        assert isinstance(calendar, Calendar)
        a, b = start[group], end[group]
        elapsed = _timedelta_micros(calendar.between_bulk(a / US, b / US))
        due[group] = _reach(calendar, a, b, elapsed, target.duration // ONE_US)
        amount = target.duration * policy.warning_fraction
        warning[group] = _reach(calendar, a, b, elapsed, amount // ONE_US)
    return _Reading(due, warning)


def _reach(calendar: Calendar, a: Micros, b: Micros, elapsed: Micros, amount: int) -> Micros:
    """``sla.spans.reach`` over one span: inside it when it holds the amount, else the rest
    projected from its end."""
    inside = elapsed >= amount
    start = np.where(inside, a, b)
    rest = np.where(inside, amount, amount - elapsed)
    return _timestamp_micros(calendar.add_bulk(start / US, rest / US))


def _timedelta_micros(seconds: NDArray[np.float64]) -> Micros:
    """Microseconds of ``timedelta(seconds=x)``: the fraction rounded half to even."""
    whole = np.trunc(seconds)
    return whole.astype(np.int64) * US + np.round((seconds - whole) * US).astype(np.int64)


def _timestamp_micros(seconds: NDArray[np.float64]) -> Micros:
    """Microseconds of ``datetime.fromtimestamp(x)``: the fraction rounded half to even."""
    whole = np.floor(seconds)
    return whole.astype(np.int64) * US + np.round((seconds - whole) * US).astype(np.int64)
