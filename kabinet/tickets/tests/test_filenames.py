"""File names with invisible format characters (a right-to-left override turns
``invoice<U+202E>fdp.exe`` into what reads as ``invoiceexe.pdf``) are stored, shown and
offered for download without them, so the extension seen is the real one."""

from __future__ import annotations

import importlib
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets import actions
from kabinet.tickets.actions.attachments import clean_filename
from kabinet.tickets.models import Attachment, EventKind
from kabinet.tickets.tests.factories import file_ticket

migration = importlib.import_module(
    "kabinet.tickets.migrations.0007_filenames_without_format_characters"
)

BIDI_CONTROLS = [
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
    "\u200e",
    "\u200f",
    "\u061c",
]
DISGUISED = "invoice\u202efdp.exe"


@pytest.mark.parametrize("control", [*BIDI_CONTROLS, "\u200b", "\ufeff", "\u2060"])
def test_clean_filename_removes_every_invisible_format_character(control: str) -> None:
    assert clean_filename(f"invoice{control}fdp.exe") == "invoicefdp.exe"


def test_a_name_of_only_controls_is_no_name() -> None:
    with pytest.raises(Exception, match="A file name is required"):
        clean_filename("\u202e\u2066")


def test_names_in_other_scripts_are_kept() -> None:
    assert clean_filename("отчёт تقرير 報告.pdf") == "отчёт تقرير 報告.pdf"


def _disposition(response: object) -> str:
    return unquote(response["Content-Disposition"])  # type: ignore[index]


def test_upload_stores_shows_and_offers_the_name_without_the_override(
    world: World, client: Client
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    api = client_for(world.contact)
    base = f"/api/v1/tickets/{ticket.number}/attachments"
    upload = api.generic(
        "POST", f"{base}?filename={DISGUISED}", data="MZ", content_type="application/pdf"
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["filename"] == "invoicefdp.exe"
    event = ticket.events.get(kind=EventKind.ATTACHMENT_ADDED)
    assert event.payload["filename"] == "invoicefdp.exe"
    download = api.get(f"{base}/{upload.json()['id']}")
    assert "invoicefdp.exe" in _disposition(download)
    client.force_login(world.contact)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "invoicefdp.exe" in page and "\u202e" not in page


def test_an_older_disguised_name_is_offered_without_the_override(
    world: World, client: Client
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    attachment = actions.add_attachment(
        ticket, author=world.contact, filename="x.exe", content_type="", chunks=[b"MZ"]
    )
    Attachment.objects.filter(pk=attachment.pk).update(filename=DISGUISED)
    api_download = client_for(world.contact).get(
        f"/api/v1/tickets/{ticket.number}/attachments/{attachment.pk}"
    )
    client.force_login(world.contact)
    page_download = client.get(f"/tickets/{ticket.number}/files/{attachment.pk}/")
    for response in (api_download, page_download):
        assert "invoicefdp.exe" in _disposition(response)
        assert "\u202e" not in _disposition(response)


def test_the_migration_cleans_stored_names_and_their_events(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    attachment = actions.add_attachment(
        ticket, author=world.contact, filename="x.exe", content_type="", chunks=[b"MZ"]
    )
    Attachment.objects.filter(pk=attachment.pk).update(filename=DISGUISED)
    event = ticket.events.get(kind=EventKind.ATTACHMENT_ADDED)
    event.payload["filename"] = DISGUISED
    event.save(update_fields=["payload"])
    migration.clean_filenames(apps, None)
    attachment.refresh_from_db()
    event.refresh_from_db()
    assert attachment.filename == "invoicefdp.exe"
    assert event.payload["filename"] == "invoicefdp.exe"
