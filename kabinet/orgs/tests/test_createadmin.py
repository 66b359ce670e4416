"""``kabinet createadmin`` on an empty database: the vendor and its admin, the password
from a file and never printed; a weak password or a taken username is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kabinet.audit.models import AuditRecord
from kabinet.orgs.models import Membership, Organisation, OrganisationKind, Person, Role

PASSWORD = "Kv4-setup-long-enough"


def _run(tmp_path: Path, password: str = PASSWORD, username: str = "founder") -> str:
    secret = tmp_path / "password"
    secret.write_text(password + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "createadmin",
        "--organisation=Вендор",
        f"--username={username}",
        "--email=founder@vendor.example",
        f"--password-file={secret}",
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_creates_the_vendor_and_its_admin(tmp_path: Path) -> None:
    printed = _run(tmp_path)
    person = Person.objects.get(username="founder")
    assert person.check_password(PASSWORD)
    vendor = Organisation.objects.get(name="Вендор")
    assert vendor.kind == OrganisationKind.VENDOR
    assert Membership.objects.filter(person=person, organisation=vendor, role=Role.ORG_ADMIN)
    assert PASSWORD not in printed
    # The admin's creation, and the role it grants (every grant is recorded).
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert "person.created_as_admin" in actions
    assert AuditRecord.objects.filter(action="person.created_as_admin").count() == 1


@pytest.mark.django_db
def test_a_weak_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="password"):
        _run(tmp_path, password="123")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_taken_username_is_refused(tmp_path: Path) -> None:
    _run(tmp_path)
    with pytest.raises(CommandError, match="taken"):
        _run(tmp_path)
