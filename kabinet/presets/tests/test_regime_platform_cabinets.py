"""Seed 001 end to end through the REST API: corporate platform support, customer →
partner → vendor.

9:30–18:00 Moscow on working days; level 2: reaction 4 working hours, a status update
every 5 working days (5 × 8 h 30 min = 42 h 30 min); mandatory intake form; the partner
escalates to the vendor with the nine-item dossier.

Hand-worked timeline (Moscow time; 2026-05-08 shortened to 17:00; 9th–11th days off):

* Fri 05-08 16:00 registered, level 2 (DESIGN.md's worked example): 1 h on the 8th, 3 h
  from 9:30 on Tue the 12th → reaction due 05-12 12:30.
* Tue 05-12 12:45 the partner replies: 15 minutes late → reaction breached. The update
  clock starts: 42 h 30 min from 12:45: 5 h 15 min (12th) + 8.5 × 4 (13th, 14th, 15th,
  18th) = 39 h 15 min, 3 h 15 min from 9:30 on Tue the 19th → update due 05-19 12:45.
* Mon 05-18 10:00 returned for information (a public message: it is the last update);
  the update clock pauses with the whole interval left.
* Wed 05-20 11:00 the customer answers: 42 h 30 min from then: 7 h (20th) + 8.5 × 4 (21st,
  22nd, 25th, 26th) = 41 h, 1 h 30 min from 9:30 on Wed the 27th → update due 05-27 11:00.
* Wed 05-20 12:00 the partner escalates to the vendor: a level-2 vendor ticket on the
  partner's own contract, reaction 4 working hours → due 05-20 16:00; the vendor replies at
  15:00 (met). The customer never sees the vendor ticket.
* Thu 05-21 15:00 the partner relays the vendor's workaround (the package says a workaround
  resolves): no update is due while it waits for the customer.
* Fri 05-22 10:00 the customer rejects it: the update clock runs again from the last update
  (the workaround) with its pause excluded: 8 h (22nd) + 8.5 × 4 (25th–28th) = 42 h,
  30 min from 9:30 on Fri the 29th → update due 05-29 10:00.
* Mon 05-25 12:00 solution, 13:00 accepted, 13:05 rated 5. No update was ever missed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import at, ok, sla
from kabinet.tickets.tasks import scan_sla

INTAKE = {
    "company": "ПАО «Уральские сети»",
    "delivery_number": "800012345",
    "contact_name": "Дмитрий Соколов",
    "contact_phone": "+7 343 000-00-00",
    "contact_email": "sokolov@example.ru",
    "product": "1С:Предприятие 8.3.27",
    "client_environment": "Windows 11, тонкий клиент",
    "server_environment": "Linux, PostgreSQL 16",
    "business_impact": "Не проводятся документы отгрузки",
}
DOSSIER = {
    "contacts": "Соколов +7 343 000-00-00; Ковалёва +7 495 000-00-00",
    "critical_conditions_confirmed": False,
    "description": "Ошибка блокировки при проведении",
    "environment": "8 ядер, 64 ГБ, PostgreSQL 16",
    "recent_changes": "Обновление платформы 14 мая",
    "resources_consulted": "ИТС, партнёрский форум",
    "test_scenario": "Выгрузка базы и шаги во вложении",
    "escalation_reason": "Воспроизводится на чистой базе",
}


@pytest.mark.django_db
def test_platform_ticket_life_with_escalation_to_the_vendor() -> None:
    with time_machine.travel(at(5, 8, 16), tick=False) as clock:
        loaded = load_preset(PRESETS["platform_cabinets"], tickets=False)
        # Escalation files on the partner's own contract with the vendor, in the preset.
        vendor_contract = loaded.contracts["1C-PARTNER-2026"]
        assert vendor_contract.supplier == loaded.orgs["vendor"]
        assert vendor_contract.customer == loaded.orgs["partner"]
        contract = loaded.contracts["PLAT-2026-017"]
        customer = client_for(loaded.people["client.contact"])
        partner = client_for(loaded.people["partner.engineer"])
        vendor = client_for(loaded.people["vendor.engineer"])
        body = {
            "contract": contract.pk,
            "subject": "Не проводятся документы отгрузки",
            "description": "Ошибка блокировки таблиц при проведении.",
            "criticality": 2,
            "is_production": True,
        }

        incomplete = customer.post(
            "/api/v1/tickets", {**body, "intake": {**INTAKE, "business_impact": ""}}, "json"
        )
        assert incomplete.status_code == 400
        assert incomplete.json()["field"] == "intake.business_impact"

        ticket = ok(customer.post("/api/v1/tickets", {**body, "intake": INTAKE}, "json"))
        number = ticket["number"]
        assert sla(ticket, "reaction") == at(5, 12, 12, 30)
        assert sla(ticket, "update") is None  # starts with the first response
        assert sla(ticket, "resolution") is None  # seed 001 sets no resolution time

        def act(client: APIClient, path: str, data: dict[str, Any] | None = None) -> Any:
            return ok(client.post(f"/api/v1/tickets/{number}/{path}", data or {}, "json"))

        def current() -> dict[str, Any]:
            return dict(ok(customer.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(5, 12, 12, 45))
        act(partner, "replies", {"body": "Воспроизводим на копии базы."})
        state = current()
        assert sla(state, "reaction", "met_at") == at(5, 12, 12, 45)
        assert sla(state, "reaction", "breached") is True
        assert sla(state, "update") == at(5, 19, 12, 45)

        clock.move_to(at(5, 18, 10))
        act(partner, "return", {"reason": "insufficient_diagnostics"})
        assert sla(current(), "update") is None  # paused while awaiting the customer
        clock.move_to(at(5, 20, 11))
        act(customer, "customer-replies", {"body": "Технологический журнал приложен."})
        assert sla(current(), "update") == at(5, 27, 11)

        clock.move_to(at(5, 20, 12))
        escalation = act(partner, "escalation", {"dossier": DOSSIER})
        assert escalation["customer_ticket"] == number
        vendor_number = escalation["number"]  # the vendor ticket's number
        vendor_ticket = ok(vendor.get(f"/api/v1/tickets/{vendor_number}"), 200)
        assert vendor_ticket["criticality"] == 2
        assert sla(vendor_ticket, "reaction") == at(5, 20, 16)
        assert customer.get(f"/api/v1/tickets/{vendor_number}").status_code == 404
        assert customer.get(f"/api/v1/escalations/{vendor_number}").status_code == 404
        assert ok(partner.get(f"/api/v1/escalations/{vendor_number}"), 200)["number"] == (
            vendor_number
        )
        clock.move_to(at(5, 20, 15))
        ok(
            vendor.post(
                f"/api/v1/tickets/{vendor_number}/replies",
                {"body": "Known issue; workaround: disable managed locks."},
                "json",
            )
        )
        vendor_ticket = ok(vendor.get(f"/api/v1/tickets/{vendor_number}"), 200)
        assert sla(vendor_ticket, "reaction", "met_at") == at(5, 20, 15)
        assert sla(vendor_ticket, "reaction", "breached") is False

        clock.move_to(at(5, 21, 15))
        act(
            partner,
            "relay",
            {"body": "Обход: отключите управляемые блокировки.", "relay_as": "workaround"},
        )
        state = current()
        assert state["status"] == "workaround_proposed"
        assert sla(state, "update") is None

        clock.move_to(at(5, 22, 10))
        act(customer, "rejection", {"reason": "Обход не подходит: нужна блокировка."})
        assert sla(current(), "update") == at(5, 29, 10)

        clock.move_to(at(5, 25, 12))
        act(partner, "solution", {"body": "Исправлено в 8.3.27.1650."})
        clock.move_to(at(5, 25, 13))
        act(customer, "acceptance")
        clock.move_to(at(5, 25, 13, 5))
        act(customer, "rating", {"rating": 5})
        state = current()
        assert state["status"] == "closed"
        assert state["rating"] == 5
        assert sla(state, "update", "breached") is False
        assert sla(state, "update", "breach_count") == 0
        assert sla(state, "reaction", "breached") is True


@pytest.mark.django_db
def test_platform_critical_tickets_on_victory_day() -> None:
    """Level 1 runs on the 24×7 clock even on a holiday; only typed updates count.

    * Sat 2026-05-09 10:00 (Victory Day), level 1 with both confirmations: reaction 2 h
      24×7 → 12:00. A plain reply at 11:00 meets it and starts the 12-hour update clock →
      update due 23:00. An action plan at 23:30 is half an hour late: one missed update,
      and the next is due 12 h after the late one → Sun 05-10 11:30. A plain reply in
      between does not count as an update for level 1.
    * The same minute, level 1 without the confirmations is registered as level 3 (seed
      001): reaction 8 working hours from the next working instant, Tue 05-12 9:30 →
      17:30 (the 9th–11th are days off).
    """
    with time_machine.travel(at(5, 9, 10), tick=False) as clock:
        loaded = load_preset(PRESETS["platform_cabinets"], tickets=False)
        customer = client_for(loaded.people["client.contact"])
        partner = client_for(loaded.people["partner.engineer"])
        body = {
            "contract": loaded.contracts["PLAT-2026-017"].pk,
            "subject": "Сервер приложений не запускается",
            "description": "Остановлена работа всех пользователей.",
            "criticality": 1,
            "is_production": True,
            "intake": INTAKE,
        }
        unconfirmed = ok(customer.post("/api/v1/tickets", body, "json"))
        critical = ok(
            customer.post(
                "/api/v1/tickets",
                {**body, "confirmed_phone_24x7": True, "confirmed_email_1h": True},
                "json",
            )
        )
        number = critical["number"]
        assert unconfirmed["criticality"] == 3
        assert sla(unconfirmed, "reaction") == at(5, 12, 17, 30)
        assert critical["criticality"] == 1
        assert sla(critical, "reaction") == at(5, 9, 12)

        def reply(body: str, *, plan: bool = False) -> dict[str, Any]:
            data = {"body": body, "action_plan": plan}
            ok(partner.post(f"/api/v1/tickets/{number}/replies", data, "json"))
            return dict(ok(customer.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(5, 9, 11))
        state = reply("Подключились к серверу.")
        assert sla(state, "reaction", "met_at") == at(5, 9, 11)
        assert sla(state, "update") == at(5, 9, 23)
        clock.move_to(at(5, 9, 20))
        assert sla(reply("Собираем дампы."), "update") == at(5, 9, 23)  # not a typed update
        clock.move_to(at(5, 9, 23, 30))
        state = reply("План: откат обновления, затем проверка.", plan=True)

    assert sla(state, "update", "breach_count") == 1
    assert sla(state, "update", "breached") is True
    assert sla(state, "update") == at(5, 10, 11, 30)
    assert sla(state, "reaction", "breached") is False


@pytest.mark.django_db
def test_platform_critical_ticket_drops_to_level_2_when_the_customer_is_silent() -> None:
    """Seed 001: a level-1 customer must answer email within 1 hour; if not, the ticket
    becomes level 2 automatically (DESIGN.md: the window runs on the 24×7 clock from
    "awaiting customer"; the change is at that instant, under the package's priority-change
    mode, retroactive here). The change is made by the periodic SLA scan, as in production.

    * Tue 05-12 14:00 registered, level 1 with both confirmations: reaction 2 h 24×7 →
      16:00; the update clock waits for the first response; seed 001 sets no resolution.
    * 14:30 the partner returns it for information: reaction met (a public human message),
      the 12-hour update clock starts and pauses at once (awaiting the customer); the
      customer's 1-hour window runs to 15:30, so the next SLA event is just after 15:30.
    * 15:29 the scan finds nothing due: still level 1.
    * 15:31 the scan runs: level 2 from 15:30 (the instant the window ran out, not the
      scan's). Reaction stays met (met targets stay met); the update clock is still paused.
    * Wed 05-13 10:00 the customer answers: level 2's interval, 5 working days = 42 h 30 min
      on 9:30–18:00, counted from the last update (14:30, nothing elapsed before the
      pause) with the pause excluded, runs from 10:00: 8 h (13th) + 8.5 × 4 (14th, 15th,
      18th, 19th) = 42 h, 30 min from 9:30 on Wed the 20th → update due 05-20 10:00.
    """
    with time_machine.travel(at(5, 12, 14), tick=False) as clock:
        loaded = load_preset(PRESETS["platform_cabinets"], tickets=False)
        customer = client_for(loaded.people["client.contact"])
        partner = client_for(loaded.people["partner.engineer"])
        body = {
            "contract": loaded.contracts["PLAT-2026-017"].pk,
            "subject": "Сервер приложений не запускается",
            "description": "Остановлена работа всех пользователей.",
            "criticality": 1,
            "is_production": True,
            "intake": INTAKE,
            "confirmed_phone_24x7": True,
            "confirmed_email_1h": True,
        }
        ticket = ok(customer.post("/api/v1/tickets", body, "json"))
        number = ticket["number"]
        assert ticket["criticality"] == 1
        assert sla(ticket, "reaction") == at(5, 12, 16)
        assert sla(ticket, "update") is None
        assert sla(ticket, "resolution") is None

        def current() -> dict[str, Any]:
            return dict(ok(customer.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(5, 12, 14, 30))
        ok(
            partner.post(
                f"/api/v1/tickets/{number}/return", {"reason": "insufficient_diagnostics"}, "json"
            )
        )
        state = current()
        assert state["status"] == "awaiting_customer"
        assert sla(state, "reaction", "met_at") == at(5, 12, 14, 30)
        assert sla(state, "reaction") == at(5, 12, 16)
        assert sla(state, "update") is None  # paused while awaiting the customer
        next_event = dt.datetime.fromisoformat(state["sla"]["next_event_at"])
        assert next_event == at(5, 12, 15, 30) + dt.timedelta(microseconds=1)

        clock.move_to(at(5, 12, 15, 29))
        assert scan_sla.apply().get()["processed"] == 0
        assert current()["criticality"] == 1

        clock.move_to(at(5, 12, 15, 31))
        assert scan_sla.apply().get()["processed"] == 1
        state = current()
        assert state["criticality"] == 2
        assert state["status"] == "awaiting_customer"
        assert sla(state, "reaction", "met_at") == at(5, 12, 14, 30)
        assert sla(state, "reaction", "breached") is False
        assert sla(state, "update") is None
        assert sla(state, "resolution") is None
        events = ok(customer.get(f"/api/v1/tickets/{number}/events"), 200)["results"]
        [change] = [e for e in events if e["kind"] == "criticality_changed"]
        assert dt.datetime.fromisoformat(change["at"]) == at(5, 12, 15, 30)
        assert change["actor_side"] == "system"
        assert (change["payload"]["from"], change["payload"]["to"]) == (1, 2)
        assert scan_sla.apply().get()["processed"] == 0  # recorded once

        clock.move_to(at(5, 13, 10))
        ok(
            customer.post(
                f"/api/v1/tickets/{number}/customer-replies",
                {"body": "Дампы и журнал приложены."},
                "json",
            )
        )
        state = current()
        assert state["criticality"] == 2
        assert sla(state, "update") == at(5, 20, 10)
        assert sla(state, "update", "breached") is False
        assert sla(state, "reaction", "breached") is False
