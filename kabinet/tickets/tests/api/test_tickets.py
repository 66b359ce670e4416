from __future__ import annotations

import json
from typing import Any

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "contract": world.contract.pk,
        "subject": "Cannot post invoices",
        "description": "Error when posting.",
        "criticality": 3,
        "is_production": True,
    }
    body.update(overrides)
    return body


def test_create_returns_ticket_with_number_and_etag(world: World) -> None:
    response = client_for(world.contact).post("/api/v1/tickets", payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("KB-")
    assert body["sla"]["reaction"]["due_at"] is not None
    assert response["ETag"] == '"1"'


def test_create_with_idempotency_key_returns_first_ticket(world: World) -> None:
    client = client_for(world.contact)
    first = client.post("/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = client.post(
        "/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.json()["number"] == second.json()["number"]
    assert Ticket.objects.count() == 1


def test_a_replay_answers_the_first_answer_and_says_so(world: World) -> None:
    client = client_for(world.contact)
    first = client.post("/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    replay = client.post(
        "/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == replay.status_code == 201
    assert "Idempotent-Replayed" not in first
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert replay["ETag"] == first["ETag"]


def test_the_same_content_in_another_layout_is_a_replay(world: World) -> None:
    client = client_for(world.contact)
    client.post("/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    reordered = dict(reversed(payload(world, channel="portal", intake={}).items()))
    replay = client.post(
        "/api/v1/tickets",
        json.dumps(reordered, indent=2),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    "change",
    [
        {"subject": "Another subject"},
        {"criticality": 4},
        {"is_production": False},
        {"intake": {"product": "CRM"}},
        {"more_diagnostic_data": True},
    ],
)
def test_reusing_a_key_for_another_request_is_409(world: World, change: dict[str, Any]) -> None:
    client = client_for(world.contact)
    first = client.post("/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    reused = client.post(
        "/api/v1/tickets", payload(world, **change), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert reused.status_code == 409
    assert reused.json()["field"] == "Idempotency-Key"
    assert first.json()["number"] in reused.json()["detail"]
    assert "Idempotent-Replayed" not in reused
    assert Ticket.objects.count() == 1


def test_reusing_a_key_is_refused_in_russian(world: World) -> None:
    client = client_for(world.contact, "ru")
    client.post("/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    reused = client.post(
        "/api/v1/tickets", payload(world, subject="x"), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert reused.status_code == 409
    assert "Idempotency-Key уже" in reused.json()["detail"]


def test_one_key_of_two_people_is_two_tickets(world: World) -> None:
    mine = client_for(world.contact).post(
        "/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    theirs = client_for(world.admin).post(
        "/api/v1/tickets", payload(world, subject="x"), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["number"] != theirs.json()["number"]


@pytest.mark.parametrize("key", ["nul\x00key", "tab\tkey", "ключ", "k" * 201])
def test_an_unusable_idempotency_key_is_400(world: World, key: str) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", payload(world), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert Ticket.objects.count() == 0


def test_create_on_expired_contract_is_refused_in_russian(world: World) -> None:
    world.contract.valid_to = world.contract.valid_from
    world.contract.save()
    response = client_for(world.contact, "ru").post(
        "/api/v1/tickets", payload(world), format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "contract"
    assert "не действует" in response.json()["detail"]


def test_create_on_invisible_contract_is_404(world: World) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", payload(world, contract=world.other_contract.pk), format="json"
    )
    assert response.status_code == 404
    missing = client_for(world.contact).post(
        "/api/v1/tickets", payload(world, contract=999999), format="json"
    )
    assert missing.status_code == 404
    assert missing.json() == response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"criticality": 7}, "criticality"),
        ({"criticality": "3"}, "criticality"),
        ({"criticality": None}, "criticality"),
        ({"is_production": "yes"}, "is_production"),
        ({"subject": 42}, "subject"),
        ({"intake": {"colour": "red"}}, "intake.colour"),
        ({"intake": "text"}, "intake"),
        ({"contract": "abc"}, "contract"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_input_is_400_naming_the_field(world: World, body: dict[str, Any], field: str) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", payload(world, **body), format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_malformed_json_is_400(world: World) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_json_array_body_is_400(world: World) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", data="[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400


def test_oversized_body_is_413(world: World) -> None:
    big = json.dumps(payload(world, description="x" * 400_000))
    response = client_for(world.contact).post(
        "/api/v1/tickets", data=big, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_unauthenticated_is_401(world: World) -> None:
    assert client_for(None).get("/api/v1/tickets").status_code == 401


def test_revoked_token_is_refused(world: World) -> None:
    from rest_framework.test import APIClient

    from kabinet.orgs.actions import issue_api_token, revoke_api_token

    token, plaintext = issue_api_token(world.contact, "laptop")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert client.get("/api/v1/tickets").status_code == 200
    revoke_api_token(token)
    assert client.get("/api/v1/tickets").status_code == 401


def test_list_filters(world: World) -> None:
    low = file_ticket(world.contract, world.contact, criticality=4)
    high = file_ticket(world.contract, world.contact, criticality=2)
    client = client_for(world.engineer)

    def numbers(response: Any) -> list[str]:
        return [t["number"] for t in response.json()["results"]]

    assert numbers(client.get("/api/v1/tickets?criticality=2")) == [high.number]
    assert numbers(client.get("/api/v1/tickets?criticality=4&criticality=2")) == [
        high.number,
        low.number,
    ]
    assert numbers(client.get(f"/api/v1/tickets?contract={world.other_contract.pk}")) == []
    assert numbers(client.get("/api/v1/tickets?breached=true")) == []
    assert len(numbers(client.get("/api/v1/tickets?breached=false"))) == 2
    assert numbers(client.get("/api/v1/tickets?status=closed")) == []
    due = client.get("/api/v1/tickets", {"due_before": "2026-05-12T12:00:00+03:00"})
    assert numbers(due) == [high.number]


def test_due_before_without_offset_is_refused(world: World) -> None:
    response = client_for(world.engineer).get("/api/v1/tickets?due_before=2026-05-12T12:00")
    assert response.status_code == 400
    assert response.json()["field"] == "due_before"


def test_list_is_cursor_paginated(world: World) -> None:
    for _ in range(3):
        file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    first = client.get("/api/v1/tickets?page_size=2").json()
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1


def test_patch_requires_if_match(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    url = f"/api/v1/tickets/{ticket.number}"
    assert client.patch(url, {"subject": "New"}, format="json").status_code == 428
    stale = client.patch(url, {"subject": "New"}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    ok = client.patch(url, {"subject": "New"}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200
    assert ok.json()["subject"] == "New"
    assert ok["ETag"] == '"2"'
    again = client.patch(url, {"subject": "Newer"}, format="json", HTTP_IF_MATCH='"1"')
    assert again.status_code == 412


def test_patch_of_a_field_that_is_not_editable_is_refused(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact).patch(
        f"/api/v1/tickets/{ticket.number}",
        {"criticality": 1},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response.json()["field"] == "criticality"


def test_sla_explanation(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    response = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}/sla")
    assert response.status_code == 200
    reaction = response.json()["targets"][0]
    assert reaction["target"] == "reaction"
    assert reaction["due_at"].startswith("2026-05-12T12:30")
    assert reaction["arithmetic"]


def test_schema_and_docs_are_served_locally(world: World) -> None:
    client = client_for(world.contact)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
