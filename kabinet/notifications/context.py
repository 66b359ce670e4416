"""Template context for every page: how many of the signed-in person's notices are unread
(the count in the header)."""

from __future__ import annotations

from django.http import HttpRequest

from kabinet.notifications.queries import unread_count
from kabinet.orgs.models import Person


def unread_notices(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if not isinstance(user, Person):
        return {}
    return {"unread_notices": unread_count(user)}
