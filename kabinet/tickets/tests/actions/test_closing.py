"""A ticket's life that ends without acceptance, with time moved: the customer withdraws
(clocks stop, nothing breaches later), the supplier closes one withdrawn elsewhere (with a
reason), and an unanswered solution closes by itself after the package's working days —
the customer told a working day ahead, resolved at the proposal, reopenable afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.actions.closing import auto_close_plan
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import EventKind, OutboxMessage, Status, Ticket, TicketEvent
from kabinet.tickets.tests.factories import file_ticket


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.events.order_by("at", "id").values_list("kind", flat=True))


def announced(event: TicketEvent) -> bool:
    return OutboxMessage.objects.filter(event=event).exists()


def test_a_withdrawn_ticket_closes_and_its_clocks_stop(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert Act.WITHDRAW in available_acts(world.contact, ticket, now=ticket.registered_at)
    assert Act.WITHDRAW not in available_acts(world.engineer, ticket, now=ticket.registered_at)
    frozen_time.shift(dt.timedelta(minutes=20))
    event = actions.withdraw_ticket(ticket, author=world.contact, reason="Solved it ourselves.")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.closed_at, ticket.clock_phase) == (
        Status.CLOSED,
        event.at,
        "closed",
    )
    assert announced(event) and event.payload == {"reason": "Solved it ourselves."}
    # Long past every target: the sweep records no breach of a withdrawn ticket.
    frozen_time.shift(dt.timedelta(days=60))
    sweep_sla(now=dt.datetime.now(dt.UTC))
    ticket.refresh_from_db()
    assert not (ticket.reaction_breached or ticket.resolution_breached or ticket.update_breached)
    assert ticket.next_sla_event_at is None
    with pytest.raises(ConflictError):
        actions.withdraw_ticket(ticket, author=world.contact)


def test_who_may_withdraw(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    for stranger in (world.engineer, world.outsider, world.other_engineer):
        with pytest.raises(NotAllowedError):
            actions.withdraw_ticket(ticket, author=stranger)
    actions.withdraw_ticket(ticket, author=world.sibling_contact)  # same company group
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_the_supplier_closes_a_ticket_withdrawn_elsewhere(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    now = ticket.registered_at
    assert Act.CLOSE_WITHDRAWN in available_acts(world.engineer, ticket, now=now)
    assert Act.CLOSE_WITHDRAWN not in available_acts(world.contact, ticket, now=now)
    with pytest.raises(DomainError) as refused:
        actions.close_withdrawn_ticket(ticket, author=world.engineer, reason="  ")
    assert refused.value.field == "reason"
    for stranger in (world.contact, world.other_engineer, world.vendor_engineer):
        with pytest.raises(NotAllowedError):
            actions.close_withdrawn_ticket(ticket, author=stranger, reason="Phoned.")
    frozen_time.shift(dt.timedelta(hours=2))
    event = actions.close_withdrawn_ticket(
        ticket, author=world.engineer, reason="The customer withdrew it by phone at 15:00."
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and announced(event)
    assert kinds(ticket)[-1] == EventKind.CLOSED_AS_WITHDRAWN
    # Reopenable within the window, like any closed ticket; the clocks resume.
    actions.reopen_ticket(ticket, author=world.contact, reason="It came back.")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.clock_phase == "open"


def test_an_unanswered_solution_closes_by_itself(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    frozen_time.shift(dt.timedelta(minutes=30))
    proposal = actions.propose_solution(ticket, author=world.engineer, body="Install 8.3.25.")
    ticket.refresh_from_db()
    plan = auto_close_plan(ticket)
    assert plan is not None and plan.proposal == proposal
    calendar = world.contract.calendar()
    days = world.contract.package.auto_close_days
    assert days == 5
    # Working days of the contract's calendar, not calendar days.
    assert calendar.between(proposal.at, plan.closes_at) == days * calendar.working_day_length()
    assert plan.closes_at - proposal.at > dt.timedelta(days=days)  # a weekend lies between
    assert calendar.between(plan.notice_at, plan.closes_at) == calendar.working_day_length()

    frozen_time.move_to(plan.notice_at - dt.timedelta(minutes=1))
    report = actions.close_unanswered_proposals()
    assert (report.noticed, report.closed) == ([], [])

    frozen_time.move_to(plan.notice_at)
    report = actions.close_unanswered_proposals()
    assert (report.noticed, report.closed) == ([ticket.pk], [])
    notice = ticket.events.get(kind=EventKind.AUTO_CLOSE_NOTICE)
    assert announced(notice) and notice.actor is None
    assert notice.payload["closes_at"] == plan.closes_at.isoformat()
    assert actions.close_unanswered_proposals().noticed == []  # told once

    frozen_time.move_to(plan.closes_at - dt.timedelta(minutes=1))
    with pytest.raises(ConflictError):
        actions.auto_close_ticket(ticket)
    frozen_time.move_to(plan.closes_at)
    report = actions.close_unanswered_proposals()
    assert report.closed == [ticket.pk]
    ticket.refresh_from_db()
    closing = ticket.events.get(kind=EventKind.AUTO_CLOSED)
    assert announced(closing) and closing.payload["proposal"] == proposal.pk
    assert (ticket.status, ticket.closed_at) == (Status.CLOSED, plan.closes_at)
    # Resolved at the proposal, not at the closing.
    assert ticket.resolution_met_at == proposal.at
    assert not ticket.resolution_breached
    # The customer may reopen within the window.
    frozen_time.shift(dt.timedelta(days=2))
    actions.reopen_ticket(ticket, author=world.contact, reason="The fix did not help.")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.resolution_met_at is None


def test_an_answer_or_a_package_without_the_rule_keeps_it_open(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    answered = file_ticket(world.contract, world.contact)
    actions.propose_solution(answered, author=world.engineer, body="Patch.")
    actions.reject_solution(answered, author=world.contact, reason="Still fails.")
    waiting = file_ticket(world.other_contract, world.outsider)
    world.other_contract.package.auto_close_days = 0
    world.other_contract.package.save()
    actions.propose_solution(waiting, author=world.other_engineer, body="Patch.")
    frozen_time.shift(dt.timedelta(days=90))
    report = actions.close_unanswered_proposals()
    assert report.closed == [] and report.noticed == []
    assert Ticket.objects.get(pk=answered.pk).status == Status.IN_PROGRESS
    assert Ticket.objects.get(pk=waiting.pk).status == Status.SOLUTION_PROPOSED


def test_a_workaround_waiting_does_not_close(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_workaround(ticket, author=world.engineer, body="Restart the service.")
    frozen_time.shift(dt.timedelta(days=60))
    assert actions.close_unanswered_proposals().closed == []
    assert Ticket.objects.get(pk=ticket.pk).is_open
