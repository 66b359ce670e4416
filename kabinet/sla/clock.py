"""The SLA clock: a pure function from a ticket's timeline to the state of its targets.

`evaluate` replays the timeline (see `replay`) and reads each target's state at `now`,
with the next instant at which that state changes by itself. Storing the answer and
acting on it belongs to the ticket layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from kabinet.sla.events import Event, EventKind
from kabinet.sla.policy import Policy, TargetName
from kabinet.sla.replay import Calendars, Goal, Reading, Replay
from kabinet.sla.spans import pauses_within
from kabinet.sla.state import (
    TICK,
    Breach,
    ClockState,
    Phase,
    TargetState,
    TargetStatus,
)

__all__ = ["Calendars", "evaluate"]


def evaluate(
    events: Iterable[Event], policy: Policy, calendars: Calendars, now: datetime
) -> ClockState:
    """The state of every SLA target of one ticket at `now`.

    `calendars` maps "business" and "24x7" to calendars. Events later than `now` are
    ignored, so evaluating at an earlier `now` replays history. The timeline must hold
    exactly one REGISTERED event, no later than `now`, and nothing before it.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware: {now!r}")
    now = now.astimezone(UTC)
    timeline = _timeline(events, now)
    replay = Replay(policy, calendars, timeline[0])
    for event in timeline[1:]:
        replay.advance(event.at_utc)
        replay.apply(event)
    replay.advance(now)
    return _snapshot(replay, now)


def _timeline(events: Iterable[Event], now: datetime) -> list[Event]:
    ordered = sorted(
        enumerate(events),
        key=lambda item: (item[1].at_utc, item[1].kind is not EventKind.REGISTERED, item[0]),
    )
    timeline = [event for _, event in ordered if event.at_utc <= now]
    registrations = [e for e in timeline if e.kind is EventKind.REGISTERED]
    if len(registrations) != 1:
        raise ValueError(f"need exactly one REGISTERED event by now, found {len(registrations)}")
    if timeline[0].kind is not EventKind.REGISTERED:
        raise ValueError(f"event before registration: {timeline[0]!r}")
    return timeline


def _snapshot(replay: Replay, now: datetime) -> ClockState:
    reaction = _goal_state(replay, replay.reaction, replay.read_reaction(now), now)
    resolution = _goal_state(replay, replay.resolution, replay.read_resolution(now), now)
    update = _update_state(replay, now)
    window_end = replay.window_end()
    return ClockState(
        now=now,
        registered_at=replay.registered_at,
        level=replay.level,
        standard=replay.standard,
        phase=replay.phase,
        reaction=reaction,
        update=update,
        resolution=resolution,
        customer_reply_due_at=window_end,
        automatic_changes=tuple(replay.automatic),
        next_change_at=_next_change(
            now,
            (
                (reaction, not replay.reaction.breaches),
                (update, not replay.gap.breached),
                (resolution, not replay.resolution.breaches),
            ),
            window_end,
        ),
    )


_WAITING = (Phase.AWAITING_CUSTOMER, Phase.AWAITING_RELEASE)


def _goal_state(replay: Replay, goal: Goal, reading: Reading, now: datetime) -> TargetState:
    shown: Reading | None = reading
    if goal.met_at is not None:
        status, shown, end = TargetStatus.MET, goal.met_reading, goal.met_at
    elif reading.target is None:
        status, end = TargetStatus.NO_TARGET, now
    elif replay.phase is Phase.CLOSED:
        status, end = TargetStatus.STOPPED, now
    elif replay.phase in _WAITING and goal.name is TargetName.RESOLUTION:
        status, end = TargetStatus.PAUSED, now
    else:
        status, end = TargetStatus.RUNNING, now
    state = _state(replay, goal.name, status, shown, goal.anchor, end, goal.breaches)
    return replace(state, met_at=goal.met_at)


def _update_state(replay: Replay, now: datetime) -> TargetState:
    reading = replay.read_update(now)
    if replay.target(TargetName.UPDATE) is None:
        status = TargetStatus.NO_TARGET
    elif replay.gap.anchor is None:
        status = TargetStatus.NOT_STARTED
    elif replay.phase is Phase.CLOSED:
        status = TargetStatus.STOPPED
    elif replay.phase is not Phase.OPEN:
        status = TargetStatus.PAUSED
    else:
        status = TargetStatus.RUNNING
    anchor = replay.gap.anchor
    state = _state(replay, TargetName.UPDATE, status, reading, anchor, now, replay.gap.breaches)
    return replace(state, last_update_at=replay.gap.last_update_at)


def _state(
    replay: Replay,
    name: TargetName,
    status: TargetStatus,
    reading: Reading | None,
    anchor: datetime | None,
    end: datetime,
    breaches: list[Breach],
) -> TargetState:
    if reading is None or anchor is None:
        return TargetState(name, status, anchor=anchor, breaches=tuple(breaches))
    due, target = reading.due_at, reading.target
    return TargetState(
        name=name,
        status=status,
        target=target,
        anchor=anchor,
        due_at=due,
        warning_at=reading.warning_at,
        elapsed=reading.elapsed,
        remaining=None if target is None else max(target.duration - reading.elapsed, timedelta(0)),
        breaches=tuple(breaches),
        overdue=status is TargetStatus.RUNNING and due is not None and due < end,
        spans=tuple(reading.spans),
        pauses=tuple(pauses_within(anchor, end, replay.pauses_for(name))),
    )


def _next_change(
    now: datetime,
    clocks: Iterable[tuple[TargetState, bool]],
    window_end: datetime | None,
) -> datetime | None:
    """Earliest instant after `now` at which a warning or a breach falls due.

    Each clock comes with whether it can still breach (reaction and resolution breach
    once; the update clock once per gap).
    """
    candidates: list[datetime] = []
    for state, can_breach in clocks:
        if state.status is not TargetStatus.RUNNING or not can_breach:
            continue
        if state.warning_at is not None and state.warning_at > now:
            candidates.append(state.warning_at)
        if state.due_at is not None and state.due_at + TICK > now:
            candidates.append(state.due_at + TICK)
    if window_end is not None:
        candidates.append(window_end + TICK)
    return min(candidates, default=None)
