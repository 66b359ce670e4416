"""Tenant-checked fetches of organisation-owned rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.errors import NotFoundError
from kabinet.orgs.models import ApiToken, Person


def access_api_token(person: Person, token_id: int) -> ApiToken:
    """The person's own token; another person's token is reported as not found."""
    try:
        return ApiToken.objects.get(pk=token_id, person=person)
    except ApiToken.DoesNotExist:
        raise NotFoundError(_("Token not found.")) from None
