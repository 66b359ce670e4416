"""A calendar compiled over a range of dates into sorted working intervals (epoch seconds)
with the cumulative working time at each boundary, so that every question is a binary
search. Immutable: the calendar swaps in a wider timeline when a query falls outside."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np

from kabinet.worktime.schedule import DaySchedule

if TYPE_CHECKING:
    from numpy.typing import NDArray

ONE_DAY = timedelta(days=1)


class Timeline:
    """Working intervals of the local dates [first, last), as half-open epoch-second spans.

    ``cum_start[i]`` is the working time from ``lo`` to ``starts[i]``; ``cum_end[i]`` the
    same at ``ends[i]``.
    """

    def __init__(self, schedule: DaySchedule, zone: ZoneInfo, first: date, last: date) -> None:
        self.first, self.last, self.zone = first, last, zone
        self.lo = _local_epoch(zone, first, 0)
        self.hi = _local_epoch(zone, last, 0)
        starts: list[float] = []
        ends: list[float] = []
        day = first
        while day < last:
            for begin, finish in schedule.hours(day):
                s, e = _local_epoch(zone, day, begin), _local_epoch(zone, day, finish)
                if e <= s:  # the whole interval fell into a DST gap
                    continue
                starts.append(s)
                ends.append(e)
            day += ONE_DAY
        cum_start, cum_end, total = [], [], 0.0
        for s, e in zip(starts, ends, strict=True):
            cum_start.append(total)
            total += e - s
            cum_end.append(total)
        self.starts, self.ends = starts, ends
        self.cum_start, self.cum_end = cum_start, cum_end
        self.total = total
        self.size = len(starts)

    def position(self, t: float) -> float:
        """Working time from ``lo`` to ``t``; requires lo <= t <= hi."""
        i = bisect_right(self.ends, t)
        if i == self.size:
            return self.total
        start = self.starts[i]
        if start <= t:
            return self.cum_start[i] + (t - start)
        return self.cum_start[i]

    def locate_forward(self, target: float) -> int:
        """Index of the interval where ``target`` working time is reached, preferring the
        end of an interval to the start of the next; ``size`` when beyond this timeline."""
        return bisect_left(self.cum_end, target)

    def locate_backward(self, target: float) -> int:
        """Like ``locate_forward`` but preferring the start of an interval; -1 before it."""
        return bisect_right(self.cum_start, target) - 1

    def instant(self, j: int, offset: float) -> datetime:
        """The aware local datetime ``offset`` seconds into interval ``j``."""
        return datetime.fromtimestamp(self.starts[j] + offset, self.zone)

    def first_interval_after(self, t: float) -> int:
        """Index of the first interval that ends after ``t`` (``size`` if none)."""
        return bisect_right(self.ends, t)

    @cached_property
    def arrays(self) -> TimelineArrays:
        return TimelineArrays(self)


class TimelineArrays:
    """NumPy views of a timeline for the bulk operations."""

    def __init__(self, timeline: Timeline) -> None:
        self.starts: NDArray[np.float64] = np.asarray(timeline.starts, dtype=np.float64)
        self.ends: NDArray[np.float64] = np.asarray(timeline.ends, dtype=np.float64)
        self.cum_start: NDArray[np.float64] = np.asarray(timeline.cum_start, dtype=np.float64)
        self.cum_end: NDArray[np.float64] = np.asarray(timeline.cum_end, dtype=np.float64)
        # Boundaries interleaved with their cumulative working time: working time at any
        # instant is a linear interpolation, flat across the gaps between intervals.
        bounds = np.empty(2 * timeline.size + 2, dtype=np.float64)
        cumulative = np.empty_like(bounds)
        bounds[0], cumulative[0] = timeline.lo, 0.0
        bounds[1:-1:2], bounds[2:-1:2] = self.starts, self.ends
        cumulative[1:-1:2], cumulative[2:-1:2] = self.cum_start, self.cum_end
        bounds[-1], cumulative[-1] = max(timeline.hi, bounds[-2]), timeline.total
        self.bounds, self.cumulative = bounds, cumulative

    def position(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.interp(t, self.bounds, self.cumulative)


def _local_epoch(zone: ZoneInfo, day: date, seconds: int) -> float:
    """Epoch seconds of a local wall time; 24:00 is the next midnight. In a DST gap the
    wall time is read with the offset before the change (fold=0), as zoneinfo does."""
    if seconds >= 86_400:
        day, seconds = day + ONE_DAY, seconds - 86_400
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return datetime(day.year, day.month, day.day, hours, minutes, secs, tzinfo=zone).timestamp()
