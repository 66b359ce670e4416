"""POST /api/v1/tickets/<number>/reopen: the customer reopens a closed ticket with a reason.

Who may call it at all is in test_access_matrix; here: the answer, the resumed clock, the
refusals a person reads, and the OpenAPI schema.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
import yaml

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets import actions
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

MSK = ZoneInfo("Europe/Moscow")


def closed(world: World, traveller: time_machine.Traveller) -> Ticket:
    """Level 3, resolution 8 working hours on 9:30–18:00: registered Fri 2026-05-08 16:00
    (shortened day: 1 h), solution Tue 05-12 10:30 (1 h more: 2 h used), closed 11:00."""
    traveller.move_to(dt.datetime(2026, 5, 8, 16, 0, tzinfo=MSK))
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    traveller.move_to(dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK))
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    traveller.move_to(dt.datetime(2026, 5, 12, 11, 0, tzinfo=MSK))
    actions.accept_solution(ticket, author=world.contact)
    return ticket


def test_reopen_answers_the_event_and_the_ticket_runs_again(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed(world, frozen_time)
    frozen_time.move_to(dt.datetime(2026, 5, 14, 17, 0, tzinfo=MSK))
    client = client_for(world.contact)
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/reopen", {"reason": "It fails again"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "reopened"
    detail = client.get(f"/api/v1/tickets/{ticket.number}").json()
    assert detail["status"] == "in_progress"
    assert detail["closed_at"] is None
    # 6 h remain: 1 h on Thu 05-14 (17:00–18:00), 5 h on Fri 05-15 from 9:30: 14:30 Moscow.
    resolution = detail["sla"]["resolution"]
    assert resolution["met_at"] is None
    due = dt.datetime.fromisoformat(resolution["due_at"])
    assert due == dt.datetime(2026, 5, 15, 14, 30, tzinfo=MSK)


def test_reopen_without_reason_is_400_naming_the_field(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed(world, frozen_time)
    url = f"/api/v1/tickets/{ticket.number}/reopen"
    client = client_for(world.contact, "ru")
    for body in ({}, {"reason": "   "}):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["field"] == "reason"


def test_reopen_after_the_window_is_409_in_russian(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed(world, frozen_time)
    frozen_time.move_to(dt.datetime(2026, 6, 11, 11, 1, tzinfo=MSK))  # 30 days + 1 minute
    response = client_for(world.contact, "ru").post(
        f"/api/v1/tickets/{ticket.number}/reopen", {"reason": "Снова ошибка"}, format="json"
    )
    assert response.status_code == 409, response.content
    detail = response.json()["detail"]
    assert "30 дн. после закрытия" in detail
    assert "зарегистрируйте новое обращение" in detail
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"


def test_reopen_of_an_open_ticket_is_409(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact).post(
        f"/api/v1/tickets/{ticket.number}/reopen", {"reason": "Again"}, format="json"
    )
    assert response.status_code == 409


def test_reopen_is_in_the_openapi_schema(world: World) -> None:
    response = client_for(world.contact).get("/api/schema/")
    schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/tickets/{number}/reopen"]["post"]
    assert operation["operationId"] == "tickets_reopen"
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/ReopenInputRequest"
    assert schema["components"]["schemas"]["ReopenInputRequest"]["required"] == ["reason"]
