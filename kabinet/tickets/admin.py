"""Read-only admin for tickets and their timeline: every change goes through an action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kabinet.tickets.models import Ticket, TicketEvent


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TicketEventInline(ReadOnly, admin.TabularInline[TicketEvent, Ticket]):
    model = TicketEvent
    fields = ("at", "kind", "actor", "actor_side", "visibility", "payload")


@admin.register(Ticket)
class TicketAdmin(ReadOnly, admin.ModelAdmin[Ticket]):
    list_display = ("number", "subject", "criticality", "status", "next_sla_event_at")
    list_filter = ("status", "criticality", "reaction_breached", "resolution_breached")
    search_fields = ("number", "subject")
    inlines = (TicketEventInline,)
