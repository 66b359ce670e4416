"""A contract's business calendar: the week editor, holidays and working days, a month grid
of any year, the what-if of a change and its saving; and the vendor's import of a newly
published production calendar year."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabinet import clock
from kabinet.cabinets.forms.calendar import PRODUCTION_CALENDAR, CalendarForm, ProductionYearForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.setup_common import (
    administered_suppliers,
    author_of,
    setup_required,
    what_if_rows,
)
from kabinet.contracts.access import access_contract_to_administer
from kabinet.contracts.actions import change_business_calendar
from kabinet.contracts.calendars import business_calendar
from kabinet.contracts.models import Contract
from kabinet.orgs.models import OrganisationKind
from kabinet.tickets.actions.recompute import RecomputeScope
from kabinet.tickets.actions.recompute_queue import latest_recompute
from kabinet.tickets.production_years import import_production_year
from kabinet.tickets.whatif import what_if
from kabinet.worktime.grid import month_grids

YEARS = range(2000, 2101)


@setup_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, contract_id: int) -> HttpResponse:
    """GET shows the editor and the last recompute of its open deadlines; POST saves the
    change and queues that recompute."""
    contract = access_contract_to_administer(person_of(request), contract_id)
    if request.method == "GET":
        form = CalendarForm(initial=CalendarForm.initial_from(contract.business_calendar))
        return _page(request, contract, form, contract.business_calendar)
    form = CalendarForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: change_business_calendar(
            contract=contract, spec=form.spec(), author=author_of(request)
        ),
    ):
        messages.success(
            request, _("The calendar is saved; moving open tickets' deadlines is queued.")
        )
        return redirect("cabinets:setup_calendar", contract_id=contract.pk)
    return _page(request, contract, form, contract.business_calendar, status=400)


@setup_required
@require_POST
def calendar_preview(request: HttpRequest, contract_id: int) -> HttpResponse:
    """What saving the form would do to the contract's open tickets; nothing is saved."""
    contract = access_contract_to_administer(person_of(request), contract_id)
    form = CalendarForm(request.POST)
    if not form.is_valid():
        return _page(request, contract, form, contract.business_calendar, status=400)
    spec = form.spec()
    reports = []
    if not attempt(
        form,
        lambda: reports.append(
            what_if(
                RecomputeScope(contract_id=contract.pk),
                lambda: change_business_calendar(
                    contract=contract, spec=spec, author=author_of(request)
                ),
            )
        ),
    ):
        return _page(request, contract, form, contract.business_calendar, status=400)
    return _page(request, contract, form, spec, what_if=what_if_rows(request, reports[0]))


def _page(
    request: HttpRequest,
    contract: Contract,
    form: CalendarForm,
    spec: dict[str, Any],
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    year = _year(request)
    context = {
        "contract": contract,
        "form": form,
        "year": year,
        "years": (year - 1, year + 1),
        "months": month_grids(business_calendar(spec, contract.time_zone), year),
        "import_form": ProductionYearForm() if _may_import(request) else None,
        "recompute": latest_recompute(RecomputeScope(contract_id=contract.pk)),
        **extra,
    }
    return render(request, "cabinets/setup/calendar.html", context, status=status)


def _year(request: HttpRequest) -> int:
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and int(wanted) in YEARS:
        return int(wanted)
    return clock.now().astimezone(dt.UTC).year


def _may_import(request: HttpRequest) -> bool:
    return any(org.kind == OrganisationKind.VENDOR for org in administered_suppliers(request))


@setup_required
@require_POST
def import_production_year_page(request: HttpRequest) -> HttpResponse:
    """The vendor's admin adds a published year; a refused file says why, on the page."""
    vendors = [o for o in administered_suppliers(request) if o.kind == OrganisationKind.VENDOR]
    if not vendors:
        raise Http404
    form = ProductionYearForm(request.POST, request.FILES)
    if form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "year.xml"
            path.write_bytes(form.cleaned_data["file"].read())
            try:
                imported = import_production_year(
                    path=str(path),
                    name=PRODUCTION_CALENDAR,
                    organisation=vendors[0],
                    actor=person_of(request),
                    address=author_of(request).address,
                )
            except ValueError as error:
                form.add_error("file", _("The file is refused: %(why)s") % {"why": error})
            else:
                messages.success(
                    request,
                    _(
                        "%(result)s. Moving the open deadlines of the contracts on this "
                        "calendar is queued."
                    )
                    % {"result": imported.message},
                )
                return redirect("cabinets:setup")
    return render(request, "cabinets/setup/import_year.html", {"form": form}, status=400)
