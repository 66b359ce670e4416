"""Tenant-checked fetches of organisation-owned rows, and who administers what: an admin
manages their organisation's people, the vendor's admins its partners, a partner's admins
its customers. Anything out of reach is "not found", like a wrong address."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.errors import NotFoundError
from kabinet.orgs.models import (
    ApiToken,
    Certificate,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    Person,
    Role,
)


def access_api_token(person: Person, token_id: int) -> ApiToken:
    """The person's own token; another person's token is reported as not found."""
    try:
        return ApiToken.objects.get(pk=token_id, person=person)
    except ApiToken.DoesNotExist:
        raise NotFoundError(_("Token not found.")) from None


def administered_organisations(person: Person) -> QuerySet[Organisation]:
    """Organisations whose people ``person`` manages: those where they are an admin."""
    return (
        Organisation.objects.filter(memberships__person=person, memberships__role=Role.ORG_ADMIN)
        .distinct()
        .order_by("name")
    )


def manageable_organisations(person: Person) -> QuerySet[Organisation]:
    """Organisations whose people ``person`` may invite, grant roles to and deactivate:
    those they administer and those set up by one of them (the vendor's partners, a
    partner's customers), so a new partner or customer gets its first people (seed 001,
    п.6.1 and 6.3)."""
    own = administered_organisations(person).values("pk")
    return Organisation.objects.filter(Q(pk__in=own) | Q(managed_by__in=own)).order_by("name", "pk")


def managed_organisations(person: Person, kind: str) -> QuerySet[Organisation]:
    """Organisations of ``kind`` set up by one the person administers: the vendor's
    partners, a partner's customers."""
    return Organisation.objects.filter(
        kind=kind, managed_by__in=administered_organisations(person)
    ).order_by("name")


def access_administered_organisation(person: Person, organisation_id: int) -> Organisation:
    try:
        return administered_organisations(person).get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise NotFoundError(_("Organisation not found.")) from None


def access_managed_organisation(person: Person, organisation_id: int, kind: str) -> Organisation:
    try:
        return managed_organisations(person, kind).get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise NotFoundError(_("Organisation not found.")) from None


def access_member(organisation: Organisation, person_id: int) -> Person:
    """A person with a role in ``organisation`` (which the caller has already reached)."""
    found = Person.objects.filter(pk=person_id, memberships__organisation=organisation).first()
    if found is None:
        raise NotFoundError(_("Person not found."))
    return found


def access_certificate(person: Person, certificate_id: int) -> tuple[Organisation, Certificate]:
    """A certificate of someone in a partner the person administers, with that partner."""
    partners = administered_organisations(person).filter(kind=OrganisationKind.PARTNER)
    certificate = (
        Certificate.objects.filter(
            pk=certificate_id, person__memberships__organisation__in=partners
        )
        .select_related("person")
        .first()
    )
    if certificate is None:
        raise NotFoundError(_("Certificate not found."))
    organisation = partners.filter(memberships__person=certificate.person).first()
    assert organisation is not None  # the filter above found the certificate through one
    return organisation, certificate


def access_partner_status(person: Person, status_id: int) -> PartnerStatus:
    """A status of a partner that a vendor the person administers manages."""
    partners = managed_organisations(person, OrganisationKind.PARTNER)
    status = PartnerStatus.objects.filter(pk=status_id, organisation__in=partners).first()
    if status is None:
        raise NotFoundError(_("Partner status not found."))
    return status


def audit_organisation_ids(person: Person) -> set[int]:
    """Whose audit records the person reads: the organisations they administer and, down the
    chain of who set whom up, the vendor's partners and those partners' customers."""
    own = set(administered_organisations(person).values_list("id", flat=True))
    first = set(Organisation.objects.filter(managed_by__in=own).values_list("id", flat=True))
    second = set(Organisation.objects.filter(managed_by__in=first).values_list("id", flat=True))
    return own | first | second
