"""Admin for packages and contracts; the model validators check calendar specs and zones."""

from __future__ import annotations

from django.contrib import admin

from kabinet.contracts.models import Contract, Package, PackageTarget


class PackageTargetInline(admin.TabularInline[PackageTarget, Package]):
    model = PackageTarget
    extra = 0


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin[Package]):
    list_display = ("name", "supplier", "priority_change_mode", "workaround_resolves")
    inlines = (PackageTargetInline,)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin[Contract]):
    list_display = ("number", "supplier", "customer", "package", "valid_from", "valid_to")
    list_filter = ("supplier",)
    search_fields = ("number", "customer__name")
    filter_horizontal = ("responsible_contacts",)
