"""A resolution term agreed with the customer replaces the package's for that ticket (seed 000
"время решения согласовывается с пользователем отдельно", seed 002 P3 "срок может
определяться индивидуально"), measured from the same anchor; a breach already recorded stays."""

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabinet.sla import CalendarKey, Event, EventKind, LevelTargets, Policy, Side, Target, evaluate
from kabinet.sla.tests.builders import PLAIN, awaiting, business, customer_reply, msk, registered
from kabinet.sla.tests.test_clock_properties import HORIZON, policies, timelines

EIGHT_HOURS = Policy(levels={3: LevelTargets(resolution=business(8))})
MONDAY_10 = msk("2026-04-06", "10:00")


def agreed(at_day: str, at_clock: str, target: Target) -> Event:
    return Event(msk(at_day, at_clock), EventKind.DEADLINE_AGREED, Side.SUPPLIER, agreed=target)


def test_an_agreed_term_replaces_the_package_target_from_registration() -> None:
    # 9:00-18:00 weekdays. The package's 8 hours from Monday 10:00 end Monday 18:00; the 24
    # agreed hours: Monday 8 h, Tuesday 9 h, Wednesday 7 h -> Wednesday 16:00.
    events = [registered(MONDAY_10), agreed("2026-04-06", "12:00", business(24))]
    before = evaluate(events[:1], EIGHT_HOURS, PLAIN, msk("2026-04-06", "12:00"))
    assert before.resolution.due_at == msk("2026-04-06", "18:00")
    state = evaluate(events, EIGHT_HOURS, PLAIN, msk("2026-04-07", "12:00"))
    assert state.resolution.target == business(24)
    assert state.resolution.due_at == msk("2026-04-08", "16:00")
    assert state.resolution.breached is False


def test_an_agreed_term_still_pauses_while_the_customer_is_awaited() -> None:
    # Three hours awaiting the customer on Tuesday move Wednesday 16:00 to Thursday 10:00.
    events = [
        registered(MONDAY_10),
        agreed("2026-04-06", "12:00", business(24)),
        awaiting(msk("2026-04-07", "09:00")),
        customer_reply(msk("2026-04-07", "12:00")),
    ]
    state = evaluate(events, EIGHT_HOURS, PLAIN, msk("2026-04-07", "13:00"))
    assert state.resolution.due_at == msk("2026-04-09", "10:00")


def test_a_breach_before_the_agreement_stays_breached() -> None:
    # The package's target ran out Monday 18:00; agreeing 24 hours on Tuesday moves the due
    # time, not the breach.
    events = [registered(MONDAY_10), agreed("2026-04-07", "10:00", business(24))]
    state = evaluate(events, EIGHT_HOURS, PLAIN, msk("2026-04-07", "11:00"))
    assert state.resolution.due_at == msk("2026-04-08", "16:00")
    assert state.resolution.breached is True
    assert state.resolution.breaches[0].deadline == msk("2026-04-06", "18:00")


def test_a_later_agreement_replaces_an_earlier_one_and_survives_a_level_change() -> None:
    policy = Policy(
        levels={3: LevelTargets(resolution=business(8)), 2: LevelTargets(resolution=business(4))}
    )
    events = [
        registered(MONDAY_10),
        agreed("2026-04-06", "11:00", business(24)),
        agreed("2026-04-06", "12:00", business(17)),
        Event(
            msk("2026-04-06", "13:00"), EventKind.CRITICALITY_CHANGED, Side.SUPPLIER, criticality=2
        ),
    ]
    state = evaluate(events, policy, PLAIN, msk("2026-04-06", "14:00"))
    assert state.level == 2
    assert state.resolution.due_at == msk("2026-04-07", "18:00")


def test_the_event_needs_its_target_and_only_it_carries_one() -> None:
    with pytest.raises(ValueError, match="agreed"):
        Event(MONDAY_10, EventKind.DEADLINE_AGREED, Side.SUPPLIER)
    with pytest.raises(ValueError, match="agreed"):
        Event(MONDAY_10, EventKind.PUBLIC_REPLY, Side.SUPPLIER, agreed=business(1))


agreed_targets = st.builds(
    Target,
    st.integers(1, 1200).map(lambda m: timedelta(minutes=m)),
    st.sampled_from(CalendarKey),
)


def _with_resolution(policy: Policy, target: Target) -> Policy:
    levels = {
        level: replace(targets, resolution=target, resolution_nonstandard=None)
        for level, targets in policy.levels.items()
    }
    return replace(policy, levels=levels)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(), policies, agreed_targets, st.integers(0, HORIZON))
def test_agreed_at_registration_is_the_package_with_that_target_at_every_level(
    events: list[Event], policy: Policy, target: Target, now_offset: int
) -> None:
    start = events[0].at
    now = start + timedelta(minutes=now_offset)
    deal = Event(start, EventKind.DEADLINE_AGREED, Side.SUPPLIER, agreed=target)
    # Right after the registration, before anything else at that instant (a solution at the
    # registration instant is met under the target in force before a later agreement).
    ours = evaluate([events[0], deal, *events[1:]], policy, PLAIN, now)
    theirs = evaluate(events, _with_resolution(policy, target), PLAIN, now)
    assert ours.resolution == theirs.resolution
    assert ours.reaction == theirs.reaction
    assert ours.update == theirs.update


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(), policies, agreed_targets, st.integers(0, HORIZON), st.integers(0, HORIZON))
def test_an_agreement_never_takes_back_a_breach_recorded_before_it(
    events: list[Event], policy: Policy, target: Target, at: int, later: int
) -> None:
    start = events[0].at
    when = start + timedelta(minutes=at)
    deal = Event(when, EventKind.DEADLINE_AGREED, Side.SUPPLIER, agreed=target)
    before = evaluate(events, policy, PLAIN, when)
    after = evaluate([*events, deal], policy, PLAIN, when + timedelta(minutes=later))
    for earlier, later_state in zip(before.targets, after.targets, strict=True):
        assert later_state.breaches[: len(earlier.breaches)] == earlier.breaches
