"""Tenant-checked fetches for the set-up of telling: a supplier's on-duty groups and rules
reach only that supplier's admins; anyone else is answered "not found"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.access import administered_supplier_ids
from kabinet.errors import NotFoundError
from kabinet.notifications.models import DutyGroup
from kabinet.orgs.models import Organisation, Person


def access_duty_group_to_administer(person: Person, group_id: int) -> DutyGroup:
    """A group of a supplier the person administers; anyone else: not found."""
    group = (
        DutyGroup.objects.select_related("supplier")
        .filter(pk=group_id, supplier_id__in=administered_supplier_ids(person))
        .first()
    )
    if group is None:
        raise NotFoundError(_("Duty group not found."), field="group")
    return group


def access_supplier_to_administer(person: Person, supplier_id: int) -> Organisation:
    if supplier_id not in administered_supplier_ids(person):
        raise NotFoundError(_("Organisation not found."), field="supplier")
    return Organisation.objects.get(pk=supplier_id)
