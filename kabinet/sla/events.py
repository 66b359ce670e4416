"""The timeline events the SLA clock reads, and what each one counts as.

Only the facts the clock needs (when, what, who, public or not, a few typed fields);
storing, rendering and authorising events belongs to the ticket layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # policy imports LEVELS from here
    from kabinet.sla.policy import Target

# Criticality levels, 1 the most urgent; contracts.Criticality names them for Django.
LEVELS = (1, 2, 3, 4)
CRITICAL = LEVELS[0]


class EventKind(StrEnum):
    REGISTERED = "registered"  # criticality (+ standard when known); the clocks start here
    PUBLIC_REPLY = "public_reply"  # a comment; optional update_type
    PHONE_CALL = "phone_call"  # a logged phone call with the customer
    STATUS_UPDATE = "status_update"  # optional update_type
    AUTO_ACK = "auto_ack"  # automatic acknowledgement: never a response
    CUSTOMER_REPLY = "customer_reply"  # ends "awaiting customer"
    AWAITING_CUSTOMER = "awaiting_customer"  # pause starts (returned for information)
    WORK_RESUMED = "work_resumed"  # the supplier ends the wait without the customer's answer
    SOLUTION_PROPOSED = "solution_proposed"
    WORKAROUND_PROPOSED = "workaround_proposed"
    SOLUTION_ACCEPTED = "solution_accepted"  # closes the ticket
    SOLUTION_REJECTED = "solution_rejected"  # reopens; the clocks resume
    REOPENED = "reopened"  # a closed ticket reopened by the customer; clocks resume
    CRITICALITY_CHANGED = "criticality_changed"  # criticality = the new level; reason
    CLASSIFIED = "classified"  # standard = True / False
    CLOSED = "closed"
    # Handed to development: the resolution and update clocks wait for a release (only
    # when the package says so; the ticket layer decides whether to emit these at all).
    AWAITING_RELEASE = "awaiting_release"
    RELEASED = "released"  # the awaited release is out: the clocks resume
    # A resolution term agreed with the customer for this ticket (seed 000 "время решения
    # согласовывается с пользователем отдельно", seed 002 P3 "срок может определяться
    # индивидуально"): `agreed` replaces the package's resolution target from here on.
    DEADLINE_AGREED = "deadline_agreed"
    # The customer agreed to postpone the resolution (seeds 003, 004): the resolution is
    # due no earlier than `until` (a later agreement moves it again).
    RESOLUTION_POSTPONED = "resolution_postponed"


class Side(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    SYSTEM = "system"


class UpdateType(StrEnum):
    """The typed updates that alone count as status updates at criticality 1 (seed 001, 4.8.1)."""

    SOLUTION = "solution"
    WORKAROUND = "workaround"
    ACTION_PLAN = "action_plan"


RESPONSE_KINDS = frozenset(
    {
        EventKind.PUBLIC_REPLY,
        EventKind.PHONE_CALL,
        EventKind.STATUS_UPDATE,
        EventKind.SOLUTION_PROPOSED,
        EventKind.WORKAROUND_PROPOSED,
    }
)
_NEEDS_LEVEL = frozenset({EventKind.REGISTERED, EventKind.CRITICALITY_CHANGED})


@dataclass(frozen=True)
class Event:
    """One timeline entry. `at` must be timezone-aware; it is kept as given."""

    at: datetime
    kind: EventKind
    actor: Side
    public: bool = True
    criticality: int | None = None
    standard: bool | None = None
    update_type: UpdateType | None = None
    reason: str = ""
    agreed: Target | None = None  # DEADLINE_AGREED only: the ticket's own resolution target
    until: datetime | None = None  # RESOLUTION_POSTPONED: the agreed resolution time

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError(f"event time must be timezone-aware: {self.at!r}")
        if self.kind in _NEEDS_LEVEL and self.criticality not in LEVELS:
            raise ValueError(f"{self.kind} needs a criticality 1..4, got {self.criticality!r}")
        if self.kind is EventKind.CLASSIFIED and self.standard is None:
            raise ValueError("classified needs standard=True or False")
        if (self.kind is EventKind.DEADLINE_AGREED) != (self.agreed is not None):
            raise ValueError("an agreed target belongs to deadline_agreed, and it needs one")
        if self.kind is EventKind.RESOLUTION_POSTPONED and (
            self.until is None or self.until.utcoffset() is None
        ):
            raise ValueError("resolution_postponed needs a timezone-aware until")

    @property
    def at_utc(self) -> datetime:
        return self.at.astimezone(UTC)


def is_supplier_response(event: Event) -> bool:
    """A public, human response of the supplier: meets reaction and starts the update clock."""
    return event.actor is Side.SUPPLIER and event.public and event.kind in RESPONSE_KINDS


def is_typed_update(event: Event) -> bool:
    """A solution, a workaround or an action plan."""
    proposal = event.kind in (EventKind.SOLUTION_PROPOSED, EventKind.WORKAROUND_PROPOSED)
    return proposal or event.update_type is not None


def counts_as_update(event: Event, level: int) -> bool:
    """Whether `event` is a status update at `level`, the ticket's level at the message's instant.

    Criticality 2-4: every public supplier response. Criticality 1: typed updates only.
    """
    if not is_supplier_response(event):
        return False
    return level != 1 or is_typed_update(event)
