"""Cabinet test helpers: a ticket of the shared world, built through the real action."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.contracts.models import IntakeField
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import Ticket


def intake() -> dict[str, str]:
    return {name: f"{name} value" for name in IntakeField.values}


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
def client() -> Client:
    """Pages in English, so assertions read the messages as written in the code."""
    return Client(headers={"accept-language": "en"})
