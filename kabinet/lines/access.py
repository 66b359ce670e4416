"""Tenant-checked fetches for lines: only the supplier's own staff reach a ticket's lines,
releases and queue; anyone else is answered "not found"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.access import administered_supplier_ids
from kabinet.errors import DomainError, NotFoundError
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Organisation, Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets.access import Side, access_ticket, side_of
from kabinet.tickets.models import Ticket


def access_supplier_ticket(person: Person, number: str) -> Ticket:
    """A ticket the person works as its supplier's staff; customers get "not found"."""
    ticket = access_ticket(person, number)
    if side_of(person, ticket) != Side.SUPPLIER:
        raise NotFoundError(_("Ticket not found."))
    return ticket


def access_line(ticket: Ticket, key: str) -> SupportLine:
    line = SupportLine.objects.filter(supplier_id=ticket.contract.supplier_id, key=key).first()
    if line is None:
        raise DomainError(_("No such support line at this supplier."), field="line")
    return line


def access_supplier(person: Person, supplier_id: int) -> Organisation:
    if supplier_id not in supplier_organisation_ids(person):
        raise NotFoundError(_("Organisation not found."))
    return Organisation.objects.get(pk=supplier_id)


def access_line_to_administer(person: Person, line_id: int) -> SupportLine:
    """A support line of a supplier the person administers; anyone else: not found."""
    line = (
        SupportLine.objects.select_related("supplier")
        .filter(pk=line_id, supplier_id__in=administered_supplier_ids(person))
        .first()
    )
    if line is None:
        raise NotFoundError(_("Support line not found."), field="line")
    return line
