"""Tenant-checked fetches of contracts: visible to their customer (and its company group)
and to their supplier; anything else is not found."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract, Package, with_package_targets
from kabinet.contracts.prerequisites import with_requirement_flag
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Organisation, OrganisationKind, Person, Role
from kabinet.orgs.queries import (
    customer_organisation_ids,
    has_role,
    supplier_organisation_ids,
)

# Built once, cloned per call: building the filing read's annotations cost more than
# running it, on every registration.
_CONTRACTS = Contract.objects.select_related("package", "customer")
_CONTRACTS_FOR_FILING = with_requirement_flag(
    with_package_targets(_CONTRACTS.select_related("personal_consultant"))
)


def access_contract(person: Person, contract_id: int, *, for_filing: bool = False) -> Contract:
    """``for_filing``: with what registering a ticket on it reads besides (the package's
    targets, the personal consultant, whether it requires other contracts), in the same
    statement. The row is read by its key and shown only to its supplier's and its
    customer's side (the same test as a filter in the statement, without compiling one)."""
    contracts = _CONTRACTS_FOR_FILING if for_filing else _CONTRACTS
    try:
        contract = contracts.get(pk=contract_id)
    except Contract.DoesNotExist:
        raise NotFoundError(_("Contract not found."), field="contract") from None
    visible = contract.supplier_id in supplier_organisation_ids(person) or (
        contract.customer_id in customer_organisation_ids(person)
    )
    if not visible:
        raise NotFoundError(_("Contract not found."), field="contract")
    return contract


def administered_supplier_ids(person: Person) -> set[int]:
    """The partner and vendor organisations whose set-up (packages, contracts, calendars,
    lines) the person administers: those where they are an organisation admin."""
    return {
        organisation_id
        for organisation_id in supplier_organisation_ids(person)
        if has_role(person, organisation_id, Role.ORG_ADMIN)
    }


def access_package_to_administer(person: Person, package_id: int) -> Package:
    try:
        return Package.objects.select_related("supplier").get(
            pk=package_id, supplier_id__in=administered_supplier_ids(person)
        )
    except Package.DoesNotExist:
        raise NotFoundError(_("Package not found."), field="package") from None


def access_contract_to_administer(person: Person, contract_id: int) -> Contract:
    """A contract of one of the suppliers the person administers; its customer's people,
    the supplier's engineers and every other tenant get not-found."""
    try:
        return Contract.objects.select_related("package", "customer", "supplier").get(
            pk=contract_id, supplier_id__in=administered_supplier_ids(person)
        )
    except Contract.DoesNotExist:
        raise NotFoundError(_("Contract not found."), field="contract") from None


def administered_suppliers(person: Person) -> QuerySet[Organisation]:
    """The organisations of ``administered_supplier_ids``, by name."""
    return Organisation.objects.filter(pk__in=administered_supplier_ids(person)).order_by("name")


def customers_to_contract(supplier: Organisation) -> QuerySet[Organisation]:
    """Whom a supplier may sign a contract with. The vendor: any partner or customer (the
    partner files on its own contract with the vendor). A partner: its customers so far,
    and customers no supplier has a contract with yet (just created)."""
    kinds = [OrganisationKind.CUSTOMER]
    if supplier.kind == OrganisationKind.VENDOR:
        return Organisation.objects.filter(kind__in=[*kinds, OrganisationKind.PARTNER]).order_by(
            "name"
        )
    return (
        Organisation.objects.filter(
            Q(customer_contracts__supplier=supplier) | Q(customer_contracts__isnull=True),
            kind__in=kinds,
        )
        .distinct()
        .order_by("name")
    )
