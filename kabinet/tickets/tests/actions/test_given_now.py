"""Actions act at the ``now`` they are given (the wall clock only when none is), and refuse a
naive one: an instant without a zone is a programming error, not a user's mistake."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.conftest import NOW, World
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, Ticket
from kabinet.tickets.tests.factories import file_ticket

LATER = NOW + dt.timedelta(hours=3, minutes=17)


def test_registration_records_its_events_at_the_given_instant(world: World) -> None:
    earlier = NOW - dt.timedelta(days=2)
    ticket = file_ticket(world.contract, world.contact, now=earlier)
    assert ticket.registered_at == earlier
    assert ticket.updated_at == earlier
    assert list(ticket.events.values_list("kind", "at")) == [(EventKind.REGISTERED, earlier)]


def test_an_action_records_its_event_at_the_given_instant(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    event = actions.record_public_reply(ticket, author=world.engineer, body="On it", now=LATER)
    assert event.at == LATER
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.updated_at == LATER


def test_without_now_an_action_reads_the_wall_clock(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    event = actions.add_internal_comment(ticket, author=world.engineer, body="note")
    assert event.at == NOW


def test_a_naive_now_is_refused_and_nothing_is_recorded(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    naive = LATER.replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        actions.record_public_reply(ticket, author=world.engineer, body="On it", now=naive)
    with pytest.raises(ValueError, match="aware"):
        file_ticket(world.contract, world.contact, now=naive)
    assert list(ticket.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]
    assert Ticket.objects.count() == 1
