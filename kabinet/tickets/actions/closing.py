"""A ticket's life that ends without the customer accepting a solution: the customer
withdraws it, the supplier closes one the customer withdrew elsewhere, and a proposed
solution left unanswered closes it by itself (the customer told in advance).

Effect on the clock (``deadlines`` maps each to the clock's CLOSED): a withdrawn ticket, and
one closed as withdrawn, stops its clocks where they stand (a target not met is neither met
nor breached later); an auto-closed ticket counts as resolved at the proposal, which met
the resolution target already (DESIGN.md: "resolution counts as met at the proposal").
Each closed ticket may be reopened within the package's ``reopen_days`` (``reopen_ticket``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_customer,
    require_open,
    require_status,
    require_supplier,
)
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent

AUTO_CLOSE_NOTICE_NOTE = gettext_noop(
    "The proposed solution is waiting for your answer: unless you accept or reject it, "
    "the ticket closes by itself at the time stated."
)
AUTO_CLOSED_NOTE = gettext_noop(
    "The proposed solution was neither accepted nor rejected within the support package's "
    "time: the ticket is closed and counts as resolved at the proposal."
)
# How long before closing the customer is told: one working day (or at once, where the
# package waits a day or less).
NOTICE_WORKING_DAYS = 1


def guard_withdraw_ticket(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_open(ticket)


def withdraw_ticket(
    ticket: Ticket, *, author: Person, reason: str = "", now: dt.datetime | None = None
) -> TicketEvent:
    """The customer no longer needs the ticket: it closes at once and its clocks stop."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_withdraw_ticket(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.WITHDRAWN,
            actor=author,
            at=now,
            payload=events.Withdrawn(reason=reason.strip()),
            announce=True,
        )
        _close(ticket, now)
        return event


def guard_close_withdrawn_ticket(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_open(ticket)


def close_withdrawn_ticket(
    ticket: Ticket, *, author: Person, reason: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The supplier closes a ticket the customer withdrew outside the cabinet (by phone or
    letter), saying so in ``reason``: it closes and its clocks stop, as on a withdrawal."""
    if not reason.strip():
        raise DomainError(_("Say how and when the customer withdrew the ticket."), field="reason")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_close_withdrawn_ticket(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.CLOSED_AS_WITHDRAWN,
            actor=author,
            at=now,
            payload=events.ClosedAsWithdrawn(reason=reason.strip()),
            announce=True,
        )
        _close(ticket, now)
        return event


def _close(ticket: Ticket, now: dt.datetime) -> None:
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    finish_change(ticket, now)


@dataclass(frozen=True)
class AutoClose:
    """When the waiting proposal closes the ticket, and when the customer is told."""

    proposal: TicketEvent
    notice_at: dt.datetime
    closes_at: dt.datetime


def auto_close_plan(ticket: Ticket) -> AutoClose | None:
    """The pending auto-close of a ticket whose solution waits for the customer; None when
    none waits or the package keeps proposals waiting for ever (``auto_close_days`` 0).
    The days are working days of the contract's business calendar from the proposal."""
    if ticket.status != Status.SOLUTION_PROPOSED:
        return None
    days = ticket.contract.package.auto_close_days
    if days == 0:
        return None
    proposal = ticket.events.filter(kind=EventKind.SOLUTION_PROPOSED).order_by("-at", "-id").first()
    if proposal is None:
        return None
    calendar = ticket.contract.calendar()
    day = calendar.working_day_length()
    closes_at = calendar.add(proposal.at, days * day)
    ahead = max(days - NOTICE_WORKING_DAYS, 0)
    notice_at = calendar.add(proposal.at, ahead * day) if ahead else proposal.at
    return AutoClose(proposal=proposal, notice_at=notice_at, closes_at=closes_at)


def guard_auto_close(ticket: Ticket, *, now: dt.datetime) -> AutoClose:
    require_status(ticket, Status.SOLUTION_PROPOSED)
    plan = auto_close_plan(ticket)
    if plan is None or now < plan.closes_at:
        raise ConflictError(_("The proposed solution is still waiting for the answer."))
    return plan


def auto_close_ticket(ticket: Ticket, *, now: dt.datetime | None = None) -> TicketEvent:
    """Close a ticket whose proposed solution went unanswered for the package's
    ``auto_close_days``; the system acts, the customer is told (announced)."""
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        plan = guard_auto_close(ticket, now=now)
        event = append_event(
            ticket,
            EventKind.AUTO_CLOSED,
            actor=None,
            at=now,
            payload=events.AutoClosed(
                body=AUTO_CLOSED_NOTE,
                proposal=plan.proposal.pk,
                proposed_at=plan.proposal.at.isoformat(),
            ),
            announce=True,
        )
        _close(ticket, now)
        return event


def notify_auto_close(ticket: Ticket, *, now: dt.datetime | None = None) -> TicketEvent | None:
    """Tell the customer, once per proposal, that the ticket closes by itself; None when
    the notice is not due yet or was given already."""
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        plan = auto_close_plan(ticket)
        if plan is None or now < plan.notice_at:
            return None
        given = ticket.events.filter(
            kind=EventKind.AUTO_CLOSE_NOTICE, payload__proposal=plan.proposal.pk
        )
        if given.exists():
            return None
        event = append_event(
            ticket,
            EventKind.AUTO_CLOSE_NOTICE,
            actor=None,
            at=now,
            payload=events.AutoCloseNotice(
                body=AUTO_CLOSE_NOTICE_NOTE,
                proposal=plan.proposal.pk,
                closes_at=plan.closes_at.isoformat(),
            ),
            announce=True,
        )
        ticket.version += 1
        ticket.updated_at = now
        ticket.save(update_fields=["version", "updated_at"])
        return event


@dataclass
class AutoCloseReport:
    noticed: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)


def close_unanswered_proposals(*, now: dt.datetime | None = None) -> AutoCloseReport:
    """The periodic pass: every ticket whose solution waits is told in advance, then
    closed when its time is up; each through its own action (and transaction)."""
    now = clock.resolve(now)
    report = AutoCloseReport()
    waiting = Ticket.objects.filter(status=Status.SOLUTION_PROPOSED).select_related(
        "contract__package"
    )
    for ticket in waiting.iterator(chunk_size=500):
        plan = auto_close_plan(ticket)
        if plan is None or now < plan.notice_at:
            continue
        if notify_auto_close(ticket, now=now) is not None:
            report.noticed.append(ticket.pk)
        if now >= plan.closes_at:
            try:
                auto_close_ticket(ticket, now=now)
            except ConflictError:  # answered in between
                continue
            report.closed.append(ticket.pk)
    return report
