"""A workaround where the package says it resolves: the resolution is met for good and the
ticket stays workable until the permanent solution is proposed and accepted (DESIGN.md,
decided readings; issue 10, point 1)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError
from kabinet.tickets import actions
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import Status, Ticket
from kabinet.tickets.tests.factories import file_ticket

MSK = ZoneInfo("Europe/Moscow")
# Level 3, resolution 8 working hours on 9:30–18:00: registered Fri 2026-05-08 16:00 (a
# shortened day: 1 h), workaround Tue 05-12 10:30 (1 h more).
REGISTERED = dt.datetime(2026, 5, 8, 16, 0, tzinfo=MSK)
WORKAROUND = dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def with_workaround(world: World, traveller: time_machine.Traveller) -> Ticket:
    traveller.move_to(REGISTERED)
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    traveller.move_to(WORKAROUND)
    actions.propose_workaround(ticket, author=world.engineer, body="Export by hand meanwhile")
    return fresh(ticket)


def acts(world: World, who: str, ticket: Ticket) -> frozenset[Act]:
    return available_acts(getattr(world, who), fresh(ticket), now=WORKAROUND)


def test_a_resolving_workaround_meets_resolution_and_leaves_the_ticket_workable(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = with_workaround(world, frozen_time)
    assert ticket.status == Status.WORKAROUND_PROPOSED
    assert ticket.is_open
    assert ticket.resolution_met_at == WORKAROUND
    supplier = acts(world, "engineer", ticket)
    assert {Act.PROPOSE_SOLUTION, Act.PUBLIC_REPLY, Act.CHANGE_CRITICALITY} <= supplier
    assert {Act.ACCEPT_SOLUTION, Act.REJECT_SOLUTION} <= acts(world, "contact", ticket)


def test_the_customer_may_accept_the_workaround(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = with_workaround(world, frozen_time)
    actions.accept_solution(ticket, author=world.contact)
    ticket = fresh(ticket)
    assert ticket.status == Status.CLOSED
    assert ticket.resolution_met_at == WORKAROUND


def test_a_rejected_workaround_stays_met_and_the_solution_may_follow(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = with_workaround(world, frozen_time)
    frozen_time.move_to(dt.datetime(2026, 5, 13, 10, 0, tzinfo=MSK))
    actions.reject_solution(ticket, author=world.contact, reason="Too slow by hand")
    ticket = fresh(ticket)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.resolution_met_at == WORKAROUND
    assert ticket.resolution_breached is False
    # Long after the 8 h would have run out: still met, never breached.
    frozen_time.move_to(dt.datetime(2026, 5, 20, 12, 0, tzinfo=MSK))
    actions.propose_solution(ticket, author=world.engineer, body="Fixed in 3.1.28")
    actions.reject_solution(ticket, author=world.contact, reason="Still fails")
    actions.propose_solution(ticket, author=world.engineer, body="Fixed in 3.1.29")
    actions.accept_solution(ticket, author=world.contact)
    ticket = fresh(ticket)
    assert ticket.status == Status.CLOSED
    assert ticket.resolution_met_at == WORKAROUND
    assert ticket.resolution_breached is False


def test_the_permanent_solution_may_follow_a_waiting_workaround(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = with_workaround(world, frozen_time)
    frozen_time.move_to(dt.datetime(2026, 5, 14, 11, 0, tzinfo=MSK))
    actions.propose_workaround(ticket, author=world.engineer, body="A better workaround")
    assert fresh(ticket).status == Status.WORKAROUND_PROPOSED
    actions.propose_solution(ticket, author=world.engineer, body="Fixed in 3.1.28")
    ticket = fresh(ticket)
    assert ticket.status == Status.SOLUTION_PROPOSED
    assert ticket.resolution_met_at == WORKAROUND
    # A waiting solution is the supplier's last word until the customer answers.
    assert Act.PROPOSE_SOLUTION not in acts(world, "engineer", ticket)
    with pytest.raises(ConflictError):
        actions.propose_workaround(ticket, author=world.engineer, body="Another one")
    actions.reject_solution(ticket, author=world.contact, reason="Still fails")
    assert fresh(ticket).resolution_met_at == WORKAROUND


def test_reopening_after_the_solution_keeps_the_workaround_met(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = with_workaround(world, frozen_time)
    actions.propose_solution(ticket, author=world.engineer, body="Fixed in 3.1.28")
    actions.accept_solution(ticket, author=world.contact)
    frozen_time.move_to(dt.datetime(2026, 5, 14, 11, 0, tzinfo=MSK))
    actions.reopen_ticket(ticket, author=world.contact, reason="It fails again")
    ticket = fresh(ticket)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.resolution_met_at == WORKAROUND


def test_where_a_workaround_does_not_resolve_nothing_changes(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    package = world.contract.package
    package.workaround_resolves = False
    package.save()
    ticket = with_workaround(world, frozen_time)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.resolution_met_at is None
    assert Act.ACCEPT_SOLUTION not in acts(world, "contact", ticket)
    with pytest.raises(ConflictError):
        actions.accept_solution(ticket, author=world.contact)
    # A solution, rejected, gives its met time back (the rule the workaround leaves alone).
    actions.propose_solution(ticket, author=world.engineer, body="Fixed in 3.1.28")
    assert fresh(ticket).resolution_met_at == WORKAROUND
    actions.reject_solution(ticket, author=world.contact, reason="Still fails")
    assert fresh(ticket).resolution_met_at is None
