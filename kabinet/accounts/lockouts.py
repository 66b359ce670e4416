"""Limits on guessing passwords and TOTP codes, through django-axes: who is locked out, until
when, and the page that says so.

Axes counts failed passwords itself (its authentication backend refuses a locked-out attempt
before the password hash is computed); the TOTP step reports its failures here, under the
same account and address, so the two share one limit. Lifting a lock is deleting its access
attempts, in the Django admin or with axes' ``axes_reset`` command.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kabinet import clock
from kabinet.orgs.models import Person


def client_address(request: HttpRequest) -> str:
    """The address the attempt came from: the peer, or behind ``KABINET_TRUSTED_PROXIES``
    proxies the address the outermost of them saw (X-Forwarded-For read from the right,
    since a client can write anything on its left)."""
    proxies: int = settings.KABINET_TRUSTED_PROXIES
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [a.strip() for a in header.split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def credentials_of(person: Person) -> dict[str, str]:
    return {"username": person.get_username()}


def is_locked_out(request: HttpRequest, person: Person) -> bool:
    """True while the person's account or the request's address has reached the limit."""
    return not AxesProxyHandler.is_allowed(request, credentials_of(person))


def record_failed_code(request: HttpRequest, person: Person) -> bool:
    """Count a wrong TOTP code as a failed sign-in of ``person``; True when it locks out."""
    user_login_failed.send(sender=__name__, credentials=credentials_of(person), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def locked_until(request: HttpRequest, credentials: dict[str, str] | None) -> dt.datetime:
    """The first whole minute at which the lock on this request's account and address has
    ended (failures during a lock do not count): for each locked one, the moment enough of
    its failures have aged past the cool-off to fall under the limit."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    limit = get_failure_limit(request, credentials)
    handler = AxesProxyHandler.get_implementation()
    ends = [
        _end_of(attempts, limit, cool_off)
        for attempts in handler.get_user_attempts(request, credentials)
    ]
    end = max([end for end in ends if end is not None], default=clock.resolve(None))
    # Axes still counts an attempt exactly one cool-off old; the next whole minute is free.
    return end.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def _end_of(
    attempts: QuerySet[AccessAttempt], limit: int, cool_off: dt.timedelta
) -> dt.datetime | None:
    rows = list(
        attempts.order_by("-attempt_time").values_list("attempt_time", "failures_since_start")
    )
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= limit:
            # Once this row ages out, the newer rows alone stay under the limit.
            return attempt_time + cool_off  # type: ignore[no-any-return]
    return None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """The page of a locked-out attempt (axes' AXES_LOCKOUT_CALLABLE): when to try again."""
    until = locked_until(request, credentials)
    minutes = max(1, math.ceil((until - clock.resolve(None)).total_seconds() / 60))
    context = {"until": until, "minutes": minutes}
    response = render(request, "accounts/locked.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
