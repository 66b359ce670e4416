"""Duplicates and related tickets: the supplier merges a duplicate into another ticket of
the same customer (the duplicate closes with its timeline kept and its clocks stopped — the
work goes on in the other ticket), and links related tickets (a note on each).

Both are recorded only as events on the tickets themselves, so each ticket's page lists
its duplicates and relations from its own timeline (``related_numbers``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_supplier,
)
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent

RELATION_KINDS = (EventKind.MERGED_INTO, EventKind.DUPLICATE_MERGED, EventKind.LINKED)


def _require_pair(actor: Person, ticket: Ticket, other: Ticket) -> None:
    require_supplier(actor, ticket)
    require_supplier(actor, other)
    if ticket.pk == other.pk:
        raise DomainError(_("Choose another ticket."), field="other")
    if ticket.contract.customer_id != other.contract.customer_id:
        raise DomainError(_("Only tickets of the same customer may be joined."), field="other")


def guard_merge_ticket(actor: Person, ticket: Ticket) -> None:
    """What the page asks before it knows the other ticket."""
    require_supplier(actor, ticket)
    require_open(ticket)


def merge_ticket(
    duplicate: Ticket,
    *,
    into: Ticket,
    author: Person,
    reason: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Close ``duplicate`` as a duplicate of ``into`` (open, same customer): its timeline
    stays, its clocks stop; ``into`` gets a note naming it."""
    with transaction.atomic():
        first, second = sorted((duplicate, into), key=lambda t: t.pk)  # one lock order
        locked = {t.pk: lock(t) for t in (first, second)}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        guard_merge_ticket(author, duplicate)
        _require_pair(author, duplicate, into)
        if not into.is_open:
            raise ConflictError(_("The ticket to merge into is closed."), field="other")
        now = clock.resolve(now)
        event = append_event(
            duplicate,
            EventKind.MERGED_INTO,
            actor=author,
            at=now,
            payload=events.Merged(other=str(into.number), reason=reason.strip()),
            announce=True,
        )
        duplicate.status = Status.CLOSED
        duplicate.closed_at = now
        finish_change(duplicate, now)
        append_event(
            into,
            EventKind.DUPLICATE_MERGED,
            actor=author,
            at=now,
            payload=events.Merged(other=str(duplicate.number), reason=reason.strip()),
        )
        finish_change(into, now)
        return event


def guard_link_tickets(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)


def link_tickets(
    ticket: Ticket, *, other: Ticket, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    """Note on both tickets that they are related; once per pair."""
    with transaction.atomic():
        first, second = sorted((ticket, other), key=lambda t: t.pk)
        locked = {t.pk: lock(t) for t in (first, second)}
        ticket, other = locked[ticket.pk], locked[other.pk]
        guard_link_tickets(author, ticket)
        _require_pair(author, ticket, other)
        if str(other.number) in related_numbers(ticket):
            raise ConflictError(_("The tickets are linked already."), field="other")
        now = clock.resolve(now)
        event = append_event(
            ticket,
            EventKind.LINKED,
            actor=author,
            at=now,
            payload=events.Linked(other=str(other.number)),
        )
        append_event(
            other,
            EventKind.LINKED,
            actor=author,
            at=now,
            payload=events.Linked(other=str(ticket.number)),
        )
        for changed in (ticket, other):
            changed.version += 1
            changed.updated_at = now
            changed.save(update_fields=["version", "updated_at"])
        return event


def related_numbers(ticket: Ticket) -> list[str]:
    """The numbers of the tickets merged into, merged from or linked with ``ticket``."""
    found = ticket.events.filter(kind__in=RELATION_KINDS).order_by("at", "id")
    return list(dict.fromkeys(str(e.payload.get("other", "")) for e in found))
