"""A supplier's packages: a new one, from scratch or from a seed's template, and changes to
one, with the what-if on its open tickets before saving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabinet.cabinets.forms.package import PackageForm
from kabinet.cabinets.forms.setup import SupplierForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import (
    author_of,
    setup_required,
    what_if_rows,
)
from kabinet.contracts.access import access_package_to_administer
from kabinet.contracts.access import administered_suppliers as access_suppliers
from kabinet.contracts.actions import save_package
from kabinet.contracts.models import Package
from kabinet.contracts.package_templates import package_templates
from kabinet.entitlements.models import PackageService
from kabinet.tickets.actions.recompute import RecomputeReport, RecomputeScope
from kabinet.tickets.whatif import what_if


@setup_required
@require_http_methods(["GET", "POST"])
def new_package(request: HttpRequest) -> HttpResponse:
    templates = package_templates()
    chosen = templates.get(request.GET.get("template", ""))
    initial = PackageForm.initial_from_template(chosen) if chosen else None
    suppliers = access_suppliers(person_of(request))
    supplier_form = SupplierForm(request.POST or None, suppliers=suppliers)
    form = PackageForm(request.POST or None, initial=initial or _blank())
    if request.method == "POST" and supplier_form.is_valid() and form.is_valid():
        created: list[Package] = []
        if attempt(
            form,
            lambda: created.append(
                save_package(
                    package=None,
                    supplier=supplier_form.cleaned_data["supplier"],
                    values=form.values(),
                    targets=form.targets(),
                    author=author_of(request),
                )
            ),
        ):
            messages.success(request, _("Package %(name)s created.") % {"name": created[0]})
            return redirect("cabinets:setup_package", package_id=created[0].pk)
    context = {
        "form": form,
        "supplier_form": supplier_form,
        "templates": templates.values(),
        "chosen": chosen,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cabinets/setup/package.html", context, status=status)


def _blank() -> dict[str, Any]:
    return PackageForm.initial_from_package(Package())


@setup_required
@require_http_methods(["GET", "POST"])
def package(request: HttpRequest, package_id: int) -> HttpResponse:
    """GET shows the package as its form; POST saves it and moves open deadlines."""
    found = access_package_to_administer(person_of(request), package_id)
    if request.method == "GET":
        form = PackageForm(initial=PackageForm.initial_from_package(found))
        return _page(request, found, form)
    form = PackageForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: save_package(
            package=found,
            supplier=found.supplier,
            values=form.values(),
            targets=form.targets(),
            author=author_of(request),
        ),
    ):
        messages.success(request, _("The package is saved; open tickets' deadlines moved."))
        return redirect("cabinets:setup_package", package_id=found.pk)
    return _page(request, found, form, status=400)


@setup_required
@require_POST
def package_preview(request: HttpRequest, package_id: int) -> HttpResponse:
    found = access_package_to_administer(person_of(request), package_id)
    form = PackageForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    reports: list[RecomputeReport] = []
    if not attempt(
        form,
        lambda: reports.append(
            what_if(
                RecomputeScope(package_id=found.pk),
                lambda: save_package(
                    package=found,
                    supplier=found.supplier,
                    values=form.values(),
                    targets=form.targets(),
                    author=author_of(request),
                ),
            )
        ),
    ):
        return _page(request, found, form, status=400)
    return _page(request, found, form, what_if=what_if_rows(request, reports[0]))


def _page(
    request: HttpRequest, found: Package, form: PackageForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "package": found,
        "form": form,
        "services": PackageService.objects.filter(package=found),
        "contracts": found.contracts.select_related("customer").order_by("number"),
        **extra,
    }
    return render(request, "cabinets/setup/package.html", context, status=status)
