"""Reading the acting person off an authenticated DRF request."""

from __future__ import annotations

from rest_framework.request import Request

from kabinet.orgs.models import Person


def person_of(request: Request) -> Person:
    """The authenticated person; views run behind IsAuthenticated, so this always holds."""
    user = request.user
    assert isinstance(user, Person)
    return user
