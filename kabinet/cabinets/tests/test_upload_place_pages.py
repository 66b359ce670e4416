"""The upload place on the ticket page: who may open, close and upload (other tenants 404,
anonymous to sign-in), what each side sees, and files above the limits through the form."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kabinet.conftest import World
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.actions.upload_places import close_upload_place, open_upload_place
from kabinet.tickets.models import Attachment, Ticket
from kabinet.tickets.tests.factories import file_ticket

PEOPLE = (
    "anon",
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)
SEES = {"contact", "admin", "sibling_contact", "engineer"}
SUPPLIER = {"engineer"}
# act: (path, who may do it among those who see the ticket, place open beforehand)
ACTS = {
    "open": ("upload-place/open/", SEES, False),
    "close": ("upload-place/close/", SUPPLIER, True),
    "file": ("upload-place/files/", SEES, True),
}


def _client(world: World, who: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    if who != "anon":
        client.force_login(getattr(world, who))
    return client


def _post(client: Client, ticket: Ticket, act: str) -> object:
    path = f"/tickets/{ticket.number}/{ACTS[act][0]}"
    if act == "file":
        return client.post(path, {"file": SimpleUploadedFile("t.log", b"trace\n")})
    return client.post(path, {})


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("act", sorted(ACTS))
def test_upload_place_acts_access(world: World, act: str, who: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    if ACTS[act][2]:
        open_upload_place(ticket, author=world.engineer)
    response = _post(_client(world, who), ticket, act)
    if who == "anon":
        expected = 302
    elif who not in SEES:
        expected = 404
    else:
        expected = 302 if who in ACTS[act][1] else 400
    assert response.status_code == expected, (act, who)  # type: ignore[attr-defined]
    if expected == 302 and who != "anon":
        assert response["Location"] == f"/tickets/{ticket.number}/"  # type: ignore[index]
    if expected in (404, 400) or who == "anon":
        assert Attachment.objects.count() == 0
    if act == "close" and expected == 400:
        assert b"Only the supplier&#x27;s staff may do this." in response.content  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", PEOPLE)
def test_ticket_page_shows_the_place_to_those_who_see_the_ticket(world: World, who: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    response = _client(world, who).get(f"/tickets/{ticket.number}/")
    if who == "anon":
        assert response.status_code == 302
        return
    if who not in SEES:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open until" in html and "2.0\xa0GB" in html
    assert f"/tickets/{ticket.number}/upload-place/files/" in html
    assert ("Close the upload place" in html) is (who in SUPPLIER)


def test_customer_is_offered_the_request_and_supplier_the_opening(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    customer = _client(world, "contact").get(f"/tickets/{ticket.number}/").content.decode()
    assert "I have more diagnostic data" in customer and "Open an upload place" not in customer
    assert "say below that you have more diagnostic data" in customer
    supplier = _client(world, "engineer").get(f"/tickets/{ticket.number}/").content.decode()
    assert "Open an upload place" in supplier and "I have more diagnostic data" not in supplier


def test_customer_request_opens_the_place_and_the_timeline_says_so(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = _client(world, "contact")
    assert client.post(f"/tickets/{ticket.number}/upload-place/open/", {}).status_code == 302
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "Upload place opened" in html and "Open until" in html
    assert "Send it through the upload place" in html


def test_file_above_the_package_limit_goes_through_the_place_form(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.attachment_size_limit = 1024
    package.large_upload_limit = 4 * 1024 * 1024
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    client = _client(world, "contact")
    big = b"L" * (3 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to disk
    refused = client.post(
        f"/tickets/{ticket.number}/files/", {"file": SimpleUploadedFile("tj.log", big)}
    )
    assert refused.status_code == 400
    open_upload_place(ticket, author=world.engineer)
    done = client.post(
        f"/tickets/{ticket.number}/upload-place/files/", {"file": SimpleUploadedFile("tj.log", big)}
    )
    assert done.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.size, attachment.upload_place is not None) == (len(big), True)
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "tj.log</a> · 3.0\xa0MB" in html


def test_one_byte_over_the_place_limit_is_refused_and_nothing_is_kept(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.large_upload_limit = 2048
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    response = _client(world, "contact").post(
        f"/tickets/{ticket.number}/upload-place/files/",
        {"file": SimpleUploadedFile("x.bin", b"x" * 2049)},
    )
    assert response.status_code == 400
    assert "larger than the upload place allows" in response.content.decode()
    assert [p for p in attachments_dir.rglob("*") if p.is_file()] == []


def test_closed_place_is_shown_as_closed_and_takes_no_files(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    close_upload_place(ticket, author=world.engineer)
    client = _client(world, "contact")
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "The upload place was closed at" in html
    response = client.post(
        f"/tickets/{ticket.number}/upload-place/files/",
        {"file": SimpleUploadedFile("x.bin", b"x")},
    )
    assert response.status_code == 400
    assert "The upload place is closed." in response.content.decode()


@pytest.mark.parametrize("who", ["contact", "admin", "sibling_contact"])
def test_customer_html_never_shows_internal_files(world: World, who: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    add_attachment(
        ticket,
        author=world.engineer,
        filename="SECRET-internal.log",
        content_type="text/plain",
        chunks=[b"secret"],
        internal=True,
    )
    html = _client(world, who).get(f"/tickets/{ticket.number}/").content.decode()
    assert "SECRET" not in html
    assert (
        "SECRET-internal.log"
        in _client(world, "engineer").get(f"/tickets/{ticket.number}/").content.decode()
    )
