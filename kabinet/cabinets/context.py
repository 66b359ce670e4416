"""Template context for every page: which cabinets the signed-in person may open, and which
administration pages."""

from __future__ import annotations

from django.http import HttpRequest

from kabinet.cabinets.queries import cabinets_of
from kabinet.orgs.models import Person, Role
from kabinet.orgs.queries import membership_snapshot


def cabinets(request: HttpRequest) -> dict[str, object]:
    """``cabinets``: the cabinets' names; ``administers``: the kinds of organisation the
    person is an admin of (for the People, Partners, Customers and Audit links);
    ``may_set_up``: they administer a partner or the vendor (the set-up pages)."""
    user = getattr(request, "user", None)
    if not isinstance(user, Person):
        return {"cabinets": [], "administers": [], "may_set_up": False}
    # From the memberships the page has read already: no statement of its own per page.
    administers = sorted(membership_snapshot(user).kinds_with_role(Role.ORG_ADMIN))
    return {
        "cabinets": [cabinet.value for cabinet in cabinets_of(user)],
        "administers": administers,
        "may_set_up": bool({"partner", "vendor"} & set(administers)),
    }
