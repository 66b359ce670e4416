"""Seed 001, 2.4: the vendor hears a customer's case only while the customer's own contracts
are in force: its contract with the partner, and the contracts that one requires (ИТС ПРОФ)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.contracts.models import Contract
from kabinet.contracts.tests.test_prerequisites import main_contract
from kabinet.errors import NotAllowedError
from kabinet.escalations.actions import escalate_to_vendor, escalation_refusal
from kabinet.escalations.tests.conftest import Chain, full_dossier

UTC = dt.UTC


def test_escalation_checks_the_customers_contracts_too(chain: Chain) -> None:
    world = chain.world
    main_contract(world, valid_to=dt.date(2026, 4, 30))
    now = dt.datetime(2026, 5, 8, 13, tzinfo=UTC)
    message = (
        f"Contract {world.contract.number} needs contract ITS-PROF-1 in force, and on "
        "2026-05-08 it is not: escalation to the vendor is not possible."
    )
    assert escalation_refusal(world.engineer, chain.ticket, now=now) == message
    with pytest.raises(NotAllowedError, match="ITS-PROF-1"):
        escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    Contract.objects.filter(number="ITS-PROF-1").update(valid_to=dt.date(2026, 12, 31))
    assert escalation_refusal(world.engineer, chain.ticket, now=now) is None


def test_escalation_needs_the_customers_own_contract_in_force(
    chain: Chain, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(dt.datetime(2027, 1, 1, 9, tzinfo=UTC))
    with pytest.raises(NotAllowedError):
        escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())
