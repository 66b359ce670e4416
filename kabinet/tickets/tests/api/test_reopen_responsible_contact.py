"""POST /api/v1/tickets/<number>/reopen under seed 002's one responsible contact: a colleague
gets 403 naming the responsible contact in the reader's language; the contact gets 201;
another tenant still gets 404."""

from __future__ import annotations

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts.actions import appoint_responsible_contact, set_single_responsible_contact
from kabinet.tickets import actions
from kabinet.tickets.models import Status, Ticket
from kabinet.tickets.tests.factories import file_ticket


def _closed_under_the_rule(world: World) -> Ticket:
    set_single_responsible_contact(package=world.contract.package, single=True)
    appoint_responsible_contact(
        contract=world.contract, person_id=world.contact.pk, author=world.admin
    )
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Patch applied")
    actions.accept_solution(ticket, author=world.contact)
    return ticket


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (
            "en",
            "The support package reopens tickets only at the request of the customer's "
            "responsible contact: {person}.",
        ),
        (
            "ru",
            "По пакету поддержки обращения переоткрываются только по запросу "
            "ответственного контактного лица клиента: {person}.",
        ),
    ],
)
def test_a_colleague_is_refused_naming_the_responsible_contact(
    world: World, language: str, detail: str
) -> None:
    ticket = _closed_under_the_rule(world)
    url = f"/api/v1/tickets/{ticket.number}/reopen"

    refused = client_for(world.admin, language).post(url, {"reason": "Again"}, format="json")

    assert refused.status_code == 403
    assert refused.json()["detail"] == detail.format(person=world.contact)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_the_responsible_contact_reopens_and_other_tenants_see_nothing(world: World) -> None:
    ticket = _closed_under_the_rule(world)
    url = f"/api/v1/tickets/{ticket.number}/reopen"

    outsider = client_for(world.outsider).post(url, {"reason": "Again"}, format="json")
    reopened = client_for(world.contact).post(url, {"reason": "Again"}, format="json")

    assert outsider.status_code == 404
    assert reopened.status_code == 201, reopened.content
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS
