"""The cabinet under storage and database faults: its own 503 and 500 pages in the
person's language (never Django's debug or bare HTML), and a 404 for a file gone from the
disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.middleware.common import CommonMiddleware
from django.test import Client

from kabinet.conftest import World, read_only_database
from kabinet.orgs.models import Person
from kabinet.tickets import storage
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def _client(person: Person, language: str = "ru") -> Client:
    client = Client(headers={"accept-language": language}, raise_request_exception=False)
    client.force_login(person)
    return client


def _page(response: Any) -> str:
    text: str = response.content.decode()
    assert "Traceback" not in text and "technical_500" not in text
    return text


@pytest.fixture
def ticket(world: World) -> Ticket:
    return file_ticket(world.contract, world.contact)


def test_a_file_gone_from_the_disk_is_the_404_page(
    world: World, ticket: Ticket, attachments_dir: Path
) -> None:
    attachment = add_attachment(
        ticket, author=world.contact, filename="a.log", content_type="", chunks=[b"x"]
    )
    (attachments_dir / attachment.storage_name).unlink()

    response = _client(world.contact).get(f"/tickets/{ticket.number}/files/{attachment.pk}/")

    assert response.status_code == 404


def test_a_read_only_database_is_the_503_page_in_the_persons_language(
    world: World, ticket: Ticket
) -> None:
    client = _client(world.contact)
    with read_only_database():
        response = client.post(f"/tickets/{ticket.number}/reply/", {"body": "Still broken."})

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Временно недоступно" in _page(response)


def test_a_full_disk_on_a_form_upload_is_the_503_page(
    world: World, ticket: Ticket, attachments_dir: Path
) -> None:
    attachments_dir.write_text("a file where the folder should be")
    response = _client(world.contact, "en").post(
        f"/tickets/{ticket.number}/files/",
        {"file": SimpleUploadedFile("trace.log", b"data"), "internal": ""},
    )

    assert response.status_code == 503
    assert "Temporarily unavailable" in _page(response)


def test_a_fault_is_the_503_page_even_with_debug_on(
    world: World, ticket: Ticket, settings: LazySettings
) -> None:
    settings.DEBUG = True
    client = _client(world.contact, "en")
    with read_only_database():
        response = client.post(f"/tickets/{ticket.number}/reply/", {"body": "Still broken."})

    assert response.status_code == 503
    assert "Temporarily unavailable" in _page(response)


def test_a_fault_raised_in_a_middleware_is_the_503_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: Any) -> None:
        raise OperationalError("database is locked")

    client = _client(world.contact)
    monkeypatch.setattr(CommonMiddleware, "process_request", locked)

    response = client.get("/client/")

    assert response.status_code == 503
    assert "Временно недоступно" in _page(response)


def test_an_unexpected_error_is_the_500_page_that_tells_nothing(
    world: World, ticket: Ticket, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment = add_attachment(
        ticket, author=world.contact, filename="a.log", content_type="", chunks=[b"x"]
    )

    def broken(*_: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(storage, "open_stored", broken)

    response = _client(world.contact).get(f"/tickets/{ticket.number}/files/{attachment.pk}/")

    assert response.status_code == 500
    page = _page(response)
    assert "Что-то пошло не так" in page
    assert "secret" not in page


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [("ru", "Страница не найдена", "На главную страницу"), ("en", "Page not found", "Go to")],
)
def test_an_unknown_address_is_the_cabinets_404_page(
    world: World, language: str, heading: str, back: str
) -> None:
    for path in ("/no-such-page/", "/tickets/KB-999999/"):
        response = _client(world.contact, language).get(path)
        html = response.content.decode()
        assert response.status_code == 404
        assert f"<h1>{heading}</h1>" in html and back in html and 'class="top"' in html
        assert "Not Found" not in html


def test_a_refused_form_is_the_cabinets_csrf_page(world: World) -> None:
    client = Client(
        headers={"accept-language": "ru"}, enforce_csrf_checks=True, raise_request_exception=False
    )
    client.force_login(world.contact)
    response = client.post("/client/new/", {"subject": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Форма устарела</h1>" in html and "На главную страницу" in html
