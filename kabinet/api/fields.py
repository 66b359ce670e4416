"""The input fields every serializer of the API uses, and the reference to a person that
every output nests.

Strict: the API refuses what DRF would coerce (``"3"`` for 3, 3 for ``"3"``, ``"yes"`` for
true) and datetimes without a UTC offset (never read as server time). Bounded: a whole
number fits a signed 64-bit column (ids included), a date or datetime lies in the range
of ``kabinet.bounds``, so that no database, time zone conversion or SLA arithmetic
overflows on it; text refuses NUL (DRF's CharField validators), which PostgreSQL cannot
store. Each refusal is a 400 naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kabinet.bounds import (
    EARLIEST,
    INT64_MAX,
    INT64_MIN,
    LATEST,
    OUT_OF_RANGE,
    date_within_range,
)


class BoundedIntegerField(serializers.IntegerField):
    """An integer (query parameters give digits) within the 64-bit range unless narrower
    bounds are given."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", INT64_MIN)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(**kwargs)


class StrictIntegerField(BoundedIntegerField):
    default_error_messages = {"invalid": _("A whole number is required.")}  # noqa: RUF012

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": _("true or false is required.")}  # noqa: RUF012

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("A string is required.")}  # noqa: RUF012

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit offset (``Z`` or ``+03:00``); naive values are refused."""

    default_error_messages = {  # noqa: RUF012
        "naive": _("The date and time must include a UTC offset, e.g. 2026-05-08T16:00+03:00."),
        "invalid": _("Expected a date and time in ISO 8601 with a UTC offset."),
        "range": OUT_OF_RANGE,
    }

    def to_internal_value(self, value: Any) -> dt.datetime:
        if not isinstance(value, str):
            self.fail("invalid")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail("invalid")
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail("naive")
        if not date_within_range(parsed.date()):
            self.fail("range", first=EARLIEST.year, last=LATEST.year)
        return parsed.astimezone(dt.UTC)


class BoundedDateField(serializers.DateField):
    """An ISO 8601 date within ``kabinet.bounds`` (report periods, filters)."""

    default_error_messages = {  # noqa: RUF012
        "range": OUT_OF_RANGE,
    }

    def to_internal_value(self, value: Any) -> dt.date:
        parsed = super().to_internal_value(value)
        if not date_within_range(parsed):
            self.fail("range", first=EARLIEST.year, last=LATEST.year)
        return parsed


class PersonRef(serializers.Serializer[Any]):
    """A person in an answer: id and name. Rendered directly (it is in every ticket and
    event answer, and the generic path copies and binds both fields per person); the fields
    stay for the schema, and ``test_fields`` holds the two paths equal."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"id": int(instance.id), "name": str(instance)}
