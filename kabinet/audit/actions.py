"""Recording a change. Every action that changes people, roles or the set-up calls
``record_change`` in its own transaction, so a change and its record commit together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from kabinet import clock
from kabinet.audit.models import AuditRecord

if TYPE_CHECKING:
    from kabinet.orgs.models import Organisation, Person


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a row as JSON-safe values (foreign keys as their ids), for the
    before and after of a record."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _json_value(getattr(instance, attname))
    return values


def _json_value(value: object) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def changed_only(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys whose values differ, on both sides: a record shows what changed, not the
    whole row."""
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys if k in before}, {
        k: after.get(k) for k in keys if k in after
    }


def record_change(
    *,
    action: str,
    target: models.Model,
    organisation: Organisation | None,
    actor: Person | None = None,
    address: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> AuditRecord:
    """Append one record of ``action`` on ``target``: who, when, from where, before → after."""
    return AuditRecord.objects.create(
        at=clock.resolve(now),
        actor=actor,
        organisation=organisation,
        address=address or None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        before=_json_value(dict(before or {})),
        after=_json_value(dict(after or {})),
    )
