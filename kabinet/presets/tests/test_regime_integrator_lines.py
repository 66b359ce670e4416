"""Seed 004 end to end through the REST API: an integrator's support lines.

9:00–18:00 Moscow on working days; the contract's reaction 2 working hours; line 1
consultant (OLA 2 h), line 2 project manager and line 3 engineer (OLA 4 h each); the intake
asks for steps to reproduce, the page address and the version; the customer can reopen and
rates the conversation.

Hand-worked timeline (Moscow time):

* Tue 2026-11-03 16:30 by messenger (the 3rd is shortened to 17:00; Wed the 4th is National
  Unity Day): 30 min on the 3rd, 1 h 30 min from 9:00 on Thu the 5th → reaction due
  2026-11-05 10:30. Line 1 replies at 10:00: met.
* Thu 11-05 11:00 moved to line 2: its OLA 4 h → 15:00; the project manager answers at
  15:30 → line 2 breached, the contract's SLA untouched.
* Fri 11-06 10:00 moved to line 3: OLA 4 h → 14:00; the engineer answers at 13:00: met.
* Fri 11-06 14:00 solution; Mon 11-09 10:00 the customer reopens (rejects); 12:00 a new
  solution, accepted and rated 2. Tue 11-10 9:00 the customer reopens the closed ticket.
* A second ticket, Fri 11-06 17:00: 1 h on the 6th, 1 h from 9:00 on Mon the 9th → due
  11-09 10:00; the reply at 10:01 is one minute late → reaction breached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.contracts.models import PackageTarget
from kabinet.lines.models import SupportLine
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import at, ok, sla

INTAKE = {
    "steps_to_reproduce": "1. Открыть заказ. 2. Нажать «Сохранить».",
    "page_address": "https://crm.example.ru/orders/42",
    "product": "CRM 5.2.1",
}


def stamp(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


@pytest.mark.django_db
def test_lines_ticket_life_with_olas_and_a_reopen() -> None:
    with time_machine.travel(at(11, 3, 16, 30), tick=False) as clock:
        loaded = load_preset(PRESETS["integrator_lines"], tickets=False)
        # Seed 004's lines come with the preset: consultant, project manager, engineer.
        lines = SupportLine.objects.filter(supplier=loaded.orgs["lines"])
        assert [(line.key, line.reaction_amount) for line in lines] == [
            ("line1", 2),
            ("line2", 4),
            ("line3", 4),
        ]
        client = client_for(loaded.people["vostok.client"])
        line1 = client_for(loaded.people["delta.line1"])
        pm = client_for(loaded.people["delta.pm"])
        engineer = client_for(loaded.people["delta.line3"])
        body = {
            "contract": loaded.contracts["DELTA-2026-07"].pk,
            "subject": "Ошибка на странице заказа",
            "description": "Заказ не сохраняется.",
            "criticality": 3,
            "is_production": False,
            "channel": "messenger",
        }

        incomplete = client.post(
            "/api/v1/tickets", {**body, "intake": {"product": "CRM 5.2.1"}}, "json"
        )
        assert incomplete.status_code == 400
        assert incomplete.json()["field"] == "intake.steps_to_reproduce"
        ticket = ok(client.post("/api/v1/tickets", {**body, "intake": INTAKE}, "json"))
        number = ticket["number"]
        assert sla(ticket, "reaction") == at(11, 5, 10, 30)

        def act(who: APIClient, path: str, data: dict[str, Any] | None = None) -> Any:
            return ok(who.post(f"/api/v1/tickets/{number}/{path}", data or {}, "json"))

        def current() -> dict[str, Any]:
            return dict(ok(client.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(11, 5, 10))
        act(line1, "replies", {"body": "Воспроизвели, передаём руководителю проекта."})
        clock.move_to(at(11, 5, 11))
        stay = act(line1, "lines", {"line": "line2", "reason": "Нужна доработка."})
        assert stamp(stay["reaction_due_at"]) == at(11, 5, 15)
        clock.move_to(at(11, 5, 15, 30))
        act(pm, "replies", {"body": "Согласуем доработку."})
        clock.move_to(at(11, 6, 10))
        stay = act(pm, "lines", {"line": "line3", "reason": "Исправление в коде."})
        assert stamp(stay["reaction_due_at"]) == at(11, 6, 14)
        clock.move_to(at(11, 6, 13))
        act(engineer, "replies", {"body": "Нашли ошибку валидации."})

        stays = {s["line"]: s for s in ok(line1.get(f"/api/v1/tickets/{number}/lines"), 200)}
        assert stays["line2"]["reaction_breached"] is True
        assert stamp(stays["line2"]["reaction_met_at"]) == at(11, 5, 15, 30)
        assert stays["line3"]["reaction_breached"] is False
        assert stamp(stays["line3"]["reaction_met_at"]) == at(11, 6, 13)
        assert client.get(f"/api/v1/tickets/{number}/lines").status_code == 404
        state = current()
        assert sla(state, "reaction", "met_at") == at(11, 5, 10)
        assert sla(state, "reaction", "breached") is False

        clock.move_to(at(11, 6, 14))
        act(engineer, "solution", {"body": "Исправлено в 5.2.2."})
        clock.move_to(at(11, 9, 10))
        act(client, "rejection", {"reason": "На другой странице та же ошибка."})
        assert current()["status"] == "in_progress"
        clock.move_to(at(11, 9, 12))
        act(engineer, "solution", {"body": "Исправлено и там."})
        act(client, "acceptance")
        act(client, "rating", {"rating": 2, "comment": "Слишком долго и с возвратом."})
        state = current()
        assert (state["status"], state["rating"]) == ("closed", 2)
        assert sla(state, "reaction", "breached") is False
        assert sla(state, "resolution") is None

        # Tue 11-10 9:00 the customer reopens the closed ticket (seed 004: "you can open it
        # again"); the supplier may not, and the rating waits for the next closing.
        clock.move_to(at(11, 10, 9))
        refused = line1.post(f"/api/v1/tickets/{number}/reopen", {"reason": "Снова"}, "json")
        assert refused.status_code == 403
        event = act(client, "reopen", {"reason": "Ошибка вернулась после обновления."})
        assert event["kind"] == "reopened"
        state = current()
        assert (state["status"], state["rating"], state["closed_at"]) == ("in_progress", None, None)
        assert sla(state, "reaction", "met_at") == at(11, 5, 10)
        assert sla(state, "resolution") is None  # seed 004 sets no resolution time


@pytest.mark.django_db
def test_lines_reply_a_minute_late_breaches_reaction() -> None:
    with time_machine.travel(at(11, 6, 17), tick=False) as clock:
        loaded = load_preset(PRESETS["integrator_lines"], tickets=False)
        client = client_for(loaded.people["vostok.client"])
        ticket = ok(
            client.post(
                "/api/v1/tickets",
                {
                    "contract": loaded.contracts["DELTA-2026-07"].pk,
                    "subject": "Не сохраняется карточка клиента",
                    "description": "Ошибка 500.",
                    "criticality": 3,
                    "is_production": False,
                    "channel": "email",
                    "intake": INTAKE,
                },
                "json",
            )
        )
        assert sla(ticket, "reaction") == at(11, 9, 10)
        clock.move_to(at(11, 9, 10, 1))
        ok(
            client_for(loaded.people["delta.line1"]).post(
                f"/api/v1/tickets/{ticket['number']}/replies", {"body": "Смотрим."}, "json"
            )
        )
        state = ok(client.get(f"/api/v1/tickets/{ticket['number']}"), 200)

    assert sla(state, "reaction", "met_at") == at(11, 9, 10, 1)
    assert sla(state, "reaction", "breached") is True


@pytest.mark.django_db
def test_lines_reopened_ticket_resumes_resolution_from_the_time_used() -> None:
    """Seed 004 sets no resolution time; here the integrator has agreed one in the package
    (as an admin would): level 3 within 2 working days = 2 × 9 h = 18 h on 9:00–18:00.

    * Mon 11-09 10:00 registered (reaction 2 h → 12:00; resolution 18 h: 8 h on the 9th,
      9 h on the 10th, 1 h on Wed the 11th → due 11-11 10:00). Line 1 replies at 10:30.
    * Mon 11-09 15:00 solution: met after 5 h. Tue 11-10 9:30 accepted, rated 2.
    * Thu 11-12 14:00 the customer reopens: 13 h remain from 14:00: 4 h on the 12th, 9 h on
      Fri the 13th → due 11-13 18:00 (a deadline at the end of the working day is that end).
    * Fri 11-13 17:00 solution again: 17 h used of 18, met. 17:30 accepted.
    * Mon 12-14 17:31, thirty days and a minute after closing: a reopen is refused (409),
      telling the customer to file a new ticket.
    """
    with time_machine.travel(at(11, 9, 10), tick=False) as clock:
        loaded = load_preset(PRESETS["integrator_lines"], tickets=False)
        PackageTarget.objects.create(
            package=loaded.packages["lines"],
            criticality=3,
            kind="resolution",
            amount=2,
            unit="working_days",
            calendar="business",
        )
        client = client_for(loaded.people["vostok.client"], "ru")
        line1 = client_for(loaded.people["delta.line1"])
        body = {
            "contract": loaded.contracts["DELTA-2026-07"].pk,
            "subject": "Не работает фильтр сделок",
            "description": "Фильтр по ответственному пуст.",
            "criticality": 3,
            "is_production": False,
            "channel": "messenger",
            "intake": INTAKE,
        }
        ticket = ok(client.post("/api/v1/tickets", body, "json"))
        number = ticket["number"]
        assert sla(ticket, "reaction") == at(11, 9, 12)
        assert sla(ticket, "resolution") == at(11, 11, 10)

        def act(who: APIClient, path: str, data: dict[str, Any] | None = None) -> Any:
            return who.post(f"/api/v1/tickets/{number}/{path}", data or {}, "json")

        def current() -> dict[str, Any]:
            return dict(ok(client.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(11, 9, 10, 30))
        ok(act(line1, "replies", {"body": "Смотрим."}))
        clock.move_to(at(11, 9, 15))
        ok(act(line1, "solution", {"body": "Пересоздали индекс фильтра."}))
        clock.move_to(at(11, 10, 9, 30))
        ok(act(client, "acceptance"))
        ok(act(client, "rating", {"rating": 2}))
        state = current()
        assert state["status"] == "closed"
        assert sla(state, "resolution", "met_at") == at(11, 9, 15)

        clock.move_to(at(11, 12, 14))
        ok(act(client, "reopen", {"reason": "Фильтр снова пуст."}))
        state = current()
        assert state["status"] == "in_progress"
        assert state["rating"] is None
        assert sla(state, "resolution", "met_at") is None
        assert sla(state, "resolution") == at(11, 13, 18)
        assert sla(state, "resolution", "breached") is False
        assert sla(state, "reaction", "met_at") == at(11, 9, 10, 30)

        clock.move_to(at(11, 13, 17))
        ok(act(line1, "solution", {"body": "Исправили права на справочник."}))
        clock.move_to(at(11, 13, 17, 30))
        ok(act(client, "acceptance"))
        state = current()
        assert sla(state, "resolution", "met_at") == at(11, 13, 17)
        assert sla(state, "resolution", "breached") is False

        clock.move_to(at(12, 14, 17, 31))
        late = act(client, "reopen", {"reason": "Опять."})
        assert late.status_code == 409
        assert late.json()["detail"] == (
            "Срок повторного открытия обращения (30 дн. после закрытия) истёк; "
            "пожалуйста, зарегистрируйте новое обращение."
        )
        assert current()["status"] == "closed"
