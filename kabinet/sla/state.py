"""What the SLA clock answers: the state of each target and of the ticket's clock as a whole.

Plain frozen data; computing it is `clock.evaluate`, explaining it is `explain.explain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from kabinet.sla.events import Event, EventKind, Side
from kabinet.sla.policy import Target, TargetName
from kabinet.sla.spans import Pause, Span

CUSTOMER_REPLY_WINDOW = timedelta(hours=1)
DOWNGRADE_REASON = "customer_reply_window"
# Breached means strictly later than the due instant; the first instant that is strictly
# later and representable in a datetime is one microsecond after it.
TICK = timedelta(microseconds=1)


class Phase(StrEnum):
    OPEN = "open"
    AWAITING_CUSTOMER = "awaiting_customer"
    SOLUTION_PENDING = "solution_pending"  # a proposed solution waits for the customer
    AWAITING_RELEASE = "awaiting_release"  # handed to development, waits for a release
    CLOSED = "closed"


class TargetStatus(StrEnum):
    NO_TARGET = "no_target"  # the level has no such target: nothing due, nothing breached
    NOT_STARTED = "not_started"  # update clock before the first response
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    STOPPED = "stopped"  # the ticket closed before the target was met


@dataclass(frozen=True)
class Breach:
    """A recorded breach. `deadline` was missed; `at` is the first instant it counted.

    `warning_at` is when the warning of that deadline fell due, so that a sweep that comes
    late can still give it (before the breach); it is not part of what the breach is.
    """

    deadline: datetime
    at: datetime
    warning_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TargetState:
    """One target at `now`.

    `due_at` is None while paused short of the target. For a met target the figures are
    those at the instant it was met. A level without the target (`target` None) still has
    its `elapsed` working time, on the business calendar, for information: nothing is due.
    `spans` are the wall-clock stretches counted since `anchor` (up to the meeting instant
    or `now`); `pauses` those excluded since `anchor`.
    `breaches` never shrink as the timeline grows; for the update clock each is one missed
    update, for reaction and resolution there is at most one.
    """

    name: TargetName
    status: TargetStatus
    target: Target | None = None
    anchor: datetime | None = None
    due_at: datetime | None = None
    warning_at: datetime | None = None
    met_at: datetime | None = None
    elapsed: timedelta | None = None
    remaining: timedelta | None = None
    breaches: tuple[Breach, ...] = ()
    overdue: bool = False  # running past due_at and not yet answered
    spans: tuple[Span, ...] = ()
    pauses: tuple[Pause, ...] = ()
    last_update_at: datetime | None = None  # update clock only

    @property
    def breached(self) -> bool:
        return bool(self.breaches)

    @property
    def breach_count(self) -> int:
        return len(self.breaches)

    @property
    def paused(self) -> bool:
        return self.status is TargetStatus.PAUSED


@dataclass(frozen=True)
class AutomaticChange:
    """A criticality change the rules made that the timeline does not record yet.

    The caller appends `as_event()` to the timeline; evaluating again gives the same state.
    """

    at: datetime
    from_level: int
    to_level: int
    reason: str = DOWNGRADE_REASON

    def as_event(self) -> Event:
        return Event(
            at=self.at,
            kind=EventKind.CRITICALITY_CHANGED,
            actor=Side.SYSTEM,
            public=True,
            criticality=self.to_level,
            reason=self.reason,
        )


@dataclass(frozen=True)
class ClockState:
    """The ticket's SLA clock at `now`. All instants are UTC.

    `next_change_at` is the earliest instant after `now` at which evaluating again gives a
    different answer without new events (a warning, a breach, the level-1 reply window
    running out), or None when nothing will change by itself.
    """

    now: datetime
    registered_at: datetime
    level: int
    standard: bool | None
    phase: Phase
    reaction: TargetState
    update: TargetState
    resolution: TargetState
    customer_reply_due_at: datetime | None
    automatic_changes: tuple[AutomaticChange, ...]
    next_change_at: datetime | None

    @property
    def targets(self) -> tuple[TargetState, ...]:
        return (self.reaction, self.update, self.resolution)
