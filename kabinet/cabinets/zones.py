"""The short name a time carries where the reader's zone and the contract's can differ
("12:30 МСК", "14:30 UTC+5"), so the panel's due time and its arithmetic visibly agree.
Which zone is whose is the caller's business; this only names a zone at an instant."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Moscow time is how Russian contracts and regulations name their hours; others by offset.
NAMED = {"Europe/Moscow": gettext_noop("MSK")}


def zone_label(instant: dt.datetime, zone_name: str) -> str:
    """The zone's short name at ``instant``: "МСК" for Moscow, else its UTC offset."""
    if zone_name in NAMED:
        return _(NAMED[zone_name])
    offset = instant.astimezone(ZoneInfo(zone_name)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def differs_from_reader(instant: dt.datetime, zone_name: str) -> bool:
    """Whether the reader's active zone shows ``instant`` at another clock time than
    ``zone_name`` does."""
    reader = timezone.get_current_timezone()
    return (
        instant.astimezone(reader).utcoffset()
        != instant.astimezone(ZoneInfo(zone_name)).utcoffset()
    )
