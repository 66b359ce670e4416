"""Tenant-checked fetches of escalations. The partner that escalated and the vendor see an
escalation; everyone else, the customer included, gets "not found" as for a missing one."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.errors import NotFoundError
from kabinet.escalations.models import Escalation
from kabinet.orgs.models import Person
from kabinet.orgs.queries import organisation_ids, supplier_organisation_ids
from kabinet.tickets.access import Side, access_ticket, side_of


def visible_escalations(person: Person) -> QuerySet[Escalation]:
    orgs = organisation_ids(person)
    return Escalation.objects.filter(
        Q(partner_id__in=orgs) | Q(vendor_ticket__contract__supplier_id__in=orgs)
    ).select_related(
        "customer_ticket__contract__package",
        "vendor_ticket__contract__package",
        "vendor_ticket__contract__supplier",
        "partner",
    )


def access_escalation(person: Person, number: str, *, for_update: bool = False) -> Escalation:
    """The escalation whose vendor ticket has this number; ``for_update`` locks its row (the
    caller must be inside ``transaction.atomic``)."""
    queryset = visible_escalations(person)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    escalation = queryset.filter(vendor_ticket__number=number).first()
    if escalation is None:
        raise NotFoundError(_("Escalation not found."))
    return escalation


def access_ticket_escalation(person: Person, number: str) -> Escalation:
    """The latest escalation of a customer's ticket, for the partner's staff only; the
    customer is answered as if there were none, so an escalation's existence never leaks."""
    try:
        ticket = access_ticket(person, number)
    except NotFoundError:
        raise NotFoundError(_("Escalation not found.")) from None
    escalation = None
    if side_of(person, ticket) == Side.SUPPLIER and (
        ticket.contract.supplier_id in supplier_organisation_ids(person)
    ):
        escalation = (
            visible_escalations(person)
            .filter(customer_ticket=ticket)
            .order_by("-escalated_at", "-id")
            .first()
        )
    if escalation is None:
        raise NotFoundError(_("Escalation not found."))
    return escalation
