"""One row per change to people, roles, certificates, partner statuses, packages, contracts,
calendars or lines. Rows are never updated or deleted: the model refuses both, so that no
code path can rewrite the trail."""

from __future__ import annotations

from typing import Any

from django.db import models


class AuditRecordQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a recorded change."""


class AuditRecord(models.Model):
    at = models.DateTimeField(db_index=True)
    # The person who made the change; None for the system (a command, a beat task).
    actor = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whose admins see the record: the organisation the change belongs to.
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=64)
    # What was changed, as "app.model" and its primary key, and a label as it read then.
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        indexes = (models.Index(fields=["organisation", "at"], name="audit_org_at"),)
        ordering = ("-at", "-id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted")
