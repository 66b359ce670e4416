from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kabinet import sla
from kabinet.conftest import World
from kabinet.contracts.calendars import validate_calendar_spec, validate_time_zone
from kabinet.contracts.models import Criticality


def test_contract_covers_both_ends(world: World) -> None:
    contract = world.contract
    assert contract.covers(dt.date(2026, 1, 1)) is True
    assert contract.covers(dt.date(2026, 12, 31)) is True
    assert contract.covers(dt.date(2027, 1, 1)) is False


def test_business_calendar_uses_contract_time_zone(world: World) -> None:
    world.contract.time_zone = "Asia/Yekaterinburg"
    assert str(world.contract.calendar().zone) == "Asia/Yekaterinburg"


def test_invalid_calendar_spec_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        validate_calendar_spec({"week": {"mon": [["18:00", "09:00"]]}})
    with pytest.raises(ValidationError):
        validate_calendar_spec(["not", "an", "object"])


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus")


def test_full_clean_validates_contract(world: World) -> None:
    world.contract.business_calendar = {"week": "nope"}
    with pytest.raises(ValidationError) as info:
        world.contract.full_clean()
    assert "business_calendar" in info.value.message_dict


def test_the_named_criticality_is_the_sla_cores_levels() -> None:
    assert tuple(Criticality.values) == sla.LEVELS
    assert Criticality.CRITICAL == sla.CRITICAL
    assert [level.production_only for level in Criticality] == [True, True, False, False]


def test_the_contracts_today_is_the_day_in_its_time_zone(world: World) -> None:
    late_evening_utc = dt.datetime(2026, 5, 18, 22, 30, tzinfo=dt.UTC)
    world.contract.time_zone = "Europe/Moscow"
    assert world.contract.local_date(late_evening_utc) == dt.date(2026, 5, 19)
    world.contract.time_zone = "UTC"
    assert world.contract.local_date(late_evening_utc) == dt.date(2026, 5, 18)
