from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabinet.orgs.actions import grant_role, revoke_role
from kabinet.orgs.models import Membership, Person, Role
from kabinet.orgs.queries import (
    customer_organisation_ids,
    has_role,
    has_role_in_any,
    memoise_memberships,
    organisation_ids,
    supplier_organisation_ids,
)

if TYPE_CHECKING:
    # The suite's world (conftest) holds contracts, a layer above orgs: types only.
    from kabinet.conftest import World


def _membership_reads(queries: CaptureQueriesContext) -> int:
    return sum('"orgs_membership"' in query["sql"] for query in queries.captured_queries)


def test_customer_side_reaches_the_company_group_and_supplier_side_the_partner(
    world: World,
) -> None:
    assert customer_organisation_ids(world.contact) == {world.customer.pk, world.sibling.pk}
    assert supplier_organisation_ids(world.contact) == set()
    assert customer_organisation_ids(world.engineer) == {world.partner.pk}
    assert supplier_organisation_ids(world.engineer) == {world.partner.pk}
    assert organisation_ids(world.vendor_engineer) == {world.vendor.pk}
    assert customer_organisation_ids(world.outsider) == {world.other_customer.pk}


def test_roles_are_answered_per_organisation(world: World) -> None:
    assert has_role(world.admin, world.customer.pk, Role.ORG_ADMIN) is True
    assert has_role(world.admin, world.customer.pk, Role.AUTHORISED_CONTACT) is False
    assert has_role(world.admin, world.sibling.pk, Role.ORG_ADMIN) is False
    assert has_role_in_any(world.contact, [world.sibling.pk], Role.AUTHORISED_CONTACT) is False
    reachable = [world.customer.pk, world.sibling.pk]
    assert has_role_in_any(world.contact, reachable, Role.AUTHORISED_CONTACT) is True


def test_a_memoised_person_reads_memberships_once(world: World) -> None:
    person = memoise_memberships(Person.objects.get(pk=world.contact.pk))
    with CaptureQueriesContext(connection) as queries:
        customer_organisation_ids(person)
        supplier_organisation_ids(person)
        has_role_in_any(person, customer_organisation_ids(person), Role.AUTHORISED_CONTACT)
        organisation_ids(person)
    assert _membership_reads(queries) == 1
    # The company group's members are read once as well.
    assert len(queries.captured_queries) == 2


def test_a_person_not_memoised_reads_afresh_every_time(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        supplier_organisation_ids(world.contact)
        supplier_organisation_ids(world.contact)
    assert _membership_reads(queries) == 2
    Membership.objects.filter(person=world.contact).delete()
    assert customer_organisation_ids(world.contact) == set()


def test_granting_and_revoking_a_role_is_seen_by_a_memoised_person(world: World) -> None:
    person = memoise_memberships(Person.objects.get(pk=world.contact.pk))
    assert supplier_organisation_ids(person) == set()
    grant_role(organisation=world.partner, person=person, role=Role.ENGINEER)
    assert supplier_organisation_ids(person) == {world.partner.pk}
    revoke_role(organisation=world.partner, person=person, role=Role.ENGINEER)
    assert supplier_organisation_ids(person) == set()


def test_a_role_change_through_another_instance_is_seen_by_a_memoised_person(
    world: World,
) -> None:
    """The acting request's instance is rarely the one handed to grant_role."""
    person = memoise_memberships(Person.objects.get(pk=world.contact.pk))
    assert has_role(person, world.customer.pk, Role.AUTHORISED_CONTACT) is True
    revoke_role(organisation=world.customer, person=world.contact, role=Role.AUTHORISED_CONTACT)
    assert has_role(person, world.customer.pk, Role.AUTHORISED_CONTACT) is False
    assert customer_organisation_ids(person) == set()
    grant_role(organisation=world.customer, person=world.contact, role=Role.ORG_ADMIN)
    assert has_role(person, world.customer.pk, Role.ORG_ADMIN) is True
