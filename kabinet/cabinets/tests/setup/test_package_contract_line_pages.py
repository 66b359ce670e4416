"""Packages from a seed's template, their what-if, contracts, lines and the production
calendar import: what is saved, the audit record, and bad input named in the user's
language with nothing typed lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.cabinets.forms.package import PackageForm
from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.cabinets.tests.setup.test_calendar_pages import _tickets
from kabinet.conftest import World
from kabinet.contracts.models import Contract, Package
from kabinet.contracts.package_templates import package_templates
from kabinet.entitlements.actions import request_service
from kabinet.lines.models import SupportLine
from kabinet.tickets.models import DeadlineRecompute, Ticket
from kabinet.worktime.production.registry import DATA_DIR

SEED_001 = "platform_cabinets:platform"


def _client(person: object, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _post_data(
    initial: dict[str, Any], services: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """What a browser sends for a package form showing ``initial`` and ``services``:
    every select its chosen option, every ticked box, every filled input."""
    data: dict[str, Any] = {}
    for name, field in PackageForm().fields.items():
        value = initial.get(name, field.initial)
        if value is True:
            data[name] = "on"
        elif value not in (False, None):
            data[name] = value
    rows = services or []
    data |= {
        "services-TOTAL_FORMS": len(rows),
        "services-INITIAL_FORMS": 0,
        "services-MIN_NUM_FORMS": 0,
        "services-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"services-{i}-{name}"] = "on"
            elif value not in (False, None):
                data[f"services-{i}-{name}"] = value
    return data


def test_the_seed_templates_are_offered(world: World, admins: Admins) -> None:
    page = _client(admins.partner).get("/setup/packages/new/")
    assert page.status_code == 200
    assert SEED_001 in package_templates()
    assert "001 · " in page.content.decode()


def test_a_package_from_seed_001_has_the_seed_targets(world: World, admins: Admins) -> None:
    template = package_templates()[SEED_001]
    page = _client(admins.partner).get(f"/setup/packages/new/?template={SEED_001}")
    assert page.status_code == 200
    data = _post_data(PackageForm.initial_from_template(template))
    data["supplier"] = world.partner.pk
    response = _client(admins.partner).post(f"/setup/packages/new/?template={SEED_001}", data)
    assert response.status_code == 302, response.context["form"].errors
    package = Package.objects.get(supplier=world.partner, name=template.values["name"])
    saved = {(t.criticality, t.kind, t.amount, t.unit, t.calendar) for t in package.targets.all()}
    # The template is the preset's own package (``presets.package_templates``): seed 001's
    # four levels with a reaction and an update interval each, and its level-1 conditions.
    assert saved == set(template.targets)
    assert {(level, kind) for level, kind, *_ in saved} == {
        (level, kind) for level in (1, 2, 3, 4) for kind in ("reaction", "update")
    }
    assert package.critical_conditions_apply
    assert package.mandatory_intake_fields == template.values["mandatory_intake_fields"]
    record = AuditRecord.objects.get(action="package.created")
    assert (record.actor, record.organisation) == (admins.partner, world.partner)
    assert len(record.after["targets"]) == len(template.targets)


def test_bad_target_is_named_in_russian_and_kept(world: World, admins: Admins) -> None:
    package = world.contract.package
    package.supplier = world.partner
    package.save()
    data = _post_data(PackageForm.initial_from_package(package))
    records = AuditRecord.objects.count()  # the world's own role grants are recorded too
    data["t3_reaction_amount"] = "восемь"
    data["reopen_days"] = "-1"
    page = _client(admins.partner, "ru").post(f"/setup/packages/{package.pk}/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'value="восемь"' in html and "Введите целое число" in html
    assert "Срок переоткрытия" in html
    assert AuditRecord.objects.count() == records


def _partner_package(world: World) -> Package:
    package = world.contract.package
    package.supplier = world.partner
    package.save()
    return package


def test_package_what_if_then_save(
    world: World, admins: Admins, django_capture_on_commit_callbacks: Any, eager_tasks: None
) -> None:
    tickets = _tickets(world)
    package = _partner_package(world)
    data = _post_data(PackageForm.initial_from_package(package))
    data["t3_reaction_amount"] = 1  # 8 working hours down to 1
    client = _client(admins.partner)
    page = client.post(f"/setup/packages/{package.pk}/preview/", data)
    assert page.status_code == 200
    reaction = page.context["what_if"].rows[0]
    # ``close`` (Thursday 17:00) was due at 18:00 Thursday; ``fresh`` (now) at 17:00 today.
    assert [t.number for t in reaction.became_breached] == [tickets["close"].number]
    assert reaction.earlier == 3
    assert not Ticket.objects.filter(reaction_breached=True).exclude(pk=tickets["late"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(f"/setup/packages/{package.pk}/", data, follow=True)
    assert "moving open tickets&#x27; deadlines is queued" in saved.content.decode()
    assert "Recomputing open deadlines is queued since 08.05.2026" in saved.content.decode()
    # Once committed, the recompute ran on its queue (here eagerly) and the page says so.
    shown = client.get(f"/setup/packages/{package.pk}/").content.decode()
    assert "Open deadlines recomputed at 08.05.2026 16:00: 3 of 3 open tickets moved." in shown
    breached = Ticket.objects.filter(reaction_breached=True)
    assert set(breached.values_list("pk", flat=True)) == {tickets["late"].pk, tickets["close"].pk}
    record = AuditRecord.objects.get(action="package.changed")
    assert record.before["targets"] != record.after["targets"]


def _contract_data(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "supplier": world.partner.pk,
        "number": "П-2026/7",
        "customer": world.customer.pk,
        "package": _partner_package(world).pk,
        "valid_from": "2026-06-01",
        "valid_to": "2027-05-31",
        "seats": 300,
        "time_zone": "Asia/Yekaterinburg",
        "personal_consultant": world.engineer.pk,
        "responsible_contacts": [world.contact.pk],
        **changes,
    }


def test_a_contract_is_created_and_recorded(world: World, admins: Admins) -> None:
    response = _client(admins.partner).post("/setup/contracts/new/", _contract_data(world))
    assert response.status_code == 302
    contract = Contract.objects.get(number="П-2026/7")
    assert (contract.seats, contract.time_zone, contract.personal_consultant) == (
        300,
        "Asia/Yekaterinburg",
        world.engineer,
    )
    assert list(contract.responsible_contacts.all()) == [world.contact]
    assert contract.business_calendar["production_calendar"] == "ru"
    record = AuditRecord.objects.get(action="contract.created")
    assert record.after["seats"] == 300
    page = _client(admins.partner).get(f"/setup/contracts/{contract.pk}/")
    assert page.status_code == 200 and "П-2026/7" in page.content.decode()


def test_a_contract_ending_before_it_starts_is_refused_in_russian(
    world: World, admins: Admins
) -> None:
    data = _contract_data(world, valid_to="2026-01-01")
    page = _client(admins.partner, "ru").post("/setup/contracts/new/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Договор заканчивается раньше, чем начинается." in html
    assert 'value="П-2026/7"' in html and 'value="2026-01-01"' in html
    assert not Contract.objects.filter(number="П-2026/7").exists()


def test_another_partners_customer_is_not_offered(world: World, admins: Admins) -> None:
    data = _contract_data(world, customer=world.other_customer.pk)
    page = _client(admins.partner).post("/setup/contracts/new/", data)
    assert page.status_code == 400
    assert "Other customer" not in page.content.decode()


def test_a_line_with_its_ola_and_members(world: World, admins: Admins) -> None:
    data = {
        "supplier": world.partner.pk,
        "key": "consultant",
        "name": "Консультант",
        "position": 1,
        "reaction_amount": 2,
        "reaction_unit": "hours",
        "reaction_calendar": "business",
        "members": [world.engineer.pk],
    }
    assert _client(admins.partner).post("/setup/lines/new/", data).status_code == 302
    line = SupportLine.objects.get(supplier=world.partner, key="consultant")
    assert (line.reaction_amount, list(line.members.all())) == (2, [world.engineer])
    assert AuditRecord.objects.get(action="line.created").after["members"] == [world.engineer.pk]
    outsider = {**data, "members": [world.other_engineer.pk]}
    page = _client(admins.partner).post(f"/setup/lines/{line.pk}/", outsider)
    assert page.status_code == 400
    assert 'value="Консультант"' in page.content.decode()


def test_the_vendor_imports_a_year_from_the_page(world: World, admins: Admins) -> None:
    published = (DATA_DIR / "ru" / "2026.xml").read_bytes()
    upload = SimpleUploadedFile("2026.xml", published, content_type="text/xml")
    response = _client(admins.vendor).post("/setup/production-calendar/", {"file": upload})
    assert response.status_code == 302
    # The contracts on that calendar get their deadlines moved by the recompute worker.
    queued = DeadlineRecompute.objects.get()
    assert (queued.calendar, queued.finished_at) == ("ru", None)
    assert (DATA_DIR / "ru" / "2026.xml").read_bytes() == published
    record = AuditRecord.objects.get(action="production_calendar.imported")
    assert record.after["result"].startswith("2026: ")


def test_a_refused_year_says_why_in_russian(world: World, admins: Admins) -> None:
    upload = SimpleUploadedFile("2031.xml", b"<calendar year='2031'>", content_type="text/xml")
    page = _client(admins.vendor, "ru").post("/setup/production-calendar/", {"file": upload})
    assert page.status_code == 400
    assert "Файл отклонён" in page.content.decode()
    assert not Path(DATA_DIR / "ru" / "2031.xml").exists()


def test_seed_000_brings_its_quotas_and_the_seats_buy_them(world: World, admins: Admins) -> None:
    template = package_templates()["crm_corporate:crm_corp"]
    assert template.services  # seed 000: course, audit or consulting hours ...
    data = _post_data(PackageForm.initial_from_template(template), list(template.services))
    data["supplier"] = world.partner.pk
    client = _client(admins.partner)
    assert client.post("/setup/packages/new/", data).status_code == 302
    package = Package.objects.get(supplier=world.partner, name=template.values["name"])
    saved = {s.code: (s.amount, s.seats_per_block) for s in package.services.all()}
    assert saved == {s["code"]: (s["amount"], s["seats_per_block"]) for s in template.services}
    record = AuditRecord.objects.get(action="package.services_changed")
    assert set(record.after["services"]) == set(saved)
    # 300 seats buy two blocks of 250: twice each amount.
    contract = Contract.objects.get(pk=world.contract.pk)
    contract.package, contract.seats = package, 300
    contract.save()
    page = client.get(f"/setup/contracts/{contract.pk}/")
    quotas = {q.service.code: q.allowance for q in page.context["quotas"]}
    assert quotas == {s["code"]: 2 * s["amount"] for s in template.services if s["seats_per_block"]}


def test_a_bad_quota_is_named_and_the_package_unchanged(world: World, admins: Admins) -> None:
    package = _partner_package(world)
    row = {
        "code": "hours",
        "name": "Консультации",
        "amount": "много",
        "unit": "hour",
        "seats_per_block": 250,
    }
    data = _post_data(PackageForm.initial_from_package(package), [row])
    page = _client(admins.partner, "ru").post(f"/setup/packages/{package.pk}/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Количество: Введите целое число." in html and 'value="много"' in html
    assert not package.services.exists()


def test_a_requested_service_cannot_be_removed(world: World, admins: Admins) -> None:
    package = _partner_package(world)
    row = {
        "code": "hours",
        "name": "Консультации",
        "amount": 20,
        "unit": "hour",
        "seats_per_block": 250,
    }
    client = _client(admins.partner)
    data = _post_data(PackageForm.initial_from_package(package), [row])
    assert client.post(f"/setup/packages/{package.pk}/", data).status_code == 302
    request_service(
        contract=world.contract, service_code="hours", requested_by=world.contact, quantity=2
    )
    emptied = _post_data(PackageForm.initial_from_package(package), [])
    page = client.post(f"/setup/packages/{package.pk}/", emptied)
    assert page.status_code == 400
    assert "Консультации was already requested on a contract" in page.content.decode()
    assert package.services.get().amount == 20
