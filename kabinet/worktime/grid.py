"""A year of a calendar as printable month grids, with days off, working weekend days and
shortened days marked, and the year's totals. Text only; no arithmetic of its own."""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kabinet.worktime.calendar import Calendar

MONTHS_RU = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
]
HEADER = "Пн Вт Ср Чт Пт Сб Вс"
LEGEND = (
    "  5  рабочий день / working day        5* выходной или праздник / day off\n"
    "  5+ рабочий выходной / working weekend  5~ сокращённый день / shortened day"
)


def render_year(calendar: Calendar, year: int) -> str:
    normal = calendar.working_day_length()
    marks = {}
    worked_days, worked = 0, timedelta(0)
    day = date(year, 1, 1)
    while day.year == year:
        length = sum((end - start for start, end in calendar.day_hours(day)), timedelta(0))
        marks[day] = _mark(day, length, normal)
        if length:
            worked_days += 1
            worked += length
        day += timedelta(days=1)
    blocks = [_month(year, month, marks) for month in range(1, 13)]
    rows = []
    for first in range(0, 12, 3):
        trio = blocks[first : first + 3]
        height = max(len(block) for block in trio)
        for line in range(height):
            cells = [block[line] if line < len(block) else "" for block in trio]
            rows.append("   ".join(cell.ljust(28) for cell in cells).rstrip())
        rows.append("")
    hours = worked.total_seconds() / 3600
    rows.append(LEGEND)
    rows.append("")
    rows.append(
        f"{year}: {worked_days} рабочих дней, {hours:g} рабочих часов "
        f"/ {worked_days} working days, {hours:g} working hours ({calendar.spec.timezone})"
    )
    return "\n".join(rows)


def _mark(day: date, length: timedelta, normal: timedelta) -> str:
    weekend = day.weekday() >= 5
    if not length:
        return "*"
    if weekend:
        return "+"
    if length < normal:
        return "~"
    return " "


def _month(year: int, month: int, marks: dict[date, str]) -> list[str]:
    lines = [f"{MONTHS_RU[month - 1]} {year}".center(28).rstrip(), " " + HEADER.replace(" ", "  ")]
    for week in stdlib_calendar.Calendar().monthdayscalendar(year, month):
        cells = []
        for number in week:
            if number == 0:
                cells.append("    ")
            else:
                cells.append(f"{number:3d}{marks[date(year, month, number)]}")
        lines.append("".join(cells).rstrip())
    return lines


class DayKind(StrEnum):
    """What a date is on a calendar, as a month grid colours it."""

    WORKING = "working"
    SHORT = "short"  # worked, but less than the calendar's normal day
    MOVED = "moved"  # a Saturday or Sunday worked (a day moved by decree or by the spec)
    OFF = "off"


@dataclass(frozen=True)
class GridDay:
    day: date
    kind: DayKind
    hours: timedelta


@dataclass(frozen=True)
class MonthGrid:
    """One month as weeks of seven cells, Monday first; None pads the first and last week."""

    year: int
    month: int
    weeks: tuple[tuple[GridDay | None, ...], ...]

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def day_kind(day: date, length: timedelta, normal: timedelta) -> DayKind:
    if not length:
        return DayKind.OFF
    if day.weekday() >= 5:
        return DayKind.MOVED
    if length < normal:
        return DayKind.SHORT
    return DayKind.WORKING


def month_grids(calendar: Calendar, year: int) -> list[MonthGrid]:
    """The twelve months of ``year`` with each day's kind, for a page to draw; the same
    marks as ``render_year`` prints."""
    normal = calendar.working_day_length()
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar().monthdayscalendar(year, month):
            cells: list[GridDay | None] = []
            for number in week:
                if number == 0:
                    cells.append(None)
                    continue
                day = date(year, month, number)
                hours = calendar.day_hours(day)
                length = sum((end - start for start, end in hours), timedelta(0))
                cells.append(GridDay(day, day_kind(day, length, normal), length))
            weeks.append(tuple(cells))
        months.append(MonthGrid(year, month, tuple(weeks)))
    return months
