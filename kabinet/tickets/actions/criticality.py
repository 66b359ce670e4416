"""Criticality changes by the supplier, and classification as standard or non-standard."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.contracts.models import Criticality
from kabinet.errors import DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import deadlines, events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_supplier,
)
from kabinet.tickets.models import EventKind, ResolutionClass, Ticket, TicketEvent

# Stored untranslated in the timeline; the API translates it when it renders the event.
CUSTOMER_SILENT_REASON = gettext_noop(
    "The customer did not reply within 1 hour while the ticket was critical; "
    "criticality lowered to 2."
)


def change_criticality(
    ticket: Ticket,
    *,
    author: Person,
    criticality: int,
    reason: str,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Set a new level; the package's priority-change mode decides how the targets move."""
    if not reason.strip():
        raise DomainError(_("A reason is required to change criticality."), field="reason")
    if criticality not in Criticality.values:
        raise DomainError(_("Criticality must be 1, 2, 3 or 4."), field="criticality")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_change_criticality(author, ticket)
        if criticality == ticket.criticality:
            raise DomainError(_("The ticket already has this criticality."), field="criticality")
        if ticket.contract.package.requires_production(criticality) and not ticket.is_production:
            raise DomainError(
                _("Criticality 1 and 2 are only for production systems."), field="criticality"
            )
        now = clock.resolve(now)
        change: events.CriticalityChanged = {
            "from": ticket.criticality,
            "to": criticality,
            "reason": reason,
        }
        event = append_event(
            ticket,
            EventKind.CRITICALITY_CHANGED,
            actor=author,
            at=now,
            payload=change,
            announce=True,
        )
        ticket.criticality = criticality
        finish_change(ticket, now)
        return event


def classify_ticket(
    ticket: Ticket,
    *,
    author: Person,
    resolution_class: ResolutionClass,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The supplier's call: standard or non-standard, which picks the resolution target."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_classify_ticket(author, ticket)
        now = clock.resolve(now)
        classified: events.Classified = {
            "from": ticket.resolution_class,
            "to": resolution_class.value,
        }
        event = append_event(
            ticket, EventKind.CLASSIFIED, actor=author, at=now, public=False, payload=classified
        )
        ticket.resolution_class = resolution_class
        finish_change(ticket, now)
        return event


def guard_change_criticality(actor: Person, ticket: Ticket) -> None:
    """Raises the refusal of a criticality change by ``actor`` now, whatever the new level;
    what the action checks and what ``tickets.acts`` asks."""
    require_supplier(actor, ticket)
    require_open(ticket)


def guard_classify_ticket(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_open(ticket)


def apply_automatic_changes(ticket: Ticket, *, now: dt.datetime | None = None) -> list[TicketEvent]:
    """Record the criticality changes the SLA rules made by now (a level-1 ticket whose
    customer did not reply within the window drops to level 2). Safe to run twice: once
    recorded, the clock reports no pending change."""
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        state = deadlines.evaluate(ticket, now)
        written = []
        for change in state.automatic_changes:
            payload: events.CriticalityChanged = {
                "from": change.from_level,
                "to": change.to_level,
                "rule": change.reason,
                "reason": CUSTOMER_SILENT_REASON,
            }
            written.append(
                append_event(
                    ticket,
                    EventKind.CRITICALITY_CHANGED,
                    actor=None,
                    at=change.at,
                    payload=payload,
                    announce=True,
                )
            )
            ticket.criticality = change.to_level
        if written:
            finish_change(ticket, now)
        return written
