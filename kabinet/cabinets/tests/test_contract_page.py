"""The contract page: validity and package next to what is left of each service quota."""

from __future__ import annotations

from django.test import Client

from kabinet.conftest import World
from kabinet.entitlements.actions import define_package_service, request_service
from kabinet.entitlements.models import ServiceUnit


def test_contract_page_shows_what_is_left_of_each_quota(world: World) -> None:
    package = world.contract.package
    world.contract.seats = 300  # two started blocks of 250 seats
    world.contract.save()
    define_package_service(
        package=package,
        code="consulting",
        name="Consulting hours",
        amount=20,
        unit=ServiceUnit.HOUR,
        choice_group="audit-or-hours",
    )
    define_package_service(
        package=package, code="audit", name="Audit", amount=1, choice_group="audit-or-hours"
    )
    request_service(
        contract=world.contract,
        service_code="consulting",
        requested_by=world.contact,
        quantity=15,
    )
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.contact)
    html = client.get(f"/client/contracts/{world.contract.pk}/").content.decode()
    quotas = html[html.index('id="quotas"') :]
    assert "Year 1 of the term: 01/01/2026 — 12/31/2026." in quotas
    assert "Consulting hours" in quotas
    assert "<td>40 hours</td><td>15</td><td><b>25</b></td>" in quotas
    assert "another option was chosen" in quotas  # the audit is closed by the hours taken
    assert html.index("Valid") < html.index('id="quotas"')


def test_a_package_without_services_shows_no_quota_table(world: World) -> None:
    client = Client()
    client.force_login(world.contact)
    html = client.get(f"/client/contracts/{world.contract.pk}/").content.decode()
    assert 'id="quotas"' not in html


def test_the_contracts_zone_reads_as_a_city_with_its_short_name(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    html = client.get(f"/client/contracts/{world.contract.pk}/").content.decode()
    assert "<dd>Москва (МСК)</dd>" in html
    assert "Europe/Moscow" not in html
    world.contract.time_zone = "Asia/Yekaterinburg"
    world.contract.save()
    html = client.get(f"/client/contracts/{world.contract.pk}/").content.decode()
    assert "Екатеринбург (UTC+5)" in html
