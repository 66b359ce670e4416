"""The ticket page after a resolving workaround (the customer decides on a workaround, not
a solution) and the SLA panel of a level without a target (working time, for information)."""

from __future__ import annotations

from django.test import Client

from kabinet.conftest import World
from kabinet.orgs.models import Person
from kabinet.tickets.actions import propose_workaround
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def page(who: Person, ticket: Ticket, language: str = "en") -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(who)
    return client.get(f"/tickets/{ticket.number}/").content.decode()


def test_the_customer_decides_on_the_workaround_and_the_supplier_may_still_propose(
    world: World,
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    propose_workaround(ticket, author=world.engineer, body="Export by hand meanwhile.")
    customer = page(world.contact, ticket)
    assert "Accept the workaround" in customer
    assert "Reject the workaround" in customer
    assert "Принять обходное решение" in page(world.contact, ticket, "ru")
    assert 'id="propose"' in page(world.engineer, ticket)


def test_a_level_without_a_resolution_target_shows_the_working_time_used(
    world: World,
) -> None:
    # Registered Fri 2026-05-08 16:00 Moscow at level 4 (no resolution target); now is the
    # same instant, so the panel tells 0 min used, for information.
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    html = page(world.contact, ticket)
    start = html.index('class="target st-no_target"')
    block = html[start : html.index("</div>", start)]
    assert "No target at this level: nothing is due." in block
    assert "Working time used" in block
    assert "for information" in block
    ru = page(world.contact, ticket, "ru")
    start = ru.index('class="target st-no_target"')
    assert "для сведения" in ru[start : ru.index("</div>", start)]
