"""Why each due time is what it is: working time per day, pauses, days off, the arithmetic.

Reads a `ClockState` and the calendars it was computed with; returns plain data an API
can serialise (`as_dict`). It recomputes nothing the clock decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from kabinet.sla.policy import CalendarKey
from kabinet.sla.spans import Pause, Span, WorkCalendar
from kabinet.sla.state import Breach, ClockState, TargetState, TargetStatus

MAX_DAYS_OFF_SCAN = 400  # a due time further out than this lists no days off past it
NOTHING_DUE = "no target at this level: nothing is due"


@dataclass(frozen=True)
class DayWork:
    """Working time of one local day that a target counts."""

    day: date
    worked: timedelta
    intervals: tuple[Span, ...]  # local time


@dataclass(frozen=True)
class TargetExplanation:
    name: str
    status: str
    calendar: str | None
    duration: timedelta | None
    anchor: datetime | None
    elapsed: timedelta | None  # working time used; without a target, for information
    counted: tuple[DayWork, ...]  # working time already used (to now, or to the meeting)
    projected: tuple[DayWork, ...]  # working time still to run, from now to the due time
    overtime: tuple[DayWork, ...]  # working time counted after the due time
    pauses: tuple[Pause, ...]
    days_off: tuple[date, ...]  # days with no working time between anchor and the end
    due_at: datetime | None
    met_at: datetime | None
    breaches: tuple[Breach, ...]
    arithmetic: str

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.name,
            "status": self.status,
            "calendar": self.calendar,
            "duration_seconds": _seconds(self.duration),
            "anchor": _iso(self.anchor),
            "elapsed_seconds": _seconds(self.elapsed),
            "counted": [_day_dict(day) for day in self.counted],
            "projected": [_day_dict(day) for day in self.projected],
            "overtime": [_day_dict(day) for day in self.overtime],
            "pauses": [_pause_dict(pause) for pause in self.pauses],
            "days_off": [day.isoformat() for day in self.days_off],
            "due_at": _iso(self.due_at),
            "met_at": _iso(self.met_at),
            "breaches": [{"deadline": _iso(b.deadline), "at": _iso(b.at)} for b in self.breaches],
            "arithmetic": self.arithmetic,
        }


@dataclass(frozen=True)
class Explanation:
    now: datetime
    level: int
    phase: str
    customer_reply_due_at: datetime | None
    targets: tuple[TargetExplanation, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "now": _iso(self.now),
            "level": self.level,
            "phase": self.phase,
            "customer_reply_due_at": _iso(self.customer_reply_due_at),
            "targets": [target.as_dict() for target in self.targets],
        }


def explain(state: ClockState, calendars: Mapping[str, WorkCalendar], *, tz: tzinfo) -> Explanation:
    """Explain `state` (from `evaluate` with the same `calendars`); days and texts in `tz`."""
    targets = tuple(_explain_target(t, state.now, calendars, tz) for t in state.targets)
    return Explanation(
        now=state.now.astimezone(tz),
        level=state.level,
        phase=state.phase.value,
        customer_reply_due_at=_local(state.customer_reply_due_at, tz),
        targets=targets,
    )


def _explain_target(
    state: TargetState, now: datetime, calendars: Mapping[str, WorkCalendar], tz: tzinfo
) -> TargetExplanation:
    if state.target is None:
        return _bare(state, now, calendars, tz)
    calendar = calendars[state.target.calendar.value]
    cut = state.due_at or now
    counted = _by_day(calendar, _clip(state.spans, None, cut), tz)
    overtime = _by_day(calendar, _clip(state.spans, cut, None), tz)
    projected: tuple[DayWork, ...] = ()
    if state.status is TargetStatus.RUNNING and state.due_at is not None and state.due_at > now:
        projected = _by_day(calendar, [(now, state.due_at)], tz)
    stop = state.met_at or now
    end = stop if state.due_at is None else max(stop, state.due_at)
    return TargetExplanation(
        name=state.name.value,
        status=state.status.value,
        calendar=state.target.calendar.value,
        duration=state.target.duration,
        anchor=_local(state.anchor, tz),
        elapsed=state.elapsed,
        counted=counted,
        projected=projected,
        overtime=overtime,
        pauses=tuple(_local_pause(p, tz) for p in state.pauses),
        days_off=_days_off(calendar, state.anchor or end, end, tz),
        due_at=_local(state.due_at, tz),
        met_at=_local(state.met_at, tz),
        breaches=state.breaches,
        arithmetic=_arithmetic(state, counted + projected, overtime, tz),
    )


def _bare(
    state: TargetState, now: datetime, calendars: Mapping[str, WorkCalendar], tz: tzinfo
) -> TargetExplanation:
    """A level without the target: nothing is due; once the clock has an anchor, the working
    time used so far is told for information, on the business calendar."""
    if state.elapsed is None or state.anchor is None:
        return TargetExplanation(
            name=state.name.value,
            status=state.status.value,
            calendar=None,
            duration=None,
            anchor=_local(state.anchor, tz),
            elapsed=None,
            counted=(),
            projected=(),
            overtime=(),
            pauses=(),
            days_off=(),
            due_at=None,
            met_at=_local(state.met_at, tz),
            breaches=state.breaches,
            arithmetic=NOTHING_DUE,
        )
    calendar = calendars[CalendarKey.BUSINESS.value]
    counted = _by_day(calendar, state.spans, tz)
    return TargetExplanation(
        name=state.name.value,
        status=state.status.value,
        calendar=CalendarKey.BUSINESS.value,
        duration=None,
        anchor=_local(state.anchor, tz),
        elapsed=state.elapsed,
        counted=counted,
        projected=(),
        overtime=(),
        pauses=tuple(_local_pause(p, tz) for p in state.pauses),
        days_off=_days_off(calendar, state.anchor, state.met_at or now, tz),
        due_at=None,
        met_at=_local(state.met_at, tz),
        breaches=state.breaches,
        arithmetic=f"{NOTHING_DUE}; for information: {_arithmetic(state, counted, (), tz)}",
    )


def _by_day(calendar: WorkCalendar, spans: Iterable[Span], tz: tzinfo) -> tuple[DayWork, ...]:
    """Working intervals inside `spans`, cut at local midnights and summed per day."""
    days: dict[date, list[Span]] = {}
    for a, b in spans:
        for start, end in calendar.intervals(a, b):
            for piece in _split_at_midnight(start.astimezone(tz), end.astimezone(tz), tz):
                days.setdefault(piece[0].date(), []).append(piece)
    return tuple(
        DayWork(day, sum((b - a for a, b in pieces), timedelta(0)), tuple(pieces))
        for day, pieces in sorted(days.items())
    )


def _clip(spans: Iterable[Span], lo: datetime | None, hi: datetime | None) -> list[Span]:
    """The parts of `spans` inside [lo, hi); None leaves that side open."""
    clipped: list[Span] = []
    for a, b in spans:
        a, b = (a if lo is None else max(a, lo)), (b if hi is None else min(b, hi))
        if a < b:
            clipped.append((a, b))
    return clipped


def _split_at_midnight(start: datetime, end: datetime, tz: tzinfo) -> list[Span]:
    pieces: list[Span] = []
    while start < end:
        next_day = start.date() + timedelta(days=1)
        midnight = datetime(next_day.year, next_day.month, next_day.day, tzinfo=tz)
        cut = min(end, midnight)
        pieces.append((start, cut))
        start = cut
    return pieces


def _days_off(
    calendar: WorkCalendar, start: datetime, end: datetime, tz: tzinfo
) -> tuple[date, ...]:
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    off: list[date] = []
    day = first
    while day <= last and (day - first).days < MAX_DAYS_OFF_SCAN:
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
        following = day + timedelta(days=1)
        next_midnight = datetime(following.year, following.month, following.day, tzinfo=tz)
        if not calendar.intervals(midnight, next_midnight):
            off.append(day)
        day = following
    return tuple(off)


def _arithmetic(
    state: TargetState, days: tuple[DayWork, ...], overtime: tuple[DayWork, ...], tz: tzinfo
) -> str:
    parts = ", ".join(f"{duration_text(d.worked)} on {d.day.isoformat()}" for d in days)
    total = sum((d.worked for d in days), timedelta(0))
    text = f"{parts or 'no working time'} = {duration_text(total)}"
    if state.due_at is not None:
        text += f" → due {_stamp(state.due_at, tz)}"
    elif state.remaining is not None:
        text += f"; paused with {duration_text(state.remaining)} left"
    if overtime:
        late = sum((d.worked for d in overtime), timedelta(0))
        text += f"; {duration_text(late)} of working time past due"
    if state.met_at is not None:
        text += f"; met {_stamp(state.met_at, tz)}"
    for pause in state.pauses:
        until = "now" if pause.end is None else _stamp(pause.end, tz)
        text += f"; paused {_stamp(pause.start, tz)} – {until} ({pause.reason})"
    for breach in state.breaches:
        text += f"; breached: due {_stamp(breach.deadline, tz)} missed"
    return text


def duration_text(amount: timedelta) -> str:
    """'7 h 45 min', '15 min', '8 h', '0 min' (seconds are shown only when present)."""
    seconds = int(amount.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h} h"] if h else []
    if m or not (h or s):
        parts.append(f"{m} min")
    if s:
        parts.append(f"{s} s")
    return sign + " ".join(parts)


def _stamp(instant: datetime, tz: tzinfo) -> str:
    return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _local(instant: datetime | None, tz: tzinfo) -> datetime | None:
    return None if instant is None else instant.astimezone(tz)


def _local_pause(pause: Pause, tz: tzinfo) -> Pause:
    end = None if pause.end is None else pause.end.astimezone(tz)
    return Pause(pause.start.astimezone(tz), end, pause.reason)


def _iso(instant: datetime | None) -> str | None:
    return None if instant is None else instant.isoformat()


def _seconds(amount: timedelta | None) -> int | None:
    return None if amount is None else int(amount.total_seconds())


def _day_dict(day: DayWork) -> dict[str, object]:
    return {
        "day": day.day.isoformat(),
        "worked_seconds": _seconds(day.worked),
        "text": duration_text(day.worked),
        "intervals": [[a.isoformat(), b.isoformat()] for a, b in day.intervals],
    }


def _pause_dict(pause: Pause) -> dict[str, object]:
    return {"start": _iso(pause.start), "end": _iso(pause.end), "reason": pause.reason}
