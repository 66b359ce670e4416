"""The dashboard page: who may open it, which figures each person gets (other tenants'
names and numbers never reach the HTML), the filters and their refusals."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kabinet.conftest import World

URL = "/dashboards/?start=2026-05-01&end=2026-05-31&granularity=week"

# Who may open it, and the rows of the breakdown each person gets (the report's rows).
ROWS: dict[str, list[str]] = {
    "contact": ["Customer", "Sibling"],
    "admin": ["Customer", "Sibling"],
    "sibling_contact": ["Customer", "Sibling"],  # one company group
    "outsider": ["Other customer"],
    "engineer": ["Customer", "Sibling"],
    "other_engineer": ["Other customer"],
    "vendor_engineer": ["Other partner", "Partner"],
}
NAMES = ("Customer", "Sibling", "Other customer", "Partner", "Other partner")


def rows_of(html: str, section: str) -> list[str]:
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<th scope="row">([^<]+)</th>', part)


def test_anonymous_is_sent_to_sign_in(history: World, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ROWS)
def test_each_person_sees_only_their_own_tenants(history: World, client: Client, who: str) -> None:
    client.force_login(getattr(history, who))

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "report") == ROWS[who]
    for name in NAMES:
        if name not in ROWS[who]:
            assert f">{name}<" not in html, name
            assert f'"{name}' not in html, name  # nor in a chart's JSON


def test_a_person_of_no_organisation_gets_404(history: World, client: Client) -> None:
    history.contact.memberships.all().delete()
    client.force_login(history.contact)
    assert client.get(URL).status_code == 404


def test_the_partner_sees_its_figures_in_tables_without_javascript(
    history: World, client: Client
) -> None:
    client.force_login(history.engineer)

    html = client.get(URL).content.decode()

    compliance = html.split('id="compliance-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td>50%</td><td>100%</td><td>50%</td>", compliance)
    assert rows_of(html, "breaches-by-line") == ["Line one", "Line two"]
    load = html.split('id="open-load-table"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td>(\d+)</td>", load) == [
        "0",
        "0",
        "0",
        "0",
        "1",
        "1",
        "1",
        "0",
    ]  # B open and breached; C
    assert 'data-chart="compliance-data"' in html
    assert '<script id="compliance-data" type="application/json">' in html
    assert "/static/dashboards/vendor/chart.umd.min.js" in html
    assert "/api/v1/reports/sla.csv?from=2026-05-01&amp;to=2026-05-31" in html


def test_customers_get_no_export_links(history: World, client: Client) -> None:
    client.force_login(history.contact)
    assert "/api/v1/reports/sla.csv" not in client.get(URL).content.decode()


def test_the_vendor_narrows_to_one_partner(history: World, client: Client) -> None:
    client.force_login(history.vendor_engineer)

    response = client.get(f"{URL}&supplier={history.partner.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "report") == ["Partner"]
    assert "Other partner" not in html.split('id="report"', 1)[1]


def test_a_supplier_outside_the_scope_is_refused(history: World, client: Client) -> None:
    client.force_login(history.engineer)

    response = client.get(f"{URL}&supplier={history.other_partner.pk}")

    assert response.status_code == 400
    assert 'id="report"' not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-05-31&end=2026-05-01&granularity=week", "Период заканчивается раньше"),
        ("start=2020-01-01&end=2026-05-01&granularity=month", "длиннее трёх лет"),
        ("start=2025-01-01&end=2026-05-01&granularity=week", "выберите шаг «месяц»"),
        ("start=yesterday&end=2026-05-01&granularity=week", "Введите правильную дату"),
    ],
)
def test_bad_filters_say_why_in_russian(
    history: World, client: Client, query: str, message: str
) -> None:
    client.force_login(history.engineer)

    response = client.get(f"/dashboards/?{query}", headers={"Accept-Language": "ru"})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_without_filters_the_last_six_months_show_by_month(history: World, client: Client) -> None:
    client.force_login(history.engineer)

    response = client.get("/dashboards/", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2025-12-01"' in html  # six months up to 2026-05-13, where the history ends
    assert rows_of(html, "compliance")[0] == "December 2025"


def test_the_navigation_links_the_dashboard(history: World, client: Client) -> None:
    client.force_login(history.contact)
    assert 'href="/dashboards/"' in client.get("/client/").content.decode()
