"""Admin for packages and contracts; the model validators check calendar specs and zones.
Saving either tells ``hooks.rules_changed`` once the targets inline is saved too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from kabinet.contracts import hooks
from kabinet.contracts.models import Contract, Package, PackageTarget


class PackageTargetInline(admin.TabularInline[PackageTarget, Package]):
    model = PackageTarget
    extra = 0


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin[Package]):
    list_display = ("name", "supplier", "priority_change_mode", "workaround_resolves")
    inlines = (PackageTargetInline,)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Package], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        hooks.rules_changed(package=form.instance)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin[Contract]):
    list_display = ("number", "supplier", "customer", "package", "valid_from", "valid_to")
    list_filter = ("supplier",)
    search_fields = ("number", "customer__name")
    filter_horizontal = ("responsible_contacts",)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Contract], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        hooks.rules_changed(contract=form.instance)
