"""The reindex command finds tickets written around the actions (a bulk load)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from kabinet.conftest import World
from kabinet.knowledge.models import TicketText
from kabinet.knowledge.queries import search_tickets
from kabinet.tickets.tests.factories import file_ticket


def test_reindex_makes_unindexed_tickets_searchable(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, subject="Сбой синхронизации")
    TicketText.objects.all().delete()
    call_command("reindex_search", stdout=StringIO())
    assert [hit.ticket for hit in search_tickets(world.contact, "синхронизация")] == [ticket]
