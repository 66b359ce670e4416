"""Reopening a closed ticket: who may, within which window, and how the clocks resume."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, Status, Ticket

MSK = ZoneInfo("Europe/Moscow")


def msk(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=MSK)


def closed_ticket(world: World, traveller: time_machine.Traveller) -> Ticket:
    """Level 3, resolution 8 working hours (9:30–18:00). Registered Fri 2026-05-08 16:00 (a
    shortened day, work ends 17:00: 1 h used); solution Tue 05-12 11:30 (2 h more: 3 h
    used, met); accepted and closed at 12:00."""
    traveller.move_to(msk("2026-05-08 16:00"))
    ticket = actions.register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Posting fails",
        description="Error 500 when posting a sales invoice.",
        criticality=3,
        is_production=True,
    )
    traveller.move_to(msk("2026-05-12 11:30"))
    actions.propose_solution(ticket, author=world.engineer, body="Patch applied")
    traveller.move_to(msk("2026-05-12 12:00"))
    actions.accept_solution(ticket, author=world.contact)
    return Ticket.objects.get(pk=ticket.pk)


def test_reopen_resumes_resolution_from_the_time_already_used(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed_ticket(world, frozen_time)
    assert ticket.resolution_met_at == msk("2026-05-12 11:30")
    frozen_time.move_to(msk("2026-05-13 10:00"))
    event = actions.reopen_ticket(ticket, author=world.contact, reason="The error is back")
    assert event.kind == EventKind.REOPENED
    assert event.payload == {"reason": "The error is back"}
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.closed_at is None
    # 3 h used before the solution; 5 h remain from Wed 05-13 10:00: due 15:00.
    assert ticket.resolution_met_at is None
    assert ticket.resolution_due_at == msk("2026-05-13 15:00")
    assert ticket.resolution_breached is False


def test_admin_may_reopen_and_the_rating_is_cleared_for_the_next_closing(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed_ticket(world, frozen_time)
    actions.rate_ticket(ticket, author=world.contact, rating=2, comment="Slow")
    event = actions.reopen_ticket(ticket, author=world.admin, reason="Not fixed after all")
    assert event.payload["previous_rating"] == 2
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.rating is None
    assert ticket.rating_comment == ""
    actions.propose_solution(ticket, author=world.engineer, body="Second patch")
    actions.accept_solution(ticket, author=world.contact)
    actions.rate_ticket(ticket, author=world.contact, rating=5)
    assert Ticket.objects.get(pk=ticket.pk).rating == 5


def test_reopen_needs_a_reason(world: World, frozen_time: time_machine.Traveller) -> None:
    ticket = closed_ticket(world, frozen_time)
    with pytest.raises(DomainError, match="Say why the ticket is reopened") as info:
        actions.reopen_ticket(ticket, author=world.contact, reason="  ")
    assert info.value.field == "reason"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_only_the_customers_authorised_contacts_may_reopen(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed_ticket(world, frozen_time)
    manager = PersonFactory.create(username="customer_manager")
    grant_role(organisation=world.customer, person=manager, role=Role.MANAGER)
    for person in (world.engineer, world.outsider, world.vendor_engineer, manager):
        with pytest.raises(NotAllowedError):
            actions.reopen_ticket(ticket, author=person, reason="Again")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_an_open_ticket_cannot_be_reopened(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = actions.register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Posting fails",
        description="Error 500.",
        criticality=3,
        is_production=True,
    )
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    with pytest.raises(ConflictError, match="solution proposed"):
        actions.reopen_ticket(ticket, author=world.contact, reason="Again")


def test_reopen_window_is_thirty_calendar_days_after_closing(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = closed_ticket(world, frozen_time)
    assert world.contract.package.reopen_days == 30
    frozen_time.move_to(msk("2026-06-11 12:01"))
    with pytest.raises(ConflictError, match="more than 30 days ago") as info:
        actions.reopen_ticket(ticket, author=world.contact, reason="Again")
    assert "file a new ticket" in str(info.value)
    frozen_time.move_to(msk("2026-06-11 12:00"))
    actions.reopen_ticket(ticket, author=world.contact, reason="Again")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_a_package_may_forbid_reopening(world: World, frozen_time: time_machine.Traveller) -> None:
    package = world.contract.package
    package.reopen_days = 0
    package.save()
    ticket = closed_ticket(world, frozen_time)
    with pytest.raises(ConflictError, match="does not allow reopening"):
        actions.reopen_ticket(ticket, author=world.contact, reason="Again")
