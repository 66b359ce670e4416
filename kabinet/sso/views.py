"""The two SSO pages: off to the provider, and back from it. Both answer 404 when SSO is off.

Every failure ends on the sign-in page with a message a person can act on; the details go to
the log, never to the page.
"""

from __future__ import annotations

import logging

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kabinet.accounts.signin import complete_sign_in, safe_target
from kabinet.sso import client
from kabinet.sso.actions import UnknownIdentityError, link_identity
from kabinet.sso.config import Provider, current

log = logging.getLogger(__name__)
NEXT = "sso_next"


def _provider() -> Provider:
    provider = current()
    if provider is None:
        raise Http404
    return provider


@require_GET
def begin(request: HttpRequest) -> HttpResponse:
    provider = _provider()
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    request.session[NEXT] = safe_target(request, request.GET.get("next"))
    callback_uri = request.build_absolute_uri(reverse("sso:callback"))
    try:
        return client.redirect_to_provider(request, provider, callback_uri)
    except client.PROVIDER_ERRORS as exc:
        return _refuse(request, provider, exc)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    provider = _provider()
    try:
        claims = client.verified_claims(request, provider)
    except client.PROVIDER_ERRORS as exc:
        return _refuse(request, provider, exc)
    try:
        person = link_identity(
            issuer=provider.issuer, claims=claims, create_people=provider.create_people
        )
    except UnknownIdentityError as exc:
        log.info(
            "SSO identity %s at %s refused: no matching person", claims["sub"], provider.issuer
        )
        messages.error(request, str(exc.message))
        return redirect(settings.LOGIN_URL)
    return complete_sign_in(request, person, request.session.pop(NEXT, ""))


def _refuse(request: HttpRequest, provider: Provider, exc: Exception) -> HttpResponse:
    log.warning("SSO with %s failed: %r", provider.issuer, exc)
    messages.error(request, _message_for(exc, provider.label))
    return redirect(settings.LOGIN_URL)


def _message_for(exc: Exception, label: str) -> str:
    if isinstance(exc, MismatchingStateError):
        return _("This sign-in attempt has expired or was not started here. Please start again.")
    if isinstance(exc, OAuthError) and exc.error == "access_denied":
        return _("Sign-in with %(provider)s was cancelled.") % {"provider": label}
    return _(
        "%(provider)s could not confirm who you are right now. Try again later or sign in "
        "with your password."
    ) % {"provider": label}
