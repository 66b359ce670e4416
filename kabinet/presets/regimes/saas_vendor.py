"""Seed 003: a SaaS CRM vendor. 9:00-18:00 Moscow on Russian working days; first in, first
out; no guaranteed reaction or resolution time; messengers and email only."""

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

PRESET = Preset(
    name="saas_vendor",
    title="SaaS CRM: поддержка вендора",
    start_here=(
        "Только мессенджеры и почта: в кабинете saas.client видит свои обращения, но не "
        "подаёт новые; отвечает saas.support."
    ),
    orgs=(
        Org("saas", "ООО «Облачная CRM»", "vendor"),
        Org("saas_client", "ООО «Мебельная фабрика»", "customer"),
    ),
    people=(
        PersonSpec("saas.support", "Виктор Зайцев", "saas", ("engineer",)),
        PersonSpec(
            "saas.client", "Юлия Фёдорова", "saas_client", ("org_admin", "authorised_contact")
        ),
    ),
    packages=(
        PackageSpec(
            "saas",
            "Техническая поддержка SaaS",
            "saas",
            targets=(),
            channels=("messenger", "email"),
            categories=("support", "wish"),
        ),
    ),
    contracts=(
        ContractSpec(
            "SAAS-0042", "saas", "saas_client", "saas", week(WORKDAYS, "09:00", "18:00"), seats=25
        ),
    ),
    tickets=(
        TicketSpec(
            "saas-question",
            "SAAS-0042",
            "saas.client",
            "saas.support",
            "Как настроить воронку продаж?",
            "solution_proposed",
            criticality=4,
            production=False,
        ),
    ),
)
