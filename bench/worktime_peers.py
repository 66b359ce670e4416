"""The peers measured by ``bench/worktime.py``: the Russian production calendar as each
peer can express it, and one adapter per peer library (scalar, and bulk where it has one).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
TZ_NAME = "Europe/Moscow"
MSK = ZoneInfo(TZ_NAME)
YEAR = 2025
OPEN, CLOSE, SHORT_CLOSE = time(9, 30), time(18, 0), time(17, 0)
# Peers' calendars cover these dates: inputs start in 2025 and reach into January 2026.
RANGE_FIRST, RANGE_LAST = date(YEAR, 1, 1), date(YEAR + 1, 12, 31)

# ------------------------------------------------------------------ production calendar


@dataclass(frozen=True)
class Production:
    days_off: frozenset[date]
    working_weekends: frozenset[date]
    shortened: frozenset[date]
    source: str

    def is_working_day(self, day: date) -> bool:
        if day in self.days_off:
            return False
        return day.weekday() < 5 or day in self.working_weekends


# Used only until kabinet.worktime.production.russian_calendar() exists: the 2025
# decree (and the first days of 2026, which the adds reach into).
_FALLBACK_DAYS_OFF = (
    [date(2025, 1, d) for d in (1, 2, 3, 6, 7, 8)]
    + [date(2025, 5, d) for d in (1, 2, 8, 9)]
    + [date(2025, 6, 12), date(2025, 6, 13), date(2025, 11, 3), date(2025, 11, 4)]
    + [date(2025, 12, 31)]
    + [date(2026, 1, d) for d in (1, 2, 5, 6, 7, 8, 9)]
)
_FALLBACK_WORKING_WEEKENDS = [date(2025, 11, 1)]
_FALLBACK_SHORTENED = [date(2025, 3, 7), date(2025, 4, 30), date(2025, 6, 11), date(2025, 11, 1)]


def load_production() -> Production:
    try:
        module = importlib.import_module("kabinet.worktime.production")
        if not hasattr(module, "russian_calendar"):
            module = importlib.import_module("kabinet.worktime.production.registry")
        calendar = module.russian_calendar()
        days_off = frozenset(calendar.days_off)
        working = frozenset(calendar.working_weekends)
        shortened = frozenset(calendar.shortened)
    except Exception as error:
        return Production(
            frozenset(_FALLBACK_DAYS_OFF),
            frozenset(_FALLBACK_WORKING_WEEKENDS),
            frozenset(_FALLBACK_SHORTENED),
            f"local fallback list in bench ({type(error).__name__}: {error})",
        )

    def window(dates: Iterable[date]) -> frozenset[date]:
        return frozenset(d for d in dates if RANGE_FIRST <= d <= RANGE_LAST)

    return Production(
        window(days_off),
        window(working),
        window(shortened),
        f"{module.__name__}.russian_calendar()",
    )


def dates_in_range() -> list[date]:
    days = (RANGE_LAST - RANGE_FIRST).days + 1
    return [RANGE_FIRST + timedelta(days=i) for i in range(days)]


# -------------------------------------------------------------------------------- peers


@dataclass(frozen=True)
class Native:
    """A peer used at its best: ``prepare`` turns an aware datetime into what the peer's
    own ``add``/``between`` take (done before timing), nothing converts the results."""

    note: str
    prepare: Callable[[datetime], Any]
    add: Callable[[Any, timedelta], Any]
    between: Callable[[Any, Any], Any] | None


class Peer(ABC):
    name: str = ""
    module: str = ""
    expresses: str = ""  # what part of the calendar it can express
    io: str = ""  # how aware datetimes get in and out
    whole_hours_only = False
    has_between = True
    bulk_note = "no batch API for working-time arithmetic"

    @abstractmethod
    def __init__(self, prod: Production) -> None: ...

    def version(self) -> str:
        try:
            return str(importlib.import_module(self.module).__version__)
        except Exception:
            from importlib.metadata import version

            return version(self.module)

    @abstractmethod
    def add_fn(self) -> Callable[[datetime, timedelta], datetime]: ...

    def between_fn(self) -> Callable[[datetime, datetime], timedelta] | None:
        return None

    def native(self) -> Native | None:
        """The peer at its best, when that differs from ``add_fn``/``between_fn``: its own
        calls on its own input type, prepared outside the timing."""
        return None

    def add_bulk_fn(self) -> Callable[[F64, F64], F64] | None:
        return None

    def between_bulk_fn(self) -> Callable[[F64, F64], F64] | None:
        return None

    def effective_amount(self, amount: timedelta) -> timedelta:
        """The amount the peer actually adds (pandas can only add whole hours)."""
        return amount


class OfficeHoursPeer(Peer):
    name, module = "officehours", "officehours"
    expresses = "9:30-18:00 Sat/Sun off (fixed), days off; NO working weekends, NO shortened"
    io = "aware -> naive Moscow wall time in, naive -> aware out (inside the timed call)"

    def __init__(self, prod: Production) -> None:
        from officehours import Calculator

        self.calc = Calculator("9:30", "18:00", sorted(prod.days_off))

    def add_fn(self) -> Callable[[datetime, timedelta], datetime]:
        due_date = self.calc.due_date

        def add(start: datetime, amount: timedelta) -> datetime:
            local = start.astimezone(MSK).replace(tzinfo=None)
            out: datetime = due_date(amount.total_seconds() / 3600.0, local)
            return out.replace(tzinfo=MSK).astimezone(start.tzinfo)

        return add

    def between_fn(self) -> Callable[[datetime, datetime], timedelta]:
        working_seconds = self.calc.working_seconds

        def between(a: datetime, b: datetime) -> timedelta:
            la = a.astimezone(MSK).replace(tzinfo=None)
            lb = b.astimezone(MSK).replace(tzinfo=None)
            return timedelta(seconds=working_seconds(la, lb))

        return between


class TimeGridPeer(Peer):
    name, module = "timegrid", "timegrid"
    expresses = (
        "full: weekly 9:30-18:00, days off (add_holiday), working weekends "
        "(add_open_window), shortened days (add_closed_window 17:00-18:00)"
    )
    io = (
        "naive datetimes only: aware -> naive Moscow wall time in, naive -> aware out "
        "(inside the timed call); add on the calendar (no add on compiled timelines), "
        "between on a timeline compiled once over 2025-2026"
    )

    def __init__(self, prod: Production) -> None:
        import timegrid

        cal = timegrid.TimeGridCalendar.weekdays(OPEN, CLOSE)
        for day in sorted(prod.days_off):
            cal.add_holiday(day)
        for day in sorted(prod.working_weekends):
            end = SHORT_CLOSE if day in prod.shortened else CLOSE
            cal.add_open_window(datetime.combine(day, OPEN), datetime.combine(day, end))
        for day in sorted(prod.shortened - prod.working_weekends):
            cal.add_closed_window(datetime.combine(day, SHORT_CLOSE), datetime.combine(day, CLOSE))
        self.cal = cal
        self.timeline = cal.compile(
            datetime.combine(RANGE_FIRST, time()), datetime.combine(RANGE_LAST, time())
        )

    def add_fn(self) -> Callable[[datetime, timedelta], datetime]:
        add_work = self.cal.add_work_duration

        def add(start: datetime, amount: timedelta) -> datetime:
            out: datetime = add_work(start.astimezone(MSK).replace(tzinfo=None), amount)
            return out.replace(tzinfo=MSK).astimezone(start.tzinfo)

        return add

    def between_fn(self) -> Callable[[datetime, datetime], timedelta]:
        duration = self.timeline.get_working_duration

        def between(a: datetime, b: datetime) -> timedelta:
            out: timedelta = duration(
                a.astimezone(MSK).replace(tzinfo=None), b.astimezone(MSK).replace(tzinfo=None)
            )
            return out

        return between

    def native(self) -> Native:
        return Native(
            "naive Moscow wall times prepared outside the timing, naive results kept; "
            "add_work_duration on the calendar, get_working_duration on the compiled timeline",
            lambda t: t.astimezone(MSK).replace(tzinfo=None),
            self.cal.add_work_duration,
            self.timeline.get_working_duration,
        )


def _epoch_to_dt64(values: F64) -> NDArray[np.datetime64]:
    return np.rint(values * 1e6).astype(np.int64).view("datetime64[us]")


def _seconds_to_td64(values: F64) -> NDArray[np.timedelta64]:
    return np.rint(values * 1e6).astype(np.int64).view("timedelta64[us]")


class WorkClockPeer(Peer):
    """workclock with the richest calendar its public rules can encode.

    Its rules are weekly ``WorkDay``s, weekly ``Break``s and whole-date ``Holidays``
    (each rule in its own IANA zone); working time is the union of work days minus breaks
    and holidays. So: working weekends = a ``WorkDay`` on that weekday plus holidays on
    every other date with that weekday; a shortened day D (17:00-18:00 off) = a holiday on
    D+1 in the fixed zone UTC+10 (Etc/GMT-10), whose midnight is 17:00 Moscow on D. That
    removes [17:00 D, 17:00 D+1) Moscow, exact whenever D+1 is not worked (true of
    pre-holiday days) and Moscow keeps UTC+3.
    """

    name, module = "workclock", "workclock"
    expresses = (
        "full, encoded: weekly 9:30-18:00 + days off; working weekends as a Saturday "
        "WorkDay + every other Saturday a holiday; shortened day D as a holiday on D+1 "
        "in Etc/GMT-10 (cuts 17:00 D..17:00 D+1 Moscow)"
    )
    io = "aware in and out natively (no wrapper)"
    bulk_note = (
        "add_many / between_many on datetime64[us] arrays; float64 epoch <-> datetime64 "
        "conversion inside the timing"
    )

    def __init__(self, prod: Production) -> None:
        import workclock as wc

        rules: list[Any] = [wc.WorkDay(OPEN, CLOSE, days=range(5))]
        weekend_days = sorted({d.weekday() for d in prod.working_weekends})
        holidays = set(prod.days_off)
        if weekend_days:
            rules.append(wc.WorkDay(OPEN, CLOSE, days=weekend_days))
            holidays |= {
                d
                for d in dates_in_range()
                if d.weekday() in weekend_days and d not in prod.working_weekends
            }
        rules.append(wc.Holidays(sorted(holidays)))
        cut = [d + timedelta(days=1) for d in prod.shortened]
        self.unexpressed = sorted(d for d in cut if prod.is_working_day(d))
        cut = [d for d in cut if d not in self.unexpressed]
        if cut:
            rules.append(wc.Holidays(sorted(cut), time_zone="Etc/GMT-10"))
        if self.unexpressed:
            self.expresses += f"; {len(self.unexpressed)} shortened day(s) not expressible"
        self.schedule = wc.Schedule(rules, time_zone=TZ_NAME)

    def add_fn(self) -> Callable[[datetime, timedelta], datetime]:
        add: Callable[[datetime, timedelta], datetime] = self.schedule.add
        return add

    def between_fn(self) -> Callable[[datetime, datetime], timedelta]:
        between: Callable[[datetime, datetime], timedelta] = self.schedule.between
        return between

    def add_bulk_fn(self) -> Callable[[F64, F64], F64]:
        add_many = self.schedule.add_many

        def add_bulk(starts: F64, amounts: F64) -> F64:
            out = add_many(_epoch_to_dt64(starts), _seconds_to_td64(amounts))
            result: F64 = out.view(np.int64) / 1e6
            return result

        return add_bulk

    def between_bulk_fn(self) -> Callable[[F64, F64], F64]:
        between_many = self.schedule.between_many

        def between_bulk(a: F64, b: F64) -> F64:
            out = between_many(_epoch_to_dt64(a), _epoch_to_dt64(b))
            result: F64 = out.view(np.int64) / 1e6
            return result

        return between_bulk


class WorkClockBasicPeer(WorkClockPeer):
    """workclock with just the weekly hours and the days off, as most users would
    write it; kept so the encoding above cannot be blamed for workclock's speed."""

    name = "workclock-basic"
    expresses = "weekly 9:30-18:00 + days off only; NO working weekends, NO shortened"

    def __init__(self, prod: Production) -> None:
        import workclock as wc

        self.unexpressed = []
        self.schedule = wc.Schedule(
            [wc.WorkDay(OPEN, CLOSE, days=range(5)), wc.Holidays(sorted(prod.days_off))],
            time_zone=TZ_NAME,
        )


