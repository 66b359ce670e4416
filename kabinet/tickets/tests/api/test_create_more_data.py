"""POST /api/v1/tickets with ``more_diagnostic_data``: the place is there at once (GET
/upload-place), not without the flag, the flag's shape checked, and the schema names it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import NOW, World
from kabinet.tickets.models import UploadPlace


def _payload(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "contract": world.contract.pk,
        "subject": "Зависает закрытие месяца",
        "description": "Технологический журнал за сутки — 800 МБ.",
        "criticality": 3,
        "is_production": True,
    }
    body.update(overrides)
    return body


def test_create_with_more_data_gives_the_place_at_once(world: World) -> None:
    client = client_for(world.contact)
    created = client.post(
        "/api/v1/tickets", _payload(world, more_diagnostic_data=True), format="json"
    )
    assert created.status_code == 201, created.content
    number = created.json()["number"]

    place = client.get(f"/api/v1/tickets/{number}/upload-place")

    assert place.status_code == 200, place.content
    assert place.json()["usable"] is True
    assert dt.datetime.fromisoformat(place.json()["expires_at"]) == NOW + dt.timedelta(days=14)
    assert place.json()["limit"] == world.contract.package.large_upload_limit
    engineer = client_for(world.engineer).get(f"/api/v1/tickets/{number}/upload-place")
    assert engineer.status_code == 200 and engineer.json()["usable"] is True


@pytest.mark.parametrize("flag", [False, None])
def test_create_without_the_flag_opens_no_place(world: World, flag: bool | None) -> None:
    body = _payload(world) if flag is None else _payload(world, more_diagnostic_data=flag)
    created = client_for(world.contact).post("/api/v1/tickets", body, format="json")
    assert created.status_code == 201, created.content

    assert UploadPlace.objects.count() == 0
    place = client_for(world.contact).get(
        f"/api/v1/tickets/{created.json()['number']}/upload-place"
    )
    assert place.status_code == 404


@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_a_non_boolean_flag_is_400_and_files_nothing(world: World, value: object) -> None:
    response = client_for(world.contact, "ru").post(
        "/api/v1/tickets", _payload(world, more_diagnostic_data=value), format="json"
    )
    assert response.status_code == 400
    assert "more_diagnostic_data" in response.content.decode()
    assert UploadPlace.objects.count() == 0


def test_another_tenants_contract_with_the_flag_is_404_and_opens_nothing(world: World) -> None:
    response = client_for(world.contact).post(
        "/api/v1/tickets",
        _payload(world, contract=world.other_contract.pk, more_diagnostic_data=True),
        format="json",
    )
    assert response.status_code == 404
    assert UploadPlace.objects.count() == 0


def test_the_schema_documents_the_flag(world: World) -> None:
    schema = client_for(world.engineer).get("/api/schema/", {"format": "json"}).json()
    create = schema["components"]["schemas"]["TicketCreateInputRequest"]
    field = create["properties"]["more_diagnostic_data"]
    assert field["type"] == "boolean"
    assert "upload place" in field["description"]
    assert "more_diagnostic_data" not in create.get("required", [])
