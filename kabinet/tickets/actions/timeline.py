"""What every ticket action shares: appending events and finishing a change consistently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from kabinet.errors import ConflictError, NotAllowedError
from kabinet.notifications.outbox import notify
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets import deadlines
from kabinet.tickets.models import ActorSide, EventKind, Status, Ticket, TicketEvent, Visibility


def append_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: Person | None,
    at: dt.datetime,
    public: bool = True,
    payload: dict[str, Any] | None = None,
    announce: bool = False,
) -> TicketEvent:
    """Append one event; ``announce`` queues a notification once the transaction commits."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_side=_side(actor, ticket),
        at=at,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        payload=payload or {},
    )
    if announce:
        notify(event.pk)
    return event


def _side(actor: Person | None, ticket: Ticket) -> ActorSide:
    if actor is None:
        return ActorSide.SYSTEM
    if ticket.contract.supplier_id in supplier_organisation_ids(actor):
        return ActorSide.SUPPLIER
    return ActorSide.CUSTOMER


def finish_change(ticket: Ticket, now: dt.datetime) -> None:
    """Recompute SLA columns, bump the version and save. Caller holds the row lock."""
    deadlines.refresh(ticket, now)
    ticket.version += 1
    ticket.updated_at = now
    ticket.save()


def require_supplier(actor: Person, ticket: Ticket) -> None:
    if ticket.contract.supplier_id not in supplier_organisation_ids(actor):
        raise NotAllowedError(_("Only the supplier's staff may do this."))


def require_customer(actor: Person, ticket: Ticket) -> None:
    if ticket.contract.customer_id not in customer_organisation_ids(actor):
        raise NotAllowedError(_("Only the customer may do this."))


def require_party(actor: Person, ticket: Ticket) -> None:
    contract = ticket.contract
    if contract.supplier_id in supplier_organisation_ids(actor):
        return
    if contract.customer_id in customer_organisation_ids(actor):
        return
    raise NotAllowedError(_("Only the ticket's customer or supplier may do this."))


def require_open(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise ConflictError(_("The ticket is closed."))


def require_status(ticket: Ticket, *statuses: Status) -> None:
    if ticket.status not in statuses:
        raise ConflictError(
            _("Not possible while the ticket is %(status)s.")
            % {"status": Status(ticket.status).label}
        )


def lock(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock; call inside ``transaction.atomic``."""
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract__package")
        .get(pk=ticket.pk)
    )
