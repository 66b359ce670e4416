"""Linked identities in the admin: seen, searched and unlinked (deleted), never typed in."""

from __future__ import annotations

from django.contrib import admin

from kabinet.sso.models import SsoIdentity


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin[SsoIdentity]):
    list_display = ("person", "issuer", "subject", "email", "created_at", "last_used_at")
    search_fields = ("person__username", "person__email", "subject", "email")
    readonly_fields = ("person", "issuer", "subject", "email", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        return False
