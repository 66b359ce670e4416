"""Breached stays breached: editing a contract's calendar or its package's targets moves
only the open due times. Breaches, missed updates and met times already recorded stay, and
so do the report's counts.

A level-3 ticket registered on Friday 2026-05-08 at 16:00 Moscow (a shortened day, work
ends at 17:00; the 9th-11th are days off): reaction and resolution 8 working hours, due
Tuesday the 12th at 16:30. The sweep on Wednesday the 13th at 10:00 records both breaches.
Then the contract's week shrinks to Mondays 9:30-10:00: replayed on that calendar, by
Wednesday only 1 h 30 min have run and nothing is breached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import time_machine

from kabinet.conftest import World
from kabinet.contracts.models import PackageTarget, TargetKind
from kabinet.reports.queries import Grouping, Period, sla_report
from kabinet.tickets import actions
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.models import AlertKind, SlaAlert, Ticket
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))
WEDNESDAY = dt.datetime(2026, 5, 13, 10, 0, tzinfo=MSK)
COUNTED = (
    "tickets",
    "reaction_measured",
    "reaction_met",
    "reaction_breaches",
    "update_measured",
    "update_met",
    "update_breaches",
    "resolution_measured",
    "resolution_met",
    "resolution_breaches",
)


def _counts(world: World) -> dict[str, object]:
    period = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    [row] = sla_report(supplier_ids=[world.partner.pk], period=period, grouping=Grouping.SUPPLIER)
    return {name: value for name, value in asdict(row).items() if name in COUNTED}


def _shrink_calendar(world: World) -> None:
    contract = world.contract
    contract.business_calendar = {
        "week": {"mon": [["09:30", "10:00"]]},
        "production_calendar": "ru",
    }
    contract.save()


def test_a_calendar_edit_never_erases_a_recorded_breach(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    frozen_time.move_to(WEDNESDAY)
    sweep_sla(now=WEDNESDAY)
    ticket.refresh_from_db()
    assert (ticket.reaction_breached, ticket.resolution_breached) == (True, True)
    before = _counts(world)

    _shrink_calendar(world)
    frozen_time.move_to(WEDNESDAY + dt.timedelta(minutes=30))
    actions.record_public_reply(ticket, author=world.engineer, body="Взяли в работу.")

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.reaction_breached is True
    assert ticket.resolution_breached is True
    assert ticket.reaction_met_at == WEDNESDAY + dt.timedelta(minutes=30)
    # Only the open target moved: resolution's due time is on the new calendar.
    assert ticket.resolution_due_at is not None and ticket.resolution_due_at > WEDNESDAY
    after = _counts(world)
    assert after == {**before, "reaction_met": 0, "update_measured": 1, "update_met": 1}
    assert after["reaction_breaches"] == before["reaction_breaches"] == 1
    assert after["resolution_breaches"] == before["resolution_breaches"] == 1
    # The sweep's own record of each breach stays, once.
    assert SlaAlert.objects.filter(ticket=ticket, kind=AlertKind.BREACH).count() == 2


def test_a_target_edit_never_erases_a_missed_update_or_a_met_time(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # Level 1: updates every 12 h round the clock. The reply at 16:10 meets reaction; no
    # update follows by the next morning's sweep, which records one missed update.
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    frozen_time.shift(dt.timedelta(minutes=10))
    actions.record_public_reply(ticket, author=world.engineer, body="Смотрим.")
    reacted_at = dt.datetime.now(dt.UTC)
    frozen_time.shift(dt.timedelta(hours=13))
    sweep_sla(now=dt.datetime.now(dt.UTC))
    ticket.refresh_from_db()
    assert (ticket.update_breached, ticket.update_breach_count) == (True, 1)
    before = _counts(world)

    PackageTarget.objects.filter(
        package=world.contract.package, criticality=1, kind=TargetKind.UPDATE
    ).update(amount=48)
    frozen_time.shift(dt.timedelta(minutes=5))
    actions.add_internal_comment(ticket, author=world.engineer, body="Ждём логи.")

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.update_breached, ticket.update_breach_count) == (True, 1)
    assert ticket.reaction_met_at == reacted_at
    assert _counts(world) == before


def test_a_rejected_solution_still_clears_resolution_met(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # The workflow the clock accounts for: a rejection erases resolution met, and the next
    # proposal meets it again at its own instant.
    ticket = file_ticket(world.contract, world.contact)
    frozen_time.shift(dt.timedelta(minutes=10))
    actions.propose_solution(ticket, author=world.engineer, body="Исправлено.")
    ticket.refresh_from_db()
    assert ticket.resolution_met_at is not None
    frozen_time.shift(dt.timedelta(minutes=10))
    actions.reject_solution(ticket, author=world.contact, reason="Не помогло.")
    ticket.refresh_from_db()
    assert ticket.resolution_met_at is None
    frozen_time.shift(dt.timedelta(minutes=10))
    actions.propose_solution(ticket, author=world.engineer, body="Теперь исправлено.")
    ticket.refresh_from_db()
    assert ticket.resolution_met_at == dt.datetime.now(dt.UTC)
