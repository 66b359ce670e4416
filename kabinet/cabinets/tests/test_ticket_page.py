"""The ticket page is built in one place (``cabinets.ticket_page``) with a fixed number of
statements, whatever the length of the timeline; its countdown says why the clocks stand
still whenever the clock has paused them; durations read the same everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kabinet.cabinets.sla_words import duration_words
from kabinet.cabinets.ticket_page import ticket_page
from kabinet.conftest import World
from kabinet.lines.actions import hand_to_development
from kabinet.orgs.models import Person
from kabinet.orgs.queries import memoise_memberships
from kabinet.tickets.access import access_ticket
from kabinet.tickets.actions import (
    add_internal_comment,
    customer_reply,
    propose_solution,
    record_public_reply,
)
from kabinet.tickets.models import Ticket

# Supplier: the escalation and line lookups, the guards' reads, the clock's replay, the
# forms' staff list; for both, the pending postponement (read by its guard and by the page)
# and the related tickets (tickets.actions.postponement, .merging); for the supplier, the
# articles that may answer the ticket. Customer: fewer, no supplier panels. Both read the
# kept access credentials once (guards and panel); the customer also the last request to
# expedite (its guard, or the page when the act is held back).
SUPPLIER_STATEMENTS = 26
CUSTOMER_STATEMENTS = 16


def statements(person: Person, ticket: Ticket) -> int:
    """As in a request: the cabinet's middleware memoises the person's memberships."""
    person = memoise_memberships(Person.objects.get(pk=person.pk))
    seen = access_ticket(person, ticket.number or "")
    with CaptureQueriesContext(connection) as captured:
        ticket_page(person, seen, now=timezone.now())
    return len(captured)


def test_the_page_runs_a_fixed_number_of_statements(world: World, ticket: Ticket) -> None:
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    counts = (statements(world.engineer, ticket), statements(world.contact, ticket))
    for turn in range(5):
        add_internal_comment(ticket, author=world.engineer, body=f"Note {turn}.")
        customer_reply(ticket, author=world.contact, body=f"More {turn}.")
    assert (statements(world.engineer, ticket), statements(world.contact, ticket)) == counts
    assert counts == (SUPPLIER_STATEMENTS, CUSTOMER_STATEMENTS)


def countdown(world: World, ticket: Ticket, who: Person, language: str = "en") -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(who)
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    start = html.index('<div class="sla-now">')
    return html[start : html.index("</div>", start)]


def test_the_countdown_pauses_while_a_solution_waits_for_the_customer(
    world: World, ticket: Ticket
) -> None:
    propose_solution(ticket, author=world.engineer, body="Reinstall.")
    shown = countdown(world, ticket, world.contact)
    assert "countdown paused" in shown
    assert "a proposed solution waits for the customer" in shown
    assert "на паузе: предложенное решение ждёт ответа клиента" in countdown(
        world, ticket, world.contact, "ru"
    )


@pytest.mark.parametrize("pauses", [True, False])
def test_the_countdown_pauses_for_a_release_only_when_the_clock_does(
    world: World, ticket: Ticket, pauses: bool
) -> None:
    package = world.contract.package
    package.release_wait_pauses_resolution = pauses
    package.save(update_fields=["release_wait_pauses_resolution"])
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    hand_to_development(ticket, author=world.engineer, version="3.1")
    shown = countdown(world, ticket, world.engineer)
    assert ("waiting for a release" in shown) is pauses
    assert ("data-due" in shown) is not pauses
    listed = Client(headers={"accept-language": "en"})
    listed.force_login(world.engineer)
    queue = listed.get("/partner/").content.decode()
    assert ("paused: waiting for a release" in queue) is pauses


def test_durations_read_the_same_in_every_place() -> None:
    amount = dt.timedelta(hours=42, minutes=30)
    with translation.override("ru"):
        assert duration_words(amount) == "42 ч 30 мин"
        assert duration_words(amount, days=True) == "1 д 18 ч 30 мин"
    assert duration_words(-dt.timedelta(minutes=5)) == "−5 min"
    assert duration_words(None) == "—"
