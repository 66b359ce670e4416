"""Seed 002: CRM integrator packages Basic (10-18 Mon-Fri), Business (9-19 Mon-Sat),
Premium (24x7); phone and messenger from Business; a dedicated specialist in Premium; every
package takes tickets from the customer's one responsible contact only (the Business
customer's second authorised contact is refused, naming the responsible one)."""

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

B, A = "business", "24x7"


def _reaction(
    p1: tuple[int, str], rest: tuple[int, str], calendar: str
) -> tuple[tuple[int, str, int, str, str], ...]:
    return (
        (1, "reaction", p1[0], p1[1], calendar),
        *((level, "reaction", rest[0], rest[1], calendar) for level in (2, 3, 4)),
    )


PRESET = Preset(
    name="integrator_packages",
    title="Пакеты поддержки интегратора CRM: Basic / Business / Premium",
    start_here=(
        "Три пакета одного интегратора: basic.client, business.client (только ответственное "
        "лицо подаёт обращения; business.colleague получает отказ с его именем) и "
        "premium.client (24×7); отвечает gamma.support."
    ),
    orgs=(
        Org("int", "ООО «Гамма CRM»", "partner"),
        Org("int_basic", "ИП Кузнецов", "customer"),
        Org("int_business", "ООО «Ромашка»", "customer"),
        Org("int_premium", "АО «Логистика Плюс»", "customer"),
    ),
    people=(
        PersonSpec("gamma.support", "Николай Белов", "int", ("engineer",)),
        PersonSpec("gamma.dedicated", "Ольга Новикова", "int", ("engineer",)),
        PersonSpec("basic.client", "Игорь Кузнецов", "int_basic", ("authorised_contact",)),
        PersonSpec("business.client", "Татьяна Волкова", "int_business", ("authorised_contact",)),
        PersonSpec("business.colleague", "Сергей Лебедев", "int_business", ("authorised_contact",)),
        PersonSpec(
            "premium.client", "Alex Miller", "int_premium", ("authorised_contact",), language="en"
        ),
    ),
    packages=(
        PackageSpec(
            "basic",
            "Basic",
            "int",
            _reaction((24, "hours"), (48, "hours"), B),
            channels=("portal", "email"),
            single_responsible_contact=True,
            categories=("support",),
        ),
        PackageSpec(
            "business",
            "Business",
            "int",
            _reaction((4, "hours"), (24, "hours"), B),
            channels=("portal", "email", "phone", "messenger"),
            single_responsible_contact=True,
            categories=("support", "configuration"),
        ),
        PackageSpec(
            "premium",
            "Premium",
            "int",
            (
                *_reaction((60, "minutes"), (4, "hours"), A),
                (1, "resolution", 12, "hours", A),
                (2, "resolution", 3, "working_days", B),
                (3, "resolution", 10, "working_days", B),
                (4, "resolution", 20, "working_days", B),
            ),
            channels=("portal", "email", "phone", "messenger"),
            single_responsible_contact=True,
            # "Инцидент полностью устранен или работа ПО восстановлена таким образом, что
            # приоритет инцидента понижен до уровня 3 или 4": a workaround resolves.
            workaround_resolves=True,
            categories=("support", "configuration"),
            dedicated_specialist=True,
        ),
    ),
    contracts=(
        ContractSpec(
            "GAMMA-B-001",
            "int",
            "int_basic",
            "basic",
            week(WORKDAYS, "10:00", "18:00"),
            seats=5,
            responsible=("basic.client",),
        ),
        ContractSpec(
            "GAMMA-BZ-001",
            "int",
            "int_business",
            "business",
            week((*WORKDAYS, "sat"), "09:00", "19:00"),
            seats=40,
            responsible=("business.client",),
        ),
        ContractSpec(
            "GAMMA-P-001",
            "int",
            "int_premium",
            "premium",
            week(WORKDAYS, "09:00", "18:00"),
            seats=300,
            consultant="gamma.dedicated",
            responsible=("premium.client",),
        ),
    ),
    tickets=(
        TicketSpec(
            "gamma-basic-fresh",
            "GAMMA-B-001",
            "basic.client",
            "gamma.support",
            "Не приходят уведомления о сделках",
            "fresh",
            criticality=4,
            production=False,
        ),
        TicketSpec(
            "gamma-premium-breached",
            "GAMMA-P-001",
            "premium.client",
            "gamma.dedicated",
            "CRM недоступна для всех пользователей",
            "breached",
            criticality=2,
        ),
        TicketSpec(
            "gamma-premium-workaround",
            "GAMMA-P-001",
            "premium.client",
            "gamma.dedicated",
            "Не формируется отчёт по воронке",
            "workaround_proposed",
            criticality=2,
        ),
    ),
)
