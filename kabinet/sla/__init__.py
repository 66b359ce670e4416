"""Pure SLA policy and clock: targets, timeline events, evaluation and its explanation.

Standard library and `kabinet.worktime` calendars only; never Django.
"""

from kabinet.sla.clock import Calendars, evaluate
from kabinet.sla.events import CRITICAL, LEVELS, Event, EventKind, Side, UpdateType
from kabinet.sla.explain import DayWork, Explanation, TargetExplanation, explain
from kabinet.sla.lines import evaluate_line_reaction
from kabinet.sla.policy import (
    CalendarKey,
    ChangeMode,
    LevelTargets,
    Policy,
    Target,
    TargetName,
)
from kabinet.sla.spans import Pause
from kabinet.sla.state import (
    AutomaticChange,
    Breach,
    ClockState,
    Phase,
    TargetState,
    TargetStatus,
)

__all__ = [
    "CRITICAL",
    "LEVELS",
    "AutomaticChange",
    "Breach",
    "CalendarKey",
    "Calendars",
    "ChangeMode",
    "ClockState",
    "DayWork",
    "Event",
    "EventKind",
    "Explanation",
    "LevelTargets",
    "Pause",
    "Phase",
    "Policy",
    "Side",
    "Target",
    "TargetExplanation",
    "TargetName",
    "TargetState",
    "TargetStatus",
    "UpdateType",
    "evaluate",
    "evaluate_line_reaction",
    "explain",
]
