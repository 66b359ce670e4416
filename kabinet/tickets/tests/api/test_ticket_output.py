"""``TicketOutput`` writes its fields out instead of DRF's generic path (for speed): the two
must give the same answer, key by key and in order, for tickets in every shape and in any
reader's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone
from rest_framework import serializers

from kabinet.conftest import World
from kabinet.tickets.api.serializers import TicketOutput
from kabinet.tickets.models import ResolutionClass, Status, Ticket
from kabinet.tickets.tests.factories import file_ticket


def _generic(ticket: Ticket) -> dict[str, Any]:
    return dict(serializers.Serializer.to_representation(TicketOutput(), ticket))


def _tickets(world: World) -> list[Ticket]:
    plain = file_ticket(world.contract, world.contact)
    assigned = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
        intake={"product": "1С:ERP 2.5"},
    )
    assigned.assignee = world.engineer
    assigned.status = Status.CLOSED
    assigned.resolution_class = ResolutionClass.NON_STANDARD
    assigned.closed_at = dt.datetime(2026, 5, 9, 12, 30, tzinfo=dt.UTC)
    assigned.rating, assigned.solution_rating, assigned.rating_comment = 5, 4, "Спасибо"
    assigned.save()
    return [
        Ticket.objects.select_related("contract", "reporter", "assignee").get(pk=t.pk)
        for t in (plain, assigned)
    ] + [assigned]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Vladivostok", "Europe/Kaliningrad"])
def test_the_written_out_answer_is_the_generic_one(world: World, zone: str) -> None:
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for ticket in _tickets(world):
            fast = TicketOutput(ticket).data
            assert list(fast.items()) == list(_generic(ticket).items())
            assert list(fast) == list(TicketOutput.Meta.fields)


def test_a_list_of_tickets_is_answered_the_same_way(world: World) -> None:
    tickets = _tickets(world)
    rendered: Any = TicketOutput(tickets, many=True).data
    assert list(rendered) == [_generic(ticket) for ticket in tickets]
