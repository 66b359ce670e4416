"""A deliberately simple business-time reference for the property tests: it walks local
days one by one and knows nothing of the compiled timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(text: str) -> timedelta:
    hours, minutes = text.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def day_intervals(spec: dict[str, Any], day: date) -> list[tuple[datetime, datetime]]:
    """Working intervals of one local date as UTC datetimes."""
    zone = ZoneInfo(spec["timezone"])
    key = day.isoformat()
    if key in spec.get("working_days", {}):
        pairs = spec["working_days"][key]
    elif key in spec.get("holidays", []):
        pairs = []
    else:
        pairs = spec["week"].get(WEEKDAYS[day.weekday()], [])
    out = []
    for begin, end in pairs:
        lo = _wall(zone, day, _clock(begin))
        hi = _wall(zone, day, _clock(end))
        if hi > lo:
            out.append((lo, hi))
    return out


def _wall(zone: ZoneInfo, day: date, offset: timedelta) -> datetime:
    if offset >= timedelta(days=1):
        day, offset = day + timedelta(days=1), offset - timedelta(days=1)
    local = datetime(day.year, day.month, day.day, tzinfo=zone) + offset
    # Wall-clock arithmetic in the zone: re-read the same wall time, fold=0.
    return local.replace(tzinfo=zone).astimezone(UTC)


def add(spec: dict[str, Any], start: datetime, amount: timedelta) -> datetime:
    zone = ZoneInfo(spec["timezone"])
    left = amount
    day = start.astimezone(zone).date() - timedelta(days=1)
    while True:
        for lo, hi in day_intervals(spec, day):
            lo = max(lo, start)
            if hi <= lo:
                continue
            if hi - lo >= left:
                return lo + left
            left -= hi - lo
        day += timedelta(days=1)


def between(spec: dict[str, Any], a: datetime, b: datetime) -> timedelta:
    if b < a:
        return -between(spec, b, a)
    zone = ZoneInfo(spec["timezone"])
    total = timedelta(0)
    day = a.astimezone(zone).date() - timedelta(days=1)
    last = b.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        for lo, hi in day_intervals(spec, day):
            lo, hi = max(lo, a), min(hi, b)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total
