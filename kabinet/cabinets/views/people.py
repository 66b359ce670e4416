"""Administration pages: an organisation's admins invite people, grant and revoke roles and
deactivate people; a partner's admins keep their engineers' certificates; the vendor's
admins manage partners and their statuses, a partner's admins their customers and groups.

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
    EndStatusForm,
    GroupForm,
    InviteForm,
    OrganisationForm,
    PartnerStatusForm,
    RoleForm,
)
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.orgs import actions
from kabinet.orgs.access import (
    access_certificate,
    access_managed_organisation,
    access_partner_status,
    administered_organisations,
    managed_organisations,
)
from kabinet.orgs.models import (
    Certificate,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    Person,
    Role,
)

# A certificate this close to its end is flagged, so it is renewed before escalations stop.
EXPIRING_WITHIN = dt.timedelta(days=30)


def _administered(request: HttpRequest) -> QuerySet[Organisation]:
    organisations = administered_organisations(person_of(request))
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


def _confirm(
    request: HttpRequest, form: Any, *, title: str, question: str, button: str, status: int = 200
) -> HttpResponse:
    context = {"form": form, "title": title, "question": question, "button": button}
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
    return _confirm(
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
    return _confirm(
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
    return _confirm(
        request,
        None,
        title=_("Remove a certificate"),
        question=_("Remove the certificate %(kind)s № %(number)s of %(person)s?")
        % {"kind": certificate.kind, "number": certificate.number, "person": certificate.person},
        button=_("Remove"),
    )


@login_required
@require_GET
def vendor_certificates(request: HttpRequest) -> HttpResponse:
    """The vendor's view of the certificates of its partners' engineers; the ones that end
    within 30 days, or have ended, are flagged."""
    person = person_of(request)
    vendors = Organisation.objects.filter(
        memberships__person=person, kind=OrganisationKind.VENDOR
    ).distinct()
    if not vendors.exists():
        raise Http404
    partners = Organisation.objects.filter(kind=OrganisationKind.PARTNER, managed_by__in=vendors)
    certificates = (
        Certificate.objects.filter(person__memberships__organisation__in=partners)
        .select_related("person")
        .distinct()
        .order_by("valid_until", "person__full_name")
    )
    rows = []
    for certificate in certificates:
        partner_names = sorted(
            m.organisation.name
            for m in certificate.person.memberships.select_related("organisation")
            if m.organisation in partners
        )
        rows.append((certificate, ", ".join(partner_names)))
    today = clock.resolve(None).date()
    context = {"rows": rows, "today": today, "soon": today + EXPIRING_WITHIN}
    return render(request, "cabinets/people/certificates.html", context)


# --- partners (the vendor's admins) and customers (a partner's admins) ---------------------


def _managers(request: HttpRequest, kind: OrganisationKind) -> QuerySet[Organisation]:
    """The organisations of the person that manage organisations of ``kind``: their
    vendors for partners, their partners for customers."""
    manager_kind = (
        OrganisationKind.VENDOR if kind == OrganisationKind.PARTNER else OrganisationKind.PARTNER
    )
    organisations = administered_organisations(person_of(request)).filter(kind=manager_kind)
    if not organisations.exists():
        raise Http404
    return organisations


def _status_prefix(organisation_id: int) -> str:
    return f"status-{organisation_id}"


def _organisations_page(
    request: HttpRequest, kind: OrganisationKind, status: int = 200, **forms: Any
) -> HttpResponse:
    managers = _managers(request, kind)
    managed = managed_organisations(person_of(request), kind).select_related("group")
    managed = managed.prefetch_related(
        Prefetch("partner_statuses", queryset=PartnerStatus.objects.order_by("-valid_to"))
    )
    bound: PartnerStatusForm | None = forms.pop("status_form", None)
    rows = [
        (
            org,
            bound
            if bound is not None and bound.prefix == _status_prefix(org.pk)
            else PartnerStatusForm(prefix=_status_prefix(org.pk)),
        )
        for org in managed
    ]
    context = {
        "kind": kind,
        "rows": rows,
        "managers": managers,
        "create_form": OrganisationForm(),
        "today": clock.resolve(None).date(),
        **forms,
    }
    return render(request, "cabinets/people/organisations.html", context, status=status)


@login_required
@require_GET
def partners(request: HttpRequest) -> HttpResponse:
    return _organisations_page(request, OrganisationKind.PARTNER)


@login_required
@require_GET
def customers(request: HttpRequest) -> HttpResponse:
    return _organisations_page(request, OrganisationKind.CUSTOMER)


def _create(request: HttpRequest, kind: OrganisationKind) -> HttpResponse:
    managers = _managers(request, kind)
    form = OrganisationForm(request.POST)
    target = "cabinets:partners" if kind == OrganisationKind.PARTNER else "cabinets:customers"
    if form.is_valid():
        data = form.cleaned_data
        made: list[Organisation] = []
        if attempt(
            form,
            lambda: made.append(
                actions.create_organisation(
                    name=data["name"],
                    kind=kind,
                    managed_by=managers.first(),
                    actor=person_of(request),
                    address=client_address(request),
                )
            ),
        ):
            if data["group_name"]:
                actions.set_company_group(
                    organisation=made[0],
                    group_name=data["group_name"],
                    actor=person_of(request),
                    address=client_address(request),
                )
            messages.success(request, _("%(name)s is added.") % {"name": made[0].name})
            return redirect(target)
    return _organisations_page(request, kind, status=400, create_form=form)


@login_required
@require_POST
def create_partner(request: HttpRequest) -> HttpResponse:
    return _create(request, OrganisationKind.PARTNER)


@login_required
@require_POST
def create_customer(request: HttpRequest) -> HttpResponse:
    return _create(request, OrganisationKind.CUSTOMER)


@login_required
@require_POST
def add_status(request: HttpRequest, organisation_id: int) -> HttpResponse:
    partner = access_managed_organisation(
        person_of(request), organisation_id, OrganisationKind.PARTNER
    )
    form = PartnerStatusForm(request.POST, prefix=_status_prefix(partner.pk))
    if form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: actions.add_partner_status(
                partner=partner,
                level=data["level"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=person_of(request),
                address=client_address(request),
            ),
        ):
            messages.success(request, _("Partner status added."))
            return redirect("cabinets:partners")
    return _organisations_page(request, OrganisationKind.PARTNER, status=400, status_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def end_status(request: HttpRequest, status_id: int) -> HttpResponse:
    status = access_partner_status(person_of(request), status_id)
    form = EndStatusForm(request.POST or None, initial={"on": clock.resolve(None).date()})
    if request.method == "POST" and form.is_valid():
        actions.end_partner_status(
            status=status,
            on=form.cleaned_data["on"],
            actor=person_of(request),
            address=client_address(request),
        )
        messages.success(request, _("Partner status ended."))
        return redirect("cabinets:partners")
    return _confirm(
        request,
        form,
        title=_("End a partner status"),
        question=_("End the status %(level)s of %(partner)s (valid %(start)s – %(end)s)?")
        % {
            "level": status.level,
            "partner": status.organisation,
            "start": status.valid_from.strftime("%d.%m.%Y"),
            "end": status.valid_to.strftime("%d.%m.%Y"),
        },
        button=_("End the status"),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def set_group(request: HttpRequest, organisation_id: int) -> HttpResponse:
    customer = access_managed_organisation(
        person_of(request), organisation_id, OrganisationKind.CUSTOMER
    )
    form = GroupForm(request.POST)
    if form.is_valid():
        actions.set_company_group(
            organisation=customer,
            group_name=form.cleaned_data["group_name"],
            actor=person_of(request),
            address=client_address(request),
        )
        messages.success(request, _("Company group saved."))
        return redirect("cabinets:customers")
    return _organisations_page(request, OrganisationKind.CUSTOMER, status=400)
