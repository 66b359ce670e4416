"""Which support-line acts a person may take on a ticket now, each answered by the guard its
action calls: moving it to another line, handing it to development, marking the awaited
release out. The cabinet unions this with ``tickets.acts``."""

from __future__ import annotations

from enum import StrEnum

from kabinet.lines.actions import (
    guard_hand_to_development,
    guard_move_to_line,
    guard_release_ticket_version,
)
from kabinet.orgs.models import Person
from kabinet.tickets.acts import permitted
from kabinet.tickets.models import Ticket


class LineAct(StrEnum):
    MOVE_TO_LINE = "move_to_line"
    HAND_TO_DEVELOPMENT = "hand_to_development"
    RELEASE_VERSION = "release_version"


GUARDS = {
    LineAct.MOVE_TO_LINE: guard_move_to_line,
    LineAct.HAND_TO_DEVELOPMENT: guard_hand_to_development,
    LineAct.RELEASE_VERSION: guard_release_ticket_version,
}


def available_acts(person: Person, ticket: Ticket) -> frozenset[LineAct]:
    return frozenset(act for act, guard in GUARDS.items() if permitted(guard, person, ticket))
