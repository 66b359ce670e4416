"""Tenancy reads: which organisations' data a person reaches, on which side of a contract.

Every answer comes from one read of the person's memberships (with each organisation's kind
and company group), and, for a person in a company group, one read of the group's members.
By default each call reads afresh; ``memoise_memberships`` lets one request reuse its read,
for the request's own Person instance only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from kabinet import clock
from kabinet.orgs.models import (
    CUSTOMER_VOICE_ROLES,
    PARTNER_STAFF_ROLES,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    Person,
)

SUPPLIER_KINDS = frozenset({OrganisationKind.PARTNER, OrganisationKind.VENDOR})
CUSTOMER_SIDE_KINDS = frozenset({OrganisationKind.CUSTOMER, OrganisationKind.PARTNER})
_MEMO_ATTRIBUTE = "_kabinet_membership_memo"
# Bumped by every role change in this process: a memoised read older than it is not used.
_generation = 0


@dataclass(frozen=True)
class MembershipRow:
    organisation_id: int
    role: str
    kind: str
    group_id: int | None


@dataclass(frozen=True)
class GroupMember:
    organisation_id: int
    kind: str
    group_id: int
    has_status: bool  # a partner whose status covers the day of the read


# Built once, cloned per read: every request with a tenancy check reads the memberships.
_MEMBERSHIP_ROWS = Membership.objects.values_list(
    "organisation_id", "role", "organisation__kind", "organisation__group_id"
)


@dataclass
class MembershipSnapshot:
    """A person's memberships as read at one moment; the company-group members the
    customer side and the partner's group add are read on first need, at most once."""

    rows: tuple[MembershipRow, ...]
    _group: tuple[GroupMember, ...] | None = field(default=None, repr=False)

    @classmethod
    def read(cls, person: Person) -> MembershipSnapshot:
        rows = _MEMBERSHIP_ROWS.filter(person_id=person.pk)
        return cls(rows=tuple(MembershipRow(*row) for row in rows))

    def organisation_ids(self, kinds: Iterable[str] | None = None) -> set[int]:
        wanted = None if kinds is None else {str(kind) for kind in kinds}
        return {row.organisation_id for row in self.rows if wanted is None or row.kind in wanted}

    def _group_read(self) -> tuple[GroupMember, ...]:
        """Every organisation in a company group of one of the person's organisations,
        with whether it is a partner holding a status today (one query)."""
        if self._group is None:
            group_ids = {row.group_id for row in self.rows if row.group_id is not None}
            if not group_ids:
                self._group = ()
            else:
                today = timezone.localdate(clock.now())
                status = PartnerStatus.objects.filter(
                    organisation_id=OuterRef("pk"), valid_from__lte=today, valid_to__gte=today
                )
                members = (
                    Organisation.objects.filter(group_id__in=group_ids)
                    .annotate(has_status=Exists(status))
                    .values_list("id", "kind", "group_id", "has_status")
                )
                self._group = tuple(GroupMember(*member) for member in members)
        return self._group

    def group_members(self) -> set[int]:
        """Customer organisations sharing a company group with one of the person's
        customer organisations."""
        customer_groups = {
            row.group_id
            for row in self.rows
            if row.kind == OrganisationKind.CUSTOMER and row.group_id is not None
        }
        if not customer_groups:
            return set()
        return {
            member.organisation_id
            for member in self._group_read()
            if member.kind == OrganisationKind.CUSTOMER and member.group_id in customer_groups
        }

    def group_partners(self) -> set[int]:
        """Partners holding a status today (ЦК КОРП or candidate) in a company group of one
        of the person's organisations, whatever its kind: seed 001 gives every employee of
        every member of such a group the partner's access to the service, that is the
        partner's side with the vendor. Their access ends with the partner's status (the
        partner's own staff keep reading after it, as the seed says of the partner)."""
        if not any(row.group_id is not None for row in self.rows):
            return set()
        return {
            member.organisation_id
            for member in self._group_read()
            if member.kind == OrganisationKind.PARTNER and member.has_status
        }

    def kinds_with_role(self, role: str) -> set[str]:
        """The kinds of organisation in which the person holds ``role``."""
        return {row.kind for row in self.rows if row.role == str(role)}

    def has_role(self, organisation_ids: Iterable[int], roles: Iterable[str]) -> bool:
        wanted_orgs, wanted_roles = set(organisation_ids), {str(role) for role in roles}
        return any(
            row.organisation_id in wanted_orgs and row.role in wanted_roles for row in self.rows
        )


