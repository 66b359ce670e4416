"""Messages on a ticket: the supplier's public replies and internal comments, the customer's
replies, phone calls logged by the supplier, and returning a ticket to the customer for more
information."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import DomainError
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
from kabinet.tickets.models import (
    IN_WORK_STATUSES,
    ActorSide,
    CallDirection,
    EventKind,
    ReturnReason,
    Status,
    Ticket,
    TicketEvent,
)


def record_public_reply(
    ticket: Ticket,
    *,
    author: Person,
    body: str,
    action_plan: bool = False,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """A supplier's public message; it meets reaction and counts as a status update.

    ``action_plan`` marks it as a typed update (an action plan), which is what counts as an
    update for criticality 1.
    """
    _require_body(body)
    with transaction.atomic():
        ticket = lock(ticket)
        guard_record_public_reply(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.PUBLIC_REPLY,
            actor=author,
            at=now,
            payload=events.PublicReply(body=body, action_plan=action_plan),
            announce=True,
        )
        if ticket.status == Status.REGISTERED:
            ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def log_phone_call(
    ticket: Ticket,
    *,
    author: Person,
    summary: str,
    called_at: dt.datetime | None = None,
    direction: str = CallDirection.OUTGOING,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """A phone call with the customer, logged by the supplier's staff (now or afterwards).

    The SLA counts the call when it is logged (DESIGN.md: "phone call logged"), and
    ``called_at`` is kept for the record: a call logged late with an earlier time would
    otherwise rewrite a past the sweep has already acted on, and a breach already recorded
    is never erased. An outgoing call is the supplier's public response exactly as a
    public reply is (it meets reaction and counts as an update); an incoming one is the
    customer's word and is recorded on the customer's side, so it meets nothing.
    """
    if not summary.strip():
        raise DomainError(_("Summarise the call."), field="summary")
    if direction not in CallDirection.values:
        raise DomainError(_("The direction is outgoing or incoming."), field="direction")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_log_phone_call(author, ticket)
        now = clock.resolve(now)
        at = _call_instant(ticket, called_at, now)
        outgoing = direction == CallDirection.OUTGOING
        event = append_event(
            ticket,
            EventKind.PUBLIC_REPLY,
            actor=author,
            at=now,
            payload=events.PublicReply(
                body=summary,
                via="phone",
                direction=direction,
                called_at=at.isoformat(),
                logged_at=now.isoformat(),
            ),
            announce=outgoing,
            side=ActorSide.SUPPLIER if outgoing else ActorSide.CUSTOMER,
        )
        if outgoing and ticket.status == Status.REGISTERED:
            ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def _call_instant(ticket: Ticket, called_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if called_at is None:
        return now
    if called_at.tzinfo is None or called_at.utcoffset() is None:
        raise DomainError(_("The time of the call needs a time zone."), field="called_at")
    if called_at > now:
        raise DomainError(_("The call cannot be in the future."), field="called_at")
    if called_at < ticket.registered_at:
        raise DomainError(
            _("The call cannot be earlier than the ticket's registration."), field="called_at"
        )
    return called_at


def add_internal_comment(
    ticket: Ticket, *, author: Person, body: str, now: dt.datetime | None = None
) -> TicketEvent:
    """A supplier-only note; never shown to the customer and never an SLA response."""
    _require_body(body)
    with transaction.atomic():
        ticket = lock(ticket)
        guard_add_internal_comment(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.INTERNAL_COMMENT,
            actor=author,
            at=now,
            public=False,
            payload=events.Message(body=body),
        )
        finish_change(ticket, now)
        return event


def customer_reply(
    ticket: Ticket, *, author: Person, body: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The customer's message; answers a return for information and resumes the clocks."""
    _require_body(body)
    with transaction.atomic():
        ticket = lock(ticket)
        guard_customer_reply(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.CUSTOMER_REPLY,
            actor=author,
            at=now,
            payload=events.Message(body=body),
            announce=True,
        )
        if ticket.status == Status.AWAITING_CUSTOMER:
            ticket.status = Status.IN_PROGRESS
        finish_change(ticket, now)
        return event


def return_for_information(
    ticket: Ticket,
    *,
    author: Person,
    reason: ReturnReason,
    body: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Ask the customer for more; resolution and update clocks pause until the customer answers."""
    if reason == ReturnReason.OTHER and not body.strip():
        raise DomainError(_("Explain what information is needed."), field="body")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_return_for_information(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.RETURNED_FOR_INFORMATION,
            actor=author,
            at=now,
            payload=events.ReturnedForInformation(reason=reason.value, body=body),
            announce=True,
        )
        ticket.status = Status.AWAITING_CUSTOMER
        finish_change(ticket, now)
        return event


def guard_record_public_reply(actor: Person, ticket: Ticket) -> None:
    """Raises the refusal of ``record_public_reply`` by ``actor`` now, whatever the message;
    the guards here are what the action checks and what ``tickets.acts`` asks."""
    require_supplier(actor, ticket)
    require_open(ticket)


def guard_log_phone_call(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_open(ticket)


def guard_add_internal_comment(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)


def guard_customer_reply(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_open(ticket)


def guard_return_for_information(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_status(ticket, *IN_WORK_STATUSES)


def _require_body(body: str) -> None:
    if not body.strip():
        raise DomainError(_("The message is empty."), field="body")
