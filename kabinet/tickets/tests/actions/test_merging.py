"""Merging a duplicate into another ticket of the same customer (the duplicate closes, its
timeline kept and its clocks stopped; the other gets a note) and linking related tickets;
only the supplier, only within one customer; through the pages too."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.actions.merging import related_numbers
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.models import EventKind, Status, Ticket
from kabinet.tickets.tests.factories import file_ticket


def test_a_duplicate_is_merged_and_its_clocks_stop(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    original = file_ticket(world.contract, world.contact, subject="Posting fails")
    duplicate = file_ticket(world.contract, world.sibling_contact, subject="Posting fails too")
    actions.add_internal_comment(duplicate, author=world.engineer, body="Same as the other.")
    frozen_time.shift(dt.timedelta(minutes=15))
    event = actions.merge_ticket(
        duplicate, into=original, author=world.engineer, reason="Same error."
    )
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.clock_phase == "closed"
    assert event.payload == {"other": original.number, "reason": "Same error."}
    assert duplicate.events.filter(kind=EventKind.INTERNAL_COMMENT).exists()  # kept
    assert original.is_open
    assert original.events.get(kind=EventKind.DUPLICATE_MERGED).payload["other"] == (
        duplicate.number
    )
    assert related_numbers(original) == [duplicate.number]
    frozen_time.shift(dt.timedelta(days=40))
    sweep_sla(now=dt.datetime.now(dt.UTC))
    duplicate.refresh_from_db()
    assert not (duplicate.reaction_breached or duplicate.resolution_breached)
    with pytest.raises(ConflictError):  # a closed ticket is merged once
        actions.merge_ticket(duplicate, into=original, author=world.engineer)


def test_merge_refusals(world: World) -> None:
    first = file_ticket(world.contract, world.contact)
    second = file_ticket(world.contract, world.contact)
    other_customer = file_ticket(world.other_contract, world.outsider)
    with pytest.raises(NotAllowedError):
        actions.merge_ticket(first, into=second, author=world.contact)
    with pytest.raises(NotAllowedError):
        actions.merge_ticket(first, into=other_customer, author=world.engineer)
    with pytest.raises(DomainError):
        actions.merge_ticket(first, into=first, author=world.engineer)
    actions.propose_solution(second, author=world.engineer, body="Fix.")
    actions.accept_solution(second, author=world.contact)
    with pytest.raises(ConflictError):
        actions.merge_ticket(first, into=second, author=world.engineer)
    assert Ticket.objects.get(pk=first.pk).is_open


def test_same_supplier_other_customer_is_refused(world: World) -> None:
    from kabinet.contracts.tests.factories import ContractFactory
    from kabinet.orgs.models import OrganisationKind
    from kabinet.orgs.tests.factories import OrganisationFactory

    stranger = OrganisationFactory.create(name="Stranger", kind=OrganisationKind.CUSTOMER)
    contract = ContractFactory.create(supplier=world.partner, customer=stranger)
    ours = file_ticket(world.contract, world.contact)
    from kabinet.orgs.actions import grant_role
    from kabinet.orgs.models import Role
    from kabinet.orgs.tests.factories import PersonFactory

    person = PersonFactory.create(username="stranger-contact")
    grant_role(organisation=stranger, person=person, role=Role.AUTHORISED_CONTACT)
    theirs = file_ticket(contract, person)
    with pytest.raises(DomainError) as refused:
        actions.merge_ticket(ours, into=theirs, author=world.engineer)
    assert refused.value.field == "other"
    with pytest.raises(DomainError):
        actions.link_tickets(ours, other=theirs, author=world.engineer)


def test_linking(world: World) -> None:
    first = file_ticket(world.contract, world.contact)
    second = file_ticket(world.contract, world.contact)
    actions.link_tickets(first, other=second, author=world.engineer)
    assert related_numbers(first) == [second.number]
    assert related_numbers(second) == [first.number]
    with pytest.raises(ConflictError):
        actions.link_tickets(second, other=first, author=world.engineer)
    with pytest.raises(NotAllowedError):
        actions.link_tickets(first, other=second, author=world.contact)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("engineer", 302), ("contact", 400), ("other_engineer", 404), ("outsider", 404)],
)
def test_pages(world: World, who: str, expected: int) -> None:
    first = file_ticket(world.contract, world.contact)
    second = file_ticket(world.contract, world.contact)
    client = Client(headers={"accept-language": "en"})
    client.force_login(getattr(world, who))
    digits = str(second.pk)  # a bare number is enough
    response = client.post(f"/tickets/{first.number}/link/", {"other": digits})
    assert response.status_code == expected
    response = client.post(f"/tickets/{first.number}/merge/", {"other": second.number})
    assert response.status_code == expected
    assert Ticket.objects.get(pk=first.pk).is_open is (expected != 302)


def test_an_unknown_or_foreign_number_is_named_next_to_the_field(world: World) -> None:
    first = file_ticket(world.contract, world.contact)
    foreign = file_ticket(world.other_contract, world.outsider)
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.engineer)
    for typed in ("KB-999999", str(foreign.number), "nonsense"):
        response = client.post(f"/tickets/{first.number}/merge/", {"other": typed})
        assert response.status_code == 400
        assert "No such ticket." in response.content.decode()
    assert Ticket.objects.get(pk=first.pk).is_open


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("engineer", 201),
        ("contact", 403),
        ("admin", 403),
        ("other_engineer", 404),
        ("outsider", 404),
        ("vendor_engineer", 404),
    ],
)
@pytest.mark.parametrize("endpoint", ["merge", "links"])
def test_api(world: World, who: str, expected: int, endpoint: str) -> None:
    from kabinet.api.tests.clients import client_for

    first = file_ticket(world.contract, world.contact)
    second = file_ticket(world.contract, world.contact)
    body = {"into": second.number} if endpoint == "merge" else {"other": second.number}
    client = client_for(getattr(world, who))
    response = client.post(f"/api/v1/tickets/{first.number}/{endpoint}", body, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        kind = EventKind.MERGED_INTO if endpoint == "merge" else EventKind.LINKED
        assert response.json()["kind"] == kind
    else:
        assert Ticket.objects.get(pk=first.pk).version == first.version
    missing = {"into": "KB-999999"} if endpoint == "merge" else {"other": "KB-999999"}
    if who == "engineer":
        third = file_ticket(world.contract, world.contact)
        response = client.post(f"/api/v1/tickets/{third.number}/{endpoint}", missing, format="json")
        assert response.status_code == 404
