"""Admin for organisations and people. Roles go through grant_role, so the admin-count rule
holds here too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from kabinet.orgs.models import (
    ApiToken,
    Certificate,
    CompanyGroup,
    Membership,
    Organisation,
    PartnerStatus,
    Person,
)


class PartnerStatusInline(admin.TabularInline[PartnerStatus, Organisation]):
    model = PartnerStatus
    extra = 0


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    readonly_fields = ("person", "role", "created_at")
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # roles are granted by orgs.actions.grant_role


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "group")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = (PartnerStatusInline, MembershipInline)


@admin.register(CompanyGroup)
class CompanyGroupAdmin(admin.ModelAdmin[CompanyGroup]):
    search_fields = ("name",)


class CertificateInline(admin.TabularInline[Certificate, Person]):
    model = Certificate
    extra = 0


@admin.register(Person)
class PersonAdmin(UserAdmin[Person]):
    inlines = (CertificateInline,)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Kabinet", {"fields": ("full_name", "phone", "language")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("person", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("person", "name", "prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued by orgs.actions.issue_api_token (API or `kabinet issue_token`)
