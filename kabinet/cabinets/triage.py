"""How the supplier's work queue triages: its orders (the regime's work order, what is due
next, age, criticality) as keyset-paged sort keys, and its ready-made views (breaching
within the hour or today, breached, unassigned, waiting for the customer, and the chain to
the vendor: at the vendor, vendor answered, returned by the vendor), each with its count.

"Due next" is the nearest open target of the ticket's stored SLA columns: the reaction due
time until the reaction is met, the update due time, and the resolution due time until the
resolution is met; a ticket with none (closed, or every clock standing still) sorts last.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.paging import Key, KeyKind
from kabinet.cabinets.queries import VENDOR_MESSAGE_KINDS
from kabinet.escalations.models import Escalation
from kabinet.tickets.models import (
    DUE_NEXT,
    IN_WORK_STATUSES,
    OUT_OF_TURN,
    PROPOSAL_STATUSES,
    ActorSide,
    EventKind,
    Status,
    TicketEvent,
    TicketQuerySet,
)


class Sort(StrEnum):
    WORK = "work"
    DUE = "due"
    AGE = "age"
    CRITICALITY = "criticality"


SORT_LABELS = {
    Sort.WORK: _("critical first, then first in, first out"),
    Sort.DUE: _("due next"),
    Sort.AGE: _("oldest first"),
    Sort.CRITICALITY: _("criticality, then oldest"),
}

PK = Key("pk", KeyKind.INT)
SORT_KEYS: dict[Sort, tuple[Key, ...]] = {
    Sort.WORK: (
        Key("out_of_turn", KeyKind.INT),
        Key("registered_at", KeyKind.MOMENT),
        PK,
    ),
    Sort.DUE: (Key("due_next_at", KeyKind.MOMENT), PK),
    Sort.AGE: (Key("registered_at", KeyKind.MOMENT), PK),
    Sort.CRITICALITY: (
        Key("criticality", KeyKind.INT),
        Key("registered_at", KeyKind.MOMENT),
        PK,
    ),
}


def due_next() -> Least:
    """The nearest open target of a ticket (``tickets.models.DUE_NEXT``, the expression the
    ``ticket_due_next`` index holds)."""
    return DUE_NEXT


def out_of_turn() -> Case:
    """0 for a critical ticket (taken out of turn, seed 003), else 1: the expression the
    ``ticket_work_order`` index holds, so the default order is read off that index."""
    return OUT_OF_TURN


def sorted_by(tickets: TicketQuerySet, sort: Sort) -> tuple[TicketQuerySet, tuple[Key, ...]]:
    """The tickets with the annotations ``sort`` reads, and its keys (for ``paging``)."""
    if sort is Sort.WORK:
        tickets = tickets.annotate(out_of_turn=out_of_turn())
    elif sort is Sort.DUE:
        tickets = tickets.annotate(due_next_at=due_next())
    return tickets, SORT_KEYS[sort]


class View(StrEnum):
    DUE_HOUR = "due_hour"
    DUE_TODAY = "due_today"
    BREACHED = "breached"
    UNASSIGNED = "unassigned"
    AWAITING_CUSTOMER = "awaiting_customer"
    AT_VENDOR = "at_vendor"
    VENDOR_ANSWERED = "vendor_answered"
    VENDOR_RETURNED = "vendor_returned"


VIEW_LABELS = {
    View.DUE_HOUR: _("Breaching within the hour"),
    View.DUE_TODAY: _("Breaching today"),
    View.BREACHED: _("Breached"),
    View.UNASSIGNED: _("Unassigned"),
    View.AWAITING_CUSTOMER: _("Waiting for the customer"),
    View.AT_VENDOR: _("At the vendor"),
    View.VENDOR_ANSWERED: _("Vendor answered — relay to the customer"),
    View.VENDOR_RETURNED: _("Returned by the vendor"),
}
# Views of the chain to the vendor: a partner's; the vendor itself escalates to nobody.
CHAIN_VIEWS = (View.AT_VENDOR, View.VENDOR_ANSWERED, View.VENDOR_RETURNED)


def end_of_today(now: dt.datetime) -> dt.datetime:
    """Midnight after ``now`` in the reader's zone (the one the request activated)."""
    local = timezone.localtime(now)
    tomorrow = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(), tzinfo=local.tzinfo)


