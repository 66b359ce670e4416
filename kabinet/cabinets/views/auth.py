"""Sign in with a password or single sign-on, then the TOTP code when the person enabled it.

Both ways of proving who one is end in ``complete_sign_in``, so the second factor is asked
whatever the first one was.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kabinet.cabinets import totp
from kabinet.cabinets.forms import CodeForm, SignInForm
from kabinet.cabinets.queries import profile_of
from kabinet.orgs.models import Person

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
    """``target`` when it stays on this site, otherwise the cabinet home."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cabinets:home")


class SignInView(LoginView):
    """Password first; a person with a second factor is only remembered as pending."""

    form_class = SignInForm
    template_name = "cabinets/auth/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        person = form.get_user()
        assert isinstance(person, Person)
        return complete_sign_in(self.request, person, self.get_success_url())


@require_http_methods(["GET", "POST"])
def login_totp(request: HttpRequest) -> HttpResponseBase:
    pending = request.session.get(PENDING)
    person = Person.objects.filter(pk=int(pending or 0), is_active=True).first()
    if person is None:
        return redirect("cabinets:login")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if totp.code_is_valid(profile_of(person).totp_secret, form.cleaned_data["code"]):
            target = safe_target(request, request.session.get(PENDING_NEXT))
            login(request, person, backend=BACKEND)
            return redirect(target)
        form.add_error("code", _("The code is wrong or expired."))
    return render(request, "cabinets/auth/totp.html", {"form": form})
