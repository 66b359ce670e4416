"""Read helpers of the cabinets: which cabinet a person uses, work-queue order, list filters,
the people an organisation admin manages and the vendor's per-partner compliance counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from kabinet.cabinets.models import CabinetProfile
from kabinet.contracts.models import Contract
from kabinet.orgs.models import Membership, Organisation, OrganisationKind, Person, Role
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets.models import Ticket, TicketQuerySet


class Cabinet(StrEnum):
    CLIENT = "client"
    PARTNER = "partner"
    VENDOR = "vendor"


def cabinets_of(person: Person) -> list[Cabinet]:
    """The cabinets a person may open, vendor before partner before client."""
    kinds = set(
        Organisation.objects.filter(memberships__person=person).values_list("kind", flat=True)
    )
    order = [
        (OrganisationKind.VENDOR, Cabinet.VENDOR),
        (OrganisationKind.PARTNER, Cabinet.PARTNER),
        (OrganisationKind.CUSTOMER, Cabinet.CLIENT),
    ]
    return [cabinet for kind, cabinet in order if kind in kinds]


def profile_of(person: Person) -> CabinetProfile:
    """The stored profile, or an unsaved default one."""
    return CabinetProfile.objects.filter(person=person).first() or CabinetProfile(person=person)


def customer_tickets(tickets: TicketQuerySet, person: Person) -> TicketQuerySet:
    """Of the visible tickets, those of the person's customer organisations (and groups)."""
    return tickets.filter(contract__customer_id__in=customer_organisation_ids(person))


def supplier_tickets(tickets: TicketQuerySet, person: Person) -> TicketQuerySet:
    return tickets.filter(contract__supplier_id__in=supplier_organisation_ids(person))


def in_work_order(tickets: TicketQuerySet) -> TicketQuerySet:
    """First in, first out, with critical (level 1) tickets out of turn (seed 003)."""
    critical_first = Case(
        When(criticality=1, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return tickets.order_by(critical_first, "registered_at", "pk")


@dataclass(frozen=True)
class TicketFilter:
    contact: int | None = None
    contract: int | None = None
    status: str = ""
    criticality: int | None = None
    customer: int | None = None
    mine_for: Person | None = None


def filtered(tickets: TicketQuerySet, chosen: TicketFilter) -> TicketQuerySet:
    if chosen.contact:
        tickets = tickets.filter(reporter_id=chosen.contact)
    if chosen.contract:
        tickets = tickets.filter(contract_id=chosen.contract)
    if chosen.status == "open":
        tickets = tickets.open()
    elif chosen.status:
        tickets = tickets.filter(status=chosen.status)
    if chosen.criticality:
        tickets = tickets.filter(criticality=chosen.criticality)
    if chosen.customer:
        tickets = tickets.filter(contract__customer_id=chosen.customer)
    if chosen.mine_for is not None:
        tickets = tickets.filter(assignee=chosen.mine_for)
    return tickets


def customer_contracts(person: Person) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(customer_id__in=customer_organisation_ids(person))
        .select_related("package", "supplier", "customer")
        .order_by("number")
    )


def customer_contacts(person: Person) -> QuerySet[Person]:
    """People of the person's customer organisations (for the "contact" filter)."""
    return (
        Person.objects.filter(memberships__organisation_id__in=customer_organisation_ids(person))
        .distinct()
        .order_by("full_name", "username")
    )


def ticket_customers(tickets: TicketQuerySet) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(customer_contracts__tickets__in=tickets)
        .distinct()
        .order_by("name")
    )


def supplier_staff(ticket: Ticket) -> QuerySet[Person]:
    """People who may be assigned the ticket: members of its supplier."""
    return (
        Person.objects.filter(memberships__organisation_id=ticket.contract.supplier_id)
        .distinct()
        .order_by("full_name", "username")
    )


def administered_organisations(person: Person) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            memberships__person=person,
            memberships__role=Role.ORG_ADMIN,
            kind=OrganisationKind.CUSTOMER,
        )
        .distinct()
        .order_by("name")
    )


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__full_name", "person__username", "role")
    )


@dataclass(frozen=True)
class PartnerCompliance:
    partner: str
    total: int
    open: int
    breached: int

    @property
    def compliance_percent(self) -> int | None:
        if not self.total:
            return None
        return round(100 * (self.total - self.breached) / self.total)


def partner_compliance() -> list[PartnerCompliance]:
    """Counts only (never ticket rows) of every partner's tickets, for the vendor console."""
    tickets = "supplied_contracts__tickets"
    breached = (
        Q(**{f"{tickets}__reaction_breached": True})
        | Q(**{f"{tickets}__update_breached": True})
        | Q(**{f"{tickets}__resolution_breached": True})
    )
    rows = (
        Organisation.objects.filter(kind=OrganisationKind.PARTNER)
        .annotate(
            total=Count(tickets, distinct=True),
            open=Count(tickets, filter=~Q(**{f"{tickets}__status": "closed"}), distinct=True),
            breached=Count(tickets, filter=breached, distinct=True),
        )
        .order_by("name")
    )
    return [PartnerCompliance(o.name, o.total, o.open, o.breached) for o in rows]
