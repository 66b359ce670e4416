"""Who may file: a partner on its own contract with the vendor (by escalation only, while
its status is valid),
and, where the package gives all consultations to one responsible contact (seed 002), only
that person among the customer's people; the supplier's staff always, for a phone call."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.conftest import World
from kabinet.contracts.actions import appoint_responsible_contact, set_single_responsible_contact
from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.errors import NotAllowedError
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import PartnerStatus, Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.models import ActorSide, EventKind
from kabinet.tickets.tests.factories import file_ticket


def _person(world: World, role: Role, name: str) -> Person:
    person = PersonFactory.create(username=name, full_name=name.title())
    grant_role(organisation=world.partner, person=person, role=role)
    return person


@pytest.fixture
def vendor_contract(world: World) -> Contract:
    PartnerStatus.objects.create(
        organisation=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    return ContractFactory.create(supplier=world.vendor, customer=world.partner, number="V-1")


ESCALATION_ONLY = (
    "Tickets reach the vendor only by escalation: open the customer's ticket and escalate "
    "it with the full dossier."
)


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.MANAGER])
def test_partner_staff_may_not_file_directly_on_the_vendor_contract(
    world: World, vendor_contract: Contract, role: Role
) -> None:
    # Seed 001: the vendor hears a partner only through an escalation, whose gate (engineer,
    # certificate, status, dossier) a direct filing would walk around.
    reporter = world.engineer if role == Role.ENGINEER else _person(world, role, "manager")
    for channel in ("portal", "email", "phone"):
        with pytest.raises(NotAllowedError) as refusal:
            file_ticket(vendor_contract, reporter, channel=channel, criticality=4)
        assert str(refusal.value) == ESCALATION_ONLY
    assert vendor_contract.tickets.exists() is False


def test_an_escalation_of_another_partners_ticket_is_refused(
    world: World, vendor_contract: Contract
) -> None:
    foreign = file_ticket(world.other_contract, world.outsider)
    with pytest.raises(NotAllowedError) as refusal:
        file_ticket(vendor_contract, world.engineer, escalation_of=foreign)
    assert str(refusal.value) == ESCALATION_ONLY


def test_the_escalation_path_files_on_the_vendor_contract(
    world: World, vendor_contract: Contract
) -> None:
    customer_ticket = file_ticket(world.contract, world.contact)
    ticket = file_ticket(vendor_contract, world.engineer, escalation_of=customer_ticket)
    registered = ticket.events.get(kind=EventKind.REGISTERED)
    assert registered.actor == world.engineer
    assert registered.actor_side == ActorSide.CUSTOMER  # the partner is the vendor's customer
    assert ticket.reaction_due_at is not None


def test_the_vendors_staff_register_a_partners_call(
    world: World, vendor_contract: Contract
) -> None:
    ticket = file_ticket(vendor_contract, world.vendor_engineer, channel="phone")
    assert ticket.events.get().actor_side == ActorSide.SUPPLIER


def test_other_people_may_not_file_on_a_vendor_contract(
    world: World, vendor_contract: Contract
) -> None:
    admin = _person(world, Role.ORG_ADMIN, "partner_admin")
    for person in (admin, world.other_engineer, world.contact):
        with pytest.raises(NotAllowedError) as refusal:
            file_ticket(vendor_contract, person)
        assert str(refusal.value) == (
            "Only the partner's engineers and managers may file tickets with the vendor."
        )


def test_a_partner_whose_status_lapsed_may_not_file_with_the_vendor(
    world: World, vendor_contract: Contract
) -> None:
    PartnerStatus.objects.filter(organisation=world.partner).update(valid_to=dt.date(2026, 5, 7))
    with pytest.raises(NotAllowedError) as refusal:
        file_ticket(vendor_contract, world.engineer)
    assert str(refusal.value) == (
        "The partner's status is not valid on 2026-05-08; new tickets cannot be filed with "
        "the vendor."
    )


@pytest.fixture
def single_contact_contract(world: World) -> Contract:
    set_single_responsible_contact(package=world.contract.package, single=True)
    return world.contract


def test_one_responsible_contact_files_and_the_others_are_told_who_it_is(
    world: World, single_contact_contract: Contract
) -> None:
    world.contact.full_name = "Irina Contact"
    world.contact.save()
    appoint_responsible_contact(
        contract=single_contact_contract, person_id=world.contact.pk, author=world.admin
    )
    assert file_ticket(single_contact_contract, world.contact).number
    for other in (world.admin, world.sibling_contact):
        with pytest.raises(NotAllowedError) as refusal:
            file_ticket(single_contact_contract, other)
        assert str(refusal.value) == (
            "The support package accepts tickets only from the customer's responsible "
            "contact: Irina Contact."
        )


def test_without_an_appointed_contact_the_customer_is_told_to_appoint_one(
    world: World, single_contact_contract: Contract
) -> None:
    with pytest.raises(NotAllowedError) as refusal:
        file_ticket(single_contact_contract, world.contact)
    assert "none is appointed on contract" in str(refusal.value)
    assert single_contact_contract.number in str(refusal.value)


def test_the_supplier_still_registers_a_phone_call_for_the_customer(
    world: World, single_contact_contract: Contract
) -> None:
    appoint_responsible_contact(
        contract=single_contact_contract, person_id=world.contact.pk, author=world.admin
    )
    ticket = file_ticket(single_contact_contract, world.engineer, channel="phone")
    assert ticket.events.get(kind=EventKind.REGISTERED).actor_side == ActorSide.SUPPLIER


def test_a_package_without_the_rule_accepts_every_authorised_contact(world: World) -> None:
    appoint_responsible_contact(
        contract=world.contract, person_id=world.contact.pk, author=world.admin
    )
    assert file_ticket(world.contract, world.admin).number
    set_single_responsible_contact(package=world.contract.package, single=False)
    assert file_ticket(world.contract, world.sibling_contact).number
