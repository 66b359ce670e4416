"""SQL statements of the hot paths, pinned so that they cannot creep back.

Creating a ticket as the customer's contact (company group: one more read for the group's
members) runs on SQLite and PostgreSQL alike: the token with its person; the person's
memberships (once per request, whatever asks); the company group's members; the contract
with its package, customer, personal consultant (the answer's assignee), the package's
targets and whether it requires other contracts; the ticket insert with its SLA columns,
computed on the events about to be written (its triggers write its number and its search
text: tickets migration 0021, knowledge migrations 0003 and 0004); the event insert; the
outbox insert (in the same transaction). No savepoint: nothing inside is recovered from
without an idempotency key, and with one, a retry is found by the key's unique index at
the insert, not read before it.

A supplier's public reply: token, memberships, contract ids, the ticket; savepoint; the
ticket again under its lock; the event insert; the outbox insert; events and targets; the
ticket update; release. No escalation lookup: the ticket's supplier is no vendor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.tests.factories import file_ticket

# The search text (kabinet.knowledge.indexing, through the tickets hook): one upsert on
# either database (PostgreSQL derives its vectors in the row, SQLite's triggers write the
# Snowball stems); after a reply also one read of the ticket's messages and file names. A
# new ticket's text is written by its own INSERT (knowledge migrations 0003 and 0004).
SEARCH_TEXT = 1
# Whether the contract requires others in force (seeds 000 and 001) comes with the contract;
# a contract that requires none reads nothing more. The goal (issues 15 and "Speed"): at
# most 8 on either database.
CREATE = 7
LIST_CUSTOMER = 5  # token, memberships, group members, contract ids, the page
LIST_SUPPLIER = 4  # token, memberships, contract ids, the page
REPLY = 12 + SEARCH_TEXT + 1


def _membership_reads(queries: CaptureQueriesContext) -> int:
    return sum('"orgs_membership"' in query["sql"] for query in queries.captured_queries)


def _warm(client: APIClient) -> APIClient:
    """The token's last-use stamp is written at most once a minute: write it now."""
    assert client.get("/api/v1/tickets").status_code == 200
    return client


def test_creating_a_ticket_reads_memberships_once_and_stays_within_its_budget(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = _warm(client_for(world.contact))
    body = {
        "contract": world.contract.pk,
        "subject": "Cannot post invoices",
        "description": "Error when posting.",
        "criticality": 3,
        "is_production": True,
    }
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/api/v1/tickets", body, format="json")
    assert response.status_code == 201, response.content
    assert _membership_reads(queries) == 1
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == CREATE, "\n".join(statements)


@pytest.mark.parametrize(
    ("who", "expected"), [("contact", LIST_CUSTOMER), ("engineer", LIST_SUPPLIER)]
)
def test_listing_tickets_runs_a_fixed_number_of_statements(
    world: World, who: str, expected: int
) -> None:
    for _ in range(3):
        file_ticket(world.contract, world.contact)
    person = getattr(world, who)
    client = _warm(client_for(person))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/tickets")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    assert _membership_reads(queries) == 1
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == expected, "\n".join(statements)


def test_a_public_reply_skips_the_escalation_lookup_of_a_ticket_no_vendor_supplies(
    world: World,
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = _warm(client_for(world.engineer))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/tickets/{ticket.number}/replies", {"body": "On it."}, format="json"
        )
    assert response.status_code == 201, response.content
    assert _membership_reads(queries) == 1
    statements = [query["sql"] for query in queries.captured_queries]
    assert not any("escalations_escalation" in sql for sql in statements), statements
    assert len(statements) == REPLY, "\n".join(statements)
