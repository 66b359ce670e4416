"""The person's own settings: display time zone and the TOTP second factor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kabinet.cabinets import actions, totp
from kabinet.cabinets.forms import CodeForm, TimeZoneForm
from kabinet.cabinets.queries import profile_of
from kabinet.cabinets.views.common import attempt, person_of


def _page(
    request: HttpRequest,
    *,
    zone_form: TimeZoneForm | None = None,
    code_form: CodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    person = person_of(request)
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
    return render(request, "cabinets/account.html", context, status=status)


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def set_time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST)
    zone = request.POST.get("time_zone", "")
    if form.is_valid() and attempt(form, lambda: actions.set_time_zone(person_of(request), zone)):
        messages.success(request, _("Time zone saved."))
        return redirect("cabinets:account")
    return _page(request, zone_form=form, status=400)


@login_required
@require_POST
def totp_begin(request: HttpRequest) -> HttpResponse:
    actions.begin_totp_setup(person_of(request))
    return redirect("cabinets:account")


@login_required
@require_POST
def totp_confirm(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    code = request.POST.get("code", "")
    if form.is_valid() and attempt(form, lambda: actions.confirm_totp(person_of(request), code)):
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect("cabinets:account")
    return _page(request, code_form=form, status=400)


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    code = request.POST.get("code", "")
    if form.is_valid() and attempt(form, lambda: actions.disable_totp(person_of(request), code)):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("cabinets:account")
    return _page(request, code_form=form, status=400)
