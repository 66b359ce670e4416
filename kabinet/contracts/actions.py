"""State changes of a contract's own people and its package's rules: the responsible
contacts the customer appoints (seed 002: one only, where the package says so)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract, Package
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.models import Person, Role
from kabinet.orgs.queries import has_role, supplier_organisation_ids

NOT_A_CUSTOMER_MEMBER = _("The responsible contact must belong to the customer.")


def set_single_responsible_contact(*, package: Package, single: bool) -> None:
    """Seed 002's contact rule, a field of the package: one responsible contact only."""
    package.single_responsible_contact = single
    package.save(update_fields=["single_responsible_contact"])


def appoint_responsible_contact(*, contract: Contract, person_id: int, author: Person) -> Person:
    """Make the customer's member ``person_id`` a responsible contact of the contract. Any
    other id is refused alike, so ids of other tenants' people do not leak. A package whose
    terms say so allows only one: a second is refused, naming the first."""
    _check_may_manage_contacts(author, contract)
    person = Person.objects.filter(
        pk=person_id, memberships__organisation_id=contract.customer_id
    ).first()
    if person is None:
        raise DomainError(NOT_A_CUSTOMER_MEMBER, field="person")
    with transaction.atomic():
        contract = (
            Contract.objects.select_for_update().select_related("package").get(pk=contract.pk)
        )
        current = list(contract.responsible_contacts.all())
        if person in current:
            return person
        if contract.package.single_responsible_contact and current:
            raise ConflictError(
                _(
                    "The support package allows one responsible contact, and it is "
                    "%(person)s; withdraw them first."
                )
                % {"person": str(current[0])},
                field="person",
            )
        contract.responsible_contacts.add(person)
        return person


def withdraw_responsible_contact(*, contract: Contract, person: Person, author: Person) -> None:
    _check_may_manage_contacts(author, contract)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        contract.responsible_contacts.remove(person)


def _check_may_manage_contacts(author: Person, contract: Contract) -> None:
    if contract.supplier_id in supplier_organisation_ids(author):
        return
    if has_role(author, contract.customer_id, Role.ORG_ADMIN):
        return
    raise NotAllowedError(_("Only an organisation admin may manage responsible contacts."))
