"""Read helpers of the cabinets: which cabinet a person uses, work-queue order, list filters
(and what they offer), the people an organisation admin manages, and the ticket page's panels
(whether the viewer may escalate, the vendor's messages, the lines)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from kabinet.contracts.models import Contract
from kabinet.escalations.models import Escalation
from kabinet.knowledge.queries import text_in_list
from kabinet.lines.models import SupportLine
from kabinet.lines.queries import LineStay, current_line_id, line_history
from kabinet.orgs.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Role,
)
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets.access import timeline_for
from kabinet.tickets.models import (
    ActorSide,
    EventKind,
    Status,
    Ticket,
    TicketEvent,
    TicketQuerySet,
)


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


def customer_tickets(tickets: TicketQuerySet, person: Person) -> TicketQuerySet:
    """Of the visible tickets, those of the person's customer organisations (and groups)."""
    return tickets.filter(contract__customer_id__in=customer_organisation_ids(person))


# What needs the customer first: an answer to accept or reject, then a question to answer;
# then what the supplier works on; closed last.
CUSTOMER_ATTENTION = (
    Status.SOLUTION_PROPOSED,
    Status.WORKAROUND_PROPOSED,
    Status.AWAITING_CUSTOMER,
    Status.REGISTERED,
    Status.IN_PROGRESS,
    Status.CLOSED,
)


def with_customer_attention(tickets: TicketQuerySet) -> TicketQuerySet:
    """Each ticket with ``attention``, its status's place in ``CUSTOMER_ATTENTION`` (an
    annotation, not an alias: the list's cursor reads it off the last row)."""
    rank = Case(
        *(When(status=status, then=Value(n)) for n, status in enumerate(CUSTOMER_ATTENTION)),
        default=Value(len(CUSTOMER_ATTENTION)),
        output_field=IntegerField(),
    )
    return tickets.annotate(attention=rank)


def supplier_tickets(tickets: TicketQuerySet, person: Person) -> TicketQuerySet:
    return tickets.filter(contract__supplier_id__in=supplier_organisation_ids(person))


@dataclass(frozen=True)
class TicketFilter:
    contact: int | None = None
    contract: int | None = None
    status: str = ""
    criticality: int | None = None
    customer: int | None = None
    mine_for: Person | None = None
    line: int | None = None
    assignee: int | None = None
    unassigned: bool = False
    text: str = ""
    # The person supplies every ticket filtered (the queue): their internal notes are searched.
    supplied: bool = False


def filtered(tickets: TicketQuerySet, chosen: TicketFilter) -> TicketQuerySet:
    """The tickets every chosen filter lets through (the filters combine); the order is the
    caller's."""
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
    if chosen.unassigned:
        tickets = tickets.filter(assignee__isnull=True)
    elif chosen.assignee:
        tickets = tickets.filter(assignee_id=chosen.assignee)
    if chosen.line:
        tickets = in_line(tickets, chosen.line)
    if chosen.text:
        tickets = text_in_list(tickets, chosen.text, supplied=chosen.supplied)
    return tickets


def in_line(tickets: TicketQuerySet, line_id: int) -> TicketQuerySet:
    """Tickets whose current line is ``line_id``: the line of the latest entry, or, with no
    entry, the supplier's entry line (the rule of ``lines.queries.current_line``, here as
    one subquery per row so the whole queue stays one query)."""
    return tickets.alias(current_line_id=current_line_id()).filter(current_line_id=line_id)


def with_current_line_name(tickets: TicketQuerySet) -> TicketQuerySet:
    """Each ticket with ``current_line_name``, the name of its current support line (None
    when its supplier has no lines), computed in the list's own query: the supplier's queue
    shows it, the customer's list never asks for it."""
    names = SupportLine.objects.filter(pk=OuterRef("queue_line_id")).values("name")[:1]
    return tickets.alias(queue_line_id=current_line_id()).annotate(
        current_line_name=Subquery(names)
    )


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


def supplier_lines(supplier_ids: set[int]) -> QuerySet[SupportLine]:
    return SupportLine.objects.filter(supplier_id__in=supplier_ids).order_by(
        "supplier__name", "position", "id"
    )


def supplier_people(supplier_ids: set[int]) -> QuerySet[Person]:
    """Members of the supplier organisations: whom a queue's tickets may be assigned to."""
    return (
        Person.objects.filter(memberships__organisation_id__in=supplier_ids)
        .distinct()
        .order_by("full_name", "username")
    )


def supplied_contracts(supplier_ids: set[int]) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(supplier_id__in=supplier_ids)
        .select_related("customer")
        .order_by("customer__name", "number")
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


VENDOR_MESSAGE_KINDS = (
    EventKind.PUBLIC_REPLY,
    EventKind.SOLUTION_PROPOSED,
    EventKind.WORKAROUND_PROPOSED,
    EventKind.RETURNED_FOR_INFORMATION,
)


def vendor_messages(person: Person, escalation: Escalation) -> list[TicketEvent]:
    """The vendor's public messages on the vendor ticket, newest first, as the partner (the
    vendor ticket's customer) may read them; precondition: the escalation is visible to
    the person."""
    events = timeline_for(person, escalation.vendor_ticket).filter(
        actor_side=ActorSide.SUPPLIER, kind__in=VENDOR_MESSAGE_KINDS
    )
    return list(events.order_by("-at", "-id"))


@dataclass(frozen=True)
class LinePanel:
    current: LineStay
    lines: list[SupportLine]


def line_panel(ticket: Ticket, now: dt.datetime) -> LinePanel | None:
    """The ticket's current support line with its OLA state, and the supplier's lines to
    move it to; None when the supplier has no lines. For the supplier's staff only."""
    history = line_history(ticket, now)
    if not history:
        return None
    lines = list(SupportLine.objects.filter(supplier_id=ticket.contract.supplier_id))
    return LinePanel(current=history[-1], lines=lines)
