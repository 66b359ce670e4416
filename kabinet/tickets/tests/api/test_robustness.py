"""Bad input never becomes a 500: every write endpoint fed garbage answers 4xx JSON."""

from __future__ import annotations

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.tests.factories import file_ticket

WRITE_PATHS = [
    "/replies",
    "/comments",
    "/customer-replies",
    "/criticality",
    "/return",
    "/solution",
    "/workaround",
    "/acceptance",
    "/rejection",
    "/rating",
    "/assignee",
    "/classification",
]
GARBAGE = [
    "{",
    "[" * 100_000 + "]" * 100_000,
    "[]",
    "null",
    '"text"',
    "42",
    '{"body": 1, "criticality": "x", "reason": [], "rating": 9.5, "assignee": "me"}',
    '{"body": null, "criticality": 99, "resolution_class": "odd", "reason": {}}',
    '{"\\ud800": "lone surrogate"}',
    '{"body": "\\ud800", "reason": "\\ud800"}',
    '{"body": "nul \\u0000 here", "reason": "nul \\u0000"}',
]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_garbage_to_action_endpoints_is_4xx(world: World, path: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    for role in (world.engineer, world.contact):
        client = client_for(role)
        for body in GARBAGE:
            response = client.post(
                f"/api/v1/tickets/{ticket.number}{path}",
                data=body,
                content_type="application/json",
            )
            assert 400 <= response.status_code < 500, (path, body, response.content)
            assert response.json()["detail"]


def test_garbage_patch_is_4xx(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    for body in GARBAGE:
        response = client.patch(
            f"/api/v1/tickets/{ticket.number}",
            data=body,
            content_type="application/json",
            HTTP_IF_MATCH='"1"',
        )
        assert 400 <= response.status_code < 500, (body, response.content)


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "criticality=9", "contract=x", "breached=maybe", "cursor=%%%", "page_size=x"],
)
def test_bad_list_queries_are_not_500(world: World, query: str) -> None:
    response = client_for(world.engineer).get(f"/api/v1/tickets?{query}")
    assert response.status_code < 500


def test_wrong_media_type_is_415(world: World) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets", data="a=b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_validation_message_follows_accept_language(world: World) -> None:
    ru = client_for(world.contact, "ru").post("/api/v1/tickets", {}, format="json")
    en = client_for(world.contact, "en").post("/api/v1/tickets", {}, format="json")
    assert ru.status_code == en.status_code == 400
    assert ru.json()["field"] == en.json()["field"] == "contract"
    assert en.json()["detail"] == "This field is required."
    assert ru.json()["detail"] == "Обязательное поле."
