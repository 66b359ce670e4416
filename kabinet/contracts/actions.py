"""State changes of a contract's own people and its package's rules: the responsible
contacts the customer appoints (seed 002: one only, where the package says so), and the
supplier admins' set-up of packages, contracts and business calendars (each recorded in
the audit trail in its own transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet.audit.actions import changed_only, record_change, snapshot
from kabinet.contracts import hooks
from kabinet.contracts.calendars import validate_calendar_spec
from kabinet.contracts.models import (
    CalendarKey,
    Contract,
    DurationUnit,
    Package,
    PackageTarget,
    TargetKind,
)
from kabinet.contracts.package_templates import TargetRow
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.models import Organisation, Person, Role
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


# --- Set-up: packages, contracts, business calendars (the admins' pages call these) ---

PACKAGE_FIELDS = (
    "name",
    "priority_change_mode",
    "workaround_resolves",
    "allowed_channels",
    "mandatory_intake_fields",
    "attachment_size_limit",
    "large_upload_limit",
    "reopen_days",
    "single_responsible_contact",
    "release_wait_pauses_resolution",
    "critical_conditions_apply",
    "escalation_certificate",
    "asks_for_screenshots",
)
CONTRACT_FIELDS = (
    "number",
    "customer",
    "package",
    "valid_from",
    "valid_to",
    "seats",
    "time_zone",
    "personal_consultant",
)
# A contract's fields that move deadlines when they change.
_CONTRACT_RULES = ("package", "time_zone", "business_calendar")


@dataclass(frozen=True)
class ChangeAuthor:
    """Who makes a set-up change and from where, for its audit record."""

    person: Person | None
    address: str | None = None


def save_package(
    *,
    package: Package | None,
    supplier: Organisation | None,
    values: Mapping[str, Any],
    targets: Sequence[TargetRow],
    author: ChangeAuthor,
    now: dt.datetime | None = None,
) -> Package:
    """Create (``package`` None) or change a supplier's package with its whole targets
    table. A change of an existing package's rules moves its open tickets' deadlines once
    committed (``hooks.rules_changed``)."""
    _check_targets(targets)
    with transaction.atomic():
        if package is None:
            package, before = Package(supplier=supplier), {}
        else:
            package = Package.objects.select_for_update().get(pk=package.pk)
            before = _package_snapshot(package)
        for name in PACKAGE_FIELDS:
            if name in values:
                setattr(package, name, values[name])
        created = package.pk is None
        package.save()
        package.targets.all().delete()
        PackageTarget.objects.bulk_create(
            PackageTarget(
                package=package,
                criticality=level,
                kind=kind,
                amount=amount,
                unit=unit,
                calendar=calendar,
            )
            for level, kind, amount, unit, calendar in targets
        )
        old, new = changed_only(before, _package_snapshot(package))
        record_change(
            action="package.created" if created else "package.changed",
            target=package,
            organisation=supplier,
            actor=author.person,
            address=author.address,
            before=old,
            after=new,
            now=now,
        )
        if not created:
            hooks.rules_changed(package=package)
    return package


def _package_snapshot(package: Package) -> dict[str, Any]:
    rows = PackageTarget.objects.filter(package=package).order_by("criticality", "kind")
    targets = [
        f"{row.criticality} {row.kind}: {row.amount} {row.unit} ({row.calendar})" for row in rows
    ]
    return {**snapshot(package, PACKAGE_FIELDS), "targets": targets}


def _check_targets(targets: Sequence[TargetRow]) -> None:
    seen = set()
    for level, kind, amount, unit, calendar in targets:
        if (level, kind) in seen:
            raise DomainError(
                _("Criticality %(level)s has two %(kind)s targets.")
                % {"level": level, "kind": TargetKind(kind).label},
                field="targets",
            )
        seen.add((level, kind))
        if amount <= 0 or unit not in DurationUnit.values or calendar not in CalendarKey.values:
            raise DomainError(_("A target needs a positive amount."), field="targets")


def change_business_calendar(
    *,
    contract: Contract,
    spec: Mapping[str, Any],
    author: ChangeAuthor,
    now: dt.datetime | None = None,
) -> Contract:
    """Give the contract a new business calendar (week, holidays, working days, the
    production calendar on or off); its open tickets' deadlines move once committed."""
    try:
        validate_calendar_spec(spec)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="calendar") from None
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        before = snapshot(contract, ("business_calendar",))
        contract.business_calendar = dict(spec)
        contract.save(update_fields=["business_calendar"])
        old, new = changed_only(before, snapshot(contract, ("business_calendar",)))
        record_change(
            action="calendar.changed",
            target=contract,
            organisation=contract.supplier,
            actor=author.person,
            address=author.address,
            before=old,
            after=new,
            now=now,
        )
        hooks.rules_changed(contract=contract)
    return contract


