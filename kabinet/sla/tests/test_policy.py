"""Policy data: working days, non-standard resolution, validation."""

from datetime import timedelta

import pytest

from kabinet.sla import (
    LevelTargets,
    Policy,
    TargetName,
    normal_day_length,
    working_days,
)
from kabinet.sla.tests.builders import RU_SPEC, business, week


def test_five_working_days_of_a_half_past_nine_to_six_calendar() -> None:
    # 9:30-18:00 = 8 h 30 min a day; 5 days = 42 h 30 min.
    assert normal_day_length(RU_SPEC) == timedelta(hours=8, minutes=30)
    assert working_days(5, RU_SPEC) == timedelta(hours=42, minutes=30)


def test_working_days_on_24x7_are_whole_days() -> None:
    assert working_days(3, None) == timedelta(hours=72)


def test_normal_day_is_the_most_common_weekday_length() -> None:
    # Mon-Thu 9-18 (9 h), Fri 9-16 (7 h), Sat 10-14 (4 h): normal day 9 h.
    days = week("09:00", "18:00") | {"fri": [["09:00", "16:00"]], "sat": [["10:00", "14:00"]]}
    assert normal_day_length({"timezone": "UTC", "week": days}) == timedelta(hours=9)


def test_split_days_add_up() -> None:
    days = {"mon": [["09:00", "13:00"], ["14:00", "18:00"]], "tue": [], "wed": []}
    assert normal_day_length({"timezone": "UTC", "week": days}) == timedelta(hours=8)


def test_non_standard_tickets_take_the_non_standard_target() -> None:
    policy = Policy(
        levels={3: LevelTargets(resolution=business(8), resolution_nonstandard=business(32))}
    )
    assert policy.target(TargetName.RESOLUTION, 3, None) == business(8)
    assert policy.target(TargetName.RESOLUTION, 3, True) == business(8)
    assert policy.target(TargetName.RESOLUTION, 3, False) == business(32)
    assert policy.target(TargetName.RESOLUTION, 2, False) is None


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.\.4"):
        Policy(levels={5: LevelTargets()})
    with pytest.raises(ValueError, match="warning_fraction"):
        Policy(warning_fraction=1.5)
    with pytest.raises(ValueError, match="negative"):
        business(-1)
