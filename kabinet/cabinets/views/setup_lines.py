"""The set-up index ("Настройка": a supplier's packages, contracts and lines) and a
supplier's support lines with their OLA, members and order."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kabinet.cabinets.forms.line import LineForm
from kabinet.cabinets.forms.setup import SupplierForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import author_of, setup_required
from kabinet.contracts.access import administered_suppliers
from kabinet.contracts.models import Contract, Package
from kabinet.lines.access import access_line_to_administer
from kabinet.lines.actions import save_line
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Person


@setup_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    suppliers = administered_suppliers(person_of(request))
    context = {
        "suppliers": suppliers,
        "packages": Package.objects.filter(supplier__in=suppliers).order_by("name"),
        "contracts": Contract.objects.filter(supplier__in=suppliers)
        .select_related("customer", "package")
        .order_by("number"),
        "lines": SupportLine.objects.filter(supplier__in=suppliers).prefetch_related("members"),
    }
    return render(request, "cabinets/setup/index.html", context)


def _staff(request: HttpRequest) -> QuerySet[Person]:
    suppliers = administered_suppliers(person_of(request))
    return (
        Person.objects.filter(memberships__organisation__in=suppliers)
        .distinct()
        .order_by("last_name", "username")
    )


@setup_required
@require_http_methods(["GET", "POST"])
def new_line(request: HttpRequest) -> HttpResponse:
    supplier_form = SupplierForm(
        request.POST or None, suppliers=administered_suppliers(person_of(request))
    )
    form = LineForm(request.POST or None, staff=_staff(request), initial={"position": 1})
    if request.method == "POST" and supplier_form.is_valid() and form.is_valid():
        author = author_of(request)
        if attempt(
            form,
            lambda: save_line(
                line=None,
                supplier=supplier_form.cleaned_data["supplier"],
                values=form.values(),
                members=list(form.cleaned_data["members"]),
                author=author.person,
                address=author.address,
            ),
        ):
            messages.success(request, _("Support line created."))
            return redirect("cabinets:setup")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "supplier_form": supplier_form}
    return render(request, "cabinets/setup/line.html", context, status=status)


@setup_required
@require_http_methods(["GET", "POST"])
def line(request: HttpRequest, line_id: int) -> HttpResponse:
    found = access_line_to_administer(person_of(request), line_id)
    initial = {name: getattr(found, name) for name in LineForm.base_fields if name != "members"}
    initial["members"] = list(found.members.all())
    form = LineForm(request.POST or None, staff=_staff(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        author = author_of(request)
        if attempt(
            form,
            lambda: save_line(
                line=found,
                supplier=found.supplier,
                values=form.values(),
                members=list(form.cleaned_data["members"]),
                author=author.person,
                address=author.address,
            ),
        ):
            messages.success(request, _("Support line saved."))
            return redirect("cabinets:setup")
    status = 400 if request.method == "POST" else 200
    return render(request, "cabinets/setup/line.html", {"form": form, "line": found}, status=status)
