"""A resolution term agreed with the customer for one ticket (seed 000: "для задач повышенной
сложности время решения согласовывается с пользователем отдельно"; seed 002, P3: "срок может
определяться индивидуально"). It is an event on the timeline, so the clock replays it: from
then on the agreed term replaces the package's resolution target for this ticket, and a breach
already recorded stays recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock, sla
from kabinet.contracts.models import DurationUnit
from kabinet.errors import DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import deadlines, events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    new_event,
    require_open,
    require_supplier,
)
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

MAX_AMOUNT = 1000  # hours or working days: past this the "agreement" is a typing slip
AGREED_UNITS = (DurationUnit.HOURS, DurationUnit.WORKING_DAYS)


def agree_resolution_deadline(
    ticket: Ticket,
    *,
    author: Person,
    reason: str,
    due: dt.datetime | None = None,
    amount: int | None = None,
    unit: str = DurationUnit.HOURS,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Record the term agreed with the customer, either as a date (``due``) or as an amount
    of working time from registration (``amount`` ``unit``, on the calendar of the ticket's
    resolution target, like the package's own targets).

    A date becomes round-the-clock time: what the clock has counted so far plus the time from
    now to the date, so the ticket is due at that date unless it waits for the customer (a
    wait moves an agreed date as it moves any resolution target)."""
    if not reason.strip():
        raise DomainError(_("Say what was agreed with the customer, and why."), field="reason")
    if (due is None) == (amount is None):
        raise DomainError(
            _("Give either the agreed date or the agreed amount of time, not both."), field="due"
        )
    if amount is not None and not 0 < amount <= MAX_AMOUNT:
        raise DomainError(
            _("The agreed amount must be between 1 and %(max)s.") % {"max": MAX_AMOUNT},
            field="amount",
        )
    if amount is not None and unit not in AGREED_UNITS:
        raise DomainError(_("The unit must be hours or working days."), field="unit")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_agree_resolution_deadline(author, ticket)
        now = clock.resolve(now)
        timeline = list(TicketEvent.objects.filter(ticket=ticket).order_by("at", "id"))
        rules = (deadlines.policy_for(ticket.contract), deadlines.calendars_for(ticket.contract))
        state = deadlines.replay(timeline, rules, now)
        payload = _agreement(ticket, state, reason.strip(), due, amount, unit, now)
        candidate = new_event(ticket, EventKind.DEADLINE_AGREED, actor=author, at=now)
        candidate.payload = dict(payload)
        after = deadlines.replay([*timeline, candidate], rules, now)
        if after.resolution.due_at is not None and after.resolution.due_at <= now:
            raise DomainError(
                _("This term has already run out; agree a later one."),
                field="due" if due is not None else "amount",
            )
        event = append_event(
            ticket, EventKind.DEADLINE_AGREED, actor=author, at=now, payload=payload
        )
        finish_change(ticket, now)
        return event


def _agreement(
    ticket: Ticket,
    state: sla.ClockState,
    reason: str,
    due: dt.datetime | None,
    amount: int | None,
    unit: str,
    now: dt.datetime,
) -> events.DeadlineAgreed:
    if due is not None:
        if due.tzinfo is None or due.utcoffset() is None:
            raise DomainError(_("The agreed date needs a time zone."), field="due")
        if due <= now:
            raise DomainError(_("The agreed date must be in the future."), field="due")
        counted = sum((end - start for start, end in state.resolution.spans), dt.timedelta(0))
        seconds = int((counted + (due - now)).total_seconds())
        return {
            "reason": reason,
            "seconds": seconds,
            "calendar": sla.CalendarKey.ALWAYS.value,
            "due": due.isoformat(),
        }
    assert amount is not None
    current = state.resolution.target
    calendar = sla.CalendarKey.BUSINESS if current is None else current.calendar
    duration = deadlines.target_duration(amount, unit, calendar, ticket.contract)
    return {
        "reason": reason,
        "seconds": int(duration.total_seconds()),
        "calendar": calendar.value,
        "amount": amount,
        "unit": str(unit),
    }


def guard_agree_resolution_deadline(actor: Person, ticket: Ticket) -> None:
    """The supplier records what it agreed with the customer, while the ticket is open."""
    require_supplier(actor, ticket)
    require_open(ticket)
