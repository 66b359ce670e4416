"""A supplier's packages: a new one, from scratch or from a seed's template, and changes to
one (rules, targets, services with their quotas), with the what-if on its open tickets
before saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabinet.cabinets.forms.package import (
    PackageForm,
    ServiceFormSet,
    service_rows,
    services_initial,
)
from kabinet.cabinets.forms.setup import SupplierForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import author_of, setup_required, what_if_rows
from kabinet.contracts.access import access_package_to_administer
from kabinet.contracts.access import administered_suppliers as access_suppliers
from kabinet.contracts.models import Package
from kabinet.contracts.package_templates import package_templates
from kabinet.entitlements.actions import save_package_with_services
from kabinet.entitlements.models import PackageService
from kabinet.orgs.models import Organisation
from kabinet.tickets.actions.recompute import RecomputeReport, RecomputeScope
from kabinet.tickets.actions.recompute_queue import latest_recompute
from kabinet.tickets.whatif import what_if

SERVICES = "services"


def _saving(
    request: HttpRequest,
    form: PackageForm,
    services: Any,
    package: Package | None,
    supplier: Organisation | None,
) -> Callable[[], Package]:
    """The package form's one action, as a call for ``attempt`` or ``what_if``."""
    return lambda: save_package_with_services(
        package=package,
        supplier=supplier,
        values=form.values(),
        targets=form.targets(),
        services=service_rows(services),
        author=author_of(request),
    )


@setup_required
@require_http_methods(["GET", "POST"])
def new_package(request: HttpRequest) -> HttpResponse:
    templates = package_templates()
    chosen = templates.get(request.GET.get("template", ""))
    initial = PackageForm.initial_from_template(chosen) if chosen else _blank()
    supplier_form = SupplierForm(
        request.POST or None, suppliers=access_suppliers(person_of(request))
    )
    form = PackageForm(request.POST or None, initial=initial)
    services = ServiceFormSet(
        request.POST or None,
        prefix=SERVICES,
        initial=services_initial(chosen.services if chosen else ()),
    )
    if request.method == "POST" and all(
        [supplier_form.is_valid(), form.is_valid(), services.is_valid()]
    ):
        created: list[Package] = []
        save = _saving(request, form, services, None, supplier_form.cleaned_data["supplier"])
        if attempt(form, lambda: created.append(save())):
            messages.success(request, _("Package %(name)s created.") % {"name": created[0]})
            return redirect("cabinets:setup_package", package_id=created[0].pk)
    context = {
        "form": form,
        "services": services,
        "supplier_form": supplier_form,
        "templates": templates.values(),
        "chosen": chosen,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cabinets/setup/package.html", context, status=status)


def _blank() -> dict[str, Any]:
    return PackageForm.initial_from_package(Package())


def _forms(request: HttpRequest, found: Package) -> tuple[PackageForm, Any]:
    data = request.POST if request.method == "POST" else None
    form = PackageForm(data, initial=PackageForm.initial_from_package(found))
    rows = services_initial(PackageService.objects.filter(package=found))
    return form, ServiceFormSet(data, prefix=SERVICES, initial=rows)


@setup_required
@require_http_methods(["GET", "POST"])
def package(request: HttpRequest, package_id: int) -> HttpResponse:
    """GET shows the package as its form; POST saves it and queues the move of its open
    deadlines."""
    found = access_package_to_administer(person_of(request), package_id)
    form, services = _forms(request, found)
    if request.method == "GET":
        return _page(request, found, form, services)
    if (
        form.is_valid()
        and services.is_valid()
        and attempt(form, _saving(request, form, services, found, found.supplier))
    ):
        messages.success(
            request, _("The package is saved; moving open tickets' deadlines is queued.")
        )
        return redirect("cabinets:setup_package", package_id=found.pk)
    return _page(request, found, form, services, status=400)


@setup_required
@require_POST
def package_preview(request: HttpRequest, package_id: int) -> HttpResponse:
    found = access_package_to_administer(person_of(request), package_id)
    form, services = _forms(request, found)
    if not (form.is_valid() and services.is_valid()):
        return _page(request, found, form, services, status=400)
    reports: list[RecomputeReport] = []
    save = _saving(request, form, services, found, found.supplier)
    scope = RecomputeScope(package_id=found.pk)
    if not attempt(form, lambda: reports.append(what_if(scope, save))):
        return _page(request, found, form, services, status=400)
    return _page(request, found, form, services, what_if=what_if_rows(request, reports[0]))


def _page(
    request: HttpRequest,
    found: Package,
    form: PackageForm,
    services: Any,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "package": found,
        "form": form,
        "services": services,
        "contracts": found.contracts.select_related("customer").order_by("number"),
        "recompute": latest_recompute(RecomputeScope(package_id=found.pk)),
        **extra,
    }
    return render(request, "cabinets/setup/package.html", context, status=status)
