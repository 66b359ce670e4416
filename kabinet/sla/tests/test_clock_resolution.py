"""Resolution: pauses, proposals, rejection, classification and criticality changes."""

from datetime import datetime

from kabinet.sla import (
    Breach,
    ChangeMode,
    Event,
    EventKind,
    LevelTargets,
    Phase,
    Policy,
    Side,
    TargetStatus,
    evaluate,
)
from kabinet.sla.state import TICK
from kabinet.sla.tests.builders import (
    PLAIN,
    accepted,
    always,
    awaiting,
    business,
    changed,
    classified,
    customer_reply,
    hours,
    msk,
    registered,
    rejected,
    reply,
    solution,
    workaround,
)

# Plain 9-18 Mon-Fri calendar; 2026-04-06 is a Monday.
MON, TUE, WED = "2026-04-06", "2026-04-07", "2026-04-08"
LEVELS = {
    2: LevelTargets(reaction=business(2), resolution=business(4)),
    3: LevelTargets(
        reaction=business(8), resolution=business(8), resolution_nonstandard=business(16)
    ),
    4: LevelTargets(),
}
POLICY = Policy(levels=LEVELS)
RESTART = Policy(levels=LEVELS, priority_change_mode=ChangeMode.RESTART)
REG = registered(msk(MON, "09:00"))


def test_rejection_resumes_with_the_time_already_used() -> None:
    # 6 h used by the 15:00 proposal; rejected Tue 10:00; 2 h left -> Tue 12:00.
    events = [REG, solution(msk(MON, "15:00")), rejected(msk(TUE, "10:00"))]
    proposed = evaluate(events, POLICY, PLAIN, msk(MON, "16:00"))
    assert proposed.resolution.status is TargetStatus.MET
    assert proposed.resolution.met_at == msk(MON, "15:00")
    reopened = evaluate(events, POLICY, PLAIN, msk(TUE, "10:30"))
    assert reopened.resolution.status is TargetStatus.RUNNING
    assert reopened.resolution.met_at is None
    assert reopened.resolution.due_at == msk(TUE, "12:00")


def test_a_late_second_proposal_is_met_but_breached() -> None:
    events = [
        REG,
        solution(msk(MON, "15:00")),
        rejected(msk(TUE, "10:00")),
        solution(msk(TUE, "13:00")),
        accepted(msk(TUE, "14:00")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(WED, "10:00"))
    assert state.resolution.status is TargetStatus.MET
    assert state.resolution.met_at == msk(TUE, "13:00")
    assert state.resolution.breaches == (Breach(msk(TUE, "12:00"), msk(TUE, "12:00") + TICK),)


def test_workaround_resolves_only_when_the_package_says_so() -> None:
    events = [REG, workaround(msk(MON, "12:00"))]
    plain = evaluate(events, POLICY, PLAIN, msk(MON, "13:00"))
    assert plain.resolution.status is TargetStatus.RUNNING
    assert plain.resolution.due_at == msk(MON, "17:00")
    resolving = Policy(levels=LEVELS, workaround_resolves=True)
    state = evaluate(events, resolving, PLAIN, msk(MON, "13:00"))
    assert state.resolution.met_at == msk(MON, "12:00")


def test_non_standard_classification_takes_the_longer_target_from_registration() -> None:
    # 16 working hours from Mon 9:00: Mon 9 h + Tue 7 h -> Tue 16:00.
    events = [REG, classified(msk(MON, "11:00"), standard=False)]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "12:00"))
    assert state.resolution.due_at == msk(TUE, "16:00")
    assert state.standard is False


def test_retroactive_change_measures_the_new_target_from_registration() -> None:
    # Raised to level 2 at 11:00: 4 h from 9:00 -> 13:00.
    events = [REG, changed(msk(MON, "11:00"), 2)]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "12:00"))
    assert state.resolution.due_at == msk(MON, "13:00")
    assert state.resolution.anchor == msk(MON, "09:00")


def test_restart_change_measures_the_new_target_from_the_change() -> None:
    # 11:00 + 4 h -> 15:00.
    events = [REG, changed(msk(MON, "11:00"), 2)]
    state = evaluate(events, RESTART, PLAIN, msk(MON, "12:00"))
    assert state.resolution.due_at == msk(MON, "15:00")
    assert state.resolution.anchor == msk(MON, "11:00")


