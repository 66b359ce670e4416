"""Factories for packages (seed 001's by default: its targets and its critical-ticket
conditions) and contracts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from kabinet.contracts.calendars import MOSCOW_BUSINESS_HOURS
from kabinet.contracts.models import (
    CalendarKey,
    Contract,
    DurationUnit,
    Package,
    PackageTarget,
    TargetKind,
)
from kabinet.orgs.models import OrganisationKind
from kabinet.orgs.tests.factories import OrganisationFactory

# Seed 001: reaction 2 h (24×7) / 4 / 8 working hours; updates every 12 h (24×7) /
# 5 / 10 working days; plus seed 000's standard 8 h and non-standard 32 h resolution.
SEED_001_TARGETS: list[tuple[int, str, int, str, str]] = [
    (1, TargetKind.REACTION, 2, DurationUnit.HOURS, CalendarKey.ALWAYS),
    (1, TargetKind.UPDATE, 12, DurationUnit.HOURS, CalendarKey.ALWAYS),
    (2, TargetKind.REACTION, 4, DurationUnit.HOURS, CalendarKey.BUSINESS),
    (2, TargetKind.UPDATE, 5, DurationUnit.WORKING_DAYS, CalendarKey.BUSINESS),
    (3, TargetKind.REACTION, 8, DurationUnit.HOURS, CalendarKey.BUSINESS),
    (3, TargetKind.UPDATE, 10, DurationUnit.WORKING_DAYS, CalendarKey.BUSINESS),
    (3, TargetKind.RESOLUTION, 8, DurationUnit.HOURS, CalendarKey.BUSINESS),
    (3, TargetKind.RESOLUTION_NON_STANDARD, 32, DurationUnit.HOURS, CalendarKey.BUSINESS),
    (4, TargetKind.REACTION, 8, DurationUnit.HOURS, CalendarKey.BUSINESS),
    (4, TargetKind.UPDATE, 10, DurationUnit.WORKING_DAYS, CalendarKey.BUSINESS),
]


class PackageFactory(factory.django.DjangoModelFactory[Package]):
    class Meta:
        model = Package
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Package {n}")
    critical_conditions_apply = True
    dedicated_specialist = True  # the world's contract has a personal consultant
    allowed_channels = factory.LazyFunction(lambda: ["portal", "email", "phone"])

    @factory.post_generation
    def targets(package: Package, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        rows = SEED_001_TARGETS if extracted is None else extracted
        for criticality, kind, amount, unit, calendar in rows:
            PackageTarget.objects.create(
                package=package,
                criticality=criticality,
                kind=kind,
                amount=amount,
                unit=unit,
                calendar=calendar,
            )


class ContractFactory(factory.django.DjangoModelFactory[Contract]):
    class Meta:
        model = Contract

    supplier = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER)
    customer = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CUSTOMER)
    package = factory.SubFactory(PackageFactory)
    number = factory.Sequence(lambda n: f"C-{n:04d}")
    valid_from = dt.date(2026, 1, 1)
    valid_to = dt.date(2026, 12, 31)
    seats = 50
    time_zone = "Europe/Moscow"
    business_calendar = factory.LazyFunction(lambda: dict(MOSCOW_BUSINESS_HOURS))
