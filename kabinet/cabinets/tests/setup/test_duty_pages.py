"""The duty pages ("Дежурства"): a supplier's admin lists, creates, changes and removes its
on-duty groups and sets its rules of telling, each change recorded in the audit trail; the
admin of another supplier, engineers and customers get 404 like a wrong URL; bad input
comes back 400 with the field named, in Russian and English, nothing typed lost."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.conftest import World
from kabinet.contracts.models import Criticality
from kabinet.lines.models import SupportLine
from kabinet.notifications.models import AlertingRules, DutyGroup
from kabinet.orgs.models import Person

VENDOR_ADMIN, PARTNER_ADMIN, OTHER_ADMIN = "vendor_admin", "partner_admin", "other_admin"
ENGINEER, CONTACT, CUSTOMER_ADMIN, VENDOR_ENGINEER = (
    "engineer",
    "contact",
    "admin",
    "vendor_engineer",
)
EVERYONE = (
    VENDOR_ADMIN,
    PARTNER_ADMIN,
    OTHER_ADMIN,
    ENGINEER,
    CONTACT,
    CUSTOMER_ADMIN,
    VENDOR_ENGINEER,
)


def _only(*allowed: str, code: int = 200) -> dict[str, int]:
    return {who: code if who in allowed else 404 for who in EVERYONE}


PAGES: dict[str, dict[str, int]] = {
    "/setup/duty/": _only(VENDOR_ADMIN, PARTNER_ADMIN, OTHER_ADMIN),
    "/setup/duty/{partner}/new/": _only(PARTNER_ADMIN),
    "/setup/duty/{partner}/rules/": _only(PARTNER_ADMIN),
    "/setup/duty/{vendor}/new/": _only(VENDOR_ADMIN),
    "/setup/duty/{vendor}/rules/": _only(VENDOR_ADMIN),
    "/setup/duty/groups/{group}/": _only(PARTNER_ADMIN),
    "/setup/duty/groups/{vendor_group}/": _only(VENDOR_ADMIN),
}
# POSTs with an empty body: the allowed admin gets the form back with its errors (400);
# the removal needs no body, so it is done (302).
POSTS: dict[str, dict[str, int]] = {
    "/setup/duty/{partner}/new/": _only(PARTNER_ADMIN, code=400),
    "/setup/duty/{partner}/rules/": _only(PARTNER_ADMIN, code=400),
    "/setup/duty/groups/{group}/": _only(PARTNER_ADMIN, code=400),
    "/setup/duty/groups/{group}/remove/": _only(PARTNER_ADMIN, code=302),
    "/setup/duty/groups/{vendor_group}/remove/": _only(VENDOR_ADMIN, code=302),
}


def _people(world: World, admins: Admins) -> dict[str, Person]:
    return {
        VENDOR_ADMIN: admins.vendor,
        PARTNER_ADMIN: admins.partner,
        OTHER_ADMIN: admins.other_partner,
        ENGINEER: world.engineer,
        CONTACT: world.contact,
        CUSTOMER_ADMIN: world.admin,
        VENDOR_ENGINEER: world.vendor_engineer,
    }


def _url(template: str, world: World) -> str:
    group = DutyGroup.objects.create(supplier=world.partner, name="Первая линия", is_default=True)
    vendor_group = DutyGroup.objects.create(supplier=world.vendor, name="L2", is_default=True)
    return template.format(
        partner=world.partner.pk,
        vendor=world.vendor.pk,
        group=group.pk,
        vendor_group=vendor_group.pk,
    )


def _client(person: Person, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)
    return client


@pytest.mark.parametrize(("template", "who"), [(t, w) for t in PAGES for w in EVERYONE])
def test_get(world: World, admins: Admins, template: str, who: str) -> None:
    client = _client(_people(world, admins)[who])
    assert client.get(_url(template, world)).status_code == PAGES[template][who]


@pytest.mark.parametrize(("template", "who"), [(t, w) for t in POSTS for w in EVERYONE])
def test_post(world: World, admins: Admins, template: str, who: str) -> None:
    client = _client(_people(world, admins)[who])
    url = _url(template, world)
    assert client.post(url, {}).status_code == POSTS[template][who]
    if POSTS[template][who] == 404:
        assert DutyGroup.objects.count() == 2  # nothing removed by the refused


@pytest.mark.parametrize("template", [*PAGES, *POSTS])
def test_signed_out_goes_to_sign_in(world: World, template: str) -> None:
    response = Client().get(_url(template, world))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def _group_form(world: World, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "Дежурные по критичным",
        "criticality": str(Criticality.CRITICAL),
        "members": [str(world.engineer.pk)],
        "lead": "",
        "mon": "09:00–18:00",
        "tue": "09:00–18:00",
        "production_calendar": "on",
        "time_zone": "Asia/Yekaterinburg",
    }
    form.update(changes)
    return form


def test_the_admin_creates_a_group_and_the_audit_trail_records_it(
    world: World, admins: Admins
) -> None:
    client = _client(admins.partner)
    response = client.post(f"/setup/duty/{world.partner.pk}/new/", _group_form(world))
    assert response.status_code == 302
    group = DutyGroup.objects.get(supplier=world.partner)
    assert group.criticality == Criticality.CRITICAL
    assert list(group.members.all()) == [world.engineer]
    assert group.calendar == {
        "week": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]]},
        "production_calendar": "ru",
    }
    assert group.time_zone == "Asia/Yekaterinburg"
    record = AuditRecord.objects.get(action="duty_group.created")
    assert record.actor == admins.partner
    assert record.organisation == world.partner
    assert record.after["members"] == [world.engineer.pk]
    page = client.get("/setup/duty/").content.decode()
    assert "Дежурные по критичным" in page
    assert str(world.engineer) in page


def test_a_change_records_only_what_changed_and_a_removal_what_was(
    world: World, admins: Admins
) -> None:
    client = _client(admins.partner)
    client.post(f"/setup/duty/{world.partner.pk}/new/", _group_form(world))
    group = DutyGroup.objects.get()
    changed = _group_form(world, lead=str(world.engineer.pk), around_the_clock="on")
    assert client.post(f"/setup/duty/groups/{group.pk}/", changed).status_code == 302
    group.refresh_from_db()
    assert group.lead == world.engineer
    assert group.calendar is None
    record = AuditRecord.objects.get(action="duty_group.changed")
    assert set(record.after) == {"lead", "calendar"}
    assert record.before["lead"] is None
    assert client.post(f"/setup/duty/groups/{group.pk}/remove/").status_code == 302
    assert not DutyGroup.objects.exists()
    removed = AuditRecord.objects.get(action="duty_group.removed")
    assert removed.before["name"] == "Дежурные по критичным"


@pytest.mark.parametrize(
    ("changes", "field", "english", "russian"),
    [
        ({"name": ""}, "name", "This field is required.", "Обязательное поле."),
        (
            {"mon": "9-18"},
            "mon",
            "Write the hours like 09:30–18:00",
            "Напишите часы так: 09:30–18:00",
        ),
        (
            {"mon": "", "tue": ""},
            "mon",
            "Give at least one day its hours, or put the group on duty 24×7.",
            "Укажите часы хотя бы одного дня или назначьте группу на дежурство 24×7.",
        ),
        (
            {"criticality": ""},
            "is_default",
            "Give the group a line, contract, customer or criticality, or make it the default.",
            "Укажите линию, договор, заказчика или критичность группы либо сделайте её "
            "группой по умолчанию.",
        ),
        ({"criticality": "9"}, "criticality", "Select a valid choice.", "Выберите корректный"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice.", "Выберите"),
    ],
)
def test_bad_input_names_its_field_and_keeps_what_was_typed(
    world: World,
    admins: Admins,
    changes: dict[str, object],
    field: str,
    english: str,
    russian: str,
) -> None:
    for language, message in (("en", english), ("ru", russian)):
        client = _client(admins.partner, language)
        response = client.post(
            f"/setup/duty/{world.partner.pk}/new/", _group_form(world, **changes)
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert field in form.errors, form.errors
        assert message in " ".join(form.errors[field])
        assert 'value="Asia/Yekaterinburg" selected' in response.content.decode() or (
            field == "time_zone"
        )
    assert not DutyGroup.objects.exists()


def test_a_second_default_group_is_refused_on_its_field(world: World, admins: Admins) -> None:
    DutyGroup.objects.create(supplier=world.partner, name="Все", is_default=True)
    client = _client(admins.partner)
    response = client.post(
        f"/setup/duty/{world.partner.pk}/new/", _group_form(world, is_default="on")
    )
    assert response.status_code == 400
    assert "already has a default group" in response.context["form"].errors["is_default"][0]


def test_another_suppliers_people_and_rows_are_not_offered_nor_taken(
    world: World, admins: Admins
) -> None:
    foreign_line = SupportLine.objects.create(supplier=world.other_partner, key="l1", name="L1")
    client = _client(admins.partner)
    form = _group_form(world, members=[str(world.other_engineer.pk)], line=str(foreign_line.pk))
    response = client.post(f"/setup/duty/{world.partner.pk}/new/", form)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"members", "line"} <= set(errors)
    assert not DutyGroup.objects.exists()


def test_the_admin_sets_the_rules_of_telling(world: World, admins: Admins) -> None:
    client = _client(admins.partner)
    form = {
        "breach_to_lead": "on",
        "repage_minutes": "10",
        "repage_up_to_criticality": str(Criticality.HIGH),
    }
    assert client.post(f"/setup/duty/{world.partner.pk}/rules/", form).status_code == 302
    rules = AlertingRules.of(world.partner.pk)
    assert rules.pk is not None
    assert (rules.repage_minutes, rules.repage_up_to_criticality) == (10, Criticality.HIGH)
    assert not rules.warning_to_group_when_unassigned
    assert not rules.breach_to_quality_controllers
    record = AuditRecord.objects.get(action="alerting_rules.changed")
    assert record.after["repage_minutes"] == 10
    assert AlertingRules.of(world.vendor.pk).pk is None  # another supplier keeps its own
    page = client.get("/setup/duty/").content.decode()
    assert "every 10 minutes" in page


@pytest.mark.parametrize(
    ("minutes", "english", "russian"),
    [
        ("-1", "greater than or equal to 0", "больше либо равно 0"),
        ("100000", "less than or equal to 1440", "меньше либо равно 1440"),
        ("", "This field is required.", "Обязательное поле."),
    ],
)
def test_a_bad_interval_is_refused_on_its_field(
    world: World, admins: Admins, minutes: str, english: str, russian: str
) -> None:
    for language, message in (("en", english), ("ru", russian)):
        client = _client(admins.partner, language)
        form = {"repage_minutes": minutes, "repage_up_to_criticality": "1"}
        response = client.post(f"/setup/duty/{world.partner.pk}/rules/", form)
        assert response.status_code == 400
        assert message in " ".join(response.context["form"].errors["repage_minutes"])
    assert not AlertingRules.objects.exists()


def test_the_duty_pages_read_in_russian_and_english(world: World, admins: Admins) -> None:
    from kabinet.cabinets.tests.test_page_language import english_words, findings

    group = DutyGroup.objects.create(
        supplier=world.partner,
        name="Первая линия",
        criticality=Criticality.CRITICAL,
        lead=world.engineer,
        calendar={"week": {"mon": [["09:00", "18:00"]]}},
    )
    group.members.set([world.engineer])
    DutyGroup.objects.create(supplier=world.partner, name="Все", is_default=True)
    names = [str(p) for p in Person.objects.all()]
    data = frozenset(names + [o.name for o in (world.partner, world.customer, world.sibling)])
    english = english_words()
    client = _client(admins.partner)
    found = []
    for path in (
        "/setup/duty/",
        f"/setup/duty/{world.partner.pk}/new/",
        f"/setup/duty/{world.partner.pk}/rules/",
        f"/setup/duty/groups/{group.pk}/",
    ):
        for language in ("ru", "en"):
            response = client.get(path, headers={"accept-language": language})
            assert response.status_code == 200
            found += [
                f"{language} {path}: {miss}"
                for miss in findings(response.content.decode(), language, english, data)
            ]
    assert "\n".join(found) == ""


def test_the_audit_page_names_the_changes_of_telling(world: World, admins: Admins) -> None:
    client = _client(admins.partner, "ru")
    client.post(f"/setup/duty/{world.partner.pk}/new/", _group_form(world))
    rules = {"repage_minutes": "5", "repage_up_to_criticality": "1"}
    client.post(f"/setup/duty/{world.partner.pk}/rules/", rules)
    page = client.get("/audit/", headers={"accept-language": "ru"}).content.decode()
    assert "дежурная группа создана" in page
    assert "правила оповещения изменены" in page
    other = _client(admins.other_partner, "ru").get("/audit/").content.decode()
    assert "дежурная группа создана" not in other
