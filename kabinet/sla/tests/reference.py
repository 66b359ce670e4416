"""A deliberately naive reaction and resolution clock that steps minute by minute.

Only for the property tests: minute-aligned timelines at criticality 2-4, on the 24x7
calendar and a 9:00-18:00 Monday-Friday Moscow calendar without holidays. It decides
breaches the plain way: a clock that runs through a minute with its target already used
up has breached. A level without a target counts the business minutes the clock ran, for
information; a workaround the package lets resolve meets resolution for good.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kabinet.sla import ChangeMode, Event, EventKind, Policy, Side, TargetName
from kabinet.sla.tests.builders import MSK

MINUTE = timedelta(minutes=1)


def working(calendar: str, t: datetime) -> bool:
    if calendar == "24x7":
        return True
    local = t.astimezone(MSK)
    return local.weekday() < 5 and 9 <= local.hour < 18


@dataclass
class NaiveClock:
    name: TargetName
    anchor: int = 0  # minutes after registration
    met_at: int | None = None
    met_elapsed: int = 0  # business minutes run from the anchor to the meeting
    for_good: bool = False  # met by a resolving workaround: no rejection takes it back
    breached: bool = False
    used: int = 0  # working minutes counted since anchor under the current target
    stale: bool = True  # `used` must be counted again from the anchor
    log: list[bool] = field(default_factory=list)  # per minute: was the clock running


@dataclass
class NaiveTicket:
    policy: Policy
    start: datetime
    level: int
    phase: str = "open"
    reaction: NaiveClock = field(default_factory=lambda: NaiveClock(TargetName.REACTION))
    resolution: NaiveClock = field(default_factory=lambda: NaiveClock(TargetName.RESOLUTION))

    def at(self, minute: int) -> datetime:
        return self.start + minute * MINUTE

    def running(self, clock: NaiveClock) -> bool:
        return clock.name is TargetName.REACTION or self.phase == "open"

    def business_minutes(self, clock: NaiveClock, end: int) -> int:
        """Minutes from the anchor to `end` in which the clock ran on business time."""
        return sum(
            1 for j in range(clock.anchor, end) if clock.log[j] and working("business", self.at(j))
        )

    def meet(self, clock: NaiveClock, i: int) -> None:
        if clock.met_at is None:
            clock.met_at = i
            clock.met_elapsed = self.business_minutes(clock, i)

    def apply(self, event: Event, i: int) -> None:
        kind = event.kind
        supplier = event.actor is Side.SUPPLIER and event.public
        proposals = (EventKind.SOLUTION_PROPOSED, EventKind.WORKAROUND_PROPOSED)
        if supplier and (kind is EventKind.PUBLIC_REPLY or kind in proposals):
            self.meet(self.reaction, i)
        workaround = kind is EventKind.WORKAROUND_PROPOSED
        if kind is EventKind.AWAITING_CUSTOMER and self.phase == "open":
            self.phase = "awaiting"
        elif kind is EventKind.CUSTOMER_REPLY and self.phase == "awaiting":
            self.phase = "open"
        elif kind is EventKind.SOLUTION_PROPOSED or (
            workaround and self.policy.workaround_resolves
        ):
            self.meet(self.resolution, i)
            self.resolution.for_good = self.resolution.for_good or workaround
            self.phase = "pending"
        elif kind is EventKind.SOLUTION_REJECTED and self.phase == "pending":
            self.phase = "open"
            if not self.resolution.for_good:
                self.resolution.met_at = None
        elif kind is EventKind.CRITICALITY_CHANGED and event.criticality != self.level:
            assert event.criticality is not None
            self.level = event.criticality
            if self.policy.priority_change_mode is ChangeMode.RESTART:
                if self.reaction.met_at is None:
                    self.reaction.anchor = i
                self.resolution.anchor = i

    def recount(self, clock: NaiveClock, i: int) -> None:
        """Count again from the anchor to minute i; a run past the target is a breach."""
        target = self.policy.target(clock.name, self.level, None)
        assert target is not None
        need = target.duration // MINUTE
        clock.used, clock.stale = 0, False
        for j in range(clock.anchor, i):
            if clock.log[j]:
                if clock.used >= need:
                    clock.breached = True
                if working(target.calendar.value, self.at(j)):
                    clock.used += 1

    def step(self, clock: NaiveClock, i: int) -> None:
        """The minute [i, i+1)."""
        running = self.running(clock)
        clock.log.append(running)
        target = self.policy.target(clock.name, self.level, None)
        if clock.met_at is not None or target is None:
            clock.stale = True
            return
        if running and clock.used >= target.duration // MINUTE:
            clock.breached = True
        if running and working(target.calendar.value, self.at(i)):
            clock.used += 1

    def elapsed(self, clock: NaiveClock, now: int) -> timedelta:
        """The business time the clock ran, to its meeting or to `now`."""
        if clock.met_at is not None:
            return clock.met_elapsed * MINUTE
        return self.business_minutes(clock, now) * MINUTE

    def due(self, clock: NaiveClock, now: int) -> datetime | None:
        target = self.policy.target(clock.name, self.level, None)
        if clock.met_at is not None or target is None:
            return None
        need, used, j = target.duration // MINUTE, 0, clock.anchor
        while used < need:
            if j >= now and not self.running(clock):
                return None
            if (j >= now or clock.log[j]) and working(target.calendar.value, self.at(j)):
                used += 1
            j += 1
        return self.at(j)


def naive_clock(events: list[Event], policy: Policy, now: datetime) -> NaiveTicket:
    """Replay `events` (registration first) minute by minute up to `now`."""
    registration = events[0]
    assert registration.criticality is not None
    ticket = NaiveTicket(policy, registration.at, registration.criticality)
    minutes = (now - registration.at) // MINUTE
    by_minute: dict[int, list[Event]] = {}
    for event in events[1:]:
        by_minute.setdefault((event.at - registration.at) // MINUTE, []).append(event)
    clocks = (ticket.reaction, ticket.resolution)
    for i in range(minutes + 1):
        for event in by_minute.get(i, []):
            ticket.apply(event, i)
            # Events of one instant still come one after another: a state that lasts no
            # time (a level raised and lowered back in the same minute) is still a state
            # the ticket was in, and a breach it records stays (DESIGN: breached stays
            # breached).
            for clock in clocks:
                target = policy.target(clock.name, ticket.level, None)
                if clock.met_at is None and target is not None:
                    ticket.recount(clock, i)
        for clock in clocks:
            target = policy.target(clock.name, ticket.level, None)
            if clock.met_at is None and target is not None and (clock.stale or i in by_minute):
                ticket.recount(clock, i)  # from scratch whenever anything happened
            if i < minutes:
                ticket.step(clock, i)
    return ticket
