"""The API under storage and database faults: its JSON error format and the right status
(404 for a file gone from the disk, 503 with Retry-After for a disk or database that cannot
serve now, 500 for anything else), never Django's HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.middleware.common import CommonMiddleware
from django.test import Client
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World, read_only_database
from kabinet.tickets import storage
from kabinet.tickets.models import Attachment, Ticket
from kabinet.tickets.tests.factories import file_ticket


def _upload(client: Client | APIClient, ticket: Ticket, data: str = "line\n") -> Any:
    return client.generic(
        "POST",
        f"/api/v1/tickets/{ticket.number}/attachments?filename=trace.log",
        data=data,
        content_type="text/plain",
    )


def _is_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) >= {"detail", "field"}
    return body


def test_downloading_a_file_gone_from_the_disk_is_a_json_404(
    world: World, attachments_dir: Path
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact, "ru")
    attachment_id = _upload(client, ticket).json()["id"]
    (attachments_dir / Attachment.objects.get().storage_name).unlink()

    response = client.get(f"/api/v1/tickets/{ticket.number}/attachments/{attachment_id}")

    body = _is_json_error(response, 404)
    assert body["detail"] == "Файл вложения отсутствует в хранилище."


def test_a_store_that_cannot_take_files_is_a_json_503_with_retry_after(
    world: World, attachments_dir: Path
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    attachments_dir.write_text("a file where the folder should be")

    response = _upload(client_for(world.contact, "ru"), ticket)

    body = _is_json_error(response, 503)
    assert body["detail"] == "Сейчас файлы не удаётся сохранить. Повторите попытку позже."
    assert int(response["Retry-After"]) > 0
    assert Attachment.objects.count() == 0


def test_a_read_only_database_is_a_json_503_with_retry_after(world: World) -> None:
    client = client_for(world.contact)
    with read_only_database():
        response = client.post(
            "/api/v1/tickets",
            {"contract": world.contract.pk, "subject": "Down", "description": "Nothing works."},
            format="json",
        )

    body = _is_json_error(response, 503)
    assert "database" in body["detail"]
    assert int(response["Retry-After"]) > 0


def test_a_fault_outside_the_api_views_is_still_json(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raised in a middleware, before DRF: Django's handler500 answers for the API."""

    def locked(*_: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(CommonMiddleware, "process_request", locked)
    client = client_for(world.contact)
    client.raise_request_exception = False

    response = client.get("/api/v1/tickets")

    _is_json_error(response, 503)
    assert int(response["Retry-After"]) > 0


def test_an_unexpected_error_in_the_api_is_a_json_500_that_tells_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(storage, "open_stored", broken)
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    attachment_id = _upload(client, ticket).json()["id"]
    client.raise_request_exception = False

    response = client.get(f"/api/v1/tickets/{ticket.number}/attachments/{attachment_id}")

    body = _is_json_error(response, 500)
    assert "secret" not in body["detail"]
