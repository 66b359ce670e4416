"""Paging the group again about an unassigned urgent ticket, every N minutes until someone
takes it (each supplier's ``AlertingRules``). Run by beat; each page is keyed by its round,
so a run repeated or overlapping another pages no one twice."""

from __future__ import annotations

import datetime as dt

from kabinet.notifications.models import AlertingRules, NoticeKind
from kabinet.notifications.recipients import Addressee
from kabinet.notifications.routing import group_people
from kabinet.notifications.telling import tell
from kabinet.tickets.models import Ticket

BATCH = 500


def page_unassigned_tickets(*, now: dt.datetime) -> int:
    """Page the groups of open unassigned tickets whose round has come; returns how many
    deliveries were created. A round missed while beat was down is not made up: the
    current one is paged."""
    most_urgent = max(
        [
            AlertingRules._meta.get_field("repage_up_to_criticality").get_default(),
            *AlertingRules.objects.values_list("repage_up_to_criticality", flat=True),
        ]
    )
    waiting = (
        Ticket.objects.open()
        .filter(assignee__isnull=True, criticality__lte=most_urgent)
        .select_related("contract__supplier", "reporter")
        .order_by("registered_at", "pk")[:BATCH]
    )
    rules: dict[int, AlertingRules] = {}
    created = 0
    for ticket in waiting:
        supplier_id = ticket.contract.supplier_id
        if supplier_id not in rules:
            rules[supplier_id] = AlertingRules.of(supplier_id)
        created += _page(ticket, rules[supplier_id], now)
    return created


def _page(ticket: Ticket, rules: AlertingRules, now: dt.datetime) -> int:
    if not rules.repage_minutes or ticket.criticality > rules.repage_up_to_criticality:
        return 0
    waited = now - ticket.registered_at
    round_ = waited // dt.timedelta(minutes=rules.repage_minutes)
    if round_ < 1:
        return 0  # the registration itself told the group
    context = {"waited": int(waited.total_seconds() // 60)}
    return sum(
        tell(
            Addressee(person, NoticeKind.UNASSIGNED_CRITICAL),
            ticket=ticket,
            key=f"page:{ticket.pk}:{round_}:{person.pk}",
            context=context,
            now=now,
        )
        for person in group_people(ticket)
    )
