"""Queued recomputes: written with the change that needs them, run once under one lease,
taken over from a run that died midway, and what each request says when it is done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.contracts import hooks
from kabinet.tickets import recompute_rows
from kabinet.tickets.actions.recompute import RecomputeScope
from kabinet.tickets.actions.recompute_queue import (
    LEASE,
    LeaseLostError,
    latest_recompute,
    queue_recompute,
    run_queued_recomputes,
)
from kabinet.tickets.models import DeadlineRecompute, RecomputeLease, Ticket
from kabinet.tickets.tests.actions.test_recompute import (
    START,
    build_tickets,
    change_rules,
    columns,
    expected_columns,
)
from kabinet.tickets.whatif import what_if

# After every history build_tickets makes (14 days of filing, then up to 9 days of acts).
NOW = START + dt.timedelta(days=30)


def stored(expected: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {t.pk: columns(t) for t in Ticket.objects.filter(pk__in=list(expected))}


def test_a_what_if_queues_nothing(world: World, django_capture_on_commit_callbacks: Any) -> None:
    build_tickets(world, 3, seed=1)
    with django_capture_on_commit_callbacks() as sent:
        what_if(
            RecomputeScope(contract_id=world.contract.pk),
            lambda: hooks.rules_changed(contract=world.contract),
        )
    assert not DeadlineRecompute.objects.exists()
    assert sent == []


def test_a_saved_change_is_queued_and_sent_once_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as sent:
        hooks.rules_changed(contract=world.contract)
        assert DeadlineRecompute.objects.filter(contract_ref=world.contract.pk).count() == 1
    assert len(sent) == 1  # the task goes out after the commit, not before


def test_two_saves_in_a_row_are_one_run_with_the_last_rules(world: World) -> None:
    tickets = build_tickets(world, 30, seed=15)
    with time_machine.travel(NOW, tick=False):
        first = queue_recompute(RecomputeScope(contract_id=world.contract.pk))
        change_rules(world)
        second = queue_recompute(RecomputeScope(contract_id=world.contract.pk))
        run = run_queued_recomputes()
    assert sorted(run.finished) == [first.pk, second.pk]
    assert len(run.reports) == 1
    expected = expected_columns(tickets, NOW)
    assert stored(expected) == expected
    done = latest_recompute(RecomputeScope(contract_id=world.contract.pk))
    assert done is not None and done.pk == second.pk
    assert (done.started_at, done.finished_at, done.attempts) == (NOW, NOW, 1)
    assert done.tickets == len(expected) and done.changed > 0 and done.failed == 0
    # Run again: nothing is left to do, nothing is counted twice.
    with time_machine.travel(NOW, tick=False):
        again = run_queued_recomputes()
    assert (again.busy, again.finished) == (False, [])
    assert DeadlineRecompute.objects.get(pk=first.pk).attempts == 1


def test_a_run_waits_for_the_lease_of_another_and_takes_it_once_it_lapses(
    world: World,
) -> None:
    """A worker killed mid-run leaves its rows started, unfinished, and its lease held."""
    tickets = build_tickets(world, 20, seed=4)
    change_rules(world)
    with time_machine.travel(NOW, tick=False):
        request = queue_recompute(RecomputeScope())
    DeadlineRecompute.objects.filter(pk=request.pk).update(started_at=NOW, attempts=1)
    RecomputeLease.objects.create(
        name=LEASE, holder="killed", expires_at=NOW + dt.timedelta(seconds=120)
    )

    with time_machine.travel(NOW + dt.timedelta(seconds=119), tick=False):
        busy = run_queued_recomputes()
    assert (busy.busy, busy.finished) == (True, [])
    assert DeadlineRecompute.objects.get(pk=request.pk).finished_at is None

    later = NOW + dt.timedelta(seconds=121)
    with time_machine.travel(later, tick=False):
        taken = run_queued_recomputes()
    assert taken.finished == [request.pk]
    finished = DeadlineRecompute.objects.get(pk=request.pk)
    assert (finished.attempts, finished.finished_at) == (2, later)
    expected = expected_columns(tickets, later)
    assert stored(expected) == expected
    assert RecomputeLease.objects.get(name=LEASE).holder == ""  # given back


def test_a_run_stopped_midway_is_completed_by_the_next(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    tickets = build_tickets(world, 40, seed=9)
    change_rules(world)
    monkeypatch.setattr(recompute_rows, "BATCH", 7)
    batches = 0

    class StoppedError(Exception):
        pass

    def stop_after_two() -> None:
        nonlocal batches
        batches += 1
        if batches == 2:
            raise StoppedError

    with time_machine.travel(NOW, tick=False):
        request = queue_recompute(RecomputeScope(contract_id=world.contract.pk))
        with pytest.raises(StoppedError):
            run_queued_recomputes(on_batch=stop_after_two)
    half = DeadlineRecompute.objects.get(pk=request.pk)
    assert half.started_at == NOW and half.finished_at is None
    expected = expected_columns(tickets, NOW)
    assert stored(expected) != expected  # part of the tickets only

    with time_machine.travel(NOW, tick=False):
        run = run_queued_recomputes()
    assert run.finished == [request.pk]
    assert stored(expected) == expected
    # Only what the stopped run had not written moves now.
    assert run.reports[0].changed < len(expected)


def test_a_run_whose_lease_was_taken_stops(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    build_tickets(world, 10, seed=2)
    change_rules(world)
    monkeypatch.setattr(recompute_rows, "BATCH", 3)

    def taken_over() -> None:
        RecomputeLease.objects.filter(name=LEASE).update(holder="another")

    with time_machine.travel(NOW, tick=False):
        request = queue_recompute(RecomputeScope())
        with pytest.raises(LeaseLostError):
            run_queued_recomputes(on_batch=taken_over)
    assert DeadlineRecompute.objects.get(pk=request.pk).finished_at is None
    assert RecomputeLease.objects.get(name=LEASE).holder == "another"  # not released by us
