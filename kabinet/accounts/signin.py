"""The end of every way in (password, single sign-on): the TOTP step when the person enabled
it, then the session. The password page here and ``kabinet.sso`` both call it, so the second
factor is asked whatever proved the person's identity."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from kabinet.accounts.queries import profile_of
from kabinet.orgs.models import Person

# The session keys keep the names they had in the cabinets: a pending sign-in survives.
PENDING = "cabinets_pending_person"
PENDING_NEXT = "cabinets_pending_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def complete_sign_in(request: HttpRequest, person: Person, target: str) -> HttpResponse:
    """Sign ``person`` in and go to ``target``, or hold them at the code page first.

    The caller has proved who the person is (password or a verified ID token). A person with
    TOTP enabled is only remembered as pending: an identity provider's own second factor, if
    any, is not visible to Kabinet, so it does not replace Kabinet's.
    """
    if profile_of(person).totp_enabled:
        request.session[PENDING] = person.pk
        request.session[PENDING_NEXT] = target
        return redirect("cabinets:login_totp")
    login(request, person, backend=BACKEND)
    return redirect(safe_target(request, target))


def safe_target(request: HttpRequest, target: str | None) -> str:
    """``target`` when it stays on this site, otherwise ``LOGIN_REDIRECT_URL`` (the home
    page)."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)
