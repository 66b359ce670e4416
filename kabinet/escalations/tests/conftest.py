"""The chain on top of the shared world: the partner's status and contract with the vendor,
a certified engineer, an uncertified colleague and a lapsed partner with its own customer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from kabinet.conftest import World
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Certificate, OrganisationKind, PartnerStatus, Person, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

EXPERT = "1С:Эксперт по технологическим вопросам"


def full_dossier(**overrides: Any) -> dict[str, Any]:
    dossier: dict[str, Any] = {
        "contacts": "Customer: Ivanov, +7 900 000-00-00; Partner: Petrova, +7 900 111-11-11",
        "critical_conditions_confirmed": True,
        "description": "Posting fails with error 500 since the platform update.",
        "environment": "Windows Server 2022, 64 GB RAM, PostgreSQL 16, platform 8.3.25",
        "recent_changes": "Platform updated from 8.3.24 on Monday.",
        "resources_consulted": "ITS known issues, partner forum.",
        "test_scenario": "Load the attached base, post invoice 42.",
        "escalation_reason": "Reproduced outside the customer; no workaround found.",
    }
    dossier.update(overrides)
    return dossier


def certify(person: Person, until: dt.date = dt.date(2026, 12, 31)) -> Certificate:
    return Certificate.objects.create(person=person, kind=EXPERT, number="E-1", valid_until=until)


@dataclass
class Chain:
    world: World
    ticket: Ticket  # the customer's ticket on the partner's contract
    uncertified: Person  # partner engineer without a certificate
    lapsed_engineer: Person  # certified engineer of a partner whose status ran out
    lapsed_ticket: Ticket


@pytest.fixture
def chain(world: World) -> Chain:
    PartnerStatus.objects.create(
        organisation=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    certify(world.engineer)
    certify(world.other_engineer)
    ContractFactory.create(supplier=world.vendor, customer=world.partner, number="V-1")
    uncertified = PersonFactory.create(username="uncertified")
    grant_role(organisation=world.partner, person=uncertified, role=Role.ENGINEER)

    lapsed = OrganisationFactory.create(name="Lapsed", kind=OrganisationKind.PARTNER)
    PartnerStatus.objects.create(
        organisation=lapsed,
        level="ЦК КОРП",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2026, 3, 31),
    )
    lapsed_engineer = PersonFactory.create(username="lapsed_engineer")
    grant_role(organisation=lapsed, person=lapsed_engineer, role=Role.ENGINEER)
    certify(lapsed_engineer)
    ContractFactory.create(supplier=world.vendor, customer=lapsed, number="V-2")
    lapsed_contract = ContractFactory.create(supplier=lapsed, customer=world.other_customer)
    return Chain(
        world=world,
        ticket=file_ticket(world.contract, world.contact),
        uncertified=uncertified,
        lapsed_engineer=lapsed_engineer,
        lapsed_ticket=file_ticket(lapsed_contract, world.outsider),
    )
