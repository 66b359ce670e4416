"""Issue 13's "done when" journey in headless Debian Chromium against a live server, from
an empty database: ``kabinet createadmin`` makes the vendor and its admin; the admin,
through the pages only, adds a partner with its status, invites the partner's engineer and
keeps her certificate, adds a customer and invites its two contacts by email (each follows
the link in the mail the SMTP server received and sets a password), creates a package
from seed 001's template, a support line, a contract and a calendar with a holiday (seeing
the what-if first); then a contact signs in and files a ticket on it. Every step is shot
at phone (390 px) and desktop (1366 px) width and checked by axe-core; with
KABINET_UPDATE_SCREENSHOTS=1 a few of them are copied to docs/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from kabinet.cabinets.tests.browser.test_journey import (
    CHROMIUM,
    DESKTOP,
    LOCALES,
    PASSWORD,
    Camera,
    browser,  # noqa: F401  (the fixture)
    sign_in,
    submit,
)
from kabinet.channels.email.tests.smtp import Mailbox, part_text, smtp_server
from kabinet.contracts.models import Contract, Package
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Certificate, Membership, Organisation, PartnerStatus, Role
from kabinet.tickets.models import Ticket

__all__ = ["smtp_server"]

DOCS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
DOCS_PREFIX = "setup-"
# The few shots kept in docs/ (every step's are in the test's own folder).
DOCS_SHOTS = (
    "setup-3-people-desktop.png",
    "setup-4-invitation-phone.png",
    "setup-6-contract-desktop.png",
    "setup-7-calendar-what-if-desktop.png",
    "setup-9-customer-files-phone.png",
    "setup-10-contract-what-if-phone.png",
)
PARTNER, CUSTOMER = "ЦК КОРП «Бета»", "ПАО «Уральские сети»"
CONTACTS = (
    ("dmitry@uralnet.example", "Дмитрий Соколов"),
    ("irina@uralnet.example", "Ирина Белова"),
)

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def _create_admin(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    call_command(
        "createadmin",
        "--organisation=ООО «Софтехно»",
        "--username=founder",
        "--email=founder@softechno.example",
        "--full-name=Анна Основина",
        f"--password-file={secret}",
        stdout=io.StringIO(),
    )


def _invite(page: Page, organisation: str, email: str, name: str, role: Role) -> None:
    page.select_option("#invite #id_organisation", label=organisation)
    page.fill("#invite #id_email", email)
    page.fill("#invite #id_full_name", name)
    page.select_option("#invite #id_role", value=role.value)
    page.select_option("#invite #id_language", value="ru")
    submit(page, "#invite button.primary")
    expect(page.locator(".messages, [role=status]").first).to_contain_text(email)


def _accept(chromium: Browser, mailbox: Mailbox, email: str, camera: Camera | None) -> str:
    """Follow the link of the invitation mailed to ``email``, set the password; the
    sign-in name the page shows."""
    (mail,) = mailbox.to(email)
    found = re.search(r"https?://\S+/invitation/\S+/", part_text(mail, "text/plain"))
    assert found is not None, "no invitation link in the mail"
    page = chromium.new_context(viewport=DESKTOP, locale=LOCALES["ru"]).new_page()
    page.goto(found.group(0))
    username = page.locator(".username").inner_text()
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    if camera is not None:
        camera.shoot(page, "setup-4-invitation")
    submit(page, "button.primary")
    expect(page).to_have_url(re.compile(r"/account/$"))
    page.context.close()
    return username


def _next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=7)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_vendor_admin_sets_up_everything_through_the_pages_and_the_customer_files(
    browser: Browser,  # noqa: F811
    live_server: object,
    tmp_path: Path,
    smtp_server: Mailbox,
    settings: LazySettings,
) -> None:
    base = str(live_server)
    settings.KABINET_BASE_URL = base  # the invitation links point at the live server
    camera = Camera(tmp_path / "screenshots")
    _create_admin(tmp_path)
    today = dt.date.today()
    year_on = today + dt.timedelta(days=365)

    admin = sign_in(browser, base, "founder", "ru")
    admin.click("#nav-setup")
    expect(admin.locator("h1")).to_have_text("Настройка")
    camera.shoot(admin, "setup-1-index")

    # A partner with its status.
    admin.goto(f"{base}/vendor/partners/")
    admin.fill("#create #id_name", PARTNER)
    submit(admin, "#create button.primary")
    partner = Organisation.objects.get(name=PARTNER)
    status = f"#id_status-{partner.pk}"
    admin.fill(f"{status}-valid_from", (today - dt.timedelta(days=1)).isoformat())
    admin.fill(f"{status}-valid_to", year_on.isoformat())
    submit(admin, f"form[action$='/partners/{partner.pk}/statuses/'] button")
    assert PartnerStatus.objects.get(organisation=partner).level == "ЦК КОРП"
    camera.shoot(admin, "setup-2-partner")

    # Its engineer, invited by email, with her certificate.
    admin.goto(f"{base}/people/")
    _invite(admin, PARTNER, "maria@beta.example", "Мария Ковалёва", Role.ENGINEER)
    admin.select_option("#certificate #id_organisation", label=PARTNER)
    admin.select_option("#certificate #id_person", label="Мария Ковалёва")
    admin.fill("#certificate #id_number", "E-2041")
    admin.fill("#certificate #id_valid_until", year_on.isoformat())
    submit(admin, "#certificate button.primary")
    assert Certificate.objects.get().person.email == "maria@beta.example"

    # The customer and its two contacts, invited by email.
    admin.click("nav a[href='/partner/customers/']")
    admin.fill("#create #id_name", CUSTOMER)
    submit(admin, "#create button.primary")
    customer = Organisation.objects.get(name=CUSTOMER)
    admin.goto(f"{base}/people/")
    for email, name in CONTACTS:
        _invite(admin, CUSTOMER, email, name, Role.AUTHORISED_CONTACT)
    expect(admin.locator("h2", has_text=CUSTOMER)).to_be_visible()
    camera.shoot(admin, "setup-3-people")
    assert len(smtp_server.messages) == 3
    assert (
        Membership.objects.filter(organisation=customer, role=Role.AUTHORISED_CONTACT).count() == 2
    )

    # Each contact (and the engineer) sets a password from the link in the mail.
    usernames = {
        email: _accept(browser, smtp_server, email, camera if i == 0 else None)
        for i, email in enumerate([email for email, _ in CONTACTS] + ["maria@beta.example"])
    }

    # A package from seed 001's template (levels 1-4).
    admin.goto(f"{base}/setup/")
    admin.click("#new-package")
    admin.click("#templates a[href*='platform_cabinets%3Aplatform']")
    expect(admin.locator("#id_t1_reaction_amount")).not_to_have_value("")
    camera.shoot(admin, "setup-5-package-template")
    submit(admin, "#apply")
    package = Package.objects.get()
    assert package.targets.count() == 8 and package.critical_conditions_apply

    # A support line with its OLA.
    admin.goto(f"{base}/setup/lines/new/")
    admin.fill("#id_key", "consultants")
    admin.fill("#id_name", "Консультанты")
    admin.fill("#id_reaction_amount", "2")
    admin.check("#id_members input[value]")
    submit(admin, "#apply")
    assert SupportLine.objects.get().reaction_amount == 2

    # The contract with the customer.
    admin.goto(f"{base}/setup/contracts/new/")
    admin.fill("#id_number", "SOFT-2026-001")
    admin.select_option("#id_customer", label=CUSTOMER)
    admin.select_option("#id_package", label=package.name)
    admin.fill("#id_valid_from", (today - dt.timedelta(days=1)).isoformat())
    admin.fill("#id_valid_to", year_on.isoformat())
    admin.fill("#id_seats", "300")
    admin.select_option("#id_personal_consultant", label="Анна Основина")
    admin.check("#id_responsible_contacts label:has-text('Дмитрий Соколов') input")
    camera.shoot(admin, "setup-6-contract")
    submit(admin, "#apply")
    contract = Contract.objects.get()
    assert (contract.seats, contract.package, contract.customer) == (300, package, customer)

    # Its calendar with a holiday: the what-if first, then saving.
    holiday = _next_weekday(today)
    admin.click("#calendar-link")
    admin.fill("#id_holidays", holiday.isoformat())
    submit(admin, "#preview")
    expect(admin.locator("#what-if")).to_be_visible()
    camera.shoot(admin, "setup-7-calendar-what-if")
    submit(admin, "#apply")
    admin.goto(f"{base}/setup/contracts/{contract.pk}/calendar/?year={holiday.year}")
    cell = admin.locator(f'td[data-date="{holiday.isoformat()}"]')
    expect(cell).to_have_class("day-off")
    cell.scroll_into_view_if_needed()
    camera.shoot(admin, "setup-8-calendar-grid")
    assert Contract.objects.get().business_calendar["holidays"] == [holiday.isoformat()]

    # A contact signs in with the password she chose and files a ticket on the contract.
    customer_page = sign_in(browser, base, usernames[CONTACTS[1][0]], "ru")
    customer_page.goto(f"{base}/client/new/")
    customer_page.fill("#id_subject", "Не проводятся заказы клиентов")
    customer_page.fill("#id_description", "При проведении заказа появляется ошибка блокировки.")
    customer_page.check('input[name=criticality][value="3"]')
    for name in package.mandatory_intake_fields:
        customer_page.fill(f"#id_intake_{name}", "Указано клиентом")
    camera.shoot(customer_page, "setup-9-customer-files")
    submit(customer_page, "button.primary")
    expect(customer_page.locator(".sla-now .countdown[data-due]")).to_be_visible()
    ticket = Ticket.objects.get()
    assert (ticket.contract, ticket.reporter.email) == (contract, CONTACTS[1][0])

    # The customer is in Yekaterinburg: before saving the new time zone, the admin sees
    # what it does to the open ticket; saving moves its deadlines.
    admin.goto(f"{base}/setup/contracts/{contract.pk}/")
    admin.select_option("#id_time_zone", value="Asia/Yekaterinburg")
    submit(admin, "#preview")
    expect(admin.locator("#what-if")).to_contain_text("1")
    expect(admin.locator("#id_time_zone")).to_have_value("Asia/Yekaterinburg")
    camera.shoot(admin, "setup-10-contract-what-if")
    submit(admin, "#apply")
    assert Contract.objects.get().time_zone == "Asia/Yekaterinburg"
    assert "\n".join(sorted(set(camera.violations))) == ""

    if os.environ.get("KABINET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for old in DOCS.glob(f"{DOCS_PREFIX}*.png"):
            old.unlink()
        for name in DOCS_SHOTS:
            shutil.copy(camera.folder / name, DOCS / name)
