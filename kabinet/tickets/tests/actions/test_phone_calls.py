"""Phone calls logged by the supplier: where the SLA counts them and who may log them.

The due instants are worked by hand on the world's contract (Moscow, 9:30-18:00 on working
days of the Russian calendar, seed-001 targets)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, Status, Ticket, Visibility
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=MSK)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def level_two(world: World) -> Ticket:
    # Registered Friday 2026-05-08 16:00 (shortened day, work ends 17:00); the 9th-11th
    # are days off. Reaction 4 working hours: 1 h on the 8th, 3 h from Tuesday 09:30,
    # due Tuesday 2026-05-12 12:30 (DESIGN.md's worked example).
    ticket = file_ticket(world.contract, world.contact, criticality=2)
    assert ticket.reaction_due_at == at("2026-05-12", "12:30")
    return ticket


def test_a_call_counts_when_it_is_logged_and_keeps_its_own_time(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    # Called at 12:00 on Tuesday, logged at 12:20, before the 12:30 deadline: reaction is
    # met at 12:20, the logging instant; the call's own time is kept for the record.
    frozen_time.move_to(at("2026-05-12", "12:20"))
    event = actions.log_phone_call(
        level_two,
        author=world.engineer,
        summary="Agreed to collect the server logs tonight.",
        called_at=at("2026-05-12", "12:00"),
    )
    assert event.kind == EventKind.PUBLIC_REPLY
    assert event.visibility == Visibility.PUBLIC
    assert event.actor_side == "supplier"
    assert event.at == at("2026-05-12", "12:20")
    assert event.payload["via"] == "phone"
    assert event.payload["direction"] == "outgoing"
    assert event.payload["called_at"] == at("2026-05-12", "12:00").isoformat()
    assert event.payload["logged_at"] == at("2026-05-12", "12:20").astimezone(dt.UTC).isoformat()
    ticket = fresh(level_two)
    assert ticket.reaction_met_at == at("2026-05-12", "12:20")
    assert ticket.reaction_breached is False
    assert ticket.status == Status.IN_PROGRESS
    # The update clock starts at 12:20: 5 working days of 8 h 30 min = 42 h 30 min;
    # Tue 12:20-18:00 5 h 40 min, Wed-Fri 25 h 30 min, Mon 18th 8 h 30 min (39 h 40 min),
    # 2 h 50 min from Tue 19th 09:30: due 2026-05-19 12:20.
    assert ticket.update_due_at == at("2026-05-19", "12:20")


def test_a_call_logged_after_the_deadline_does_not_erase_the_breach(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    # The deadline was 12:30 and the breach was there to see from 12:30 on; a call logged
    # at 13:00 "made at 12:00" meets reaction late, at 13:00: breached stays breached.
    frozen_time.move_to(at("2026-05-12", "13:00"))
    actions.log_phone_call(
        level_two, author=world.engineer, summary="Called.", called_at=at("2026-05-12", "12:00")
    )
    ticket = fresh(level_two)
    assert ticket.reaction_met_at == at("2026-05-12", "13:00")
    assert ticket.reaction_breached is True


def test_call_without_a_time_counts_now(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(at("2026-05-12", "10:15"))
    event = actions.log_phone_call(level_two, author=world.engineer, summary="Called.")
    assert event.at == at("2026-05-12", "10:15")
    assert fresh(level_two).reaction_met_at == at("2026-05-12", "10:15")


def test_call_counts_as_an_update_exactly_as_a_reply(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(at("2026-05-12", "10:00"))
    actions.record_public_reply(level_two, author=world.engineer, body="Looking.")
    # Update due 5 working days after 10:00 Tuesday: 2026-05-19 10:00.
    assert fresh(level_two).update_due_at == at("2026-05-19", "10:00")
    frozen_time.move_to(at("2026-05-14", "11:00"))
    actions.log_phone_call(
        level_two, author=world.engineer, summary="Status.", called_at=at("2026-05-14", "10:40")
    )
    # From Thursday 11:00: 7 h + Fri 8 h 30 + Mon 8 h 30 + Tue 8 h 30 + Wed 8 h 30 = 41 h,
    # 1 h 30 min from Thursday 21st 09:30: due 2026-05-21 11:00.
    assert fresh(level_two).update_due_at == at("2026-05-21", "11:00")


def test_incoming_call_is_the_customers_and_meets_nothing(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(at("2026-05-12", "10:00"))
    event = actions.log_phone_call(
        level_two,
        author=world.engineer,
        summary="The customer called to ask about progress.",
        direction="incoming",
    )
    assert event.actor_side == "customer"
    assert event.actor == world.engineer
    ticket = fresh(level_two)
    assert ticket.reaction_met_at is None
    assert ticket.reaction_due_at == at("2026-05-12", "12:30")
    assert ticket.status == Status.REGISTERED


def test_customers_and_other_suppliers_cannot_log_calls(world: World, level_two: Ticket) -> None:
    for person in (world.contact, world.admin, world.other_engineer, world.vendor_engineer):
        with pytest.raises(NotAllowedError):
            actions.log_phone_call(level_two, author=person, summary="Called.")
    assert not level_two.events.filter(payload__via="phone").exists()


def test_call_times_in_the_future_or_before_registration_are_refused(
    world: World, level_two: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(at("2026-05-12", "10:00"))
    with pytest.raises(DomainError, match="future") as future:
        actions.log_phone_call(
            level_two, author=world.engineer, summary="x", called_at=at("2026-05-12", "10:01")
        )
    assert future.value.field == "called_at"
    with pytest.raises(DomainError, match="registration"):
        actions.log_phone_call(
            level_two, author=world.engineer, summary="x", called_at=at("2026-05-08", "15:59")
        )
    with pytest.raises(DomainError, match="time zone"):
        actions.log_phone_call(
            level_two, author=world.engineer, summary="x", called_at=dt.datetime(2026, 5, 12, 9)
        )
    # Exactly at registration is allowed (and the event stands at the logging instant).
    event = actions.log_phone_call(
        level_two, author=world.engineer, summary="x", called_at=at("2026-05-08", "16:00")
    )
    assert event.payload["called_at"] == at("2026-05-08", "16:00").isoformat()
    assert event.at == at("2026-05-12", "10:00")


def test_empty_summary_and_unknown_direction_are_refused_in_russian(
    world: World, level_two: Ticket
) -> None:
    with translation.override("ru"):
        with pytest.raises(DomainError) as empty:
            actions.log_phone_call(level_two, author=world.engineer, summary="  ")
        assert str(empty.value.message) == "Кратко опишите разговор."
        with pytest.raises(DomainError) as direction:
            actions.log_phone_call(
                level_two, author=world.engineer, summary="x", direction="sideways"
            )
        assert str(direction.value.message) == "Направление звонка: исходящий или входящий."


def test_calls_cannot_be_logged_on_a_closed_ticket(world: World, level_two: Ticket) -> None:
    actions.propose_solution(level_two, author=world.engineer, body="Fixed.")
    actions.accept_solution(level_two, author=world.contact)
    with pytest.raises(ConflictError):
        actions.log_phone_call(level_two, author=world.engineer, summary="Called.")
