"""Postponing the resolution, agreed with the customer (seeds 003, 8; 004, step 4: "the
solution may be postponed" for the reasons they list). The supplier proposes a later
resolution time with one of the listed reasons; the customer agrees (the resolution is then
due no earlier than that time, ``deadlines`` tells the clock) or declines (nothing moves).

A proposal waits until answered; one at a time. The timeline holds it all: the pending
proposal is the latest POSTPONEMENT_PROPOSED with no answer after it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.bounds import within_range
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_customer,
    require_status,
    require_supplier,
)
from kabinet.tickets.models import (
    IN_WORK_STATUSES,
    EventKind,
    PostponementReason,
    Status,
    Ticket,
    TicketEvent,
)

ANSWERS = (EventKind.POSTPONEMENT_AGREED, EventKind.POSTPONEMENT_DECLINED)


def pending_postponement(ticket: Ticket) -> TicketEvent | None:
    """The proposal waiting for the customer's answer, if any."""
    latest = (
        ticket.events.filter(kind__in=(EventKind.POSTPONEMENT_PROPOSED, *ANSWERS))
        .order_by("-at", "-id")
        .first()
    )
    return latest if latest is not None and latest.kind == EventKind.POSTPONEMENT_PROPOSED else None


def guard_propose_postponement(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_status(ticket, *IN_WORK_STATUSES, Status.AWAITING_CUSTOMER)
    if ticket.resolution_met_at is not None:
        raise ConflictError(_("The resolution is met already; there is nothing to postpone."))
    if pending_postponement(ticket) is not None:
        raise ConflictError(_("A postponement already waits for the customer's answer."))


def propose_postponement(
    ticket: Ticket,
    *,
    author: Person,
    reason: PostponementReason,
    until: dt.datetime,
    body: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Ask the customer to let the resolution be due at ``until`` (later than it is now)."""
    if reason not in PostponementReason.values:
        raise DomainError(_("Choose one of the reasons in the list."), field="reason")
    if until.tzinfo is None or not within_range(until):
        raise DomainError(_("Give the new resolution time as a valid date."), field="until")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_propose_postponement(author, ticket)
        now = clock.resolve(now)
        due = ticket.resolution_due_at
        if until <= now or (due is not None and until <= due):
            raise DomainError(
                _("The new resolution time must be later than the current one."), field="until"
            )
        event = append_event(
            ticket,
            EventKind.POSTPONEMENT_PROPOSED,
            actor=author,
            at=now,
            payload=events.PostponementProposed(
                reason=str(reason), body=body.strip(), until=until.isoformat()
            ),
            announce=True,
        )
        finish_change(ticket, now)
        return event


def guard_answer_postponement(actor: Person, ticket: Ticket) -> TicketEvent:
    require_customer(actor, ticket)
    require_status(ticket, *IN_WORK_STATUSES, Status.AWAITING_CUSTOMER)
    proposal = pending_postponement(ticket)
    if proposal is None:
        raise ConflictError(_("No postponement waits for your answer."))
    return proposal


def agree_postponement(
    ticket: Ticket, *, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer agrees: from now the resolution is due no earlier than the proposed
    time (a breach already recorded stays recorded)."""
    with transaction.atomic():
        ticket = lock(ticket)
        proposal = guard_answer_postponement(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.POSTPONEMENT_AGREED,
            actor=author,
            at=now,
            payload=events.PostponementAgreed(
                proposal=proposal.pk, until=str(proposal.payload["until"])
            ),
            announce=True,
        )
        finish_change(ticket, now)
        return event


def decline_postponement(
    ticket: Ticket, *, author: Person, reason: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer declines: the resolution stays due when it was."""
    if not reason.strip():
        raise DomainError(_("Say why the postponement does not suit you."), field="reason")
    with transaction.atomic():
        ticket = lock(ticket)
        proposal = guard_answer_postponement(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.POSTPONEMENT_DECLINED,
            actor=author,
            at=now,
            payload=events.PostponementDeclined(proposal=proposal.pk, reason=reason.strip()),
            announce=True,
        )
        finish_change(ticket, now)
        return event
