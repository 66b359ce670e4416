"""Reads the intake needs: the ticket a thread points to, the person an address names, and
how often a sender wrote or was answered lately."""

from __future__ import annotations

import datetime as dt

from kabinet.channels.email.models import InboundMessage, Mailbox
from kabinet.channels.email.parsing import ParsedMail
from kabinet.channels.email.threads import number_in_message_id, numbers_in_subject
from kabinet.orgs.models import Person
from kabinet.tickets.models import Ticket


def ticket_of_thread(supplier_id: int, mail: ParsedMail) -> Ticket | None:
    """The supplier's ticket the message answers: by the ids of Kabinet's own mail and of
    mail taken in before (the nearest parent first), then by a number in the subject. A
    number of another supplier's ticket names nothing here."""
    for message_id in mail.thread_ids:
        number = number_in_message_id(message_id)
        if number is not None:
            ticket = _supplier_ticket(supplier_id, number)
            if ticket is not None:
                return ticket
            continue
        earlier = (
            InboundMessage.objects.filter(
                supplier_id=supplier_id, message_id=message_id, ticket__isnull=False
            )
            .select_related("ticket__contract__package")
            .first()
        )
        if earlier is not None and earlier.ticket is not None:
            return earlier.ticket
    for number in numbers_in_subject(mail.subject):
        ticket = _supplier_ticket(supplier_id, number)
        if ticket is not None:
            return ticket
    return None


def _supplier_ticket(supplier_id: int, number: str) -> Ticket | None:
    return (
        Ticket.objects.filter(number=number, contract__supplier_id=supplier_id)
        .select_related("contract__package")
        .first()
    )


def person_by_address(normalised: str) -> Person | None:
    """The one active person with this address; none when nobody or several have it (an
    address two people share identifies neither)."""
    if not normalised:
        return None
    people = list(Person.objects.filter(normalised_email=normalised, is_active=True)[:2])
    return people[0] if len(people) == 1 else None


def messages_from(mailbox: Mailbox, sender: str, since: dt.datetime) -> int:
    return InboundMessage.objects.filter(
        mailbox=mailbox, sender=sender, received_at__gte=since
    ).count()


def answered_since(mailbox: Mailbox, sender: str, since: dt.datetime) -> bool:
    return InboundMessage.objects.filter(
        mailbox=mailbox, sender=sender, answered_at__gte=since
    ).exists()
