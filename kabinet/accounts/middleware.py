"""Per-request time zone: times in the signed-in person's time zone (their profile, else
Moscow)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kabinet.accounts.models import DEFAULT_TIME_ZONE, Profile


class PersonTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = DEFAULT_TIME_ZONE
        if request.user.is_authenticated:
            stored = (
                Profile.objects.filter(person_id=request.user.pk)
                .values_list("time_zone", flat=True)
                .first()
            )
            zone = stored or DEFAULT_TIME_ZONE
        timezone.activate(ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
