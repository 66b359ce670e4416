"""The JSON form of a business calendar: parsing with clear errors, and writing it back.

Only shape and meaning of the spec live here; which hours a given date has is decided in
``schedule.py`` and the arithmetic in ``timeline.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS = 86_400
KNOWN_KEYS = frozenset(
    {"timezone", "week", "production_calendar", "holidays", "working_days", "work_decree_days"}
)

# A day's working hours as half-open [start, end) offsets in seconds from local midnight.
Hours = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class CalendarSpec:
    timezone: str
    week: tuple[Hours, ...]  # indexed by date.weekday()
    production_calendar: str | None = None
    holidays: frozenset[date] = field(default_factory=frozenset)
    working_days: Mapping[date, Hours] = field(default_factory=dict)
    work_decree_days: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def parse_spec(spec: Mapping[str, Any]) -> CalendarSpec:
    """Validate a calendar spec; raises ``ValueError`` naming the key at fault."""
    if not isinstance(spec, Mapping):
        raise ValueError("calendar spec must be a JSON object")
    unknown = sorted(set(spec) - KNOWN_KEYS)
    if unknown:
        raise ValueError(f"unknown calendar spec key(s): {', '.join(unknown)}")
    timezone = _parse_timezone(spec.get("timezone"))
    week = _parse_week(spec.get("week"))
    production = spec.get("production_calendar")
    if production is not None and not isinstance(production, str):
        raise ValueError('production_calendar must be a name such as "ru" or null')
    holidays = frozenset(_parse_date(d, "holidays") for d in _as_list(spec, "holidays"))
    working_days = _parse_working_days(spec.get("working_days", {}))
    both = sorted(holidays & set(working_days))
    if both:
        raise ValueError(f"{both[0].isoformat()} is both in holidays and in working_days")
    decree = spec.get("work_decree_days", False)
    if not isinstance(decree, bool):
        raise ValueError("work_decree_days must be true or false")
    return CalendarSpec(timezone, week, production, holidays, working_days, decree)


def dump_spec(spec: CalendarSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "timezone": spec.timezone,
        "week": {name: _dump_hours(spec.week[i]) for i, name in enumerate(WEEKDAYS)},
    }
    if spec.production_calendar is not None:
        out["production_calendar"] = spec.production_calendar
    if spec.holidays:
        out["holidays"] = sorted(d.isoformat() for d in spec.holidays)
    if spec.working_days:
        out["working_days"] = {
            d.isoformat(): _dump_hours(h) for d, h in sorted(spec.working_days.items())
        }
    if spec.work_decree_days:
        out["work_decree_days"] = True
    return out


def format_clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _parse_timezone(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError('timezone is required, e.g. "Europe/Moscow"')
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {value!r}") from exc
    return value


def _parse_week(value: object) -> tuple[Hours, ...]:
    if not isinstance(value, Mapping):
        raise ValueError('week is required: {"mon": [["09:30", "18:00"]], ..., "sun": []}')
    unknown = sorted(set(value) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"unknown weekday(s) in week: {', '.join(map(str, unknown))}")
    return tuple(_parse_hours(value.get(name, []), f"week.{name}") for name in WEEKDAYS)


def _parse_working_days(value: object) -> dict[date, Hours]:
    if not isinstance(value, Mapping):
        raise ValueError(
            'working_days must map dates to hours: {"2026-06-13": [["10:00", "14:00"]]}'
        )
    days = {}
    for key, hours in value.items():
        day = _parse_date(key, "working_days")
        days[day] = _parse_hours(hours, f"working_days.{key}")
    return days


def _parse_hours(value: object, where: str) -> Hours:
    if not isinstance(value, list):
        raise ValueError(f'{where} must be a list of ["HH:MM", "HH:MM"] pairs')
    pairs = []
    for pair in value:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(f'{where}: each interval is a pair ["HH:MM", "HH:MM"], got {pair!r}')
        start, end = _parse_clock(pair[0], where), _parse_clock(pair[1], where)
        if end <= start:
            raise ValueError(f"{where}: interval {pair[0]}–{pair[1]} ends before it starts")
        pairs.append((start, end))
    pairs.sort()
    for (_, end), (start, _) in pairwise(pairs):
        if start < end:
            raise ValueError(f"{where}: intervals overlap")
    return tuple(pairs)


def _parse_clock(value: object, where: str) -> int:
    if not isinstance(value, str):
        raise ValueError(f'{where}: time must be a string "HH:MM", got {value!r}')
    parts = value.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ValueError(f"{where}: time {value!r} is not HH:MM")
    hours, minutes = int(parts[0]), int(parts[1])
    secs = int(parts[2]) if len(parts) == 3 else 0
    total = hours * 3600 + minutes * 60 + secs
    if minutes > 59 or secs > 59 or total > DAY_SECONDS:
        raise ValueError(f"{where}: time {value!r} is out of range 00:00–24:00")
    return total


def _parse_date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"{where}: date must be a string YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {value!r} is not a date YYYY-MM-DD") from exc


def _as_list(spec: Mapping[str, Any], key: str) -> list[Any]:
    value = spec.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list of dates YYYY-MM-DD")
    return value


def _dump_hours(hours: Hours) -> list[list[str]]:
    return [[format_clock(start), format_clock(end)] for start, end in hours]
