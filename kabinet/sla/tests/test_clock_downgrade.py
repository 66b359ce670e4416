"""The level-1 customer reply window: 1 hour on the 24x7 clock, then level 2."""

from kabinet.sla import AutomaticChange, ChangeMode, LevelTargets, Policy, evaluate
from kabinet.sla.state import TICK
from kabinet.sla.tests.builders import (
    PLAIN,
    always,
    awaiting,
    business,
    customer_reply,
    msk,
    registered,
    reply,
)

# Saturday 2026-04-11: the 24x7 window runs on a day off of the business calendar.
SAT = "2026-04-11"
LEVELS = {
    1: LevelTargets(reaction=always(2), update_interval=always(12), resolution=always(24)),
    2: LevelTargets(reaction=business(4), update_interval=always(24), resolution=always(48)),
}
POLICY = Policy(levels=LEVELS, critical_conditions_apply=True)
BASE = [
    registered(msk(SAT, "10:00"), level=1),
    reply(msk(SAT, "10:15")),
    awaiting(msk(SAT, "11:00")),
]


def test_open_window_is_the_next_change() -> None:
    state = evaluate(BASE, POLICY, PLAIN, msk(SAT, "11:30"))
    assert state.level == 1
    assert state.customer_reply_due_at == msk(SAT, "12:00")
    # Resolution and update are paused; reaction is met: only the window can change things.
    assert state.next_change_at == msk(SAT, "12:00") + TICK
    assert state.automatic_changes == ()


def test_reply_at_the_window_end_keeps_level_one() -> None:
    events = [*BASE, customer_reply(msk(SAT, "12:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(SAT, "13:00"))
    assert state.level == 1
    assert state.customer_reply_due_at is None


def test_missed_window_drops_to_level_two_at_its_end() -> None:
    state = evaluate(BASE, POLICY, PLAIN, msk(SAT, "12:30"))
    assert state.level == 2
    assert state.customer_reply_due_at is None
    assert state.automatic_changes == (AutomaticChange(msk(SAT, "12:00"), 1, 2),)


def test_recording_the_automatic_change_gives_the_same_state() -> None:
    first = evaluate(BASE, POLICY, PLAIN, msk(SAT, "12:30"))
    events = [*BASE, *(change.as_event() for change in first.automatic_changes)]
    again = evaluate(events, POLICY, PLAIN, msk(SAT, "12:30"))
    assert again.automatic_changes == ()
    assert again.level == 2
    assert again.resolution == first.resolution
    assert again.update == first.update
    assert again.next_change_at == first.next_change_at


def test_downgrade_follows_the_priority_change_mode() -> None:
    # Customer answers at 13:00. Retroactive: level 2's 48 h from registration, minus the
    # 2-hour pause (11:00-13:00): due Monday 12:00. Restart: 48 h from 12:00 minus the one
    # hour paused after it: Monday 13:00.
    events = [*BASE, customer_reply(msk(SAT, "13:00"))]
    retro = evaluate(events, POLICY, PLAIN, msk(SAT, "14:00"))
    assert retro.resolution.due_at == msk("2026-04-13", "12:00")
    restart = Policy(
        levels=LEVELS, priority_change_mode=ChangeMode.RESTART, critical_conditions_apply=True
    )
    state = evaluate(events, restart, PLAIN, msk(SAT, "14:00"))
    assert state.resolution.due_at == msk("2026-04-13", "13:00")


def test_without_the_critical_conditions_a_late_customer_drops_nothing() -> None:
    # A package that does not bind level 1 to the customer's conditions (seed 002): no
    # reply window runs, and an answer long after the hour leaves the ticket at level 1.
    plain = Policy(levels=LEVELS)
    waiting = evaluate(BASE, plain, PLAIN, msk(SAT, "11:30"))
    late = evaluate([*BASE, customer_reply(msk(SAT, "15:00"))], plain, PLAIN, msk(SAT, "16:00"))
    assert waiting.customer_reply_due_at is None
    assert late.level == 1
    assert late.automatic_changes == ()
