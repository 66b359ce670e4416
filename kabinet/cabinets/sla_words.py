"""SLA states in the reader's language: the one duration format of the cabinets, the names
of targets, statuses and pauses, the target in plain sentences, the arithmetic behind a
due time, and the countdown a ticket shows. Words only: the clock (``kabinet.sla`` through
``tickets.deadlines``) decides, and the pure core's own English ``arithmetic`` line stays for
the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kabinet import sla
from kabinet.sla.explain import DayWork, TargetExplanation
from kabinet.tickets.models import Ticket

TARGET_NAMES = {
    "reaction": gettext_noop("Reaction"),
    "update": gettext_noop("Status update"),
    "resolution": gettext_noop("Resolution"),
}
COUNTDOWN_NAMES = {
    "reaction": gettext_noop("reaction"),
    "update": gettext_noop("status update"),
    "resolution": gettext_noop("resolution"),
}
STATUS_NAMES = {
    "no_target": gettext_noop("no target at this level"),
    "not_started": gettext_noop("starts after the first response"),
    "running": gettext_noop("running"),
    "paused": gettext_noop("paused"),
    "met": gettext_noop("met"),
    "stopped": gettext_noop("stopped"),
}
# A pause's reason is the clock's phase (``kabinet.sla.Phase``).
PAUSE_REASONS = {
    sla.Phase.AWAITING_CUSTOMER.value: gettext_noop("awaiting the customer"),
    sla.Phase.SOLUTION_PENDING.value: gettext_noop("a proposed solution waits for the customer"),
    sla.Phase.AWAITING_RELEASE.value: gettext_noop("waiting for a release"),
    sla.Phase.CLOSED.value: gettext_noop("the ticket is closed"),
}


def duration_words(amount: dt.timedelta | None, *, days: bool = False) -> str:
    """A duration as "42 h 30 min" ("−" before an overdue one, "—" for none). Working time
    stays in hours, a day of it not being 24 hours; ``days`` counts whole wall-clock days
    first ("2 d 3 h"), for the time left until an instant."""
    if amount is None:
        return "—"
    seconds = int(amount.total_seconds())
    sign, seconds = ("−", -seconds) if seconds < 0 else ("", seconds)
    whole_days, seconds = divmod(seconds, 86400) if days else (0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    parts = [_("%(n)s d") % {"n": whole_days}] if whole_days else []
    if hours:
        parts.append(_("%(n)s h") % {"n": hours})
    if minutes or not parts:
        parts.append(_("%(n)s min") % {"n": minutes})
    return sign + " ".join(parts)


def target_name(name: str) -> str:
    return _(TARGET_NAMES.get(name, name))


def status_name(status: str) -> str:
    return _(STATUS_NAMES.get(status, status))


def pause_reason(reason: str) -> str:
    return _(PAUSE_REASONS.get(reason, reason))


def nothing_due(status: str) -> str:
    """Why a target without a duration shows no due time."""
    if status == sla.TargetStatus.NOT_STARTED:
        return _("Starts with the supplier's first response.")
    return _("No target at this level: nothing is due.")


def worked(days: tuple[DayWork, ...]) -> dt.timedelta:
    return sum((day.worked for day in days), dt.timedelta(0))


def calendar_name(key: str | None) -> str:
    return _("24×7") if key == sla.CalendarKey.ALWAYS else _("contract business hours")


def _stamp(instant: dt.datetime, zone: ZoneInfo) -> str:
    return formats.date_format(instant.astimezone(zone), "SHORT_DATETIME_FORMAT")


def _days(days: tuple[DayWork, ...]) -> str:
    return ", ".join(
        _("%(amount)s on %(day)s")
        % {
            "amount": duration_words(day.worked),
            "day": formats.date_format(day.day, "SHORT_DATE_FORMAT"),
        }
        for day in days
    )


def arithmetic(target: TargetExplanation, zone_name: str) -> str:
    """The sum behind the due time, as ``kabinet.sla.explain`` builds it, in the active
    language; days and times in the contract's time zone ``zone_name``, where the calendar
    counts them."""
    zone = ZoneInfo(zone_name)
    total = worked(target.counted + target.projected)
    text = _("%(days)s = %(total)s") % {
        "days": _days(target.counted + target.projected) or _("no working time"),
        "total": duration_words(total),
    }
    if target.duration is None:
        nothing = _("No target at this level: nothing is due.")
        if target.elapsed is None:
            return nothing
        text = nothing + " " + _("For information: %(sum)s") % {"sum": text}
    if target.due_at is not None:
        text += "; " + _("due %(at)s") % {"at": _stamp(target.due_at, zone)}
    elif target.duration is not None and target.status == sla.TargetStatus.PAUSED:
        text += "; " + _("paused with %(left)s left") % {
            "left": duration_words(target.duration - total)
        }
    if target.overtime:
        late = worked(target.overtime)
        text += "; " + _("%(late)s of working time past due") % {"late": duration_words(late)}
    if target.met_at is not None:
        text += "; " + _("met %(at)s") % {"at": _stamp(target.met_at, zone)}
    for pause in target.pauses:
        until = _("now") if pause.end is None else _stamp(pause.end, zone)
        text += "; " + _("paused %(start)s – %(end)s (%(reason)s)") % {
            "start": _stamp(pause.start, zone),
            "end": until,
            "reason": pause_reason(pause.reason),
        }
    for breach in target.breaches:
        text += "; " + _("breached: due %(at)s missed") % {"at": _stamp(breach.deadline, zone)}
    return text + "."


def plain_words(target: TargetExplanation, zone_name: str) -> str:
    """The target in sentences for the panel: what the clock counts and from when, the
    working time counted and still to run day by day, the days off and the pauses left
    out; instants in the contract's time zone ``zone_name``, days as "dd.mm"."""
    zone = ZoneInfo(zone_name)
    if target.duration is None:
        return nothing_due(target.status)
    text = _("The clock counts %(amount)s of working time") % {
        "amount": duration_words(target.duration)
    }
    if target.anchor is not None:
        text += " " + _("from %(at)s") % {"at": _stamp(target.anchor, zone)}
    sentences = [text + "."]

    def listed(label: str, items: list[str], separator: str = ", ") -> None:
        if items:
            sentences.append(f"{label} {separator.join(items)}.")

    def on_days(days: tuple[DayWork, ...]) -> list[str]:
        return [
            _("%(amount)s on %(day)s") % {"amount": duration_words(d.worked), "day": _dm(d.day)}
            for d in days
        ]

    listed(_("Counted:"), on_days(target.counted))
    listed(_("Still to run:"), on_days(target.projected))
    listed(_("Days off, not counted:"), [_dm(day) for day in target.days_off])
    pauses = [
        "{} – {} ({})".format(
            _stamp(pause.start, zone),
            _("now") if pause.end is None else _stamp(pause.end, zone),
            pause_reason(pause.reason),
        )
        for pause in target.pauses
    ]
    listed(_("Paused, not counted:"), pauses, "; ")
    return " ".join(sentences)


