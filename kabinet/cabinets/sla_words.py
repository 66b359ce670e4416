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
from django.utils.translation import gettext_noop, ngettext, pgettext

from kabinet import sla
from kabinet.cabinets import zones
from kabinet.cabinets.quantities import target_amount
from kabinet.contracts.models import Contract, PackageTarget, TargetKind
from kabinet.sla.explain import DayWork, Explanation, TargetExplanation
from kabinet.tickets.deadlines import target_duration
from kabinet.tickets.models import ResolutionClass, Ticket

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
    """An instant in the contract's zone, naming that zone where the reader's differs."""
    shown = formats.date_format(instant.astimezone(zone), "SHORT_DATETIME_FORMAT")
    if zones.differs_from_reader(instant, zone.key):
        shown += " " + zones.zone_label(instant, zone.key)
    return shown


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


# --- the panel: one state per target ---------------------------------------------------

_KIND_OF_TARGET = {"reaction": TargetKind.REACTION, "update": TargetKind.UPDATE}


@dataclass(frozen=True)
class TargetRow:
    """One target of the SLA panel, said once: ``state`` is the only status word shown (so
    "running" never stands beside "breached"), ``tone`` its colour (ok, warn, bad, muted),
    ``term`` the target as the package writes it, ``used`` the working time counted
    including any past the due time, ``late`` that part past due ("" when none)."""

    target: TargetExplanation
    name: str
    state: str
    tone: str
    term: str
    used: str
    late: str


def target_state(target: TargetExplanation, now: dt.datetime) -> tuple[str, str]:
    """The target's one state in words and its tone. A met target says whether it was met
    in time; one without a duration says that nothing is due, never "met"."""
    status = sla.TargetStatus(target.status)
    late = bool(target.breaches or target.overtime)
    if target.duration is None or status is sla.TargetStatus.NO_TARGET:
        return pgettext("SLA state", "no target"), "muted"
    if status is sla.TargetStatus.NOT_STARTED:
        return pgettext("SLA state", "starts after the first response"), "muted"
    if status is sla.TargetStatus.MET:
        if late:
            return pgettext("SLA state", "met late"), "bad"
        return pgettext("SLA state", "met in time"), "ok"
    if status is sla.TargetStatus.STOPPED:
        if late:
            return pgettext("SLA state", "missed; the ticket is closed"), "bad"
        return pgettext("SLA state", "stopped; the ticket is closed"), "muted"
    overdue = target.due_at is not None and target.due_at <= now
    if status is sla.TargetStatus.PAUSED:
        if overdue or target.overtime:
            return pgettext("SLA state", "overdue, now paused"), "bad"
        return pgettext("SLA state", "paused"), "warn"
    if overdue or target.overtime:
        return pgettext("SLA state", "overdue"), "bad"
    if target.breaches:  # an earlier status update was late; the current interval runs
        missed = len(target.breaches)
        text = ngettext(
            "running; %(n)s earlier update was late",
            "running; %(n)s earlier updates were late",
            missed,
        )
        return text % {"n": missed}, "warn"
    return pgettext("SLA state", "running"), "ok"


def written_terms(
    contract: Contract, *, level: int, resolution_class: str, targets: list[PackageTarget]
) -> dict[str, tuple[PackageTarget, dt.timedelta]]:
    """The package rows behind each target of ``level``, with the duration the clock makes
    of them, so the panel can say "10 working days" where the clock counts 85 h."""
    kinds = dict(_KIND_OF_TARGET)
    kinds["resolution"] = (
        TargetKind.RESOLUTION_NON_STANDARD
        if resolution_class == ResolutionClass.NON_STANDARD
        else TargetKind.RESOLUTION
    )
    rows = {(row.criticality, row.kind): row for row in targets}
    found: dict[str, tuple[PackageTarget, dt.timedelta]] = {}
    for name, kind in kinds.items():
        row = rows.get((level, kind))
        if row is None and kind is TargetKind.RESOLUTION_NON_STANDARD:
            row = rows.get((level, TargetKind.RESOLUTION))
        if row is not None:
            calendar = sla.CalendarKey(row.calendar)
            found[name] = (row, target_duration(row.amount, row.unit, calendar, contract))
    return found


def panel_rows(
    explanation: Explanation, terms: dict[str, tuple[PackageTarget, dt.timedelta]]
) -> list[TargetRow]:
    """Every target of the explanation as the panel shows it. A package row names the term
    only when the clock counts exactly its duration (a support line's own target, say,
    differs: then the hours the clock counts are what is true)."""
    rows = []
    for target in explanation.targets:
        state, tone = target_state(target, explanation.now)
        term = ""
        if target.duration is not None:
            written = terms.get(target.name)
            if written is not None and written[1] == target.duration:
                term = target_amount(written[0].amount, written[0].unit)
            else:
                term = duration_words(target.duration)
        late = worked(target.overtime)
        used = target.elapsed if target.duration is None else worked(target.counted) + late
        rows.append(
            TargetRow(
                target=target,
                name=target_name(target.name),
                state=state,
                tone=tone,
                term=term,
                used="" if used is None else duration_words(used),
                late=duration_words(late) if late else "",
            )
        )
    return rows
