"""The ticket's upload place for the files card: the usable one, else the last one that
ended (to say that it is closed or expired). Presentation only; opening and closing are
actions of ``kabinet.tickets.actions.upload_places``."""

from __future__ import annotations

from django import template

from kabinet.tickets.actions.upload_places import current_upload_place, latest_upload_place
from kabinet.tickets.models import Ticket, UploadPlace

register = template.Library()


@register.simple_tag
def usable_upload_place_of(ticket: Ticket) -> UploadPlace | None:
    return current_upload_place(ticket)


@register.simple_tag
def ended_upload_place_of(ticket: Ticket) -> UploadPlace | None:
    """The latest place when it no longer takes files; None when it does or there is none."""
    place = latest_upload_place(ticket)
    return place if place is not None and current_upload_place(ticket) is None else None
