"""A history across tenants for the dashboard: the partner's customer and sibling, the other
partner's customer, both partners under the vendor, and the partner's two support lines.

All registered Friday 2026-05-08 16:00 Moscow on seed-001 contracts (9:30–18:00 Moscow):
A (customer, level 3) answered Tue 12th 10:30 and solved 11:30 — both met, then closed;
B (customer, level 3) answered Wed 13th 10:30 — reaction and resolution breached (due Tue
12th 16:30), moved to line two; C (sibling, level 4) untouched; D, E, F (other customer,
level 3/3/2) untouched.
"""

from __future__ import annotations

import datetime as dt

import time_machine

from kabinet.conftest import World
from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.lines.actions import move_to_line
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Person
from kabinet.tickets import actions
from kabinet.tickets.models import Ticket

MSK = dt.timezone(dt.timedelta(hours=3))


def register(contract: Contract, reporter: Person, criticality: int) -> Ticket:
    return actions.register_ticket(
        contract=contract,
        reporter=reporter,
        subject="Ошибка",
        description="Подробности",
        criticality=criticality,
        is_production=True,
    )


def build_history(world: World, frozen_time: time_machine.Traveller) -> World:
    ContractFactory.create(supplier=world.vendor, customer=world.partner)
    ContractFactory.create(supplier=world.vendor, customer=world.other_partner)
    SupportLine.objects.create(supplier=world.partner, key="one", name="Line one", position=1)
    two = SupportLine.objects.create(supplier=world.partner, key="two", name="Line two", position=2)
    a = register(world.contract, world.contact, 3)
    b = register(world.contract, world.contact, 3)
    register(world.sibling_contract, world.sibling_contact, 4)
    for level in (3, 3, 2):
        register(world.other_contract, world.outsider, level)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK))
    actions.record_public_reply(a, author=world.engineer, body="Взяли в работу.")
    frozen_time.move_to(dt.datetime(2026, 5, 12, 11, 30, tzinfo=MSK))
    actions.propose_solution(a, author=world.engineer, body="Исправлено.")
    actions.accept_solution(a, author=world.contact)
    frozen_time.move_to(dt.datetime(2026, 5, 13, 10, 30, tzinfo=MSK))
    actions.record_public_reply(b, author=world.engineer, body="Взяли в работу.")
    move_to_line(b, author=world.engineer, line=two, reason="Нужен инженер")
    return world
