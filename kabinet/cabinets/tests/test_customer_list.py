"""The customer's list (issue 16, point 6): status groups in the order of what needs the
customer (a proposal to accept, a question to answer, then the supplier's work, closed
last), open tickets by default with a switch to closed and all, search and cursor paging
over that order."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.test import Client

from kabinet.cabinets import paging
from kabinet.conftest import World
from kabinet.tickets.actions import (
    propose_solution,
    record_public_reply,
    return_for_information,
    withdraw_ticket,
)
from kabinet.tickets.models import ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket


def browser(world: World, who: str = "contact", language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(getattr(world, who))
    return client


def numbers(response: object) -> list[str]:
    return [str(t.number) for t in response.context["tickets"]]  # type: ignore[attr-defined]


@pytest.fixture
def statuses(world: World, frozen_time: time_machine.Traveller) -> dict[str, Ticket]:
    """One ticket per status, filed so that alphabetical order of the codes would differ."""
    made: dict[str, Ticket] = {}
    for name in ("closed", "awaiting", "in_progress", "proposed", "registered"):
        made[name] = file_ticket(world.contract, world.contact, subject=f"Case {name}")
        frozen_time.shift(60)
    withdraw_ticket(made["closed"], author=world.contact)
    return_for_information(
        made["awaiting"], author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    record_public_reply(made["in_progress"], author=world.engineer, body="Looking")
    propose_solution(made["proposed"], author=world.engineer, body="Do this")
    for ticket in made.values():
        ticket.refresh_from_db()
    return made


def test_what_needs_the_customer_comes_first_and_closed_is_hidden(
    world: World, statuses: dict[str, Ticket]
) -> None:
    response = browser(world).get("/client/")
    assert response.status_code == 200
    order = ["proposed", "awaiting", "registered", "in_progress"]
    assert numbers(response) == [statuses[name].number for name in order]
    page = response.content.decode()
    groups = ["Solution proposed", "Awaiting customer", "Registered", "In progress"]
    places = [page.index(f">{label} <") for label in groups]
    assert places == sorted(places)
    assert 'href="?status=open" aria-current="page"' in page


def test_the_switch_shows_closed_and_all(world: World, statuses: dict[str, Ticket]) -> None:
    client = browser(world)
    assert numbers(client.get("/client/?status=closed")) == [statuses["closed"].number]
    everything = numbers(client.get("/client/?status="))
    assert everything[-1] == statuses["closed"].number
    assert everything[0] == statuses["proposed"].number
    assert len(everything) == 5


def test_russian_groups_in_the_same_order(world: World, statuses: dict[str, Ticket]) -> None:
    page = browser(world, language="ru").get("/client/?status=").content.decode()
    groups = [part.split("<", 1)[0] for part in page.split('<h2 class="group">')[1:]]
    assert groups[0].startswith("Предложено решение")
    assert groups[-1].startswith("Закрыт")
    places = [page.index(f'class="group">{label}') for label in ("Предложено", "Закрыт")]
    assert places == sorted(places)
    assert "Открытые" in page and "Закрытые" in page


def test_search_within_the_list(world: World, statuses: dict[str, Ticket]) -> None:
    shown = numbers(browser(world).get("/client/?status=&q=Case+awaiting"))
    assert shown == [statuses["awaiting"].number]
    # Another customer's contact finds nothing of these.
    assert numbers(browser(world, "outsider").get("/client/?status=&q=Case")) == []


def test_paging_keeps_the_attention_order(
    world: World, statuses: dict[str, Ticket], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        paging.page_of, "__kwdefaults__", {**(paging.page_of.__kwdefaults__ or {}), "size": 2}
    )
    client = browser(world)
    seen: list[str] = []
    url = "/client/?status="
    while url:
        response = client.get(url)
        seen += numbers(response)
        after = response.context["next_page"]
        url = f"/client/?{after}" if after else ""
        if after:
            assert parse_qs(urlparse(url).query, keep_blank_values=True)["status"] == [""]
    order = ["proposed", "awaiting", "registered", "in_progress", "closed"]
    assert seen == [statuses[name].number for name in order]


def test_no_open_tickets_offers_all(world: World, statuses: dict[str, Ticket]) -> None:
    page = browser(world, "outsider").get("/client/").content.decode()
    assert "No open tickets." in page
