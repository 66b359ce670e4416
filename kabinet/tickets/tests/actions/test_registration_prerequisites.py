"""Filing on a contract that needs another contract of the customer in force (seed 000: an
add-on to a main 1С:ИТС/1С:КП contract; seed 001: ИТС ПРОФ): judged on the contract's own day,
in its time zone (the world's contract is in Moscow, UTC+3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.contracts.tests.test_prerequisites import main_contract
from kabinet.errors import DomainError
from kabinet.tickets.tests.factories import file_ticket

UTC = dt.UTC


def test_filing_needs_the_required_contract_in_force_on_the_contracts_day(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    main_contract(world, valid_to=dt.date(2026, 5, 31))
    frozen_time.move_to(dt.datetime(2026, 5, 31, 20, 59, tzinfo=UTC))  # 23:59 on 31 May
    assert file_ticket(world.contract, world.contact).number
    frozen_time.move_to(dt.datetime(2026, 5, 31, 21, 0, tzinfo=UTC))  # 00:00 on 1 June
    with pytest.raises(DomainError) as info:
        file_ticket(world.contract, world.contact)
    assert str(info.value.message) == (
        f"Contract {world.contract.number} needs contract ITS-PROF-1 in force, and on "
        "2026-06-01 it is not: new tickets cannot be filed."
    )
    assert info.value.field == "contract"
