"""Seed 003 end to end through the REST API: a SaaS CRM vendor's support.

9:00–18:00 Moscow on working days; no guaranteed reaction or resolution time; tickets come
only by messenger and email ("other channels are not tickets"); replies may be links to
the documentation.

Hand-worked timeline (Moscow time): Tue 2026-11-03 17:30 (a shortened pre-holiday day) a
question by messenger, level 4. The package has no target, so nothing is due and nothing
can breach, whatever the calendar: Wed the 4th is National Unity Day and the reply comes on
Thu the 5th at 10:00 — still nothing due, nothing breached, and no SLA event is scheduled.
The answer (a documentation link) is proposed as the solution, the customer rejects it on
the 5th at 11:00 (the ticket reopens), a second answer at 12:00 is accepted and rated.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import at, ok


def nothing_due(ticket: dict[str, Any]) -> bool:
    clocks = ticket["sla"]
    return (
        all(clocks[t]["due_at"] is None for t in ("reaction", "update", "resolution"))
        and not any(clocks[t]["breached"] for t in ("reaction", "update", "resolution"))
        and clocks["next_event_at"] is None
    )


@pytest.mark.django_db
def test_saas_question_by_messenger_has_nothing_due() -> None:
    with time_machine.travel(at(11, 3, 17, 30), tick=False) as clock:
        loaded = load_preset(PRESETS["saas_vendor"], tickets=False)
        client = client_for(loaded.people["saas.client"], "ru")
        support = client_for(loaded.people["saas.support"])
        body = {
            "contract": loaded.contracts["SAAS-0042"].pk,
            "subject": "Как настроить воронку продаж?",
            "description": "Не нашли в справке.",
            "criticality": 4,
            "is_production": False,
        }

        for channel in ("portal", "phone"):
            refused = client.post("/api/v1/tickets", {**body, "channel": channel}, "json")
            assert refused.status_code == 400
            assert refused.json()["field"] == "channel"
        ticket = ok(client.post("/api/v1/tickets", {**body, "channel": "messenger"}, "json"))
        number = ticket["number"]
        assert nothing_due(ticket) is True

        def act(who: APIClient, path: str, data: dict[str, Any] | None = None) -> None:
            ok(who.post(f"/api/v1/tickets/{number}/{path}", data or {}, "json"))

        clock.move_to(at(11, 5, 10))
        act(support, "solution", {"body": "См. https://docs.example.ru/funnel"})
        clock.move_to(at(11, 5, 11))
        act(client, "rejection", {"reason": "В документации нет нашего случая."})
        assert ok(client.get(f"/api/v1/tickets/{number}"), 200)["status"] == "in_progress"
        clock.move_to(at(11, 5, 12))
        act(support, "solution", {"body": "Воронка: Настройки → Продажи → Этапы."})
        act(client, "acceptance")
        act(client, "rating", {"rating": 5, "comment": "Спасибо!"})
        state = ok(client.get(f"/api/v1/tickets/{number}"), 200)

    assert state["status"] == "closed"
    assert state["channel"] == "messenger"
    assert nothing_due(state) is True
