"""Tenant-checked fetches of tickets, their events and attachments.

What a person may not see is reported exactly like what does not exist (NotFoundError), so
numbers and ids of other tenants do not leak.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets.models import (
    Attachment,
    Ticket,
    TicketEvent,
    TicketQuerySet,
    Visibility,
)


class Side(StrEnum):
    SUPPLIER = "supplier"
    CUSTOMER = "customer"


def visible_tickets(person: Person) -> TicketQuerySet:
    """Customers see their organisations' (and company-group members') tickets; partners and
    vendors see tickets of contracts they supply."""
    supplier_ids = supplier_organisation_ids(person)
    customer_ids = customer_organisation_ids(person)
    if not supplier_ids and not customer_ids:
        return Ticket.objects.none()
    # The contract ids are read first so that the ticket query is a plain ``contract_id IN``
    # list: PostgreSQL then estimates it well and walks the (contract, registered_at) index
    # instead of scanning every ticket of a large organisation behind a join.
    contract_ids = list(
        Contract.objects.filter(
            Q(supplier_id__in=supplier_ids) | Q(customer_id__in=customer_ids)
        ).values_list("id", flat=True)
    )
    return Ticket.objects.filter(contract_id__in=contract_ids)


def side_of(person: Person, ticket: Ticket) -> Side:
    """Which side of the ticket's contract the person is on; precondition: the ticket is
    visible to them. Supplier wins if the person somehow belongs to both."""
    if ticket.contract.supplier_id in supplier_organisation_ids(person):
        return Side.SUPPLIER
    return Side.CUSTOMER


def access_ticket(person: Person, number: str, *, for_update: bool = False) -> Ticket:
    """The ticket with this number if the person may see it; ``for_update`` locks the row
    (the caller must be inside ``transaction.atomic``)."""
    queryset = visible_tickets(person).select_related("contract__package")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(number=number)
    except Ticket.DoesNotExist:
        raise NotFoundError(_("Ticket not found.")) from None


def timeline_for(person: Person, ticket: Ticket) -> QuerySet[TicketEvent]:
    """The ticket's events the person may read: customers never get internal ones."""
    events = TicketEvent.objects.filter(ticket=ticket).select_related("actor")
    if side_of(person, ticket) == Side.CUSTOMER:
        events = events.filter(visibility=Visibility.PUBLIC)
    return events


def attachments_for(person: Person, ticket: Ticket) -> QuerySet[Attachment]:
    attachments = Attachment.objects.filter(ticket=ticket).order_by("uploaded_at", "id")
    if side_of(person, ticket) == Side.CUSTOMER:
        attachments = attachments.filter(visibility=Visibility.PUBLIC)
    return attachments


def access_attachment(person: Person, number: str, attachment_id: int) -> Attachment:
    """An attachment of a visible ticket; internal attachments only for the supplier's staff."""
    ticket = access_ticket(person, number)
    attachment = attachments_for(person, ticket).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError(_("Attachment not found."))
    return attachment
