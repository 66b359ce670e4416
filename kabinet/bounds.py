"""What any input may be, whichever edge reads it (the API's fields, the pages' forms, the
URL converters): whole numbers that fit a signed 64-bit column, dates and datetimes in
``EARLIEST``..``LATEST``. Outside them a database, a time zone conversion or the SLA
arithmetic would fail; inside, the edge refuses with a message instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# The range of a signed 64-bit integer column (PostgreSQL bigint, SQLite INTEGER).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Far beyond any ticket, and far enough from datetime's years 1 and 9999 that converting
# to any time zone and adding any SLA target stays in range.
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
OUT_OF_RANGE = _("The date must lie between the years {first} and {last}.")


def parse_id(text: str) -> int | None:
    """The non-negative integer spelt by ASCII digits (``"²"`` is a digit to ``isdigit``
    and not to ``int``) within the 64-bit range, else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(INT64_MAX)):
        return None
    number = int(text)
    return number if number <= INT64_MAX else None


def date_within_range(day: dt.date) -> bool:
    """For a datetime, its own (local) date: compared before any conversion, since year 1
    at +14:00 has no UTC equivalent."""
    return EARLIEST.date() <= day <= LATEST.date()


def within_range(moment: dt.datetime) -> bool:
    """Whether an aware datetime lies in ``EARLIEST``..``LATEST``."""
    return EARLIEST <= moment <= LATEST


def out_of_range_message() -> str:
    return str(OUT_OF_RANGE).format(first=EARLIEST.year, last=LATEST.year)


class BoundedDateField(forms.DateField):
    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        if day is not None and not date_within_range(day):
            raise forms.ValidationError(out_of_range_message(), code="range")
        return day


class BoundedDateTimeField(forms.DateTimeField):
    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        if moment is not None and not date_within_range(moment.date()):
            raise forms.ValidationError(out_of_range_message(), code="range")
        return moment
