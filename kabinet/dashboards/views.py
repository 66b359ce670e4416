"""The dashboard page: filters, charts and their tables for the person's report scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kabinet import clock
from kabinet.dashboards import charts, queries
from kabinet.dashboards.access import (
    Scope,
    dashboard_scope,
    narrowed_to_supplier,
    scope_suppliers,
)
from kabinet.dashboards.forms import (
    DashboardChoice,
    DashboardFilterForm,
    default_data,
    today_in_report_zone,
)
from kabinet.errors import NotAllowedError
from kabinet.orgs.models import Person


def _scope_of(request: HttpRequest) -> Scope:
    person = request.user
    assert isinstance(person, Person)  # behind login_required
    try:
        return dashboard_scope(person)
    except NotAllowedError:
        raise Http404 from None


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope_of(request)
    suppliers = scope_suppliers(scope)
    today = today_in_report_zone(clock.now())
    form = DashboardFilterForm(request.GET or default_data(today), suppliers=suppliers)
    context: dict[str, object] = {"form": form, "many_suppliers": len(suppliers) > 1}
    if not form.is_valid():
        return render(request, "dashboards/dashboard.html", context, status=400)
    choice = form.choice()
    if choice.supplier is not None:
        scope = narrowed_to_supplier(scope, choice.supplier.pk)
    context.update(_figures(scope, choice))
    return render(request, "dashboards/dashboard.html", context)


def _figures(scope: Scope, choice: DashboardChoice) -> dict[str, object]:
    tickets = scope.tickets()
    points = queries.compliance_series(tickets, choice.period, choice.granularity)
    rows = queries.every_partner_rows(scope, choice.period)
    lines = queries.breaches_by_line(tickets, choice.period)
    suppliers_of_lines = {line.supplier for line in lines}
    chart_list = [
        charts.compliance_chart(points, choice.granularity),
        charts.volume_chart(points, choice.granularity),
        charts.breaches_by_row_chart(rows, scope.grouping),
        charts.breaches_by_line_chart(lines, len(suppliers_of_lines) > 1),
        charts.load_chart(queries.open_load(tickets)),
    ]
    return {
        "choice": choice,
        "charts": [chart for chart in chart_list if chart.labels],
        "report": rows,
        "grouping": scope.grouping.value,
        "exports": scope.customer_ids is None,
    }
