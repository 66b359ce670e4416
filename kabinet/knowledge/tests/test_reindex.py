"""The reindex command finds tickets written around the actions (a bulk load)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from kabinet.conftest import World
from kabinet.knowledge.indexing import ticket_texts
from kabinet.knowledge.models import TicketText
from kabinet.knowledge.queries import search_tickets
from kabinet.tickets.tests.factories import file_ticket


def test_reindex_makes_unindexed_tickets_searchable(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, subject="Сбой синхронизации")
    TicketText.objects.all().delete()
    call_command("reindex_search", stdout=StringIO())
    assert [hit.ticket for hit in search_tickets(world.contact, "синхронизация")] == [ticket]


def test_a_registered_tickets_text_is_the_same_whoever_writes_it(world: World) -> None:
    """The ticket's INSERT writes a new ticket's search text (migrations 0003 and 0004),
    the same row as the indexer computes from the ticket."""
    ticket = file_ticket(
        world.contract, world.contact, subject="Сбой СИНХРОНИЗАЦИИ", description="Ёлка\nвторая"
    )
    written = TicketText.objects.get(ticket=ticket)
    (computed,) = ticket_texts([ticket.pk])
    assert (written.label, written.public_text, written.internal_text) == (
        computed.label,
        computed.public_text,
        computed.internal_text,
    )
    assert written.label == f"{str(ticket.number).lower()} сбой синхронизации"