class BusinessTimeDeltaPeer(Peer):
    name, module = "businesstimedelta", "businesstimedelta"
    expresses = (
        "weekly 9:30-18:00 + days off (HolidayRule) + working weekends (a Saturday "
        "WorkDayRule, to 17:00 as 1 Nov is also shortened, + every other Saturday a "
        "holiday); NO shortened weekdays (a time-off rule that starts inside a working "
        "period and ends after it does not cut it)"
    )
    io = "aware (zoneinfo) in natively, pytz-aware out -> .astimezone(input tz)"

    def __init__(self, prod: Production) -> None:
        import businesstimedelta as btd

        tz = importlib.import_module("pytz").timezone(TZ_NAME)
        rules: list[Any] = [btd.WorkDayRule(OPEN, CLOSE, working_days=[0, 1, 2, 3, 4], tz=tz)]
        weekend_days = sorted({d.weekday() for d in prod.working_weekends})
        holidays = set(prod.days_off)
        for day in weekend_days:  # a weekday's rule has one end: 17:00 if all are shortened
            worked = [d for d in prod.working_weekends if d.weekday() == day]
            end = SHORT_CLOSE if all(d in prod.shortened for d in worked) else CLOSE
            rules.append(btd.WorkDayRule(OPEN, end, working_days=[day], tz=tz))
        if weekend_days:
            holidays |= {
                d
                for d in dates_in_range()
                if d.weekday() in weekend_days and d not in prod.working_weekends
            }
        rules.append(btd.HolidayRule(sorted(holidays), tz=tz))
        self.rules = btd.Rules(rules)
        self.delta_cls = btd.BusinessTimeDelta

    def add_fn(self) -> Callable[[datetime, timedelta], datetime]:
        rules, delta_cls = self.rules, self.delta_cls

        def add(start: datetime, amount: timedelta) -> datetime:
            out: datetime = start + delta_cls(rules, timedelta=amount)
            return out.astimezone(start.tzinfo)

        return add

    def between_fn(self) -> Callable[[datetime, datetime], timedelta]:
        difference = self.rules.difference

        def between(a: datetime, b: datetime) -> timedelta:
            out: timedelta = difference(a, b).timedelta
            return out

        return between


