"""The dashboard in headless Debian Chromium against a live server, as the vendor: on a phone
(390×844) and a desktop (1366×900) every chart's canvas is drawn (has painted pixels), its
table is there too, and nothing is wider than the phone's screen.

Twelve weeks of history are built at fixed past instants (time is moved, then released, so
the browser's session runs on the real clock). Screenshots go to the test's tmp dir; with
KABINET_UPDATE_SCREENSHOTS=1 also to docs/screenshots/dashboard-{phone,desktop}.png.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.lines.actions import move_to_line
from kabinet.lines.models import SupportLine
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Organisation, OrganisationKind, Person, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets import actions
from kabinet.tickets.models import Ticket

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "secret-pass-123"
DESKTOP = ViewportSize(width=1366, height=900)
PHONE = ViewportSize(width=390, height=844)
DOCS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
MSK = dt.timezone(dt.timedelta(hours=3))
FIRST_MONDAY = dt.datetime(2026, 8, 31, 11, 0, tzinfo=MSK)
WEEKS = 12
URL = "/dashboards/?start=2026-08-31&end=2026-11-22&granularity=week"

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the test's own ORM calls stay sync
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _member(org: Organisation, role: Role, username: str, name: str) -> Person:
    person = PersonFactory.create(username=username, full_name=name)
    grant_role(organisation=org, person=person, role=role)
    return person


def _supplier(vendor: Organisation, name: str, customer: str) -> tuple[Contract, Person, Person]:
    partner = OrganisationFactory.create(name=name, kind=OrganisationKind.PARTNER)
    ContractFactory.create(supplier=vendor, customer=partner)
    client = OrganisationFactory.create(name=customer)
    engineer = _member(partner, Role.ENGINEER, f"eng-{partner.pk}", "Инженер")
    contact = _member(client, Role.AUTHORISED_CONTACT, f"contact-{client.pk}", "Контакт")
    return ContractFactory.create(supplier=partner, customer=client), engineer, contact


def _register(contract: Contract, contact: Person, level: int) -> Ticket:
    return actions.register_ticket(
        contract=contract,
        reporter=contact,
        subject="Ошибка при проведении",
        description="Подробности",
        criticality=level,
        is_production=True,
    )


def build_weeks(traveller: time_machine.Traveller) -> Person:
    """Each week, at the supplier «Бета»: one ticket answered within the hour and solved,
    one answered two days late (breached) and moved to the engineers' line; at «Альфа»
    one ticket left unanswered. Returns the vendor's engineer."""
    vendor = OrganisationFactory.create(name="Фирма «1С»", kind=OrganisationKind.VENDOR)
    watcher = _member(vendor, Role.ENGINEER, "vendor", "Валентина Серова")
    beta, beta_engineer, beta_contact = _supplier(vendor, "ЦК КОРП «Бета»", "ПАО «Уральские сети»")
    alpha, _, alpha_contact = _supplier(vendor, "Интегратор «Альфа»", "АО «Северный порт»")
    SupportLine.objects.create(supplier=beta.supplier, key="l1", name="Консультант", position=1)
    engineers = SupportLine.objects.create(
        supplier=beta.supplier, key="l3", name="Инженер", position=3
    )
    for week in range(WEEKS):
        monday = FIRST_MONDAY + dt.timedelta(weeks=week)
        traveller.move_to(monday)
        quick = _register(beta, beta_contact, 3 if week % 3 else 2)
        late = _register(beta, beta_contact, 3)
        _register(alpha, alpha_contact, 4 if week % 2 else 3)
        traveller.move_to(monday + dt.timedelta(minutes=40))
        actions.record_public_reply(quick, author=beta_engineer, body="Взяли в работу.")
        if week % 4:
            actions.propose_solution(quick, author=beta_engineer, body="Исправлено.")
            actions.accept_solution(quick, author=beta_contact)
        traveller.move_to(monday + dt.timedelta(days=2))
        actions.record_public_reply(late, author=beta_engineer, body="Смотрим.")
        if week % 2:
            move_to_line(late, author=beta_engineer, line=engineers, reason="Нужен инженер")
    return watcher


def _sign_in(browser: Browser, base: str, username: str, viewport: ViewportSize) -> Page:
    page = browser.new_context(viewport=viewport, locale="ru-RU").new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button.primary")
    return page


PAINTED = """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return {width: canvas.width, height: canvas.height, painted};
})"""


def _check_drawn(page: Page) -> None:
    page.wait_for_function("document.querySelectorAll('.chart.drawn').length === 5")
    canvases = page.evaluate(PAINTED)
    assert len(canvases) == 5
    for canvas in canvases:
        assert canvas["width"] > 0 and canvas["height"] > 0, canvas
        assert canvas["painted"] > 500, canvas  # axes, labels and bars or lines, not blank
    assert page.locator("table.figures").count() == 5


def test_the_vendor_dashboard_draws_on_phone_and_desktop(
    browser: Browser, live_server: object, tmp_path: Path
) -> None:
    with time_machine.travel(FIRST_MONDAY, tick=False) as traveller:
        watcher = build_weeks(traveller)
    base = str(live_server)
    shots = tmp_path / "screenshots"
    shots.mkdir()

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = _sign_in(browser, base, watcher.username, viewport)
        page.goto(f"{base}{URL}")
        _check_drawn(page)
        assert page.locator("#report tbody tr").count() == 2  # both partners
        assert page.locator("#breaches-by-line-table tbody tr").count() == 2
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the page is {width}px wide"
        page.screenshot(path=str(shots / f"dashboard-{name}.png"), full_page=True)
        page.context.close()

    if os.environ.get("KABINET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy(shot, DOCS / shot.name)
