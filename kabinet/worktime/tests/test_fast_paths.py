"""The wall-clock fast paths (inputs in the calendar's own zone) and the epoch-second forms
give exactly what the epoch-second path gives, around DST gaps and folds, with microseconds,
in other zones and on dates outside the compiled timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from kabinet.worktime import Calendar
from kabinet.worktime.tests import reference
from kabinet.worktime.tests.test_properties import DST_CHANGES, amounts, calendar_specs

# Naive wall-clock times: anywhere in 2025-2026, or within a day and a half of a DST change
# in wall-clock terms (so inside gaps and folds too), with a fold and microseconds.
walls = st.tuples(
    st.one_of(
        st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 30)),
        st.tuples(st.sampled_from(DST_CHANGES), st.integers(-36 * 60, 36 * 60)).map(
            lambda p: p[0].replace(tzinfo=None) + timedelta(minutes=p[1])
        ),
    ),
    st.sampled_from((0, 1)),
    st.sampled_from((0, 1, 500_000, 999_999)),
)


def _local(zone: ZoneInfo, wall: tuple[datetime, int, int]) -> datetime:
    """A wall time in ``zone`` as given (possibly in a gap or a fold)."""
    naive, fold, micro = wall
    return naive.replace(microsecond=micro, tzinfo=zone, fold=fold)


def _utc(t: datetime) -> datetime:
    return datetime.fromtimestamp(t.timestamp(), UTC)


@settings(max_examples=200, deadline=None)
@given(calendar_specs(), walls, walls)
def test_between_in_own_zone_equals_epoch_path(
    spec: dict[str, Any], wall_a: tuple[datetime, int, int], wall_b: tuple[datetime, int, int]
) -> None:
    calendar = Calendar.from_spec(spec)
    a, b = _local(calendar.zone, wall_a), _local(calendar.zone, wall_b)
    calendar.between(_utc(a), _utc(b))  # compiles the timeline, so the fast path is taken
    got = calendar.between(a, b)
    assert got == calendar.between(_utc(a), _utc(b))
    assert got == timedelta(seconds=calendar.between_seconds(a.timestamp(), b.timestamp()))
    assert got == reference.between(spec, _utc(a), _utc(b))


@settings(max_examples=200, deadline=None)
@given(calendar_specs(), walls, amounts)
def test_add_in_own_zone_equals_epoch_path(
    spec: dict[str, Any], wall: tuple[datetime, int, int], amount: timedelta
) -> None:
    calendar = Calendar.from_spec(spec)
    start = _local(calendar.zone, wall)
    exact = calendar.add(_utc(start), amount)
    got = calendar.add(start, amount)
    assert got.timestamp() == exact.timestamp()
    assert got.tzinfo is calendar.zone
    assert got.timestamp() == calendar.add_seconds(start.timestamp(), amount.total_seconds())
    if amount:
        assert got.timestamp() == reference.add(spec, _utc(start), amount).timestamp()


@settings(max_examples=100, deadline=None)
@given(calendar_specs(), walls, walls, st.sampled_from(("Asia/Tokyo", "Europe/Berlin", "UTC")))
def test_other_zones_and_mixed_zones_agree(
    spec: dict[str, Any],
    wall_a: tuple[datetime, int, int],
    wall_b: tuple[datetime, int, int],
    other: str,
) -> None:
    calendar = Calendar.from_spec(spec)
    a = _local(calendar.zone, wall_a)
    b = _local(calendar.zone, wall_b).astimezone(ZoneInfo(other))
    calendar.between(a, a)
    assert calendar.between(a, b) == reference.between(spec, _utc(a), _utc(b))
    assert calendar.between(b, a) == -calendar.between(a, b)


def test_dates_outside_the_compiled_timeline_take_the_exact_path() -> None:
    spec = {"timezone": "Europe/Berlin", "week": {"mon": [["09:00", "13:00"], ["14:00", "18:00"]]}}
    calendar = Calendar.from_spec(spec)
    zone = calendar.zone
    monday = datetime(2026, 3, 2, 12, tzinfo=zone)
    assert calendar.between(monday, monday + timedelta(days=7)) == timedelta(hours=8)
    far = datetime(2041, 3, 4, 10, tzinfo=zone)  # a Monday beyond the compiled timeline
    assert calendar.between(far - timedelta(days=2), far + timedelta(hours=6)) == timedelta(hours=6)
    assert calendar.add(far, timedelta(hours=8)) == datetime(2041, 3, 11, 10, tzinfo=zone)
    long_ago = datetime(2001, 1, 1, 15, tzinfo=zone)
    assert calendar.between(long_ago, long_ago + timedelta(hours=2)) == timedelta(hours=2)


def test_epoch_second_forms() -> None:
    spec = {"timezone": "Europe/Moscow", "week": {"wed": [["09:30", "18:00"]]}}
    calendar = Calendar.from_spec(spec)
    wednesday = datetime(2026, 3, 11, 9, 30, tzinfo=calendar.zone).timestamp()
    # A deadline landing exactly on the end of a working interval is that end.
    assert calendar.add_seconds(wednesday, 8.5 * 3600) == wednesday + 8.5 * 3600
    assert calendar.add_seconds(wednesday, 9 * 3600) == wednesday + 7 * 86400 + 1800
    assert calendar.add_seconds(wednesday + 1800, 0.0) == wednesday + 1800
    assert calendar.add_seconds(wednesday + 7 * 86400, -8.5 * 3600) == wednesday
    assert calendar.between_seconds(wednesday, wednesday + 86400) == 8.5 * 3600
    assert calendar.between_seconds(wednesday + 86400, wednesday) == -8.5 * 3600
