"""Business-time arithmetic over one working calendar: the public face of ``worktime``.

Everything is answered from a compiled ``Timeline``; the calendar only converts
datetimes at the edges and widens the timeline when a question falls outside it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from threading import Lock
from typing import TYPE_CHECKING, Any

import numpy as np

from kabinet.worktime.schedule import DaySchedule
from kabinet.worktime.spec import WEEKDAYS, CalendarSpec, dump_spec, parse_spec
from kabinet.worktime.timeline import LocalDay, Timeline

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

fromtimestamp = datetime.fromtimestamp
MIN_YEAR, MAX_YEAR = 2, 9998
GROW_YEARS = 4
ALWAYS_SPEC: dict[str, Any] = {
    "timezone": "UTC",
    "week": {day: [["00:00", "24:00"]] for day in WEEKDAYS},
}


class Calendar:
    """A working calendar in its own time zone. Thread-safe; cheap to share."""

    def __init__(self, spec: CalendarSpec) -> None:
        production = None
        if spec.production_calendar is not None:
            from kabinet.worktime.production.registry import get_production_calendar

            production = get_production_calendar(spec.production_calendar)
        self.spec = spec
        self.zone = spec.zone
        self._schedule = DaySchedule(spec, production)
        self._timeline: Timeline | None = None
        self._grow_lock = Lock()

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> Calendar:
        return cls(parse_spec(spec))

    @classmethod
    def always(cls) -> Calendar:
        """24×7 in UTC: working time equals elapsed time."""
        return cls.from_spec(ALWAYS_SPEC)

    def to_spec(self) -> dict[str, Any]:
        return dump_spec(self.spec)

    def __repr__(self) -> str:
        return f"Calendar({self.to_spec()!r})"

    # --- scalar operations -------------------------------------------------------------

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The instant at which ``amount`` of working time has passed after ``start``.

        A result exactly at the end of a working interval is that end, not the start of the
        next interval. A negative amount counts backwards (then a result exactly at the start
        of an interval is that start). A zero amount returns ``start`` as it is.
        """
        seconds = amount.total_seconds()
        timeline = self._timeline
        if seconds > 0 and timeline is not None and start.tzinfo is self.zone:
            # The hot path of every deadline: a start in the calendar's own zone is placed
            # from its wall clock (see ``between``), then one search finds the deadline.
            anchor, days = timeline.local_days
            span = start - anchor
            if 0 <= span.days < len(days):
                day = days[span.days]
                if day is not None:
                    target = _wall_position(day, span) + seconds
                    j = bisect_left(timeline.cum_end, target)
                    if j < timeline.size:
                        return fromtimestamp(
                            timeline.starts[j] + (target - timeline.cum_start[j]), self.zone
                        )
        t = _epoch(start)
        if seconds == 0:
            return start
        return fromtimestamp(self.add_seconds(t, seconds), self.zone)

    def add_seconds(self, start: float, amount: float) -> float:
        """``add`` over epoch seconds and working seconds; returns epoch seconds."""
        if amount == 0:
            return start
        timeline = self._timeline
        if timeline is None or not timeline.lo <= start < timeline.hi:
            timeline = self._covering(start, start)
        if amount > 0:
            # The common case, inlined.
            i = bisect_right(timeline.ends, start)
            if i < timeline.size:
                begin = timeline.starts[i]
                target = timeline.cum_start[i] + (start - begin if begin <= start else 0.0)
                j = bisect_left(timeline.cum_end, target + amount, i)
                if j < timeline.size:
                    return timeline.starts[j] + (target + amount - timeline.cum_start[j])
        while True:
            target = timeline.position(start) + amount
            if amount > 0:
                j = timeline.locate_forward(target)
                if j < timeline.size:
                    return timeline.starts[j] + (target - timeline.cum_start[j])
                timeline = self._grow(timeline, forward=True)
            else:
                j = timeline.locate_backward(target)
                if j >= 0:
                    return timeline.starts[j] + (target - timeline.cum_start[j])
                timeline = self._grow(timeline, forward=False)

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time in [a, b); negative when b is before a."""
        timeline = self._timeline
        zone = self.zone
        if timeline is not None and a.tzinfo is zone and b.tzinfo is zone:
            # Both in the calendar's own zone, the common case. Subtracting datetimes of
            # one tzinfo gives wall-clock time, which finds each one's local date and time
            # of day in ``Timeline.local_days`` with no epoch conversion, no UTC offset and
            # no search. This is ``_wall_position`` twice, inlined: the hot path of reports.
            anchor, days = timeline.local_days
            span_a, span_b = a - anchor, b - anchor
            ka, kb = span_a.days, span_b.days
            if 0 <= ka < len(days) and 0 <= kb < len(days):
                day_a, day_b = days[ka], days[kb]
                if day_a is not None and day_b is not None:
                    wa, begin, end, later = day_a
                    s = span_a.seconds + span_a.microseconds / 1e6
                    if s > begin:
                        wa += (s if s < end else end) - begin
                        if later:
                            wa += _later_hours(later, s)
                    wb, begin, end, later = day_b
                    s = span_b.seconds + span_b.microseconds / 1e6
                    if s > begin:
                        wb += (s if s < end else end) - begin
                        if later:
                            wb += _later_hours(later, s)
                    return timedelta(0, wb - wa)
        return timedelta(0, self.between_seconds(_epoch(a), _epoch(b)))

    def between_seconds(self, a: float, b: float) -> float:
        """``between`` over epoch seconds: working seconds in [a, b), negative when b < a."""
        timeline = self._timeline
        if timeline is None or not (
            timeline.lo <= a < timeline.hi and timeline.lo <= b < timeline.hi
        ):
            timeline = self._covering(min(a, b), max(a, b))
        # Both positions inlined (see Timeline.position): this is the hot path of reports.
        ends, starts, cum = timeline.ends, timeline.starts, timeline.cum_start
        i = bisect_right(ends, a)
        wa = (
            cum[i] + (a - starts[i] if starts[i] <= a else 0.0)
            if i < timeline.size
            else timeline.total
        )
        i = bisect_right(ends, b)
        wb = (
            cum[i] + (b - starts[i] if starts[i] <= b else 0.0)
            if i < timeline.size
            else timeline.total
        )
        return wb - wa

    def is_working(self, t: datetime) -> bool:
        x = _epoch(t)
        timeline = self._covering(x, x)
        i = timeline.first_interval_after(x)
        return i < timeline.size and timeline.starts[i] <= x

    def next_working(self, t: datetime) -> datetime:
        """``t`` itself when it is working time, else the start of the next working interval."""
        x = _epoch(t)
        timeline = self._covering(x, x)
        while True:
            i = timeline.first_interval_after(x)
            if i < timeline.size:
                if timeline.starts[i] <= x:
                    return t.astimezone(self.zone)
                return timeline.instant(i, 0.0)
            timeline = self._grow(timeline, forward=True)

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The working intervals inside [start, end), clipped to it, in local time."""
        s, e = _epoch(start), _epoch(end)
        if e <= s:
            return []
        timeline = self._covering(s, e)
        out = []
        i = timeline.first_interval_after(s)
        while i < timeline.size and timeline.starts[i] < e:
            lo, hi = max(s, timeline.starts[i]), min(e, timeline.ends[i])
            out.append((_local(lo, self), _local(hi, self)))
            i += 1
        return out

    def day_hours(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working intervals of one local date."""
        start = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        return self.intervals(start, start + timedelta(days=1))

    def working_day_length(self) -> timedelta:
        """Length of a normal working day: the most common non-zero weekday length, the
        longer one on a tie. "N working days" in a package means N times this (DESIGN.md).
        """
        lengths = [sum(e - s for s, e in hours) for hours in self.spec.week if hours]
        if not lengths:
            raise ValueError("the calendar has no working weekday")
        return timedelta(seconds=max(set(lengths), key=lambda n: (lengths.count(n), n)))

    # --- bulk operations over epoch seconds --------------------------------------------

    def add_bulk(self, starts: ArrayLike, amounts: ArrayLike) -> NDArray[np.float64]:
        """``add`` over arrays of epoch seconds and working seconds; returns epoch seconds."""
        t = np.asarray(starts, dtype=np.float64)
        a = np.asarray(amounts, dtype=np.float64)
        if t.size == 0:
            return np.empty(np.broadcast(t, a).shape, dtype=np.float64)
        timeline = self._covering(float(t.min()), float(t.max()))
        while True:
            arrays = timeline.arrays
            target = arrays.position(t) + a
            if target.max(initial=0.0) > timeline.total:
                timeline = self._grow(timeline, forward=True)
                continue
            if target.min(initial=0.0) < 0:
                timeline = self._grow(timeline, forward=False)
                continue
            break
        out = arrays.instant_forward(target)
        backward = a < 0
        if backward.any():
            out = np.where(backward, arrays.instant_backward(target), out)
        return np.where(a == 0, t, out)

    def between_bulk(self, a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
        """``between`` over arrays of epoch seconds; returns working seconds."""
        ta = np.asarray(a, dtype=np.float64)
        tb = np.asarray(b, dtype=np.float64)
        if ta.size == 0 or tb.size == 0:
            return np.empty(np.broadcast(ta, tb).shape, dtype=np.float64)
        lo = min(float(ta.min()), float(tb.min()))
        hi = max(float(ta.max()), float(tb.max()))
        arrays = self._covering(lo, hi).arrays
        result: NDArray[np.float64] = arrays.position(tb) - arrays.position(ta)
        return result

    def timeline_arrays(
        self, start_year: int, end_year: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Starts, ends and cumulative working seconds of the compiled intervals of the
        years [start_year, end_year] (for benchmarks and bulk tools)."""
        lo = datetime(start_year, 1, 1, tzinfo=self.zone).timestamp()
        hi = datetime(end_year + 1, 1, 1, tzinfo=self.zone).timestamp()
        arrays = self._covering(lo, hi).arrays
        mask = (arrays.starts >= lo) & (arrays.starts < hi)
        return arrays.starts[mask], arrays.ends[mask], arrays.cum_start[mask]

    # --- the compiled timeline ---------------------------------------------------------

    def _covering(self, lo: float, hi: float) -> Timeline:
        timeline = self._timeline
        if timeline is not None and timeline.lo <= lo and hi < timeline.hi:
            return timeline
        with self._grow_lock:
            timeline = self._timeline
            if timeline is not None and timeline.lo <= lo and hi < timeline.hi:
                return timeline
            first_year = _year_of(lo, self) - 1
            last_year = _year_of(hi, self) + 2
            if timeline is not None:
                first_year = min(first_year, timeline.first.year)
                last_year = max(last_year, timeline.last.year)
            return self._compile(first_year, last_year)

    def _grow(self, timeline: Timeline, *, forward: bool) -> Timeline:
        """A wider timeline, when an amount runs past the compiled years."""
        if not self._schedule.can_ever_work():
            raise ValueError("the calendar has no working time at all")
        span = max(GROW_YEARS, timeline.last.year - timeline.first.year)
        with self._grow_lock:
            current = self._timeline or timeline
            first, last = current.first.year, current.last.year
            if forward:
                last = max(last, timeline.last.year + span)
            else:
                first = min(first, timeline.first.year - span)
            return self._compile(first, last)

    def _compile(self, first_year: int, last_year: int) -> Timeline:
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise ValueError(
                f"working time beyond the years {MIN_YEAR}–{MAX_YEAR} cannot be computed"
            )
        timeline = Timeline(
            self._schedule, self.zone, date(first_year, 1, 1), date(last_year, 1, 1)
        )
        self._timeline = timeline
        return timeline


def _epoch(t: datetime) -> float:
    if t.tzinfo is None:
        raise ValueError(
            f"naive datetime {t.isoformat()} has no time zone; give an aware datetime "
            "such as 2026-05-08T16:00:00+03:00"
        )
    return t.timestamp()


def _wall_position(day: LocalDay, span: timedelta) -> float:
    """Working time from the timeline's start to the instant ``span`` of wall-clock time
    after its first midnight, ``day`` being that instant's local date."""
    s = span.seconds + span.microseconds / 1e6
    position, begin, end, later = day
    if s > begin:
        position += (s if s < end else end) - begin
        if later:
            position += _later_hours(later, s)
    return position


def _later_hours(hours: tuple[tuple[float, float], ...], s: float) -> float:
    """Working seconds before the wall-clock second ``s`` of a day in its later intervals."""
    worked = 0.0
    for begin, end in hours:
        if s <= begin:
            break
        worked += (s if s < end else end) - begin
    return worked


def _local(epoch: float, calendar: Calendar) -> datetime:
    return datetime.fromtimestamp(epoch, calendar.zone)


def _year_of(epoch: float, calendar: Calendar) -> int:
    try:
        return datetime.fromtimestamp(epoch, calendar.zone).year
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError("the instant is outside the supported range of dates") from exc
