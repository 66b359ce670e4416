"""Per-request set-up of the cabinets: one membership read for the request's tenancy checks
(the person's time zone is ``kabinet.accounts.middleware``'s)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kabinet.orgs.models import Person
from kabinet.orgs.queries import memoise_memberships


class MembershipsPerRequestMiddleware:
    """The signed-in person's tenancy reads share one membership read for the request: the
    session loads a new Person instance per request, so nothing outlives it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and isinstance(request.user, Person):
            memoise_memberships(request.user)
        return self.get_response(request)
