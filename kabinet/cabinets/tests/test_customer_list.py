"""The customer's list: open tickets unless asked otherwise, the status that needs the
customer first (a proposed solution, then a question), search by number or words, and pages
that keep the filters."""

from __future__ import annotations

import re

from django.test import Client

from kabinet.cabinets.views.client import PAGE_SIZE
from kabinet.conftest import World
from kabinet.tickets.actions import (
    accept_solution,
    propose_solution,
    record_public_reply,
    return_for_information,
)
from kabinet.tickets.models import ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket


def groups(html: str) -> list[str]:
    return re.findall(r'<h2 class="group">([^<]+?) <span', html)


def a_ticket_in_each_status(world: World) -> dict[str, Ticket]:
    def filed(subject: str) -> Ticket:
        return file_ticket(world.contract, world.contact, subject=subject)

    closed, proposed, returned = filed("Closed one"), filed("Proposed one"), filed("Asked one")
    registered = filed("Fresh one")
    for ticket in (closed, proposed):
        propose_solution(ticket, author=world.engineer, body="Install 8.3.27.")
    accept_solution(closed, author=world.contact)
    record_public_reply(returned, author=world.engineer, body="Looking.")
    return_for_information(
        returned, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    return {"closed": closed, "proposed": proposed, "returned": returned, "new": registered}


def test_open_tickets_by_what_needs_the_customer_first(world: World) -> None:
    a_ticket_in_each_status(world)
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    html = client.get("/client/").content.decode()
    assert groups(html) == ["Предложено решение", "Ожидает ответа клиента", "Зарегистрировано"]
    assert "Closed one" not in html
    everything = client.get("/client/?status=").content.decode()
    assert groups(everything)[0] == "Предложено решение" and groups(everything)[-1] == "Закрыто"


def test_search_by_number_or_words(world: World) -> None:
    made = a_ticket_in_each_status(world)
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.contact)
    html = client.get("/client/", {"text": "Asked", "status": ""}).content.decode()
    assert "Asked one" in html and "Fresh one" not in html
    number = str(made["closed"].number)
    html = client.get("/client/", {"text": number, "status": ""}).content.decode()
    assert "Closed one" in html and "Asked one" not in html


def test_pages_keep_the_filters(world: World) -> None:
    for n in range(PAGE_SIZE + 2):
        file_ticket(world.contract, world.contact, subject=f"Ticket {n:02d}")
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    first = client.get("/client/", {"text": "Ticket", "status": "open"}).content.decode()
    assert first.count('class="num"') == PAGE_SIZE
    assert "Страница 1 из 2, 27 обращений" in first
    assert 'href="?text=Ticket&amp;status=open&amp;page=2"' in first
    second = client.get("/client/", {"text": "Ticket", "status": "open", "page": "2"})
    assert second.content.decode().count('class="num"') == 2
    assert client.get("/client/", {"page": "many"}).status_code == 200  # the first page
