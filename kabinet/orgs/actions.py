"""State changes of organisations and people: roles, deactivation, certificates, partner
statuses, organisations and API tokens. Each change of people or their standing is recorded
in the audit trail in its own transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.audit.actions import changed_only, record_change, snapshot
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.models import (
    MAX_ORG_ADMINS,
    ApiToken,
    Certificate,
    CompanyGroup,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    Person,
    Role,
)
from kabinet.orgs.queries import forget_memberships

TOKEN_PREFIX = "kbt_"


def _admins(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organisation=organisation, role=Role.ORG_ADMIN, person__is_active=True
    )


def _role_record(membership: Membership) -> dict[str, object]:
    return {"person": membership.person_id, "role": membership.role}


def grant_role(
    *,
    organisation: Organisation,
    person: Person,
    role: Role,
    actor: Person | None = None,
    address: str | None = None,
) -> Membership:
    """Give person a role in organisation; at most two organisation admins per organisation.
    A new role is recorded in the audit trail with the grant, in one transaction."""
    with transaction.atomic():
        # The organisation row lock serialises concurrent grants, so the admin count holds.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        existing = Membership.objects.filter(organisation=organisation, person=person, role=role)
        if existing.exists():
            return existing.get()
        if role == Role.ORG_ADMIN and _admins(organisation).count() >= MAX_ORG_ADMINS:
            raise DomainError(
                _("An organisation may have at most two organisation admins."), field="role"
            )
        membership = Membership.objects.create(organisation=organisation, person=person, role=role)
        record_change(
            action="role.granted",
            target=person,
            organisation=organisation,
            actor=actor,
            address=address,
            after=_role_record(membership),
        )
        forget_memberships(person)
        return membership


def revoke_role(
    *,
    organisation: Organisation,
    person: Person,
    role: Role,
    actor: Person | None = None,
    address: str | None = None,
) -> None:
    """Take a role away. The last active organisation admin keeps theirs: an organisation
    without one has nobody to manage its people (seed 001, п.6.1)."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        membership = Membership.objects.filter(
            organisation=organisation, person=person, role=role
        ).first()
        if membership is None:
            return
        admins = _admins(organisation)
        if role == Role.ORG_ADMIN and person.is_active and admins.count() <= 1:
            raise DomainError(
                _("The last organisation admin cannot be removed: appoint another one first."),
                field="role",
            )
        before = _role_record(membership)
        membership.delete()
        record_change(
            action="role.revoked",
            target=person,
            organisation=organisation,
            actor=actor,
            address=address,
            before=before,
        )
        forget_memberships(person)


def deactivate_person(
    *,
    organisation: Organisation,
    person: Person,
    actor: Person | None = None,
    address: str | None = None,
) -> Person:
    """Take every role of ``person`` in ``organisation``; when they belong nowhere else they
    can no longer sign in either (their sessions end on their next request, since the
    authentication backend refuses an inactive person). Someone else's organisation is left
    alone: an admin answers only for their own."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if actor is not None and actor.pk == person.pk:
            raise DomainError(_("You cannot deactivate yourself."), field="person")
        memberships = Membership.objects.filter(organisation=organisation, person=person)
        roles = sorted(memberships.values_list("role", flat=True))
        if not roles:
            raise NotFoundError(_("Person not found."))
        if Role.ORG_ADMIN in roles and person.is_active and _admins(organisation).count() <= 1:
            raise DomainError(
                _("The last organisation admin cannot be removed: appoint another one first."),
                field="person",
            )
        memberships.delete()
        elsewhere = Membership.objects.filter(person=person).exists()
        before = {"roles": roles, "is_active": person.is_active}
        if not elsewhere and person.is_active:
            person.is_active = False
            person.save(update_fields=["is_active"])
        record_change(
            action="person.deactivated",
            target=person,
            organisation=organisation,
            actor=actor,
            address=address,
            before=before,
            after={"roles": [], "is_active": person.is_active},
        )
        forget_memberships(person)
        return person


CERTIFICATE_FIELDS = ("kind", "number", "valid_until")


def save_certificate(
    *,
    organisation: Organisation,
    person: Person,
    kind: str,
    number: str,
    valid_until: dt.date,
    certificate: Certificate | None = None,
    actor: Person | None = None,
    address: str | None = None,
) -> Certificate:
    """Add a certificate of one of the partner's engineers, or change one (``certificate``)."""
    with transaction.atomic():
        if not Membership.objects.filter(organisation=organisation, person=person).exists():
            raise NotFoundError(_("Person not found."))
        if certificate is None:
            certificate = Certificate(person=person)
            before: dict[str, object] = {}
        else:
            before = snapshot(certificate, CERTIFICATE_FIELDS)
        certificate.kind, certificate.number, certificate.valid_until = kind, number, valid_until
        certificate.save()
        old, new = changed_only(before, snapshot(certificate, CERTIFICATE_FIELDS))
        record_change(
            action="certificate.changed" if before else "certificate.added",
            target=certificate,
            organisation=organisation,
            actor=actor,
            address=address,
            before=old,
            after={"person": person.pk, **new},
        )
        return certificate