def in_view(tickets: TicketQuerySet, view: View, now: dt.datetime) -> TicketQuerySet:
    """The open tickets of the ready-made ``view`` at ``now``."""
    tickets = tickets.open()
    if view is View.DUE_HOUR:
        return _due_within(tickets, now, now + dt.timedelta(hours=1))
    if view is View.DUE_TODAY:
        return _due_within(tickets, now, end_of_today(now))
    if view is View.BREACHED:
        return tickets.breached()
    if view is View.UNASSIGNED:
        return tickets.filter(assignee__isnull=True)
    if view is View.AWAITING_CUSTOMER:
        return tickets.filter(status__in=(Status.AWAITING_CUSTOMER, *PROPOSAL_STATUSES))
    return tickets.filter(Exists(_chain(view)))


# Views whose first page is picked off the ``ticket_due_window`` index before any row is
# read (``paging.page_of(narrow_first=True)``): thousands of tickets may fall due within
# the day, and sorting their rows into the work order would read every one of them.
NARROW_FIRST = frozenset({View.DUE_HOUR, View.DUE_TODAY})


def narrows_first(view: View | None) -> bool:
    return view in NARROW_FIRST


def _due_within(tickets: TicketQuerySet, now: dt.datetime, end: dt.datetime) -> TicketQuerySet:
    """Not breached yet, and an open target falls due in ``now``..``end``."""
    return (
        tickets.not_breached()
        .alias(due_next_at=due_next())
        .filter(due_next_at__range=(now, end))  # one BETWEEN: the long expression once
    )


def _chain(view: View) -> QuerySet[Escalation]:
    """The escalations of the outer ticket that put it in a chain ``view``: the vendor
    ticket with the vendor (at the vendor), returned to the partner (returned), or a
    vendor's message on it later than the partner's last relay, which the relay notes on
    the vendor ticket (answered)."""
    escalations = Escalation.objects.filter(customer_ticket=OuterRef("pk"))
    if view is View.AT_VENDOR:
        return escalations.filter(vendor_ticket__status__in=IN_WORK_STATUSES)
    if view is View.VENDOR_RETURNED:
        return escalations.filter(vendor_ticket__status=Status.AWAITING_CUSTOMER)
    last_relay = (
        TicketEvent.objects.filter(
            ticket=OuterRef(OuterRef("vendor_ticket")), kind=EventKind.ESCALATION_RELAYED
        )
        .order_by("-at")
        .values("at")[:1]
    )
    vendor_messages = TicketEvent.objects.filter(
        ticket=OuterRef("vendor_ticket"),
        actor_side=ActorSide.SUPPLIER,
        kind__in=VENDOR_MESSAGE_KINDS,
    ).filter(Q(at__gt=Coalesce(Subquery(last_relay), OuterRef("escalated_at"))))
    return escalations.filter(Exists(vendor_messages))


def views_for(partner: bool) -> tuple[View, ...]:
    return tuple(View) if partner else tuple(v for v in View if v not in CHAIN_VIEWS)


# A view's count stops here: the chip reads "99+" above it. What triage needs is "a few" or
# "many"; an exact count of a view with half a million tickets would read them all, on every
# page of the queue, while a capped one reads at most this many index entries per view.
COUNT_CAP = 100


def view_counts(
    tickets: TicketQuerySet, views: tuple[View, ...], now: dt.datetime
) -> dict[View, int]:
    """Each ready-made view's count over ``tickets``, capped at ``COUNT_CAP`` (a count of
    ``COUNT_CAP`` means "at least that many"), all in one statement: each view a subquery
    that stops after ``COUNT_CAP`` rows, read through the view's own index."""
    if not views:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    for view in views:
        capped = in_view(tickets, view, now).order_by().values("pk")[:COUNT_CAP]
        try:
            sql, view_params = capped.query.sql_with_params()
        except EmptyResultSet:  # a list that can hold nothing (``none()``)
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{view.value})")
        params.extend(view_params)
    with connections[tickets.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return dict(zip(views, row, strict=True))


def shown_count(count: int) -> str:
    """A capped count as its chip shows it: "99+" from ``COUNT_CAP`` on."""
    return f"{COUNT_CAP - 1}+" if count >= COUNT_CAP else str(count)
