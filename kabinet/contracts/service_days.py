"""What a customer reads about its supplier's working time (seed 003, 6.1: "Дополнительная
информация о режиме работы … в праздничные дни"): the contract's weekly service hours and
the coming dates that differ from them — days off on working weekdays (holidays), shortened
days, and weekend days worked instead — as the contract's business calendar has them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kabinet.contracts.models import Contract

LOOKAHEAD_DAYS = 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DayChange(StrEnum):
    OFF = "off"  # a weekday the week works, not worked (a holiday)
    SHORT = "short"  # worked, but less than the week's hours for that weekday
    WORKED = "worked"  # a day the week rests, worked (a moved working day)


@dataclass(frozen=True)
class ServiceDay:
    day: dt.date
    change: DayChange
    hours: tuple[tuple[dt.time, dt.time], ...]  # local working intervals that day


def weekly_hours(contract: Contract) -> list[tuple[int, tuple[tuple[dt.time, dt.time], ...]]]:
    """(weekday 0 = Monday, local intervals) for the seven days of the contract's week."""
    week = contract.calendar().spec.week
    return [(index, tuple((_time(s), _time(e)) for s, e in week[index])) for index in range(7)]


def coming_changes(
    contract: Contract, today: dt.date, days: int = LOOKAHEAD_DAYS
) -> list[ServiceDay]:
    """The dates from ``today`` (the contract's day) within ``days`` whose service hours
    differ from the week's."""
    calendar = contract.calendar()
    week = calendar.spec.week
    changes: list[ServiceDay] = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        usual = sum(e - s for s, e in week[day.weekday()])
        intervals = calendar.day_hours(day)
        worked = sum((e - s).total_seconds() for s, e in intervals)
        hours = tuple((s.time(), e.time()) for s, e in intervals)
        if usual and not hours:
            change = DayChange.OFF
        elif hours and not usual:
            change = DayChange.WORKED
        elif hours and worked < usual:
            change = DayChange.SHORT
        else:
            continue
        changes.append(ServiceDay(day=day, change=change, hours=hours))
    return changes


def _time(seconds: int) -> dt.time:
    return dt.time(seconds // 3600, seconds % 3600 // 60) if seconds < 86400 else dt.time(23, 59)
