"""Seed 002 end to end through the REST API: an integrator's Basic / Business / Premium.

Basic: 10:00–18:00 Mon–Fri, reaction 48 h for priorities 2–4, portal and email only.
Business: 9:00–19:00 Mon–Sat, reaction 24 h for priorities 2–4, phone and messengers too.
Premium: 24×7 reaction 4 h for priorities 2–4; priority-2 resolution 3 working days of its
9:00–18:00 calendar (3 × 9 h = 27 h); a dedicated specialist.

Hand-worked timelines (Moscow time):

* Basic, Mon 2026-11-02 15:00, priority 4 by email. 48 h: 3 h (2nd) + 7 h (Tue 3rd, a
  shortened day, to 17:00) + 0 (Wed 4th, National Unity Day) + 8 × 4 (5th, 6th, 9th,
  10th) = 42 h, 6 h from 10:00 on Wed the 11th → reaction due 2026-11-11 16:00.
  The same customer by messenger is refused: not in Basic.
* Business, Sat 2026-05-16 18:00, priority 3 by phone (Saturday is a working day of the
  package). 24 h: 1 h (16th) + 0 (Sunday) + 10 (18th) + 10 (19th) = 21 h, 3 h from 9:00
  on Wed the 20th → due 2026-05-20 12:00. A reply at exactly 12:00 meets it.
* Premium, Wed 2026-12-30 17:00, priority 2. Reaction 4 h 24×7 → 21:00; the reply at 21:30
  breaches it. Resolution 27 h: 1 h (30th; not shortened, the 31st is a moved day off)
  + the new-year break to Sun 2027-01-10 + 9 (Mon 11th) + 9 (12th) + 8 h from 9:00 on
  the 13th → due 2027-01-13 17:00. Returned for information on the 11th at 10:00 (2 h
  used, 25 h left); the customer answers on the 12th at 12:00: 6 h (12th) + 9 (13th) +
  9 (14th) + 1 h on Fri the 15th → due 2027-01-15 10:00. Solution on the 14th at 16:00:
  met.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.presets.loading import Loaded, load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import MSK, ok, sla


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MSK)


def file(client: APIClient, loaded: Loaded, number: str, *, criticality: int, channel: str) -> Any:
    return client.post(
        "/api/v1/tickets",
        {
            "contract": loaded.contracts[number].pk,
            "subject": "Не приходят уведомления о сделках",
            "description": "С понедельника уведомления не отправляются.",
            "criticality": criticality,
            "is_production": criticality <= 2,
            "channel": channel,
        },
        "json",
    )


@pytest.mark.django_db
def test_basic_takes_email_not_messengers_and_counts_48_working_hours() -> None:
    with time_machine.travel(at(2026, 11, 2, 15), tick=False):
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        client = client_for(loaded.people["basic.client"], "ru")

        refused = file(client, loaded, "GAMMA-B-001", criticality=4, channel="messenger")
        ticket = ok(file(client, loaded, "GAMMA-B-001", criticality=4, channel="email"))

    assert refused.status_code == 400
    assert refused.json()["field"] == "channel"
    assert "messenger" in refused.json()["detail"]
    assert sla(ticket, "reaction") == at(2026, 11, 11, 16)
    assert sla(ticket, "resolution") is None


@pytest.mark.django_db
def test_business_works_saturdays_and_a_reply_at_the_due_minute_meets() -> None:
    with time_machine.travel(at(2026, 5, 16, 18), tick=False) as clock:
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        client = client_for(loaded.people["business.client"])
        support = client_for(loaded.people["gamma.support"])

        ticket = ok(file(client, loaded, "GAMMA-BZ-001", criticality=3, channel="phone"))
        assert sla(ticket, "reaction") == at(2026, 5, 20, 12)
        clock.move_to(at(2026, 5, 20, 12))
        ok(support.post(f"/api/v1/tickets/{ticket['number']}/replies", {"body": "Да."}, "json"))
        ticket = ok(client.get(f"/api/v1/tickets/{ticket['number']}"), 200)

    assert sla(ticket, "reaction", "met_at") == at(2026, 5, 20, 12)
    assert sla(ticket, "reaction", "breached") is False


@pytest.mark.django_db
def test_premium_across_the_new_year_break() -> None:
    with time_machine.travel(at(2026, 12, 30, 17), tick=False) as clock:
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        client = client_for(loaded.people["premium.client"])
        dedicated = client_for(loaded.people["gamma.dedicated"])

        ticket = ok(file(client, loaded, "GAMMA-P-001", criticality=2, channel="messenger"))
        number = ticket["number"]
        assert ticket["assignee"]["name"] == "Ольга Новикова"  # the dedicated specialist
        assert sla(ticket, "reaction") == at(2026, 12, 30, 21)
        assert sla(ticket, "resolution") == at(2027, 1, 13, 17)

        def act(who: APIClient, path: str, data: dict[str, Any] | None = None) -> None:
            ok(who.post(f"/api/v1/tickets/{number}/{path}", data or {}, "json"))

        def current() -> dict[str, Any]:
            return dict(ok(client.get(f"/api/v1/tickets/{number}"), 200))

        clock.move_to(at(2026, 12, 30, 21, 30))
        act(dedicated, "replies", {"body": "Смотрим."})
        assert sla(current(), "reaction", "breached") is True

        clock.move_to(at(2027, 1, 11, 10))
        act(dedicated, "return", {"reason": "no_reproduction_scenario"})
        clock.move_to(at(2027, 1, 12, 12))
        act(client, "customer-replies", {"body": "Steps attached."})
        assert sla(current(), "resolution") == at(2027, 1, 15, 10)

        clock.move_to(at(2027, 1, 14, 16))
        act(dedicated, "solution", {"body": "Очередь уведомлений перезапущена."})
        act(client, "acceptance")
        act(client, "rating", {"rating": 3, "comment": "Долго ждали ответа в праздники."})
        state = current()

    assert state["status"] == "closed"
    assert sla(state, "resolution", "met_at") == at(2027, 1, 14, 16)
    assert sla(state, "resolution", "breached") is False
    assert sla(state, "reaction", "met_at") == at(2026, 12, 30, 21, 30)


@pytest.mark.django_db
def test_every_package_sends_consultations_to_one_responsible_contact() -> None:
    loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
    load_preset(PRESETS["integrator_packages"], tickets=False)  # twice is once

    for key in ("basic", "business", "premium"):
        package = loaded.packages[key]
        package.refresh_from_db()
        assert package.single_responsible_contact is True
