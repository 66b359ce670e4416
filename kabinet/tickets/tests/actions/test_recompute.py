"""Bulk recompute of open tickets' deadlines: the same columns as the one-ticket path."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from kabinet.conftest import World
from kabinet.contracts import hooks
from kabinet.contracts.models import PackageTarget, TargetKind
from kabinet.errors import ConflictError
from kabinet.tickets import deadlines, recompute_rows
from kabinet.tickets.actions import (
    add_internal_comment,
    change_criticality,
    classify_ticket,
    customer_reply,
    propose_solution,
    record_public_reply,
    return_for_information,
)
from kabinet.tickets.actions.recompute import (
    RecomputeScope,
    recompute_open_deadlines,
)
from kabinet.tickets.bulk_deadlines import plain_columns
from kabinet.tickets.models import ResolutionClass, ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket

START = dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)


def columns(ticket: Ticket) -> dict[str, Any]:
    return {name: getattr(ticket, name) for name in deadlines.COLUMNS}


def build_tickets(world: World, count: int, seed: int) -> list[Ticket]:
    """Tickets filed over two weeks, each taken through a random history of real actions."""
    rng = random.Random(seed)
    tickets = []
    for _ in range(count):
        at = START + dt.timedelta(minutes=rng.randrange(0, 14 * 24 * 60))
        with time_machine.travel(at, tick=False):
            ticket = file_ticket(world.contract, world.contact, criticality=rng.randint(1, 4))
        for step in range(rng.choice((0, 0, 1, 1, 2, 3))):
            at += dt.timedelta(minutes=rng.randrange(1, 3 * 24 * 60))
            act = rng.choice(("reply", "reply", "comment", "customer", "return", "other"))
            with contextlib.suppress(ConflictError):  # not possible in this state
                _act(world, ticket, act, at, rng, step)
        tickets.append(ticket)
    return tickets


def _act(
    world: World, ticket: Ticket, act: str, at: dt.datetime, rng: random.Random, n: int
) -> None:
    ticket = Ticket.objects.get(pk=ticket.pk)
    engineer, contact = world.engineer, world.contact
    if act == "reply":
        record_public_reply(ticket, author=engineer, body=f"Reply {n}", now=at)
    elif act == "comment":
        add_internal_comment(ticket, author=engineer, body="Note", now=at)
    elif act == "customer":
        customer_reply(ticket, author=contact, body="More", now=at)
    elif act == "return":
        return_for_information(
            ticket, author=engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS, now=at
        )
    elif rng.random() < 0.3:
        propose_solution(ticket, author=engineer, body="Fixed", now=at)
    elif rng.random() < 0.5:
        level = 2 if ticket.criticality != 2 else 3
        change_criticality(ticket, author=engineer, criticality=level, reason="Re-assessed", now=at)
    else:
        classify_ticket(
            ticket, author=engineer, resolution_class=ResolutionClass.NON_STANDARD, now=at
        )


def change_rules(world: World) -> None:
    """A holiday by decree and slower targets: every open deadline may move."""
    contract = world.contract
    contract.business_calendar = {
        **contract.business_calendar,
        "holidays": ["2026-05-13", "2026-05-20"],
    }
    contract.save()
    PackageTarget.objects.filter(
        package=contract.package, kind=TargetKind.REACTION, criticality=3
    ).update(amount=5)


def expected_columns(tickets: list[Ticket], now: dt.datetime) -> dict[int, dict[str, Any]]:
    expected = {}
    for ticket in tickets:
        fresh = Ticket.objects.select_related("contract__package").get(pk=ticket.pk)
        if not fresh.is_open:
            continue
        deadlines.refresh(fresh, now)
        expected[fresh.pk] = columns(fresh)
    return expected


def test_bulk_recompute_writes_what_the_one_ticket_path_writes(world: World) -> None:
    tickets = build_tickets(world, 60, seed=15)
    change_rules(world)
    now = START + dt.timedelta(days=16)
    expected = expected_columns(tickets, now)

    report = recompute_open_deadlines(RecomputeScope(contract_id=world.contract.pk), now=now)

    assert report.failed == 0
    assert report.plain > 0 and report.exact > 0
    assert report.tickets == len(expected)
    stored = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(expected))}
    assert stored == expected


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_rows_are_written_by_the_writer_threads(world: World) -> None:
    """On PostgreSQL in autocommit (a worker's run) two threads with connections of their
    own write the batches: the same columns, small batches so that several are in flight."""
    tickets = build_tickets(world, 60, seed=21)
    change_rules(world)
    now = START + dt.timedelta(days=30)  # after every history build_tickets makes
    expected = expected_columns(tickets, now)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recompute_rows, "BATCH", 9)
        report = recompute_open_deadlines(RecomputeScope(contract_id=world.contract.pk), now=now)

    assert report.failed == 0 and report.plain > 0 and report.changed > 0
    stored = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(expected))}
    assert stored == expected


def test_rows_changed_meanwhile_go_to_the_one_ticket_path(world: World, monkeypatch: Any) -> None:
    tickets = build_tickets(world, 40, seed=11)
    change_rules(world)
    now = START + dt.timedelta(days=16)
    expected = expected_columns(tickets, now)

    def racing(*args: Any) -> Any:
        # Between the read and the write every open ticket is changed (a breach counted).
        Ticket.objects.open().update(version=F("version") + 1, update_breach_count=9)
        return plain_columns(*args)

    monkeypatch.setattr("kabinet.tickets.actions.recompute.plain_columns", racing)
    report = recompute_open_deadlines(RecomputeScope(), now=now)

    assert report.plain > 0
    assert report.exact > report.tickets - report.plain
    stored = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(expected))}
    assert stored == {pk: {**cols, "update_breach_count": 9} for pk, cols in expected.items()}


def test_dry_run_reports_the_moves_and_writes_nothing(world: World) -> None:
    tickets = build_tickets(world, 30, seed=7)
    before = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=[t.pk for t in tickets])}
    change_rules(world)
    now = START + dt.timedelta(days=16)

    report = recompute_open_deadlines(RecomputeScope(), now=now, dry_run=True)

    after = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(before))}
    assert after == before
    assert report.changed > 0
    moved = sum(s.earlier + s.later for s in report.shifts.values())
    assert moved > 0
    expected = expected_columns(tickets, now)
    became = {
        pk
        for pk, cols in expected.items()
        if cols["reaction_breached"] and not before[pk]["reaction_breached"]
    }
    assert set(report.shifts["reaction"].became_breached) == became


def test_recorded_breach_stays_when_the_deadline_moves_later(world: World) -> None:
    with time_machine.travel(START, tick=False):
        ticket = file_ticket(world.contract, world.contact, criticality=3)
    late = START + dt.timedelta(days=6)
    record_public_reply(ticket, author=world.engineer, body="Late", now=late)
    assert Ticket.objects.get(pk=ticket.pk).reaction_breached is True
    PackageTarget.objects.filter(
        package=world.contract.package, kind=TargetKind.REACTION, criticality=3
    ).update(amount=100)

    recompute_open_deadlines(RecomputeScope(), now=late + dt.timedelta(hours=1))

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.reaction_breached is True
    assert ticket.reaction_met_at == late


def test_saving_a_contract_moves_its_open_deadlines_once_committed(
    world: World, django_capture_on_commit_callbacks: Any, eager_tasks: None
) -> None:
    tickets = build_tickets(world, 10, seed=3)
    change_rules(world)
    now = START + dt.timedelta(days=16)
    with (
        time_machine.travel(now, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hooks.rules_changed(contract=world.contract)
    expected = expected_columns(tickets, now)
    stored = {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(expected))}
    assert stored == expected


def test_the_command_reports_a_dry_run(world: World) -> None:
    build_tickets(world, 5, seed=5)
    change_rules(world)
    out = io.StringIO()
    with time_machine.travel(START + dt.timedelta(days=16), tick=False):
        call_command("sla", "recompute", "--all", "--dry-run", "--no-progress", stdout=out)
    assert "open tickets:" in out.getvalue()
    assert "would move" in out.getvalue()
