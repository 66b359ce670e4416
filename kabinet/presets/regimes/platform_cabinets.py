"""Seed 001: corporate platform support through client and partner cabinets. Criticality
1-4; reaction 2 h (24x7) / 4 / 8 working hours; updates every 12 h (24x7) / 5 / 10 working
days; no resolution time; 9:30-18:00 Moscow; level-1 conditions; mandatory intake form;
customer -> partner -> vendor. The partner's own contract with the vendor (same targets and
calendar) is what escalation files on. Each field against the seed's words:
``presets/tests/test_preset_platform_cabinets.py``."""

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
C = "PLAT-2026-017"
EXPERT = "1С:Эксперт по технологическим вопросам"
INTAKE = (
    "company",
    "delivery_number",
    "contact_name",
    "contact_phone",
    "contact_email",
    "product",
    "client_environment",
    "server_environment",
    "business_impact",
)
TARGETS = (
    (1, "reaction", 2, "hours", A),
    (1, "update", 12, "hours", A),
    (2, "reaction", 4, "hours", B),
    (2, "update", 5, "working_days", B),
    (3, "reaction", 8, "hours", B),
    (3, "update", 10, "working_days", B),
    (4, "reaction", 8, "hours", B),
    (4, "update", 10, "working_days", B),
)
PRESET = Preset(
    name="platform_cabinets",
    title="Корпоративная поддержка платформы: кабинеты клиента и партнёра",
    start_here=(
        "Цепочка: client.contact подаёт обращение → partner.engineer отвечает и эскалирует "
        "вендору с досье → vendor.engineer отвечает → partner.engineer передаёт ответ "
        "клиенту. client.admin управляет людьми клиента."
    ),
    orgs=(
        Org("vendor", "Фирма «1С»", "vendor"),
        Org("partner", "ЦК КОРП «Бета-Интеграция»", "partner", partner_status="ЦК КОРП"),
        Org("customer", "ПАО «Уральские сети»", "customer", group="ГК «Уральские сети»"),
        Org(
            "customer_sib", "ООО «Уральские сети — Сервис»", "customer", group="ГК «Уральские сети»"
        ),
    ),
    people=(
        PersonSpec("vendor.engineer", "Андрей Вендоров", "vendor", ("engineer",), language="en"),
        PersonSpec(
            "partner.engineer",
            "Мария Ковалёва",
            "partner",
            ("engineer",),
            certificate=EXPERT,
        ),
        PersonSpec(
            "partner.manager", "Сергей Иванов", "partner", ("manager", "quality_controller")
        ),
        # Appendix 2, 4.5: an organisational contact and a second certified engineer, without
        # whom the vendor's package refuses the partner's escalations.
        PersonSpec("partner.admin", "Ирина Лебедева", "partner", ("org_admin",)),
        PersonSpec(
            "partner.engineer2",
            "Григорий Титов",
            "partner",
            ("engineer",),
            certificate=EXPERT,
        ),
        PersonSpec("client.admin", "Елена Петрова", "customer", ("org_admin",)),
        PersonSpec("client.contact", "Дмитрий Соколов", "customer", ("authorised_contact",)),
        PersonSpec(
            "client.sibling",
            "Анна Морозова",
            "customer_sib",
            ("authorised_contact",),
            language="en",
        ),
    ),
    packages=(
        PackageSpec(
            "platform",
            "Корпоративная поддержка платформы",
            "partner",
            dedicated_specialist=True,  # the partner's engineer assigned to the contract
            targets=TARGETS,
            channels=("portal", "email", "phone"),
            intake=INTAKE,
            workaround_resolves=False,
            critical_conditions_apply=True,
        ),
        # The vendor's package for the partner: escalated tickets are filed on it.
        PackageSpec(
            "vendor_partner",
            "Поддержка партнёров ЦК КОРП",
            "vendor",
            targets=TARGETS,
            channels=("portal", "email", "phone"),
            intake=INTAKE,
            workaround_resolves=False,
            critical_conditions_apply=True,
            escalation_certificate=EXPERT,
            escalation_requires_staff=True,
        ),
    ),
    contracts=(
        ContractSpec(
            C,
            "partner",
            "customer",
            "platform",
            week(WORKDAYS, "09:30", "18:00"),
            seats=1200,
            consultant="partner.engineer",
            responsible=("client.contact",),
        ),
        ContractSpec(
            "PLAT-2026-018",
            "partner",
            "customer_sib",
            "platform",
            week(WORKDAYS, "09:30", "18:00"),
            seats=80,
        ),
        ContractSpec(
            "1C-PARTNER-2026",
            "vendor",
            "partner",
            "vendor_partner",
            week(WORKDAYS, "09:30", "18:00"),
            seats=10,
        ),
    ),
    tickets=(
        TicketSpec(
            "plat-fresh",
            C,
            "client.contact",
            "partner.engineer",
            "Ошибка при проведении документов",
            "fresh",
            criticality=3,
        ),
        TicketSpec(
            "plat-reacted",
            C,
            "client.contact",
            "partner.engineer",
            "Медленно открывается форма списка",
            "reaction_met",
            criticality=2,
        ),
        TicketSpec(
            "plat-update-overdue",
            C,
            "client.contact",
            "partner.engineer",
            "Сервер приложений не запускается",
            "update_overdue",
            criticality=1,
        ),
        TicketSpec(
            "plat-awaiting",
            C,
            "client.contact",
            "partner.engineer",
            "Расхождение остатков после обновления",
            "awaiting_customer",
        ),
        TicketSpec(
            "plat-solution",
            C,
            "client.contact",
            "partner.engineer",
            "Не печатается счёт-фактура",
            "solution_proposed",
        ),
        TicketSpec(
            "plat-escalated",
            C,
            "client.contact",
            "partner.engineer",
            "Ошибка блокировки при проведении после обновления платформы",
            "escalated",
            criticality=3,
        ),
        TicketSpec(
            "plat-breached",
            C,
            "client.contact",
            "partner.engineer",
            "Не работает обмен с банком",
            "breached",
            criticality=3,
        ),
        TicketSpec(
            "plat-closed",
            C,
            "client.contact",
            "partner.engineer",
            "Вопрос по настройке прав доступа",
            "closed_rated",
            criticality=4,
            production=False,
        ),
    ),
)
