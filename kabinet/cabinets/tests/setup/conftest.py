"""The set-up pages' people: an admin of the vendor, of the world's partner and of the
other partner, beside the world's customers and engineers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kabinet.conftest import World
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory


@dataclass
class Admins:
    vendor: Person
    partner: Person
    other_partner: Person


@pytest.fixture
def admins(world: World) -> Admins:
    made = []
    for name, org in (
        ("vendor_admin", world.vendor),
        ("partner_admin", world.partner),
        ("other_partner_admin", world.other_partner),
    ):
        person = PersonFactory.create(username=name)
        grant_role(organisation=org, person=person, role=Role.ORG_ADMIN)
        made.append(person)
    return Admins(*made)
