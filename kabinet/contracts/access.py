"""Tenant-checked fetches of contracts: visible to their customer (and its company group)
and to their supplier; anything else is not found."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract, with_package_targets
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids


def access_contract(person: Person, contract_id: int, *, for_filing: bool = False) -> Contract:
    """``for_filing``: with what registering a ticket on it reads besides (the package's
    targets, the personal consultant), in the same statement."""
    visible = Q(supplier_id__in=supplier_organisation_ids(person)) | Q(
        customer_id__in=customer_organisation_ids(person)
    )
    try:
        contracts = Contract.objects.select_related("package", "customer")
        if for_filing:
            contracts = with_package_targets(contracts.select_related("personal_consultant"))
        return contracts.get(visible, pk=contract_id)
    except Contract.DoesNotExist:
        raise NotFoundError(_("Contract not found."), field="contract") from None
