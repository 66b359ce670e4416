"""Property tests of the engine against the day-walking reference, over random calendars
in three zones with DST, random holidays and worked days, and starts around DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kabinet.worktime import Calendar
from kabinet.worktime.tests import reference

ZONES = ("Europe/Moscow", "Europe/Berlin", "America/New_York")
WEEKDAYS = reference.WEEKDAYS
# DST changes of 2025–2026 in Berlin and New York (Moscow has none since 2014).
DST_CHANGES = [
    datetime(2025, 3, 9, 7, tzinfo=UTC),
    datetime(2025, 3, 30, 1, tzinfo=UTC),
    datetime(2025, 10, 26, 1, tzinfo=UTC),
    datetime(2025, 11, 2, 6, tzinfo=UTC),
    datetime(2026, 3, 8, 7, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 11, 1, 6, tzinfo=UTC),
]


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_hours(draw: st.DrawFn) -> list[list[str]]:
    """Zero to three disjoint intervals on a quarter-hour grid, 24:00 allowed."""
    marks = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
    if len(marks) % 2:
        marks = marks[:-1]
    return [[_hm(marks[i] * 15), _hm(marks[i + 1] * 15)] for i in range(0, len(marks), 2)]


@st.composite
def calendar_specs(draw: st.DrawFn) -> dict[str, Any]:
    week = {name: draw(day_hours()) for name in WEEKDAYS}
    if not any(week[name] for name in WEEKDAYS[:5]):
        week["mon"] = [["09:00", "18:00"]]
    dates = st.dates(date(2025, 1, 1), date(2026, 12, 31))
    holidays = draw(st.sets(dates, max_size=8))
    worked = draw(st.dictionaries(dates, day_hours(), max_size=4))
    for day in holidays & set(worked):
        del worked[day]
    return {
        "timezone": draw(st.sampled_from(ZONES)),
        "week": week,
        "holidays": sorted(d.isoformat() for d in holidays),
        "working_days": {d.isoformat(): hours for d, hours in worked.items()},
    }


instants = st.one_of(
    st.integers(
        int(datetime(2025, 1, 1, tzinfo=UTC).timestamp()),
        int(datetime(2026, 12, 31, tzinfo=UTC).timestamp()),
    ).map(lambda s: datetime.fromtimestamp(s, UTC)),
    st.tuples(st.sampled_from(DST_CHANGES), st.integers(-36 * 60, 36 * 60)).map(
        lambda p: p[0] + timedelta(minutes=p[1])
    ),
)
amounts = st.integers(0, 80 * 3600).map(lambda s: timedelta(seconds=s))


@settings(max_examples=150, deadline=None)
@given(calendar_specs(), instants, amounts)
def test_add_agrees_with_reference(
    spec: dict[str, Any], start: datetime, amount: timedelta
) -> None:
    calendar = Calendar.from_spec(spec)
    expected = reference.add(spec, start, amount) if amount else start
    # Compared as instants: Python's == is False across zones for a time in a DST fold.
    assert calendar.add(start, amount).timestamp() == expected.timestamp()


@settings(max_examples=150, deadline=None)
@given(calendar_specs(), instants, instants)
def test_between_agrees_with_reference(spec: dict[str, Any], a: datetime, b: datetime) -> None:
    calendar = Calendar.from_spec(spec)
    assert calendar.between(a, b) == reference.between(spec, a, b)


@settings(max_examples=150, deadline=None)
@given(calendar_specs(), instants, amounts)
def test_between_undoes_add(spec: dict[str, Any], start: datetime, amount: timedelta) -> None:
    calendar = Calendar.from_spec(spec)
    assert calendar.between(start, calendar.add(start, amount)) == amount


@settings(max_examples=100, deadline=None)
@given(calendar_specs(), instants, amounts)
def test_subtracting_returns_to_working_start(
    spec: dict[str, Any], start: datetime, amount: timedelta
) -> None:
    calendar = Calendar.from_spec(spec)
    later = calendar.add(start, amount)
    earlier = calendar.add(later, -amount)
    assert earlier.timestamp() >= start.timestamp()
    assert calendar.between(start, earlier) == timedelta(0)


@settings(max_examples=150, deadline=None)
@given(calendar_specs(), instants, instants, amounts, amounts)
def test_add_is_monotone(
    spec: dict[str, Any], a: datetime, b: datetime, d1: timedelta, d2: timedelta
) -> None:
    calendar = Calendar.from_spec(spec)
    (a, b), (d1, d2) = sorted((a, b)), sorted((d1, d2))
    # Timestamps, not datetimes: Python orders two times of the same zone by wall clock,
    # which is wrong inside a DST fold.
    assert calendar.add(a, d1).timestamp() <= calendar.add(a, d2).timestamp()
    assert calendar.add(a, d1).timestamp() <= calendar.add(b, d1).timestamp()


@settings(max_examples=60, deadline=None)
@given(calendar_specs(), st.lists(st.tuples(instants, amounts), min_size=1, max_size=30))
def test_bulk_agrees_with_scalar(
    spec: dict[str, Any], pairs: list[tuple[datetime, timedelta]]
) -> None:
    calendar = Calendar.from_spec(spec)
    starts = np.array([s.timestamp() for s, _ in pairs])
    seconds = np.array([d.total_seconds() for _, d in pairs])
    added = calendar.add_bulk(starts, seconds)
    spans = calendar.between_bulk(starts, added)
    for (start, amount), got, span in zip(pairs, added, spans, strict=True):
        assert got == calendar.add(start, amount).timestamp()
        assert span == amount.total_seconds()
