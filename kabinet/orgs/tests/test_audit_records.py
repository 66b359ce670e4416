from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from kabinet.audit.actions import changed_only, record_change, snapshot
from kabinet.audit.models import AppendOnlyError, AuditRecord

if TYPE_CHECKING:
    # The suite's world (conftest) holds contracts, a layer above orgs: types only.
    from kabinet.conftest import World

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_record_says_who_when_where_and_what_changed(world: World) -> None:
    before = snapshot(world.contact, ("full_name", "is_active", "date_joined"))
    world.contact.full_name = "Анна Петрова"
    world.contact.is_active = False
    after = snapshot(world.contact, ("full_name", "is_active", "date_joined"))
    old, new = changed_only(before, after)

    record = record_change(
        action="person.deactivated",
        target=world.contact,
        organisation=world.customer,
        actor=world.admin,
        address="203.0.113.7",
        before=old,
        after=new,
        now=NOW,
    )

    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.at, stored.actor, stored.organisation) == (NOW, world.admin, world.customer)
    assert stored.address == "203.0.113.7"
    assert stored.target_type == "orgs.person"
    assert stored.target_id == str(world.contact.pk)
    assert stored.before == {"full_name": before["full_name"], "is_active": True}
    assert stored.after == {"full_name": "Анна Петрова", "is_active": False}
    assert "date_joined" not in stored.after


@pytest.mark.django_db
def test_records_are_never_changed_or_deleted(world: World) -> None:
    record = record_change(
        action="role.granted", target=world.contact, organisation=world.customer, now=NOW
    )
    record.action = "something else"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.get(pk=record.pk).action == "role.granted"
