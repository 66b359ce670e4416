"""Sign in with a password, then the TOTP code when the person enabled it; the person's own
profile page (display time zone, the TOTP second factor).

Every way of proving who one is (this password page, ``kabinet.sso``) ends in
``signin.complete_sign_in``, so the second factor is asked whatever the first one was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.accounts import actions, lockouts, totp
from kabinet.accounts.forms import CodeForm, SignInForm, TimeZoneForm
from kabinet.accounts.queries import profile_of
from kabinet.accounts.signin import BACKEND, PENDING, PENDING_NEXT, complete_sign_in, safe_target
from kabinet.errors import DomainError
from kabinet.orgs.models import Person


class SignInView(LoginView):
    """Password first; a person with a second factor is only remembered as pending."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The way out for who cannot sign in: the reset page where one is installed, and
        the supplier's support contact (``KABINET_SUPPORT_CONTACT``)."""
        context = super().get_context_data(**kwargs)
        try:
            context["reset_url"] = reverse("cabinets:password_reset")
        except NoReverseMatch:
            context["reset_url"] = ""
        context["support_contact"] = settings.KABINET_SUPPORT_CONTACT
        return context

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        person = form.get_user()
        assert isinstance(person, Person)
        return complete_sign_in(self.request, person, self.get_success_url())


@require_http_methods(["GET", "POST"])
def login_totp(request: HttpRequest) -> HttpResponseBase:
    pending = request.session.get(PENDING)
    person = Person.objects.filter(pk=int(pending or 0), is_active=True).first()
    if person is None:
        return redirect(settings.LOGIN_URL)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # Refused before the code is looked at: a locked-out guess learns nothing.
        if lockouts.is_locked_out(request, person):
            return lockouts.lockout_response(request, None, lockouts.credentials_of(person))
        code = form.cleaned_data["code"]
        if _done(form, lambda: actions.accept_sign_in_code(person, code)):
            target = safe_target(request, request.session.get(PENDING_NEXT))
            login(request, person, backend=BACKEND)
            return redirect(target)
        if lockouts.record_failed_code(request, person):
            return lockouts.lockout_response(request, None, lockouts.credentials_of(person))
    return render(request, "accounts/totp.html", {"form": form})


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # every profile view requires a signed-in person
    return user


def _done(form: forms.Form, call: Callable[[], object]) -> bool:
    """Run ``call`` (one action); a domain refusal becomes an error on the form's field."""
    try:
        call()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return False
    return True


def _page(
    request: HttpRequest,
    *,
    zone_form: TimeZoneForm | None = None,
    code_form: CodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    person = _person(request)
    profile = profile_of(person)
    pending = bool(profile.totp_secret) and not profile.totp_enabled
    context = {
        "profile": profile,
        "zone_form": zone_form or TimeZoneForm(initial={"time_zone": profile.time_zone}),
        "code_form": code_form or CodeForm(),
        "otpauth_uri": totp.provisioning_uri(profile.totp_secret, person.username)
        if pending
        else "",
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def set_time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST)
    zone = request.POST.get("time_zone", "")
    if form.is_valid() and _done(form, lambda: actions.set_time_zone(_person(request), zone)):
        messages.success(request, _("Time zone saved."))
        return redirect("cabinets:account")
    return _page(request, zone_form=form, status=400)


@login_required
@require_POST
def totp_begin(request: HttpRequest) -> HttpResponse:
    actions.begin_totp_setup(_person(request))
    return redirect("cabinets:account")


@login_required
@require_POST
def totp_confirm(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    code = request.POST.get("code", "")
    if form.is_valid() and _done(form, lambda: actions.confirm_totp(_person(request), code)):
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect("cabinets:account")
    return _page(request, code_form=form, status=400)


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    code = request.POST.get("code", "")
    if form.is_valid() and _done(form, lambda: actions.disable_totp(_person(request), code)):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("cabinets:account")
    return _page(request, code_form=form, status=400)
