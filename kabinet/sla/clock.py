"""The SLA clock: a pure function from a ticket's timeline to the state of its targets.

The timeline is replayed in time order. Between two events only time passes, so breaches
are looked for just before each event and at `now`; the state at `now` is read off the
same replay. Storing the answer and acting on it belongs to the ticket layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from kabinet.sla.events import Event, EventKind, counts_as_update, is_supplier_response
from kabinet.sla.policy import CalendarKey, ChangeMode, Policy, Target, TargetName
from kabinet.sla.spans import (
    Pause,
    Span,
    WorkCalendar,
    active_spans,
    pauses_within,
    reach,
    working_time,
)
from kabinet.sla.state import (
    CUSTOMER_REPLY_WINDOW,
    DOWNGRADE_REASON,
    TICK,
    AutomaticChange,
    Breach,
    ClockState,
    Phase,
    TargetState,
    TargetStatus,
)

Calendars = Mapping[str, WorkCalendar]
_RESOLVING = {EventKind.SOLUTION_PROPOSED}
_REOPENING = (EventKind.SOLUTION_REJECTED, EventKind.REOPENED)
_CLOSING = (EventKind.SOLUTION_ACCEPTED, EventKind.CLOSED)


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
    walk = _Walk(policy, calendars, timeline[0])
    for event in timeline[1:]:
        walk.advance(event.at_utc)
        walk.apply(event)
    walk.advance(now)
    return walk.snapshot(now)


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


@dataclass(frozen=True)
class _Reading:
    """One target measured at an instant under the configuration in force."""

    target: Target
    spans: list[Span]
    elapsed: timedelta
    due_at: datetime | None
    warning_at: datetime | None


@dataclass
class _Goal:
    """Reaction or resolution: measured from `anchor` until met."""

    name: TargetName
    anchor: datetime
    met_at: datetime | None = None
    met_reading: _Reading | None = None
    breaches: list[Breach] = field(default_factory=list)


@dataclass
class _Gap:
    """The update clock: the gap since the last counted update, measured from `anchor`."""

    anchor: datetime | None = None
    last_update_at: datetime | None = None
    breached: bool = False
    breaches: list[Breach] = field(default_factory=list)


class _Walk:
    """The replay: ticket facts so far, and each clock's configuration and record."""

    def __init__(self, policy: Policy, calendars: Calendars, registration: Event) -> None:
        assert registration.criticality is not None
        self.policy = policy
        self.calendars = calendars
        self.t = registration.at_utc
        self.registered_at = self.t
        self.level = registration.criticality
        self.standard = registration.standard
        self.phase = Phase.OPEN
        self.pauses: list[Pause] = []
        self.reaction = _Goal(TargetName.REACTION, self.t)
        self.resolution = _Goal(TargetName.RESOLUTION, self.t)
        self.gap = _Gap()
        self.window_start: datetime | None = None
        self.automatic: list[AutomaticChange] = []

    # -- time passing -------------------------------------------------------------------

    def advance(self, t: datetime) -> None:
        """Let time run to `t`, recording breaches and expired level-1 reply windows."""
        while (window_end := self._window_end()) is not None and window_end < t:
            self._check(window_end)
            self.t = window_end
            self.automatic.append(AutomaticChange(window_end, self.level, 2))
            self._change_level(2, window_end)
        self._check(t)
        self.t = t

    def _check(self, end: datetime) -> None:
        for goal, reading in (
            (self.reaction, self._read_reaction(end)),
            (self.resolution, self._read_resolution(end)),
        ):
            if goal.met_at is None and not goal.breaches and reading is not None:
                self._record_breach(goal.breaches, reading)
        update = self._read_update(end)
        if not self.gap.breached and update is not None:
            self.gap.breached = self._record_breach(self.gap.breaches, update)

    def _record_breach(self, breaches: list[Breach], reading: _Reading) -> bool:
        # Breached = the clock ran on strictly past the due instant. A clock paused exactly
        # at its due instant has not breached; one made overdue by a retroactive change has.
        due = reading.due_at
        if due is None or not reading.spans or not due < reading.spans[-1][1]:
            return False
        breaches.append(Breach(deadline=due, at=max(due + TICK, self.t)))
        return True

    def _window_end(self) -> datetime | None:
        if self.window_start is None:
            return None
        return self.window_start + CUSTOMER_REPLY_WINDOW  # UTC arithmetic: the 24x7 clock

    # -- events ---------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        kind, at = event.kind, event.at_utc
        if kind is EventKind.REGISTERED:
            raise ValueError("a ticket is registered once")
        if kind is EventKind.CRITICALITY_CHANGED:
            self._record_automatic(event)
            assert event.criticality is not None
            self._change_level(event.criticality, at)
        elif kind is EventKind.CLASSIFIED:
            self.standard = event.standard
        elif kind is EventKind.AWAITING_CUSTOMER and self.phase is Phase.OPEN:
            self._set_phase(Phase.AWAITING_CUSTOMER, at)
        elif kind in (EventKind.CUSTOMER_REPLY, EventKind.WORK_RESUMED):
            if self.phase is Phase.AWAITING_CUSTOMER:
                self._set_phase(Phase.OPEN, at)
        elif kind in _CLOSING:
            self._set_phase(Phase.CLOSED, at)
        elif kind in _REOPENING and self.phase in (Phase.SOLUTION_PENDING, Phase.CLOSED):
            self.resolution.met_at = self.resolution.met_reading = None
            self._set_phase(Phase.OPEN, at)
        if is_supplier_response(event):
            self._respond(event, at)

    def _respond(self, event: Event, at: datetime) -> None:
        if self.reaction.met_at is None:
            self.reaction.met_reading = self._read_reaction(at)
            self.reaction.met_at = at
        if self.gap.anchor is None or counts_as_update(event, self.level):
            self.gap = _Gap(anchor=at, last_update_at=at, breaches=self.gap.breaches)
        if self._resolves(event) and self.phase is not Phase.CLOSED:
            if self.resolution.met_at is None:
                self.resolution.met_reading = self._read_resolution(at)
                self.resolution.met_at = at
            self._set_phase(Phase.SOLUTION_PENDING, at)

    def _resolves(self, event: Event) -> bool:
        if event.kind is EventKind.WORKAROUND_PROPOSED:
            return self.policy.workaround_resolves
        return event.kind in _RESOLVING

    def _record_automatic(self, event: Event) -> None:
        if event.reason == DOWNGRADE_REASON:
            # The caller has recorded a change this replay already made: no longer pending.
            recorded = [c for c in self.automatic if c.to_level == event.criticality]
            if recorded:
                self.automatic.remove(recorded[0])

    def _change_level(self, level: int, at: datetime) -> None:
        if level == self.level:
            return
        self.level = level
        if self.policy.priority_change_mode is ChangeMode.RESTART:
            if self.reaction.met_at is None:
                self.reaction.anchor = at
            self.resolution.anchor = at
            if self.gap.anchor is not None:
                self.gap.anchor = at
        self._sync_window(at)

    def _set_phase(self, phase: Phase, at: datetime) -> None:
        if phase is self.phase:
            return
        if self.pauses and self.pauses[-1].end is None:
            last = self.pauses[-1]
            self.pauses[-1] = Pause(last.start, at, last.reason)
        if phase is not Phase.OPEN:
            self.pauses.append(Pause(at, None, phase.value))
        self.phase = phase
        self._sync_window(at)

    def _sync_window(self, at: datetime) -> None:
        """The level-1 reply window is open while a level-1 ticket awaits the customer."""
        if self.phase is Phase.AWAITING_CUSTOMER and self.level == 1:
            if self.window_start is None:
                self.window_start = at
        else:
            self.window_start = None

    # -- readings -------------------------------------------------------------------------

    def _target(self, name: TargetName) -> Target | None:
        return self.policy.target(name, self.level, self.standard)

    def _pauses(self, name: TargetName) -> list[Pause]:
        if name is TargetName.REACTION:  # only a closed ticket stops the reaction clock
            return [p for p in self.pauses if p.reason == Phase.CLOSED.value]
        return self.pauses

    def _read_reaction(self, end: datetime) -> _Reading | None:
        running = self.phase is not Phase.CLOSED
        return self._read(TargetName.REACTION, self.reaction.anchor, end, running)

    def _read_resolution(self, end: datetime) -> _Reading | None:
        running = self.phase is Phase.OPEN
        return self._read(TargetName.RESOLUTION, self.resolution.anchor, end, running)

    def _read_update(self, end: datetime) -> _Reading | None:
        if self.gap.anchor is None:
            return None
        return self._read(TargetName.UPDATE, self.gap.anchor, end, self.phase is Phase.OPEN)

    def _read(
        self, name: TargetName, anchor: datetime, end: datetime, running: bool
    ) -> _Reading | None:
        target = self._target(name)
        if target is None:
            return None
        calendar = self._calendar(target.calendar)
        spans = active_spans(anchor, end, self._pauses(name))
        running_from = end if running else None
        warning = target.duration * self.policy.warning_fraction
        return _Reading(
            target=target,
            spans=spans,
            elapsed=working_time(calendar, spans),
            due_at=_utc(reach(calendar, spans, target.duration, running_from=running_from)),
            warning_at=_utc(reach(calendar, spans, warning, running_from=running_from)),
        )

    def _calendar(self, key: CalendarKey) -> WorkCalendar:
        try:
            return self.calendars[key.value]
        except KeyError:
            raise ValueError(f"no calendar given for {key.value!r}") from None

    # -- the answer -----------------------------------------------------------------------

    def snapshot(self, now: datetime) -> ClockState:
        reaction = self._goal_state(self.reaction, self._read_reaction(now), now)
        resolution = self._goal_state(self.resolution, self._read_resolution(now), now)
        update = self._update_state(now)
        window_end = self._window_end()
        return ClockState(
            now=now,
            registered_at=self.registered_at,
            level=self.level,
            standard=self.standard,
            phase=self.phase,
            reaction=reaction,
            update=update,
            resolution=resolution,
            customer_reply_due_at=window_end,
            automatic_changes=tuple(self.automatic),
            next_change_at=_next_change(
                now,
                (
                    (reaction, not self.reaction.breaches),
                    (update, not self.gap.breached),
                    (resolution, not self.resolution.breaches),
                ),
                window_end,
            ),
        )

    def _goal_state(self, goal: _Goal, reading: _Reading | None, now: datetime) -> TargetState:
        if goal.met_at is not None:
            status, reading, end = TargetStatus.MET, goal.met_reading, goal.met_at
        elif reading is None:
            status, end = TargetStatus.NO_TARGET, now
        elif self.phase is Phase.CLOSED:
            status, end = TargetStatus.STOPPED, now
        elif self.phase is Phase.AWAITING_CUSTOMER and goal.name is TargetName.RESOLUTION:
            status, end = TargetStatus.PAUSED, now
        else:
            status, end = TargetStatus.RUNNING, now
        state = self._state(goal.name, status, reading, goal.anchor, end, goal.breaches)
        return replace(state, met_at=goal.met_at)

    def _update_state(self, now: datetime) -> TargetState:
        reading = self._read_update(now)
        if self._target(TargetName.UPDATE) is None:
            status = TargetStatus.NO_TARGET
        elif self.gap.anchor is None:
            status = TargetStatus.NOT_STARTED
        elif self.phase is Phase.CLOSED:
            status = TargetStatus.STOPPED
        elif self.phase is not Phase.OPEN:
            status = TargetStatus.PAUSED
        else:
            status = TargetStatus.RUNNING
        anchor = self.gap.anchor
        state = self._state(TargetName.UPDATE, status, reading, anchor, now, self.gap.breaches)
        return replace(state, last_update_at=self.gap.last_update_at)

    def _state(
        self,
        name: TargetName,
        status: TargetStatus,
        reading: _Reading | None,
        anchor: datetime | None,
        end: datetime,
        breaches: list[Breach],
    ) -> TargetState:
        if reading is None or anchor is None:
            return TargetState(name, status, anchor=anchor, breaches=tuple(breaches))
        due = reading.due_at
        return TargetState(
            name=name,
            status=status,
            target=reading.target,
            anchor=anchor,
            due_at=due,
            warning_at=reading.warning_at,
            elapsed=reading.elapsed,
            remaining=max(reading.target.duration - reading.elapsed, timedelta(0)),
            breaches=tuple(breaches),
            overdue=status is TargetStatus.RUNNING and due is not None and due < end,
            spans=tuple(reading.spans),
            pauses=tuple(pauses_within(anchor, end, self._pauses(name))),
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


def _utc(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.astimezone(UTC)
