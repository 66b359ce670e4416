"""next_change_at: the earliest instant after now at which the answer changes by itself."""

from datetime import datetime

import pytest

from kabinet.sla import Event, EventKind, LevelTargets, Policy, Side, evaluate
from kabinet.sla.state import TICK
from kabinet.sla.tests.builders import PLAIN, business, msk, registered, reply

MON, TUE = "2026-04-06", "2026-04-07"
# Reaction 8 h (warning at 6 h), resolution 16 h (warning at 12 h).
POLICY = Policy(levels={3: LevelTargets(reaction=business(8), resolution=business(16))})
REG = registered(msk(MON, "09:00"))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (msk(MON, "10:00"), msk(MON, "15:00")),  # reaction warning: 9:00 + 6 h
        (msk(MON, "15:00"), msk(MON, "17:00") + TICK),  # reaction breach: just after 17:00
        (msk(MON, "17:00"), msk(MON, "17:00") + TICK),
        (msk(MON, "17:00") + TICK, msk(TUE, "12:00")),  # resolution warning: 9 h + 3 h
        (msk(TUE, "12:00"), msk(TUE, "16:00") + TICK),  # resolution due: 9 h + 7 h
    ],
)
def test_next_change_walks_through_warnings_and_breaches(now: datetime, expected: datetime) -> None:
    assert evaluate([REG], POLICY, PLAIN, now).next_change_at == expected


def test_warning_at_is_reported_for_the_running_targets() -> None:
    state = evaluate([REG], POLICY, PLAIN, msk(MON, "10:00"))
    assert state.reaction.warning_at == msk(MON, "15:00")
    assert state.resolution.warning_at == msk(TUE, "12:00")


def test_nothing_changes_after_everything_is_met_or_breached() -> None:
    events = [REG, reply(msk(MON, "10:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "17:00"))
    assert state.resolution.breached is True
    assert state.next_change_at is None


def test_events_after_now_are_not_seen() -> None:
    events = [REG, reply(msk(TUE, "10:00"))]
    assert evaluate(events, POLICY, PLAIN, msk(MON, "10:00")).reaction.met_at is None


def test_a_timeline_must_start_with_one_registration() -> None:
    with pytest.raises(ValueError, match="exactly one REGISTERED"):
        evaluate([reply(msk(MON, "10:00"))], POLICY, PLAIN, msk(MON, "11:00"))
    early = Event(msk(MON, "08:00"), EventKind.CUSTOMER_REPLY, Side.CUSTOMER)
    with pytest.raises(ValueError, match="before registration"):
        evaluate([REG, early], POLICY, PLAIN, msk(MON, "11:00"))
    with pytest.raises(ValueError, match="aware"):
        evaluate([REG], POLICY, PLAIN, msk(MON, "11:00").replace(tzinfo=None))
