"""Calendar specs: round trips and the message each kind of bad spec gets."""

from __future__ import annotations

from typing import Any

import pytest

from kabinet.worktime import Calendar

FULL: dict[str, Any] = {
    "timezone": "Europe/Moscow",
    "week": {
        "mon": [["09:00", "13:00"], ["14:00", "18:00"]],
        "tue": [["09:30", "18:00"]],
        "wed": [["09:30", "18:00"]],
        "thu": [["09:30", "18:00"]],
        "fri": [["09:30", "16:45:30"]],
        "sat": [],
        "sun": [["22:00", "24:00"]],
    },
    "production_calendar": "ru",
    "holidays": ["2026-03-09", "2026-12-24"],
    "working_days": {"2026-06-13": [["10:00", "14:00"]]},
    "work_decree_days": True,
}


def test_spec_round_trips() -> None:
    assert Calendar.from_spec(FULL).to_spec() == FULL
    assert Calendar.from_spec(Calendar.always().to_spec()).to_spec() == Calendar.always().to_spec()


def test_missing_weekdays_are_days_off() -> None:
    spec = Calendar.from_spec({"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}).to_spec()
    assert spec["week"]["sun"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown timezone 'Mars/Olympus'"),
        ({"timezone": None}, "timezone is required"),
        ({"week": None}, "week is required"),
        ({"week": {"monday": []}}, "unknown weekday(s) in week: monday"),
        ({"week": {"mon": [["18:00", "09:00"]]}}, "week.mon: interval 18:00–09:00 ends before"),
        (
            {"week": {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]}},
            "week.mon: intervals overlap",
        ),
        ({"week": {"mon": [["9:00", "18:00"]]}}, "week.mon: time '9:00' is not HH:MM"),
        ({"week": {"mon": [["09:00", "24:30"]]}}, "out of range 00:00–24:00"),
        ({"week": {"mon": [["09:00"]]}}, "each interval is a pair"),
        ({"holidays": ["2026-02-30"]}, "holidays: '2026-02-30' is not a date"),
        ({"holidays": "2026-03-09"}, "holidays must be a list"),
        ({"working_days": {"2026-03-09": [["10:00", "14:00"]]}}, "both in holidays and in"),
        ({"production_calendar": "mars"}, "unknown production calendar"),
        ({"work_decree_days": "yes"}, "work_decree_days must be true or false"),
        ({"weekly": {}}, "unknown calendar spec key(s): weekly"),
    ],
)
def test_bad_specs_are_refused_with_the_key_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Calendar.from_spec({**FULL, **change})


def test_spec_must_be_an_object() -> None:
    with pytest.raises(ValueError, match="calendar spec must be a JSON object"):
        Calendar.from_spec([])  # type: ignore[arg-type]
