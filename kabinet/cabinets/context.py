"""Template context for every page: which cabinets the signed-in person may open."""

from __future__ import annotations

from django.http import HttpRequest

from kabinet.cabinets.queries import cabinets_of
from kabinet.contracts.access import administered_supplier_ids
from kabinet.orgs.models import Person


def cabinets(request: HttpRequest) -> dict[str, object]:
    """Also ``may_set_up``: the person administers a partner or the vendor (the set-up
    pages)."""
    user = getattr(request, "user", None)
    if not isinstance(user, Person):
        return {"cabinets": [], "may_set_up": False}
    return {
        "cabinets": [cabinet.value for cabinet in cabinets_of(user)],
        "may_set_up": bool(administered_supplier_ids(user)),
    }
