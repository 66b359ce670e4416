"""Reaction: the first public human response of the supplier, on the 9-18 plain calendar."""

from datetime import timedelta

from kabinet.sla import Breach, LevelTargets, Policy, TargetStatus, evaluate
from kabinet.sla.state import TICK
from kabinet.sla.tests.builders import (
    PLAIN,
    auto_ack,
    business,
    closed,
    customer_reply,
    msk,
    phone_call,
    registered,
    reply,
    solution,
)

# Level 3: reaction 4 working hours. Level 4: no reaction target.
POLICY = Policy(levels={3: LevelTargets(reaction=business(4)), 4: LevelTargets()})
MON = "2026-04-06"
REG = registered(msk(MON, "09:00"))  # due Mon 13:00


def test_auto_ack_internal_note_and_customer_reply_do_not_meet_reaction() -> None:
    events = [
        REG,
        auto_ack(msk(MON, "09:01")),
        reply(msk(MON, "09:05"), public=False),
        customer_reply(msk(MON, "09:10")),
    ]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "12:00"))
    assert state.reaction.status is TargetStatus.RUNNING
    assert state.reaction.met_at is None
    assert state.reaction.due_at == msk(MON, "13:00")
    assert state.reaction.elapsed == timedelta(hours=3)


def test_logged_phone_call_meets_reaction() -> None:
    state = evaluate([REG, phone_call(msk(MON, "10:00"))], POLICY, PLAIN, msk(MON, "15:00"))
    assert state.reaction.status is TargetStatus.MET
    assert state.reaction.met_at == msk(MON, "10:00")
    assert state.reaction.elapsed == timedelta(hours=1)
    assert state.reaction.breached is False


def test_solution_proposal_meets_reaction() -> None:
    state = evaluate([REG, solution(msk(MON, "10:00"))], POLICY, PLAIN, msk(MON, "15:00"))
    assert state.reaction.met_at == msk(MON, "10:00")


def test_response_at_the_due_instant_meets_reaction() -> None:
    state = evaluate([REG, reply(msk(MON, "13:00"))], POLICY, PLAIN, msk(MON, "15:00"))
    assert state.reaction.breached is False


def test_response_one_minute_late_breaches_reaction() -> None:
    state = evaluate([REG, reply(msk(MON, "13:01"))], POLICY, PLAIN, msk(MON, "15:00"))
    assert state.reaction.status is TargetStatus.MET
    assert state.reaction.breaches == (Breach(msk(MON, "13:00"), msk(MON, "13:00") + TICK),)


def test_reaction_breaches_strictly_after_the_due_instant_without_a_response() -> None:
    assert evaluate([REG], POLICY, PLAIN, msk(MON, "13:00")).reaction.breached is False
    late = evaluate([REG], POLICY, PLAIN, msk(MON, "13:00") + TICK)
    assert late.reaction.breached is True
    assert late.reaction.overdue is True


def test_deadline_at_end_of_day_is_that_end_and_breaches_in_the_evening() -> None:
    # Registered Mon 14:00: 4 h -> Mon 18:00, not Tue 9:00. At 18:30 nothing worked, yet late.
    events = [registered(msk(MON, "14:00"))]
    state = evaluate(events, POLICY, PLAIN, msk(MON, "18:30"))
    assert state.reaction.due_at == msk(MON, "18:00")
    assert state.reaction.breached is True


def test_closing_before_any_response_stops_reaction() -> None:
    events = [REG, closed(msk(MON, "10:00"))]
    state = evaluate(events, POLICY, PLAIN, msk("2026-04-08", "10:00"))
    assert state.reaction.status is TargetStatus.STOPPED
    assert state.reaction.breached is False


def test_level_without_reaction_target_has_nothing_due() -> None:
    state = evaluate([registered(msk(MON, "09:00"), 4)], POLICY, PLAIN, msk("2026-05-01"))
    assert state.reaction.status is TargetStatus.NO_TARGET
    assert state.reaction.due_at is None
    assert state.reaction.breached is False
    assert state.next_change_at is None
