"""The customer asks the supplier's management to expedite (seed 003, 5.2-5.3; seed 004,
5): a public timeline entry, announced, moving no clock, once per ticket in 24 hours."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.actions.expedite import EXPEDITE_INTERVAL, next_expedite_at
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import EventKind, OutboxMessage, Visibility
from kabinet.tickets.tests.factories import file_ticket


def test_asked_once_a_day_and_moving_no_clock(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    due = (ticket.reaction_due_at, ticket.resolution_due_at)
    now = dt.datetime.now(dt.UTC)
    assert Act.REQUEST_EXPEDITE in available_acts(world.contact, ticket, now=now)
    assert Act.REQUEST_EXPEDITE not in available_acts(world.engineer, ticket, now=now)
    event = actions.request_expedite(ticket, author=world.contact, body="The warehouse stands.")
    assert event.visibility == Visibility.PUBLIC
    assert event.payload == {"body": "The warehouse stands."}
    assert OutboxMessage.objects.filter(event=event).exists()
    ticket.refresh_from_db()
    assert (ticket.reaction_due_at, ticket.resolution_due_at) == due
    assert next_expedite_at(ticket) == event.at + EXPEDITE_INTERVAL

    frozen_time.shift(EXPEDITE_INTERVAL - dt.timedelta(minutes=1))
    with pytest.raises(ConflictError, match="24 hours"):
        actions.request_expedite(ticket, author=world.admin, body="Still nothing.")
    assert Act.REQUEST_EXPEDITE not in available_acts(
        world.contact, ticket, now=dt.datetime.now(dt.UTC)
    )
    frozen_time.shift(dt.timedelta(minutes=1))
    actions.request_expedite(ticket, author=world.admin, body="Still nothing.")
    assert ticket.events.filter(kind=EventKind.EXPEDITE_REQUESTED).count() == 2


def test_the_supplier_may_not_and_a_closed_ticket_cannot(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        actions.request_expedite(ticket, author=world.engineer, body="Hurry.")
    with pytest.raises(DomainError) as info:
        actions.request_expedite(ticket, author=world.contact, body="  ")
    assert info.value.field == "body"
    actions.withdraw_ticket(ticket, author=world.contact)
    with pytest.raises(ConflictError):
        actions.request_expedite(ticket, author=world.contact, body="Hurry.")
