"""Sign in with a password, then the TOTP code (or a recovery code) when the person enabled
it; the person's own profile page (display time zone, the TOTP second factor and its
recovery codes, password change, sessions); accepting an invitation; password reset.

Every way of proving who one is (this password page, ``kabinet.sso``) ends in
``signin.complete_sign_in``, so the second factor is asked whatever the first one was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.accounts import actions, lockouts, totp
from kabinet.accounts.forms import (
    CodeForm,
    PasswordForm,
    ResetRequestForm,
    SignInCodeForm,
    SignInForm,
    TimeZoneForm,
)
from kabinet.accounts.queries import (
    likely_zones,
    profile_of,
    sessions_of,
    unused_recovery_codes,
)
from kabinet.accounts.sessions import track_signed_in_session
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
    form = SignInCodeForm(request.POST or None)
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
    password_form: PasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    person = _person(request)
    profile = profile_of(person)
    pending = bool(profile.totp_secret) and not profile.totp_enabled
    uri = totp.provisioning_uri(profile.totp_secret, person.username) if pending else ""
    context = {
        "profile": profile,
        "zone_form": zone_form
        or TimeZoneForm(initial={"time_zone": profile.time_zone}, likely=likely_zones(person)),
        "code_form": code_form or CodeForm(),
        "password_form": password_form or PasswordForm(),
        "otpauth_uri": uri,
        "qr_svg": totp.qr_svg(uri) if uri else "",
        "recovery_left": unused_recovery_codes(person) if profile.totp_enabled else 0,
        "sessions": sessions_of(person),
        "this_session": request.session.session_key,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def set_time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST, likely=likely_zones(_person(request)))
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
    form = PasswordForm(request.POST)
    password = request.POST.get("password", "")
    if form.is_valid() and _done(form, lambda: actions.disable_totp(_person(request), password)):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("cabinets:account")
    return _page(request, password_form=form, status=400)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A new set of ten recovery codes, shown on this answer only."""
    person = _person(request)
    if not profile_of(person).totp_enabled:
        messages.error(request, _("Turn on two-factor sign-in first."))
        return redirect("cabinets:account")
    codes = actions.regenerate_recovery_codes(person)
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    ended = actions.sign_out_everywhere(_person(request))
    logout(request)
    messages.success(
        request,
        ngettext("%(count)d session ended.", "%(count)d sessions ended.", max(ended, 1))
        % {"count": max(ended, 1)},
    )
    return redirect(settings.LOGIN_URL)


# --- invitation, password reset and change ------------------------------------------------


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person sets their password; then they are signed in and land on their
    profile, where they may turn on the second factor."""
    try:
        invitation = actions.open_invitation(token)
    except DomainError as error:
        return render(request, "accounts/invitation.html", {"error": error.message}, status=404)
    form = SetPasswordForm(invitation.person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password1"]
        accepted: list[Person] = []
        if _done(form, lambda: accepted.append(actions.accept_invitation(token, password))):
            if request.user.is_authenticated:
                logout(request)
            login(request, accepted[0], backend=BACKEND)
            messages.success(
                request,
                _("Welcome! Your password is set. You may turn on two-factor sign-in below."),
            )
            return redirect("cabinets:account")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation.html", context, status=status)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.send_password_reset(form.cleaned_data["email"])
        return redirect("cabinets:password_reset_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@require_GET
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


class _BadInputIs400:
    """Django's form views answer an invalid form with 200; ours say 400."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response  # type: ignore[no-any-return]


class PasswordResetConfirm(_BadInputIs400, PasswordResetConfirmView):
    """Django's one-time link check (the token dies with the password it was made for)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("cabinets:login")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm[Person]) -> HttpResponse:
        messages.success(self.request, _("Your new password is set. Sign in with it."))
        return super().form_valid(form)


class PasswordChange(_BadInputIs400, PasswordChangeView):
    """The person's own password; their other sessions end (Django's session hash)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("cabinets:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # the session gets a new key: name it again
        track_signed_in_session(None, self.request, self.request.user)
        messages.success(self.request, _("Your password is changed."))
        return response
