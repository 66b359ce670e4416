"""Seed 004: an integrator with support lines (consultant, project manager, engineer).
Line 1 (consultant) reacts within 2 working hours, line 2 (project manager) and line 3
(engineer) "from 4 hours", kept as a 4-working-hour OLA each; only official channels
register tickets."""

from kabinet.contracts.models import Criticality
from kabinet.presets.spec import (
    WORKDAYS,
    ContractSpec,
    LineSpec,
    Org,
    PackageSpec,
    PersonSpec,
    Preset,
    TicketSpec,
    week,
)

PRESET = Preset(
    name="integrator_lines",
    title="Интегратор: линии поддержки",
    start_here=(
        "Линии поддержки: delta.line1 (консультант) → delta.pm (руководитель проекта) → "
        "delta.line3 (инженер), у каждой своё время реакции; клиент — vostok.client."
    ),
    orgs=(
        Org("lines", "ООО «Дельта Внедрение»", "partner"),
        Org("lines_client", "ООО «Торговый дом Восток»", "customer"),
    ),
    people=(
        PersonSpec("delta.line1", "Кирилл Егоров", "lines", ("engineer",)),
        PersonSpec("delta.pm", "Светлана Павлова", "lines", ("manager",)),
        PersonSpec("delta.line3", "Роман Григорьев", "lines", ("engineer",)),
        PersonSpec("delta.qc", "Людмила Андреева", "lines", ("quality_controller",)),
        PersonSpec("vostok.client", "Артём Никитин", "lines_client", ("authorised_contact",)),
    ),
    packages=(
        PackageSpec(
            "lines",
            "Сопровождение (линии 1-3)",
            "lines",
            targets=tuple(
                (level, "reaction", 2, "hours", "business") for level in Criticality.values
            ),
            channels=("portal", "email", "messenger"),
            intake=("steps_to_reproduce", "page_address", "product"),
            categories=("support", "configuration", "paid_work"),
            dedicated_specialist=True,  # the line-1 consultant of the contract
            asks_for_screenshots=True,  # step 1: "Скриншоты … или видео"
        ),
    ),
    contracts=(
        ContractSpec(
            "DELTA-2026-07",
            "lines",
            "lines_client",
            "lines",
            week(WORKDAYS, "09:00", "18:00"),
            seats=30,
            consultant="delta.line1",
            responsible=("vostok.client",),
        ),
    ),
    tickets=(
        TicketSpec(
            "delta-reacted",
            "DELTA-2026-07",
            "vostok.client",
            "delta.line1",
            "Ошибка на странице заказа",
            "reaction_met",
            criticality=3,
        ),
        TicketSpec(
            "delta-closed",
            "DELTA-2026-07",
            "vostok.client",
            "delta.line1",
            "Не сохраняется карточка клиента",
            "closed_rated",
            criticality=3,
        ),
    ),
    lines=(
        LineSpec("lines", "line1", "Консультант", 1, (2, "hours"), members=("delta.line1",)),
        # Seed 004: technical consultations on the product and its implementation are the
        # project managers' (SLA 2), and so is the work outside support they discuss apart.
        LineSpec(
            "lines",
            "line2",
            "Руководитель проекта",
            2,
            (4, "hours"),
            members=("delta.pm",),
            categories=("configuration", "paid_work"),
        ),
        LineSpec("lines", "line3", "Инженер", 3, (4, "hours"), members=("delta.line3",)),
    ),
)
