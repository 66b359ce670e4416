"""The whole customer → partner → vendor chain through the REST API, every due instant worked
out by hand to the minute.

The customer's contract: Moscow, 9:30–18:00 on working days of the Russian calendar. The
partner's contract with the vendor was agreed in Yekaterinburg time (UTC+5), 9:00–18:00 on
the same production calendar. Both in May 2026: Friday the 8th is a shortened pre-holiday
day (one hour less), Saturday the 9th is Victory Day, moved to Monday the 11th.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.escalations.tests.conftest import certify, full_dossier
from kabinet.orgs.models import PartnerStatus
from kabinet.tickets.models import EventKind

YEKATERINBURG_HOURS = {
    "week": {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
    "production_calendar": "ru",
}


def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=dt.UTC)


def stamp(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def ok(response: Any, code: int = 201) -> Any:
    assert response.status_code == code, response.content
    return response.json()


def sla(client: APIClient, number: str) -> dict[str, Any]:
    return ok(client.get(f"/api/v1/tickets/{number}"), 200)  # type: ignore[no-any-return]


def due(ticket: dict[str, Any], target: str, field: str = "due_at") -> dt.datetime | None:
    return stamp(ticket["sla"][target][field])


def events(client: APIClient, number: str) -> list[dict[str, Any]]:
    return ok(client.get(f"/api/v1/tickets/{number}/events"), 200)["results"]  # type: ignore[no-any-return]


@pytest.fixture
def vendor_contract(world: World) -> Contract:
    PartnerStatus.objects.create(
        organisation=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    certify(world.engineer)
    return ContractFactory.create(
        supplier=world.vendor,
        customer=world.partner,
        number="V-EKB",
        time_zone="Asia/Yekaterinburg",
        business_calendar=YEKATERINBURG_HOURS,
    )


def test_customer_partner_vendor_and_back(
    world: World, vendor_contract: Contract, frozen_time: time_machine.Traveller
) -> None:
    customer = client_for(world.contact)
    partner = client_for(world.engineer)
    vendor = client_for(world.vendor_engineer)

    # Fri 8 May 16:00 MSK (13:00 UTC): the customer files a level-3 ticket.
    frozen_time.move_to(utc(8, 13))
    ticket = ok(
        customer.post(
            "/api/v1/tickets",
            {
                "contract": world.contract.pk,
                "subject": "Posting fails after the platform update",
                "description": "Error 500 when posting a sales invoice.",
                "criticality": 3,
                "is_production": True,
            },
            format="json",
        )
    )
    c = ticket["number"]
    # Reaction, 8 working hours: 16:00–17:00 on the shortened 8th (1 h), nothing on 9–11,
    # then 7 h from 9:30 on Tue the 12th → 16:30 MSK = 13:30 UTC.
    assert due(ticket, "reaction") == utc(12, 13, 30)

    # Fri 8 May 16:30 MSK (13:30 UTC) = 18:30 in Yekaterinburg: the partner escalates.
    frozen_time.move_to(utc(8, 13, 30))
    escalation = ok(
        partner.post(f"/api/v1/tickets/{c}/escalation", {"dossier": full_dossier()}, "json")
    )
    v = escalation["number"]
    assert escalation["vendor_criticality"] == 3
    vendor_ticket = sla(partner, v)
    assert vendor_ticket["contract"]["number"] == "V-EKB"
    # On the vendor contract's calendar (Yekaterinburg): the 8th is shortened to 9:00–17:00,
    # so 18:30 is after hours; the 9th–11th are days off. Reaction, 8 working hours, runs
    # 9:00–17:00 on Tue the 12th → 17:00 YEKT = 12:00 UTC. Resolution (8 h) likewise.
    assert due(vendor_ticket, "reaction") == utc(12, 12)
    assert due(vendor_ticket, "resolution") == utc(12, 12)
    assert ok(customer.get(f"/api/v1/tickets/{v}"), 404)["detail"] == "Ticket not found."

    # Tue 12 May 10:00 YEKT (05:00 UTC): the vendor replies through the ordinary endpoint.
    frozen_time.move_to(utc(12, 5))
    ok(vendor.post(f"/api/v1/tickets/{v}/replies", {"body": "VENDOR: send the log."}, "json"))
    vendor_ticket = sla(vendor, v)
    assert due(vendor_ticket, "reaction", "met_at") == utc(12, 5)
    # Next update in 10 working days of 9 h = 90 h: 8 h left on the 12th, nine full days
    # (13–15, 18–22, 25 May), 1 h on Tue the 26th → 10:00 YEKT = 05:00 UTC.
    assert due(vendor_ticket, "update") == utc(26, 5)
    copies = [e for e in events(partner, c) if e["kind"] == EventKind.VENDOR_UPDATE]
    assert [(e["payload"]["vendor_kind"], e["visibility"]) for e in copies] == [
        ("public_reply", "internal")
    ]
    assert copies[0]["payload"]["excerpt"] == "VENDOR: send the log."
    assert copies[0]["actor"]["id"] == world.vendor_engineer.pk
    assert all(e["visibility"] == "public" for e in events(customer, c))
    assert "VENDOR" not in customer.get(f"/api/v1/tickets/{c}/events").content.decode()

    # Tue 12 May 11:00 YEKT (06:00 UTC): the vendor returns it for more information.
    frozen_time.move_to(utc(12, 6))
    ok(
        vendor.post(
            f"/api/v1/escalations/{v}/return",
            {"reason": "insufficient_diagnostics", "body": "The log is empty."},
            "json",
        )
    )
    state = ok(partner.get(f"/api/v1/escalations/{v}"), 200)
    assert (state["state"], state["return_reason"]) == ("returned", "insufficient_diagnostics")
    vendor_ticket = sla(partner, v)
    assert vendor_ticket["status"] == "awaiting_customer"
    assert due(vendor_ticket, "resolution") is None  # paused: 2 h used (9:00–11:00)

    # Tue 12 May 10:00 MSK (07:00 UTC): the partner answers the customer and, since the
    # vendor is needed, classifies the ticket as non-standard (32 working hours).
    frozen_time.move_to(utc(12, 7))
    ok(partner.post(f"/api/v1/tickets/{c}/replies", {"body": "With the vendor now."}, "json"))
    ok(
        partner.post(
            f"/api/v1/tickets/{c}/classification", {"resolution_class": "non_standard"}, "json"
        )
    )
    ticket = sla(customer, c)
    assert due(ticket, "reaction", "met_at") == utc(12, 7)
    assert ticket["sla"]["reaction"]["breached"] is False
    # 32 h from Fri 16:00 MSK: 1 h on the 8th, 8.5 h on each of 12, 13, 14 May (26.5 h),
    # 5.5 h from 9:30 on Fri the 15th → 15:00 MSK = 12:00 UTC.
    assert due(ticket, "resolution") == utc(15, 12)

    # Tue 12 May 16:00 YEKT (11:00 UTC): the partner answers on the vendor ticket through the
    # ordinary customer-reply endpoint; the clocks resume.
    frozen_time.move_to(utc(12, 11))
    ok(
        partner.post(
            f"/api/v1/tickets/{v}/customer-replies", {"body": "Log attached, 2 GB."}, "json"
        )
    )
    assert ok(partner.get(f"/api/v1/escalations/{v}"), 200)["state"] == "active"
    vendor_ticket = sla(vendor, v)
    assert vendor_ticket["status"] == "in_progress"
    # 6 h of resolution left: 16:00–18:00 on the 12th, 9:00–13:00 on Wed the 13th
    # → 13:00 YEKT = 08:00 UTC.
    assert due(vendor_ticket, "resolution") == utc(13, 8)
    # The return (11:00) was the last update; the 5 h awaiting the partner do not count:
    # 90 h from 16:00 on the 12th → Tue the 26th 16:00 YEKT = 11:00 UTC.
    assert due(vendor_ticket, "update") == utc(26, 11)

    # Wed 13 May 12:00 YEKT (07:00 UTC): the vendor proposes a solution, an hour early.
    frozen_time.move_to(utc(13, 7))
    ok(vendor.post(f"/api/v1/tickets/{v}/solution", {"body": "Patch 25.1.4 fixes it."}, "json"))
    vendor_ticket = sla(partner, v)
    assert due(vendor_ticket, "resolution", "met_at") == utc(13, 7)
    assert vendor_ticket["sla"]["resolution"]["breached"] is False

    # 12:30 and 12:35 YEKT: the partner, the vendor ticket's customer, accepts and rates.
    frozen_time.move_to(utc(13, 7, 30))
    ok(partner.post(f"/api/v1/tickets/{v}/acceptance", {}, "json"))
    frozen_time.move_to(utc(13, 7, 35))
    ok(partner.post(f"/api/v1/tickets/{v}/rating", {"rating": 5, "comment": "Fast."}, "json"))
    vendor_ticket = sla(vendor, v)
    assert (vendor_ticket["status"], vendor_ticket["rating"]) == ("closed", 5)
    assert stamp(vendor_ticket["closed_at"]) == utc(13, 7, 30)

    # Wed 13 May 11:00 MSK (08:00 UTC): the partner relays the solution to the customer.
    frozen_time.move_to(utc(13, 8))
    relayed = ok(
        partner.post(
            f"/api/v1/tickets/{c}/relay",
            {"body": "Install patch 25.1.4.", "relay_as": "solution"},
            "json",
        )
    )
    assert relayed["actor"]["id"] == world.engineer.pk
    ticket = sla(customer, c)
    assert ticket["status"] == "solution_proposed"
    assert due(ticket, "resolution", "met_at") == utc(13, 8)

    # Wed 13 May 15:00 MSK (12:00 UTC): the customer accepts; the chain is closed.
    frozen_time.move_to(utc(13, 12))
    ok(customer.post(f"/api/v1/tickets/{c}/acceptance", {}, "json"))
    ticket = sla(customer, c)
    assert ticket["status"] == "closed"
    assert stamp(ticket["closed_at"]) == utc(13, 12)
    assert ticket["sla"]["resolution"]["breached"] is False

    # The partner read every step of the vendor ticket on the customer's ticket, at the
    # vendor's instants; the customer read none of it.
    copies = [e for e in events(partner, c) if e["kind"] == EventKind.VENDOR_UPDATE]
    assert [
        (e["payload"]["vendor_kind"], e["payload"]["status"], stamp(e["at"])) for e in copies
    ] == [
        ("public_reply", "in_progress", utc(12, 5)),
        ("returned_for_information", "awaiting_customer", utc(12, 6)),
        ("customer_reply", "in_progress", utc(12, 11)),
        ("solution_proposed", "solution_proposed", utc(13, 7)),
        ("solution_accepted", "closed", utc(13, 7, 30)),
        ("rated", "closed", utc(13, 7, 35)),
    ]
    seen = events(customer, c)
    assert [e["kind"] for e in seen] == [
        "registered",
        "public_reply",
        "solution_proposed",
        "solution_accepted",
    ]
    assert all(e["actor"]["id"] != world.vendor_engineer.pk for e in seen if e["actor"])
    assert v not in customer.get(f"/api/v1/tickets/{c}/events").content.decode()