def _dm(day: dt.date) -> str:
    return formats.date_format(day, "d.m")


@dataclass(frozen=True)
class Countdown:
    """What a ticket's countdown shows: the nearest due time of a running target, or why
    the clocks stand still (``paused``, in words), or nothing (closed, no target)."""

    label: str = ""
    due: dt.datetime | None = None
    left: str = ""
    paused: str = ""


def countdown_of(ticket: Ticket, now: dt.datetime) -> Countdown:
    """From the clock's stored answer (``tickets.deadlines.refresh``): the reaction runs
    until met in every phase but closed; outside the open phase the update and resolution
    clocks stand still (``kabinet.sla.clock``), so the countdown says why instead."""
    phase = sla.Phase(ticket.clock_phase)
    if phase is sla.Phase.CLOSED:
        return Countdown()
    running: list[tuple[str, dt.datetime | None]] = []
    if ticket.reaction_met_at is None:
        running.append(("reaction", ticket.reaction_due_at))
    if phase is sla.Phase.OPEN:
        running.append(("update", ticket.update_due_at))
        if ticket.resolution_met_at is None:
            running.append(("resolution", ticket.resolution_due_at))
    due = [(name, at) for name, at in running if at is not None]
    if ticket.reaction_met_at is None and ticket.reaction_due_at is not None:
        due = due[:1]  # before the first response, the reaction is what the customer waits for
    if due:
        name, at = min(due, key=lambda pair: pair[1])
        return Countdown(
            label=_(COUNTDOWN_NAMES[name]), due=at, left=duration_words(at - now, days=True)
        )
    if phase is not sla.Phase.OPEN:
        return Countdown(paused=pause_reason(phase.value))
    return Countdown()
