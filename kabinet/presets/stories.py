"""Demo ticket histories, one per SLA state, each built by calling the real ticket actions
at instants relative to the moment the demo is loaded (passed to each action as ``now``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kabinet.contracts.models import Contract, IntakeField
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.orgs.models import Person, Role
from kabinet.tickets import actions
from kabinet.tickets.models import ReturnReason, Ticket

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
Step = tuple[dt.timedelta, Callable[[Ticket, dt.datetime], object]]


def intake_for(contract: Contract, reporter: Person) -> dict[str, str]:
    values = {name: "—" for name in IntakeField.values}
    values.update(
        company=contract.customer.name,
        delivery_number="800012345",
        contact_name=str(reporter),
        contact_phone="+7 495 000-00-00",
        contact_email=reporter.email,
        product="1С:Предприятие 8.3.27, 1С:CRM КОРП 3.1",
        business_impact="Работа отдела продаж затруднена",
        steps_to_reproduce="1. Открыть форму. 2. Нажать «Провести».",
        page_address="https://crm.example.ru/orders/42",
    )
    return values


# The partner's nine-item dossier (seed 001, section 5) for the demo's escalated ticket.
DOSSIER = {
    "contacts": "Клиент: Мария Ковалёва, +7 343 000-00-00; партнёр: инженер ЦК, +7 343 111-11-11",
    "critical_conditions_confirmed": False,
    "description": "Проведение документа падает с ошибкой блокировки на любой базе клиента.",
    "environment": "Windows Server 2022, 64 ГБ ОЗУ, PostgreSQL 16.4, платформа 8.3.27.1508",
    "recent_changes": "В понедельник обновили платформу с 8.3.25.",
    "resources_consulted": "ИТС, известные ошибки платформы, партнёрский форум.",
    "test_scenario": "Загрузить приложенную копию базы, провести документ №42.",
    "escalation_reason": "Воспроизводится вне базы клиента, обходного решения нет.",
}


def vendor_reply(ticket: Ticket, now: dt.datetime) -> object:
    """The vendor's engineer answers on the vendor ticket of the ticket's escalation."""
    vendor_ticket = ticket.escalations.get().vendor_ticket
    vendor_engineer = Person.objects.filter(
        memberships__organisation_id=vendor_ticket.contract.supplier_id,
        memberships__role=Role.ENGINEER,
    ).first()
    assert vendor_engineer is not None, "the regime's vendor has an engineer"
    return actions.record_public_reply(
        vendor_ticket,
        author=vendor_engineer,
        body=(
            "Ошибка подтверждена, исправление войдёт в 8.3.27.1600; "
            "обход: отключить фоновое обновление итогов."
        ),
        now=now,
    )


def steps(state: str, customer: Person, engineer: Person) -> tuple[dt.timedelta, list[Step]]:
    """How long ago the ticket was registered, and what happened since (offsets from then)."""

    def reply(body: str, plan: bool = False) -> Callable[[Ticket, dt.datetime], object]:
        return lambda t, now: actions.record_public_reply(
            t, author=engineer, body=body, action_plan=plan, now=now
        )

    def propose(t: Ticket, now: dt.datetime) -> object:
        return actions.propose_solution(
            t, author=engineer, body="Установите исправление из релиза 3.1.27.", now=now
        )

    stories: dict[str, tuple[dt.timedelta, list[Step]]] = {
        "fresh": (10 * dt.timedelta(minutes=1), []),
        "reaction_met": (3 * H, [(H, reply("Взяли в работу, воспроизводим."))]),
        "update_overdue": (2 * D, [(H / 2, reply("План действий: сбор журналов.", plan=True))]),
        "awaiting_customer": (
            D,
            [
                (
                    4 * H,
                    lambda t, now: actions.return_for_information(
                        t,
                        author=engineer,
                        reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS,
                        body="Пришлите, пожалуйста, технологический журнал.",
                        now=now,
                    ),
                )
            ],
        ),
        "solution_proposed": (2 * D, [(H, reply("Воспроизвели ошибку.")), (D, propose)]),
        # Only on a package where a workaround resolves (seed 002 Premium).
        "workaround_proposed": (
            D,
            [
                (H / 2, reply("Воспроизвели ошибку.")),
                (
                    3 * H,
                    lambda t, now: actions.propose_workaround(
                        t,
                        author=engineer,
                        body="Обход: сформируйте отчёт без группировки по этапам.",
                        now=now,
                    ),
                ),
            ],
        ),
        "breached": (10 * D, []),
        "escalated": (
            2 * D,
            [
                (H, reply("Воспроизвели на копии базы, похоже на ошибку платформы.")),
                (
                    3 * H,
                    lambda t, now: escalate_to_vendor(t, author=engineer, dossier=DOSSIER, now=now),
                ),
                (D, vendor_reply),
            ],
        ),
        "closed_rated": (
            5 * D,
            [
                (H, reply("Взяли в работу.")),
                (D, propose),
                (2 * D, lambda t, now: actions.accept_solution(t, author=customer, now=now)),
                (
                    2 * D + H,
                    lambda t, now: actions.rate_ticket(
                        t, author=customer, rating=5, comment="Спасибо, быстро и по делу.", now=now
                    ),
                ),
            ],
        ),
    }
    return stories[state]


def build(
    *,
    key: str,
    contract: Contract,
    customer: Person,
    engineer: Person,
    subject: str,
    state: str,
    criticality: int,
    production: bool,
    now: dt.datetime,
) -> Ticket:
    """Register the ticket and play its story; the idempotency key makes a rerun a no-op."""
    existing = Ticket.objects.filter(reporter=customer, idempotency_key=key).first()
    if existing is not None:
        return existing
    ago, story = steps(state, customer, engineer)
    registered_at = now - ago
    ticket = actions.register_ticket(
        contract=contract,
        reporter=customer,
        subject=subject,
        description=f"{subject}. Подробности во вложении.",
        criticality=criticality,
        is_production=production,
        confirmed_phone_24x7=criticality == 1,
        confirmed_email_1h=criticality == 1,
        intake=intake_for(contract, customer),
        channel="email" if "email" in contract.package.allowed_channels else "portal",
        idempotency_key=key,
        now=registered_at,
    )
    for offset, act in story:
        act(ticket, registered_at + offset)
    return ticket
