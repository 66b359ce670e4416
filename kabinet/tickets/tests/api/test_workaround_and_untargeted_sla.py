"""Through the REST API: a resolving workaround leaves the ticket workable (issue 10, point
1), and a level without a target still reports the working time used (point 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.tests.factories import file_ticket

MSK = ZoneInfo("Europe/Moscow")


def post(client: Any, number: str | None, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/tickets/{number}{path}", body, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_after_a_resolving_workaround_the_solution_can_still_be_proposed_and_accepted(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(dt.datetime(2026, 5, 8, 16, 0, tzinfo=MSK))
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    supplier, customer = client_for(world.engineer), client_for(world.contact)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK))
    post(supplier, ticket.number, "/workaround", {"body": "Export by hand meanwhile."})
    detail = customer.get(f"/api/v1/tickets/{ticket.number}").json()
    assert detail["status"] == "workaround_proposed"
    met = detail["sla"]["resolution"]["met_at"]
    assert dt.datetime.fromisoformat(met) == dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK)

    frozen_time.move_to(dt.datetime(2026, 5, 13, 10, 0, tzinfo=MSK))
    post(customer, ticket.number, "/rejection", {"reason": "Too slow by hand."})
    frozen_time.move_to(dt.datetime(2026, 5, 20, 10, 0, tzinfo=MSK))
    post(supplier, ticket.number, "/solution", {"body": "Fixed in 3.1.28."})
    post(customer, ticket.number, "/acceptance", {})
    detail = customer.get(f"/api/v1/tickets/{ticket.number}").json()
    assert detail["status"] == "closed"
    assert detail["sla"]["resolution"]["met_at"] == met
    assert detail["sla"]["resolution"]["breached"] is False


def test_the_sla_explanation_reports_working_time_where_the_level_has_no_target(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # Level 4 has no resolution target. Registered Fri 2026-05-08 16:00 (shortened to
    # 17:00: 1 h); Victory Day moved to Mon the 11th; Tue 05-12 9:30-12:00: 2 h 30 min.
    frozen_time.move_to(dt.datetime(2026, 5, 8, 16, 0, tzinfo=MSK))
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 12, 0, tzinfo=MSK))
    answer = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}/sla").json()
    resolution = next(t for t in answer["targets"] if t["target"] == "resolution")
    assert resolution["status"] == "no_target"
    assert resolution["due_at"] is None
    assert resolution["breaches"] == []
    assert resolution["calendar"] == "business"
    assert resolution["elapsed_seconds"] == 3.5 * 3600
    assert [day["day"] for day in resolution["counted"]] == ["2026-05-08", "2026-05-12"]
    assert "nothing is due" in resolution["arithmetic"]
    assert "3 h 30 min" in resolution["arithmetic"]
