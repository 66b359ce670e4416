"""Cabinet test helpers: a ticket of the shared world built through the real action, and
the escalation chain on top of it (partner status, certified engineer, vendor contract)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.contracts.models import IntakeField
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.models import Escalation
from kabinet.orgs.models import Certificate, PartnerStatus, Person
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import Ticket

VENDOR_ENGINEER_NAME = "Vendor Engineer Valentina"


def intake() -> dict[str, str]:
    return {name: f"{name} value" for name in IntakeField.values}


def dossier(**overrides: Any) -> dict[str, Any]:
    items: dict[str, Any] = {
        "contacts": "Customer: Ivanov, +7 900 000-00-00; Partner: Petrova",
        "critical_conditions_confirmed": True,
        "description": "Posting fails with error 500 since the platform update.",
        "environment": "Windows Server 2022, 64 GB RAM, PostgreSQL 16",
        "recent_changes": "Platform updated on Monday.",
        "resources_consulted": "ITS known issues, partner forum.",
        "test_scenario": "Load the attached base, post invoice 42.",
        "escalation_reason": "Reproduced outside the customer; no workaround found.",
    }
    items.update(overrides)
    return items


def certify(person: Person, until: dt.date = dt.date(2026, 12, 31)) -> Certificate:
    return Certificate.objects.create(
        person=person, kind="1С:Эксперт", number="E-1", valid_until=until
    )


@pytest.fixture
def ticket(world: World) -> Ticket:
    return register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Orders do not post",
        description="Posting an order fails with an error.",
        criticality=2,
        is_production=True,
        intake=intake(),
    )


@pytest.fixture
def chain_ready(world: World) -> World:
    """The partner may escalate: a valid status, a certified engineer, a vendor contract;
    the other partner too, so its engineer is refused only for not being this partner's."""
    for partner in (world.partner, world.other_partner):
        PartnerStatus.objects.create(
            organisation=partner,
            level="ЦК КОРП",
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2026, 12, 31),
        )
        ContractFactory.create(supplier=world.vendor, customer=partner)
    certify(world.engineer)
    certify(world.other_engineer)
    world.vendor_engineer.full_name = VENDOR_ENGINEER_NAME
    world.vendor_engineer.save()
    return world


@pytest.fixture
def escalation(chain_ready: World, ticket: Ticket) -> Escalation:
    return escalate_to_vendor(ticket, author=chain_ready.engineer, dossier=dossier())


@pytest.fixture
def client() -> Client:
    """Pages in English, so assertions read the messages as written in the code."""
    return Client(headers={"accept-language": "en"})
