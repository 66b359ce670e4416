"""Tenancy reads: which organisations' data a person reaches, on which side of a contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from kabinet.orgs.models import Membership, Organisation, OrganisationKind, PartnerStatus, Person


def organisation_ids(person: Person) -> set[int]:
    """Organisations the person is a member of, in any role."""
    return set(Membership.objects.filter(person=person).values_list("organisation_id", flat=True))


def supplier_organisation_ids(person: Person) -> set[int]:
    """Partner or vendor organisations of the person: they see contracts they supply."""
    return set(
        Organisation.objects.filter(
            memberships__person=person,
            kind__in=[OrganisationKind.PARTNER, OrganisationKind.VENDOR],
        ).values_list("id", flat=True)
    )


def customer_organisation_ids(person: Person) -> set[int]:
    """Organisations the person reaches on the customer side of a contract: their customer
    organisations plus every member of their groups, and their partners, which are the
    customer of their own contracts with the vendor (seed 001: the partner files and answers
    on the vendor ticket as its customer)."""
    own = Organisation.objects.filter(
        memberships__person=person,
        kind__in=[OrganisationKind.CUSTOMER, OrganisationKind.PARTNER],
    ).values_list("id", "kind", "group_id")
    ids = {org_id for org_id, _, _ in own}
    group_ids = {
        group_id
        for _, kind, group_id in own
        if kind == OrganisationKind.CUSTOMER and group_id is not None
    }
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


def partner_status_covers(organisation_id: int, day: dt.date) -> bool:
    """Does one of the partner's statuses cover ``day``? Without one, the partner keeps read
    access but may neither file with the vendor nor escalate (seed 001)."""
    statuses = PartnerStatus.objects.filter(
        organisation_id=organisation_id, valid_from__lte=day, valid_to__gte=day
    )
    return statuses.exists()
