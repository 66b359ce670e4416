"""Years of a contract's term: anniversaries of ``valid_from`` in the contract's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kabinet.contracts.models import Contract
from kabinet.entitlements.terms import anniversary, term_year

MSK = ZoneInfo("Europe/Moscow")


def contract(valid_from: dt.date, valid_to: dt.date, zone: str = "Europe/Moscow") -> Contract:
    return Contract(valid_from=valid_from, valid_to=valid_to, time_zone=zone)


MID_MARCH = contract(dt.date(2026, 3, 15), dt.date(2028, 3, 14))


@pytest.mark.parametrize(
    ("moment", "number", "start", "end"),
    [
        # Before the start: the first year.
        (dt.datetime(2026, 1, 10, 12, 0, tzinfo=MSK), 1, "2026-03-15", "2027-03-14"),
        (dt.datetime(2026, 3, 15, 0, 0, tzinfo=MSK), 1, "2026-03-15", "2027-03-14"),
        # New Year is not a boundary: still the first year.
        (dt.datetime(2027, 1, 1, 0, 0, tzinfo=MSK), 1, "2026-03-15", "2027-03-14"),
        (dt.datetime(2027, 3, 14, 23, 59, tzinfo=MSK), 1, "2026-03-15", "2027-03-14"),
        # Midnight of the anniversary in Moscow is 21:00 UTC the day before.
        (dt.datetime(2027, 3, 14, 21, 0, tzinfo=dt.UTC), 2, "2027-03-15", "2028-03-14"),
        (dt.datetime(2028, 3, 14, 20, 59, tzinfo=dt.UTC), 2, "2027-03-15", "2028-03-14"),
        # After the end: the last year.
        (dt.datetime(2029, 6, 1, 12, 0, tzinfo=MSK), 2, "2027-03-15", "2028-03-14"),
    ],
)
def test_term_year_holding_an_instant(
    moment: dt.datetime, number: int, start: str, end: str
) -> None:
    term = term_year(MID_MARCH, moment)
    assert (term.number, term.start.isoformat(), term.end.isoformat()) == (number, start, end)


def test_bounds_are_midnights_in_the_contract_zone() -> None:
    term = term_year(MID_MARCH, dt.datetime(2027, 6, 1, tzinfo=MSK))
    first, after = term.bounds()
    assert first == dt.datetime(2027, 3, 14, 21, 0, tzinfo=dt.UTC)
    assert after == dt.datetime(2028, 3, 14, 21, 0, tzinfo=dt.UTC)


def test_a_term_that_is_not_whole_years_ends_with_the_contract() -> None:
    eighteen_months = contract(dt.date(2026, 3, 15), dt.date(2027, 9, 14))
    term = term_year(eighteen_months, dt.datetime(2027, 5, 1, tzinfo=MSK))
    assert (term.number, term.start, term.end) == (2, dt.date(2027, 3, 15), dt.date(2027, 9, 14))


def test_a_leap_day_start_has_its_anniversary_on_28_february() -> None:
    assert anniversary(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert anniversary(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)
    leap = contract(dt.date(2028, 2, 29), dt.date(2030, 2, 27))
    first = term_year(leap, dt.datetime(2029, 2, 27, 12, 0, tzinfo=MSK))
    second = term_year(leap, dt.datetime(2029, 2, 28, 12, 0, tzinfo=MSK))
    assert (first.number, first.end) == (1, dt.date(2029, 2, 27))
    assert (second.number, second.start) == (2, dt.date(2029, 2, 28))


def test_the_day_is_read_in_the_contract_time_zone() -> None:
    vladivostok = contract(dt.date(2026, 3, 15), dt.date(2028, 3, 14), "Asia/Vladivostok")
    # 2027-03-14 15:00 UTC is already 01:00 on the 15th in Vladivostok (UTC+10).
    moment = dt.datetime(2027, 3, 14, 15, 0, tzinfo=dt.UTC)
    assert term_year(vladivostok, moment).number == 2
    assert term_year(MID_MARCH, moment).number == 1