@dataclass
class _Memo:
    generation: int = -1
    snapshot: MembershipSnapshot | None = None


def memoise_memberships(person: Person) -> Person:
    """Let the tenancy reads of this Person instance share one membership read until a role
    changes. For an instance that lives one request (the API's token lookup loads a new one
    each time), never for one kept across requests: another process's role change is not
    seen by a memoised instance."""
    setattr(person, _MEMO_ATTRIBUTE, _Memo())
    return person


def forget_memberships(person: Person) -> None:
    """A role of ``person`` changed: no memoised read of any instance in this process is
    used again (the person's other instances, e.g. the request's actor, included)."""
    global _generation
    _generation += 1
    memo = getattr(person, _MEMO_ATTRIBUTE, None)
    if isinstance(memo, _Memo):
        memo.snapshot = None


def membership_snapshot(person: Person) -> MembershipSnapshot:
    memo = getattr(person, _MEMO_ATTRIBUTE, None)
    if not isinstance(memo, _Memo):
        return MembershipSnapshot.read(person)
    if memo.snapshot is None or memo.generation != _generation:
        memo.generation = _generation
        memo.snapshot = MembershipSnapshot.read(person)
    return memo.snapshot


def organisation_ids(person: Person) -> set[int]:
    """Organisations the person is a member of, in any role."""
    return membership_snapshot(person).organisation_ids()


def supplier_organisation_ids(person: Person) -> set[int]:
    """Partner or vendor organisations of the person: they see contracts they supply."""
    return membership_snapshot(person).organisation_ids(SUPPLIER_KINDS)


def customer_organisation_ids(person: Person) -> set[int]:
    """Organisations the person reaches on the customer side of a contract: their customer
    organisations plus every member of their groups, and their partners, which are the
    customer of their own contracts with the vendor (seed 001: the partner files and answers
    on the vendor ticket as its customer), and the partners with a status in their company
    group (``group_partners``)."""
    snapshot = membership_snapshot(person)
    return (
        snapshot.organisation_ids(CUSTOMER_SIDE_KINDS)
        | snapshot.group_members()
        | snapshot.group_partners()
    )


def has_role(person: Person, organisation_id: int, *roles: str) -> bool:
    return membership_snapshot(person).has_role((organisation_id,), roles)


def has_role_in_any(person: Person, organisation_ids: Iterable[int], *roles: str) -> bool:
    """Does the person hold one of the roles in any of these organisations?"""
    return membership_snapshot(person).has_role(organisation_ids, roles)


def speaks_for_customer(person: Person, customer_id: int) -> bool:
    """May the person act for the customer (file, reopen, request services)? They reach the
    customer and are an authorised contact or an organisation admin in one of the
    organisations they reach on the customer side (their own or their group's)."""
    reachable = customer_organisation_ids(person)
    return customer_id in reachable and has_role_in_any(person, reachable, *CUSTOMER_VOICE_ROLES)


def is_partner_staff(person: Person, partner_id: int) -> bool:
    """An engineer or manager of the partner, or, while the partner holds a status, any
    employee of a member of its company group (seed 001): they work with the vendor as the
    partner's staff. Not the partner's supplier side: its customers' tickets stay with the
    partner's own people."""
    snapshot = membership_snapshot(person)
    return (
        snapshot.has_role((partner_id,), PARTNER_STAFF_ROLES)
        or partner_id in snapshot.group_partners()
    )


def partner_status_covers(organisation_id: int, day: dt.date) -> bool:
    """Does one of the partner's statuses cover ``day``? Without one, the partner keeps read
    access but may neither file with the vendor nor escalate (seed 001)."""
    statuses = PartnerStatus.objects.filter(
        organisation_id=organisation_id, valid_from__lte=day, valid_to__gte=day
    )
    return statuses.exists()
