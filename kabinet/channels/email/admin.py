"""Admin for mailboxes (where a supplier's mail is read from, and for which contracts) and a
read-only view of the messages taken in; decisions on quarantined mail are the cabinet's."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kabinet.channels.email.models import InboundMessage, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    list_display = ("name", "supplier", "address", "host", "folder", "active", "last_fetched_at")
    list_filter = ("active", "trust_authentication_results")
    filter_horizontal = ("contracts",)
    readonly_fields = ("uidvalidity", "last_uid", "last_fetched_at", "last_error")


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin[InboundMessage]):
    list_display = ("received_at", "mailbox", "sender", "subject", "outcome", "ticket")
    list_filter = ("outcome", "mailbox")
    search_fields = ("message_id", "sender", "subject")
    exclude = ("raw",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
