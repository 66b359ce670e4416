"""The ticket page's phone-call and development tools: their blank forms (the page view
binds only the one that was just submitted) and whether the ticket waits for a release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms, template

from kabinet.cabinets.forms.tools import TOOL_FORMS
from kabinet.lines.models import DevelopmentHandover
from kabinet.lines.queries import waiting_handover
from kabinet.tickets.models import Ticket, TicketEvent

register = template.Library()


@register.simple_tag
def tool_form(page_forms: Mapping[str, forms.Form] | None, key: str) -> forms.Form:
    """The bound form under ``key`` when the page re-renders it with errors, else a blank
    one, with ids unique on the page as the page view makes them."""
    form = (page_forms or {}).get(key)
    if form is None:
        form = TOOL_FORMS[key]()
        form.auto_id = f"id_{key}_%s"
    return form


@register.simple_tag
def release_wait(ticket: Ticket) -> DevelopmentHandover | None:
    return waiting_handover(ticket)


@register.filter
def call_time(event: TicketEvent) -> dt.datetime | None:
    """When a logged call took place, if it was logged later than that (the SLA counts the
    logging instant, which the timeline shows as the event's time)."""
    text = event.payload.get("called_at") if event.payload.get("via") == "phone" else None
    if not text:
        return None
    called = dt.datetime.fromisoformat(str(text))
    return called if called < event.at - dt.timedelta(minutes=1) else None
