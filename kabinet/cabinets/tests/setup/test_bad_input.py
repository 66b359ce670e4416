"""Every set-up and people form refuses bad input with 400, naming the field (in the
summary "<label>: <message>" that links to it) in the person's language, Russian and
English, and shows the form again with everything typed in it. A few representative
mistakes per form; the calendar editor and the production year import have their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.cabinets.forms.package import PackageForm
from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.cabinets.tests.setup.test_package_contract_line_pages import SEED_001, _post_data
from kabinet.conftest import World
from kabinet.contracts.package_templates import package_templates
from kabinet.lines.models import SupportLine
from kabinet.orgs.actions import add_partner_status
from kabinet.orgs.models import Organisation

LONG = "Я" * 201


@dataclass(frozen=True)
class Case:
    """``who`` posts ``data(world)`` to ``url``; the answer names ``label`` with
    ``message`` (English, Russian) and still holds each of ``kept``."""

    who: str
    url: str
    data: Callable[[World], dict[str, Any]]
    label: tuple[str, str]
    message: tuple[str, str]
    kept: tuple[str, ...]


def _package(world: World, **changes: Any) -> dict[str, Any]:
    template = package_templates()[SEED_001]
    data = _post_data(PackageForm.initial_from_template(template))
    return {**data, "supplier": world.partner.pk, **changes}


def _contract(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "supplier": world.partner.pk,
        "number": "П-2026/8",
        "customer": world.customer.pk,
        "package": world.contract.package_id,
        "valid_from": "2026-06-01",
        "valid_to": "2027-05-31",
        "seats": 300,
        "time_zone": "Europe/Moscow",
        **changes,
    }


def _line(**changes: Any) -> dict[str, Any]:
    return {
        "key": "first",
        "name": "Первая линия",
        "position": 1,
        "reaction_unit": "hours",
        "reaction_calendar": "business",
        **changes,
    }


REQUIRED = ("This field is required.", "Обязательное поле.")
WHOLE = ("Enter a whole number.", "Введите целое число.")
DATE = ("Enter a valid date.", "Введите правильную дату.")
TOO_LONG = (
    "Ensure this value has at most 200 characters (it has 201).",
    "Убедитесь, что это значение содержит не более 200 символов (сейчас 201).",
)
CASES = {
    "new package: reopen days below 0": Case(
        "partner",
        "/setup/packages/new/",
        lambda w: _package(w, name="Пакет Бета", reopen_days="-3"),
        (
            "Reopen window after closing, days (0: never)",
            "Срок переоткрытия после закрытия, дней (0 — нельзя)",
        ),
        (
            "Ensure this value is greater than or equal to 0.",
            "Убедитесь, что это значение больше либо равно 0.",
        ),
        ('value="Пакет Бета"', 'value="-3"'),
    ),
    "package: an attachment limit in words": Case(
        "partner",
        "/setup/packages/{package}/",
        lambda w: _package(w, name="Пакет Гамма", attachment_size_limit="пять"),
        ("Attachment limit, MB", "Предел вложения, МБ"),
        WHOLE,
        ('value="Пакет Гамма"', 'value="пять"'),
    ),
    "new contract: a date that does not exist": Case(
        "partner",
        "/setup/contracts/new/",
        lambda w: _contract(w, valid_from="31.02.2026"),
        ("Valid from", "Действует с"),
        DATE,
        ('value="П-2026/8"', 'value="31.02.2026"', 'value="300"'),
    ),
    "contract: no seats": Case(
        "partner",
        "/setup/contracts/{contract}/",
        lambda w: _contract(w, number="П-2026/9", seats=""),
        ("Seats", "Рабочих мест"),
        REQUIRED,
        ('value="П-2026/9"', 'value="2026-06-01"'),
    ),
    "new line: a key in Cyrillic": Case(
        "partner",
        "/setup/lines/new/",
        lambda w: _line(key="первая", name="Консультанты"),
        ("Key (latin letters, digits, -)", "Ключ (латиница, цифры, -)"),
        (
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
            "Значение должно состоять только из латинских букв, цифр, знаков подчеркивания "
            "или дефиса.",
        ),
        ('value="первая"', 'value="Консультанты"'),
    ),
    "line: order out of range": Case(
        "partner",
        "/setup/lines/{line}/",
        lambda w: _line(name="Вторая линия", position="0"),
        ("Order (1: new tickets start here)", "Порядок (1 — сюда попадают новые обращения)"),
        (
            "Ensure this value is greater than or equal to 1.",
            "Убедитесь, что это значение больше либо равно 1.",
        ),
        ('value="Вторая линия"', 'value="0"'),
    ),
    "invite: not an email address": Case(
        "partner",
        "/people/invite/",
        lambda w: {
            "organisation": w.partner.pk,
            "email": "petr-at-beta",
            "full_name": "Пётр Первый",
            "role": "engineer",
            "language": "ru",
        },
        ("Email", "Адрес электронной почты"),
        ("Enter a valid email address.", "Введите правильный адрес электронной почты."),
        ('value="petr-at-beta"', 'value="Пётр Первый"'),
    ),
    "certificate: a month 13": Case(
        "partner",
        "/people/certificates/",
        lambda w: {
            "organisation": w.partner.pk,
            "person": w.engineer.pk,
            "kind": "1С:Эксперт",
            "number": "E-505",
            "valid_until": "2027-13-01",
        },
        ("Valid until", "Действует до"),
        DATE,
        ('value="E-505"', 'value="2027-13-01"'),
    ),
    "grant: no person chosen": Case(
        "partner",
        "/people/grant/",
        lambda w: {"organisation": w.partner.pk, "role": "manager"},
        ("Person", "Сотрудник"),
        REQUIRED,
        ('value="manager" selected',),
    ),
    "new partner: no name": Case(
        "vendor",
        "/vendor/partners/new/",
        lambda w: {"name": "  ", "group_name": "Группа Бета"},
        ("Name", "Название"),
        REQUIRED,
        ('value="Группа Бета"',),
    ),
    "partner status: a date in words": Case(
        "vendor",
        "/vendor/partners/{partner}/statuses/",
        lambda w: {
            f"status-{w.partner.pk}-level": "Кандидат",
            f"status-{w.partner.pk}-valid_from": "первое июня",
            f"status-{w.partner.pk}-valid_to": "2026-12-31",
        },
        ("From", "От"),
        DATE,
        ('value="Кандидат"', 'value="первое июня"', 'value="2026-12-31"'),
    ),
    "end a status: no last day": Case(
        "vendor",
        "/vendor/partner-statuses/{status}/end/",
        lambda w: {"on": "вчера"},
        ("Last day", "Последний день"),
        DATE,
        ('value="вчера"',),
    ),
    "new customer: a name too long": Case(
        "partner",
        "/partner/customers/new/",
        lambda w: {"name": LONG, "group_name": "Холдинг"},
        ("Name", "Название"),
        TOO_LONG,
        (LONG, 'value="Холдинг"'),
    ),
    "customer group: a name too long": Case(
        "partner",
        "/partner/customers/{customer}/group/",
        lambda w: {f"group-{w.customer.pk}-group_name": LONG},
        ("Company group", "Группа компаний"),
        TOO_LONG,
        (LONG,),
    ),
}


@pytest.fixture
def places(world: World, admins: Admins) -> dict[str, int]:
    """The rows the URLs name, set up along the chain (vendor → partner → customer)."""
    Organisation.objects.filter(pk=world.partner.pk).update(managed_by=world.vendor)
    Organisation.objects.filter(pk=world.customer.pk).update(managed_by=world.partner)
    package = world.contract.package
    package.supplier = world.partner
    package.save()
    line = SupportLine.objects.create(supplier=world.partner, key="first", name="Первая")
    status = add_partner_status(
        partner=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    return {
        "package": package.pk,
        "contract": world.contract.pk,
        "line": line.pk,
        "partner": world.partner.pk,
        "customer": world.customer.pk,
        "status": status.pk,
    }


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_names_the_field_and_keeps_what_was_typed(
    world: World, admins: Admins, places: dict[str, int], name: str, language: str
) -> None:
    case = CASES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(admins.vendor if case.who == "vendor" else admins.partner)
    records = AuditRecord.objects.count()
    page = client.post(case.url.format(**places), case.data(world))
    assert page.status_code == 400
    html = page.content.decode()
    at = 0 if language == "en" else 1
    assert f"{case.label[at]}</a>: {case.message[at]}" in html
    for typed in case.kept:
        assert typed in html, typed
    assert AuditRecord.objects.count() == records


@pytest.mark.parametrize(
    ("language", "named"),
    [
        ("en", "To (inclusive)</a>: The end is before the start."),
        ("ru", "По (включительно)</a>: Конец раньше начала."),
    ],
)
def test_the_audit_filter_names_its_bad_field_and_keeps_the_dates(
    world: World, admins: Admins, language: str, named: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(admins.partner)
    page = client.get("/audit/", {"since": "2026-05-08", "until": "2026-05-01"})
    assert page.status_code == 400
    html = page.content.decode()
    assert named in html
    assert 'value="2026-05-08"' in html and 'value="2026-05-01"' in html
