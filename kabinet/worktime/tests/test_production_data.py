"""Spot checks of the bundled Russian calendar against dates the decrees name."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kabinet.worktime.production.registry import get_production_calendar, russian_calendar


def test_russian_calendar_covers_2019_to_2027_and_nothing_else() -> None:
    calendar = russian_calendar()
    assert calendar.name == "ru"
    assert calendar.years == frozenset(range(2019, 2028))
    assert calendar.covers(date(2018, 12, 31)) is False
    assert calendar.covers(date(2028, 1, 1)) is False


def test_uncovered_years_have_no_invented_days() -> None:
    calendar = russian_calendar()
    every_date = (
        calendar.days_off | calendar.working_weekends | calendar.shortened | calendar.decree_days
    )
    assert {day.year for day in every_date} == set(range(2019, 2028))


def test_russian_calendar_is_loaded_once() -> None:
    assert russian_calendar() is russian_calendar()
    assert get_production_calendar("ru") is russian_calendar()


def test_unknown_calendar_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown production calendar 'by'"):
        get_production_calendar("by")


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 8),
        date(2026, 1, 9),  # moved from Saturday 3 January
        date(2026, 3, 9),  # 8 March falls on a Sunday
        date(2026, 5, 9),  # Victory Day on a Saturday ...
        date(2026, 5, 11),  # ... is rested on Monday
        date(2026, 12, 31),  # moved from Sunday 4 January
        date(2025, 5, 8),  # moved from Sunday 23 February
        date(2025, 6, 13),  # moved from Saturday 8 March
        date(2024, 4, 29),
        date(2024, 12, 30),
        date(2021, 11, 5),  # a moved day off, not a decree day
        date(2027, 2, 22),
        date(2027, 12, 31),
    ],
)
def test_days_off(day: date) -> None:
    assert day in russian_calendar().days_off


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 2, 24),  # the 23 February day off went to 8 May instead
        date(2025, 3, 10),  # the 8 March day off went to 13 June instead
        date(2026, 2, 24),
        date(2026, 5, 12),
        date(2027, 1, 11),  # the new-year break of 2027 ends on Sunday the 10th
    ],
)
def test_plain_working_days_are_not_listed(day: date) -> None:
    calendar = russian_calendar()
    listed = calendar.days_off | calendar.shortened | calendar.decree_days
    assert day not in listed


def test_design_worked_examples() -> None:
    calendar = russian_calendar()
    assert date(2026, 5, 8) in calendar.shortened
    assert date(2026, 12, 30) not in calendar.shortened
    assert date(2026, 12, 30) not in calendar.days_off
    new_year_break = [date(2026, 12, 31) + timedelta(days=n) for n in range(11)]
    assert new_year_break[-1] == date(2027, 1, 10)
    weekdays_in_break = [day for day in new_year_break if day.weekday() < 5]
    assert all(day in calendar.days_off for day in weekdays_in_break)


@pytest.mark.parametrize(
    "day",
    [date(2021, 2, 20), date(2022, 3, 5), date(2024, 11, 2), date(2025, 11, 1)],
)
def test_shortened_working_saturdays(day: date) -> None:
    calendar = russian_calendar()
    assert day in calendar.working_weekends
    assert day in calendar.shortened


def test_full_working_saturdays() -> None:
    calendar = russian_calendar()
    for day in (date(2024, 4, 27), date(2024, 12, 28)):
        assert day in calendar.working_weekends
        assert day not in calendar.shortened


def test_decree_days_are_their_own_category() -> None:
    calendar = russian_calendar()
    expected_2020 = {
        date(2020, 3, 30) + timedelta(days=n)
        for n in range(32)
        if (date(2020, 3, 30) + timedelta(days=n)).weekday() < 5
    } | {date(2020, 5, 6), date(2020, 5, 7), date(2020, 5, 8), date(2020, 6, 24), date(2020, 7, 1)}
    expected_2021 = {date(2021, 5, d) for d in (4, 5, 6, 7)} | {
        date(2021, 11, d) for d in (1, 2, 3)
    }
    assert calendar.decree_days == expected_2020 | expected_2021
    assert not calendar.decree_days & calendar.days_off


def test_decree_days_keep_their_published_shortening() -> None:
    calendar = russian_calendar()
    for day in (date(2020, 4, 30), date(2020, 5, 8), date(2021, 11, 3)):
        assert day in calendar.decree_days
        assert day in calendar.shortened
