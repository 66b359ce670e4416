"""Copies each change of a vendor ticket the partner may read onto the escalated customer's
ticket, as internal vendor updates, in the transaction of the change (an ``after_change``
hook of tickets, registered by this app). Not here: relaying answers to the customer."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from kabinet.escalations.models import Escalation
from kabinet.orgs.models import OrganisationKind
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import append_event, finish_change
from kabinet.tickets.deadlines import REGISTRATION_RULES
from kabinet.tickets.models import ActorSide, EventKind, Ticket, TicketEvent, Visibility

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
    EventKind.REFUSED: gettext_noop("The vendor refused the vendor ticket; it is closed."),
    EventKind.EXPEDITE_REQUESTED: gettext_noop("The partner asked the vendor to expedite."),
    EventKind.LOWERING_PROPOSED: gettext_noop(
        "The vendor proposed to lower the vendor ticket's criticality."
    ),
    EventKind.LOWERING_AGREED: gettext_noop(
        "The partner agreed to lower the vendor ticket's criticality."
    ),
    EventKind.LOWERING_REFUSED: gettext_noop(
        "The partner refused to lower the vendor ticket's criticality."
    ),
}
VENDOR_UPDATE_NOTE = gettext_noop("The vendor ticket was updated.")
# Not news for the customer's ticket: the vendor's notes are not the partner's to read, and
# the partner's relay notes already stand on the customer's ticket.
# Access credentials given on the vendor ticket are the partner's own business there.
_NOT_MIRRORED = (
    EventKind.REGISTERED,
    EventKind.INTERNAL_COMMENT,
    EventKind.ESCALATION_RELAYED,
    EventKind.CREDENTIALS_GIVEN,
    EventKind.CREDENTIALS_VIEWED,
    EventKind.CREDENTIALS_REMOVED,
    EventKind.CREDENTIALS_WIPED,
)
# The events on the customer's ticket that mark how far copying has gone.
_MARKS = (EventKind.ESCALATION_OPENED, EventKind.VENDOR_UPDATE)


def mirror_vendor_change(ticket: Ticket, now: dt.datetime) -> list[TicketEvent]:
    """Copy the vendor ticket's events the partner may read (public ones) and not yet copied
    onto the escalated customer's ticket, as internal events: the customer never reads them,
    the partner's staff do. Returns the copies; nothing for a ticket that escalates nothing.
    Lock order: the vendor ticket (held by the caller), then the customer's ticket."""
    if _supplied_by_no_vendor(ticket):
        return []
    escalated = Escalation.objects.filter(vendor_ticket=ticket).values("customer_ticket_id")
    customer_ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract__package", "contract__supplier")
        .filter(pk__in=escalated)
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
    """Vendor-ticket events after the last one copied (the escalation's opening marks where
    copying starts), without the criticality rule applied at registration."""
    last = (
        TicketEvent.objects.filter(
            ticket=customer_ticket, kind__in=_MARKS, payload__escalation=vendor_ticket.number
        )
        .order_by("-id")
        .values_list("payload", flat=True)
        .first()
    )
    floor = int(last["vendor_event"]) if last else 0
    found = (
        TicketEvent.objects.filter(ticket=vendor_ticket, pk__gt=floor, visibility=Visibility.PUBLIC)
        .exclude(kind__in=_NOT_MIRRORED)
        .select_related("actor")
        .order_by("id")
    )
    return [event for event in found if event.payload.get("rule") not in REGISTRATION_RULES]


def _mirror(customer_ticket: Ticket, vendor_ticket: Ticket, event: TicketEvent) -> TicketEvent:
    kind = EventKind(event.kind)
    source = event.payload
    payload: events.VendorUpdate = {
        "body": VENDOR_UPDATE_NOTES.get(kind, VENDOR_UPDATE_NOTE),
        "escalation": vendor_ticket.number or "",
        "vendor_event": event.pk,
        "vendor_kind": kind.value,
        "status": vendor_ticket.status,
        # A return's reason is a code, shown by its label; only its comment is an excerpt.
        "excerpt": _excerpt(source, _EXCERPT_KEYS.get(kind, ("body", "reason"))),
    }
    for key in ("from", "to", "rating"):
        if key in source:
            payload[key] = source[key]
    if kind == EventKind.RETURNED_FOR_INFORMATION:
        payload["reason"] = source.get("reason", "")
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


def _excerpt(payload: dict[str, object], keys: tuple[str, ...]) -> str:
    for key in keys:
        text = payload.get(key)
        if isinstance(text, str) and text.strip():
            text = " ".join(text.split())
            if len(text) > EXCERPT_LENGTH:
                return text[: EXCERPT_LENGTH - 1] + "…"
            return text
    return ""
