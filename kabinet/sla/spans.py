"""Wall-clock spans in which a clock ran, and the working time they hold.

The arithmetic under every SLA target, on any calendar with the `kabinet.worktime`
interface; it knows nothing of tickets, levels or events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

Span = tuple[datetime, datetime]


class WorkCalendar(Protocol):
    """The part of `kabinet.worktime.Calendar` the clock uses."""

    def add(self, start: datetime, amount: timedelta) -> datetime: ...

    def between(self, a: datetime, b: datetime) -> timedelta: ...

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]: ...


@dataclass(frozen=True)
class Pause:
    """A stretch in which clocks stood still; `end` None means it is still going on."""

    start: datetime
    end: datetime | None
    reason: str


def active_spans(start: datetime, end: datetime, pauses: Iterable[Pause]) -> list[Span]:
    """[start, end) minus the pauses (given in time order, not overlapping)."""
    spans: list[Span] = []
    cursor = start
    for pause in pauses:
        pause_end = end if pause.end is None else min(pause.end, end)
        if pause.start >= end:
            break
        if pause_end <= cursor:
            continue
        if pause.start > cursor:
            spans.append((cursor, pause.start))
        cursor = pause_end
    if cursor < end:
        spans.append((cursor, end))
    return spans


def pauses_within(start: datetime, end: datetime, pauses: Iterable[Pause]) -> list[Pause]:
    """The pauses that overlap [start, end], clipped to it (an open pause stays open)."""
    clipped: list[Pause] = []
    for pause in pauses:
        if pause.start >= end or (pause.end is not None and pause.end <= start):
            continue
        pause_end = None if pause.end is None or pause.end > end else pause.end
        clipped.append(Pause(max(pause.start, start), pause_end, pause.reason))
    return clipped


def working_time(calendar: WorkCalendar, spans: Iterable[Span]) -> timedelta:
    return sum((calendar.between(a, b) for a, b in spans), timedelta(0))


def reach(
    calendar: WorkCalendar,
    spans: Sequence[Span],
    amount: timedelta,
    *,
    running_from: datetime | None,
) -> datetime | None:
    """The first instant at which `amount` of working time has been counted.

    Looks inside `spans` first; if they hold less, and the clock is still running from
    `running_from` (the end of the last span), projects the rest with `calendar.add`.
    A paused clock that has not reached `amount` has no such instant yet: None.
    """
    counted = timedelta(0)
    for a, b in spans:
        here = calendar.between(a, b)
        if counted + here >= amount:
            return calendar.add(a, amount - counted)
        counted += here
    if running_from is None:
        return None
    return calendar.add(running_from, amount - counted)
