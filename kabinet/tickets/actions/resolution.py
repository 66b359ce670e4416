"""Solutions and workarounds proposed by the supplier; the customer's acceptance, rejection
(which reopens the ticket) and satisfaction rating."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.models import Person
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_customer,
    require_status,
    require_supplier,
)
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent

RATING_RANGE = range(1, 6)


def propose_solution(ticket: Ticket, *, author: Person, body: str) -> TicketEvent:
    """Meets resolution; the ticket waits for the customer to accept or reject."""
    return _propose(ticket, author, body, EventKind.SOLUTION_PROPOSED)


def propose_workaround(ticket: Ticket, *, author: Person, body: str) -> TicketEvent:
    """Meets resolution only when the package says a workaround resolves; otherwise it is a
    public update and the ticket stays in progress."""
    return _propose(ticket, author, body, EventKind.WORKAROUND_PROPOSED)


def _propose(ticket: Ticket, author: Person, body: str, kind: EventKind) -> TicketEvent:
    if not body.strip():
        raise DomainError(_("Describe the proposed solution."), field="body")
    with transaction.atomic():
        ticket = lock(ticket)
        require_supplier(author, ticket)
        require_status(ticket, Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER)
        now = timezone.now()
        event = append_event(
            ticket, kind, actor=author, at=now, payload={"body": body}, announce=True
        )
        package = ticket.contract.package
        resolves = kind == EventKind.SOLUTION_PROPOSED or package.workaround_resolves
        ticket.status = Status.SOLUTION_PROPOSED if resolves else Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def accept_solution(ticket: Ticket, *, author: Person) -> TicketEvent:
    """The customer accepts the proposed solution; the ticket closes."""
    with transaction.atomic():
        ticket = lock(ticket)
        require_customer(author, ticket)
        require_status(ticket, Status.SOLUTION_PROPOSED)
        now = timezone.now()
        event = append_event(
            ticket, EventKind.SOLUTION_ACCEPTED, actor=author, at=now, announce=True
        )
        ticket.status = Status.CLOSED
        ticket.closed_at = now
        finish_change(ticket, now)
        return event


def reject_solution(ticket: Ticket, *, author: Person, reason: str) -> TicketEvent:
    """The customer rejects the proposal: the ticket reopens and the clocks resume."""
    if not reason.strip():
        raise DomainError(_("Say why the solution does not fit."), field="reason")
    with transaction.atomic():
        ticket = lock(ticket)
        require_customer(author, ticket)
        require_status(ticket, Status.SOLUTION_PROPOSED)
        now = timezone.now()
        event = append_event(
            ticket,
            EventKind.SOLUTION_REJECTED,
            actor=author,
            at=now,
            payload={"reason": reason},
            announce=True,
        )
        ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def rate_ticket(ticket: Ticket, *, author: Person, rating: int, comment: str = "") -> TicketEvent:
    """The customer's satisfaction rating (1–5) of a closed ticket, with optional wishes; once."""
    if rating not in RATING_RANGE:
        raise DomainError(_("The rating must be from 1 to 5."), field="rating")
    with transaction.atomic():
        ticket = lock(ticket)
        require_customer(author, ticket)
        require_status(ticket, Status.CLOSED)
        if ticket.rating is not None:
            raise ConflictError(_("The ticket has already been rated."), field="rating")
        now = timezone.now()
        event = append_event(
            ticket,
            EventKind.RATED,
            actor=author,
            at=now,
            payload={"rating": rating, "comment": comment},
        )
        ticket.rating = rating
        ticket.rating_comment = comment
        finish_change(ticket, now)
        return event
