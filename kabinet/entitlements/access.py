"""Tenant-checked fetches for entitlements. Contracts come through ``contracts.access``
(one tenancy rule for contracts); this adds the rows that hang off a visible contract."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.access import access_contract
from kabinet.contracts.models import Contract
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Person


def access_responsible_contact(
    person: Person, contract_id: int, contact_id: int
) -> tuple[Contract, Person]:
    """A responsible contact of a contract the person sees; anything else is not found."""
    contract = access_contract(person, contract_id)
    contact = contract.responsible_contacts.filter(pk=contact_id).first()
    if contact is None:
        raise NotFoundError(_("Responsible contact not found."), field="person")
    return contract, contact
