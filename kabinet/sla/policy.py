"""A package's SLA targets per criticality, as the clock reads them.

Pure data; where a package is stored, how it is edited and how its "N working days" become
a duration (``tickets.deadlines.target_duration``) belong to the layers above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from kabinet.sla.events import LEVELS


class CalendarKey(StrEnum):
    """Which calendar a target runs on: the contract's business calendar or round the clock."""

    BUSINESS = "business"
    ALWAYS = "24x7"


class ChangeMode(StrEnum):
    """How a criticality change applies the new level's targets."""

    RETROACTIVE = "retroactive"  # measured from registration (updates: from the last update)
    RESTART = "restart"  # measured from the change


class TargetName(StrEnum):
    REACTION = "reaction"
    UPDATE = "update"
    RESOLUTION = "resolution"


@dataclass(frozen=True)
class Target:
    """An amount of working time on one calendar."""

    duration: timedelta
    calendar: CalendarKey = CalendarKey.BUSINESS

    def __post_init__(self) -> None:
        if self.duration < timedelta(0):
            raise ValueError(f"a target cannot be negative: {self.duration}")


@dataclass(frozen=True)
class LevelTargets:
    """The targets of one criticality level; None means nothing is due."""

    reaction: Target | None = None
    update_interval: Target | None = None
    resolution: Target | None = None
    resolution_nonstandard: Target | None = None

    def resolution_for(self, standard: bool | None) -> Target | None:
        """Non-standard tickets take the non-standard target when there is one.

        An unclassified ticket (standard is None) is measured as standard.
        """
        if standard is False and self.resolution_nonstandard is not None:
            return self.resolution_nonstandard
        return self.resolution


@dataclass(frozen=True)
class Policy:
    """``critical_conditions_apply``: the package binds level 1 to the customer's
    conditions (seed 001): while a level-1 ticket awaits the customer, the 1-hour reply
    window runs and its end drops the ticket to level 2. Without it level 1 is kept."""

    levels: Mapping[int, LevelTargets] = field(default_factory=dict)
    priority_change_mode: ChangeMode = ChangeMode.RETROACTIVE
    workaround_resolves: bool = False
    warning_fraction: float = 0.75
    critical_conditions_apply: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.warning_fraction <= 1:
            raise ValueError(f"warning_fraction must be in (0, 1]: {self.warning_fraction}")
        unknown = set(self.levels) - set(LEVELS)
        if unknown:
            raise ValueError(f"criticality levels are 1..4, got {sorted(unknown)}")

    def target(self, name: TargetName, level: int, standard: bool | None) -> Target | None:
        targets = self.levels.get(level, LevelTargets())
        if name is TargetName.REACTION:
            return targets.reaction
        if name is TargetName.UPDATE:
            return targets.update_interval
        return targets.resolution_for(standard)
