"""Who is told what: the audience and template of each announced event and SLA alert."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kabinet.orgs.models import Person
from kabinet.tickets.models import AlertKind, EventKind, SlaAlert, Ticket, TicketEvent


class Audience(StrEnum):
    CONTACT = "contact"  # the customer's person who filed the ticket
    ASSIGNEE = "assignee"  # the supplier's engineer working it (or the personal consultant)


@dataclass(frozen=True)
class Rule:
    template: str
    audiences: tuple[Audience, ...]


EVENT_RULES: dict[str, Rule] = {
    EventKind.REGISTERED: Rule("registered", (Audience.CONTACT,)),
    EventKind.PUBLIC_REPLY: Rule("reply", (Audience.CONTACT,)),
    EventKind.RETURNED_FOR_INFORMATION: Rule("returned_for_information", (Audience.CONTACT,)),
    EventKind.SOLUTION_PROPOSED: Rule("solution_proposed", (Audience.CONTACT,)),
    EventKind.WORKAROUND_PROPOSED: Rule("solution_proposed", (Audience.CONTACT,)),
    EventKind.CUSTOMER_REPLY: Rule("customer_reply", (Audience.ASSIGNEE,)),
    EventKind.SOLUTION_ACCEPTED: Rule("solution_accepted", (Audience.ASSIGNEE,)),
    EventKind.SOLUTION_REJECTED: Rule("solution_rejected", (Audience.ASSIGNEE,)),
    EventKind.REOPENED: Rule("reopened", (Audience.ASSIGNEE,)),
    EventKind.UPLOAD_PLACE_OPENED: Rule(
        "upload_place_opened", (Audience.CONTACT, Audience.ASSIGNEE)
    ),
    EventKind.CRITICALITY_CHANGED: Rule(
        "criticality_changed", (Audience.CONTACT, Audience.ASSIGNEE)
    ),
}
ALERT_RULES: dict[str, Rule] = {
    AlertKind.WARNING: Rule("sla_warning", (Audience.ASSIGNEE,)),
    AlertKind.BREACH: Rule("sla_breach", (Audience.ASSIGNEE,)),
}


def people(ticket: Ticket, audiences: tuple[Audience, ...]) -> list[Person]:
    """The people of the audiences, each once, in the order of the audiences."""
    found: list[Person] = []
    for audience in audiences:
        person = _person(ticket, audience)
        if person is not None and person.email and person not in found:
            found.append(person)
    return found


def _person(ticket: Ticket, audience: Audience) -> Person | None:
    if audience is Audience.CONTACT:
        return ticket.reporter
    return ticket.assignee or ticket.contract.personal_consultant


def event_recipients(event: TicketEvent) -> tuple[str, list[Person]]:
    """The template and recipients of an event; nobody is told of their own act, except
    the contact, who always receives the registration with the number."""
    rule = EVENT_RULES.get(event.kind)
    if rule is None:
        return "", []
    recipients = people(event.ticket, rule.audiences)
    if event.kind != EventKind.REGISTERED:
        recipients = [p for p in recipients if p.pk != event.actor_id]
    return rule.template, recipients


def alert_recipients(alert: SlaAlert) -> tuple[str, list[Person]]:
    """The template and recipients of an SLA alert."""
    rule = ALERT_RULES[alert.kind]
    return rule.template, people(alert.ticket, rule.audiences)
