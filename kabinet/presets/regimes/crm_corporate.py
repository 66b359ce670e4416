"""Seed 000: 1C:CRM corporate support. 10:00-18:00 Moscow on working days; reaction 4 h;
resolution 8 h standard, 32 h non-standard; a personal consultant; portal, email, phone.

The seed names three parties: the customer, the partner who sold the service and gives the
first line, and the developer (1С-Рарус) who answers what is specific to 1C:CRM under the
same SLA. The developer is the vendor here: the partner escalates to it on a contract of its
own, and the developer's quality controller watches the SLA (the seed's item 10)."""

from kabinet.contracts.models import Criticality
from kabinet.entitlements.catalogue import SEED_000_SERVICES
from kabinet.presets.spec import (
    WORKDAYS,
    ContractSpec,
    Org,
    PackageSpec,
    PersonSpec,
    Preset,
    TicketSpec,
    week,
)

B = "business"
PRESET = Preset(
    name="crm_corporate",
    title="1С:CRM — корпоративная поддержка",
    start_here=(
        "Клиент crm.client подаёт обращение, его первым берёт персональный консультант "
        "crm.consultant; особенности 1С:CRM он эскалирует разработчику — rarus.engineer."
    ),
    orgs=(
        Org("crm_vendor", "1С-Рарус (разработчик 1С:CRM)", "vendor"),
        Org("crm_partner", "ЦК КОРП «Альфа-Софт»", "partner", partner_status="ЦК КОРП"),
        Org("crm_customer", "АО «Северный трубный завод»", "customer"),
    ),
    people=(
        PersonSpec(
            "crm.consultant",
            "Ирина Лебедева",
            "crm_partner",
            ("engineer",),
            certificate="1С:Эксперт по технологическим вопросам",
        ),
        PersonSpec("crm.manager", "Олег Смирнов", "crm_partner", ("manager",)),
        PersonSpec("rarus.engineer", "Константин Рябов", "crm_vendor", ("engineer",)),
        PersonSpec("rarus.quality", "Марина Громова", "crm_vendor", ("quality_controller",)),
        PersonSpec(
            "crm.client", "Павел Орлов", "crm_customer", ("org_admin", "authorised_contact")
        ),
    ),
    packages=(
        PackageSpec(
            "crm_corp",
            "1С:CRM КОРП — корпоративная поддержка",
            "crm_partner",
            targets=tuple(
                row
                for level in Criticality.values
                for row in (
                    (level, "reaction", 4, "hours", B),
                    (level, "resolution", 8, "hours", B),
                    (level, "resolution_non_standard", 32, "hours", B),
                )
            ),
            channels=("portal", "email", "phone"),
            services=SEED_000_SERVICES,
            dedicated_specialist=True,  # Услуга 3: the personal consultant
        ),
        # What the partner files with the developer: the seed's SLA is the developer's own.
        PackageSpec(
            "crm_developer",
            "1С:CRM КОРП — линия разработчика",
            "crm_vendor",
            targets=tuple(
                row
                for level in Criticality.values
                for row in (
                    (level, "reaction", 4, "hours", B),
                    (level, "resolution", 8, "hours", B),
                    (level, "resolution_non_standard", 32, "hours", B),
                )
            ),
            channels=("portal", "email", "phone"),
        ),
        # Seed 000: the corporate service is sold only on top of a main 1С:ИТС contract.
        PackageSpec(
            "its_prof",
            "1С:ИТС ПРОФ",
            "crm_partner",
            targets=(),
            channels=("portal", "email"),
        ),
    ),
    contracts=(
        ContractSpec(
            "RARUS-CRM-2026",
            "crm_vendor",
            "crm_partner",
            "crm_developer",
            week(WORKDAYS, "10:00", "18:00"),
            seats=10,
        ),
        ContractSpec(
            "ITS-2026-114",
            "crm_partner",
            "crm_customer",
            "its_prof",
            week(WORKDAYS, "10:00", "18:00"),
            seats=600,
        ),
        ContractSpec(
            "CRM-2026-001",
            "crm_partner",
            "crm_customer",
            "crm_corp",
            week(WORKDAYS, "10:00", "18:00"),
            seats=600,
            consultant="crm.consultant",
            responsible=("crm.client",),
            requires=("ITS-2026-114",),
        ),
    ),
    tickets=(
        TicketSpec(
            "crm-fresh",
            "CRM-2026-001",
            "crm.client",
            "crm.consultant",
            "Не формируется отчёт «Воронка продаж»",
            "fresh",
        ),
        TicketSpec(
            "crm-closed",
            "CRM-2026-001",
            "crm.client",
            "crm.consultant",
            "Настройка интеграции с телефонией",
            "closed_rated",
        ),
    ),
)
