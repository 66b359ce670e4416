"""An agreed postponement: the resolution is due no earlier than the agreed moment; an
earlier one changes nothing; a postponement is no response; a pause still pauses."""

import pytest

from kabinet.sla import Event, EventKind, LevelTargets, Policy, Side, TargetStatus, evaluate
from kabinet.sla.tests.builders import PLAIN, awaiting, business, msk, registered, reply

MON, TUE, FRI = "2026-04-06", "2026-04-07", "2026-04-10"
POLICY = Policy(levels={3: LevelTargets(reaction=business(2), resolution=business(8))})
EVENTS = [registered(msk(MON, "09:00")), reply(msk(MON, "10:00"))]


def postponed(at_day: str, clock: str, until_day: str, until_clock: str) -> Event:
    return Event(
        msk(at_day, clock),
        EventKind.RESOLUTION_POSTPONED,
        Side.CUSTOMER,
        until=msk(until_day, until_clock),
    )


def test_the_resolution_is_due_at_the_agreed_moment() -> None:
    plain = evaluate(EVENTS, POLICY, PLAIN, msk(MON, "12:00"))
    assert plain.resolution.due_at == msk(MON, "17:00")
    state = evaluate(
        [*EVENTS, postponed(MON, "12:00", FRI, "15:00")], POLICY, PLAIN, msk(TUE, "12:00")
    )
    assert state.resolution.due_at == msk(FRI, "15:00")
    assert state.resolution.breached is False
    assert state.reaction.met_at == msk(MON, "10:00")  # no response of its own
    later = evaluate(
        [*EVENTS, postponed(MON, "12:00", FRI, "15:00")], POLICY, PLAIN, msk(FRI, "16:00")
    )
    assert later.resolution.breached is True


def test_an_earlier_moment_changes_nothing() -> None:
    state = evaluate(
        [*EVENTS, postponed(MON, "11:00", MON, "12:00")], POLICY, PLAIN, msk(MON, "12:30")
    )
    assert state.resolution.due_at == msk(MON, "17:00")


def test_a_pause_still_pauses() -> None:
    events = [*EVENTS, postponed(MON, "11:00", FRI, "15:00"), awaiting(msk(MON, "12:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "12:00"))
    assert state.resolution.status is TargetStatus.PAUSED


def test_until_is_required() -> None:
    with pytest.raises(ValueError, match="until"):
        Event(msk(MON, "12:00"), EventKind.RESOLUTION_POSTPONED, Side.CUSTOMER)
