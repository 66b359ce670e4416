"""A request runs in the signed-in person's time zone, Moscow for anyone else."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from kabinet.accounts.actions import set_time_zone
from kabinet.accounts.middleware import PersonTimeZoneMiddleware
from kabinet.conftest import World
from kabinet.orgs.models import Person


def zone_seen_by(user: Person | AnonymousUser) -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    PersonTimeZoneMiddleware(view)(request)
    return seen[0]


def test_a_person_sees_times_in_their_own_zone(world: World) -> None:
    set_time_zone(world.contact, "Asia/Yekaterinburg")

    assert zone_seen_by(world.contact) == "Asia/Yekaterinburg"
    assert timezone.get_current_timezone_name() == "UTC"  # only for the request


def test_without_a_profile_or_a_sign_in_the_zone_is_moscow(world: World) -> None:
    assert zone_seen_by(world.engineer) == "Europe/Moscow"
    assert zone_seen_by(AnonymousUser()) == "Europe/Moscow"
