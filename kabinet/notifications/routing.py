"""Which of a supplier's people a ticket concerns: its on-duty group, the group's lead, the
supplier's quality controllers, and who is on duty at an instant. Not what they are told
(``recipients``) nor how (``delivery``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from kabinet.lines.queries import current_line
from kabinet.notifications.models import DutyGroup
from kabinet.orgs.models import PARTNER_STAFF_ROLES, Membership, Person, Role
from kabinet.tickets.models import Ticket


def duty_group(ticket: Ticket) -> DutyGroup | None:
    """The most specific of the supplier's groups that matches the ticket (its contract,
    then its customer, then its current support line, then its criticality each outweigh
    every later one), or the supplier's default group; None when the supplier has neither."""
    contract = ticket.contract
    line = current_line(ticket)
    candidates = DutyGroup.objects.filter(
        Q(contract__isnull=True) | Q(contract_id=contract.pk),
        Q(customer__isnull=True) | Q(customer_id=contract.customer_id),
        Q(line__isnull=True) | Q(line_id=line.pk if line is not None else None),
        Q(criticality__isnull=True) | Q(criticality=ticket.criticality),
        supplier_id=contract.supplier_id,
    ).prefetch_related("members")
    best: tuple[int, int, DutyGroup] | None = None
    for group in candidates:
        if not group.is_default and _unscoped(group):
            continue  # a group scoped to nothing is no one's but the default's
        score = (
            8 * (group.contract_id is not None)
            + 4 * (group.customer_id is not None)
            + 2 * (group.line_id is not None)
            + (group.criticality is not None)
        )
        if best is None or (score, -group.pk) > best[:2]:
            best = (score, -group.pk, group)
    return best[2] if best is not None else None


def _unscoped(group: DutyGroup) -> bool:
    return (
        group.contract_id is None
        and group.customer_id is None
        and group.line_id is None
        and group.criticality is None
    )


def group_people(ticket: Ticket, group: DutyGroup | None = None) -> list[Person]:
    """Who is told for the ticket's supplier when no one person is: the ticket's group (as
    given, or looked up), or, for a supplier that has set up no group at all, its engineers
    and managers."""
    group = group if group is not None else duty_group(ticket)
    if group is not None:
        members = sorted(group.members.all(), key=lambda person: person.pk)
        return still_staff(members, ticket.contract.supplier_id)
    if DutyGroup.objects.filter(supplier_id=ticket.contract.supplier_id).exists():
        return []  # groups exist and none is the ticket's: a gap the supplier should close
    return list(
        Person.objects.filter(
            memberships__organisation_id=ticket.contract.supplier_id,
            memberships__role__in=PARTNER_STAFF_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def still_staff(people: list[Person], supplier_id: int) -> list[Person]:
    """Those of ``people`` who still hold a role at the supplier: someone who has left stays
    on a group's list or as its lead until an admin edits it, and must hear nothing of the
    supplier's tickets meanwhile."""
    if not people:
        return []
    staff = set(
        Membership.objects.filter(
            organisation_id=supplier_id, person_id__in=[p.pk for p in people]
        ).values_list("person_id", flat=True)
    )
    return [person for person in people if person.pk in staff]


def quality_controllers(supplier_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__organisation_id=supplier_id,
            memberships__role=Role.QUALITY_CONTROLLER,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def is_off_duty(person: Person, supplier_id: int, moment: dt.datetime) -> bool:
    """True when every group of the supplier that ``person`` is in is off work at
    ``moment``; a person in no group has no calendar that says so, and is on duty."""
    groups = list(DutyGroup.objects.filter(supplier_id=supplier_id, members=person))
    return bool(groups) and not any(group.is_on_duty(moment) for group in groups)
