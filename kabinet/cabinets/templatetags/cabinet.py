"""Presentation helpers: times in the viewer's zone with the contract's zone on hover, a
ticket's countdown, durations and SLA names in words (from ``sla_words``), status badges."""

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
from kabinet.cabinets import quantities, sla_words, triage, zones
from kabinet.cabinets.sla_words import countdown_of, duration_words
from kabinet.contracts.models import DurationUnit, IntakeField, PackageTarget
from kabinet.escalations.models import Escalation, EscalationState
from kabinet.lines.models import ReleaseKind
from kabinet.sla.explain import DayWork, TargetExplanation
from kabinet.tickets import events
from kabinet.tickets.models import ReturnReason, Status, Ticket
from kabinet.zone_choices import city_name

register = template.Library()


@register.simple_tag
def moment(instant: dt.datetime | None, zone: str = "") -> SafeString | str:
    """``<time>`` in the viewer's zone; the contract's zone (``zone``) on hover. Where the
    two differ the time names the viewer's zone ("14:30 UTC+5"), since the SLA arithmetic
    beside it counts in the contract's."""
    if instant is None:
        return "—"
    local = timezone.localtime(instant)
    shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    hover = ""
    if zone:
        there = instant.astimezone(ZoneInfo(zone))
        hover = f"{zone}: {there:%Y-%m-%d %H:%M} {zones.zone_label(instant, zone)}"
        if zones.differs_from_reader(instant, zone):
            shown += " " + zones.zone_label(instant, timezone.get_current_timezone_name())
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', instant.isoformat(), hover, shown
    )


@register.filter
def zone_words(zone: str) -> str:
    """A contract's zone as people name it: "Екатеринбург (UTC+5)", "Москва (МСК)"."""
    now = clock.now()
    return f"{city_name(zone)} ({zones.zone_label(now, zone)})"


@register.inclusion_tag("cabinets/parts/countdown.html")
def countdown(ticket: Ticket) -> dict[str, object]:
    """The earliest running SLA due time, counted down in the browser from the rendered
    value, or why the clocks stand still; read off the ticket's stored clock columns."""
    return {"countdown": countdown_of(ticket, clock.now()), "zone": ticket.contract.time_zone}


@register.filter
def duration(amount: dt.timedelta | None) -> str:
    """Time left until an instant, whole days first."""
    return duration_words(amount, days=True)


@register.filter
def worked(days: tuple[DayWork, ...]) -> dt.timedelta:
    return sla_words.worked(days)


@register.filter
def target_name(target: TargetExplanation) -> str:
    return sla_words.target_name(target.name)


@register.filter
def target_status(target: TargetExplanation) -> str:
    return sla_words.status_name(target.status)


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
def iso_date(value: str) -> dt.date | None:
    """A date stored as ISO text (a JSON field), for the ``date`` filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def release_kind(code: str) -> str:
    return str(ReleaseKind(code).label) if code in ReleaseKind.values else code


@register.filter
def return_reason(code: str) -> str:
    return str(ReturnReason(code).label) if code in ReturnReason.values else code


WEEKDAY_NAMES = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)


@register.filter
def weekday_name(index: int) -> str:
    """Monday for 0, as ``date.weekday()`` counts, in the reader's language."""
    return _(WEEKDAY_NAMES[index])


@register.filter
def agreed_due(event: object) -> dt.datetime | None:
    """The date an agreed resolution term names (stored as an ISO instant)."""
    due = payload(event, "due")
    return dt.datetime.fromisoformat(due) if isinstance(due, str) and due else None


@register.filter
def duration_unit(code: str) -> str:
    return str(DurationUnit(code).label) if code in DurationUnit.values else code


@register.filter
def intake_items(ticket: Ticket) -> list[tuple[str, str]]:
    labels = dict(IntakeField.choices)
    return [(str(labels.get(name, name)), str(value)) for name, value in ticket.intake.items()]


@register.filter
def calendar_name(key: str | None) -> str:
    return sla_words.calendar_name(key)


# What the customer decides on: a workaround (only where it resolves, and then for good) or
# the solution. Heading, explanation, accept and reject buttons.
PROPOSAL_WORDS = {
    Status.WORKAROUND_PROPOSED: (
        gettext_noop("A workaround is proposed"),
        gettext_noop(
            "Check the workaround in the history below. Accept it to close the ticket, or "
            "reject it and say why. Either way the resolution target counts as met, and the "
            "supplier may still propose the permanent solution."
        ),
        gettext_noop("Accept the workaround"),
        gettext_noop("Reject the workaround"),
    ),
    Status.SOLUTION_PROPOSED: (
        gettext_noop("A solution is proposed"),
        gettext_noop(
            "Check the solution in the history below. Accept it to close the ticket, or reject "
            "it and say why; the SLA clocks then resume."
        ),
        gettext_noop("Accept the solution"),
        gettext_noop("Reject the solution"),
    ),
}


@register.filter
def proposal_words(ticket: Ticket) -> list[str]:
    """The words of the customer's decision on the proposal waiting on ``ticket``."""
    words = PROPOSAL_WORDS.get(Status(ticket.status), PROPOSAL_WORDS[Status.SOLUTION_PROPOSED])
    return [_(text) for text in words]


@register.filter
def target_amount(target: PackageTarget) -> str:
    """A package target as written ("10 рабочих дней")."""
    return quantities.target_amount(target.amount, target.unit)


@register.filter
def quota_amount(amount: int, unit: str) -> str:
    """A quota's size with its unit's noun in the right form ("20 часов")."""
    return quantities.quota_amount(amount, unit)


@register.filter
def view_count(count: int) -> str:
    """A ready-made view's capped count as its chip shows it ("99+" at the cap)."""
    return triage.shown_count(count)
