"""A supplier's contracts: a new one and changes to one (customer, package, validity,
seats and the quotas they buy, time zone, consultant, responsible contacts), with the
what-if of a change on the contract's open tickets before saving; the business calendar
has its own page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabinet.cabinets.forms.contract import ContractForm
from kabinet.cabinets.forms.setup import SupplierForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import author_of, setup_required, what_if_rows
from kabinet.contracts.access import (
    access_contract_to_administer,
    administered_suppliers,
    customers_to_contract,
)
from kabinet.contracts.actions import save_contract
from kabinet.contracts.calendars import MOSCOW_BUSINESS_HOURS
from kabinet.contracts.models import Contract, Package
from kabinet.entitlements.queries import contract_quotas
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.actions.recompute import RecomputeReport, RecomputeScope
from kabinet.tickets.whatif import what_if


def _form(request: HttpRequest, supplier: Organisation | None, **kwargs: Any) -> ContractForm:
    suppliers = administered_suppliers(person_of(request))
    if supplier is None:
        customers = Organisation.objects.none()
        for one in suppliers:
            customers = customers | customers_to_contract(one)
        packages = Package.objects.filter(supplier__in=suppliers)
        staff = Person.objects.filter(memberships__organisation__in=suppliers)
    else:
        customers = customers_to_contract(supplier)
        packages = Package.objects.filter(supplier=supplier)
        staff = Person.objects.filter(memberships__organisation=supplier)
    contacts = Person.objects.filter(memberships__organisation__in=customers)
    return ContractForm(
        request.POST or None,
        customers=customers.distinct(),
        packages=packages.order_by("name"),
        staff=staff.distinct().order_by("last_name", "username"),
        contacts=contacts.distinct().order_by("last_name", "username"),
        **kwargs,
    )


@setup_required
@require_http_methods(["GET", "POST"])
def new_contract(request: HttpRequest) -> HttpResponse:
    supplier_form = SupplierForm(
        request.POST or None, suppliers=administered_suppliers(person_of(request))
    )
    form = _form(request, None, initial={"seats": 1, "time_zone": "Europe/Moscow"})
    if request.method == "POST" and supplier_form.is_valid() and form.is_valid():
        created: list[Contract] = []
        values = {**form.values(), "business_calendar": MOSCOW_BUSINESS_HOURS}
        if attempt(
            form,
            lambda: created.append(
                save_contract(
                    contract=None,
                    supplier=supplier_form.cleaned_data["supplier"],
                    values=values,
                    responsible=list(form.cleaned_data["responsible_contacts"]),
                    author=author_of(request),
                )
            ),
        ):
            messages.success(request, _("Contract %(number)s created.") % {"number": created[0]})
            return redirect("cabinets:setup_contract", contract_id=created[0].pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "supplier_form": supplier_form}
    return render(request, "cabinets/setup/contract.html", context, status=status)


def _initial(found: Contract) -> dict[str, Any]:
    return {
        **{name: getattr(found, name) for name in ContractForm.base_fields if name != "package"},
        "package": found.package_id,
        "customer": found.customer_id,
        "personal_consultant": found.personal_consultant_id,
        "responsible_contacts": list(found.responsible_contacts.all()),
    }


def _saving(request: HttpRequest, form: ContractForm, found: Contract) -> Callable[[], Contract]:
    """The contract form's one action, as a call for ``attempt`` or ``what_if``."""
    return lambda: save_contract(
        contract=found,
        supplier=found.supplier,
        values=form.values(),
        responsible=list(form.cleaned_data["responsible_contacts"]),
        author=author_of(request),
    )


@setup_required
@require_http_methods(["GET", "POST"])
def contract(request: HttpRequest, contract_id: int) -> HttpResponse:
    """GET shows the contract as its form; POST saves it, and a new package, time zone
    moves the open tickets' deadlines in bulk (recorded breaches and met times stay)."""
    found = access_contract_to_administer(person_of(request), contract_id)
    form = _form(request, found.supplier, initial=_initial(found))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, _saving(request, form, found))
    ):
        messages.success(request, _("The contract is saved."))
        return redirect("cabinets:setup_contract", contract_id=found.pk)
    return _page(request, form, found, status=400 if request.method == "POST" else 200)


@setup_required
@require_POST
def contract_preview(request: HttpRequest, contract_id: int) -> HttpResponse:
    """What saving the form would do to the contract's open tickets (a new package or time
    zone moves their deadlines); nothing is saved."""
    found = access_contract_to_administer(person_of(request), contract_id)
    form = _form(request, found.supplier, initial=_initial(found))
    if not form.is_valid():
        return _page(request, form, found, status=400)
    reports: list[RecomputeReport] = []
    scope = RecomputeScope(contract_id=found.pk)
    save = _saving(request, form, found)
    if not attempt(form, lambda: reports.append(what_if(scope, save))):
        return _page(request, form, found, status=400)
    return _page(request, form, found, what_if=what_if_rows(request, reports[0]))


def _page(
    request: HttpRequest,
    form: ContractForm,
    found: Contract,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "contract": found, "quotas": contract_quotas(found), **extra}
    return render(request, "cabinets/setup/contract.html", context, status=status)
