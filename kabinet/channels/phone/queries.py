"""Reads of the phone page: the contracts a supplier takes phone tickets on, and the
customers' people who may file on them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from kabinet.channels.phone.actions import sells_phone
from kabinet.contracts.models import Contract
from kabinet.orgs.models import CUSTOMER_VOICE_ROLES, OrganisationKind, Person


def phone_contracts(supplier_ids: Iterable[int]) -> QuerySet[Contract]:
    """The suppliers' contracts with customers whose package sells phone support (a
    partner's contract with the vendor takes tickets only by escalation, never by phone)."""
    contracts = (
        Contract.objects.filter(supplier_id__in=list(supplier_ids))
        .exclude(customer__kind=OrganisationKind.PARTNER)
        .select_related("package", "customer")
    )
    ids = [c.pk for c in contracts if sells_phone(c.package)]
    return (
        Contract.objects.filter(pk__in=ids)
        .select_related("package", "customer")
        .order_by("customer__name", "number")
    )


def phone_callers(contracts: QuerySet[Contract]) -> QuerySet[Person]:
    """Active authorised contacts and admins of those contracts' customers."""
    return (
        Person.objects.filter(
            is_active=True,
            memberships__organisation_id__in=contracts.values("customer_id"),
            memberships__role__in=CUSTOMER_VOICE_ROLES,
        )
        .distinct()
        .order_by("full_name", "username")
    )
