"""The SLA sweep: warnings and breaches recorded once, automatic downgrade, push on error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
import time_machine

from kabinet.conftest import NOW, World
from kabinet.tickets import deadlines
from kabinet.tickets.actions import record_public_reply, return_for_information
from kabinet.tickets.actions.sla_sweep import ERROR_PUSH, sweep_sla
from kabinet.tickets.models import (
    AlertKind,
    EventKind,
    OutboxMessage,
    ReturnReason,
    SlaAlert,
    Ticket,
    TicketEvent,
)
from kabinet.tickets.tasks import scan_sla
from kabinet.tickets.tests.factories import file_ticket

Capture = Callable[..., AbstractContextManager[Any]]
MSK = dt.timezone(dt.timedelta(hours=3))


def test_warning_then_breach_are_each_recorded_once(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # Level 4 (no resolution target), reaction 8 working hours from Fri 2026-05-08 16:00
    # (a 17:00 short day):
    # 1 h on the 8th, 7 h on Tue the 12th -> due 2026-05-12 16:30; 75 % at 6 h -> 14:30.
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    assert ticket.reaction_due_at == dt.datetime(2026, 5, 12, 16, 30, tzinfo=MSK)

    frozen_time.move_to(dt.datetime(2026, 5, 12, 14, 31, tzinfo=MSK))
    assert scan_sla()["alerts"] == 1
    assert scan_sla() == {"processed": 0, "skipped": 0, "failed": 0, "alerts": 0}
    warning = SlaAlert.objects.get()
    assert (warning.target, warning.kind) == ("reaction", AlertKind.WARNING)

    frozen_time.move_to(dt.datetime(2026, 5, 12, 16, 31, tzinfo=MSK))
    first = sweep_sla(now=dt.datetime(2026, 5, 12, 13, 31, tzinfo=dt.UTC))
    second = sweep_sla(now=dt.datetime(2026, 5, 12, 13, 31, tzinfo=dt.UTC))
    assert [(a.target, a.kind) for a in first.alerts] == [("reaction", AlertKind.BREACH)]
    assert second.alerts == []
    ticket.refresh_from_db()
    assert ticket.reaction_breached is True
    assert ticket.next_sla_event_at is None  # nothing changes until somebody answers
    # Each alert is queued for announcement once; who is told is notifications' test.
    announced = OutboxMessage.objects.filter(alert__isnull=False)
    assert sorted(announced.values_list("alert__kind", "alert__target")) == [
        (AlertKind.BREACH, "reaction"),
        (AlertKind.WARNING, "reaction"),
    ]


def test_a_late_scan_records_the_missed_warning_marked_late_before_the_breach(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # The same reaction (due 05-12 16:30, warning 14:30), but no scan runs from before the
    # warning until after the deadline: the warning comes first, late, then the breach.
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    late_scan = dt.datetime(2026, 5, 12, 17, 0, tzinfo=MSK)
    frozen_time.move_to(late_scan)
    first = sweep_sla(now=late_scan)
    assert [(a.target, a.kind, a.late) for a in first.alerts] == [
        ("reaction", AlertKind.WARNING, True),
        ("reaction", AlertKind.BREACH, False),
    ]
    warning, breach = first.alerts
    assert warning.deadline == breach.deadline == dt.datetime(2026, 5, 12, 16, 30, tzinfo=MSK)
    assert warning.at == dt.datetime(2026, 5, 12, 14, 30, tzinfo=MSK)
    assert warning.recorded_at == late_scan
    announced = OutboxMessage.objects.filter(alert__isnull=False).order_by("id")
    assert [m.alert_id for m in announced] == [warning.pk, breach.pk]
    # Never twice: neither a second scan nor a later one records either again.
    assert sweep_sla(now=late_scan).alerts == []
    ticket.refresh_from_db()
    ticket.next_sla_event_at = late_scan  # forced due again
    ticket.save(update_fields=["next_sla_event_at"])
    assert sweep_sla(now=late_scan + dt.timedelta(days=1)).alerts == []
    assert SlaAlert.objects.count() == 2


def test_a_warning_given_in_time_is_not_given_again_late(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    file_ticket(world.contract, world.contact, criticality=4)
    in_window = dt.datetime(2026, 5, 12, 15, 0, tzinfo=MSK)
    frozen_time.move_to(in_window)
    assert [a.late for a in sweep_sla(now=in_window).alerts] == [False]
    after = dt.datetime(2026, 5, 13, 10, 0, tzinfo=MSK)
    frozen_time.move_to(after)
    assert [a.kind for a in sweep_sla(now=after).alerts] == [AlertKind.BREACH]
    assert sorted(SlaAlert.objects.values_list("kind", "late")) == [
        (AlertKind.BREACH, False),
        (AlertKind.WARNING, False),
    ]


def test_each_update_missed_in_an_outage_gets_its_late_warning_before_its_breach(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    # Level 1: an update every 12 h on 24x7 (warning at 9 h). Plan Fri 16:00 + 1 h (17:00);
    # the next update was due Sat 05:00 (warning 02:00) and came late at Sat 10:00; the one
    # after that was due Sat 22:00 (warning 19:00). The scan is down until Sun 12:00.
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    frozen_time.move_to(dt.datetime(2026, 5, 8, 17, 0, tzinfo=MSK))
    record_public_reply(ticket, author=world.engineer, body="Plan: logs.", action_plan=True)
    frozen_time.move_to(dt.datetime(2026, 5, 9, 10, 0, tzinfo=MSK))
    record_public_reply(ticket, author=world.engineer, body="Plan: patch.", action_plan=True)
    back = dt.datetime(2026, 5, 10, 12, 0, tzinfo=MSK)
    frozen_time.move_to(back)
    alerts = [a for a in sweep_sla(now=back).alerts if a.target == "update"]
    assert [(a.kind, a.late, a.at.astimezone(MSK).strftime("%d %H:%M")) for a in alerts] == [
        (AlertKind.WARNING, True, "09 02:00"),
        (AlertKind.BREACH, False, "09 05:00"),
        (AlertKind.WARNING, True, "09 19:00"),
        (AlertKind.BREACH, False, "09 22:00"),
    ]
    assert sweep_sla(now=back).alerts == []


def test_level_one_drops_to_two_when_the_customer_is_silent_for_an_hour(
    world: World,
    frozen_time: time_machine.Traveller,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    frozen_time.shift(dt.timedelta(minutes=10))
    return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    frozen_time.shift(dt.timedelta(hours=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        scan_sla()
        scan_sla()

    ticket.refresh_from_db()
    assert ticket.criticality == 2
    changes = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CRITICALITY_CHANGED)
    assert changes.count() == 1
    assert changes.get().at == NOW + dt.timedelta(minutes=70)
    assert changes.get().actor_id is None


def test_a_ticket_that_raises_is_pushed_forward_not_retried_each_scan(
    world: World, frozen_time: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    healthy = file_ticket(world.contract, world.contact, criticality=4, subject="Other")
    now = dt.datetime(2026, 5, 13, 12, 0, tzinfo=dt.UTC)
    frozen_time.move_to(now)
    real_evaluate = deadlines.evaluate

    def evaluate(t: Ticket, at: dt.datetime) -> Any:
        if t.pk == ticket.pk:
            raise RuntimeError("broken calendar")
        return real_evaluate(t, at)

    monkeypatch.setattr(deadlines, "evaluate", evaluate)
    report = sweep_sla(now=now)
    assert (report.failed, report.processed) == (1, 1)
    ticket.refresh_from_db()
    assert ticket.next_sla_event_at == now + ERROR_PUSH
    assert sweep_sla(now=now).failed == 0
    assert SlaAlert.objects.filter(ticket=healthy).exists() is True
