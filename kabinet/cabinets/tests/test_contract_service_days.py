"""Seed 003, 6.1: the customer sees its supplier's service hours and the coming holiday
schedule on the contract page. The world's contract: 09:30-18:00 Monday to Friday on the
Russian production calendar, Moscow; today is Friday 8 May 2026, shortened to 17:00 before
Victory Day; Monday 11 May is the day off moved from Saturday the 9th; Thursday 11 June is
shortened before Russia Day, Friday 12 June."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from kabinet.conftest import World
from kabinet.contracts.service_days import DayChange, ServiceDay, coming_changes


def test_the_coming_days_off_and_shortened_days(world: World) -> None:
    changes = coming_changes(world.contract, dt.date(2026, 5, 8), days=40)
    assert changes == [
        ServiceDay(dt.date(2026, 5, 8), DayChange.SHORT, ((dt.time(9, 30), dt.time(17, 0)),)),
        ServiceDay(dt.date(2026, 5, 11), DayChange.OFF, ()),
        ServiceDay(dt.date(2026, 6, 11), DayChange.SHORT, ((dt.time(9, 30), dt.time(17, 0)),)),
        ServiceDay(dt.date(2026, 6, 12), DayChange.OFF, ()),
    ]


def test_the_contract_page_shows_them_to_the_customer_in_russian(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    html = client.get(f"/client/contracts/{world.contract.pk}/").content.decode()
    assert "Время обслуживания" in html
    assert "09:30–18:00" in html
    start = html.index('id="coming-days"')
    listed = html[start : html.index("</ul>", start)]
    assert "11.05.2026" in listed and "выходной" in listed
    assert "08.05.2026" in listed and "сокращённый день 09:30–17:00" in listed
