"""Mean resolution time is the resolution clock's elapsed time (pauses excluded), and each
breach counts once however the ticket changes afterwards.

Worked by hand on the 9:30–18:00 Moscow contract of the world (seed-001 targets: level 3
resolution 8 working hours; level 4 has none). Every ticket is registered on Friday
2026-05-08 at 16:00, a shortened day (work ends at 17:00: 1 h); the 9th–11th are days off.

* P: returned for information Tue 05-12 10:30 (1 h + 1 h = 2 h used), the customer answers
  Wed 05-13 11:00 (paused meanwhile), solution Wed 12:00 (1 h more): 3 h = 180 min. From
  registration to solution on the business calendar it is 1 + 8.5 + 2.5 = 12 h (720 min):
  the paused 9 h (Tue 10:30–18:00, Wed 9:30–11:00) are not resolution time.
* Q: solution Tue 05-12 14:30, no pause: 1 h + 5 h = 360 min.
* R: solution Tue 05-12 10:30 (2 h), accepted 11:00, reopened Wed 05-13 9:30, solution
  again Wed 11:30 (2 h more): 240 min; the time closed is not counted.

Mean (180 + 360 + 240) / 3 = 260 min, where registration-to-solution would say
(720 + 360 + 690) / 3 = 590 min.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.reports.queries import Grouping, Period, sla_report
from kabinet.tickets import actions
from kabinet.tickets.models import ReturnReason, Ticket

MSK = ZoneInfo("Europe/Moscow")
PERIOD = Period(start=dt.date(2026, 5, 8), end=dt.date(2026, 5, 8))


def msk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=MSK)


def _register(world: World, criticality: int = 3) -> Ticket:
    return actions.register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Ошибка проведения",
        description="Подробности",
        criticality=criticality,
        is_production=True,
    )


def test_mean_resolution_excludes_paused_and_closed_time(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    p, q, r = _register(world), _register(world), _register(world)
    frozen_time.move_to(msk(12, 10, 30))
    actions.return_for_information(
        p, author=world.engineer, reason=ReturnReason.NO_ENVIRONMENT_DESCRIPTION
    )
    actions.propose_solution(r, author=world.engineer, body="Патч")
    frozen_time.move_to(msk(12, 11))
    actions.accept_solution(r, author=world.contact)
    frozen_time.move_to(msk(12, 14, 30))
    actions.propose_solution(q, author=world.engineer, body="Настройка")
    frozen_time.move_to(msk(13, 9, 30))
    actions.reopen_ticket(r, author=world.contact, reason="Ошибка вернулась")
    frozen_time.move_to(msk(13, 11))
    actions.customer_reply(p, author=world.contact, body="Windows Server 2022")
    frozen_time.move_to(msk(13, 11, 30))
    actions.propose_solution(r, author=world.engineer, body="Второй патч")
    frozen_time.move_to(msk(13, 12))
    actions.propose_solution(p, author=world.engineer, body="Обновите платформу")

    [row] = sla_report(supplier_ids=[world.partner.pk], period=PERIOD, grouping=Grouping.CUSTOMER)

    assert sorted(row._resolution_seconds) == [180 * 60, 240 * 60, 360 * 60]
    assert row.mean_resolution_minutes == 260.0
    assert (row.resolution_measured, row.resolution_met, row.resolution_breaches) == (3, 3, 0)
    body = client_for(world.engineer).get("/api/v1/reports/sla?from=2026-05-08&to=2026-05-08")
    assert body.json()["rows"][0]["mean_resolution_minutes"] == 260.0


def test_each_breach_counts_once_through_a_level_change_and_a_reopening(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    """Level 3: reaction and resolution both due Tue 05-12 16:30 (1 h + 7 h). The first
    reply comes Wed 05-13 10:00: both breached. Lowered to level 4 (no resolution target),
    solved, rejected, solved, accepted, reopened and solved again: still one breach each,
    and no resolution clock left to average."""
    ticket = _register(world)
    frozen_time.move_to(msk(13, 10))
    actions.record_public_reply(ticket, author=world.engineer, body="Смотрим")
    actions.change_criticality(ticket, author=world.engineer, criticality=4, reason="Вопрос")
    for minute, act in enumerate(("propose", "reject", "propose", "accept", "reopen", "propose")):
        frozen_time.move_to(msk(13, 11, minute))
        if act == "propose":
            actions.propose_solution(ticket, author=world.engineer, body="Ответ")
        elif act == "reject":
            actions.reject_solution(ticket, author=world.contact, reason="Не то")
        elif act == "accept":
            actions.accept_solution(ticket, author=world.contact)
        else:
            actions.reopen_ticket(ticket, author=world.contact, reason="Снова")
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.reaction_breached, stored.resolution_breached) == (True, True)

    [row] = sla_report(supplier_ids=[world.partner.pk], period=PERIOD, grouping=Grouping.CUSTOMER)

    assert (row.reaction_measured, row.reaction_met, row.reaction_breaches) == (1, 0, 1)
    assert (row.resolution_measured, row.resolution_met, row.resolution_breaches) == (1, 0, 1)
    assert row.breaches == 2
    assert row.mean_resolution_minutes is None