def save_contract(
    *,
    contract: Contract | None,
    supplier: Organisation,
    values: Mapping[str, Any],
    responsible: Sequence[Person],
    author: ChangeAuthor,
    now: dt.datetime | None = None,
) -> Contract:
    """Create (``contract`` None, with ``values["business_calendar"]``) or change a
    supplier's contract with a customer. The package, consultant and responsible contacts
    must be the supplier's and the customer's; changing the package or the time zone moves
    the open tickets' deadlines once committed."""
    _check_contract(supplier, values, responsible)
    with transaction.atomic():
        if contract is None:
            contract, before = Contract(supplier=supplier), {}
            contract.business_calendar = dict(values.get("business_calendar") or {})
        else:
            contract = Contract.objects.select_for_update().get(pk=contract.pk)
            before = _contract_snapshot(contract)
        for name in CONTRACT_FIELDS:
            if name in values:
                setattr(contract, name, values[name])
        if (
            Contract.objects.filter(supplier=supplier, number=contract.number)
            .exclude(pk=contract.pk)
            .exists()
        ):
            raise ConflictError(
                _("The supplier already has a contract numbered %(number)s.")
                % {"number": contract.number},
                field="number",
            )
        created = contract.pk is None
        contract.save()
        contract.responsible_contacts.set(responsible)
        after = _contract_snapshot(contract)
        old, new = changed_only(before, after)
        record_change(
            action="contract.created" if created else "contract.changed",
            target=contract,
            organisation=supplier,
            actor=author.person,
            address=author.address,
            before=old,
            after=new,
            now=now,
        )
        if not created and any(name in new for name in _CONTRACT_RULES):
            hooks.rules_changed(contract=contract)
    return contract


def _contract_snapshot(contract: Contract) -> dict[str, Any]:
    people = sorted(contract.responsible_contacts.values_list("pk", flat=True))
    return {**snapshot(contract, CONTRACT_FIELDS), "responsible_contacts": people}


def _check_contract(
    supplier: Organisation, values: Mapping[str, Any], responsible: Sequence[Person]
) -> None:
    package: Package | None = values.get("package")
    if package is not None and package.supplier_id != supplier.pk:
        raise DomainError(_("The package must be the supplier's own."), field="package")
    customer: Organisation | None = values.get("customer")
    if customer is not None and customer.pk == supplier.pk:
        raise DomainError(_("A supplier cannot be its own customer."), field="customer")
    start, end = values.get("valid_from"), values.get("valid_to")
    if start is not None and end is not None and end < start:
        raise DomainError(_("The contract ends before it starts."), field="valid_to")
    consultant: Person | None = values.get("personal_consultant")
    if consultant is not None and not consultant.memberships.filter(organisation=supplier).exists():
        raise DomainError(
            _("The personal consultant must be one of the supplier's people."),
            field="personal_consultant",
        )
    for person in responsible:
        if customer is None or not person.memberships.filter(organisation=customer).exists():
            raise DomainError(NOT_A_CUSTOMER_MEMBER, field="responsible_contacts")
    if package is not None and package.single_responsible_contact and len(responsible) > 1:
        raise DomainError(
            _("The support package allows one responsible contact."),
            field="responsible_contacts",
        )
