"""A new ticket's number and search text are written by its own INSERT (knowledge migrations
0003 and 0004), not by the registration: the ticket is numbered as ``format_number`` numbers
it and found by its words' forms on either database, and on SQLite its stems are those the
indexer would write."""

from __future__ import annotations

import pytest
from django.db import connection

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.knowledge.indexing import reindex_all_tickets
from kabinet.knowledge.models import TicketText
from kabinet.knowledge.queries import search_tickets
from kabinet.stems import stems_of
from kabinet.tickets.models import Ticket, format_number
from kabinet.tickets.tests.factories import file_ticket

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")


def _register_through_the_api(world: World) -> Ticket:
    body = {
        "contract": world.contract.pk,
        "subject": "Не печатаются товарные накладные",
        "description": "В бухгалтерии с утра.",
        "criticality": 3,
        "is_production": True,
    }
    response = client_for(world.contact).post("/api/v1/tickets", body, format="json")
    assert response.status_code == 201, response.content
    return Ticket.objects.get(number=response.json()["number"])


def _fts_rows() -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, public, internal FROM knowledge_ticket_fts ORDER BY rowid")
        return [tuple(row) for row in cursor.fetchall()]


def test_a_registered_ticket_is_numbered_as_format_number_numbers_it(world: World) -> None:
    first = _register_through_the_api(world)
    second = file_ticket(world.contract, world.contact)
    assert first.number == format_number(first.pk)
    assert second.number == format_number(second.pk)  # the row in hand agrees with the row
    second.refresh_from_db()
    assert second.number == format_number(second.pk)


def test_a_registered_ticket_is_found_by_a_form_of_a_cyrillic_word(world: World) -> None:
    ticket = _register_through_the_api(world)
    hits = search_tickets(world.contact, "накладной бухгалтерия")
    assert [hit.ticket for hit in hits] == [ticket]
    assert [hit.ticket for hit in search_tickets(world.contact, "товарная накладная")] == [ticket]


@sqlite_only
def test_the_inserts_stems_are_the_indexers(world: World) -> None:
    ticket = _register_through_the_api(world)
    text = TicketText.objects.get(ticket=ticket)
    written = _fts_rows()
    assert written == [(ticket.pk, stems_of(text.public_text), stems_of(text.internal_text))]
    assert "накладн" in written[0][1].split()
    assert reindex_all_tickets() == 1
    assert _fts_rows() == written


@sqlite_only
def test_a_row_inserted_with_a_number_keeps_it(world: World) -> None:
    """A bulk load or a copy brings its numbers: the trigger numbers only rows without."""
    ticket = file_ticket(world.contract, world.contact)
    ticket.pk = None
    ticket.number = "KB-LOADED"
    ticket.save(force_insert=True)
    ticket.refresh_from_db()
    assert ticket.number == "KB-LOADED"
    assert TicketText.objects.get(ticket=ticket).label.startswith("kb-loaded ")
