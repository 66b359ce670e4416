"""Per request: times in the signed-in person's time zone (their profile, else Moscow), and
the session they use named for their list of sessions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kabinet.accounts import actions
from kabinet.accounts.lockouts import client_address
from kabinet.accounts.models import DEFAULT_TIME_ZONE, Profile
from kabinet.orgs.models import Person

log = logging.getLogger(__name__)


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


class SessionTrackingMiddleware:
    """Names each signed-in session in ``SignedInSession`` after the response (when a
    sign-in has given the session its key), so the profile lists it and "sign out
    everywhere" can end it. A deactivated person needs nothing here: the authentication
    backend refuses an inactive person, so their next request is anonymous."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if isinstance(user, Person) and user.is_authenticated and key:
            try:
                # Its own savepoint: bookkeeping that fails (a read-only database) neither
                # breaks the page already answered nor the request's transaction.
                with transaction.atomic():
                    actions.track_session(
                        user,
                        key,
                        address=client_address(request),
                        user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
                    )
            except DatabaseError:
                log.warning("session of person %s not tracked", user.pk, exc_info=True)
        return response
