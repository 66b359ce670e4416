"""The supplier refuses a filed ticket for a listed reason (seeds 001, 002, 004): it
closes, its clocks stop where they stand (nothing breaches afterwards, a breach before
stays), the customer is told; the customer may reopen within the package's time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import EventKind, OutboxMessage, RefusalReason, Status
from kabinet.tickets.tests.factories import file_ticket


def test_a_refused_ticket_closes_and_never_breaches_after(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    now = dt.datetime.now(dt.UTC)
    assert Act.REFUSE in available_acts(world.engineer, ticket, now=now)
    assert Act.REFUSE not in available_acts(world.contact, ticket, now=now)
    due = ticket.reaction_due_at
    assert due is not None
    frozen_time.shift(dt.timedelta(minutes=20))
    event = actions.refuse_ticket(
        ticket,
        author=world.engineer,
        reason=RefusalReason.LICENCE_VIOLATION,
        body="The base runs on an unregistered copy.",
    )
    assert event.payload == {
        "reason": "licence_violation",
        "body": "The base runs on an unregistered copy.",
    }
    assert OutboxMessage.objects.filter(event=event).exists()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.closed_at == event.at
    assert ticket.next_sla_event_at is None
    frozen_time.move_to(due + dt.timedelta(days=30))
    sweep_sla(now=due + dt.timedelta(days=30))
    ticket.refresh_from_db()
    assert not (ticket.reaction_breached or ticket.resolution_breached)
    # As after any closing, the customer may reopen: the supplier may have misjudged.
    assert ticket.events.filter(kind=EventKind.REFUSED).count() == 1


def test_a_breach_before_the_refusal_stays(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    due = ticket.reaction_due_at
    assert due is not None
    frozen_time.move_to(due + dt.timedelta(minutes=5))
    sweep_sla(now=due + dt.timedelta(minutes=5))
    actions.refuse_ticket(
        ticket, author=world.engineer, reason=RefusalReason.OUT_OF_SCOPE, body="Web design."
    )
    ticket.refresh_from_db()
    assert ticket.reaction_breached and ticket.status == Status.CLOSED


def test_the_reason_must_be_listed_and_explained(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError) as info:
        actions.refuse_ticket(ticket, author=world.engineer, reason="bored", body="No.")
    assert info.value.field == "reason"
    with pytest.raises(DomainError) as info:
        actions.refuse_ticket(
            ticket, author=world.engineer, reason=RefusalReason.THIRD_PARTY, body=" "
        )
    assert info.value.field == "body"
    with pytest.raises(NotAllowedError):
        actions.refuse_ticket(
            ticket, author=world.contact, reason=RefusalReason.THIRD_PARTY, body="No."
        )
    with pytest.raises(NotAllowedError):
        actions.refuse_ticket(
            ticket, author=world.other_engineer, reason=RefusalReason.THIRD_PARTY, body="No."
        )
    actions.withdraw_ticket(ticket, author=world.contact)
    with pytest.raises(ConflictError):
        actions.refuse_ticket(
            ticket, author=world.engineer, reason=RefusalReason.THIRD_PARTY, body="No."
        )


@pytest.mark.parametrize("reason", list(RefusalReason))
def test_every_reason_is_told_in_words_in_russian(reason: RefusalReason) -> None:
    with translation.override("en"):
        english = str(reason.label)
    with translation.override("ru"):
        russian = str(reason.label)
    assert russian != english and reason.value not in russian
