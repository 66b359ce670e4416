"""Loads a preset into the database idempotently: rows are found by their natural keys
(organisation name, username, package name per supplier, contract number per supplier)
and created or updated; demo tickets are registered once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from kabinet import clock
from kabinet.contracts.models import Contract, Package, PackageTarget
from kabinet.contracts.prerequisites import add_prerequisite
from kabinet.entitlements.catalogue import equip_package
from kabinet.lines.models import CategoryRoute, SupportLine
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import (
    Certificate,
    CompanyGroup,
    Organisation,
    PartnerStatus,
    Person,
    Role,
)
from kabinet.presets import stories
from kabinet.presets.package_templates import package_values
from kabinet.presets.spec import ContractSpec, LineSpec, Org, PackageSpec, PersonSpec, Preset

DEMO_PASSWORD = "kabinet-demo"


@dataclass
class Loaded:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)
    lines: dict[str, SupportLine] = field(default_factory=dict)
    tickets: int = 0


def load_preset(preset: Preset, *, now: dt.datetime | None = None, tickets: bool = True) -> Loaded:
    """Create or update the preset's rows; with ``tickets``, also its demo tickets."""
    now = clock.resolve(now)
    loaded = Loaded()
    with transaction.atomic():
        for org in preset.orgs:
            loaded.orgs[org.key] = _org(org, now.date())
        for spec in preset.people:
            loaded.people[spec.username] = _person(spec, loaded, now.date())
        for package in preset.packages:
            loaded.packages[package.key] = _package(package, loaded)
        for contract in preset.contracts:
            loaded.contracts[contract.number] = _contract(contract, loaded, now.date())
        for contract in preset.contracts:
            for number in contract.requires:
                add_prerequisite(loaded.contracts[contract.number], loaded.contracts[number])
        for line in preset.lines:
            loaded.lines[line.key] = _line(line, loaded)
    if tickets:
        for ticket in preset.tickets:
            stories.build(
                key=f"demo:{preset.name}:{ticket.slug}",
                contract=loaded.contracts[ticket.contract],
                customer=loaded.people[ticket.reporter],
                engineer=loaded.people[ticket.engineer],
                subject=ticket.subject,
                state=ticket.state,
                criticality=ticket.criticality,
                production=ticket.production,
                now=now,
            )
            loaded.tickets += 1
    return loaded


def _org(spec: Org, today: dt.date) -> Organisation:
    group = CompanyGroup.objects.get_or_create(name=spec.group)[0] if spec.group else None
    org = Organisation.objects.filter(name=spec.name).first()
    if org is None:
        org = Organisation.objects.create(name=spec.name, kind=spec.kind, group=group)
    if spec.partner_status and not org.partner_statuses.filter(level=spec.partner_status).exists():
        PartnerStatus.objects.create(
            organisation=org,
            level=spec.partner_status,
            valid_from=today.replace(month=1, day=1),
            valid_to=today.replace(year=today.year + 1, month=12, day=31),
        )
    return org


def _person(spec: PersonSpec, loaded: Loaded, today: dt.date) -> Person:
    person = Person.objects.filter(username=spec.username).first()
    if person is None:
        person = Person(username=spec.username)
        person.set_password(DEMO_PASSWORD)
    person.full_name = spec.full_name
    person.first_name, _, person.last_name = spec.full_name.partition(" ")
    person.email = f"{spec.username}@demo.kabinet.localhost"
    person.language = spec.language
    person.save()
    for role in spec.roles:
        grant_role(organisation=loaded.orgs[spec.org], person=person, role=Role(role))
    if spec.certificate:
        Certificate.objects.get_or_create(
            person=person,
            kind=spec.certificate,
            defaults={
                "number": f"CERT-{person.pk:05d}",
                "valid_until": today.replace(year=today.year + 2),
            },
        )
    return person


def _package(spec: PackageSpec, loaded: Loaded) -> Package:
    package, _ = Package.objects.update_or_create(
        supplier=loaded.orgs[spec.supplier],
        name=spec.name,
        defaults={
            key: value
            for key, value in package_values(spec).items()
            if key != "single_responsible_contact"  # equip_package sets it below
        },
    )
    for criticality, kind, amount, unit, calendar in spec.targets:
        PackageTarget.objects.update_or_create(
            package=package,
            criticality=criticality,
            kind=kind,
            defaults={"amount": amount, "unit": unit, "calendar": calendar},
        )
    if spec.services or spec.single_responsible_contact is not None:
        equip_package(
            package,
            spec.services,
            single_responsible_contact=bool(spec.single_responsible_contact),
        )
    return package


def _contract(spec: ContractSpec, loaded: Loaded, today: dt.date) -> Contract:
    contract, _ = Contract.objects.update_or_create(
        supplier=loaded.orgs[spec.supplier],
        number=spec.number,
        defaults={
            "customer": loaded.orgs[spec.customer],
            "package": loaded.packages[spec.package],
            "valid_from": today - dt.timedelta(days=365),
            "valid_to": today + dt.timedelta(days=365),
            "seats": spec.seats,
            "time_zone": spec.time_zone,
            "business_calendar": spec.calendar,
            "personal_consultant": loaded.people.get(spec.consultant),
        },
    )
    contract.responsible_contacts.set([loaded.people[u] for u in spec.responsible])
    return contract


def _line(spec: LineSpec, loaded: Loaded) -> SupportLine:
    amount, unit = spec.reaction if spec.reaction is not None else (None, "hours")
    line, _ = SupportLine.objects.update_or_create(
        supplier=loaded.orgs[spec.supplier],
        key=spec.key,
        defaults={
            "name": spec.name,
            "position": spec.position,
            "reaction_amount": amount,
            "reaction_unit": unit,
            "reaction_calendar": spec.calendar,
        },
    )
    line.members.set([loaded.people[u] for u in spec.members])
    for category in spec.categories:
        CategoryRoute.objects.update_or_create(
            supplier=line.supplier, category=category, defaults={"line": line}
        )
    return line
