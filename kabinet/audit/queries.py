"""Reading the trail: who may read which records is decided by the caller's access
function; this only filters what it is given."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kabinet.audit.models import AuditRecord


def filtered(
    records: QuerySet[AuditRecord],
    *,
    action: str = "",
    target_type: str = "",
    actor_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditRecord]:
    if action:
        records = records.filter(action=action)
    if target_type:
        records = records.filter(target_type=target_type)
    if actor_id is not None:
        records = records.filter(actor_id=actor_id)
    if since is not None:
        records = records.filter(at__gte=since)
    if until is not None:
        records = records.filter(at__lt=until)
    return records.select_related("actor")
