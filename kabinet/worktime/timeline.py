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
DAY_SECONDS = 86_400

# One local date of a timeline for the fast paths: the working time from ``lo`` to its
# midnight; the begin and end of its first working interval in seconds after that midnight
# (both 86,400 on a day off); its later intervals the same way.
LocalDay = tuple[float, float, float, tuple[tuple[float, float], ...]]


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

    @cached_property
    def local_days(self) -> tuple[datetime, list[LocalDay | None]]:
        """Local midnight of ``first`` and, for each local date in [first, last) in turn,
        its ``LocalDay``: an instant given in the calendar's zone is then placed by its
        wall-clock time after that midnight alone. ``None`` marks a date where that would
        not be exact, because its UTC offset changes within it (a DST change, with wall
        times in a gap or a fold) or an interval crosses its midnight; such dates take the
        epoch-second path."""
        days: list[LocalDay | None] = []
        day, midnight = self.first, self.lo
        while day < self.last:
            following = _local_epoch(self.zone, day + ONE_DAY, 0)
            days.append(self._local_day(midnight, following))
            day, midnight = day + ONE_DAY, following
        anchor = datetime(self.first.year, self.first.month, self.first.day, tzinfo=self.zone)
        return anchor, days

    def _local_day(self, midnight: float, following: float) -> LocalDay | None:
        zone, starts, ends = self.zone, self.starts, self.ends
        if following - midnight != DAY_SECONDS:
            return None
        if _offset(zone, midnight) != _offset(zone, following - 1):
            return None
        i = bisect_right(ends, midnight)
        if i < self.size and starts[i] < midnight:
            return None
        hours = []
        while i < self.size and starts[i] < following:
            hours.append((starts[i] - midnight, ends[i] - midnight))
            i += 1
        begin, end = hours[0] if hours else (DAY_SECONDS, DAY_SECONDS)
        return self.position(midnight), float(begin), float(end), tuple(hours[1:])


class TimelineArrays:
    """NumPy form of a timeline for the bulk operations.

    A binary search per item is what bounds a bulk call, so both lookups go through a
    bucket index instead: buckets of one day on the time axis and of a typical interval on
    the working-time axis each point at their first candidate interval, and a few
    vectorised steps finish the search. With very uneven intervals (too many per bucket)
    the lookups fall back to ``searchsorted``.
    """

    MAX_STEPS = 8
    TIME_BUCKET = 86_400.0

    def __init__(self, timeline: Timeline) -> None:
        self.lo, self.total = timeline.lo, timeline.total
        self.starts = np.asarray(timeline.starts, dtype=np.float64)
        self.ends = np.asarray(timeline.ends, dtype=np.float64)
        self.cum_start = np.asarray(timeline.cum_start, dtype=np.float64)
        self.cum_end = np.asarray(timeline.cum_end, dtype=np.float64)
        # Padded with one sentinel interval at +inf so that a search may run one past the end.
        self._starts = np.append(self.starts, np.inf)
        self._ends = np.append(self.ends, np.inf)
        self._cum_start = np.append(self.cum_start, timeline.total)
        self._cum_end = np.append(self.cum_end, np.inf)
        buckets = np.arange(int((timeline.hi - timeline.lo) // self.TIME_BUCKET) + 2)
        self._time_first = np.searchsorted(
            self.ends, timeline.lo + self.TIME_BUCKET * buckets, side="right"
        )
        self._time_steps = int(np.diff(self._time_first).max(initial=0)) + 1
        lengths = self.ends - self.starts
        self._work_bucket = float(np.median(lengths)) if timeline.size else 1.0
        buckets = np.arange(int(timeline.total // self._work_bucket) + 2)
        self._work_first = np.searchsorted(self.cum_end, self._work_bucket * buckets, side="left")
        self._work_steps = int(np.diff(self._work_first).max(initial=0)) + 1

    def position(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """Working time from ``lo`` to each instant; requires lo <= t < hi."""
        if self._time_steps > self.MAX_STEPS:
            i = np.searchsorted(self.ends, t, side="right")
        else:
            i = self._time_first[((t - self.lo) // self.TIME_BUCKET).astype(np.intp)]
            for _ in range(self._time_steps):
                i += self._ends[i] <= t
        result: NDArray[np.float64] = self._cum_start[i] + np.maximum(t - self._starts[i], 0.0)
        return result

    def instant_forward(self, target: NDArray[np.float64]) -> NDArray[np.float64]:
        """Epoch seconds at which each working-time position is reached, preferring the end
        of an interval to the start of the next; requires 0 < target <= total."""
        if self._work_steps > self.MAX_STEPS:
            j = np.searchsorted(self.cum_end, target, side="left")
        else:
            j = self._work_first[(target // self._work_bucket).astype(np.intp)]
            for _ in range(self._work_steps):
                j += self._cum_end[j] < target
        result: NDArray[np.float64] = self._starts[j] + (target - self._cum_start[j])
        return result

    def instant_backward(self, target: NDArray[np.float64]) -> NDArray[np.float64]:
        """Like ``instant_forward`` but preferring the start of an interval."""
        j = np.maximum(np.searchsorted(self.cum_start, target, side="right") - 1, 0)
        result: NDArray[np.float64] = self.starts[j] + (target - self.cum_start[j])
        return result


def _offset(zone: ZoneInfo, epoch: float) -> timedelta | None:
    return datetime.fromtimestamp(epoch, zone).utcoffset()


def _local_epoch(zone: ZoneInfo, day: date, seconds: int) -> float:
    """Epoch seconds of a local wall time; 24:00 is the next midnight. In a DST gap the
    wall time is read with the offset before the change (fold=0), as zoneinfo does."""
    if seconds >= 86_400:
        day, seconds = day + ONE_DAY, seconds - 86_400
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return datetime(day.year, day.month, day.day, hours, minutes, secs, tzinfo=zone).timestamp()
