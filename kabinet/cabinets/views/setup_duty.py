"""Who is told, as a supplier's admin sets it ("Дежурства"): the on-duty groups of each
supplier the admin administers (scope, members, lead, working calendar) and its rules of
telling (warnings, breaches, paging an unassigned urgent ticket again). Every change is one
``notifications.actions`` call, recorded in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.cabinets.forms.duty import AlertingRulesForm, DutyGroupForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import author_of, setup_required
from kabinet.contracts.access import administered_suppliers
from kabinet.notifications.access import (
    access_duty_group_to_administer,
    access_supplier_to_administer,
)
from kabinet.notifications.actions import (
    RULES_FIELDS,
    remove_duty_group,
    save_alerting_rules,
    save_duty_group,
)
from kabinet.notifications.models import AlertingRules, DutyGroup


@setup_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    suppliers = list(administered_suppliers(person_of(request)))
    groups = (
        DutyGroup.objects.filter(supplier__in=suppliers)
        .select_related("line", "contract", "customer", "lead")
        .prefetch_related("members")
    )
    rows = [
        {
            "supplier": supplier,
            "groups": [g for g in groups if g.supplier_id == supplier.pk],
            "rules": AlertingRules.of(supplier.pk),
        }
        for supplier in suppliers
    ]
    return render(request, "cabinets/setup/duty_index.html", {"rows": rows})


@setup_required
@require_http_methods(["GET", "POST"])
def new_group(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = access_supplier_to_administer(person_of(request), supplier_id)
    form = DutyGroupForm(
        request.POST or None, supplier=supplier, initial={"around_the_clock": True}
    )
    if request.method == "POST" and form.is_valid():
        author = author_of(request)
        if attempt(
            form,
            lambda: save_duty_group(
                group=None,
                supplier=supplier,
                values=form.values(),
                author=person_of(request),
                address=author.address,
            ),
        ):
            messages.success(request, _("Duty group created."))
            return redirect("cabinets:setup_duty")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "supplier": supplier}
    return render(request, "cabinets/setup/duty_group.html", context, status=status)


@setup_required
@require_http_methods(["GET", "POST"])
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    found = access_duty_group_to_administer(person_of(request), group_id)
    form = DutyGroupForm(
        request.POST or None, supplier=found.supplier, initial=DutyGroupForm.initial_from(found)
    )
    if request.method == "POST" and form.is_valid():
        author = author_of(request)
        if attempt(
            form,
            lambda: save_duty_group(
                group=found,
                supplier=found.supplier,
                values=form.values(),
                author=person_of(request),
                address=author.address,
            ),
        ):
            messages.success(request, _("Duty group saved."))
            return redirect("cabinets:setup_duty")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "supplier": found.supplier, "group": found}
    return render(request, "cabinets/setup/duty_group.html", context, status=status)


@setup_required
@require_POST
def remove_group(request: HttpRequest, group_id: int) -> HttpResponse:
    found = access_duty_group_to_administer(person_of(request), group_id)
    author = author_of(request)
    remove_duty_group(found, author=person_of(request), address=author.address)
    messages.success(request, _("Duty group removed."))
    return redirect("cabinets:setup_duty")


@setup_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = access_supplier_to_administer(person_of(request), supplier_id)
    current = AlertingRules.of(supplier.pk)
    initial = {name: getattr(current, name) for name in RULES_FIELDS}
    form = AlertingRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        author = author_of(request)
        if attempt(
            form,
            lambda: save_alerting_rules(
                supplier=supplier,
                values=dict(form.cleaned_data),
                author=person_of(request),
                address=author.address,
            ),
        ):
            messages.success(request, _("Rules of telling saved."))
            return redirect("cabinets:setup_duty")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "supplier": supplier}
    return render(request, "cabinets/setup/duty_rules.html", context, status=status)
