"""The inline buttons a bot message about a ticket carries, asked of the ticket's own guards:
accept or reject while a proposal waits for this person, a rating once it is closed and
unrated (seed 004: every dialogue ends with a rating)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kabinet import clock
from kabinet.orgs.models import Person
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import Ticket

Rows = list[list[tuple[str, str]]]
RATINGS = range(1, 6)


def ticket_buttons(person: Person, ticket: Ticket) -> Rows:
    acts = available_acts(person, ticket, now=clock.now())
    number = ticket.number or ""
    if Act.ACCEPT_SOLUTION in acts:
        return [[(_("✅ Accept"), f"accept:{number}"), (_("❌ Reject"), f"reject:{number}")]]
    if Act.RATE in acts:
        return [rating_row(number)]
    return []


def rating_row(number: str) -> list[tuple[str, str]]:
    return [(f"{n} ⭐", f"rate:{number}:{n}") for n in RATINGS]
