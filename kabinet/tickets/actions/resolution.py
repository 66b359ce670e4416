"""Solutions and workarounds proposed by the supplier; the customer's acceptance, rejection
(which reopens the ticket), reopening of a closed ticket and satisfaction rating."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.orgs.queries import is_partner_staff, speaks_for_customer
from kabinet.tickets import events
from kabinet.tickets.actions.registration import ResponsibleRefusals, check_responsible_contact
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_customer,
    require_status,
    require_supplier,
)
from kabinet.tickets.models import PROPOSAL_STATUSES, EventKind, Status, Ticket, TicketEvent

RATING_RANGE = range(1, 6)


def propose_solution(
    ticket: Ticket, *, author: Person, body: str, now: dt.datetime | None = None
) -> TicketEvent:
    """Meets resolution; the ticket waits for the customer to accept or reject. Possible
    also while a resolving workaround waits: this is then the permanent solution."""
    return _propose(ticket, author, body, EventKind.SOLUTION_PROPOSED, now)


def propose_workaround(
    ticket: Ticket, *, author: Person, body: str, now: dt.datetime | None = None
) -> TicketEvent:
    """Meets resolution only when the package says a workaround resolves, and then for good:
    the customer may accept it (the ticket closes) or reject it (the resolution stays met),
    and the supplier may still propose the permanent solution. Otherwise it is a public
    update and the ticket stays in progress."""
    return _propose(ticket, author, body, EventKind.WORKAROUND_PROPOSED, now)


def _propose(
    ticket: Ticket, author: Person, body: str, kind: EventKind, now: dt.datetime | None
) -> TicketEvent:
    if not body.strip():
        raise DomainError(_("Describe the proposed solution."), field="body")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_propose_solution(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket, kind, actor=author, at=now, payload=events.Message(body=body), announce=True
        )
        if kind == EventKind.SOLUTION_PROPOSED:
            ticket.status = Status.SOLUTION_PROPOSED
        elif ticket.contract.package.workaround_resolves:
            ticket.status = Status.WORKAROUND_PROPOSED
        else:
            ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def guard_propose_solution(actor: Person, ticket: Ticket) -> None:
    """Raises the refusal of a proposal (solution or workaround) by ``actor`` now; the
    guards here are what the actions check and what ``tickets.acts`` asks."""
    require_supplier(actor, ticket)
    # A waiting workaround is not the end of the work (DESIGN.md, decided readings); a
    # waiting solution is, until the customer answers.
    require_status(
        ticket,
        Status.REGISTERED,
        Status.IN_PROGRESS,
        Status.AWAITING_CUSTOMER,
        Status.WORKAROUND_PROPOSED,
    )


def guard_accept_solution(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_status(ticket, *PROPOSAL_STATUSES)


def guard_reject_solution(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_status(ticket, *PROPOSAL_STATUSES)


def accept_solution(
    ticket: Ticket, *, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer accepts the proposed solution or workaround; the ticket closes."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_accept_solution(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket, EventKind.SOLUTION_ACCEPTED, actor=author, at=now, announce=True
        )
        ticket.status = Status.CLOSED
        ticket.closed_at = now
        finish_change(ticket, now)
        return event


def reject_solution(
    ticket: Ticket, *, author: Person, reason: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer rejects the proposal: the ticket reopens and the clocks resume (a
    resolution met by a resolving workaround stays met)."""
    if not reason.strip():
        raise DomainError(_("Say why the solution does not fit."), field="reason")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_reject_solution(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.SOLUTION_REJECTED,
            actor=author,
            at=now,
            payload=events.Reason(reason=reason),
            announce=True,
        )
        ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def reopen_ticket(
    ticket: Ticket, *, author: Person, reason: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer reopens a closed ticket within the package's ``reopen_days`` (calendar
    days after closing); the clocks resume from the time already used. Only the customer's
    authorised contacts and admins may (only the responsible contact where the package has
    one, seed 002); later, a new ticket is the way. A rating given to
    the closed ticket stays in the timeline but is cleared, so the next closing is rated."""
    if not reason.strip():
        raise DomainError(_("Say why the ticket is reopened."), field="reason")
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        guard_reopen_ticket(author, ticket, now=now)
        payload: events.Reopened = {"reason": reason}
        if ticket.rating is not None:
            payload["previous_rating"] = ticket.rating
        if ticket.solution_rating is not None:
            payload["previous_solution_rating"] = ticket.solution_rating
        event = append_event(
            ticket, EventKind.REOPENED, actor=author, at=now, payload=payload, announce=True
        )
        ticket.status = Status.IN_PROGRESS
        ticket.closed_at = None
        ticket.rating = None
        ticket.solution_rating = None
        ticket.rating_comment = ""
        finish_change(ticket, now)
        return event


def guard_reopen_ticket(actor: Person, ticket: Ticket, *, now: dt.datetime) -> None:
    require_status(ticket, Status.CLOSED)
    _require_reopener(actor, ticket)
    _require_within_window(ticket, now)


def _require_reopener(author: Person, ticket: Ticket) -> None:
    require_customer(author, ticket)
    if ticket.contract.customer.kind == OrganisationKind.PARTNER:
        # On its vendor contract the partner is the customer; its engineers filed there.
        if not is_partner_staff(author, ticket.contract.customer_id):
            raise NotAllowedError(
                _("Only the partner's engineers and managers may reopen its vendor tickets.")
            )
        return
    if not speaks_for_customer(author, ticket.contract.customer_id):
        raise NotAllowedError(_("Only the customer's authorised contacts may reopen tickets."))
    check_responsible_contact(author, ticket.contract, REOPENING_REFUSALS)


# The reporter gets no exception: under seed 002 the customer talks to the supplier through
# its one responsible contact, and a reopening is new work asked of the supplier, as a
# filing is; a reporter who is no longer the responsible contact asks through the new one.
REOPENING_REFUSALS = ResponsibleRefusals(
    none_appointed=gettext_noop(
        "The support package reopens tickets only at the request of the customer's "
        "responsible contact, and none is appointed on contract %(number)s; an "
        "organisation admin appoints one."
    ),
    named=gettext_noop(
        "The support package reopens tickets only at the request of the customer's "
        "responsible contact: %(person)s."
    ),
)


def _require_within_window(ticket: Ticket, now: dt.datetime) -> None:
    days = ticket.contract.package.reopen_days
    if days == 0:
        raise ConflictError(
            _("The support package does not allow reopening tickets; please file a new ticket.")
        )
    closed_at = ticket.closed_at or now
    if now > closed_at + dt.timedelta(days=days):
        raise ConflictError(
            _(
                "The ticket was closed more than %(days)s days ago and can no longer be "
                "reopened; please file a new ticket."
            )
            % {"days": days}
        )


def guard_rate_ticket(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_status(ticket, Status.CLOSED)
    if ticket.rating is not None:
        raise ConflictError(_("The ticket has already been rated."), field="rating")


def rate_ticket(
    ticket: Ticket,
    *,
    author: Person,
    rating: int,
    solution_rating: int | None = None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The customer rates a closed ticket once (seed 000): ``rating`` the quality of the
    support (1–5; the figure reports average), ``solution_rating`` that of the solution
    (1–5; channels that ask one question, such as the Telegram buttons, leave it out),
    ``comment`` the customer's wishes."""
    if rating not in RATING_RANGE:
        raise DomainError(_("The rating must be from 1 to 5."), field="rating")
    if solution_rating is not None and solution_rating not in RATING_RANGE:
        raise DomainError(_("The rating must be from 1 to 5."), field="solution_rating")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_rate_ticket(author, ticket)
        now = clock.resolve(now)
        payload = events.Rated(rating=rating, comment=comment)
        if solution_rating is not None:
            payload["solution_rating"] = solution_rating
        event = append_event(ticket, EventKind.RATED, actor=author, at=now, payload=payload)
        ticket.rating = rating
        ticket.solution_rating = solution_rating
        ticket.rating_comment = comment
        finish_change(ticket, now)
        return event
