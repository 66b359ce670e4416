"""The SLA columns written by actions through tickets.deadlines, on the DESIGN.md examples."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from kabinet.conftest import World
from kabinet.tickets.actions import (
    apply_automatic_changes,
    customer_reply,
    propose_solution,
    record_public_reply,
    reject_solution,
    return_for_information,
)
from kabinet.tickets.models import EventKind, ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket

MSK = ZoneInfo("Europe/Moscow")


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MSK)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_level_2_reaction_due_over_victory_day(world: World) -> None:
    # DESIGN.md: registered Fri 2026-05-08 16:00 (shortened day), 4 working hours.
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    assert ticket.reaction_due_at == msk(2026, 5, 12, 12, 30)
    assert ticket.reaction_breached is False
    assert ticket.next_sla_event_at is not None
    assert ticket.next_sla_event_at <= ticket.reaction_due_at


def test_reply_on_time_meets_reaction_and_starts_update_clock(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    with time_machine.travel(msk(2026, 5, 12, 10, 0), tick=False):
        record_public_reply(ticket, author=world.engineer, body="Looking into it.")
    ticket = fresh(ticket)
    assert ticket.reaction_met_at == msk(2026, 5, 12, 10, 0)
    assert ticket.reaction_breached is False
    assert ticket.update_due_at is not None and ticket.update_due_at > msk(2026, 5, 12, 10, 0)


def test_reply_after_deadline_counts_as_breach(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    with time_machine.travel(msk(2026, 5, 12, 12, 31), tick=False):
        record_public_reply(ticket, author=world.engineer, body="Sorry for the delay.")
    assert fresh(ticket).reaction_breached is True


def test_internal_comment_does_not_meet_reaction(world: World) -> None:
    from kabinet.tickets.actions import add_internal_comment

    ticket = file_ticket(world.contract, world.contact, criticality=2)
    add_internal_comment(ticket, author=world.engineer, body="customer is grumpy")
    assert fresh(ticket).reaction_met_at is None


def test_awaiting_customer_pauses_resolution(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    before = ticket.resolution_due_at
    assert before is not None
    with time_machine.travel(msk(2026, 5, 12, 10, 0), tick=False):
        return_for_information(
            ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
        )
    assert fresh(ticket).resolution_due_at is None  # paused short of the target
    with time_machine.travel(msk(2026, 5, 13, 10, 0), tick=False):
        customer_reply(ticket, author=world.contact, body="Logs attached.")
    # One working day (8 h 30 min) spent waiting is added back.
    assert fresh(ticket).resolution_due_at == before + dt.timedelta(days=1)


def test_solution_meets_resolution_and_rejection_resumes(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    with time_machine.travel(msk(2026, 5, 12, 11, 0), tick=False):
        propose_solution(ticket, author=world.engineer, body="Apply patch 1.2.")
    assert fresh(ticket).resolution_met_at == msk(2026, 5, 12, 11, 0)
    with time_machine.travel(msk(2026, 5, 12, 12, 0), tick=False):
        reject_solution(ticket, author=world.contact, reason="Still fails.")
    assert fresh(ticket).resolution_met_at is None


def test_silent_customer_on_critical_ticket_drops_to_level_2(world: World) -> None:
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    with time_machine.travel(msk(2026, 5, 8, 16, 30), tick=False):
        return_for_information(
            ticket, author=world.engineer, reason=ReturnReason.OTHER, body="Need a dump."
        )
    assert fresh(ticket).next_sla_event_at is not None
    with time_machine.travel(msk(2026, 5, 8, 18, 0), tick=False):
        events = apply_automatic_changes(ticket)
        assert apply_automatic_changes(ticket) == []  # idempotent
    assert [e.payload["to"] for e in events] == [2]
    assert events[0].at == msk(2026, 5, 8, 17, 30)
    ticket = fresh(ticket)
    assert ticket.criticality == 2
    assert ticket.events.filter(kind=EventKind.CRITICALITY_CHANGED).count() == 1
