"""The ticket page's timeline words beyond ``cabinet``: when a logged phone call took place,
when an auto-close or a postponement falls due, a postponement's reason."""

from __future__ import annotations

import datetime as dt

from django import template

from kabinet.tickets.models import PostponementReason, RefusalReason, TicketEvent

register = template.Library()


@register.filter
def call_time(event: TicketEvent) -> dt.datetime | None:
    """When a logged call took place, if it was logged later than that (the SLA counts the
    logging instant, which the timeline shows as the event's time)."""
    text = event.payload.get("called_at") if event.payload.get("via") == "phone" else None
    if not text:
        return None
    called = dt.datetime.fromisoformat(str(text))
    return called if called < event.at - dt.timedelta(minutes=1) else None


@register.filter
def closes_at(event: TicketEvent) -> dt.datetime | None:
    """When an auto-close notice says the ticket closes by itself."""
    text = event.payload.get("closes_at")
    return dt.datetime.fromisoformat(str(text)) if text else None


@register.filter
def closes_until(event: TicketEvent) -> dt.datetime | None:
    """The resolution time a postponement proposes or agrees."""
    text = event.payload.get("until")
    return dt.datetime.fromisoformat(str(text)) if text else None


@register.filter
def refusal_reason(value: str) -> str:
    return str(RefusalReason(value).label) if value in RefusalReason.values else ""


@register.filter
def postponement_reason(value: str) -> str:
    return str(PostponementReason(value).label) if value in PostponementReason.values else ""
