"""The customer asks the supplier's management to expedite a ticket: seed 003, 5.2-5.3 (a
letter to the head of technical support asking to help speed up the solution) and seed
004, 5 (contact the quality department). The request goes, as breach notices do, to the
supplier's quality controllers and the ticket's group lead, and to its handler; it is a
public timeline entry and moves no clock.

Decided limit: one request per ticket in any ``EXPEDITE_INTERVAL`` (24 hours): the seeds
describe an escalation to management, not a chat, and a second letter within the day adds
nothing the first did not say (the customer may still write to the ticket at any time).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kabinet import clock
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import append_event, lock, require_customer, require_open
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

EXPEDITE_INTERVAL = dt.timedelta(hours=24)


def last_expedite_request(ticket: Ticket) -> TicketEvent | None:
    return ticket.events.filter(kind=EventKind.EXPEDITE_REQUESTED).order_by("-at", "-id").first()


def next_expedite_at(ticket: Ticket) -> dt.datetime | None:
    """When the customer may ask again; None when nothing holds a new request back."""
    last = last_expedite_request(ticket)
    return None if last is None else last.at + EXPEDITE_INTERVAL


def guard_request_expedite(actor: Person, ticket: Ticket, *, now: dt.datetime) -> None:
    require_customer(actor, ticket)
    require_open(ticket)
    again = next_expedite_at(ticket)
    if again is not None and now < again:
        hours = int(EXPEDITE_INTERVAL.total_seconds() // 3600)
        raise ConflictError(
            ngettext(
                "Expediting was asked for less than %(hours)s hour ago; the request is "
                "with the supplier's management already.",
                "Expediting was asked for less than %(hours)s hours ago; the request is "
                "with the supplier's management already.",
                hours,
            )
            % {"hours": hours}
        )


def request_expedite(
    ticket: Ticket, *, author: Person, body: str, now: dt.datetime | None = None
) -> TicketEvent:
    """Record the request and tell the supplier's quality controllers, the group lead and
    the handler (``notifications.recipients``)."""
    body = body.strip()
    if not body:
        raise DomainError(_("Say why the ticket needs to be expedited."), field="body")
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        guard_request_expedite(author, ticket, now=now)
        event = append_event(
            ticket,
            EventKind.EXPEDITE_REQUESTED,
            actor=author,
            at=now,
            payload=events.ExpediteRequested(body=body),
            announce=True,
        )
        ticket.version += 1
        ticket.updated_at = now
        ticket.save(update_fields=["version", "updated_at"])
        return event
