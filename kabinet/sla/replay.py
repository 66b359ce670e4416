"""The replay under the SLA clock: ticket facts, each clock's configuration, its breaches.

Fed events in time order by `clock.evaluate`; between two events only time passes, so
breaches are looked for just before each event. Turning it into an answer is `clock`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from kabinet.sla.events import (
    CRITICAL,
    Event,
    EventKind,
    counts_as_update,
    is_supplier_response,
)
from kabinet.sla.policy import CalendarKey, ChangeMode, Policy, Target, TargetName
from kabinet.sla.spans import Pause, Span, WorkCalendar, active_spans, reach, working_time
from kabinet.sla.state import (
    CUSTOMER_REPLY_WINDOW,
    DOWNGRADE_REASON,
    TICK,
    AutomaticChange,
    Breach,
    Phase,
)

Calendars = Mapping[str, WorkCalendar]
_RESOLVING = {EventKind.SOLUTION_PROPOSED}
_REOPENING = (EventKind.SOLUTION_REJECTED, EventKind.REOPENED)
_CLOSING = (EventKind.SOLUTION_ACCEPTED, EventKind.CLOSED)


@dataclass(frozen=True)
class Reading:
    """One target measured at an instant under the configuration in force.

    Without a target (None) the working time is still measured, on the business calendar,
    for information: nothing is due and nothing can breach.
    """

    target: Target | None
    spans: list[Span]
    elapsed: timedelta
    due_at: datetime | None
    warning_at: datetime | None


@dataclass
class Goal:
    """Reaction or resolution: measured from `anchor` until met.

    `for_good`: met by a workaround where the package says a workaround resolves; such a
    resolution stays met whatever the customer later rejects or reopens.
    """

    name: TargetName
    anchor: datetime
    met_at: datetime | None = None
    met_reading: Reading | None = None
    breaches: list[Breach] = field(default_factory=list)
    for_good: bool = False


@dataclass
class Gap:
    """The update clock: the gap since the last counted update, measured from `anchor`."""

    anchor: datetime | None = None
    last_update_at: datetime | None = None
    breached: bool = False
    breaches: list[Breach] = field(default_factory=list)


class Replay:
    """Ticket facts so far, and each clock's configuration and record."""

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
        self.reaction = Goal(TargetName.REACTION, self.t)
        self.resolution = Goal(TargetName.RESOLUTION, self.t)
        self.gap = Gap()
        self.window_start: datetime | None = None
        self.automatic: list[AutomaticChange] = []
        # A resolution target agreed with the customer for this ticket: it replaces the
        # package's, whatever the level or classification, measured from the same anchor.
        self.agreed_resolution: Target | None = None
        self.resolution_until: datetime | None = None  # an agreed postponement

    # -- time passing -------------------------------------------------------------------

    def advance(self, t: datetime) -> None:
        """Let time run to `t`, recording breaches and expired level-1 reply windows."""
        while (window_end := self.window_end()) is not None and window_end < t:
            self._check(window_end)
            self.t = window_end
            self.automatic.append(AutomaticChange(window_end, self.level, 2))
            self._change_level(2, window_end)
        self._check(t)
        self.t = t

    def _check(self, end: datetime) -> None:
        for goal, reading in (
            (self.reaction, self.read_reaction(end)),
            (self.resolution, self.read_resolution(end)),
        ):
            if goal.met_at is None and not goal.breaches:
                self._record_breach(goal.breaches, reading)
        update = self.read_update(end)
        if not self.gap.breached and update is not None:
            self.gap.breached = self._record_breach(self.gap.breaches, update)

    def _record_breach(self, breaches: list[Breach], reading: Reading) -> bool:
        # Breached = the clock ran on strictly past the due instant. A clock paused exactly
        # at its due instant has not breached; one made overdue by a retroactive change has.
        due = reading.due_at
        if due is None or not reading.spans or not due < reading.spans[-1][1]:
            return False
        breaches.append(
            Breach(deadline=due, at=max(due + TICK, self.t), warning_at=reading.warning_at)
        )
        return True

    def window_end(self) -> datetime | None:
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
        elif kind is EventKind.DEADLINE_AGREED:
            self.agreed_resolution = event.agreed
        elif kind is EventKind.RESOLUTION_POSTPONED:
            assert event.until is not None
            self.resolution_until = event.until.astimezone(UTC)
        elif kind is EventKind.AWAITING_CUSTOMER and self.phase is Phase.OPEN:
            self._set_phase(Phase.AWAITING_CUSTOMER, at)
        elif kind is EventKind.AWAITING_RELEASE and self.phase is Phase.OPEN:
            self._set_phase(Phase.AWAITING_RELEASE, at)
        elif kind is EventKind.RELEASED and self.phase is Phase.AWAITING_RELEASE:
            self._set_phase(Phase.OPEN, at)
        elif kind in (EventKind.CUSTOMER_REPLY, EventKind.WORK_RESUMED):
            if self.phase is Phase.AWAITING_CUSTOMER:
                self._set_phase(Phase.OPEN, at)
        elif kind in _CLOSING:
            self._set_phase(Phase.CLOSED, at)
        elif kind in _REOPENING and self.phase in (Phase.SOLUTION_PENDING, Phase.CLOSED):
            if not self.resolution.for_good:
                self.resolution.met_at = self.resolution.met_reading = None
            self._set_phase(Phase.OPEN, at)
        if is_supplier_response(event):
            self._respond(event, at)

    def _respond(self, event: Event, at: datetime) -> None:
        if self.reaction.met_at is None:
            self.reaction.met_reading = self.read_reaction(at)
            self.reaction.met_at = at
        if self.gap.anchor is None or counts_as_update(event, self.level):
            self.gap = Gap(anchor=at, last_update_at=at, breaches=self.gap.breaches)
        if self._resolves(event) and self.phase is not Phase.CLOSED:
            if self.resolution.met_at is None:
                self.resolution.met_reading = self.read_resolution(at)
                self.resolution.met_at = at
            if event.kind is EventKind.WORKAROUND_PROPOSED:
                self.resolution.for_good = True
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
        """The level-1 reply window is open while a level-1 ticket awaits the customer,
        where the package binds level 1 to the customer's conditions."""
        critical = self.level == CRITICAL and self.policy.critical_conditions_apply
        if self.phase is Phase.AWAITING_CUSTOMER and critical:
            if self.window_start is None:
                self.window_start = at
        else:
            self.window_start = None

    # -- readings -------------------------------------------------------------------------

    def target(self, name: TargetName) -> Target | None:
        if name is TargetName.RESOLUTION and self.agreed_resolution is not None:
            return self.agreed_resolution
        return self.policy.target(name, self.level, self.standard)

    def pauses_for(self, name: TargetName) -> list[Pause]:
        if name is TargetName.REACTION:  # only a closed ticket stops the reaction clock
            return [p for p in self.pauses if p.reason == Phase.CLOSED.value]
        return self.pauses

    def read_reaction(self, end: datetime) -> Reading:
        running = self.phase is not Phase.CLOSED
        return self._read(TargetName.REACTION, self.reaction.anchor, end, running)

    def read_resolution(self, end: datetime) -> Reading:
        running = self.phase is Phase.OPEN
        reading = self._read(TargetName.RESOLUTION, self.resolution.anchor, end, running)
        return self._postponed(reading)

    def _postponed(self, reading: Reading) -> Reading:
        """The resolution due no earlier than the agreed postponement (wall-clock: the
        customer agreed to a moment); the warning keeps its lead before the due time.
        A paused clock (no due time) stays without one."""
        until, due = self.resolution_until, reading.due_at
        if until is None or due is None or until <= due:
            return reading
        lead = due - reading.warning_at if reading.warning_at is not None else None
        warning = until - lead if lead is not None else None
        return replace(reading, due_at=until, warning_at=warning)

    def read_update(self, end: datetime) -> Reading | None:
        if self.gap.anchor is None:
            return None
        return self._read(TargetName.UPDATE, self.gap.anchor, end, self.phase is Phase.OPEN)

    def _read(self, name: TargetName, anchor: datetime, end: datetime, running: bool) -> Reading:
        target = self.target(name)
        calendar = self._calendar(CalendarKey.BUSINESS if target is None else target.calendar)
        spans = active_spans(anchor, end, self.pauses_for(name))
        elapsed = working_time(calendar, spans)
        if target is None:
            return Reading(target=None, spans=spans, elapsed=elapsed, due_at=None, warning_at=None)
        running_from = end if running else None
        warning = target.duration * self.policy.warning_fraction
        return Reading(
            target=target,
            spans=spans,
            elapsed=elapsed,
            due_at=utc(reach(calendar, spans, target.duration, running_from=running_from)),
            warning_at=utc(reach(calendar, spans, warning, running_from=running_from)),
        )

    def _calendar(self, key: CalendarKey) -> WorkCalendar:
        try:
            return self.calendars[key.value]
        except KeyError:
            raise ValueError(f"no calendar given for {key.value!r}") from None


def utc(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.astimezone(UTC)
