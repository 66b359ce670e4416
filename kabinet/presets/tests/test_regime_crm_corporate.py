"""Seed 000 end to end through the REST API: 1C:CRM corporate support.

10:00–18:00 Moscow on working days of the Russian calendar; reaction 4 h; resolution 8 h
standard, 32 h non-standard (the supplier classifies); package services with quotas per
started block of 250 seats (the contract has 600 seats: three blocks).

Hand-worked timeline (Moscow time; 2026-05-08 is a shortened pre-holiday day, work ends at
17:00; the 9th is Victory Day, the 10th a Sunday, the 11th the moved day off):

* Fri 05-08 15:00 registered by phone, level 3. Reaction 4 h: 2 h on the 8th (15–17), then
  2 h from 10:00 on Tue the 12th → due 05-12 12:00. Resolution 8 h (standard until
  classified): 2 h + 6 h → due 05-12 16:00.
* Tue 05-12 11:00 the consultant replies: reaction met, one hour early.
* Tue 05-12 11:30 classified non-standard: 32 h from registration: 2 h (8th) + 8 (12th)
  + 8 (13th) + 8 (14th) = 26 h by Thu 18:00, 6 h more on Fri the 15th → due 05-15 16:00.
* Wed 05-13 10:00 returned for information: used 2 h + 8 h = 10 h, 22 h left; paused.
* Thu 05-14 14:00 the customer answers: 22 h from then: 4 h (14th) + 8 (15th) + 8 (Mon 18th)
  + 2 h from 10:00 on Tue the 19th → due 05-19 12:00.
* Tue 05-19 11:00 solution proposed: met (used 31 h of 32).
* Tue 05-19 11:30 the customer rejects: 1 h left, resumed at 11:30 → due 05-19 12:30.
* Tue 05-19 13:00 solution proposed again: 30 minutes late → resolution breached.
* 13:10 accepted, 13:20 rated 4 with a wish.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.entitlements.catalogue import SEED_000_SERVICES
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import at, ok, sla


@pytest.mark.django_db
def test_crm_corporate_ticket_life_and_quotas() -> None:
    with time_machine.travel(at(5, 8, 15), tick=False) as clock:
        loaded = load_preset(PRESETS["crm_corporate"], tickets=False)
        contract = loaded.contracts["CRM-2026-001"]
        customer = client_for(loaded.people["crm.client"])
        consultant = client_for(loaded.people["crm.consultant"])

        ticket = ok(
            customer.post(
                "/api/v1/tickets",
                {
                    "contract": contract.pk,
                    "subject": "Не формируется отчёт «Воронка продаж»",
                    "description": "После обновления отчёт пустой.",
                    "criticality": 3,
                    "is_production": True,
                    "channel": "phone",
                },
                format="json",
            )
        )
        number = ticket["number"]
        assert ticket["assignee"]["name"] == "Ирина Лебедева"  # the personal consultant
        assert sla(ticket, "reaction") == at(5, 12, 12)
        assert sla(ticket, "resolution") == at(5, 12, 16)

        def act(client: APIClient, path: str, body: dict[str, Any] | None = None) -> None:
            ok(client.post(f"/api/v1/tickets/{number}/{path}", body or {}, format="json"))

        def current() -> dict[str, Any]:
            return dict(ok(customer.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(5, 12, 11))
        act(consultant, "replies", {"body": "Взяли в работу, воспроизводим."})
        clock.move_to(at(5, 12, 11, 30))
        act(consultant, "classification", {"resolution_class": "non_standard"})
        state = current()
        assert sla(state, "reaction", "met_at") == at(5, 12, 11)
        assert sla(state, "reaction", "breached") is False
        assert sla(state, "resolution") == at(5, 15, 16)

        clock.move_to(at(5, 13, 10))
        act(consultant, "return", {"reason": "insufficient_diagnostics", "body": "Журнал?"})
        assert sla(current(), "resolution") is None  # paused short of the target
        clock.move_to(at(5, 14, 14))
        act(customer, "customer-replies", {"body": "Журнал во вложении."})
        assert sla(current(), "resolution") == at(5, 19, 12)

        clock.move_to(at(5, 19, 11))
        act(consultant, "solution", {"body": "Исправление в патче 3.1.27.1."})
        state = current()
        assert sla(state, "resolution", "met_at") == at(5, 19, 11)
        assert sla(state, "resolution", "breached") is False

        clock.move_to(at(5, 19, 11, 30))
        act(customer, "rejection", {"reason": "Отчёт всё ещё пустой."})
        state = current()
        assert state["status"] == "in_progress"
        assert sla(state, "resolution") == at(5, 19, 12, 30)
        assert sla(state, "resolution", "breached") is False

        clock.move_to(at(5, 19, 13))
        act(consultant, "solution", {"body": "Нужна была перенастройка отбора."})
        clock.move_to(at(5, 19, 13, 10))
        act(customer, "acceptance")
        clock.move_to(at(5, 19, 13, 20))
        act(customer, "rating", {"rating": 4, "comment": "Хорошо бы отчёт по сегментам."})
        state = current()
        assert state["status"] == "closed"
        assert (state["rating"], state["rating_comment"]) == (4, "Хорошо бы отчёт по сегментам.")
        assert sla(state, "resolution", "met_at") == at(5, 19, 13)
        assert sla(state, "resolution", "breached") is True
        assert sla(state, "reaction", "breached") is False


@pytest.mark.django_db
def test_crm_corporate_services_are_three_times_the_package_for_600_seats() -> None:
    with time_machine.travel(at(5, 8, 15), tick=False):
        loaded = load_preset(PRESETS["crm_corporate"], tickets=False)
        contract = loaded.contracts["CRM-2026-001"]
        package = loaded.packages["crm_corp"]
        # Seed 000, services 5, 8 and 9, put on by the preset.
        codes = set(package.services.values_list("code", flat=True))
        assert codes == {spec.code for spec in SEED_000_SERVICES}
        customer = client_for(loaded.people["crm.client"], "ru")
        url = f"/api/v1/contracts/{contract.pk}"

        ok(
            customer.post(
                f"{url}/service-requests", {"service": "consulting", "quantity": 25}, "json"
            )
        )
        refused = customer.post(
            f"{url}/service-requests", {"service": "audit", "quantity": 1}, "json"
        )
        too_many = customer.post(
            f"{url}/service-requests", {"service": "telephony", "quantity": 31}, "json"
        )
        quotas = {q["service"]: q for q in ok(customer.get(f"{url}/quotas"), 200)}

    assert refused.status_code == 409
    assert too_many.status_code == 409
    assert too_many.json()["detail"] == (
        "По услуге «Лицензии корпоративной телефонии» в году договора по 2027-05-07 "
        "осталось 30 из 30 лицензий."
    )
    # The preset's contract started 2025-05-08: its second year began on the day of the test.
    assert {(q["term_year"], q["term_start"], q["term_end"]) for q in quotas.values()} == {
        (2, "2026-05-08", "2027-05-07")
    }
    assert {k: (q["allowance"], q["remaining"]) for k, q in quotas.items()} == {
        "course": (3, 3),
        "audit": (3, 0),
        "consulting": (60, 35),
        "telephony": (30, 30),
    }


DOSSIER = {
    "contacts": "Орлов +7 495 000-00-01; Лебедева +7 495 000-00-02",
    "critical_conditions_confirmed": False,
    "description": "Отчёт «Воронка продаж» пуст после обновления 3.2.1",
    "environment": "1С:CRM 3.2.1, платформа 8.3.27, MS SQL 2022",
    "recent_changes": "Обновление конфигурации 15 мая",
    "resources_consulted": "База знаний 1С-Рарус",
    "test_scenario": "Выгрузка базы во вложении, шаги в описании",
    "escalation_reason": "Воспроизводится на типовой конфигурации",
}


@pytest.mark.django_db
def test_crm_partner_escalates_crm_specifics_to_the_developer() -> None:
    """The seed's developer line: the partner hands what is specific to 1C:CRM to 1С-Рарус,
    whose own SLA runs on its own contract with the partner, 10:00–18:00 Moscow.

    Mon 2026-05-18 11:00 filed, level 3; 12:00 escalated. The developer's ticket: reaction
    4 h from 12:00 → 16:00 the same day; resolution 8 h: 6 h to 18:00, 2 h from 10:00 on
    Tue the 19th → due 05-19 12:00. The customer never sees the developer's ticket."""
    with time_machine.travel(at(5, 18, 11), tick=False) as clock:
        loaded = load_preset(PRESETS["crm_corporate"], tickets=False)
        customer = client_for(loaded.people["crm.client"])
        partner = client_for(loaded.people["crm.consultant"])
        developer = client_for(loaded.people["rarus.engineer"])
        ticket = ok(
            customer.post(
                "/api/v1/tickets",
                {
                    "contract": loaded.contracts["CRM-2026-001"].pk,
                    "subject": "Пустой отчёт «Воронка продаж»",
                    "description": "После обновления отчёт пустой.",
                    "criticality": 3,
                    "is_production": True,
                },
                format="json",
            )
        )
        clock.move_to(at(5, 18, 12))
        escalation = ok(
            partner.post(
                f"/api/v1/tickets/{ticket['number']}/escalation",
                {"dossier": DOSSIER},
                format="json",
            )
        )
        vendor_number = escalation["number"]
        vendor_ticket = ok(developer.get(f"/api/v1/tickets/{vendor_number}"), 200)
        assert vendor_ticket["criticality"] == 3
        assert sla(vendor_ticket, "reaction") == at(5, 18, 16)
        assert sla(vendor_ticket, "resolution") == at(5, 19, 12)
        assert customer.get(f"/api/v1/tickets/{vendor_number}").status_code == 404
        quality = client_for(loaded.people["rarus.quality"])
        assert ok(quality.get(f"/api/v1/tickets/{vendor_number}"), 200)["number"] == vendor_number
        assert quality.get(f"/api/v1/tickets/{ticket['number']}").status_code == 404
