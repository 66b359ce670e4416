"""GET /contracts/{id}/quotas, POST /contracts/{id}/service-requests, responsible contacts;
and core's channel rule of registration as the entitlement of seeds 002 and 003."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts import actions as contract_actions
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.entitlements import actions
from kabinet.entitlements.models import ServiceUnit

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def consulting(world: World) -> World:
    world.contract.seats = 450  # two started blocks of 250 seats (seed 000's example)
    world.contract.save()
    actions.define_package_service(
        package=world.contract.package,
        code="consulting",
        name="Консультации методиста",
        amount=20,
        unit=ServiceUnit.HOUR,
    )
    return world


def _url(world: World, tail: str) -> str:
    return f"/api/v1/contracts/{world.contract.pk}/{tail}"


def test_the_remaining_amount_is_visible_to_customer_and_supplier(consulting: World) -> None:
    world = consulting
    made = client_for(world.contact).post(
        _url(world, "service-requests"), {"service": "consulting", "quantity": 15}, format="json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["quota"]["remaining"] == 25

    for person in (world.contact, world.admin, world.engineer):
        response = client_for(person).get(_url(world, "quotas"))
        assert response.status_code == 200
        [quota] = response.json()
        assert quota["service"] == "consulting"
        assert (quota["blocks"], quota["allowance"], quota["used"]) == (2, 40, 15)
        assert quota["remaining"] == 25


@pytest.mark.parametrize("who", ["outsider", "other_engineer", "vendor_engineer"])
def test_outsiders_get_not_found(consulting: World, who: str) -> None:
    client = client_for(getattr(consulting, who))
    assert client.get(_url(consulting, "quotas")).status_code == 404
    refused = client.post(
        _url(consulting, "service-requests"), {"service": "consulting", "quantity": 1}, "json"
    )
    assert refused.status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Only 5 of 40 hours of “Консультации методиста” are left in the contract year "
            "up to 2026-12-31.",
        ),
        (
            "ru",
            "По услуге «Консультации методиста» в году договора по 2026-12-31 осталось 5 из 40 ч.",
        ),
    ],
)
def test_over_quota_is_refused_with_what_is_left(
    consulting: World, language: str, message: str
) -> None:
    client = client_for(consulting.contact, language)
    url = _url(consulting, "service-requests")
    assert client.post(url, {"service": "consulting", "quantity": 35}, "json").status_code == 201

    refused = client.post(url, {"service": "consulting", "quantity": 6}, "json")

    assert refused.status_code == 409
    assert refused.json() == {"detail": message, "field": "quantity"}


def test_bad_input_is_a_400_with_the_field(consulting: World) -> None:
    client = client_for(consulting.contact)
    response = client.post(
        _url(consulting, "service-requests"), {"service": "consulting", "quantity": "3"}, "json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "quantity"


def test_one_responsible_contact_through_the_api(world: World) -> None:
    contract_actions.set_single_responsible_contact(package=world.contract.package, single=True)
    admin = client_for(world.admin, "ru")
    url = _url(world, "responsible-contacts")

    unknown = admin.post(url, {"person": 999_999}, "json")
    outsider = admin.post(url, {"person": world.outsider.pk}, "json")
    assert unknown.status_code == outsider.status_code == 400
    assert unknown.json() == outsider.json()  # another tenant's person reads as unknown
    assert admin.post(url, {"person": world.contact.pk}, "json").status_code == 204
    second = admin.post(url, {"person": world.admin.pk}, "json")
    assert second.status_code == 409
    assert second.json()["detail"] == (
        "Пакет поддержки допускает одно ответственное контактное лицо, и это Contact; "
        "сначала снимите его."
    )
    assert client_for(world.contact).delete(f"{url}/{world.contact.pk}").status_code == 403
    assert admin.delete(f"{url}/{world.contact.pk}").status_code == 204
    assert admin.delete(f"{url}/{world.contact.pk}").status_code == 404
    assert admin.post(url, {"person": world.admin.pk}, "json").status_code == 204


def test_a_channel_outside_the_package_is_refused_with_the_reason(world: World) -> None:
    """Seed 002: phone and messengers only from Business. Core's register_ticket checks
    ``Package.allowed_channels``; this pins that behaviour from the entitlements side."""
    world.contract.package.allowed_channels = ["portal", "email"]
    world.contract.package.save()
    body = {
        "contract": world.contract.pk,
        "subject": "Вопрос",
        "description": "Как настроить воронку?",
        "criticality": 4,
        "is_production": False,
    }

    refused = client_for(world.contact).post(
        "/api/v1/tickets", {**body, "channel": "messenger"}, "json"
    )
    accepted = client_for(world.contact).post(
        "/api/v1/tickets", {**body, "channel": "email"}, "json"
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Channel messenger is not included in the support package.",
        "field": "channel",
    }
    assert accepted.status_code == 201


def test_quotas_show_the_current_contract_year(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    """A contract from 2026-03-15: 40 hours (450 seats, two blocks) in each contract year."""
    contract = ContractFactory.create(
        supplier=world.partner,
        customer=world.customer,
        package=world.contract.package,
        valid_from=dt.date(2026, 3, 15),
        valid_to=dt.date(2028, 3, 14),
        seats=450,
    )
    actions.define_package_service(
        package=contract.package,
        code="consulting",
        name="Консультации методиста",
        amount=20,
        unit=ServiceUnit.HOUR,
    )
    client = client_for(world.contact)
    url = f"/api/v1/contracts/{contract.pk}"
    frozen_time.move_to(dt.datetime(2027, 3, 10, 12, 0, tzinfo=MSK))
    made = client.post(f"{url}/service-requests", {"service": "consulting", "quantity": 36}, "json")
    assert made.status_code == 201, made.content
    assert made.json()["quota"]["remaining"] == 4
    [before] = client.get(f"{url}/quotas").json()
    frozen_time.move_to(dt.datetime(2027, 3, 15, 9, 0, tzinfo=MSK))
    [after] = client.get(f"{url}/quotas").json()

    def term(quota: dict[str, Any]) -> tuple[Any, ...]:
        keys = ("term_year", "term_start", "term_end", "allowance", "used", "remaining")
        return tuple(quota[key] for key in keys)

    assert term(before) == (1, "2026-03-15", "2027-03-14", 40, 36, 4)
    assert term(after) == (2, "2027-03-15", "2028-03-14", 40, 0, 40)
