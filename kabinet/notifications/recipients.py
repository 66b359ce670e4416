"""Who is told what: for each announced event and SLA alert, the people and the kind of
notice each receives. The customer's side (the filer and the ticket's watchers) hears only
public events of its own ticket; the supplier's side hears through the ticket's handler:
its assignee (the personal consultant from registration), else its on-duty group."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kabinet.notifications.models import AlertingRules, NoticeKind, Watcher
from kabinet.notifications.routing import (
    duty_group,
    group_people,
    quality_controllers,
    still_staff,
)
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.orgs.queries import customer_organisation_ids
from kabinet.tickets.models import (
    AlertKind,
    EventKind,
    SlaAlert,
    Ticket,
    TicketEvent,
    Visibility,
)


class Audience(StrEnum):
    FILER = "filer"  # the customer's person who filed the ticket
    CUSTOMER = "customer"  # the filer and the ticket's watchers
    HANDLER = "handler"  # the assignee, else the ticket's on-duty group
    # The supplier's quality controllers and the group's lead: whom a breach reaches too.
    MANAGEMENT = "management"


@dataclass(frozen=True)
class Addressee:
    person: Person
    kind: NoticeKind


EVENT_RULES: dict[str, tuple[tuple[Audience, NoticeKind], ...]] = {
    EventKind.REGISTERED: (
        (Audience.FILER, NoticeKind.REGISTERED),
        (Audience.HANDLER, NoticeKind.NEW_TICKET),
    ),
    EventKind.PUBLIC_REPLY: ((Audience.CUSTOMER, NoticeKind.REPLY),),
    EventKind.RETURNED_FOR_INFORMATION: ((Audience.CUSTOMER, NoticeKind.RETURNED_FOR_INFORMATION),),
    EventKind.SOLUTION_PROPOSED: ((Audience.CUSTOMER, NoticeKind.SOLUTION_PROPOSED),),
    EventKind.WORKAROUND_PROPOSED: ((Audience.CUSTOMER, NoticeKind.SOLUTION_PROPOSED),),
    EventKind.CUSTOMER_REPLY: ((Audience.HANDLER, NoticeKind.CUSTOMER_REPLY),),
    EventKind.SOLUTION_ACCEPTED: ((Audience.HANDLER, NoticeKind.SOLUTION_ACCEPTED),),
    EventKind.SOLUTION_REJECTED: ((Audience.HANDLER, NoticeKind.SOLUTION_REJECTED),),
    EventKind.REOPENED: ((Audience.HANDLER, NoticeKind.REOPENED),),
    EventKind.UPLOAD_PLACE_OPENED: (
        (Audience.CUSTOMER, NoticeKind.UPLOAD_PLACE_OPENED),
        (Audience.HANDLER, NoticeKind.UPLOAD_PLACE_OPENED),
    ),
    EventKind.CRITICALITY_CHANGED: (
        (Audience.CUSTOMER, NoticeKind.CRITICALITY_CHANGED),
        (Audience.HANDLER, NoticeKind.CRITICALITY_CHANGED),
    ),
    # Ticket life: the customer is told before an unanswered solution closes the ticket and
    # when it has; the supplier when the customer withdraws or answers a postponement.
    EventKind.AUTO_CLOSE_NOTICE: ((Audience.CUSTOMER, NoticeKind.AUTO_CLOSE_NOTICE),),
    EventKind.AUTO_CLOSED: (
        (Audience.CUSTOMER, NoticeKind.AUTO_CLOSED),
        (Audience.HANDLER, NoticeKind.AUTO_CLOSED),
    ),
    EventKind.WITHDRAWN: ((Audience.HANDLER, NoticeKind.WITHDRAWN),),
    EventKind.POSTPONEMENT_PROPOSED: ((Audience.CUSTOMER, NoticeKind.POSTPONEMENT_PROPOSED),),
    EventKind.POSTPONEMENT_AGREED: ((Audience.HANDLER, NoticeKind.POSTPONEMENT_ANSWERED),),
    EventKind.POSTPONEMENT_DECLINED: ((Audience.HANDLER, NoticeKind.POSTPONEMENT_ANSWERED),),
    # Access credentials: the handler learns they are there, the customer is reminded to
    # change them once the ticket closes (neither mail carries the secret).
    EventKind.CREDENTIALS_GIVEN: ((Audience.HANDLER, NoticeKind.CREDENTIALS_GIVEN),),
    EventKind.CREDENTIALS_WIPED: ((Audience.CUSTOMER, NoticeKind.CHANGE_CREDENTIALS),),
    EventKind.EXPEDITE_REQUESTED: (
        (Audience.MANAGEMENT, NoticeKind.EXPEDITE_REQUESTED),
        (Audience.HANDLER, NoticeKind.EXPEDITE_REQUESTED),
    ),
    EventKind.REFUSED: ((Audience.CUSTOMER, NoticeKind.REFUSED),),
}


def customer_side(ticket: Ticket) -> list[Person]:
    """The filer, then the watchers who are still contacts of the ticket's customer (one
    who has left stays on the list until removed, and hears nothing meanwhile)."""
    watchers = Person.objects.filter(
        pk__in=Watcher.objects.filter(ticket=ticket).values("person_id")
    ).order_by("pk")
    customer_id = ticket.contract.customer_id
    reached = [p for p in watchers if customer_id in customer_organisation_ids(p)]
    return [ticket.reporter, *reached]


def assignee(ticket: Ticket) -> Person | None:
    """The ticket's assignee while they are still the supplier's; one who has left is
    nobody, and the ticket's group hears in their stead."""
    if ticket.assignee is None:
        return None
    found = still_staff([ticket.assignee], ticket.contract.supplier_id)
    return found[0] if found else None


