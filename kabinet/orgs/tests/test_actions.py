from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pytest

from kabinet.errors import DomainError
from kabinet.orgs.actions import grant_role, issue_api_token, revoke_api_token
from kabinet.orgs.models import ApiToken, Membership, Role
from kabinet.orgs.tests.factories import PersonFactory

if TYPE_CHECKING:
    # The suite's world (conftest) holds contracts, a layer above orgs: types only.
    from kabinet.conftest import World


def test_at_most_two_organisation_admins(world: World) -> None:
    second = PersonFactory.create()
    grant_role(organisation=world.customer, person=second, role=Role.ORG_ADMIN)
    with pytest.raises(DomainError, match="at most two") as info:
        grant_role(organisation=world.customer, person=PersonFactory.create(), role=Role.ORG_ADMIN)
    assert info.value.field == "role"
    assert Membership.objects.filter(organisation=world.customer, role=Role.ORG_ADMIN).count() == 2


def test_granting_an_existing_role_is_idempotent(world: World) -> None:
    grant_role(organisation=world.customer, person=world.admin, role=Role.ORG_ADMIN)
    assert Membership.objects.filter(person=world.admin).count() == 1


def test_token_is_stored_only_as_a_hash(world: World) -> None:
    token, plaintext = issue_api_token(world.contact, "cli")
    stored = ApiToken.objects.get(pk=token.pk)
    assert plaintext not in (stored.key_hash, stored.prefix)
    assert stored.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    revoke_api_token(token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
