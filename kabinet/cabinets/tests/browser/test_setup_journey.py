"""Issue 13's "done when" journey in headless Debian Chromium against a live server, from
an empty database: ``kabinet createadmin`` makes the vendor and its admin; the admin, in
the set-up pages only, creates a package from seed 001's template, a support line, a
contract and a calendar with a holiday (seeing the what-if first); the customer's contact
files a ticket on it. Every step is shot at phone (390 px) and desktop (1366 px) width;
with KABINET_UPDATE_SCREENSHOTS=1 they are copied to docs/screenshots/.

The people part (a partner, its engineer with a certificate, the customer and its two
contacts invited by email) belongs to the ``accounts`` pages, which are not on this
branch: here the customer and its contacts are made by factories (marked below), and the
continuation through those pages is a skipped test naming what it waits for.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from kabinet.cabinets.tests.browser.test_journey import (
    CHROMIUM,
    PASSWORD,
    Camera,
    browser,  # noqa: F401  (the fixture)
    sign_in,
    submit,
)
from kabinet.contracts.models import Contract, Package
from kabinet.lines.models import SupportLine
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import OrganisationKind, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets.models import Ticket

DOCS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
DOCS_PREFIX = "setup-"

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


def _customer_by_factories() -> None:
    """STAND-IN for the accounts pages (a customer and two contacts invited by email)."""
    customer = OrganisationFactory.create(
        name="ПАО «Уральские сети»", kind=OrganisationKind.CUSTOMER
    )
    for username, name in (("dmitry", "Дмитрий Соколов"), ("irina", "Ирина Белова")):
        person = PersonFactory.create(username=username, full_name=name)
        grant_role(organisation=customer, person=person, role=Role.AUTHORISED_CONTACT)


def _next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=7)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_vendor_admin_sets_up_and_the_customer_files(
    browser: Browser,  # noqa: F811
    live_server: object,
    tmp_path: Path,
) -> None:
    base = str(live_server)
    camera = Camera(tmp_path / "screenshots")
    _create_admin(tmp_path)
    _customer_by_factories()
    today = dt.date.today()

    admin = sign_in(browser, base, "founder", "ru")
    admin.click("#nav-setup")
    expect(admin.locator("h1")).to_have_text("Настройка")
    camera.shoot(admin, "setup-1-index")

    # A package from seed 001's template (levels 1-4).
    admin.click("#new-package")
    admin.click("#templates a[href*='platform_cabinets%3Aplatform']")
    expect(admin.locator("#id_t1_reaction_amount")).not_to_have_value("")
    camera.shoot(admin, "setup-2-package-template")
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
    admin.select_option("#id_customer", label="ПАО «Уральские сети»")
    admin.select_option("#id_package", label=package.name)
    admin.fill("#id_valid_from", (today - dt.timedelta(days=1)).isoformat())
    admin.fill("#id_valid_to", (today + dt.timedelta(days=365)).isoformat())
    admin.fill("#id_seats", "300")
    admin.select_option("#id_personal_consultant", label="Анна Основина")
    admin.check("#id_responsible_contacts label:has-text('Дмитрий Соколов') input")
    camera.shoot(admin, "setup-3-contract")
    submit(admin, "#apply")
    contract = Contract.objects.get()
    assert (contract.seats, contract.package) == (300, package)

    # Its calendar with a holiday: the what-if first, then saving.
    holiday = _next_weekday(today)
    admin.click("#calendar-link")
    admin.fill("#id_holidays", holiday.isoformat())
    submit(admin, "#preview")
    expect(admin.locator("#what-if")).to_be_visible()
    camera.shoot(admin, "setup-4-calendar-what-if")
    submit(admin, "#apply")
    admin.goto(f"{base}/setup/contracts/{contract.pk}/calendar/?year={holiday.year}")
    cell = admin.locator(f'td[data-date="{holiday.isoformat()}"]')
    expect(cell).to_have_class("day-off")
    cell.scroll_into_view_if_needed()
    camera.shoot(admin, "setup-5-calendar-grid")
    assert Contract.objects.get().business_calendar["holidays"] == [holiday.isoformat()]

    # The customer files a ticket on the new contract.
    customer = sign_in(browser, base, "dmitry", "ru")
    customer.goto(f"{base}/client/new/")
    customer.fill("#id_subject", "Не проводятся заказы клиентов")
    customer.fill("#id_description", "При проведении заказа появляется ошибка блокировки.")
    customer.check('input[name=criticality][value="3"]')
    for name in package.mandatory_intake_fields:
        customer.fill(f"#id_intake_{name}", "Указано клиентом")
    camera.shoot(customer, "setup-6-customer-files")
    submit(customer, "button.primary")
    expect(customer.locator(".sla-now .countdown[data-due]")).to_be_visible()
    assert Ticket.objects.get().contract == contract

    if os.environ.get("KABINET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for shot in sorted(camera.folder.glob(f"{DOCS_PREFIX}*.png")):
            shutil.copy(shot, DOCS / shot.name)


@pytest.mark.skip(
    reason="waits for the accounts branch: the vendor's partner page, the partner's "
    "engineer with a certificate and the customer's two contacts invited by email are "
    "its pages; until they are merged, the journey above makes those rows by factories"
)
def test_vendor_admin_adds_partner_engineer_certificate_and_invites_contacts() -> None:
    """Continuation: through the pages, the vendor admin adds the partner and its status,
    the partner's engineer with a certificate, and the customer with two contacts invited
    by email (each sets a password from the invitation link); then the journey above runs
    without ``_customer_by_factories``."""
