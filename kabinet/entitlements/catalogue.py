"""The package services and contact terms of the seeds, as data, and one call that puts
them on a package. Presets (and admins) use it; nothing here decides a quota at run time."""

from __future__ import annotations

from dataclasses import dataclass

from kabinet.contracts.actions import set_single_responsible_contact
from kabinet.contracts.models import Package
from kabinet.entitlements.actions import define_package_service
from kabinet.entitlements.models import SEATS_PER_BLOCK, PackageService, ServiceUnit


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    name: str
    amount: int
    unit: ServiceUnit = ServiceUnit.ITEM
    choice_group: str = ""
    billable_over_quota: bool = False
    seats_per_block: int = SEATS_PER_BLOCK
    booked_by_date: bool = False


# Seed 000, items 5, 8 and 9: per "1С:ИТС Отраслевой КОРП" service, i.e. per started block
# of 250 seats; the audit and the 20 consulting hours are alternatives.
SEED_000_SERVICES = (
    # Item 5: "по предварительной записи и с согласованием сроков".
    ServiceSpec("course", "Индивидуальный корпоративный онлайн-курс", 1, booked_by_date=True),
    ServiceSpec("audit", "Аудит процессов методистом", 1, choice_group="audit_or_consulting"),
    ServiceSpec(
        "consulting",
        "Консультации с демонстрацией новой функциональности",
        20,
        ServiceUnit.HOUR,
        choice_group="audit_or_consulting",
    ),
    ServiceSpec("telephony", "Лицензии корпоративной телефонии", 10, ServiceUnit.LICENCE),
)


def equip_package(
    package: Package,
    services: tuple[ServiceSpec, ...] = (),
    *,
    single_responsible_contact: bool = False,
) -> list[PackageService]:
    """Put the services and the contact terms on the package; running it twice is once.
    Seed 002 ("all consultations to one responsible contact") is
    ``single_responsible_contact=True`` on Basic, Business and Premium."""
    set_single_responsible_contact(package=package, single=single_responsible_contact)
    return [
        define_package_service(
            package=package,
            code=spec.code,
            name=spec.name,
            amount=spec.amount,
            unit=spec.unit,
            seats_per_block=spec.seats_per_block,
            billable_over_quota=spec.billable_over_quota,
            choice_group=spec.choice_group,
            booked_by_date=spec.booked_by_date,
        )
        for spec in services
    ]
