"""The API of seed issue 18's acts: credentials given and shown (to the assignee and the
giver only, never in the ticket or its events), expediting, refusal with a listed reason,
and the two ratings."""

from __future__ import annotations

import json

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets import actions
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

SECRET = "rdp 10.0.0.5 admin / Temp-Pa55"


@pytest.fixture
def given(world: World) -> Ticket:
    ticket = file_ticket(world.contract, world.contact)
    actions.assign(ticket, author=world.engineer, assignee_id=None)
    response = client_for(world.contact).post(
        f"/api/v1/tickets/{ticket.number}/credentials", {"secret": SECRET}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "credentials_given"
    assert "Temp-Pa55" not in response.content.decode()
    return ticket


# Who may see the secret: the person who gave it, and the assignee once assigned; the rest
# of both sides see the ticket but are refused (403); strangers get 404.
REVEAL = {
    "contact": 200,
    "admin": 403,
    "sibling_contact": 403,
    "engineer": 403,
    "outsider": 404,
    "other_engineer": 404,
    "vendor_engineer": 404,
}


@pytest.mark.parametrize("role", sorted(REVEAL))
def test_who_may_see_the_credentials(world: World, given: Ticket, role: str) -> None:
    response = client_for(getattr(world, role)).post(
        f"/api/v1/tickets/{given.number}/credentials/reveal", {}, format="json"
    )
    assert response.status_code == REVEAL[role], response.content
    if response.status_code == 200:
        assert response.json() == {"secret": SECRET}
        assert "no-store" in response["Cache-Control"]
    else:
        assert "Temp-Pa55" not in response.content.decode()


def test_the_assignee_sees_them_and_nothing_else_carries_them(world: World, given: Ticket) -> None:
    actions.assign(given, author=world.engineer, assignee_id=world.engineer.pk)
    engineer = client_for(world.engineer)
    url = f"/api/v1/tickets/{given.number}"
    shown = engineer.post(f"{url}/credentials/reveal", {}, format="json")
    assert shown.status_code == 200 and shown.json()["secret"] == SECRET
    for path in ("", "/events", "/sla"):
        assert "Temp-Pa55" not in engineer.get(url + path).content.decode()
    assert "Temp-Pa55" not in engineer.get("/api/v1/tickets").content.decode()
    kinds = [e["kind"] for e in engineer.get(f"{url}/events").json()["results"]]
    assert "credentials_given" in kinds and "credentials_viewed" in kinds


def test_blank_credentials_name_the_field(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact).post(
        f"/api/v1/tickets/{ticket.number}/credentials", {"secret": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "secret" in json.dumps(response.json())


def test_expedite_twice_a_day_is_a_conflict(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    url = f"/api/v1/tickets/{ticket.number}/expedite"
    assert client.post(url, {"body": "Stands."}, format="json").status_code == 201
    again = client.post(url, {"body": "Still."}, format="json")
    assert again.status_code == 409, again.content


def test_refusal_takes_a_listed_reason(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.engineer)
    url = f"/api/v1/tickets/{ticket.number}/refusal"
    bad = client.post(url, {"reason": "bored", "body": "No."}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "reason"
    done = client.post(
        url, {"reason": "undocumented_capabilities", "body": "A hidden API."}, format="json"
    )
    assert done.status_code == 201
    expected = {"reason": "undocumented_capabilities", "body": "A hidden API."}
    assert done.json()["payload"] == expected
    item = client.get(f"/api/v1/tickets/{ticket.number}").json()
    assert item["status"] == "closed"


def test_both_ratings_through_the_api(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Fixed.")
    actions.accept_solution(ticket, author=world.contact)
    client = client_for(world.contact)
    url = f"/api/v1/tickets/{ticket.number}"
    bad = client.post(f"{url}/rating", {"rating": 5, "solution_rating": 7}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "solution_rating"
    rated = {"rating": 5, "solution_rating": 2, "comment": "More tests."}
    ok = client.post(f"{url}/rating", rated, format="json")
    assert ok.status_code == 201
    item = client.get(url).json()
    assert (item["rating"], item["solution_rating"], item["rating_comment"]) == (
        5,
        2,
        "More tests.",
    )
