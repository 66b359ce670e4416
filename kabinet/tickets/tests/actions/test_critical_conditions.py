"""Seed 001's critical-ticket rules belong to the packages that say so: with
``critical_conditions_apply`` level 1 needs a production system and both confirmations
and a silent customer drops it to level 2; without it (seed 002 and the rest) level 1 is
what the customer filed and stays so."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.conftest import NOW, World
from kabinet.contracts.models import Package
from kabinet.errors import DomainError
from kabinet.tickets import actions
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.models import EventKind, ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket


def _set_rule(package: Package, *, apply: bool) -> None:
    package.critical_conditions_apply = apply
    package.save()


def _silent_customer(world: World, frozen_time: time_machine.Traveller) -> Ticket:
    """A level-1 ticket returned to the customer, who answers 3 hours later."""
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    actions.return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    frozen_time.shift(dt.timedelta(hours=2))
    sweep_sla(now=dt.datetime.now(dt.UTC))
    frozen_time.shift(dt.timedelta(hours=1))
    actions.customer_reply(ticket, author=world.contact, body="Here is the log.")
    ticket.refresh_from_db()
    return ticket


def test_without_the_rule_level_one_needs_no_confirmation(world: World) -> None:
    _set_rule(world.contract.package, apply=False)
    ticket = file_ticket(world.contract, world.contact, criticality=1)
    assert ticket.criticality == 1
    assert ticket.events.filter(kind=EventKind.CRITICALITY_CHANGED).exists() is False
    assert ticket.reaction_due_at == NOW + dt.timedelta(hours=2)  # level 1's 24×7 target


@pytest.mark.parametrize("criticality", [1, 2])
def test_without_the_rule_any_system_may_be_critical(world: World, criticality: int) -> None:
    _set_rule(world.contract.package, apply=False)
    ticket = file_ticket(
        world.contract, world.contact, criticality=criticality, is_production=False
    )
    assert ticket.criticality == criticality
    changed = actions.change_criticality(
        file_ticket(world.contract, world.contact, is_production=False),
        author=world.engineer,
        criticality=criticality,
        reason="Agreed with the customer.",
    )
    assert changed.payload["to"] == criticality


def test_with_the_rule_unconfirmed_level_one_is_level_three(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=1, confirmed_email_1h=True)
    assert ticket.criticality == 3
    with pytest.raises(DomainError, match="only for production systems"):
        file_ticket(world.contract, world.contact, criticality=2, is_production=False)


def test_without_the_rule_a_late_customer_drops_nothing(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    _set_rule(world.contract.package, apply=False)
    ticket = _silent_customer(world, frozen_time)
    assert ticket.criticality == 1
    assert ticket.events.filter(kind=EventKind.CRITICALITY_CHANGED).exists() is False


def test_with_the_rule_a_late_customer_drops_the_ticket_to_level_two(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = _silent_customer(world, frozen_time)
    assert ticket.criticality == 2
    change = ticket.events.get(kind=EventKind.CRITICALITY_CHANGED)
    assert change.payload["rule"] == "customer_reply_window"
    assert change.at == NOW + dt.timedelta(hours=1)
