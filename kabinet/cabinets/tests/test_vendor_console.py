"""The vendor console's SLA compliance of every partner: the SLA report's rows (not a count of
its own), a quiet partner listed with no figures, the dashboard and the exports linked."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from kabinet.conftest import World
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.dashboards.tests.history import build_history
from kabinet.orgs.models import OrganisationKind
from kabinet.orgs.tests.factories import OrganisationFactory


@pytest.fixture
def history(world: World, frozen_time: time_machine.Traveller) -> World:
    return build_history(world, frozen_time)


def _compliance(html: str) -> list[list[str]]:
    """The table's body as text, cell by cell."""
    table = html.split('id="compliance"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]
    return [[" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in row] for row in cells]


def test_every_partner_with_the_reports_figures(history: World, client: Client) -> None:
    quiet = OrganisationFactory.create(name="Quiet partner", kind=OrganisationKind.PARTNER)
    ContractFactory.create(supplier=history.vendor, customer=quiet)
    client.force_login(history.vendor_engineer)

    response = client.get("/vendor/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _compliance(html) == [
        # reaction, updates, resolution: % (met/measured); breaches; mean rating
        ["Other partner", "3", "—", "—", "—", "0", "—"],
        ["Partner", "3", "50% (1/2)", "100% (2/2)", "50% (1/2)", "2", "—"],
        ["Quiet partner", "0", "—", "—", "—", "0", "—"],
    ]
    assert "/dashboards/?start=2025-12-01&amp;end=2026-05-13&amp;granularity=month" in html
    assert "/api/v1/reports/sla.xlsx?from=2025-12-01&amp;to=2026-05-13" in html


def test_a_partner_without_a_vendor_contract_is_not_the_vendors(
    history: World, client: Client
) -> None:
    OrganisationFactory.create(name="Stranger", kind=OrganisationKind.PARTNER)
    client.force_login(history.vendor_engineer)
    assert "Stranger" not in client.get("/vendor/").content.decode()


@pytest.mark.parametrize("who", ["engineer", "contact", "outsider"])
def test_only_the_vendor_opens_the_console(history: World, client: Client, who: str) -> None:
    client.force_login(getattr(history, who))
    assert client.get("/vendor/").status_code == 404
