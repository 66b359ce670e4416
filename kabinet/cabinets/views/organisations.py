"""The vendor's and partners' organisation pages: the vendor's admins manage partners and
their statuses (seed 001 gating), a partner's admins their customers and company groups (the
vendor's admins too, for the customers the vendor serves under its own contracts); the
vendor's people see the certificates of its partners' engineers, the expiring ones flagged.
Out of reach is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Prefetch, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet import clock
from kabinet.accounts.lockouts import client_address
from kabinet.cabinets.forms.people import (
    EndStatusForm,
    GroupForm,
    OrganisationForm,
    PartnerStatusForm,
)
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.people import EXPIRING_WITHIN, confirm_page
from kabinet.orgs import actions
from kabinet.orgs.access import (
    access_managed_organisation,
    access_partner_status,
    administered_organisations,
    managed_organisations,
)
from kabinet.orgs.models import Certificate, Organisation, OrganisationKind, PartnerStatus


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
    vendors for partners; for customers their partners, else their vendors (a vendor also
    contracts with customers directly), a partner first so its admins keep adding theirs."""
    manager_kinds = (
        [OrganisationKind.VENDOR]
        if kind == OrganisationKind.PARTNER
        else [OrganisationKind.PARTNER, OrganisationKind.VENDOR]
    )
    organisations = administered_organisations(person_of(request)).filter(kind__in=manager_kinds)
    if not organisations.exists():
        raise Http404
    # Selected, not only ordered by: the rows are DISTINCT, and PostgreSQL (its parameters
    # bound by the server) takes an ORDER BY expression only from the select list.
    return organisations.annotate(
        partner_last=Case(When(kind=OrganisationKind.PARTNER, then=0), default=1)
    ).order_by("partner_last", "name")


def _row_prefix(organisation: Organisation) -> str:
    """Each row's form has its own prefix, so a refused one comes back in its row."""
    kind = "status" if organisation.kind == OrganisationKind.PARTNER else "group"
    return f"{kind}-{organisation.pk}"


def _row_form(organisation: Organisation) -> PartnerStatusForm | GroupForm:
    """A partner's row adds a status; a customer's sets its company group."""
    prefix = _row_prefix(organisation)
    if organisation.kind == OrganisationKind.PARTNER:
        return PartnerStatusForm(prefix=prefix)
    group = organisation.group.name if organisation.group else ""
    return GroupForm(prefix=prefix, initial={"group_name": group})


def _organisations_page(
    request: HttpRequest, kind: OrganisationKind, status: int = 200, **forms: Any
) -> HttpResponse:
    managers = _managers(request, kind)
    managed = managed_organisations(person_of(request), kind).select_related("group")
    managed = managed.prefetch_related(
        Prefetch("partner_statuses", queryset=PartnerStatus.objects.order_by("-valid_to"))
    )
    bound: PartnerStatusForm | GroupForm | None = forms.pop("row_form", None)
    rows = [
        (org, bound if bound is not None and bound.prefix == _row_prefix(org) else _row_form(org))
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
    form = PartnerStatusForm(request.POST, prefix=_row_prefix(partner))
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
    return _organisations_page(request, OrganisationKind.PARTNER, status=400, row_form=form)


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
    return confirm_page(
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
        back="cabinets:partners",
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def set_group(request: HttpRequest, organisation_id: int) -> HttpResponse:
    customer = access_managed_organisation(
        person_of(request), organisation_id, OrganisationKind.CUSTOMER
    )
    form = GroupForm(request.POST, prefix=_row_prefix(customer))
    if form.is_valid():
        actions.set_company_group(
            organisation=customer,
            group_name=form.cleaned_data["group_name"],
            actor=person_of(request),
            address=client_address(request),
        )
        messages.success(request, _("Company group saved."))
        return redirect("cabinets:customers")
    return _organisations_page(request, OrganisationKind.CUSTOMER, status=400, row_form=form)
