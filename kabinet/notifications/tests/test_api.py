"""The notification endpoints × every person: notices are one's own; a ticket's watchers
are read and changed by its customer's and supplier's people, 404 for anyone else exactly
like a number that does not exist; a bad person id answers 400 with the message."""

from __future__ import annotations

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.notifications.models import Watcher
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

PEOPLE = (
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)
MISSING = "KB-999999"
SEES = {"contact", "admin", "sibling_contact", "engineer"}


@pytest.fixture
def ticket(world: World) -> Ticket:
    return file_ticket(world.contract, world.contact)


def test_notices_are_ones_own_and_read_all_reads_them(world: World, ticket: Ticket) -> None:
    deliver_notifications()
    contact = client_for(world.contact)
    page = contact.get("/api/v1/notifications").json()
    assert [(n["ticket"], n["kind"], n["read_at"]) for n in page["results"]] == [
        (ticket.number, "registered", None)
    ]
    assert page["results"][0]["kind_label"] == "your ticket is registered"
    assert (page["unread"], page["next_before"]) == (1, None)
    assert client_for(world.admin).get("/api/v1/notifications").json()["results"] == []

    assert contact.post("/api/v1/notifications/read").json() == {"read": 1}
    assert contact.get("/api/v1/notifications").json()["unread"] == 0
    assert client_for(None).get("/api/v1/notifications").status_code == 401


@pytest.mark.parametrize("before", ["x", "-1", "9" * 30])
def test_a_bad_cursor_is_a_400(world: World, before: str) -> None:
    response = client_for(world.contact).get("/api/v1/notifications", {"before": before})
    assert response.status_code == 400
    assert response.json()["field"] == "before"


@pytest.mark.parametrize("who", PEOPLE)
def test_watchers_are_read_by_the_tickets_sides(world: World, ticket: Ticket, who: str) -> None:
    client = client_for(getattr(world, who))
    response = client.get(f"/api/v1/tickets/{ticket.number}/watchers")
    assert response.status_code == (200 if who in SEES else 404)
    if who not in SEES:
        assert response.json() == client.get(f"/api/v1/tickets/{MISSING}/watchers").json()


@pytest.mark.parametrize("who", PEOPLE)
def test_watchers_are_added_and_removed_by_the_tickets_sides(
    world: World, ticket: Ticket, who: str
) -> None:
    client = client_for(getattr(world, who))
    url = f"/api/v1/tickets/{ticket.number}/watchers"
    added = client.post(url, {"person": world.admin.pk}, format="json")
    assert added.status_code == (201 if who in SEES else 404)
    if who not in SEES:
        return
    assert added.json()["id"] == world.admin.pk
    assert [w["id"] for w in client.get(url).json()] == [world.admin.pk]
    assert client.delete(f"{url}/{world.admin.pk}").status_code == 204
    assert Watcher.objects.count() == 0


def test_only_the_customers_people_can_watch(world: World, ticket: Ticket) -> None:
    client = client_for(world.contact, language="ru")
    url = f"/api/v1/tickets/{ticket.number}/watchers"
    for person in (world.outsider.pk, world.engineer.pk, 999_999, world.contact.pk):
        response = client.post(url, {"person": person}, format="json")
        assert response.status_code == 400
    outsider = client.post(url, {"person": world.outsider.pk}, format="json").json()
    missing = client.post(url, {"person": 999_999}, format="json").json()
    assert outsider == missing  # another customer's person reads like no one
    assert "Наблюдать за обращением может только контактное лицо клиента." in str(outsider)
    assert client.post(url, {"person": "1"}, format="json").status_code == 400
    assert client.delete(f"{url}/{world.admin.pk}").status_code == 400
    assert Watcher.objects.count() == 0
