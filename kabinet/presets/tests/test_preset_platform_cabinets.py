"""Every field of seed 001's preset pinned to the seed's own words (Appendix 1 for the
customer's package with its partner, Appendix 2 for the partner's package with the vendor;
both tables 2 give the same figures)."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.contracts.models import Contract, Package
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.tickets.deadlines import policy_for
from kabinet.worktime import Calendar

H = dt.timedelta(hours=1)
WORKING_DAY = dt.timedelta(hours=8, minutes=30)  # 9:30-18:00
# Таблица 2: (время реакции, интервал обновления статуса, часы работы) per level.
TABLE_2 = {
    1: ((2, "hours", "24x7"), (12, "hours", "24x7")),  # 2 часа; 12 часов; 24 часа, 7 дней
    2: (
        (4, "hours", "business"),
        (5, "working_days", "business"),
    ),  # 4 рабочих часа; раз в 5 рабочих дней
    3: ((8, "hours", "business"), (10, "working_days", "business")),  # 8 рабочих часов; раз в 10
    4: ((8, "hours", "business"), (10, "working_days", "business")),  # «3-4»
}
# Приложение 1, п. 6 / Приложение 2, п. 7: the registration form's fields.
INTAKE = [
    "company",  # Компания / Пользователь (наименование компании)*
    "delivery_number",  # Основная Корпоративная Поставка №*
    "contact_name",  # Контактное лицо*
    "contact_phone",  # Телефон*
    "contact_email",  # e-mail*
    "product",  # Продукт 1С / Конфигурация (включая версию платформы и конфигурации)*
    "client_environment",  # Клиентское окружение*
    "server_environment",  # Серверное окружение*
    "business_impact",  # Оцениваемая серьезность проблемы, влияние на бизнес*
]


@pytest.fixture
def packages(db: None) -> dict[str, Package]:
    loaded = load_preset(PRESETS["platform_cabinets"], tickets=False)
    return loaded.packages


@pytest.mark.parametrize("key", ["platform", "vendor_partner"])
def test_targets_are_table_2_and_nothing_else(packages: dict[str, Package], key: str) -> None:
    rows = {
        (t.criticality, t.kind): (t.amount, t.unit, t.calendar) for t in packages[key].targets.all()
    }
    expected = {}
    for level, (reaction, update) in TABLE_2.items():
        expected[(level, "reaction")] = reaction
        expected[(level, "update")] = update
    # No resolution time: the seed names none, in either appendix.
    assert rows == expected


@pytest.mark.parametrize("key", ["platform", "vendor_partner"])
def test_the_clock_reads_the_seed_figures(packages: dict[str, Package], key: str) -> None:
    contract = Contract.objects.filter(package=packages[key]).first()
    assert contract is not None
    policy = policy_for(contract)
    assert policy.levels[1].reaction is not None and policy.levels[1].reaction.duration == 2 * H
    assert policy.levels[2].update_interval is not None
    assert policy.levels[2].update_interval.duration == 5 * WORKING_DAY
    assert policy.levels[3].update_interval is not None
    assert policy.levels[3].update_interval.duration == 10 * WORKING_DAY
    assert all(level.resolution is None for level in policy.levels.values())
    # 4.8.1: a workaround is one of the level-1 status updates, not a resolution.
    assert policy.workaround_resolves is False
    # Приложение 1, 4 / Приложение 2, 5: level 1 needs both confirmations, and breaking
    # either drops it to level 2 automatically.
    assert policy.critical_conditions_apply is True


@pytest.mark.parametrize("key", ["platform", "vendor_partner"])
def test_package_rules_are_the_seeds(packages: dict[str, Package], key: str) -> None:
    package = packages[key]
    assert package.workaround_resolves is False
    assert package.critical_conditions_apply is True
    assert package.requires_production(1) is True  # «Уровень критичности 1 и 2 ...
    assert package.requires_production(2) is True  # ... только для Продуктивных систем»
    assert package.requires_production(3) is False
    assert package.mandatory_intake_fields == INTAKE
    # 3.4 / 4.4: кабинет, электронная почта, телефон при наличии возможности.
    assert package.allowed_channels == ["portal", "email", "phone"]
    # «Если размер диагностических данных превышает 5Мб ... место для загрузки данных».
    assert package.attachment_size_limit == 5 * 1024 * 1024
    assert package.priority_change_mode == "retroactive"  # the seed says nothing; default
    assert package.single_responsible_contact is False  # up to four authorised people


def test_only_the_vendor_package_names_the_escalation_certificate(
    packages: dict[str, Package],
) -> None:
    # Приложение 2, 2.5: «только специалистом, имеющим сертификат «1С:Эксперт по
    # технологическим вопросам»».
    assert packages["vendor_partner"].escalation_certificate == (
        "1С:Эксперт по технологическим вопросам"
    )
    assert packages["platform"].escalation_certificate == ""


def test_contracts_run_on_930_to_1800_moscow(packages: dict[str, Package]) -> None:
    # «С 9-30 до 18-00 МСК, рабочие дни» of the Russian production calendar.
    for contract in Contract.objects.filter(package__in=packages.values()):
        assert contract.time_zone == "Europe/Moscow"
        calendar: Calendar = contract.calendar()
        assert calendar.working_day_length() == WORKING_DAY
        assert contract.business_calendar["production_calendar"] == "ru"
        assert set(contract.business_calendar["week"]) == {"mon", "tue", "wed", "thu", "fri"}
        assert all(
            hours == [["09:30", "18:00"]] for hours in contract.business_calendar["week"].values()
        )


def test_other_regimes_leave_the_critical_conditions_off(db: None) -> None:
    for name, preset in PRESETS.items():
        if name == "platform_cabinets":
            continue
        for package in load_preset(preset, tickets=False).packages.values():
            assert package.critical_conditions_apply is False, (name, package.name)
            assert package.escalation_certificate == ""


def test_only_seed_002_premium_lets_a_workaround_resolve(db: None) -> None:
    """DESIGN: a workaround meets the resolution target only where the package says so,
    which only seed 002's Premium package does ("работа ПО восстановлена ...")."""
    resolving = {
        (name, key)
        for name, preset in PRESETS.items()
        for key, package in load_preset(preset, tickets=False).packages.items()
        if package.workaround_resolves
    }
    assert resolving == {("integrator_packages", "premium")}
