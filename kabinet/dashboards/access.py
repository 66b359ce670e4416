"""Whose tickets a person's dashboard counts: the reports' scope, and a customer's own.

The vendor and partners get exactly ``reports.access.report_scope``. A customer, whom the
reports refuse, sees the tickets of its own organisations (and its company group) only.
Nothing here decides figures; ``dashboards.queries`` counts within the scope it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.errors import NotAllowedError, NotFoundError
from kabinet.orgs.models import Organisation, Person
from kabinet.orgs.queries import customer_organisation_ids
from kabinet.reports.access import report_scope
from kabinet.reports.queries import Grouping
from kabinet.tickets.models import Ticket, TicketQuerySet


@dataclass(frozen=True)
class Scope:
    supplier_ids: frozenset[int]
    grouping: Grouping
    customer_ids: frozenset[int] | None = None  # None: every customer of the suppliers

    def tickets(self) -> TicketQuerySet:
        tickets = Ticket.objects.filter(contract__supplier_id__in=sorted(self.supplier_ids))
        if self.customer_ids is not None:
            tickets = tickets.filter(contract__customer_id__in=sorted(self.customer_ids))
        return tickets


def dashboard_scope(person: Person) -> Scope:
    """Raises NotAllowedError for someone who belongs to no supplier and no customer."""
    try:
        supplier_ids, grouping = report_scope(person)
    except NotAllowedError as refused:
        customer_ids = customer_organisation_ids(person)
        if not customer_ids:
            message = _("Dashboards are available to members of organisations.")
            raise NotAllowedError(message) from refused
        suppliers = Contract.objects.filter(customer_id__in=customer_ids).values_list(
            "supplier_id", flat=True
        )
        return Scope(frozenset(suppliers), Grouping.CUSTOMER, frozenset(customer_ids))
    return Scope(frozenset(supplier_ids), grouping)


def scope_suppliers(scope: Scope) -> list[Organisation]:
    """The suppliers a person may narrow the dashboard to, by name."""
    return list(Organisation.objects.filter(pk__in=scope.supplier_ids).order_by("name", "pk"))


def narrowed_to_supplier(scope: Scope, supplier_id: int) -> Scope:
    """The scope limited to one of its suppliers; any other id is not found (404)."""
    if supplier_id not in scope.supplier_ids:
        raise NotFoundError(_("No such supplier."), field="supplier")
    return replace(scope, supplier_ids=frozenset({supplier_id}))
