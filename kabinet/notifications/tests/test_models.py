"""Quiet hours (across midnight, in the person's zone) and a group's working calendar, read
on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.notifications.models import DutyGroup, QuietHours

MSK = dt.timezone(dt.timedelta(hours=3))


def _quiet(start: str, end: str, zone: str = "Europe/Moscow") -> QuietHours:
    return QuietHours(
        start=dt.time.fromisoformat(start), end=dt.time.fromisoformat(end), time_zone=zone
    )


@pytest.mark.parametrize(
    ("moment", "end"),
    [
        (dt.datetime(2026, 5, 8, 18, 59, tzinfo=MSK), None),
        (dt.datetime(2026, 5, 8, 19, 0, tzinfo=MSK), dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK)),
        (dt.datetime(2026, 5, 8, 23, 59, tzinfo=MSK), dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK)),
        (dt.datetime(2026, 5, 9, 0, 30, tzinfo=MSK), dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK)),
        (dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK), None),  # the end is not quiet
    ],
)
def test_quiet_hours_across_midnight_end_the_next_morning(
    moment: dt.datetime, end: dt.datetime | None
) -> None:
    assert _quiet("19:00", "09:00").end_after(moment) == end


def test_quiet_hours_within_a_day_and_in_their_own_zone() -> None:
    lunch = _quiet("13:00", "14:00", "Asia/Yekaterinburg")  # UTC+5
    assert lunch.end_after(dt.datetime(2026, 5, 8, 8, 30, tzinfo=dt.UTC)) == dt.datetime(
        2026, 5, 8, 9, 0, tzinfo=dt.UTC
    )
    assert lunch.end_after(dt.datetime(2026, 5, 8, 10, 30, tzinfo=dt.UTC)) is None
    assert _quiet("10:00", "10:00").end_after(dt.datetime(2026, 5, 8, 7, tzinfo=dt.UTC)) is None


def test_a_group_without_a_calendar_is_always_on_duty_and_one_with_it_by_its_hours() -> None:
    always = DutyGroup(name="24×7")
    office = DutyGroup(
        name="Office",
        calendar={"week": {"fri": [["09:00", "18:00"]]}, "production_calendar": "ru"},
        time_zone="Europe/Moscow",
    )
    friday_noon = dt.datetime(2026, 5, 8, 12, 0, tzinfo=MSK)
    friday_night = dt.datetime(2026, 5, 8, 22, 0, tzinfo=MSK)
    assert always.is_on_duty(friday_night) is True
    assert office.is_on_duty(friday_noon) is True
    assert office.is_on_duty(friday_night) is False