def handlers(ticket: Ticket) -> list[Person]:
    person = assignee(ticket)
    if person is not None:
        return [person]
    return group_people(ticket)


def management(ticket: Ticket) -> list[Person]:
    """The supplier's quality controllers, then the lead of the ticket's group: the people
    a breach reaches beyond the handler (``alert_recipients``), here regardless of the
    supplier's ``AlertingRules``, which are about alerts; a customer's request is not one."""
    people = list(quality_controllers(ticket.contract.supplier_id))
    group = duty_group(ticket)
    if group is not None and group.lead is not None:
        people.append(group.lead)
    return people


def event_recipients(event: TicketEvent) -> list[Addressee]:
    """Everyone an event tells, each once; nobody is told of their own act, except the
    filer, who always receives the registration with the number. The vendor's side is told
    of a new ticket as an escalation (every ticket on a vendor's contract is one)."""
    ticket = event.ticket
    found: list[Addressee] = []
    for audience, kind in EVENT_RULES.get(event.kind, ()):
        if audience is Audience.FILER:
            people = [ticket.reporter]
        elif audience is Audience.CUSTOMER:
            if event.visibility != Visibility.PUBLIC:
                continue  # internal events never reach the customer
            people = customer_side(ticket)
        elif audience is Audience.MANAGEMENT:
            people = management(ticket)
        else:
            people = handlers(ticket)
            if kind == NoticeKind.NEW_TICKET and _is_vendor_ticket(ticket):
                kind = NoticeKind.ESCALATION_RECEIVED
        for person in people:
            own_act = person.pk == event.actor_id and kind != NoticeKind.REGISTERED
            if not own_act:
                _add(found, person, kind)
    return found


def _is_vendor_ticket(ticket: Ticket) -> bool:
    return bool(ticket.contract.supplier.kind == OrganisationKind.VENDOR)


def alert_recipients(alert: SlaAlert) -> list[Addressee]:
    """A warning goes to the assignee, or to the group where there is none; a breach also
    to the group's lead and the supplier's quality controllers: each as the supplier's
    ``AlertingRules`` say."""
    ticket = alert.ticket
    rules = AlertingRules.of(ticket.contract.supplier_id)
    kind = NoticeKind.SLA_WARNING if alert.kind == AlertKind.WARNING else NoticeKind.SLA_BREACH
    group = duty_group(ticket)
    supplier_id = ticket.contract.supplier_id
    found: list[Addressee] = []
    handler = assignee(ticket)
    if handler is not None:
        _add(found, handler, kind)
    elif rules.warning_to_group_when_unassigned or alert.kind == AlertKind.BREACH:
        for person in group_people(ticket, group):
            _add(found, person, kind)
    if alert.kind == AlertKind.BREACH:
        if rules.breach_to_lead and group is not None and group.lead is not None:
            for lead in still_staff([group.lead], supplier_id):
                _add(found, lead, kind)
        if rules.breach_to_quality_controllers:
            for person in quality_controllers(supplier_id):
                _add(found, person, kind)
    return found


def _add(found: list[Addressee], person: Person, kind: NoticeKind) -> None:
    if person.is_active and all(a.person.pk != person.pk for a in found):
        found.append(Addressee(person, kind))
