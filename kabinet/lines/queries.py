"""Reads across lines and tickets: the current line, the line history with each line's OLA
state, the work queue of a person, and the resolution clock with release waits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BigIntegerField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from kabinet import sla
from kabinet.contracts.models import Contract, RequestCategory
from kabinet.lines.models import CategoryRoute, DevelopmentHandover, LineEntry, SupportLine
from kabinet.orgs.models import Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets import deadlines
from kabinet.tickets.models import IN_WORK_STATUSES, Ticket, TicketEvent, TicketQuerySet


def entry_line(supplier_id: int, category: str = RequestCategory.SUPPORT) -> SupportLine | None:
    """Where a supplier's new tickets start: the line its routing rule names for the
    ticket's category (seed 004), else its line with the lowest position."""
    routed = CategoryRoute.objects.filter(line=OuterRef("pk"), category=category)
    return (
        SupportLine.objects.filter(supplier_id=supplier_id)
        .annotate(routed=Exists(routed))
        .order_by("-routed", "position", "id")
        .first()
    )


def ticket_entry_line(ticket: Ticket) -> SupportLine | None:
    return entry_line(ticket.contract.supplier_id, ticket.category)


@dataclass(frozen=True)
class LineStay:
    line: SupportLine
    entered_at: dt.datetime
    reaction: sla.TargetState


def line_history(ticket: Ticket, now: dt.datetime) -> list[LineStay]:
    """Every line the ticket has been in, oldest first, each with its OLA state at ``now``.
    A ticket starts in its supplier's entry line at registration; no row is written for that
    (registration belongs to core), so it is derived here."""
    entries = [
        (entry.line, entry.entered_at)
        for entry in LineEntry.objects.filter(ticket=ticket).select_related("line")
    ]
    first = ticket_entry_line(ticket)
    if first is not None and (not entries or entries[0][1] > ticket.registered_at):
        entries.insert(0, (first, ticket.registered_at))
    if not entries:
        return []
    events = deadlines.clock_events(list(TicketEvent.objects.filter(ticket=ticket)))
    calendars = deadlines.calendars_for(ticket.contract)
    return [
        LineStay(
            line=line,
            entered_at=entered_at,
            reaction=sla.evaluate_line_reaction(
                events,
                entered_at=entered_at,
                target=line_target(line, ticket.contract),
                calendars=calendars,
                now=now,
            ),
        )
        for line, entered_at in entries
    ]


def current_line(ticket: Ticket) -> SupportLine | None:
    entry = LineEntry.objects.filter(ticket=ticket).order_by("-entered_at", "-id").first()
    return entry.line if entry is not None else ticket_entry_line(ticket)


def line_target(line: SupportLine, contract: Contract) -> sla.Target | None:
    """The line's OLA as the clock reads it ("N working days" on the contract calendar)."""
    if line.reaction_amount is None:
        return None
    calendar = sla.CalendarKey(line.reaction_calendar)
    duration = deadlines.target_duration(
        line.reaction_amount, line.reaction_unit, calendar, contract
    )
    return sla.Target(duration=duration, calendar=calendar)


def current_line_id() -> Coalesce:
    """``current_line`` as an expression over a ticket queryset: the line of the latest
    entry, or the supplier's entry line for the ticket's category; a few subqueries per
    row, so a queue stays one query."""
    latest = LineEntry.objects.filter(ticket=OuterRef("pk")).order_by("-entered_at", "-id")
    routed = CategoryRoute.objects.filter(
        supplier=OuterRef("contract__supplier"), category=OuterRef("category")
    )
    first = SupportLine.objects.filter(supplier=OuterRef("contract__supplier")).order_by(
        "position", "id"
    )
    return Coalesce(
        Subquery(latest.values("line_id")[:1]),
        Subquery(routed.values("line_id")[:1]),
        Subquery(first.values("id")[:1]),
        output_field=BigIntegerField(),
    )


def work_queue(person: Person) -> TicketQuerySet:
    """The tickets waiting on the person, in the order to take them: critical ones out of
    turn, then first in, first out. Assigned to the person, or unassigned in one of the
    person's lines (in any line of their supplier when they belong to none). Tickets that
    wait for the customer, for a release or for the customer's acceptance are not in it."""
    suppliers = supplier_organisation_ids(person)
    waiting = DevelopmentHandover.objects.filter(released_at__isnull=True).values("ticket_id")
    tickets = (
        Ticket.objects.filter(contract__supplier_id__in=suppliers, status__in=IN_WORK_STATUSES)
        .exclude(pk__in=waiting)
        .annotate(line_id=current_line_id())
    )
    lines = list(person.support_lines.values_list("id", flat=True))
    pool = Q(assignee__isnull=True) & (Q(line_id__in=lines) if lines else Q())
    return tickets.filter(Q(assignee=person) | pool).in_work_order()


def waiting_handover(ticket: Ticket) -> DevelopmentHandover | None:
    """The handover to development the ticket waits on, if any (at most one at a time)."""
    return DevelopmentHandover.objects.filter(ticket=ticket, released_at__isnull=True).first()
