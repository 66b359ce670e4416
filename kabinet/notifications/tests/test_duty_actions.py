"""The actions behind the duty pages: only the supplier's admin sets its groups and rules;
every scope and person must be the supplier's own; each change leaves an audit record."""

from __future__ import annotations

import pytest
from django.db.models import Q, QuerySet

from kabinet.audit.models import AuditRecord
from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.notifications.actions import (
    DutyGroupValues,
    remove_duty_group,
    save_alerting_rules,
    save_duty_group,
)
from kabinet.notifications.models import AlertingRules, DutyGroup
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory


def _records() -> QuerySet[AuditRecord]:
    """The records of telling's set-up (the world's roles are recorded too)."""
    return AuditRecord.objects.filter(
        Q(action__startswith="duty_group.") | Q(action__startswith="alerting_rules.")
    )


@pytest.fixture
def partner_admin(world: World) -> Person:
    person = PersonFactory.create(username="partner_admin")
    grant_role(organisation=world.partner, person=person, role=Role.ORG_ADMIN)
    return person


def test_the_admin_scopes_a_group_to_a_customer_it_serves(
    world: World, partner_admin: Person
) -> None:
    values = DutyGroupValues(name="Сети", customer=world.sibling, members=(world.engineer,))
    group = save_duty_group(group=None, supplier=world.partner, values=values, author=partner_admin)
    assert group.customer == world.sibling
    assert _records().get().action == "duty_group.created"
    remove_duty_group(group, author=partner_admin)
    assert [r.action for r in _records().order_by("pk")] == [
        "duty_group.created",
        "duty_group.removed",
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (DutyGroupValues(name="  ", is_default=True), "name"),
        (DutyGroupValues(name="Нигде"), "is_default"),
        (DutyGroupValues(name="Чужой", criticality=9), "criticality"),
        (DutyGroupValues(name="Зона", is_default=True, time_zone="Mars/Base"), "time_zone"),
        (DutyGroupValues(name="Календарь", is_default=True, calendar={"week": 5}), "calendar"),
    ],
)
def test_a_bad_group_is_refused_on_its_field(
    world: World, partner_admin: Person, values: DutyGroupValues, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        save_duty_group(group=None, supplier=world.partner, values=values, author=partner_admin)
    assert refused.value.field == field
    assert not DutyGroup.objects.exists()
    assert not _records().exists()


def test_rows_and_people_of_others_are_refused(world: World, partner_admin: Person) -> None:
    cases = [
        (DutyGroupValues(name="a", customer=world.other_customer), "customer"),
        (DutyGroupValues(name="b", contract=world.other_contract), "contract"),
        (DutyGroupValues(name="c", is_default=True, members=(world.other_engineer,)), "members"),
        (DutyGroupValues(name="d", is_default=True, lead=world.contact), "lead"),
    ]
    for values, field in cases:
        with pytest.raises(DomainError) as refused:
            save_duty_group(group=None, supplier=world.partner, values=values, author=partner_admin)
        assert refused.value.field == field
    assert not DutyGroup.objects.exists()


def test_one_default_group_per_supplier(world: World, partner_admin: Person) -> None:
    values = DutyGroupValues(name="Все", is_default=True)
    save_duty_group(group=None, supplier=world.partner, values=values, author=partner_admin)
    with pytest.raises(ConflictError):
        save_duty_group(group=None, supplier=world.partner, values=values, author=partner_admin)


@pytest.mark.parametrize("who", ["engineer", "vendor_engineer", "admin"])
def test_no_one_but_the_suppliers_admin_may(world: World, partner_admin: Person, who: str) -> None:
    actor = getattr(world, who)
    group = DutyGroup.objects.create(supplier=world.partner, name="Все", is_default=True)
    with pytest.raises(NotAllowedError):
        save_duty_group(
            group=group,
            supplier=world.partner,
            values=DutyGroupValues(name="Захват", is_default=True),
            author=actor,
        )
    with pytest.raises(NotAllowedError):
        remove_duty_group(group, author=actor)
    with pytest.raises(NotAllowedError):
        save_alerting_rules(supplier=world.partner, values={"repage_minutes": 1}, author=actor)
    assert DutyGroup.objects.get().name == "Все"
    assert not AlertingRules.objects.exists()
    assert not _records().exists()


def test_the_rules_are_checked_and_recorded(world: World, partner_admin: Person) -> None:
    for values, field in (
        ({"repage_minutes": -5}, "repage_minutes"),
        ({"repage_up_to_criticality": 7}, "repage_up_to_criticality"),
        ({"warning_percent": 80}, "warning_percent"),
    ):
        with pytest.raises(DomainError) as refused:
            save_alerting_rules(supplier=world.partner, values=values, author=partner_admin)
        assert refused.value.field == field
    save_alerting_rules(supplier=world.partner, values={"repage_minutes": 0}, author=partner_admin)
    assert AlertingRules.of(world.partner.pk).repage_minutes == 0
    record = _records().get()
    assert (record.before, record.after) == ({}, {**record.after, "repage_minutes": 0})
