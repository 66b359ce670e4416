"""The page where the supplier registers a ticket taken by phone: who may open it (supplier
staff only; customers 404), what it offers, and what a submission makes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kabinet.cabinets.tests.test_access_matrix import PEOPLE, login
from kabinet.conftest import World
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

URL = "/phone/new/"
PAGE = {
    "anon": 302,
    "contact": 404,
    "admin": 404,
    "sibling_contact": 404,
    "outsider": 404,
    "engineer": 200,
    "other_engineer": 200,
    "vendor_engineer": 200,
}


def _form(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "contract": world.contract.pk,
        "caller": world.contact.pk,
        "call_notes": "Ivanov called at 16:00; invoices do not print.",
        "subject": "Invoices do not print",
        "description": "Printing an invoice hangs the client.",
        "criticality": 3,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_open_the_phone_page(client: Client, world: World, who: str) -> None:
    login(client, world, who)
    assert client.get(URL).status_code == PAGE[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_register_by_phone_on_the_partners_contract(
    client: Client, world: World, who: str
) -> None:
    login(client, world, who)
    response = client.post(URL, _form(world))
    expected = {"anon": 302, "engineer": 302}.get(who, 400 if PAGE[who] == 200 else 404)
    assert response.status_code == expected
    assert Ticket.objects.exists() is (who == "engineer")


def test_the_page_offers_own_contracts_and_their_callers(client: Client, world: World) -> None:
    login(client, world, "engineer")
    page = client.get(URL).content.decode()
    assert world.contract.number in page
    assert world.other_contract.number not in page
    assert f'value="{world.contact.pk}"' in page
    assert f'value="{world.outsider.pk}"' not in page
    assert reverse("cabinets:phone_ticket") in page  # in the navigation


def test_a_registration_by_phone(client: Client, world: World) -> None:
    login(client, world, "engineer")
    response = client.post(URL, _form(world))
    ticket = Ticket.objects.get()
    assert response.url == reverse("cabinets:ticket", args=[ticket.number])  # type: ignore[attr-defined]
    assert (ticket.reporter, ticket.channel, ticket.contract) == (
        world.contact,
        "phone",
        world.contract,
    )
    call = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PUBLIC_REPLY)
    assert (call.actor, call.payload["direction"]) == (world.engineer, "incoming")
    page = client.get(response.url).content.decode()  # type: ignore[attr-defined]
    assert "Ivanov called at 16:00" in page


def test_a_package_without_phone_is_not_offered(client: Client, world: World) -> None:
    world.contract.package.allowed_channels = ["messenger", "email"]
    world.contract.package.save()
    login(client, world, "engineer")
    assert world.contract.number not in client.get(URL).content.decode()
    response = client.post(URL, _form(world))
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_a_refused_caller_keeps_what_was_typed(client: Client, world: World) -> None:
    world.contract.package.single_responsible_contact = True
    world.contract.package.save()
    login(client, world, "engineer")
    response = client.post(URL, _form(world))
    assert response.status_code == 400
    page = response.content.decode()
    assert "responsible contact" in page
    assert "Ivanov called at 16:00; invoices do not print." in page
    assert not Ticket.objects.exists()


def test_mandatory_intake_fields_of_the_package(client: Client, world: World) -> None:
    world.contract.package.mandatory_intake_fields = ["product"]
    world.contract.package.save()
    login(client, world, "engineer")
    assert client.post(URL, _form(world)).status_code == 400
    response = client.post(URL, _form(world, intake_product="3.0.150"))
    assert response.status_code == 302
    assert Ticket.objects.get().intake == {"product": "3.0.150"}
