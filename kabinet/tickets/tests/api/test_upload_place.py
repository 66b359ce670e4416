"""The upload-place endpoints: who may read, open, close and put files; the place's limit at
its boundary; expired and closed places; bad input as 4xx in the reader's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import NOW, World
from kabinet.orgs.models import Person
from kabinet.tickets.actions.upload_places import close_upload_place, open_upload_place
from kabinet.tickets.models import Attachment, Ticket
from kabinet.tickets.tests.factories import file_ticket

CUSTOMER_ROLES = ("contact", "admin", "sibling_contact", "outsider")
SUPPLIER_ROLES = ("engineer", "other_engineer", "vendor_engineer")
VISIBLE = {
    "own": {"contact", "admin", "sibling_contact", "engineer"},
    "other": {"outsider", "other_engineer"},
}
MISSING = "KB-999999"
# name: (method, path, who may act once they see the ticket, success status, place needed)
ENDPOINTS = {
    "read": ("get", "/upload-place", "any", 200, True),
    "open": ("post", "/upload-place", "any", 201, False),
    "close": ("delete", "/upload-place", "supplier", 200, True),
    "put": ("put", "/upload-place/files/trace.log", "any", 201, True),
}


def _subject(world: World, obj: str) -> tuple[Ticket, Person]:
    if obj == "own":
        return file_ticket(world.contract, world.contact), world.engineer
    return file_ticket(world.other_contract, world.outsider), world.other_engineer


def _call(person: Person | None, method: str, url: str) -> Any:
    client = client_for(person)
    if method == "put":
        return client.generic("PUT", url, data="log line\n", content_type="text/plain")
    if method == "post":
        return client.post(url, {}, format="json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("obj", ["own", "other"])
@pytest.mark.parametrize("role", CUSTOMER_ROLES + SUPPLIER_ROLES)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_upload_place_endpoint_access(world: World, name: str, role: str, obj: str) -> None:
    method, path, side, ok, needs_place = ENDPOINTS[name]
    ticket, supplier = _subject(world, obj)
    if needs_place:
        open_upload_place(ticket, author=supplier)
    response = _call(getattr(world, role), method, f"/api/v1/tickets/{ticket.number}{path}")
    if role not in VISIBLE[obj]:
        expected = 404
    else:
        own_side = "customer" if role in CUSTOMER_ROLES else "supplier"
        expected = ok if side in ("any", own_side) else 403
    assert response.status_code == expected, (name, role, obj, response.content)
    if expected == 404:
        missing = _call(getattr(world, role), method, f"/api/v1/tickets/{MISSING}{path}")
        assert response.content == missing.content
        assert Attachment.objects.filter(ticket=ticket).count() == 0


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_anonymous_gets_401_everywhere(world: World, name: str) -> None:
    method, path, *_ = ENDPOINTS[name]
    ticket, supplier = _subject(world, "own")
    open_upload_place(ticket, author=supplier)
    response = _call(None, method, f"/api/v1/tickets/{ticket.number}{path}")
    assert response.status_code == 401


def test_put_file_into_the_place_lists_it_with_its_size(world: World) -> None:
    package = world.contract.package
    package.attachment_size_limit = 10
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    opened = client_for(world.contact).post(
        f"/api/v1/tickets/{ticket.number}/upload-place", {}, format="json"
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["usable"] is True
    expires = dt.datetime.fromisoformat(opened.json()["expires_at"])
    assert expires == NOW + dt.timedelta(days=14)
    response = client_for(world.contact).generic(
        "PUT",
        f"/api/v1/tickets/{ticket.number}/upload-place/files/tech log.zip",
        data="z" * 1000,
        content_type="application/zip",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["filename"], response.json()["size"]) == ("tech log.zip", 1000)
    listed = client_for(world.engineer).get(f"/api/v1/tickets/{ticket.number}/attachments")
    assert [(a["filename"], a["size"]) for a in listed.json()] == [("tech log.zip", 1000)]


def test_supplier_chooses_the_period_and_bad_periods_are_400(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    url = f"/api/v1/tickets/{ticket.number}/upload-place"
    bad = client_for(world.engineer, "ru").post(url, {"days": 0}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "days"
    customer = client_for(world.contact, "ru").post(url, {"days": 30}, format="json")
    assert customer.status_code == 400
    assert "Период" in customer.json()["detail"]
    ok = client_for(world.engineer).post(url, {"days": 30}, format="json")
    assert ok.status_code == 201
    again = client_for(world.contact).post(url, {}, format="json")
    assert again.status_code == 409


def test_place_boundary_exact_limit_ok_one_byte_more_413(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.large_upload_limit = 4096
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    url = f"/api/v1/tickets/{ticket.number}/upload-place/files/"
    exact = client_for(world.contact).generic("PUT", url + "a.bin", data="a" * 4096)
    assert exact.status_code == 201, exact.content
    over = client_for(world.contact, "ru").generic("PUT", url + "b.bin", data="b" * 4097)
    assert over.status_code == 413
    assert over.json()["field"] == "file"
    assert "4096 байт" in over.json()["detail"] and "место для загрузки" in over.json()["detail"]
    english = client_for(world.contact).generic("PUT", url + "b.bin", data="b" * 4097)
    assert "4096 bytes" in english.json()["detail"]
    stored = [p for p in attachments_dir.rglob("*") if p.is_file()]
    assert [p.stat().st_size for p in stored] == [4096]
    assert list(Attachment.objects.values_list("filename", flat=True)) == ["a.bin"]


def test_expired_or_closed_place_is_409(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    url = f"/api/v1/tickets/{ticket.number}/upload-place/files/late.log"
    none = client_for(world.contact).generic("PUT", url, data="x")
    assert none.status_code == 409
    open_upload_place(ticket, author=world.engineer, days=2)
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        expired = client_for(world.contact, "ru").generic("PUT", url, data="x")
        assert expired.status_code == 409
        assert "истёк" in expired.json()["detail"]
        open_upload_place(ticket, author=world.engineer)
        close_upload_place(ticket, author=world.engineer)
        closed = client_for(world.contact).generic("PUT", url, data="x")
        assert closed.status_code == 409
        assert closed.json()["detail"] == "The upload place is closed."
        state = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}/upload-place")
        assert state.json()["usable"] is False and state.json()["closed_by"] is not None
    assert Attachment.objects.count() == 0


def test_read_without_any_place_is_404_with_its_own_message(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}/upload-place")
    assert response.status_code == 404
    assert response.json()["detail"] == "The ticket has no upload place."