def test_retroactive_change_past_the_new_target_breaches_at_the_change() -> None:
    # Raised at 14:00 to level 2: due 13:00 is already behind; breached from 14:00.
    events = [REG, changed(msk(MON, "14:00"), 2)]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "14:00"))
    assert state.resolution.breaches == (Breach(msk(MON, "13:00"), msk(MON, "14:00")),)
    # Reaction too: 2 h from 9:00 was 11:00.
    assert state.reaction.breaches == (Breach(msk(MON, "11:00"), msk(MON, "14:00")),)


def test_a_met_target_stays_met_through_a_retroactive_change() -> None:
    # Reaction met at 15:00 (6 h, within level 3's 8 h); raised to level 2 (2 h) at 16:00.
    events = [REG, reply(msk(MON, "15:00")), changed(msk(MON, "16:00"), 2)]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "17:00"))
    assert state.reaction.status is TargetStatus.MET
    assert state.reaction.breached is False
    assert state.reaction.due_at == msk(MON, "17:00")  # the level-3 due when it was met


def test_breached_stays_breached_and_the_recomputed_due_may_still_be_met() -> None:
    # Level 2: resolution 4 h, due 13:00, breached. Lowered to 3 at 14:00: due 17:00.
    # The 16:00 proposal meets the current due; the breach stays on record.
    events = [
        registered(msk(MON, "09:00"), level=2),
        changed(msk(MON, "14:00"), 3),
        solution(msk(MON, "16:00")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "17:00"))
    assert state.resolution.met_at == msk(MON, "16:00")
    assert state.resolution.due_at == msk(MON, "17:00")
    assert state.resolution.breaches == (Breach(msk(MON, "13:00"), msk(MON, "13:00") + TICK),)


def test_a_level_without_target_breaches_nothing_until_raised() -> None:
    events = [registered(msk(MON, "09:00"), level=4), changed(msk(TUE, "10:00"), 3)]
    before = evaluate(events, POLICY, PLAIN, msk(TUE, "09:30"))
    assert before.resolution.status is TargetStatus.NO_TARGET
    assert before.resolution.breached is False
    # Retroactive: 8 h from Mon 9:00 was Mon 17:00, behind the change: breached at it.
    after = evaluate(events, POLICY, PLAIN, msk(TUE, "10:00"))
    assert after.resolution.breaches == (Breach(msk(MON, "17:00"), msk(TUE, "10:00")),)
    # Restart: 8 h from Tue 10:00 -> Tue 18:00.
    restart = evaluate(events, RESTART, PLAIN, msk(TUE, "10:00"))
    assert restart.resolution.due_at == msk(TUE, "18:00")
    assert restart.resolution.breached is False


def test_the_same_level_again_changes_nothing_even_in_restart_mode() -> None:
    events = [REG, changed(msk(MON, "11:00"), 3)]
    state = evaluate(events, RESTART, PLAIN, msk(MON, "12:00"))
    assert state.resolution.due_at == msk(MON, "17:00")


RESOLVING = Policy(levels=LEVELS, workaround_resolves=True)


def reopened(at: datetime) -> Event:
    return Event(at, EventKind.REOPENED, Side.CUSTOMER)


def test_a_resolving_workaround_meets_resolution_for_good() -> None:
    # Met by the workaround at Mon 12:00; neither a rejection, nor a later solution that is
    # rejected, nor a reopening after closing takes it back (DESIGN.md, decided readings).
    events = [
        REG,
        workaround(msk(MON, "12:00")),
        rejected(msk(MON, "14:00")),
        solution(msk(TUE, "11:00")),
        rejected(msk(TUE, "12:00")),
        solution(msk(TUE, "15:00")),
        accepted(msk(TUE, "16:00")),
        reopened(msk(WED, "10:00")),
    ]
    for now in ("12:30", "14:30"):
        state = evaluate(events, RESOLVING, PLAIN, msk(MON, now))
        assert state.resolution.status is TargetStatus.MET
        assert state.resolution.met_at == msk(MON, "12:00")
    for day, now in ((TUE, "11:30"), (TUE, "13:00"), (WED, "09:30"), (WED, "17:00")):
        state = evaluate(events, RESOLVING, PLAIN, msk(day, now))
        assert state.resolution.status is TargetStatus.MET, (day, now)
        assert state.resolution.met_at == msk(MON, "12:00")
        assert state.resolution.elapsed == hours(3)  # 9:00-12:00, counted at the meeting
        assert state.resolution.breaches == ()
    assert evaluate(events, RESOLVING, PLAIN, msk(WED, "17:00")).phase is Phase.OPEN


