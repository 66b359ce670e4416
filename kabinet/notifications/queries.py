"""Reads of notifications: what the delivery worker has waiting (oldest first), a person's
notices and unread count, a ticket's watchers and who could watch it."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kabinet.notifications.models import Delivery, Notice, Watcher
from kabinet.orgs.models import Person
from kabinet.tickets.models import OutboxMessage, Ticket

NOTICE_PAGE = 50


def pending_outbox_ids(limit: int) -> list[int]:
    return list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def due_delivery_ids(now: dt.datetime, limit: int) -> list[int]:
    return list(
        Delivery.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def notices_of(person: Person, *, before: int | None = None) -> list[Notice]:
    """A page of the person's notices, newest first (ids grow with time); ``before`` is the
    id the previous page ended at (a cursor: a page never shifts as new notices arrive)."""
    rows = Notice.objects.filter(person=person).select_related("ticket")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    return list(rows.order_by("-pk")[:NOTICE_PAGE])


def unread_count(person: Person) -> int:
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def watchers_of(ticket: Ticket) -> QuerySet[Person]:
    ids = Watcher.objects.filter(ticket=ticket).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")


def customer_people(ticket: Ticket) -> QuerySet[Person]:
    """The active people of the ticket's customer organisation."""
    return Person.objects.filter(
        memberships__organisation_id=ticket.contract.customer_id, is_active=True
    ).distinct()


def watch_candidates(ticket: Ticket) -> QuerySet[Person]:
    """Active people of the ticket's customer, but the filer and those already watching."""
    return (
        customer_people(ticket)
        .exclude(pk=ticket.reporter_id)
        .exclude(pk__in=Watcher.objects.filter(ticket=ticket).values("person_id"))
        .distinct()
        .order_by("full_name", "pk")
    )
