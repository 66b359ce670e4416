"""Sign in with a password, then the TOTP code when the person enabled it; sign out."""

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


class SignInView(LoginView):
    """Password first; a person with a second factor is only remembered as pending."""

    form_class = SignInForm
    template_name = "cabinets/auth/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        person = form.get_user()
        assert isinstance(person, Person)
        if not profile_of(person).totp_enabled:
            return super().form_valid(form)
        self.request.session[PENDING] = person.pk
        self.request.session[PENDING_NEXT] = self.get_success_url()
        return redirect("cabinets:login_totp")


@require_http_methods(["GET", "POST"])
def login_totp(request: HttpRequest) -> HttpResponseBase:
    pending = request.session.get(PENDING)
    person = Person.objects.filter(pk=int(pending or 0), is_active=True).first()
    if person is None:
        return redirect("cabinets:login")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if totp.code_is_valid(profile_of(person).totp_secret, form.cleaned_data["code"]):
            target = request.session.get(PENDING_NEXT) or reverse("cabinets:home")
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("cabinets:home")
            return redirect(target)
        form.add_error("code", _("The code is wrong or expired."))
    return render(request, "cabinets/auth/totp.html", {"form": form})
