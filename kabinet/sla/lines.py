"""A support line's own reaction target (OLA): from entering the line to the first response.

Runs beside the contract's SLA and never restarts it (DESIGN.md, decided readings); which
lines exist and who works in them belongs to the ticket layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from kabinet.sla.clock import Calendars, evaluate
from kabinet.sla.events import LEVELS, Event, EventKind, Side
from kabinet.sla.policy import LevelTargets, Policy, Target
from kabinet.sla.state import TargetState

_IGNORED = (EventKind.REGISTERED, EventKind.CRITICALITY_CHANGED, EventKind.CLASSIFIED)


def evaluate_line_reaction(
    events: Iterable[Event],
    *,
    entered_at: datetime,
    target: Target | None,
    calendars: Calendars,
    now: datetime,
) -> TargetState:
    """The line's reaction target at `now`, for a ticket that entered the line at `entered_at`.

    Met by the first public human supplier response strictly after `entered_at` (so the
    message that hands the ticket over does not count); closing stops it, as for reaction.
    The ticket's criticality plays no part: a line has one target.
    """
    levels = LevelTargets(reaction=target)
    policy = Policy(levels={level: levels for level in LEVELS})
    opening = Event(entered_at, EventKind.REGISTERED, Side.SYSTEM, criticality=3)
    later = [e for e in events if e.kind not in _IGNORED and e.at_utc > opening.at_utc]
    return evaluate([opening, *later], policy, calendars, now).reaction
