"""Adapts a ticket's rows to the pure SLA clock (``kabinet.sla``) and writes the derived,
indexed columns. The clock decides; this module only translates and stores.

Readings made here, by event kind only: an agreed postponement makes the resolution due no
earlier than the agreed moment (seeds 003, 004); a return for information is a public human
message of the supplier, so it counts as a response (and then pauses the clocks); a handover to
development waiting for a release (AWAITING_RELEASE, written where the package says the wait
stops the resolution clock) pauses, and the release resumes what a handover paused; internal
comments, line moves, plain handovers, escalation notes, vendor updates, assignments, edits,
ratings and attachments mean nothing to the clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kabinet import sla
from kabinet.contracts.calendars import always_calendar
from kabinet.contracts.models import (
    CalendarKey,
    Contract,
    DurationUnit,
    Package,
    PackageTarget,
    TargetKind,
    package_targets_of,
)
from kabinet.tickets.models import ActorSide, EventKind, Ticket, TicketEvent

_DIRECT = {
    EventKind.CUSTOMER_REPLY: sla.EventKind.CUSTOMER_REPLY,
    EventKind.SOLUTION_PROPOSED: sla.EventKind.SOLUTION_PROPOSED,
    EventKind.WORKAROUND_PROPOSED: sla.EventKind.WORKAROUND_PROPOSED,
    EventKind.SOLUTION_ACCEPTED: sla.EventKind.SOLUTION_ACCEPTED,
    EventKind.SOLUTION_REJECTED: sla.EventKind.SOLUTION_REJECTED,
    EventKind.REOPENED: sla.EventKind.REOPENED,
    EventKind.AWAITING_RELEASE: sla.EventKind.AWAITING_RELEASE,
    EventKind.RELEASED: sla.EventKind.RELEASED,
    # Each ends the ticket: the clocks stop where they stand; a resolution met by the
    # unanswered proposal stays met at the proposal (an auto-closed ticket is resolved).
    EventKind.WITHDRAWN: sla.EventKind.CLOSED,
    EventKind.CLOSED_AS_WITHDRAWN: sla.EventKind.CLOSED,
    EventKind.AUTO_CLOSED: sla.EventKind.CLOSED,
    EventKind.MERGED_INTO: sla.EventKind.CLOSED,  # the duplicate's clocks stop
    # A refused ticket ends as a withdrawn one does: no target runs on, none breaches later.
    EventKind.REFUSED: sla.EventKind.CLOSED,
}
_SIDES = {
    ActorSide.SUPPLIER: sla.Side.SUPPLIER,
    ActorSide.CUSTOMER: sla.Side.CUSTOMER,
    ActorSide.SYSTEM: sla.Side.SYSTEM,
}
# Every event kind the clock reads (see _translate); any other means nothing to it.
CLOCK_KINDS = frozenset(
    {
        EventKind.REGISTERED,
        EventKind.PUBLIC_REPLY,
        EventKind.RETURNED_FOR_INFORMATION,
        EventKind.CRITICALITY_CHANGED,
        EventKind.CLASSIFIED,
        EventKind.DEADLINE_AGREED,
        EventKind.POSTPONEMENT_AGREED,
        *_DIRECT,
    }
)
# Criticality changes recorded at registration are already in the REGISTERED level.
REGISTRATION_RULES = frozenset({"critical_unconfirmed"})


def calendars_for(contract: Contract) -> sla.Calendars:
    return {CalendarKey.BUSINESS: contract.calendar(), CalendarKey.ALWAYS: always_calendar()}


def policy_for(contract: Contract) -> sla.Policy:
    """The contract's package targets as the clock reads them ("N working days" become N
    normal working days of the target's calendar)."""
    package: Package = contract.package
    levels: dict[int, dict[str, sla.Target]] = {}
    for row in package_targets_of(contract):
        field = _LEVEL_FIELD[TargetKind(row.kind)]
        levels.setdefault(row.criticality, {})[field] = _target(row, contract)
    return sla.Policy(
        levels={level: sla.LevelTargets(**fields) for level, fields in levels.items()},
        priority_change_mode=sla.ChangeMode(package.priority_change_mode),
        workaround_resolves=package.workaround_resolves,
        critical_conditions_apply=package.critical_conditions_apply,
    )


_LEVEL_FIELD = {
    TargetKind.REACTION: "reaction",
    TargetKind.UPDATE: "update_interval",
    TargetKind.RESOLUTION: "resolution",
    TargetKind.RESOLUTION_NON_STANDARD: "resolution_nonstandard",
}


def _target(row: PackageTarget, contract: Contract) -> sla.Target:
    calendar = sla.CalendarKey(row.calendar)
    return sla.Target(
        duration=target_duration(row.amount, row.unit, calendar, contract), calendar=calendar
    )


def target_duration(
    amount: int, unit: str, calendar: sla.CalendarKey, contract: Contract
) -> dt.timedelta:
    """A package or line target as a duration: "N working days" are N normal working days
    of the target's calendar (the contract's business calendar, or whole days on 24x7)."""
    if unit == DurationUnit.WORKING_DAYS:
        if calendar is sla.CalendarKey.BUSINESS:
            return amount * contract.calendar().working_day_length()
        return amount * dt.timedelta(days=1)
    if unit == DurationUnit.HOURS:
        return dt.timedelta(hours=amount)
    return dt.timedelta(minutes=amount)


def clock_events(events: list[TicketEvent]) -> list[sla.Event]:
    out: list[sla.Event] = []
    for event in events:
        out.extend(_translate(event))
    return out


