"""What every ticket action shares: appending events and finishing a change consistently,
which includes mirroring a vendor ticket's change onto the customer's ticket it escalates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet.errors import ConflictError, NotAllowedError
from kabinet.notifications.outbox import notify
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets import deadlines, events
from kabinet.tickets.models import ActorSide, EventKind, Status, Ticket, TicketEvent, Visibility


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
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_side=side or _side(actor, ticket),
        at=at,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        payload=dict(payload or {}),
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
    """Recompute SLA columns, bump the version and save; when ``ticket`` is a vendor ticket,
    mirror its new events onto the customer's ticket in the same transaction. Caller holds
    the row lock."""
    deadlines.refresh(ticket, now)
    ticket.version += 1
    ticket.updated_at = now
    ticket.save()
    mirror_vendor_change(ticket, now)


EXCERPT_LENGTH = 200
# Stored untranslated (msgids): vendor updates are note kinds, read in the reader's language.
VENDOR_UPDATE_NOTES = {
    EventKind.PUBLIC_REPLY: gettext_noop("The vendor replied on the vendor ticket."),
    EventKind.CUSTOMER_REPLY: gettext_noop("The partner answered on the vendor ticket."),
    EventKind.RETURNED_FOR_INFORMATION: gettext_noop(
        "The vendor returned the vendor ticket for more information."
    ),
    EventKind.SOLUTION_PROPOSED: gettext_noop("The vendor proposed a solution."),
    EventKind.WORKAROUND_PROPOSED: gettext_noop("The vendor proposed a workaround."),
    EventKind.SOLUTION_ACCEPTED: gettext_noop(
        "The partner accepted the vendor's solution; the vendor ticket is closed."
    ),
    EventKind.SOLUTION_REJECTED: gettext_noop("The partner rejected the vendor's solution."),
    EventKind.REOPENED: gettext_noop("The vendor ticket was reopened."),
    EventKind.RATED: gettext_noop("The partner rated the vendor's work."),
    EventKind.CRITICALITY_CHANGED: gettext_noop("The vendor ticket's criticality changed."),
}
VENDOR_UPDATE_NOTE = gettext_noop("The vendor ticket was updated.")
# Notes are not news for the customer's ticket: the vendor's internal ones are not the
# partner's to read, and the partner's relay notes already stand on the customer's ticket.
_NOT_MIRRORED = (EventKind.REGISTERED, EventKind.INTERNAL_COMMENT, EventKind.ESCALATION_RELAYED)
# The events on the customer's ticket that mark how far copying has gone.
_MARKS = (EventKind.ESCALATION_OPENED, EventKind.VENDOR_UPDATE)


def mirror_vendor_change(ticket: Ticket, now: dt.datetime) -> list[TicketEvent]:
    """Copy the vendor ticket's events the partner may read (public ones) and not yet copied
    onto the escalated customer's ticket, as internal events: the customer never reads them,
    the partner's staff do. Returns the copies; nothing for a ticket that escalates nothing.

    The link is read through the escalation's relation names (``escalations`` on the
    customer's ticket), so this module does not import the escalations app, which imports
    it. Lock order: the vendor ticket (held by the caller), then the customer's ticket.
    """
    if _supplied_by_no_vendor(ticket):
        return []
    customer_ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract__package", "contract__supplier")
        .filter(escalations__vendor_ticket=ticket)
        .first()
    )
    if customer_ticket is None:
        return []
    mirrored = [
        _mirror(customer_ticket, ticket, event) for event in _unmirrored(customer_ticket, ticket)
    ]
    if mirrored:
        finish_change(customer_ticket, now)
    return mirrored


def _supplied_by_no_vendor(ticket: Ticket) -> bool:
    """Vendor tickets are only registered on contracts a vendor supplies (escalate_to_vendor),
    so a ticket whose already loaded supplier is no vendor escalates nothing: the lookup of
    the escalated ticket is skipped. Reads nothing that is not loaded yet."""
    contract = ticket._state.fields_cache.get("contract")
    supplier = None if contract is None else contract._state.fields_cache.get("supplier")
    return supplier is not None and supplier.kind != OrganisationKind.VENDOR


def _unmirrored(customer_ticket: Ticket, vendor_ticket: Ticket) -> list[TicketEvent]:
    """Vendor-ticket events after the last one copied (the escalation's opening note marks
    where copying starts), without the criticality rule applied at registration."""
    last = (
        TicketEvent.objects.filter(
            ticket=customer_ticket, kind__in=_MARKS, payload__escalation=vendor_ticket.number
        )
        .order_by("-id")
        .values_list("payload", flat=True)
        .first()
    )
    floor = int(last["vendor_event"]) if last else 0
    events = (
        TicketEvent.objects.filter(ticket=vendor_ticket, pk__gt=floor, visibility=Visibility.PUBLIC)
        .exclude(kind__in=_NOT_MIRRORED)
        .select_related("actor")
        .order_by("id")
    )
    return [event for event in events if event.payload.get("rule") != _REGISTRATION_RULE]


_REGISTRATION_RULE = "critical_unconfirmed"


def _mirror(customer_ticket: Ticket, vendor_ticket: Ticket, event: TicketEvent) -> TicketEvent:
    kind = EventKind(event.kind)
    payload: events.VendorUpdate = {
        "body": VENDOR_UPDATE_NOTES.get(kind, VENDOR_UPDATE_NOTE),
        "escalation": vendor_ticket.number or "",
        "vendor_event": event.pk,
        "vendor_kind": kind.value,
        "status": vendor_ticket.status,
        # A return's reason is a code, shown by its label; only its comment is an excerpt.
        "excerpt": _excerpt(event.payload, _EXCERPT_KEYS.get(kind, ("body", "reason"))),
    }
    for key in ("from", "to", "rating"):
        if key in event.payload:
            payload[key] = event.payload[key]
    if kind == EventKind.RETURNED_FOR_INFORMATION:
        payload["reason"] = event.payload.get("reason", "")
    return append_event(
        customer_ticket,
        EventKind.VENDOR_UPDATE,
        actor=event.actor,
        at=event.at,
        public=False,
        payload=payload,
        # The vendor's and the partner's people alike are the supply side of this ticket.
        side=ActorSide.SYSTEM if event.actor is None else ActorSide.SUPPLIER,
    )


_EXCERPT_KEYS = {
    EventKind.RETURNED_FOR_INFORMATION: ("body",),
    EventKind.RATED: ("comment",),
}


def _excerpt(payload: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        text = payload.get(key)
        if isinstance(text, str) and text.strip():
            text = " ".join(text.split())
            if len(text) > EXCERPT_LENGTH:
                return text[: EXCERPT_LENGTH - 1] + "…"
            return text
    return ""


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
    """Re-read the ticket under a row lock; call inside ``transaction.atomic``. The contract's
    supplier comes along: finish_change reads its kind."""
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract__package", "contract__supplier")
        .get(pk=ticket.pk)
    )
