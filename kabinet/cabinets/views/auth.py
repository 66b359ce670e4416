"""Sign in with a password or single sign-on, then the TOTP code when the person enabled it.

Both ways of proving who one is end in ``complete_sign_in``, so the second factor is asked
whatever the first one was.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kabinet.cabinets import totp
from kabinet.cabinets.forms import CodeForm, SignInForm
from kabinet.cabinets.queries import profile_of
from kabinet.cabinets.signin import BACKEND, PENDING, PENDING_NEXT, complete_sign_in, safe_target
from kabinet.orgs.models import Person


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