def _translate(event: TicketEvent) -> list[sla.Event]:
    side = _SIDES[ActorSide(event.actor_side)]
    payload = event.payload
    kind = EventKind(event.kind)

    def make(clock_kind: sla.EventKind, **extra: object) -> sla.Event:
        return sla.Event(event.at, clock_kind, side, True, **extra)  # type: ignore[arg-type]

    if kind == EventKind.REGISTERED:
        return [make(sla.EventKind.REGISTERED, criticality=payload["criticality"])]
    if kind == EventKind.PUBLIC_REPLY:
        update_type = sla.UpdateType.ACTION_PLAN if payload.get("action_plan") else None
        return [make(sla.EventKind.PUBLIC_REPLY, update_type=update_type)]
    if kind == EventKind.RETURNED_FOR_INFORMATION:
        return [make(sla.EventKind.PUBLIC_REPLY), make(sla.EventKind.AWAITING_CUSTOMER)]
    if kind == EventKind.CRITICALITY_CHANGED:
        if payload.get("rule") in REGISTRATION_RULES:
            return []
        return [
            make(
                sla.EventKind.CRITICALITY_CHANGED,
                criticality=payload["to"],
                reason=str(payload.get("reason", "")),
            )
        ]
    if kind == EventKind.CLASSIFIED:
        return [make(sla.EventKind.CLASSIFIED, standard=payload["to"] == "standard")]
    if kind == EventKind.DEADLINE_AGREED:
        return [make(sla.EventKind.DEADLINE_AGREED, agreed=agreed_target(payload))]
    if kind == EventKind.POSTPONEMENT_AGREED:
        until = dt.datetime.fromisoformat(str(payload["until"]))
        return [make(sla.EventKind.RESOLUTION_POSTPONED, until=until)]
    if kind in _DIRECT:
        return [make(_DIRECT[kind])]
    return []


def agreed_target(payload: dict[str, object]) -> sla.Target:
    """The resolution target a ``DEADLINE_AGREED`` payload recorded."""
    seconds = payload["seconds"]
    assert isinstance(seconds, int)
    return sla.Target(dt.timedelta(seconds=seconds), sla.CalendarKey(str(payload["calendar"])))


def evaluate(ticket: Ticket, now: dt.datetime) -> sla.ClockState:
    """The ticket's clock at ``now``, replayed from its stored timeline."""
    events = list(TicketEvent.objects.filter(ticket=ticket).order_by("at", "id"))
    return replay(events, (policy_for(ticket.contract), calendars_for(ticket.contract)), now)


def replay(
    events: list[TicketEvent], rules: tuple[sla.Policy, sla.Calendars], now: dt.datetime
) -> sla.ClockState:
    """A clock at ``now`` from a timeline already read (in order) and the contract's
    ``policy_for`` and ``calendars_for``."""
    return sla.evaluate(clock_events(events), *rules, now)


def refresh(
    ticket: Ticket, now: dt.datetime, events: list[TicketEvent] | None = None
) -> sla.ClockState:
    """Recompute the ticket's SLA columns (in memory; the caller saves, in the same
    transaction as the events that changed them). ``events``: the whole timeline, where the
    caller holds it already (at registration, the events about to be written); else the
    stored one is read."""
    if events is None:
        state = evaluate(ticket, now)
    else:
        state = replay(events, (policy_for(ticket.contract), calendars_for(ticket.contract)), now)
    record(ticket, state)
    return state


# The ticket's columns that ``record`` writes (and nothing else writes): what an action that
# only refreshed the clock saves.
COLUMNS = (
    "reaction_due_at",
    "reaction_met_at",
    "reaction_breached",
    "update_due_at",
    "update_breached",
    "update_breach_count",
    "resolution_due_at",
    "resolution_met_at",
    "resolution_breached",
    "clock_phase",
    "next_sla_event_at",
)


def record(ticket: Ticket, state: sla.ClockState) -> None:
    """Put the clock's columns on the ticket (in memory), as ``refresh`` does.

    Breached stays breached: the replay runs on today's calendar and targets, so after an
    edit of either it may no longer see a breach or a met time already recorded; those
    columns keep what they hold and only the open due times move. A met time is cleared
    only when the replay clears it (a rejected solution or a reopening: every action
    refreshes, so the cleared state is stored before a later proposal sets a new one).
    """
    reaction, update, resolution = state.reaction, state.update, state.resolution
    ticket.reaction_due_at = reaction.due_at
    ticket.reaction_met_at = _kept(ticket.reaction_met_at, reaction.met_at)
    ticket.reaction_breached = ticket.reaction_breached or reaction.breached
    ticket.update_due_at = update.due_at
    ticket.update_breached = ticket.update_breached or update.breached
    ticket.update_breach_count = max(ticket.update_breach_count, update.breach_count)
    ticket.resolution_due_at = resolution.due_at
    ticket.resolution_met_at = _kept(ticket.resolution_met_at, resolution.met_at)
    ticket.resolution_breached = ticket.resolution_breached or resolution.breached
    ticket.clock_phase = state.phase.value
    # A rule change the timeline does not hold yet (the level-1 reply window ran out) is
    # due for the SLA scan at its own instant.
    moments = [change.at for change in state.automatic_changes]
    if state.next_change_at is not None:
        moments.append(state.next_change_at)
    ticket.next_sla_event_at = min(moments, default=None)


def _kept(recorded: dt.datetime | None, replayed: dt.datetime | None) -> dt.datetime | None:
    """A recorded met time never moves; the replay may only set one or clear it."""
    return recorded if recorded is not None and replayed is not None else replayed


def explanation(ticket: Ticket, now: dt.datetime) -> sla.Explanation:
    """Why each due time is what it is, in the contract's time zone."""
    state = evaluate(ticket, now)
    zone = ZoneInfo(ticket.contract.time_zone)
    return sla.explain(state, calendars_for(ticket.contract), tz=zone)
