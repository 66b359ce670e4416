"""What every ticket action shares: appending events, finishing a change consistently (with
the hooks of the apps built on tickets), and the guards on who may act when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet.errors import ConflictError, NotAllowedError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets import deadlines, hooks
from kabinet.tickets.models import (
    ActorSide,
    EventKind,
    Status,
    Ticket,
    TicketCredentials,
    TicketEvent,
    Visibility,
)
from kabinet.tickets.outbox import announce_event


def append_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: Person | None,
    at: dt.datetime,
    public: bool = True,
    payload: Mapping[str, object] | None = None,
    announce: bool = False,
    side: ActorSide | None = None,
) -> TicketEvent:
    """Append one event; ``announce`` queues a notification once the transaction commits.
    ``side`` overrides the side derived from the actor's memberships."""
    event = new_event(ticket, kind, actor=actor, at=at, public=public, payload=payload, side=side)
    event.save(force_insert=True)
    if announce:
        announce_event(event.pk)
    return event


def new_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: Person | None,
    at: dt.datetime,
    public: bool = True,
    payload: Mapping[str, object] | None = None,
    side: ActorSide | None = None,
) -> TicketEvent:
    """The event ``append_event`` appends, not saved yet (the ticket may not be either)."""
    return TicketEvent(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_side=side or _side(actor, ticket),
        at=at,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        payload=dict(payload or {}),
    )


def _side(actor: Person | None, ticket: Ticket) -> ActorSide:
    if actor is None:
        return ActorSide.SYSTEM
    if ticket.contract.supplier_id in supplier_organisation_ids(actor):
        return ActorSide.SUPPLIER
    return ActorSide.CUSTOMER


CREDENTIALS_WIPED_NOTE = gettext_noop(
    "The ticket is closed, so the temporary access credentials given for it were deleted. "
    "Change them now: the password, and any access opened for the supplier."
)


def finish_change(ticket: Ticket, now: dt.datetime) -> None:
    """Recompute SLA columns, bump the version, save, and run the ``after_change`` hooks in
    the same transaction; a ticket that is closed now loses any access credentials kept
    for it. Caller holds the row lock."""
    if ticket.status == Status.CLOSED:
        _wipe_credentials(ticket, now)
    deadlines.refresh(ticket, now)
    ticket.version += 1
    ticket.updated_at = now
    ticket.save()
    hooks.after_change(ticket, now)


def _wipe_credentials(ticket: Ticket, now: dt.datetime) -> None:
    """Every way a ticket closes ends here (acceptance, auto-close, withdrawal, merge,
    refusal, the vendor's closing): the secret is deleted and the customer reminded to
    change it (seed 003, 4.3: "right after the problem is closed you must change the
    authorisation data")."""
    deleted, _rows = TicketCredentials.objects.filter(ticket=ticket).delete()
    if deleted:
        append_event(
            ticket,
            EventKind.CREDENTIALS_WIPED,
            actor=None,
            at=now,
            payload={"body": CREDENTIALS_WIPED_NOTE},
            announce=True,
        )


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
    if not ticket.is_open:
        raise ConflictError(_("The ticket is closed."))


def require_status(ticket: Ticket, *statuses: Status) -> None:
    if ticket.status not in statuses:
        raise ConflictError(
            _("Not possible while the ticket is %(status)s.")
            % {"status": Status(ticket.status).label}
        )


def lock(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock; call inside ``transaction.atomic``. The contract's
    package and supplier come along (the ``after_change`` hooks may read them)."""
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract__package", "contract__supplier")
        .get(pk=ticket.pk)
    )
