"""The supplier refuses to handle a filed ticket, for one of the listed reasons
(``RefusalReason``): seeds 001 and 002 ("consideration of a request may be refused if
undocumented capabilities are used or the licence agreement is violated"; support "does
not include help with ..."), seeds 002 and 004 (a question about a third-party product or
service filed as a support question).

Effect on the clock (``deadlines`` maps REFUSED to the clock's CLOSED, as a withdrawal):
the ticket closes and its clocks stop where they stand; a target met stays met, one already
breached stays breached, and none breaches later. The customer is told the reason in
words, with the supplier's explanation, and may reopen within the package's time as after
any closing (the supplier may have misjudged).
"""

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
    require_open,
    require_supplier,
)
from kabinet.tickets.models import EventKind, RefusalReason, Status, Ticket, TicketEvent


def guard_refuse_ticket(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_open(ticket)


def refuse_ticket(
    ticket: Ticket,
    *,
    author: Person,
    reason: RefusalReason | str,
    body: str,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Close the ticket as refused, ``reason`` one of ``RefusalReason``, ``body`` what the
    customer reads besides the reason (what was found, where to turn instead)."""
    if reason not in RefusalReason.values:
        raise DomainError(_("Choose one of the listed reasons."), field="reason")
    if not body.strip():
        raise DomainError(_("Explain the refusal to the customer."), field="body")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_refuse_ticket(author, ticket)
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.REFUSED,
            actor=author,
            at=now,
            payload=events.Refused(reason=str(RefusalReason(reason)), body=body.strip()),
            announce=True,
        )
        ticket.status = Status.CLOSED
        ticket.closed_at = now
        finish_change(ticket, now)
        return event