def remove_certificate(
    *,
    organisation: Organisation,
    certificate: Certificate,
    actor: Person | None = None,
    address: str | None = None,
) -> None:
    with transaction.atomic():
        before = {"person": certificate.person_id, **snapshot(certificate, CERTIFICATE_FIELDS)}
        record_change(
            action="certificate.removed",
            target=certificate,
            organisation=organisation,
            actor=actor,
            address=address,
            before=before,
        )
        certificate.delete()


STATUS_FIELDS = ("level", "valid_from", "valid_to")


def add_partner_status(
    *,
    partner: Organisation,
    level: str,
    valid_from: dt.date,
    valid_to: dt.date,
    actor: Person | None = None,
    address: str | None = None,
) -> PartnerStatus:
    """Give a partner a status over a period (both ends inclusive): it gates filing with the
    vendor and escalating (seed 001)."""
    if valid_to < valid_from:
        raise DomainError(_("The status cannot end before it starts."), field="valid_to")
    with transaction.atomic():
        status = PartnerStatus.objects.create(
            organisation=partner, level=level, valid_from=valid_from, valid_to=valid_to
        )
        record_change(
            action="partner_status.added",
            target=status,
            organisation=partner,
            actor=actor,
            address=address,
            after=snapshot(status, STATUS_FIELDS),
        )
        return status


def end_partner_status(
    *,
    status: PartnerStatus,
    on: dt.date,
    actor: Person | None = None,
    address: str | None = None,
) -> PartnerStatus:
    """End a status on ``on`` (inclusive); its period before stays, as history."""
    with transaction.atomic():
        before = snapshot(status, STATUS_FIELDS)
        status.valid_to = max(min(status.valid_to, on), status.valid_from)
        status.save(update_fields=["valid_to"])
        old, new = changed_only(before, snapshot(status, STATUS_FIELDS))
        record_change(
            action="partner_status.ended",
            target=status,
            organisation=status.organisation,
            actor=actor,
            address=address,
            before=old,
            after=new,
        )
        return status


def create_organisation(
    *,
    name: str,
    kind: OrganisationKind,
    managed_by: Organisation | None = None,
    group: CompanyGroup | None = None,
    actor: Person | None = None,
    address: str | None = None,
) -> Organisation:
    """A new partner (managed by the vendor) or customer (managed by a partner), recorded
    under itself; its manager's admins then see it along the chain."""
    if not name.strip():
        raise DomainError(_("Enter a name."), field="name")
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name.strip(), kind=kind, group=group, managed_by=managed_by
        )
        record_change(
            action="organisation.created",
            target=organisation,
            organisation=organisation,
            actor=actor,
            address=address,
            after={
                "name": organisation.name,
                "kind": str(kind),
                "managed_by": managed_by.pk if managed_by else None,
                "group": group.pk if group else None,
            },
        )
        return organisation


def set_company_group(
    *,
    organisation: Organisation,
    group_name: str,
    actor: Person | None = None,
    address: str | None = None,
) -> Organisation:
    """Put a customer in the company group of that name (made on first use), or in none for
    an empty name: organisations of one group share access to each other's tickets."""
    with transaction.atomic():
        before = {"group": organisation.group.name if organisation.group else None}
        name = group_name.strip()
        group = CompanyGroup.objects.get_or_create(name=name)[0] if name else None
        organisation.group = group
        organisation.save(update_fields=["group"])
        after = {"group": group.name if group else None}
        record_change(
            action="organisation.group_changed",
            target=organisation,
            organisation=organisation,
            actor=actor,
            address=address,
            before=before,
            after=after,
        )
        return organisation


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def issue_api_token(person: Person, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plaintext is returned once and never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name, prefix=plaintext[:12], key_hash=hash_token(plaintext)
    )
    return token, plaintext


def revoke_api_token(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    revoked_at = clock.resolve(now)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=revoked_at)
