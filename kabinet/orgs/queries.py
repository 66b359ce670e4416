"""Tenancy reads: which organisations' data a person reaches, on which side of a contract."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from kabinet.orgs.models import Membership, Organisation, OrganisationKind, Person


def organisation_ids(person: Person) -> set[int]:
    """Organisations the person is a member of, in any role."""
    return set(
        Membership.objects.filter(person=person).values_list("organisation_id", flat=True)
    )


def supplier_organisation_ids(person: Person) -> set[int]:
    """Partner or vendor organisations of the person: they see contracts they supply."""
    return set(
        Organisation.objects.filter(
            memberships__person=person,
            kind__in=[OrganisationKind.PARTNER, OrganisationKind.VENDOR],
        ).values_list("id", flat=True)
    )


def customer_organisation_ids(person: Person) -> set[int]:
    """Customer organisations the person reaches: their own, plus every member of their groups."""
    own = Organisation.objects.filter(
        memberships__person=person, kind=OrganisationKind.CUSTOMER
    ).values_list("id", "group_id")
    ids = {org_id for org_id, _ in own}
    group_ids = {group_id for _, group_id in own if group_id is not None}
    if group_ids:
        ids |= set(
            Organisation.objects.filter(
                Q(group_id__in=group_ids), kind=OrganisationKind.CUSTOMER
            ).values_list("id", flat=True)
        )
    return ids


def has_role(person: Person, organisation_id: int, *roles: str) -> bool:
    return Membership.objects.filter(
        person=person, organisation_id=organisation_id, role__in=roles
    ).exists()


def has_role_in_any(person: Person, organisation_ids: Iterable[int], *roles: str) -> bool:
    """One query: does the person hold one of the roles in any of these organisations?"""
    return Membership.objects.filter(
        person=person, organisation_id__in=list(organisation_ids), role__in=roles
    ).exists()
