"""The SLA panel's explanation in the reader's language. ``kabinet.sla.explain`` is pure
Python and writes its ``arithmetic`` line in English; the same line is composed here from the
explanation's structured fields through gettext, so the core stays free of Django."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kabinet.sla.explain import DayWork, TargetExplanation
from kabinet.sla.spans import Pause

register = template.Library()

PAUSE_REASONS = {
    "awaiting_customer": gettext_noop("awaiting the customer"),
    "solution_pending": gettext_noop("a proposed solution waits for the customer"),
    "awaiting_release": gettext_noop("waiting for a release"),
    "closed": gettext_noop("the ticket is closed"),
}


@register.filter
def hours(amount: dt.timedelta | None) -> str:
    """Working time in hours and minutes ("42 h 30 min"): a day of it is not 24 hours."""
    if amount is None:
        return "—"
    seconds = int(amount.total_seconds())
    sign, seconds = ("−", -seconds) if seconds < 0 else ("", seconds)
    whole, rest = divmod(seconds, 3600)
    minutes = rest // 60
    parts = [_("%(n)s h") % {"n": whole}] if whole else []
    if minutes or not parts:
        parts.append(_("%(n)s min") % {"n": minutes})
    return sign + " ".join(parts)


@register.filter
def pause_reason(pause: Pause) -> str:
    return _(PAUSE_REASONS.get(pause.reason, pause.reason))


def _stamp(instant: dt.datetime, zone: ZoneInfo) -> str:
    return formats.date_format(instant.astimezone(zone), "SHORT_DATETIME_FORMAT")


def _days(days: tuple[DayWork, ...]) -> str:
    return ", ".join(
        _("%(amount)s on %(day)s")
        % {"amount": hours(day.worked), "day": formats.date_format(day.day, "SHORT_DATE_FORMAT")}
        for day in days
    )


@register.simple_tag
def arithmetic(target: TargetExplanation, zone_name: str) -> str:
    """The sum behind the due time, as ``explain`` builds it, in the active language; days
    and times in the contract's time zone ``zone_name``, where the calendar counts them."""
    zone = ZoneInfo(zone_name)
    if target.duration is None:
        return _("No target at this level: nothing is due.")
    days = target.counted + target.projected
    total = sum((day.worked for day in days), dt.timedelta(0))
    text = _("%(days)s = %(total)s") % {
        "days": _days(days) or _("no working time"),
        "total": hours(total),
    }
    if target.due_at is not None:
        text += "; " + _("due %(at)s") % {"at": _stamp(target.due_at, zone)}
    elif target.status == "paused":
        left = target.duration - total
        text += "; " + _("paused with %(left)s left") % {"left": hours(left)}
    if target.overtime:
        late = sum((day.worked for day in target.overtime), dt.timedelta(0))
        text += "; " + _("%(late)s of working time past due") % {"late": hours(late)}
    if target.met_at is not None:
        text += "; " + _("met %(at)s") % {"at": _stamp(target.met_at, zone)}
    for pause in target.pauses:
        until = _("now") if pause.end is None else _stamp(pause.end, zone)
        text += "; " + _("paused %(start)s – %(end)s (%(reason)s)") % {
            "start": _stamp(pause.start, zone),
            "end": until,
            "reason": pause_reason(pause),
        }
    for breach in target.breaches:
        text += "; " + _("breached: due %(at)s missed") % {"at": _stamp(breach.deadline, zone)}
    return text + "."
