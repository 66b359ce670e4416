"""Admin for the data of telling: a supplier's on-duty groups and alerting rules (plain
configuration, edited as rows), and deliveries, read-only (the worker alone writes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kabinet.notifications.models import AlertingRules, Delivery, DutyGroup


@admin.register(DutyGroup)
class DutyGroupAdmin(admin.ModelAdmin[DutyGroup]):
    list_display = ("name", "supplier", "is_default", "line", "contract", "customer", "criticality")
    list_filter = ("is_default",)
    filter_horizontal = ("members",)
    raw_id_fields = ("supplier", "contract", "customer", "lead", "line")


@admin.register(AlertingRules)
class AlertingRulesAdmin(admin.ModelAdmin[AlertingRules]):
    list_display = ("supplier", "repage_minutes", "repage_up_to_criticality")
    raw_id_fields = ("supplier",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("key", "channel", "address", "template", "created_at", "sent_at", "failed_at")
    search_fields = ("key", "address", "message_id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