class PandasPeer(Peer):
    name, module = "pandas CBH", "pandas"
    expresses = (
        "CustomBusinessHour 09:30-18:00 Mon-Fri + days off (holidays=); NO working "
        "weekends, NO shortened; whole hours only (n is an int)"
    )
    io = (
        "pd.Timestamp(aware) + CBH(n) -> .to_pydatetime() (inside the timed call); one "
        "offset per whole hour built beforehand; amounts rounded to whole hours"
    )
    whole_hours_only = True
    has_between = False

    def __init__(self, prod: Production) -> None:
        import pandas as pd

        self.pd = pd
        holidays = sorted(prod.days_off)
        self.offsets = {
            n: pd.offsets.CustomBusinessHour(
                n=n, start="09:30", end="18:00", holidays=holidays, weekmask="Mon Tue Wed Thu Fri"
            )
            for n in range(1, 81)
        }

    def effective_amount(self, amount: timedelta) -> timedelta:
        return timedelta(hours=max(1, round(amount.total_seconds() / 3600)))

    def add_fn(self) -> Callable[[datetime, timedelta], datetime]:
        offsets, timestamp = self.offsets, self.pd.Timestamp

        def add(start: datetime, amount: timedelta) -> datetime:
            offset = offsets[max(1, round(amount.total_seconds() / 3600))]
            out: datetime = (timestamp(start) + offset).to_pydatetime()
            return out

        return add


PEER_CLASSES: list[type[Peer]] = [
    OfficeHoursPeer,
    TimeGridPeer,
    WorkClockPeer,
    WorkClockBasicPeer,
    BusinessTimeDeltaPeer,
    PandasPeer,
]
