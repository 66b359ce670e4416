"""The main journey of issue 5 in headless Debian Chromium against a live server: the
customer files a level-2 ticket and sees its countdown; the partner replies and returns it for
information; the customer finds it first in the list (what needs the customer leads) and
answers with files (chosen, dropped and pasted; a first try without text comes back with the
error summary); the partner escalates with the dossier drafted from the ticket and sends
the log on; the vendor sees the file and answers the partner on its own ticket; the partner
relays the answer as a solution; the customer accepts and rates, and picks a time zone from
the list by country and city. Three browser contexts, one per side, as three people work.

Each step is saved as a phone (390×844) and a desktop (1366×900) screenshot under the test's
tmp dir; with KABINET_UPDATE_SCREENSHOTS=1 a few of them (DOCS_SHOTS) are copied to
docs/screenshots/, so the documentation stays small.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, ViewportSize, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from kabinet.cabinets.tests.browser.accessibility import serious_violations
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.escalations.models import Escalation
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Certificate, OrganisationKind, PartnerStatus, Person, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets.models import Status, Ticket

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "secret-pass-123"
DESKTOP = ViewportSize(width=1366, height=900)
PHONE = ViewportSize(width=390, height=844)
DOCS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
DOCS_SHOTS = (
    "0-sign-in-phone.png",
    "1-customer-new-ticket-phone.png",
    "2-customer-countdown-phone.png",
    "6-partner-dossier-desktop.png",
    "7-vendor-answer-desktop.png",
    "8-partner-relay-phone.png",
    "9-customer-rated-phone.png",
    "10-customer-list-desktop.png",
    "11-partner-dashboard-phone.png",
    "4-customer-list-open-phone.png",
    "5-customer-reply-error-desktop.png",
    "5-customer-reply-files-desktop.png",
    "12-customer-zone-picker-phone.png",
)
# What a phone must not do: scroll the page or the top navigation sideways.
SIDEWAYS = """() => [document.documentElement, document.querySelector('.nav')]
    .filter((el) => el && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.className || el.tagName)"""

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass(frozen=True)
class Cast:
    contact: Person
    engineer: Person
    vendor_engineer: Person


def people() -> Cast:
    today = dt.date.today()
    year_on = today + dt.timedelta(days=365)
    vendor = OrganisationFactory.create(name="ООО «Софтехно»", kind=OrganisationKind.VENDOR)
    partner = OrganisationFactory.create(name="ЦК КОРП «Бета»", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="ПАО «Уральские сети»")
    engineer = PersonFactory.create(username="maria", full_name="Мария Ковалёва")
    contact = PersonFactory.create(username="dmitry", full_name="Дмитрий Соколов")
    vendor_engineer = PersonFactory.create(username="oleg", full_name="Олег Верещагин")
    grant_role(organisation=partner, person=engineer, role=Role.ENGINEER)
    grant_role(organisation=customer, person=contact, role=Role.AUTHORISED_CONTACT)
    grant_role(organisation=vendor, person=vendor_engineer, role=Role.ENGINEER)
    PartnerStatus.objects.create(
        organisation=partner, level="ЦК КОРП", valid_from=today, valid_to=year_on
    )
    Certificate.objects.create(
        person=engineer, kind="1С:Эксперт", number="E-2041", valid_until=year_on
    )
    ContractFactory.create(
        supplier=vendor,
        customer=partner,
        number="SOFT-2026-003",
        valid_from=today - dt.timedelta(days=30),
        valid_to=year_on,
    )
    contract = ContractFactory.create(
        supplier=partner,
        customer=customer,
        number="PLAT-2026-017",
        personal_consultant=engineer,
        valid_from=today - dt.timedelta(days=30),
        valid_to=today + dt.timedelta(days=300),
    )
    contract.package.name = "Корпоративная поддержка платформы"
    contract.package.mandatory_intake_fields = ["product", "business_impact"]
    contract.package.save()
    return Cast(contact=contact, engineer=engineer, vendor_engineer=vendor_engineer)


class Camera:
    """Screenshots of each step at both widths, and axe-core's serious and critical
    violations found on the way (the journey asserts none at its end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.violations: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, page: Page, name: str) -> None:
        self._capture(page, f"{name}-desktop.png")
        self.violations += serious_violations(page)
        page.set_viewport_size(PHONE)
        self._capture(page, f"{name}-phone.png")
        self.violations += serious_violations(page)
        self.violations += [f"{name}: {el} scrolls sideways" for el in page.evaluate(SIDEWAYS)]
        page.set_viewport_size(DESKTOP)

    def _capture(self, page: Page, filename: str) -> None:
        # Headless Chromium occasionally refuses a capture right after a viewport change
        # ("Unable to capture screenshot"); one retry after a frame settles it.
        try:
            page.screenshot(path=str(self.folder / filename))
        except PlaywrightError:
            page.wait_for_timeout(250)
            page.screenshot(path=str(self.folder / filename))


