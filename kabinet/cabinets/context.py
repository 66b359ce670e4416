"""Template context for every page: which cabinets the signed-in person may open."""

from __future__ import annotations

from django.http import HttpRequest

from kabinet.cabinets.queries import cabinets_of
from kabinet.orgs.models import Person


def cabinets(request: HttpRequest) -> dict[str, list[str]]:
    user = getattr(request, "user", None)
    if not isinstance(user, Person):
        return {"cabinets": []}
    return {"cabinets": [cabinet.value for cabinet in cabinets_of(user)]}
