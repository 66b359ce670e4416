"""Update interval: missed updates, pauses, typed updates at level 1, criticality changes."""

from kabinet.sla import (
    Breach,
    ChangeMode,
    Event,
    LevelTargets,
    Policy,
    TargetStatus,
    UpdateType,
    evaluate,
)
from kabinet.sla.state import TICK
from kabinet.sla.tests.builders import (
    PLAIN,
    always,
    awaiting,
    business,
    changed,
    customer_reply,
    msk,
    registered,
    rejected,
    reply,
    solution,
)

# Plain 9-18 Mon-Fri calendar; 2026-04-06 is a Monday.
MON, TUE, WED = "2026-04-06", "2026-04-07", "2026-04-08"
POLICY = Policy(
    levels={
        1: LevelTargets(reaction=always(2), update_interval=always(12)),
        2: LevelTargets(reaction=always(4), update_interval=always(24)),
        3: LevelTargets(reaction=business(8), update_interval=business(4)),
    }
)
RESTART = Policy(levels=POLICY.levels, priority_change_mode=ChangeMode.RESTART)


def missed(deadline: str, day: str) -> Breach:
    return Breach(msk(day, deadline), msk(day, deadline) + TICK)


def test_update_clock_waits_for_the_reaction() -> None:
    state = evaluate([registered(msk(MON, "09:00"))], POLICY, PLAIN, msk(MON, "10:00"))
    assert state.update.status is TargetStatus.NOT_STARTED
    assert state.update.due_at is None


def test_first_update_is_due_one_interval_after_the_reaction() -> None:
    events = [registered(msk(MON, "09:00")), reply(msk(MON, "10:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "11:00"))
    # 10:00 + 4 working hours = 14:00.
    assert state.update.due_at == msk(MON, "14:00")
    assert state.update.last_update_at == msk(MON, "10:00")


def test_update_at_the_due_instant_is_on_time() -> None:
    events = [registered(msk(MON, "09:00")), reply(msk(MON, "10:00")), reply(msk(MON, "14:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "15:00"))
    assert state.update.breach_count == 0
    assert state.update.due_at == msk(MON, "18:00")  # 14:00 + 4 h


def test_a_long_silence_is_one_missed_update_and_the_next_is_due_after_the_late_one() -> None:
    # Due Mon 14:00; silent until Tue 12:00 (Mon 10-18 = 8 h, Tue 9-12 = 3 h: 11 h, over
    # two intervals): one miss. Next due Tue 12:00 + 4 h = 16:00.
    events = [registered(msk(MON, "09:00")), reply(msk(MON, "10:00")), reply(msk(TUE, "12:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "15:00"))
    assert state.update.breaches == (missed("14:00", MON),)
    assert state.update.due_at == msk(TUE, "16:00")
    assert state.update.overdue is False
    # A second silence past Tue 16:00 is a second miss, and only one more.
    later = evaluate(events, POLICY, PLAIN, msk("2026-04-10", "17:00"))
    assert later.update.breaches == (missed("14:00", MON), missed("16:00", TUE))
    assert later.update.overdue is True


def test_awaiting_customer_pauses_the_interval_and_the_rest_continues_after() -> None:
    # 10:00-12:00 used (2 h); paused Mon 12:00 - Tue 10:00; 2 h left -> Tue 12:00.
    events = [
        registered(msk(MON, "09:00")),
        reply(msk(MON, "10:00")),
        awaiting(msk(MON, "12:00")),
        customer_reply(msk(TUE, "10:00")),
    ]
    during = evaluate(events, POLICY, PLAIN, msk(MON, "17:00"))
    assert during.update.status is TargetStatus.PAUSED
    assert during.update.due_at is None
    assert during.update.remaining == msk(MON, "12:00") - msk(MON, "10:00")
    after = evaluate(events, POLICY, PLAIN, msk(TUE, "11:00"))
    assert after.update.due_at == msk(TUE, "12:00")
    assert after.update.breach_count == 0


def test_no_update_is_due_while_a_solution_waits_and_rejection_resumes() -> None:
    # The proposal at Mon 11:00 is itself an update; pending until Wed 10:00; then a full
    # interval from the proposal remains: Wed 10:00 + 4 h = 14:00.
    events = [
        registered(msk(MON, "09:00")),
        reply(msk(MON, "10:00")),
        solution(msk(MON, "11:00")),
        rejected(msk(WED, "10:00")),
    ]
    waiting = evaluate(events, POLICY, PLAIN, msk(TUE, "17:00"))
    assert waiting.update.status is TargetStatus.PAUSED
    assert waiting.update.breach_count == 0
    reopened = evaluate(events, POLICY, PLAIN, msk(WED, "11:00"))
    assert reopened.update.status is TargetStatus.RUNNING
    assert reopened.update.due_at == msk(WED, "14:00")


def test_level_one_counts_only_typed_updates() -> None:
    # Level 1, 12 h on 24x7. Reaction at 10:30 starts the clock: due 22:30. The 20:00
    # comment is untyped, so the action plan at 23:00 is late: one miss; next due Tue 11:00.
    events = [
        registered(msk(MON, "10:00"), level=1),
        reply(msk(MON, "10:30")),
        reply(msk(MON, "20:00")),
        reply(msk(MON, "23:00"), UpdateType.ACTION_PLAN),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "09:00"))
    assert state.update.breaches == (missed("22:30", MON),)
    assert state.update.due_at == msk(TUE, "11:00")


def test_any_public_reply_counts_below_level_one() -> None:
    # Level 2, 24 h on 24x7: the 20:00 comment counts, due Tue 20:00; no miss.
    events = [
        registered(msk(MON, "10:00"), level=2),
        reply(msk(MON, "10:30")),
        reply(msk(MON, "20:00")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "19:00"))
    assert state.update.breach_count == 0
    assert state.update.due_at == msk(TUE, "20:00")


def _raised_to_level_one() -> list[Event]:
    # Level 2 (24 h): the comment at 20:00 counts at level 2. Raised to level 1 (12 h) at
    # 21:00; the untyped comment at Tue 07:00 does not count at level 1.
    return [
        registered(msk(MON, "10:00"), level=2),
        reply(msk(MON, "10:30")),
        reply(msk(MON, "20:00")),
        changed(msk(MON, "21:00"), 1),
        reply(msk(TUE, "07:00")),
    ]


def test_retroactive_change_takes_new_interval_from_the_last_update() -> None:
    # 20:00 + 12 h = Tue 08:00; still silent (in level-1 terms) at 09:00: one miss.
    state = evaluate(_raised_to_level_one(), POLICY, PLAIN, msk(TUE, "09:00"))
    assert state.update.breaches == (missed("08:00", TUE),)


def test_restart_change_takes_new_interval_from_the_change() -> None:
    # 21:00 + 12 h = Tue 09:00: at 08:30 nothing missed yet.
    state = evaluate(_raised_to_level_one(), RESTART, PLAIN, msk(TUE, "08:30"))
    assert state.update.breach_count == 0
    assert state.update.due_at == msk(TUE, "09:00")


def test_missed_update_stays_missed_when_the_level_is_lowered() -> None:
    # Level 1: due 22:30 missed; lowered to 2 at 23:00 (24 h from the 10:30 reaction, due Tue
    # 10:30, retroactive). The miss stays; the same silence is not counted twice.
    events = [
        registered(msk(MON, "10:00"), level=1),
        reply(msk(MON, "10:30")),
        changed(msk(MON, "23:00"), 2),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "11:00"))
    assert state.update.breaches == (missed("22:30", MON),)
    assert state.update.due_at == msk(TUE, "10:30")
