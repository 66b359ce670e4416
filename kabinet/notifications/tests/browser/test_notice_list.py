"""The notification list in headless Debian Chromium against a live server: the contact
sees the count of unread notices in the header, opens the list, follows a notice to its
ticket (which reads it), and chooses the cabinet only for replies, with quiet hours.
Screenshots (phone and desktop) go to the test's tmp dir."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from kabinet.contracts.tests.factories import ContractFactory
from kabinet.notifications.models import Notice, Preference, QuietHours
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import OrganisationKind, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.tests.factories import file_ticket

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "secret-pass-123"
DESKTOP = ViewportSize(width=1366, height=900)
PHONE = ViewportSize(width=390, height=844)

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_the_contact_reads_notices_from_the_header_to_the_ticket(
    browser: Browser, live_server: object, tmp_path: Path, settings: LazySettings
) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    today = dt.date.today()
    partner = OrganisationFactory.create(name="ЦК КОРП «Бета»", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="ПАО «Уральские сети»")
    engineer = PersonFactory.create(username="maria", full_name="Мария Ковалёва")
    contact = PersonFactory.create(username="dmitry", full_name="Дмитрий Соколов")
    grant_role(organisation=partner, person=engineer, role=Role.ENGINEER)
    grant_role(organisation=customer, person=contact, role=Role.AUTHORISED_CONTACT)
    contract = ContractFactory.create(
        supplier=partner,
        customer=customer,
        personal_consultant=engineer,
        valid_from=today - dt.timedelta(days=30),
        valid_to=today + dt.timedelta(days=300),
    )
    ticket = file_ticket(contract, contact, subject="Не проводятся заказы")
    record_public_reply(ticket, author=engineer, body="Установите исправление 4.2.1.")
    deliver_notifications()

    page = browser.new_context(viewport=DESKTOP, locale="ru-RU").new_page()
    page.goto(f"{live_server}/login/")
    page.fill("#id_username", contact.username)
    page.fill("#id_password", PASSWORD)
    submit(page, "button.primary")

    count = page.locator("header .notices-link .count")
    expect(count).to_have_text("2")
    submit(page, "header .notices-link")
    expect(page.locator("h1")).to_have_text("Уведомления")
    expect(page.locator("li.notice.unread")).to_have_count(2)
    expect(page.locator("li.notice").first).to_contain_text("поддержка ответила")
    page.screenshot(path=str(tmp_path / "notices-desktop.png"))
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(tmp_path / "notices-phone.png"))
    page.set_viewport_size(DESKTOP)

    submit(page, f"li.notice >> nth=0 >> a:text('{ticket.number}')")
    expect(page.locator("article.ticket h1")).to_have_text("Не проводятся заказы")
    expect(page.locator("header .notices-link .count")).to_have_count(0)
    assert Notice.objects.filter(person=contact, read_at__isnull=True).count() == 0

    submit(page, "#watchers-link")
    expect(page.locator("h1")).to_contain_text(f"Наблюдатели {ticket.number}")

    page.goto(f"{live_server}/notifications/preferences/")
    page.select_option("#id_kind_reply", "cabinet")
    page.fill("#id_quiet_start", "22:00")
    page.fill("#id_quiet_end", "07:00")
    submit(page, "button.primary")
    expect(page.locator(".msg.success")).to_have_text("Настройки сохранены.")
    assert Preference.objects.get(person=contact).channel == "cabinet"
    assert QuietHours.objects.get(person=contact).end == dt.time(7, 0)
