"""Presentation helpers: times in the viewer's zone with the contract's zone on hover, the
next SLA due time of a ticket for countdowns, durations in words, status badges."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.contracts.models import IntakeField
from kabinet.escalations.models import Escalation, EscalationState
from kabinet.sla.explain import DayWork, TargetExplanation
from kabinet.tickets import events
from kabinet.tickets.models import ReturnReason, Status, Ticket

register = template.Library()

TARGET_NAMES = {
    "reaction": gettext_noop("Reaction"),
    "update": gettext_noop("Status update"),
    "resolution": gettext_noop("Resolution"),
}
STATUS_NAMES = {
    "no_target": gettext_noop("no target at this level"),
    "not_started": gettext_noop("starts after the first response"),
    "running": gettext_noop("running"),
    "paused": gettext_noop("paused"),
    "met": gettext_noop("met"),
    "stopped": gettext_noop("stopped"),
}


@register.simple_tag
def moment(instant: dt.datetime | None, zone: str = "") -> SafeString | str:
    """``<time>`` in the viewer's zone; the contract's zone (``zone``) on hover."""
    if instant is None:
        return "—"
    local = timezone.localtime(instant)
    shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    hover = ""
    if zone:
        there = instant.astimezone(ZoneInfo(zone))
        hover = f"{zone}: {there:%Y-%m-%d %H:%M}"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', instant.isoformat(), hover, shown
    )


def _next_due(ticket: Ticket) -> tuple[str, dt.datetime] | None:
    if ticket.status == Status.CLOSED:
        return None
    if ticket.reaction_met_at is None and ticket.reaction_due_at is not None:
        return _("reaction"), ticket.reaction_due_at
    candidates = [
        (_("status update"), ticket.update_due_at),
        (_("resolution"), ticket.resolution_due_at),
    ]
    due = [(name, at) for name, at in candidates if at is not None]
    return min(due, key=lambda pair: pair[1]) if due else None


@register.inclusion_tag("cabinets/parts/countdown.html")
def countdown(ticket: Ticket) -> dict[str, object]:
    """The earliest open SLA due time, counted down in the browser from the rendered value."""
    nearest = _next_due(ticket)
    paused = ticket.status == Status.AWAITING_CUSTOMER
    if nearest is None:
        return {"paused": paused, "due": None}
    left = nearest[1] - clock.now()
    return {
        "paused": paused,
        "label": nearest[0],
        "due": nearest[1],
        "zone": ticket.contract.time_zone,
        "text": duration(left),
    }


@register.filter
def duration(amount: dt.timedelta | None) -> str:
    if amount is None:
        return "—"
    seconds = int(amount.total_seconds())
    sign = "−" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [_("%(n)s d") % {"n": days}] if days else []
    if hours:
        parts.append(_("%(n)s h") % {"n": hours})
    if minutes or not parts:
        parts.append(_("%(n)s min") % {"n": minutes})
    return sign + " ".join(parts)


@register.filter
def worked(days: tuple[DayWork, ...]) -> dt.timedelta:
    return sum((day.worked for day in days), dt.timedelta(0))


@register.filter
def target_name(target: TargetExplanation) -> str:
    return _(TARGET_NAMES.get(target.name, target.name))


@register.filter
def target_status(target: TargetExplanation) -> str:
    return _(STATUS_NAMES.get(target.status, target.status))


@register.filter
def payload(event: object, key: str) -> object:
    return getattr(event, "payload", {}).get(key, "")


@register.filter
def event_body(event: object) -> str:
    """The message of an event; the notes actions write themselves (``events.NOTE_KINDS``)
    are stored as msgids and read in the viewer's language."""
    body = str(getattr(event, "payload", {}).get("body", ""))
    return _(body) if body and getattr(event, "kind", "") in events.NOTE_KINDS else body


@register.filter
def escalation_state(escalation: Escalation) -> str:
    """The escalation's state in words, whether stored or read off the vendor ticket."""
    return str(EscalationState(escalation.state).label)


@register.filter
def status_name(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


@register.filter
def return_reason(code: str) -> str:
    return str(ReturnReason(code).label) if code in ReturnReason.values else code


@register.filter
def intake_items(ticket: Ticket) -> list[tuple[str, str]]:
    labels = dict(IntakeField.choices)
    return [(str(labels.get(name, name)), str(value)) for name, value in ticket.intake.items()]


@register.filter
def calendar_name(key: str | None) -> str:
    return _("24×7") if key == "24x7" else _("contract business hours")
