"""Every kind of message reads right in Russian and in English: the subject carries the
ticket number, the words come from gettext in the recipient's language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from kabinet.conftest import World
from kabinet.notifications.models import Delivery
from kabinet.notifications.rendering import render
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

MB = 1024 * 1024
DEADLINE = "2026-05-12 16:30 (Europe/Moscow)"


@dataclass(frozen=True)
class Kind:
    """One template: its context, and per language the subject after the number and a body
    line (``{n}`` is the ticket's number, ``{s}`` its subject)."""

    template: str
    subject: dict[str, str]
    line: dict[str, str]
    context: dict[str, Any] = field(default_factory=dict)


KINDS = [
    Kind(
        "registered",
        {"ru": "Обращение зарегистрировано: {s}", "en": "Ticket registered: {s}"},
        {
            "ru": "Ваше обращение зарегистрировано под номером {n}.",
            "en": "Your ticket has been registered as {n}.",
        },
    ),
    Kind(
        "reply",
        {"ru": "Ответ по обращению: {s}", "en": "Reply to your ticket: {s}"},
        {"ru": "Поддержка ответила по обращению {n}:", "en": "Support replied to ticket {n}:"},
        {"body": "Please try the patch."},
    ),
    Kind(
        "returned_for_information",
        {"ru": "Нужна дополнительная информация: {s}", "en": "More information needed: {s}"},
        {"ru": "Причина: no logs", "en": "Reason: no logs"},
        {"reason": "no logs"},
    ),
    Kind(  # a listed reason reads as its label, never its code
        "returned_for_information",
        {"ru": "Нужна дополнительная информация: {s}", "en": "More information needed: {s}"},
        {
            "ru": "Причина: недостаточно диагностической информации",
            "en": "Reason: diagnostic data is insufficient",
        },
        {"reason": "insufficient_diagnostics"},
    ),
    Kind(  # a reason the system writes is translated
        "criticality_changed",
        {"ru": "Критичность изменена: 1 → 2", "en": "Criticality changed: 1 → 2"},
        {
            "ru": "Причина: Клиент не ответил в течение 1 часа, пока обращение было "
            "критическим; критичность понижена до 2.",
            "en": "Reason: The customer did not reply within 1 hour while the ticket was "
            "critical; criticality lowered to 2.",
        },
        {
            "reason": "The customer did not reply within 1 hour while the ticket was "
            "critical; criticality lowered to 2.",
            "from_level": 1,
            "to_level": 2,
        },
    ),
    Kind(
        "solution_proposed",
        {"ru": "Предложено решение: {s}", "en": "Solution proposed: {s}"},
        {
            "ru": "По обращению {n} предложено решение:",
            "en": "A solution has been proposed for ticket {n}:",
        },
        {"body": "Fixed in 4.2.1."},
    ),
    Kind(
        "customer_reply",
        {"ru": "Ответ клиента: {s}", "en": "Customer replied: {s}"},
        {"ru": "Клиент ответил по обращению {n}:", "en": "The customer replied to ticket {n}:"},
        {"body": "The patch did not help."},
    ),
    Kind(
        "solution_accepted",
        {"ru": "Клиент принял решение: {s}", "en": "Solution accepted: {s}"},
        {
            "ru": "Клиент подтвердил решение по обращению {n}.",
            "en": "The customer accepted the solution of ticket {n}.",
        },
    ),
    Kind(
        "solution_rejected",
        {"ru": "Клиент отклонил решение: {s}", "en": "Solution rejected: {s}"},
        {
            "ru": "Клиент отклонил решение по обращению {n}; обращение снова в работе.",
            "en": "The customer rejected the solution of ticket {n}; the ticket is open again.",
        },
        {"reason": "Still fails."},
    ),
    Kind(
        "reopened",
        {"ru": "Клиент возобновил обращение: {s}", "en": "Ticket reopened: {s}"},
        {
            "ru": "Клиент возобновил закрытое обращение {n}; сроки SLA продолжают отсчёт с уже "
            "израсходованного времени.",
            "en": "The customer reopened ticket {n} after it was closed; the SLA clocks resume "
            "from the time already used.",
        },
        {"reason": "It came back."},
    ),
    Kind(
        "upload_place_opened",
        {
            "ru": "Место для загрузки диагностических данных: {s}",
            "en": "Upload place for diagnostic data: {s}",
        },
        {
            "ru": "Для обращения {n} открыто место для загрузки файлов до 2026-05-11 16:00 "
            "(Europe/Moscow), до 200,0\xa0МБ каждый.",
            "en": "An upload place is open for ticket {n} until 2026-05-11 16:00 "
            "(Europe/Moscow), for files up to 200.0\xa0MB each.",
        },
        {"expires": "2026-05-11 16:00 (Europe/Moscow)", "limit": 200 * MB},
    ),
    Kind(
        "criticality_changed",
        {"ru": "Критичность изменена: 3 → 2", "en": "Criticality changed: 3 → 2"},
        {
            "ru": "Критичность обращения {n} «{s}» изменена с 3 на 2.",
            "en": "The criticality of ticket {n} “{s}” changed from 3 to 2.",
        },
        {"from_level": 3, "to_level": 2},
    ),
    Kind(
        "sla_warning",
        {
            "ru": f"Предупреждение SLA: время реакции до {DEADLINE}",
            "en": f"SLA warning: reaction due {DEADLINE}",
        },
        {
            "ru": f"Срок «время реакции» по обращению {{n}} «{{s}}» истекает {DEADLINE}.",
            "en": f"The reaction target of ticket {{n}} “{{s}}” is due {DEADLINE}.",
        },
        {"target": "reaction", "deadline_local": DEADLINE},
    ),
    Kind(
        "sla_breach",
        {"ru": "Нарушение SLA: обновление статуса", "en": "SLA breached: status update"},
        {
            "ru": f"Срок «обновление статуса» по обращению {{n}} «{{s}}» нарушен: он истёк "
            f"{DEADLINE}.",
            "en": f"The status update target of ticket {{n}} “{{s}}” was breached: it was due "
            f"{DEADLINE}.",
        },
        {"target": "update", "deadline_local": DEADLINE},
    ),
    Kind(
        "new_ticket",
        {"ru": "Новое обращение: {s}", "en": "New ticket: {s}"},
        {
            "ru": "Новое обращение {n} с критичностью 3 ждёт вашу команду.",
            "en": "A new ticket {n} of criticality 3 is waiting for your team.",
        },
        {"customer": "Customer", "description": "Error 500."},
    ),
    Kind(
        "escalation_received",
        {"ru": "Эскалация вендору: {s}", "en": "Escalated to the vendor: {s}"},
        {
            "ru": "Партнёр Partner передал обращение {n} вендору с критичностью 3.",
            "en": "The partner Partner escalated ticket {n} to the vendor with criticality 3.",
        },
        {"customer": "Partner", "description": "Dossier."},
    ),
    Kind(
        "unassigned_critical",
        {"ru": "Критичное обращение никто не взял: {s}", "en": "Critical ticket not taken: {s}"},
        {
            "ru": "Критичное обращение {n} ждёт исполнителя уже 22 минуты.",
            "en": "Critical ticket {n} has waited 22 minutes with nobody assigned.",
        },
        {"waited": 22},
    ),
]


def _delivery(ticket: Ticket, language: str, template: str, context: dict[str, Any]) -> Delivery:
    return Delivery(
        key=f"test:{template}:{language}",
        ticket=ticket,
        address="someone@example.test",
        language=language,
        template=template,
        context=context,
    )


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("kind", KINDS, ids=[k.template for k in KINDS])
def test_each_kind_reads_right_in_the_recipients_language(
    world: World, kind: Kind, language: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    message = render(_delivery(ticket, language, kind.template, kind.context))

    n, s = ticket.number, ticket.subject
    assert message.subject == f"[{n}] " + kind.subject[language].format(n=n, s=s)
    assert kind.line[language].format(n=n, s=s) in message.body.splitlines()
    words = re.sub(r"https?://\S+", "", message.subject + message.body)
    assert re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", words) == []  # no internal code


@pytest.mark.parametrize(
    ("target", "ru", "en"),
    [
        ("reaction", "время реакции", "reaction"),
        ("update", "обновление статуса", "status update"),
        ("resolution", "решение", "resolution"),
    ],
)
def test_each_sla_target_is_named_in_both_languages(
    world: World, target: str, ru: str, en: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    context = {"target": target, "deadline_local": DEADLINE}
    for language, label in (("ru", ru), ("en", en)):
        message = render(_delivery(ticket, language, "sla_breach", context))
        assert message.subject.endswith(f" {label}")


def test_a_language_the_product_does_not_speak_falls_back_to_russian(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    message = render(_delivery(ticket, "de", "registered", {}))
    assert message.subject == f"[{ticket.number}] Обращение зарегистрировано: {ticket.subject}"
