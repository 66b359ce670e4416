"""Assignment and edits of a ticket's descriptive fields (with optimistic versioning)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import DomainError, StaleVersionError
from kabinet.orgs.models import Membership, Person
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_party,
    require_supplier,
)
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

EDITABLE_FIELDS = ("subject", "description", "intake")


def assign(
    ticket: Ticket, *, author: Person, assignee_id: int | None, now: dt.datetime | None = None
) -> TicketEvent:
    """Give the ticket to a person of the supplier (or take it away with ``None``); an id
    that is not a member of the supplier is refused like an unknown one."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_assign(author, ticket)
        if (
            assignee_id is not None
            and not Membership.objects.filter(
                person_id=assignee_id, organisation_id=ticket.contract.supplier_id
            ).exists()
        ):
            raise DomainError(
                _("The assignee must work for the ticket's supplier."), field="assignee"
            )
        now = clock.resolve(now)
        assigned: events.Assigned = {"from": ticket.assignee_id, "to": assignee_id}
        event = append_event(
            ticket, EventKind.ASSIGNED, actor=author, at=now, public=False, payload=assigned
        )
        ticket.assignee_id = assignee_id
        finish_change(ticket, now)
        return event


def guard_assign(actor: Person, ticket: Ticket) -> None:
    """Raises the refusal of an assignment by ``actor`` now, whoever the assignee; what the
    action checks and what ``tickets.acts`` asks."""
    require_supplier(actor, ticket)
    require_open(ticket)


def guard_update_ticket_details(actor: Person, ticket: Ticket) -> None:
    require_party(actor, ticket)
    require_open(ticket)


def update_ticket_details(
    ticket: Ticket,
    *,
    author: Person,
    expected_version: int,
    changes: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> Ticket:
    """Edit subject, description or intake fields, if the ticket is still at
    ``expected_version``; otherwise raise StaleVersionError so no one's edit is silently lost."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("This field cannot be changed."), field=sorted(unknown)[0])
    with transaction.atomic():
        ticket = lock(ticket)
        guard_update_ticket_details(author, ticket)
        if ticket.version != expected_version:
            raise StaleVersionError(
                _("The ticket was changed by someone else; reload it and retry.")
            )
        changed = {k: v for k, v in changes.items() if getattr(ticket, k) != v}
        if changed:
            now = clock.resolve(now)
            append_event(
                ticket,
                EventKind.DETAILS_CHANGED,
                actor=author,
                at=now,
                payload=events.DetailsChanged(
                    changes={k: [getattr(ticket, k), v] for k, v in changed.items()}
                ),
            )
            for name, value in changed.items():
                setattr(ticket, name, value)
            finish_change(ticket, now)
        return ticket
