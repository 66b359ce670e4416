"""The supplier's side is told, and triages, in headless Debian Chromium against a live
server: the partner's admin sets up a duty group and its rules of telling; the engineer
sees the unread count in the header, opens the notification list (unread marked), takes the
"vendor answered — relay to the customer" view, opens the ticket (its notices read, the
count falls) and relays the vendor's answer, after which the view is empty.

Each step is shot at phone (390 px) and desktop (1366 px) width and checked with axe-core;
with KABINET_UPDATE_SCREENSHOTS=1 a few shots (DOCS_SHOTS) are copied to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Browser, expect

from kabinet.cabinets.tests.browser.test_journey import (
    DOCS,
    Camera,
    browser,
    people,
    pytestmark,
    sign_in,
    submit,
)
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.tests.conftest import full_dossier
from kabinet.notifications.models import AlertingRules, DutyGroup, Notice
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.tests.factories import file_ticket

__all__ = ["browser", "pytestmark"]

DOCS_SHOTS = (
    "triage-1-duty-group-desktop.png",
    "triage-2-duty-phone.png",
    "triage-3-notices-phone.png",
    "triage-3-notices-desktop.png",
    "triage-4-vendor-answered-desktop.png",
    "triage-4-vendor-answered-phone.png",
)
INTAKE = {"product": "1С:Предприятие 8.3.27", "business_impact": "Не отгружаем товар"}
VENDOR_WORDS = "Ошибка платформы исправлена в 8.3.27.1644, установите её."


def test_the_partner_is_told_and_relays_what_the_vendor_answered(
    browser: Browser, live_server: object, tmp_path: Path
) -> None:
    base = str(live_server)
    cast = people()
    partner = cast.engineer.memberships.get().organisation
    admin = PersonFactory.create(username="irina", full_name="Ирина Белова")
    grant_role(organisation=partner, person=admin, role=Role.ORG_ADMIN)
    contract = partner.supplied_contracts.get()
    ticket = file_ticket(
        contract, cast.contact, subject="Не проводятся заказы клиентов", intake=INTAKE
    )
    file_ticket(
        contract, cast.contact, subject="Медленно формируется отчёт о продажах", intake=INTAKE
    )
    escalation = escalate_to_vendor(ticket, author=cast.engineer, dossier=full_dossier())
    record_public_reply(escalation.vendor_ticket, author=cast.vendor_engineer, body=VENDOR_WORDS)
    deliver_notifications()
    camera = Camera(tmp_path / "screenshots")

    # The partner's admin: a default duty group of the engineer, led by the admin.
    setup = sign_in(browser, base, admin.username, "ru")
    setup.goto(f"{base}/setup/")
    submit(setup, "#duty-link")
    submit(setup, f"#duty-{partner.pk} .new-group")
    setup.fill("#id_name", "Дежурные первой линии")
    setup.check("#id_is_default")
    setup.get_by_role("checkbox", name=str(cast.engineer), exact=True).check()
    setup.select_option("#id_lead", str(admin.pk))
    camera.shoot(setup, "triage-1-duty-group")
    submit(setup, "#apply")
    expect(setup.locator(".msg.success")).to_have_text("Дежурная группа создана.")
    expect(setup.locator(".duty-groups")).to_contain_text("Дежурные первой линии")
    submit(setup, f"#duty-{partner.pk} .edit-rules")
    setup.fill("#id_repage_minutes", "10")
    submit(setup, "#apply")
    expect(setup.locator(f"#duty-{partner.pk} .rules")).to_contain_text("каждые 10 минут")
    camera.shoot(setup, "triage-2-duty")
    group = DutyGroup.objects.get(supplier=partner)
    assert (list(group.members.all()), group.lead) == ([cast.engineer], admin)
    assert AlertingRules.of(partner.pk).repage_minutes == 10

    # The engineer: the count in the header, the list with its unread notices.
    engineer = sign_in(browser, base, cast.engineer.username, "ru")
    unread = Notice.objects.filter(person=cast.engineer, read_at__isnull=True)
    total = unread.count()
    assert total >= 3  # two new tickets, the vendor's answer
    header_link = engineer.locator("header .notices-link")
    expect(header_link.locator(".count")).to_have_text(str(total))
    expect(header_link).to_have_accessible_name(f"Уведомления {total} непрочитанных")
    submit(engineer, "header .notices-link")
    expect(engineer.locator("li.notice.unread")).to_have_count(total)
    expect(engineer.locator("li.notice").first).to_contain_text(str(escalation.number))
    camera.shoot(engineer, "triage-3-notices")

    # The ready-made view: what the vendor answered waits to be relayed.
    engineer.goto(f"{base}/partner/")
    chip = engineer.locator(".ready-views .view-vendor_answered")
    expect(chip.locator(".count")).to_have_text("1")
    ink, paper = chip.evaluate(
        "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    assert ink != paper  # the header's white chips once left these labels white on white
    submit(engineer, ".ready-views .view-vendor_answered")
    expect(chip).to_have_attribute("aria-current", "page")
    expect(engineer.locator(".tickets")).to_contain_text(str(ticket.number))
    expect(engineer.locator(".tickets")).not_to_contain_text("Медленно формируется")
    camera.shoot(engineer, "triage-4-vendor-answered")

    # Opening the ticket reads its notices; the relay empties the view.
    of_ticket = unread.filter(ticket=ticket).count()
    assert of_ticket >= 1
    submit(engineer, f".tickets a:text('{ticket.number}')")
    expect(engineer.locator("header .notices-link .count")).to_have_text(str(total - of_ticket))
    assert not Notice.objects.filter(person=cast.engineer, ticket=ticket, read_at=None).exists()
    expect(engineer.locator("#id_relay_body")).to_have_value(VENDOR_WORDS)
    engineer.fill("#id_relay_body", "Установите, пожалуйста, платформу 8.3.27.1644.")
    engineer.locator("#relay button.primary").scroll_into_view_if_needed()
    camera.shoot(engineer, "triage-5-relay")
    submit(engineer, "#relay button.primary")
    engineer.goto(f"{base}/partner/?view=vendor_answered")
    expect(engineer.locator(".ready-views .view-vendor_answered .count")).to_have_text("0")
    expect(engineer.locator(f"main a:text('{ticket.number}')")).to_have_count(0)

    assert "\n".join(sorted(set(camera.violations))) == ""
    if os.environ.get("KABINET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for name in DOCS_SHOTS:
            shutil.copy(camera.folder / name, DOCS / name)
