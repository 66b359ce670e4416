"""Handed to development: the resolution clock waits for a release, then resumes."""

from kabinet.sla import Event, EventKind, LevelTargets, Policy, Side, TargetStatus, evaluate
from kabinet.sla.tests.builders import PLAIN, business, msk, registered, reply

MON, TUE = "2026-04-06", "2026-04-07"
POLICY = Policy(levels={3: LevelTargets(reaction=business(2), resolution=business(8))})


def waiting(at_day: str, clock: str) -> Event:
    return Event(msk(at_day, clock), EventKind.AWAITING_RELEASE, Side.SUPPLIER)


def released(at_day: str, clock: str) -> Event:
    return Event(msk(at_day, clock), EventKind.RELEASED, Side.SUPPLIER)


EVENTS = [registered(msk(MON, "09:00")), reply(msk(MON, "10:00")), waiting(MON, "11:00")]


def test_awaiting_release_pauses_resolution() -> None:
    state = evaluate(EVENTS, POLICY, PLAIN, msk(TUE, "12:00"))
    assert state.resolution.status is TargetStatus.PAUSED
    assert state.resolution.breached is False


def test_release_resumes_resolution_from_the_time_already_used() -> None:
    # 2 h used on Monday (09:00-11:00); 6 h remain from Tuesday 10:00: due 16:00.
    state = evaluate([*EVENTS, released(TUE, "10:00")], POLICY, PLAIN, msk(TUE, "12:00"))
    assert state.resolution.status is TargetStatus.RUNNING
    assert state.resolution.due_at == msk(TUE, "16:00")


def test_without_the_wait_the_resolution_runs_on() -> None:
    state = evaluate(EVENTS[:2], POLICY, PLAIN, msk(TUE, "12:00"))
    assert state.resolution.breached is True


def test_release_without_a_wait_changes_nothing() -> None:
    plain = evaluate(EVENTS[:2], POLICY, PLAIN, msk(MON, "12:00"))
    extra = evaluate([*EVENTS[:2], released(MON, "11:00")], POLICY, PLAIN, msk(MON, "12:00"))
    assert extra.resolution.due_at == plain.resolution.due_at
