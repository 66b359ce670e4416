"""Binding of contracts to ``kabinet.worktime`` calendars: validation and construction.

A contract's business calendar is a worktime spec whose time zone is the contract's agreed
time zone (the ``time_zone`` column wins over any ``timezone`` key in the stored spec).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kabinet.worktime import Calendar

MOSCOW_BUSINESS_HOURS: dict[str, Any] = {
    "week": {day: [["09:30", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
    "production_calendar": "ru",
}


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}) from None


def validate_calendar_spec(spec: Any) -> None:
    if not isinstance(spec, Mapping):
        raise ValidationError(_("The business calendar must be a JSON object."))
    try:
        Calendar.from_spec({"timezone": "UTC", **spec})
    except (ValueError, KeyError) as exc:
        raise ValidationError(
            _("Invalid business calendar: %(error)s"), params={"error": str(exc)}
        ) from None


def business_calendar(spec: Mapping[str, Any], time_zone: str) -> Calendar:
    """The worktime Calendar of a contract; cached, since calendars are immutable and shared."""
    return _cached_calendar(json.dumps({**spec, "timezone": time_zone}, sort_keys=True))


@lru_cache(maxsize=256)
def _cached_calendar(spec_json: str) -> Calendar:
    return Calendar.from_spec(json.loads(spec_json))


def always_calendar() -> Calendar:
    return _always()


@lru_cache(maxsize=1)
def _always() -> Calendar:
    return Calendar.always()
