"""Organisations, company groups, people, roles, partner statuses, certificates, API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kabinet.orgs.emails import normalise_email


class OrganisationKind(models.TextChoices):
    VENDOR = "vendor", _("vendor")
    PARTNER = "partner", _("partner")
    CUSTOMER = "customer", _("customer")


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("organisation admin")
    AUTHORISED_CONTACT = "authorised_contact", _("authorised contact")
    ENGINEER = "engineer", _("engineer")
    MANAGER = "manager", _("manager")
    QUALITY_CONTROLLER = "quality_controller", _("quality controller")


# Who speaks for a customer organisation: files and reopens tickets, requests services.
CUSTOMER_VOICE_ROLES = (Role.AUTHORISED_CONTACT, Role.ORG_ADMIN)
# A partner's own staff: they file with the vendor, escalate and relay the vendor's answers.
PARTNER_STAFF_ROLES = (Role.ENGINEER, Role.MANAGER)

MAX_ORG_ADMINS = 2
# The roles an admin may grant in an organisation of each kind: a customer's people speak for
# it; a partner's and the vendor's are staff.
ROLES_BY_KIND: dict[str, tuple[Role, ...]] = {
    OrganisationKind.CUSTOMER: (Role.ORG_ADMIN, Role.AUTHORISED_CONTACT),
    OrganisationKind.PARTNER: (Role.ORG_ADMIN, Role.ENGINEER, Role.MANAGER),
    OrganisationKind.VENDOR: (Role.ORG_ADMIN, Role.ENGINEER, Role.MANAGER, Role.QUALITY_CONTROLLER),
}


class CompanyGroup(models.Model):
    """Organisations in one group share access to each other's tickets."""

    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices)
    group = models.ForeignKey(
        CompanyGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Who set this organisation up and manages it: the vendor its partners, a partner its
    # customers. Their admins see its people, certificates and audit trail.
    managed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="managed"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class PartnerStatus(models.Model):
    """A partner status (e.g. "ЦК КОРП", candidate) over a validity period, ends inclusive."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_statuses"
    )
    level = models.CharField(max_length=100)
    valid_from = models.DateField()
    valid_to = models.DateField()

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to


class Person(AbstractUser):
    """A human who signs in; belongs to organisations through memberships."""

    full_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    language = models.CharField(max_length=8, default="ru")
    # ``emails.normalise_email(email)``, kept by save(); looked up exactly, never by iexact.
    # Not unique: old rows may share it, and whoever looks a person up by it refuses a tie.
    normalised_email = models.CharField(max_length=320, blank=True, db_index=True, editable=False)

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalised_email = normalise_email(self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalised_email"}
        super().save(*args, **kwargs)


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="membership_unique_role"
            ),
        )


class Certificate(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(max_length=100)
    number = models.CharField(max_length=100)
    valid_until = models.DateField()

    def is_valid_on(self, day: dt.date) -> bool:
        return day <= self.valid_until


class ApiToken(models.Model):
    """A bearer token of one person; only its SHA-256 is stored. Revoked tokens stay for audit."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