def submit(page: Page, selector: str) -> None:
    """Click a submit button and wait for the page the server answers with, so the next
    step (often in another person's browser) reads the state this act left."""
    with page.expect_navigation():
        page.click(selector)


LOCALES = {"ru": "ru-RU", "en": "en-US"}


def sign_in(
    browser: Browser, base: str, username: str, language: str, camera: Camera | None = None
) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale=LOCALES[language]).new_page()
    page.goto(f"{base}/login/")
    if camera is not None:
        camera.shoot(page, "0-sign-in")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page, "button.primary")
    return page


DOSSIER = {
    "contacts": "ПАО «Уральские сети»: Дмитрий Соколов, +7 343 000-00-00; "
    "ЦК КОРП «Бета»: Мария Ковалёва, +7 343 111-11-11",
    "description": "Проведение заказа клиента падает с ошибкой блокировки на любом заказе.",
    "environment": "Windows Server 2022, 64 ГБ ОЗУ, PostgreSQL 16.4, платформа 8.3.27.1508",
    "recent_changes": "В понедельник обновили платформу с 8.3.25.",
    "resources_consulted": "ИТС, известные ошибки платформы, партнёрский форум.",
    "test_scenario": "Выгрузка базы приложена; провести заказ 42. Воспроизведено у партнёра.",
    "escalation_reason": "Ошибка в платформе: обойти изменением конфигурации не удалось.",
}


# The reply's files: one chosen in the input, one dropped on the form, one pasted.
DROP_AND_PASTE = """(selector) => {
    const form = document.querySelector(selector);
    const dropped = new DataTransfer();
    dropped.items.add(new File(["trace"], "trace.txt", {type: "text/plain"}));
    form.dispatchEvent(
        new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
    const pasted = new DataTransfer();
    pasted.items.add(new File(["png"], "screenshot.png", {type: "image/png"}));
    form.querySelector("textarea").dispatchEvent(
        new ClipboardEvent("paste", {clipboardData: pasted, bubbles: true, cancelable: true}));
    return Array.from(form.querySelector("input[type=file]").files).map((f) => f.name);
}"""
LOG = FilePayload(name="journal.log", mimeType="text/plain", buffer=b"TLOCK 1C managed lock")


def answer_with_files(customer: Page, camera: Camera) -> None:
    """A first try without text: the error summary on top links to the field, nothing typed
    or chosen is silently dropped; then the answer with three files."""
    customer.set_input_files("#id_reply_attachments", [LOG])
    submit(customer, "#customer-reply button.primary")
    summary = customer.locator("#customer-reply .error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_reply_body"]')).to_be_visible()
    summary.scroll_into_view_if_needed()
    camera.shoot(customer, "5-customer-reply-error")
    customer.fill("#reply textarea", "Журнал приложили, ошибка воспроизводится каждый раз.")
    customer.set_input_files("#id_reply_attachments", [LOG])
    names = customer.evaluate(DROP_AND_PASTE, "#customer-reply")
    assert names == ["journal.log", "trace.txt", "screenshot.png"]
    customer.locator("#customer-reply").scroll_into_view_if_needed()
    camera.shoot(customer, "5-customer-reply-files")
    submit(customer, "#customer-reply button.primary")
    for name in names:
        expect(customer.locator(".files")).to_contain_text(name)


