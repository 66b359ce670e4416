"""The three worked examples of DESIGN.md, on the real Russian production calendar."""

from kabinet.sla import LevelTargets, Policy, TargetStatus, evaluate
from kabinet.sla.tests.builders import (
    RU,
    awaiting,
    business,
    customer_reply,
    hours,
    msk,
    registered,
)

POLICY = Policy(
    levels={
        2: LevelTargets(reaction=business(4)),
        3: LevelTargets(reaction=business(8), resolution=business(8)),
    }
)


def test_shortened_day_and_moved_holiday_push_reaction_to_tuesday() -> None:
    # 16:00-17:00 on Fri 8 May (shortened) = 1 h; 9-11 May off; Tue 12 May 9:30 + 3 h = 12:30.
    events = [registered(msk("2026-05-08", "16:00"), level=2)]
    state = evaluate(events, POLICY, RU, msk("2026-05-08", "16:30"))
    assert state.reaction.due_at == msk("2026-05-12", "12:30")


def test_new_year_break_pushes_reaction_to_the_eleventh() -> None:
    # 17:45-18:00 on Wed 30 Dec = 15 min; 31 Dec - 10 Jan off; 11 Jan 9:30 + 7 h 45 min = 17:15.
    events = [registered(msk("2026-12-30", "17:45"), level=3)]
    state = evaluate(events, POLICY, RU, msk("2026-12-30", "17:50"))
    assert state.reaction.due_at == msk("2027-01-11", "17:15")


def test_awaiting_customer_pause_moves_resolution_to_the_thirteenth() -> None:
    # Used before the pause: 15 min on 30 Dec + 30 min on 11 Jan (9:30-10:00) = 45 min.
    # Remaining 7 h 15 min from 11:00 on 12 Jan: 7 h to 18:00, 15 min on 13 Jan -> 9:45.
    events = [
        registered(msk("2026-12-30", "17:45"), level=3),
        awaiting(msk("2027-01-11", "10:00")),
        customer_reply(msk("2027-01-12", "11:00")),
    ]
    during = evaluate(events, POLICY, RU, msk("2027-01-11", "15:00"))
    assert during.resolution.status is TargetStatus.PAUSED
    assert during.resolution.due_at is None
    assert during.resolution.elapsed == hours(0.75)
    assert during.resolution.remaining == hours(7.25)

    after = evaluate(events, POLICY, RU, msk("2027-01-12", "11:00"))
    assert after.resolution.status is TargetStatus.RUNNING
    assert after.resolution.due_at == msk("2027-01-13", "09:45")
    assert after.resolution.breached is False
