"""Hand-checked cases of the engine: the seed regimes on the Russian calendar, interval
ends, lunch breaks, 24:00, DST, lazy growth in both directions, spec round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kabinet.worktime import Calendar

MSK = ZoneInfo("Europe/Moscow")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def moscow(hours: list[list[str]], **extra: object) -> Calendar:
    week: dict[str, list[list[str]]] = {day: hours for day in WEEKDAYS}
    return Calendar.from_spec(
        {"timezone": "Europe/Moscow", "week": week, "production_calendar": "ru", **extra}
    )


OFFICE = moscow([["09:30", "18:00"]])  # seed 001
CRM = moscow([["10:00", "18:00"]])  # seed 000


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


# --- DESIGN.md worked examples --------------------------------------------------------


def test_level_2_reaction_over_victory_day_is_due_tuesday_12_30() -> None:
    # Fri 2026-05-08 is shortened (ends 17:00): 16:00–17:00 = 1 h. Sat 9th, Sun 10th off,
    # Mon 11th is the moved Victory Day. Tue 12th: 9:30 + 3 h = 12:30.
    assert OFFICE.add(at("2026-05-08T16:00+03:00"), hours(4)) == at("2026-05-12T12:30+03:00")


def test_level_3_reaction_over_new_year_is_due_january_11_17_15() -> None:
    # Wed 2026-12-30 not shortened: 17:45–18:00 = 15 min. Off from the 31st to Sun 2027-01-10.
    # Mon 11th: 9:30 + 7 h 45 min = 17:15.
    assert OFFICE.add(at("2026-12-30T17:45+03:00"), hours(8)) == at("2027-01-11T17:15+03:00")


def test_resolution_paused_in_awaiting_customer_is_due_january_13_09_45() -> None:
    registered = at("2026-12-30T17:45+03:00")
    used = OFFICE.between(registered, at("2027-01-11T10:00+03:00"))
    assert used == timedelta(minutes=45)  # 15 on the 30th, 30 on the 11th
    # 7 h 15 min from Tue 12th 11:00: 7 h to 18:00, then 15 min on Wed 13th from 9:30.
    due = OFFICE.add(at("2027-01-12T11:00+03:00"), hours(8) - used)
    assert due == at("2027-01-13T09:45+03:00")


# --- the seeds' own situations --------------------------------------------------------


def test_ticket_at_17_45_before_a_holiday_with_4_hour_reaction() -> None:
    # Tue 2026-11-03 is shortened (Wed 4th is National Unity Day): it ends at 17:00, so
    # 17:45 is already after hours. Thu 5th: 9:30 + 4 h = 13:30.
    assert OFFICE.add(at("2026-11-03T17:45+03:00"), hours(4)) == at("2026-11-05T13:30+03:00")


def test_seed_000_four_hour_reaction_from_friday_evening() -> None:
    # 10:00–18:00. Fri 2026-03-06 at 16:30: 1 h 30 min; Mon 9th is the moved 8 March;
    # Tue 10th: 10:00 + 2 h 30 min = 12:30.
    assert CRM.add(at("2026-03-06T16:30+03:00"), hours(4)) == at("2026-03-10T12:30+03:00")


def test_standard_resolution_of_8_hours_ends_exactly_at_close() -> None:
    # 10:00 + 8 h on a normal Wednesday is 18:00 that day, not 10:00 the next morning.
    assert CRM.add(at("2026-03-11T10:00+03:00"), hours(8)) == at("2026-03-11T18:00+03:00")


def test_a_deadline_exactly_at_interval_end_stays_at_that_end() -> None:
    lunch = moscow([["09:00", "13:00"], ["14:00", "18:00"]])
    assert lunch.add(at("2026-03-11T09:00+03:00"), hours(4)) == at("2026-03-11T13:00+03:00")
    assert lunch.add(at("2026-03-11T12:00+03:00"), hours(2)) == at("2026-03-11T15:00+03:00")


def test_work_starting_after_hours_starts_at_next_opening() -> None:
    assert OFFICE.add(at("2026-03-11T20:00+03:00"), hours(1)) == at("2026-03-12T10:30+03:00")


def test_input_in_another_zone_gives_result_in_calendar_zone() -> None:
    result = OFFICE.add(datetime(2026, 3, 11, 6, 30, tzinfo=UTC), hours(2))
    assert result == at("2026-03-11T11:30+03:00")
    assert result.tzinfo == MSK


def test_zero_amount_returns_start_unchanged() -> None:
    sunday = at("2026-03-15T12:00+03:00")
    assert OFFICE.add(sunday, timedelta(0)) is sunday


def test_negative_amount_counts_back_to_interval_start() -> None:
    assert OFFICE.add(at("2026-05-12T12:30+03:00"), -hours(4)) == at("2026-05-08T16:00+03:00")
    assert OFFICE.add(at("2026-03-12T09:30+03:00"), -hours(8.5)) == at("2026-03-11T09:30+03:00")


def test_working_weekend_day_is_worked_with_weekday_hours() -> None:
    # Sat 2025-11-01 was a working Saturday (moved to Mon 2025-11-03).
    assert OFFICE.is_working(at("2025-11-01T10:00+03:00")) is True
    assert OFFICE.is_working(at("2025-11-03T10:00+03:00")) is False


def test_decree_days_are_off_unless_the_spec_works_them() -> None:
    # 2020-04-06 (Monday) was a paid non-working day by presidential decree.
    monday = at("2020-04-06T10:00+03:00")
    assert OFFICE.is_working(monday) is False
    assert moscow([["09:30", "18:00"]], work_decree_days=True).is_working(monday) is True


def test_between_is_negative_backwards_and_zero_outside_hours() -> None:
    a, b = at("2026-03-11T10:00+03:00"), at("2026-03-12T10:00+03:00")
    assert OFFICE.between(a, b) == hours(8.5)
    assert OFFICE.between(b, a) == -hours(8.5)
    assert OFFICE.between(at("2026-03-14T10:00+03:00"), at("2026-03-15T23:00+03:00")) == (
        timedelta(0)
    )


def test_between_counts_half_open_interval() -> None:
    assert OFFICE.between(at("2026-03-11T18:00+03:00"), at("2026-03-12T09:30+03:00")) == (
        timedelta(0)
    )


def test_spec_holidays_and_working_days_override_the_week() -> None:
    calendar = moscow(
        [["09:30", "18:00"]],
        holidays=["2026-03-11"],
        working_days={"2026-06-13": [["10:00", "14:00"]]},
    )
    assert calendar.is_working(at("2026-03-11T12:00+03:00")) is False
    assert calendar.add(at("2026-06-11T17:00+03:00"), hours(1)) == at("2026-06-13T11:00+03:00")


def test_next_working_and_intervals() -> None:
    assert OFFICE.next_working(at("2026-05-09T10:00+03:00")) == at("2026-05-12T09:30+03:00")
    inside = at("2026-05-12T10:00+03:00")
    assert OFFICE.next_working(inside) == inside
    spans = OFFICE.intervals(at("2026-05-08T16:00+03:00"), at("2026-05-12T10:00+03:00"))
    assert spans == [
        (at("2026-05-08T16:00+03:00"), at("2026-05-08T17:00+03:00")),
        (at("2026-05-12T09:30+03:00"), at("2026-05-12T10:00+03:00")),
    ]


def test_24_00_end_and_always() -> None:
    nights = Calendar.from_spec(
        {"timezone": "Europe/Moscow", "week": {"mon": [["22:00", "24:00"]]}}
    )
    assert nights.add(at("2026-03-09T23:00+03:00"), hours(1)) == at("2026-03-10T00:00+03:00")
    always = Calendar.always()
    start = at("2026-03-29T00:30+01:00")
    assert always.add(start, hours(5)) == start + hours(5)
    assert always.between(start, start + hours(30)) == hours(30)


def test_dst_spring_forward_day_is_an_hour_shorter_in_berlin() -> None:
    berlin = Calendar.from_spec(
        {"timezone": "Europe/Berlin", "week": {"sun": [["00:00", "24:00"]]}}
    )
    day = datetime(2026, 3, 29, tzinfo=ZoneInfo("Europe/Berlin"))
    assert berlin.between(day, day + timedelta(days=1)) == hours(23)
    # 01:30 CET + 1 h of work = 03:30 CEST (02:00–03:00 does not exist that night).
    result = berlin.add(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), hours(1))
    assert result == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert result.hour == 3


def test_dst_fall_back_day_is_an_hour_longer_in_new_york() -> None:
    york = Calendar.from_spec(
        {"timezone": "America/New_York", "week": {"sun": [["00:00", "24:00"]]}}
    )
    day = datetime(2026, 11, 1, tzinfo=ZoneInfo("America/New_York"))
    assert york.between(day, day + timedelta(days=1)) == hours(25)


def test_timeline_grows_forward_and_backward_on_demand() -> None:
    start = at("2026-03-11T09:30+03:00")
    far = OFFICE.add(start, hours(8 * 4000))
    assert far.year == 2040  # ~3765 working days of 8.5 h, ~261 a year after 2027
    assert OFFICE.between(start, far) == hours(8 * 4000)
    past = OFFICE.add(start, -hours(8 * 3000))
    assert past.year == 2014  # ~2824 working days back
    assert OFFICE.between(past, start) == hours(8 * 3000)


def test_naive_datetimes_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="naive datetime 2026-03-11T10:00:00 has no time zone"):
        OFFICE.add(datetime(2026, 3, 11, 10), hours(1))
    with pytest.raises(ValueError, match="has no time zone"):
        OFFICE.between(datetime(2026, 3, 11, 10), at("2026-03-11T10:00+03:00"))


def test_a_calendar_that_never_works_refuses_to_add() -> None:
    never = Calendar.from_spec({"timezone": "UTC", "week": {}})
    with pytest.raises(ValueError, match="no working time at all"):
        never.add(at("2026-03-11T10:00+03:00"), hours(1))


def test_bulk_forms_match_the_worked_examples() -> None:
    starts = np.array(
        [at("2026-05-08T16:00+03:00").timestamp(), at("2026-12-30T17:45+03:00").timestamp()]
    )
    added = OFFICE.add_bulk(starts, np.array([4 * 3600.0, 8 * 3600.0]))
    assert [datetime.fromtimestamp(x, MSK) for x in added] == [
        at("2026-05-12T12:30+03:00"),
        at("2027-01-11T17:15+03:00"),
    ]
    assert list(OFFICE.between_bulk(starts, added)) == [4 * 3600.0, 8 * 3600.0]


def test_working_day_length_and_day_hours() -> None:
    assert OFFICE.working_day_length() == hours(8.5)
    assert OFFICE.day_hours(date(2026, 5, 8)) == [
        (at("2026-05-08T09:30+03:00"), at("2026-05-08T17:00+03:00"))
    ]


def test_the_normal_day_is_the_most_common_weekday_length() -> None:
    # Mon-Thu 9-18 (9 h), Fri 9-16 (7 h), Sat 10-14 (4 h): normal day 9 h.
    week = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu")}
    week |= {"fri": [["09:00", "16:00"]], "sat": [["10:00", "14:00"]]}
    assert Calendar.from_spec({"timezone": "UTC", "week": week}).working_day_length() == hours(9)


def test_the_parts_of_a_split_day_add_up() -> None:
    week = {"mon": [["09:00", "13:00"], ["14:00", "18:00"]], "tue": [], "wed": []}
    assert Calendar.from_spec({"timezone": "UTC", "week": week}).working_day_length() == hours(8)


def test_bulk_falls_back_to_binary_search_for_very_uneven_intervals() -> None:
    # Nine 5-minute slots and one long afternoon: too many intervals in one day for the
    # day-bucket index, so the time lookup takes the searchsorted path.
    slots = [[f"09:{m:02d}", f"09:{m + 5:02d}"] for m in range(0, 50, 6)] + [["12:00", "20:00"]]
    uneven = Calendar.from_spec({"timezone": "Europe/Berlin", "week": {"tue": slots}})
    starts = [at("2026-03-24T08:58+01:00"), at("2026-03-30T10:00+02:00")]
    amounts = [timedelta(minutes=7), timedelta(hours=9)]
    epochs = np.array([s.timestamp() for s in starts])
    seconds = np.array([d.total_seconds() for d in amounts])
    added = uneven.add_bulk(epochs, seconds)
    arrays = uneven._covering(epochs.min(), epochs.max()).arrays
    assert arrays._time_steps > arrays.MAX_STEPS >= arrays._work_steps
    assert list(added) == [
        uneven.add(s, d).timestamp() for s, d in zip(starts, amounts, strict=True)
    ]
    assert list(uneven.between_bulk(epochs, added)) == list(seconds)