def escalate(partner: Page, camera: Camera) -> None:
    partner.click("#escalate-card summary")
    # Drafted from the ticket: its subject and the customer's contact are already there.
    expect(partner.locator("#id_escalate_description")).to_contain_text(
        "Не проводятся заказы клиентов"
    )
    expect(partner.locator("#id_escalate_contacts")).to_contain_text("Дмитрий Соколов")
    expect(partner.locator("#dossier-required")).to_be_visible()
    partner.locator("#dossier-files label", has_text="journal.log").click()
    performance = partner.locator(".performance-item")
    expect(performance).to_be_hidden()  # item 6 only for a performance issue
    partner.check("#id_escalate_performance_issue")
    expect(performance).to_be_visible()
    partner.uncheck("#id_escalate_performance_issue")
    for item, text in DOSSIER.items():
        partner.fill(f"#id_escalate_{item}", text)
    partner.check('input[name=critical_conditions_confirmed][value="no"]')
    partner.locator("#escalate button.primary").scroll_into_view_if_needed()
    camera.shoot(partner, "6-partner-dossier")
    submit(partner, "#escalate button.primary")
    expect(partner.locator("#vendor-ticket")).to_be_visible()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_main_journey_customer_partner_vendor(
    browser: Browser, live_server: object, tmp_path: Path, language: str
) -> None:
    base = str(live_server)
    cast = people()
    camera = Camera(tmp_path / "screenshots")

    customer = sign_in(browser, base, cast.contact.username, language, camera)
    customer.goto(f"{base}/client/new/")
    customer.fill("#id_subject", "Не проводятся заказы клиентов")
    customer.fill("#id_description", "При проведении заказа появляется ошибка блокировки.")
    customer.check("#id_is_production")
    customer.check('input[name=criticality][value="2"]')
    customer.fill("#id_intake_product", "1С:Предприятие 8.3.27, 1С:CRM КОРП 3.1")
    customer.fill("#id_intake_business_impact", "Отдел продаж не может отгружать товар")
    camera.shoot(customer, "1-customer-new-ticket")
    submit(customer, "button.primary")
    expect(customer.locator(".sla-now .countdown[data-due]")).to_be_visible()
    number = str(Ticket.objects.get().number)
    camera.shoot(customer, "2-customer-countdown")

    partner = sign_in(browser, base, cast.engineer.username, language)
    expect(partner.locator(".tickets")).to_contain_text(number)
    camera.shoot(partner, "3-partner-queue")
    partner.click(f"text={number}")
    partner.fill("#public-reply textarea", "Взяли в работу, воспроизводим на копии базы.")
    submit(partner, "#public-reply button.primary")
    partner.click("#return >> xpath=..//summary")
    partner.select_option("#return select", "insufficient_diagnostics")
    partner.fill("#return textarea", "Пришлите, пожалуйста, технологический журнал.")
    submit(partner, "#return button")
    camera.shoot(partner, "4-partner-returned")

    customer.goto(f"{base}/client/")
    first_group = customer.locator("h2.group").first
    expect(first_group).to_contain_text("Ожидает" if language == "ru" else "Awaiting")
    expect(customer.locator('#which-tickets a[aria-current="page"]')).to_have_attribute(
        "href", "?status=open"
    )
    camera.shoot(customer, "4-customer-list-open")
    customer.click(f"text={number}")
    expect(customer.locator("#reply")).to_be_visible()
    answer_with_files(customer, camera)

    partner.reload()
    escalate(partner, camera)
    vendor_number = Escalation.objects.get().number

    vendor = sign_in(browser, base, cast.vendor_engineer.username, language)
    vendor.goto(f"{base}/tickets/{vendor_number}/")
    expect(vendor.locator(".files")).to_contain_text("journal.log")  # the log the partner sent
    expect(vendor.locator(".files")).not_to_contain_text("trace.txt")  # and only that
    expect(vendor.locator("#public-reply button.primary")).to_have_text(
        "Отправить партнёру" if language == "ru" else "Send to the partner"
    )
    vendor.click("#propose >> xpath=..//summary")
    vendor.fill("#propose textarea", "Ошибка платформы исправлена в 8.3.27.1644, установите её.")
    submit(vendor, "#propose button.primary")
    expect(vendor.locator("#status")).to_have_attribute("class", "badge st-solution_proposed")
    camera.shoot(vendor, "7-vendor-answer")

    partner.reload()
    expect(partner.locator("#escalation .vendor-messages")).to_contain_text("8.3.27.1644")
    expect(partner.locator("#id_relay_body")).to_have_value(
        "Ошибка платформы исправлена в 8.3.27.1644, установите её."
    )
    partner.check('input[name=relay_as][value="solution"]')
    partner.fill(
        "#id_relay_body", "Установите, пожалуйста, платформу 8.3.27.1644: ошибка там исправлена."
    )
    partner.locator("#relay button.primary").scroll_into_view_if_needed()
    camera.shoot(partner, "8-partner-relay")
    submit(partner, "#relay button.primary")

    customer.reload()
    html = customer.content()
    assert vendor_number not in html and cast.vendor_engineer.full_name not in html
    submit(customer, "#accept")
    customer.check('input[name=solution_rating][value="4"]')
    customer.check('input[name=rating][value="5"]')
    customer.fill("#rate textarea", "Спасибо, быстро и по делу.")
    submit(customer, "#rate button.primary")
    camera.shoot(customer, "9-customer-rated")
    customer.goto(f"{base}/client/?status=")
    expect(customer.locator("h2.group")).to_have_count(1)  # the one ticket, closed
    camera.shoot(customer, "10-customer-list")
    partner.goto(f"{base}/dashboards/")
    camera.shoot(partner, "11-partner-dashboard")
    customer.goto(f"{base}/account/")
    likely = customer.locator("#id_time_zone optgroup").first
    heading = "Вероятнее всего" if language == "ru" else "Most likely"
    expect(likely).to_have_attribute("label", heading)
    customer.select_option("#id_time_zone", "Asia/Yekaterinburg")
    customer.locator("#id_time_zone").scroll_into_view_if_needed()
    camera.shoot(customer, "12-customer-zone-picker")

    ticket = Ticket.objects.get(number=number)
    assert (ticket.status, ticket.solution_rating, ticket.rating) == (Status.CLOSED, 4, 5)
    assert "\n".join(sorted(set(camera.violations))) == ""
    if os.environ.get("KABINET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        prefix = "" if language == "ru" else f"{language}-"
        for name in DOCS_SHOTS:
            shutil.copy(camera.folder / name, DOCS / f"{prefix}{name}")
