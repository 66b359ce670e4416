"""Bulk acts on the tickets selected in a work queue: assign, move to a support line, change
criticality with one reason. There is no bulk action: each ticket goes through its own
action (``assign``, ``move_to_line``, ``change_criticality``), so each is checked by its
guard, recorded in its own timeline and refused on its own; the person gets one outcome
per ticket."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabinet.cabinets.queries import supplier_tickets
from kabinet.errors import DomainError
from kabinet.lines.actions import move_to_line
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Person
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.actions import assign, change_criticality
from kabinet.tickets.models import Ticket

# What one submission may touch: a page of the queue and then some.
MAX_SELECTED = 200


class BulkAct(StrEnum):
    ASSIGN = "assign"
    MOVE_TO_LINE = "line"
    CHANGE_CRITICALITY = "criticality"


BULK_ACT_LABELS = {
    BulkAct.ASSIGN: gettext_lazy("Assign"),
    BulkAct.MOVE_TO_LINE: gettext_lazy("Move to a support line"),
    BulkAct.CHANGE_CRITICALITY: gettext_lazy("Change criticality"),
}


@dataclass(frozen=True)
class BulkChoice:
    act: BulkAct
    assignee: Person | None = None
    line: SupportLine | None = None
    criticality: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Outcome:
    number: str
    done: bool
    message: str


def run_bulk(person: Person, numbers: Sequence[str], choice: BulkChoice) -> list[Outcome]:
    """Apply ``choice`` to each ticket named in ``numbers`` (in that order, each once) that
    the person's queue holds; a number outside it is "not found", like any other."""
    queue = supplier_tickets(visible_tickets(person), person)
    wanted = list(dict.fromkeys(numbers))
    found = {
        ticket.number: ticket
        for ticket in queue.filter(number__in=wanted).select_related("contract__package")
    }
    outcomes = []
    for number in wanted:
        ticket = found.get(number)
        if ticket is None:
            outcomes.append(Outcome(number, False, _("No such ticket in your queue.")))
            continue
        try:
            _perform(ticket, person, choice)
        except DomainError as error:
            outcomes.append(Outcome(number, False, str(error.message)))
            continue
        outcomes.append(Outcome(number, True, _("Done.")))
    return outcomes


def _perform(ticket: Ticket, person: Person, choice: BulkChoice) -> None:
    if choice.act is BulkAct.ASSIGN:
        assignee_id = choice.assignee.pk if choice.assignee is not None else None
        assign(ticket, author=person, assignee_id=assignee_id)
    elif choice.act is BulkAct.MOVE_TO_LINE:
        assert choice.line is not None  # the form requires it
        move_to_line(ticket, author=person, line=choice.line, reason=choice.reason)
    else:
        assert choice.criticality is not None  # the form requires it
        change_criticality(
            ticket, author=person, criticality=choice.criticality, reason=choice.reason
        )
