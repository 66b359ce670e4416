"""Postponing the resolution with the customer's agreement, time moved: proposed with a
listed reason (seeds 003, 004), the resolution moves only once the customer agrees, and a
ticket past its original due time then breaches only after the agreed one; declined, it
breaches as before. One proposal at a time; each side only its own part."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import EventKind, OutboxMessage, PostponementReason, Ticket
from kabinet.tickets.tests.factories import file_ticket

REASON = PostponementReason.NEEDS_DEVELOPMENT


@pytest.fixture
def answered(world: World, frozen_time: time_machine.Traveller) -> Ticket:
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    frozen_time.shift(dt.timedelta(minutes=10))
    actions.record_public_reply(ticket, author=world.engineer, body="Looking into it.")
    ticket.refresh_from_db()
    assert ticket.resolution_due_at is not None
    return ticket


def test_agreed_postponement_moves_the_resolution(
    world: World, answered: Ticket, frozen_time: time_machine.Traveller
) -> None:
    original = answered.resolution_due_at
    assert original is not None
    until = original + dt.timedelta(days=14)
    now = dt.datetime.now(dt.UTC)
    assert Act.PROPOSE_POSTPONEMENT in available_acts(world.engineer, answered, now=now)
    assert Act.PROPOSE_POSTPONEMENT not in available_acts(world.contact, answered, now=now)
    proposal = actions.propose_postponement(
        answered, author=world.engineer, reason=REASON, until=until, body="Needs a fix in 8.3.26."
    )
    assert OutboxMessage.objects.filter(event=proposal).exists()
    answered.refresh_from_db()
    assert answered.resolution_due_at == original  # nothing moves before the agreement
    assert Act.ANSWER_POSTPONEMENT in available_acts(world.contact, answered, now=now)
    assert Act.ANSWER_POSTPONEMENT not in available_acts(world.engineer, answered, now=now)
    with pytest.raises(ConflictError):  # one at a time
        actions.propose_postponement(answered, author=world.engineer, reason=REASON, until=until)

    frozen_time.shift(dt.timedelta(hours=1))
    agreed = actions.agree_postponement(answered, author=world.contact)
    assert agreed.payload == {"proposal": proposal.pk, "until": until.isoformat()}
    answered.refresh_from_db()
    assert answered.resolution_due_at == until

    # Past the original due time: no breach; past the agreed one: breached.
    frozen_time.move_to(original + dt.timedelta(hours=1))
    sweep_sla(now=original + dt.timedelta(hours=1))
    answered.refresh_from_db()
    assert not answered.resolution_breached
    frozen_time.move_to(until + dt.timedelta(minutes=5))
    sweep_sla(now=until + dt.timedelta(minutes=5))
    answered.refresh_from_db()
    assert answered.resolution_breached


def test_declined_postponement_moves_nothing(
    world: World, answered: Ticket, frozen_time: time_machine.Traveller
) -> None:
    original = answered.resolution_due_at
    assert original is not None
    actions.propose_postponement(
        answered, author=world.engineer, reason=REASON, until=original + dt.timedelta(days=3)
    )
    with pytest.raises(DomainError):
        actions.decline_postponement(answered, author=world.contact, reason=" ")
    actions.decline_postponement(answered, author=world.contact, reason="We need it now.")
    answered.refresh_from_db()
    assert answered.resolution_due_at == original
    with pytest.raises(ConflictError):
        actions.agree_postponement(answered, author=world.contact)
    frozen_time.move_to(original + dt.timedelta(minutes=5))
    sweep_sla(now=original + dt.timedelta(minutes=5))
    answered.refresh_from_db()
    assert answered.resolution_breached
    assert answered.events.filter(kind=EventKind.POSTPONEMENT_DECLINED).count() == 1


def test_refusals(world: World, answered: Ticket) -> None:
    due = answered.resolution_due_at
    assert due is not None
    with pytest.raises(DomainError) as earlier:
        actions.propose_postponement(answered, author=world.engineer, reason=REASON, until=due)
    assert earlier.value.field == "until"
    with pytest.raises(DomainError):
        bored: Any = "bored"  # what an edge that skipped its own check would pass
        actions.propose_postponement(
            answered, author=world.engineer, reason=bored, until=due + dt.timedelta(days=1)
        )
    for stranger in (world.contact, world.other_engineer):
        with pytest.raises(NotAllowedError):
            actions.propose_postponement(
                answered, author=stranger, reason=REASON, until=due + dt.timedelta(days=1)
            )
    with pytest.raises(ConflictError):
        actions.agree_postponement(answered, author=world.contact)  # nothing proposed
    actions.propose_postponement(
        answered, author=world.engineer, reason=REASON, until=due + dt.timedelta(days=1)
    )
    for stranger in (world.engineer, world.outsider):
        with pytest.raises(NotAllowedError):
            actions.agree_postponement(answered, author=stranger)
    actions.propose_solution(answered, author=world.engineer, body="Found it after all.")
    answered.refresh_from_db()
    with pytest.raises(ConflictError):  # a solution waits: nothing left to postpone
        actions.agree_postponement(answered, author=world.contact)
