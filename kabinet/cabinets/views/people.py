"""The People page: an organisation's admins (customer, partner or vendor) invite people,
grant and revoke roles and deactivate people; a partner's admins keep their engineers'
certificates. Partners and customers are ``views.organisations``.

Every revoke, deactivation and removal is two steps: a GET shows what will happen and asks,
the POST of that page does it. Everything out of the person's reach is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet import clock
from kabinet.accounts.actions import invite_person
from kabinet.accounts.lockouts import client_address
from kabinet.cabinets.forms.people import (
    CertificateForm,
    DeactivateForm,
    InviteForm,
    RoleForm,
)
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.orgs import actions
from kabinet.orgs.access import (
    access_certificate,
    manageable_organisations,
)
from kabinet.orgs.models import (
    Certificate,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Role,
)

# A certificate this close to its end is flagged, so it is renewed before escalations stop.
EXPIRING_WITHIN = dt.timedelta(days=30)


def _administered(request: HttpRequest) -> QuerySet[Organisation]:
    organisations = manageable_organisations(person_of(request))
    if not organisations.exists():
        raise Http404
    return organisations


def _people(organisations: QuerySet[Organisation]) -> QuerySet[Person]:
    return (
        Person.objects.filter(memberships__organisation__in=organisations)
        .distinct()
        .order_by("full_name", "username")
    )


def _forms(request: HttpRequest, data: Any = None) -> dict[str, Any]:
    organisations = _administered(request)
    people = _people(organisations)
    return {
        "invite_form": InviteForm(data, organisations=organisations),
        "role_form": RoleForm(data, organisations=organisations, people=people),
        "certificate_form": CertificateForm(
            data,
            organisations=organisations.filter(kind=OrganisationKind.PARTNER),
            people=people,
        ),
    }


def _page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    organisations = _administered(request)
    today = clock.resolve(None).date()
    groups = []
    for org in organisations:
        memberships = (
            Membership.objects.filter(organisation=org)
            .select_related("person")
            .prefetch_related(
                Prefetch(
                    "person__certificates", queryset=Certificate.objects.order_by("valid_until")
                )
            )
            .order_by("person__full_name", "person__username", "role")
        )
        groups.append((org, list(memberships)))
    context = {
        **_forms(request),
        **forms,
        "groups": groups,
        "today": today,
        "soon": today + EXPIRING_WITHIN,
    }
    return render(request, "cabinets/people/people.html", context, status=status)


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = _forms(request, request.POST)["invite_form"]
    if form.is_valid():
        data = form.cleaned_data
        sent: list[Any] = []
        if attempt(
            form,
            lambda: sent.append(
                invite_person(
                    organisation=data["organisation"],
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    language=data["language"],
                    actor=person_of(request),
                    address=client_address(request),
                )
            ),
        ):
            result = sent[0]
            if result.link is None:
                messages.success(
                    request,
                    _("%(person)s already has an account and got the role.")
                    % {"person": result.person},
                )
            elif result.mailed:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": data["email"]}
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The invitation is saved but the mail server did not take it; "
                        "invite %(email)s again later."
                    )
                    % {"email": data["email"]},
                )
            return redirect("cabinets:people")
    return _page(request, status=400, invite_form=form)


@login_required
@require_POST
def grant(request: HttpRequest) -> HttpResponse:
    form = _forms(request, request.POST)["role_form"]
    if form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: actions.grant_role(
                organisation=data["organisation"],
                person=data["person"],
                role=Role(data["role"]),
                actor=person_of(request),
                address=client_address(request),
            ),
        ):
            messages.success(request, _("Role granted."))
            return redirect("cabinets:people")
    return _page(request, status=400, role_form=form)


def confirm_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    question: str,
    button: str,
    status: int = 200,
    back: str = "cabinets:people",
) -> HttpResponse:
    """The page that asks before a revoke or removal; its form posts the same fields back
    to the same address, and "Cancel" goes back to ``back`` (a URL name)."""
    context = {
        "form": form,
        "title": title,
        "question": question,
        "button": button,
        "back": back,
    }
    return render(request, "cabinets/people/confirm.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest) -> HttpResponse:
    """GET asks "revoke this role?"; the POST of that page revokes it."""
    organisations = _administered(request)
    data = request.POST if request.method == "POST" else request.GET
    form = RoleForm(data, organisations=organisations, people=_people(organisations))
    if not form.is_valid():
        raise Http404
    chosen = form.cleaned_data
    org, person, role = chosen["organisation"], chosen["person"], Role(chosen["role"])
    if not Membership.objects.filter(organisation=org, person=person, role=role).exists():
        raise Http404
    if request.method == "POST" and attempt(
        form,
        lambda: actions.revoke_role(
            organisation=org,
            person=person,
            role=role,
            actor=person_of(request),
            address=client_address(request),
        ),
    ):
        messages.success(request, _("Role revoked."))
        return redirect("cabinets:people")
    return confirm_page(
        request,
        form,
        title=_("Revoke a role"),
        question=_("Revoke the role “%(role)s” of %(person)s in %(org)s?")
        % {"role": role.label, "person": person, "org": org},
        button=_("Revoke"),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest) -> HttpResponse:
    """GET asks; the POST takes every role in the organisation and, if the person belongs
    nowhere else, their sign-in."""
    organisations = _administered(request)
    data = request.POST if request.method == "POST" else request.GET
    form = DeactivateForm(data, organisations=organisations, people=_people(organisations))
    if not form.is_valid():
        raise Http404
    org, person = form.cleaned_data["organisation"], form.cleaned_data["person"]
    if not Membership.objects.filter(organisation=org, person=person).exists():
        raise Http404
    if request.method == "POST" and attempt(
        form,
        lambda: actions.deactivate_person(
            organisation=org,
            person=person,
            actor=person_of(request),
            address=client_address(request),
        ),
    ):
        messages.success(request, _("%(person)s is deactivated.") % {"person": person})
        return redirect("cabinets:people")
    return confirm_page(
        request,
        form,
        title=_("Deactivate a person"),
        question=_(
            "Take every role of %(person)s in %(org)s? Their sessions end on their next request."
        )
        % {"person": person, "org": org},
        button=_("Deactivate"),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def add_certificate(request: HttpRequest) -> HttpResponse:
    form = _forms(request, request.POST)["certificate_form"]
    if form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: actions.save_certificate(
                organisation=data["organisation"],
                person=data["person"],
                kind=data["kind"],
                number=data["number"],
                valid_until=data["valid_until"],
                actor=person_of(request),
                address=client_address(request),
            ),
        ):
            messages.success(request, _("Certificate saved."))
            return redirect("cabinets:people")
    return _page(request, status=400, certificate_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def remove_certificate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    org, certificate = access_certificate(person_of(request), certificate_id)
    if request.method == "POST":
        actions.remove_certificate(
            organisation=org,
            certificate=certificate,
            actor=person_of(request),
            address=client_address(request),
        )
        messages.success(request, _("Certificate removed."))
        return redirect("cabinets:people")
    return confirm_page(
        request,
        None,
        title=_("Remove a certificate"),
        question=_("Remove the certificate %(kind)s № %(number)s of %(person)s?")
        % {"kind": certificate.kind, "number": certificate.number, "person": certificate.person},
        button=_("Remove"),
    )