def test_a_workaround_that_does_not_resolve_leaves_the_rejection_rule_alone() -> None:
    # Without the package's word, the workaround is an update; the solution's met time
    # goes with its rejection, and the clock resumes from the 6 h used: 2 h left.
    events = [
        REG,
        workaround(msk(MON, "12:00")),
        solution(msk(MON, "15:00")),
        rejected(msk(TUE, "10:00")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(TUE, "10:30"))
    assert state.resolution.status is TargetStatus.RUNNING
    assert state.resolution.due_at == msk(TUE, "12:00")


def test_no_update_is_due_while_a_resolving_workaround_waits() -> None:
    # Update every 2 working hours; the workaround at 11:00 pauses the update clock until
    # the rejection at Tue 10:00, which resumes it with the whole interval: due Tue 12:00.
    levels = {3: LevelTargets(reaction=business(8), update_interval=business(2))}
    policy = Policy(levels=levels, workaround_resolves=True)
    events = [REG, workaround(msk(MON, "11:00")), rejected(msk(TUE, "10:00"))]
    waiting = evaluate(events, policy, PLAIN, msk(MON, "17:00"))
    assert waiting.update.status is TargetStatus.PAUSED
    assert waiting.update.breaches == ()
    assert waiting.phase is Phase.SOLUTION_PENDING
    resumed = evaluate(events, policy, PLAIN, msk(TUE, "10:30"))
    assert resumed.update.status is TargetStatus.RUNNING
    assert resumed.update.due_at == msk(TUE, "12:00")
    assert resumed.resolution.status is TargetStatus.MET


def test_a_level_without_a_resolution_target_still_measures_working_time() -> None:
    # Level 4 promises nothing: nothing is due, nothing breaches, yet the working time used
    # is told on the business calendar, paused time excluded: Mon 9:00-18:00 (9 h) and Tue
    # 9:00-10:00 with a wait for the customer from 10:00 to Wed 9:30, then 30 min: 10 h 30.
    events = [
        registered(msk(MON, "09:00"), level=4),
        reply(msk(MON, "10:00")),
        awaiting(msk(TUE, "10:00")),
        customer_reply(msk(WED, "09:30")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(WED, "10:00"))
    for target in (state.reaction, state.resolution):
        assert target.target is None
        assert target.due_at is None
        assert target.warning_at is None
        assert target.remaining is None
        assert target.breaches == ()
        assert not target.overdue
    assert state.reaction.status is TargetStatus.MET
    assert state.reaction.elapsed == hours(1)  # to the first response
    assert state.resolution.status is TargetStatus.NO_TARGET
    assert state.resolution.elapsed == hours(10.5)
    assert state.next_change_at is None
    # A whole weekend and a night later nothing more is counted, and nothing is due.
    later = evaluate(events, POLICY, PLAIN, msk("2026-04-11", "12:00"))
    assert later.resolution.elapsed == hours(10.5) + hours(8) + hours(9 * 2)  # Wed-Fri
    assert later.resolution.breaches == ()


def test_a_level_without_a_target_measures_on_the_business_calendar() -> None:
    # Level 4 of a package whose other levels run 24x7: the time used is still business time.
    policy = Policy(levels={2: LevelTargets(reaction=always(1), resolution=always(4))})
    events = [registered(msk(MON, "17:00"), level=4)]
    state = evaluate(events, policy, PLAIN, msk(TUE, "10:00"))
    assert state.reaction.elapsed == hours(2)  # 17:00-18:00 Mon, 9:00-10:00 Tue
    assert state.resolution.elapsed == hours(2)
