"""The SLA report per supplier and period, read from the stored SLA columns.

Three tickets on 9:30–18:00 Moscow contracts (seed 001 targets), all registered on Friday
2026-05-08 at 16:00 Moscow, a shortened day (work ends at 17:00); the 9th–11th are days off
(Victory Day and the moved day off). Worked by hand:

* A (customer, level 3): reaction and resolution 8 working hours → due Tue 12th 16:30
  (1 h on the 8th + 7 h from 9:30 on the 12th). Reply Tue 12th 10:30: met, 2 h of working
  time (120 min). Solution Tue 12th 11:30: met, 3 h (180 min). Accepted, rated 5.
* B (customer, level 3): reply Wed 13th 10:30: reaction breached (due Tue 16:30), 1 h +
  8 h 30 min + 1 h = 10 h 30 min (630 min); resolution is also past due then: breached.
* C (sibling, level 4): nothing yet; its reaction is neither met nor breached.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.reports.queries import Grouping, Period, sla_report
from kabinet.tickets import actions
from kabinet.tickets.models import Ticket

MSK = dt.timezone(dt.timedelta(hours=3))
PERIOD = "?from=2026-05-08&to=2026-05-08"


def _register(world: World, contract: Any, reporter: Any, criticality: int) -> Ticket:
    return actions.register_ticket(
        contract=contract,
        reporter=reporter,
        subject="Ошибка",
        description="Подробности",
        criticality=criticality,
        is_production=False,
    )


@pytest.fixture
def history(world: World, frozen_time: time_machine.Traveller) -> World:
    ContractFactory.create(supplier=world.vendor, customer=world.partner)  # partner's own
    a = _register(world, world.contract, world.contact, 3)
    b = _register(world, world.contract, world.contact, 3)
    _register(world, world.sibling_contract, world.sibling_contact, 4)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 10, 30, tzinfo=MSK))
    actions.record_public_reply(a, author=world.engineer, body="Взяли в работу.")
    frozen_time.move_to(dt.datetime(2026, 5, 12, 11, 30, tzinfo=MSK))
    actions.propose_solution(a, author=world.engineer, body="Исправлено.")
    actions.accept_solution(a, author=world.contact)
    actions.rate_ticket(a, author=world.contact, rating=5)
    frozen_time.move_to(dt.datetime(2026, 5, 13, 10, 30, tzinfo=MSK))
    actions.record_public_reply(b, author=world.engineer, body="Взяли в работу.")
    return world


def test_a_partner_sees_its_customers_row_by_row(history: World) -> None:
    response = client_for(history.engineer).get(f"/api/v1/reports/sla{PERIOD}")

    assert response.status_code == 200
    body = response.json()
    assert body["grouping"] == "customer"
    customer, sibling = body["rows"]
    assert customer["organisation"]["name"] == "Customer"
    assert customer["tickets"] == 2
    assert customer["reaction"] == {"measured": 2, "met": 1, "breaches": 1, "compliance": 50.0}
    assert customer["updates"] == {"measured": 2, "met": 2, "breaches": 0, "compliance": 100.0}
    assert customer["resolution"] == {
        "measured": 2,
        "met": 1,
        "breaches": 1,
        "compliance": 50.0,
    }
    assert customer["breaches"] == 2
    assert customer["mean_reaction_minutes"] == 375.0  # (120 + 630) / 2
    assert customer["mean_resolution_minutes"] == 180.0
    assert customer["satisfaction"] == {"mean": 5.0, "count": 1}
    assert sibling["organisation"]["name"] == "Sibling"
    assert sibling["tickets"] == 1
    assert sibling["reaction"] == {"measured": 0, "met": 0, "breaches": 0, "compliance": None}
    assert sibling["mean_reaction_minutes"] is None
    assert sibling["satisfaction"] == {"mean": None, "count": 0}


def test_the_vendor_sees_every_partner_row_per_supplier(history: World) -> None:
    body = client_for(history.vendor_engineer).get(f"/api/v1/reports/sla{PERIOD}").json()

    assert body["grouping"] == "supplier"
    [partner] = body["rows"]  # the other partner has no contract with this vendor
    assert partner["organisation"]["name"] == "Partner"
    assert partner["tickets"] == 3
    assert partner["reaction"]["compliance"] == 50.0
    assert partner["breaches"] == 2


def test_each_breach_is_counted_once_however_often_the_ticket_changes(history: World) -> None:
    b = Ticket.objects.filter(reaction_breached=True).get()
    actions.record_public_reply(b, author=history.engineer, body="Ещё новости.")
    actions.record_public_reply(b, author=history.engineer, body="И ещё.")

    body = client_for(history.engineer).get(f"/api/v1/reports/sla{PERIOD}").json()

    assert body["rows"][0]["reaction"]["breaches"] == 1
    assert body["rows"][0]["breaches"] == 2


def test_the_period_selects_by_registration_day_in_moscow(history: World) -> None:
    client = client_for(history.engineer)
    assert client.get("/api/v1/reports/sla?from=2026-05-09&to=2026-05-31").json()["rows"] == []
    bad = client.get("/api/v1/reports/sla?from=2026-05-09&to=2026-05-01")
    assert bad.status_code == 400
    assert bad.json()["field"] == "to"
    assert client.get("/api/v1/reports/sla").status_code == 400


@pytest.mark.parametrize("who", ["contact", "admin", "outsider"])
def test_customers_see_no_report(history: World, who: str) -> None:
    response = client_for(getattr(history, who), "ru").get(f"/api/v1/reports/sla{PERIOD}")
    assert response.status_code == 403
    assert response.json()["detail"] == "Отчёты доступны только поставщикам услуг."
    assert (
        client_for(getattr(history, who)).get(f"/api/v1/reports/sla.csv{PERIOD}").status_code == 403
    )


def test_another_partner_sees_none_of_these_tickets(history: World) -> None:
    body = client_for(history.other_engineer).get(f"/api/v1/reports/sla{PERIOD}").json()
    assert body["rows"] == []


def test_csv_export_has_russian_headers(history: World) -> None:
    response = client_for(history.engineer).get(f"/api/v1/reports/sla.csv{PERIOD}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sla-20260508-20260508.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, customer, sibling = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["Клиент", "Обращений", "Реакция: измерено"]
    assert "Реакция: соблюдение, %" in header
    assert customer[0] == "Customer"
    assert customer[header.index("Реакция: соблюдение, %")] == "50,0"
    assert customer[header.index("Среднее время реакции, раб. мин")] == "375,0"
    assert customer[header.index("Нарушений всего")] == "2"
    assert sibling[header.index("Средняя оценка")] == ""


def test_xlsx_export_has_the_same_table(history: World) -> None:
    response = client_for(history.vendor_engineer).get(f"/api/v1/reports/sla.xlsx{PERIOD}")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Поставщик"
    assert rows[0][rows[0].index("Средняя оценка")] == "Средняя оценка"
    assert rows[1][0] == "Partner"
    assert rows[1][rows[0].index("Обращений")] == 3
    assert rows[1][rows[0].index("Реакция: соблюдение, %")] == 50.0


def test_the_report_costs_the_same_queries_however_many_tickets(history: World) -> None:
    period = Period(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31))
    ids = [history.partner.pk]
    with CaptureQueriesContext(connection) as few:
        sla_report(supplier_ids=ids, period=period, grouping=Grouping.CUSTOMER)
    for _ in range(5):
        ticket = _register(history, history.contract, history.contact, 3)
        actions.record_public_reply(ticket, author=history.engineer, body="Смотрим.")
        actions.propose_solution(ticket, author=history.engineer, body="Готово.")
    with CaptureQueriesContext(connection) as many:
        rows = sla_report(supplier_ids=ids, period=period, grouping=Grouping.CUSTOMER)

    # Aggregate; met tickets; their contracts and package targets; resolved timelines.
    assert len(many.captured_queries) == len(few.captured_queries) == 5
    assert rows[0].tickets == 7
