"""The first act on an empty installation: the vendor organisation and its admin, who sets
up everything else through the pages (``kabinet createadmin``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet.audit.actions import record_change
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Organisation, OrganisationKind, Person, Role


def create_vendor_admin(
    *,
    organisation_name: str,
    username: str,
    email: str,
    password: str,
    full_name: str = "",
    now: dt.datetime | None = None,
) -> Person:
    """The vendor organisation (found by name, or created) and a new person who is its
    organisation admin. The password passes the installation's validators; an existing
    username is refused rather than given a new password."""
    person = Person(username=username, email=email, full_name=full_name)
    try:
        validate_password(password, user=person)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    with transaction.atomic():
        if Person.objects.filter(username=username).exists():
            raise ConflictError(
                _("The username %(username)s is taken.") % {"username": username},
                field="username",
            )
        organisation, created = Organisation.objects.get_or_create(
            name=organisation_name, kind=OrganisationKind.VENDOR
        )
        person.set_password(password)
        person.save()
        grant_role(organisation=organisation, person=person, role=Role.ORG_ADMIN)
        record_change(
            action="person.created_as_admin",
            target=person,
            organisation=organisation,
            after={"username": username, "organisation_created": created},
            now=now,
        )
    return person
