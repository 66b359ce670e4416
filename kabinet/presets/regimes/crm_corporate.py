"""Seed 000: 1C:CRM corporate support. 10:00-18:00 Moscow on working days; reaction 4 h;
resolution 8 h standard, 32 h non-standard; a personal consultant; portal, email, phone."""

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
    orgs=(
        Org("crm_vendor", "Фирма «1С» (CRM)", "vendor"),
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
        ),
    ),
    contracts=(
        ContractSpec(
            "CRM-2026-001",
            "crm_partner",
            "crm_customer",
            "crm_corp",
            week(WORKDAYS, "10:00", "18:00"),
            seats=600,
            consultant="crm.consultant",
            responsible=("crm.client",),
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
