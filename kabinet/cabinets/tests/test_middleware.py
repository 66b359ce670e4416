"""A cabinet request reads the signed-in person's memberships once, whatever asks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kabinet.conftest import World
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.tickets.tests.factories import file_ticket


def membership_reads(queries: CaptureQueriesContext) -> int:
    return sum('FROM "orgs_membership"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("who", ["contact", "engineer"])
def test_a_ticket_page_reads_memberships_once(world: World, who: str) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = Client()
    client.force_login(getattr(world, who))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/tickets/{ticket.number}/")
    assert response.status_code == 200
    assert membership_reads(queries) == 1


def test_a_role_granted_between_requests_is_seen_by_the_next_one(world: World) -> None:
    client = Client()
    client.force_login(world.outsider)
    ticket = file_ticket(world.contract, world.contact)
    assert client.get(f"/tickets/{ticket.number}/").status_code == 404
    grant_role(organisation=world.customer, person=world.outsider, role=Role.AUTHORISED_CONTACT)
    assert client.get(f"/tickets/{ticket.number}/").status_code == 200
