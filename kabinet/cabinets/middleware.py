"""Per-request set-up of the cabinets: times in the signed-in person's time zone (their
cabinet profile, else Moscow), and one membership read for the request's tenancy checks."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kabinet.cabinets.models import DEFAULT_TIME_ZONE, CabinetProfile
from kabinet.orgs.models import Person
from kabinet.orgs.queries import memoise_memberships


class PersonTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = DEFAULT_TIME_ZONE
        if request.user.is_authenticated:
            stored = (
                CabinetProfile.objects.filter(person_id=request.user.pk)
                .values_list("time_zone", flat=True)
                .first()
            )
            zone = stored or DEFAULT_TIME_ZONE
        timezone.activate(ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class MembershipsPerRequestMiddleware:
    """The signed-in person's tenancy reads share one membership read for the request: the
    session loads a new Person instance per request, so nothing outlives it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and isinstance(request.user, Person):
            memoise_memberships(request.user)
        return self.get_response(request)
