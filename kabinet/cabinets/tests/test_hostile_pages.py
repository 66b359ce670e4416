"""Hostile input never becomes a 500 on a page either: every URL of the cabinets (and the
dashboards), asked with each hostile value in every form field and query parameter (ids
beyond 64 bits, dates in year 1 and 9999, NUL, a file part with an overlong media type),
answers below 500. The URLs and the field names come from the URL map and the forms, so
new pages and fields are swept without touching this file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kabinet.cabinets.forms import chain, filters, people, tickets, tools, upload_places
from kabinet.conftest import World
from kabinet.contracts.models import IntakeField
from kabinet.tickets.actions.upload_places import open_upload_place
from kabinet.tickets.tests.factories import file_ticket

HOSTILE = [
    "9223372036854775808",
    "9" * 5000,
    "²",
    "-9223372036854775809",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "0001-01-01",
    "9999-12-31",
    "nul\x00inside",
]
FORM_MODULES = (chain, filters, people, tickets, tools, upload_places)


def _field_names() -> set[str]:
    names = {f"intake_{name}" for name in IntakeField.values}
    names |= {"name", "contract", "granularity", "supplier", "start", "end", "time_zone"}
    for module in FORM_MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Form):
                names |= set(value.base_fields)
    return names - {"file"}


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route, name) of every page: the cabinets, saved views and dashboards."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(("api/", "admin/", "sso/")):
                yield from _routes(entry, route)
        elif isinstance(entry, URLPattern) and "logout" not in route:
            yield route, str(entry.name)


def _url(route: str, ids: dict[str, str]) -> str:
    path = "/" + route
    for name, value in ids.items():
        for kind in ("id", "key"):
            path = path.replace(f"<{kind}:{name}>", quote(value, safe=""))
    return path


def _fault(response: Any) -> bool:
    """A 5xx, except the readiness probe saying "not ready" (a 503 is its answer while the
    SLA scan has not run, as in a test database), which must still name its checks."""
    if response.status_code == 503 and response.get("Content-Type") == "application/json":
        body = response.json()
        return not (body.get("status") == "unready" and body.get("checks"))
    return bool(response.status_code >= 500)


@pytest.mark.parametrize(("route", "name"), sorted(_routes()))
def test_hostile_form_input_is_never_a_500(world: World, route: str, name: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    ids = {
        "number": str(ticket.number),
        "contract_id": str(world.contract.pk),
        "attachment_id": "1",
        "view_id": "1",
        "cabinet": "partner",
    }
    faults = []
    for person in (world.engineer, world.contact):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        for value in HOSTILE:
            data: dict[str, Any] = dict.fromkeys(_field_names(), value)
            upload = SimpleUploadedFile(
                "trace\x00.log", b"x", content_type="application/" + "x" * 200
            )
            url = _url(route, ids)
            for method, response in (
                ("GET", client.get(url, data)),
                ("POST", client.post(url, {**data, "file": upload})),
            ):
                if _fault(response):
                    faults.append(f"{method} {url} as {person} with {value[:20]!r}")
        for key, value in (("number", "KB-\x00"), ("contract_id", "9" * 30)):
            url = _url(route, {**ids, key: value})
            if _fault(client.get(url)):
                faults.append(f"GET {url!r} as {person}")
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize(
    "called_at", ["0001-01-01T00:00", "9999-12-31T23:59", "1899-12-31T23:59", "3000-01-01T00:00"]
)
def test_a_phone_call_at_the_ends_of_the_calendar_is_a_form_error(
    world: World, called_at: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = Client(raise_request_exception=False, headers={"accept-language": "ru"})
    client.force_login(world.engineer)
    response = client.post(
        f"/tickets/{ticket.number}/phone-call/",
        {"direction": "outgoing", "called_at": called_at, "summary": "Called"},
        follow=True,
    )
    assert response.status_code < 500
    assert "Дата должна лежать в пределах 1900–2999 годов." in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-30"])
def test_a_dashboard_period_at_the_ends_of_the_calendar_is_a_form_error(
    world: World, day: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.vendor_engineer)
    response = client.get(f"/dashboards/?start={day}&end={day}&granularity=week")
    assert response.status_code < 500
    assert "Дата должна лежать в пределах 1900–2999 годов." in response.content.decode()


def test_a_file_part_with_an_overlong_media_type_is_refused(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = Client(raise_request_exception=False)
    client.force_login(world.contact)
    upload = SimpleUploadedFile("trace.log", b"x", content_type="application/" + "x" * 200)
    response = client.post(f"/tickets/{ticket.number}/files/", {"file": upload}, follow=True)
    assert response.status_code < 500
    assert "Content-Type должен быть типом содержимого" in response.content.decode()
    assert ticket.attachments.count() == 0
