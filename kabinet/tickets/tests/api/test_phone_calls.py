"""POST /api/v1/tickets/<number>/phone-calls: who may log a call, what the answer holds,
and bad input answered 4xx in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

CUSTOMER_ROLES = ("contact", "admin", "sibling_contact", "outsider")
SUPPLIER_ROLES = ("engineer", "other_engineer", "vendor_engineer")
# Who sees a ticket of World.contract ("own") or of World.other_contract ("other").
VISIBLE = {
    "own": {"contact", "admin", "sibling_contact", "engineer"},
    "other": {"outsider", "other_engineer"},
}
CALLED = dt.datetime(2026, 5, 12, 9, 0, tzinfo=dt.UTC)
LOGGED = dt.datetime(2026, 5, 12, 9, 20, tzinfo=dt.UTC)  # 12:20 Moscow


def url(ticket: Ticket | str) -> str:
    number = ticket if isinstance(ticket, str) else ticket.number
    return f"/api/v1/tickets/{number}/phone-calls"


def _expected(role: str, obj: str) -> int:
    if role not in VISIBLE[obj]:
        return 404  # byte for byte the answer for a number that does not exist
    return 201 if role in SUPPLIER_ROLES else 403


@pytest.mark.parametrize("obj", ["own", "other"])
@pytest.mark.parametrize("role", CUSTOMER_ROLES + SUPPLIER_ROLES)
def test_phone_call_access(world: World, role: str, obj: str) -> None:
    if obj == "own":
        ticket = file_ticket(world.contract, world.contact)
    else:
        ticket = file_ticket(world.other_contract, world.outsider)
    client = client_for(getattr(world, role))
    response = client.post(url(ticket), {"summary": "Called."}, format="json")
    expected = _expected(role, obj)
    assert response.status_code == expected, response.content
    if expected == 404:
        missing = client.post(url("KB-999999"), {"summary": "Called."}, format="json")
        assert response.content == missing.content
    calls = ticket.events.filter(payload__via="phone").count()
    assert calls == (1 if expected == 201 else 0)


def test_logged_call_is_answered_with_its_event(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    frozen_time.move_to(LOGGED)
    response = client_for(world.engineer).post(
        url(ticket),
        {"summary": "Logs tonight.", "called_at": "2026-05-12T12:00+03:00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "public_reply"
    # The SLA counts the call when it is logged (12:20, before the 12:30 deadline).
    assert dt.datetime.fromisoformat(data["at"]) == LOGGED
    assert dt.datetime.fromisoformat(data["payload"]["called_at"]) == CALLED
    assert data["payload"]["via"] == "phone"
    assert data["payload"]["body"] == "Logs tonight."
    sla = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}").json()["sla"]
    assert dt.datetime.fromisoformat(sla["reaction"]["met_at"]) == LOGGED
    assert sla["reaction"]["breached"] is False


@pytest.mark.parametrize(
    ("body", "field", "russian"),
    [
        ({"summary": "  "}, "summary", "Это поле не может быть пустым."),
        ({}, "summary", "Обязательное поле."),
        (
            {"summary": "x", "called_at": "2026-05-08T14:00"},
            "called_at",
            "Дата и время должны содержать смещение от UTC, например 2026-05-08T16:00+03:00.",
        ),
        (
            {"summary": "x", "called_at": "2026-05-08T17:00+03:00"},
            "called_at",
            "Звонок не может быть в будущем.",
        ),
        (
            {"summary": "x", "called_at": "2026-05-08T15:00+03:00"},
            "called_at",
            "Звонок не может быть раньше регистрации обращения.",
        ),
        ({"summary": "x", "direction": "sideways"}, "direction", "sideways нет среди допустимых"),
    ],
)
def test_bad_input_is_400_with_a_russian_message(
    world: World, body: dict[str, str], field: str, russian: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.engineer, "ru").post(url(ticket), body, format="json")
    assert response.status_code == 400, response.content
    assert russian in response.content.decode(), response.content.decode()
    assert response.json()["field"] == field


def test_closed_ticket_answers_409_in_english(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    engineer, contact = client_for(world.engineer), client_for(world.contact)
    engineer.post(f"/api/v1/tickets/{ticket.number}/solution", {"body": "Fix."}, format="json")
    contact.post(f"/api/v1/tickets/{ticket.number}/acceptance", {}, format="json")
    response = engineer.post(url(ticket), {"summary": "Called."}, format="json")
    assert response.status_code == 409
    assert "The ticket is closed." in response.content.decode()


def test_schema_documents_the_endpoint(world: World) -> None:
    schema = client_for(world.engineer).get("/api/schema/?format=json").json()
    post = schema["paths"]["/api/v1/tickets/{number}/phone-calls"]["post"]
    assert post["operationId"] == "tickets_phone_call"
    ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert set(fields) == {"summary", "called_at", "direction"}
