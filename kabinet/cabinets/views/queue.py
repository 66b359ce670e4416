"""Partner cabinet and vendor console: the work queue of supplied tickets, its filters and the
person's saved views of it, and the vendor's SLA compliance of every partner (the SLA report)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kabinet import clock
from kabinet.cabinets import queries, saved_views
from kabinet.cabinets.forms.filters import QueueFilterForm
from kabinet.cabinets.models import SavedView
from kabinet.cabinets.queries import Cabinet
from kabinet.cabinets.views.common import cabinet_required, person_of
from kabinet.dashboards.access import dashboard_scope
from kabinet.dashboards.forms import default_period, today_in_report_zone
from kabinet.dashboards.queries import every_partner_rows
from kabinet.errors import DomainError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.models import TicketQuerySet

QUEUES = {
    Cabinet.PARTNER: "cabinets/partner/queue.html",
    Cabinet.VENDOR: "cabinets/vendor/console.html",
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    cabinets = queries.cabinets_of(person_of(request))
    if not cabinets:
        raise Http404
    return redirect(f"cabinets:{cabinets[0].value}")


def filters_in(source: QueryDict) -> dict[str, str]:
    """The queue's filter values in ``source``, in the form's order; an empty value is kept,
    because an empty status ("all") differs from no status (the default, open ones)."""
    return {
        name: str(source.get(name, "")) for name in QueueFilterForm.base_fields if name in source
    }


def _filter_form(person: Person, data: dict[str, str]) -> tuple[TicketQuerySet, QueueFilterForm]:
    """The person's supplied tickets and the filter form over them, offering only the
    person's own supplier side."""
    supplied = queries.supplier_tickets(visible_tickets(person), person)
    suppliers = supplier_organisation_ids(person)
    return supplied, QueueFilterForm(
        data or {"status": "open"},
        customers=queries.ticket_customers(supplied),
        contracts=queries.supplied_contracts(suppliers),
        lines=queries.supplier_lines(suppliers),
        people=queries.supplier_people(suppliers),
    )


def _queue(
    request: HttpRequest, cabinet: Cabinet, data: dict[str, str], **extra: object
) -> HttpResponse:
    """The queue under the filters in ``data``; filters the form refuses show no tickets and
    answer 400, with the reason next to the field."""
    person = person_of(request)
    supplied, form = _filter_form(person, data)
    valid = form.is_valid()
    chosen = queries.filtered(supplied, form.ticket_filter(person)) if valid else supplied.none()
    rows = queries.with_current_line_name(chosen.in_work_order()).select_related(
        "contract__customer", "assignee", "reporter"
    )
    context = {
        "form": form,
        "tickets": rows,
        "cabinet": cabinet.value,
        "saved_views": saved_views.saved_views_of(person, cabinet.value),
        "current_query": urlencode(data),
        "filters": data,
        **extra,
    }
    if cabinet is Cabinet.VENDOR:
        context.update(_compliance(request))
    status = 400 if "save_error" in extra or not valid else 200
    return render(request, QUEUES[cabinet], context, status=status)


def _compliance(request: HttpRequest) -> dict[str, object]:
    period = default_period(today_in_report_zone(clock.now()))
    rows = every_partner_rows(dashboard_scope(person_of(request)), period)
    return {"compliance": rows, "period": period}


@cabinet_required(Cabinet.PARTNER)
@require_GET
def partner(request: HttpRequest) -> HttpResponse:
    return _queue(request, Cabinet.PARTNER, filters_in(request.GET))


@cabinet_required(Cabinet.VENDOR)
@require_GET
def vendor(request: HttpRequest) -> HttpResponse:
    return _queue(request, Cabinet.VENDOR, filters_in(request.GET))


def _queue_of(request: HttpRequest, cabinet: str) -> Cabinet:
    """The queue named in the address, if the person works in it; otherwise 404."""
    if cabinet not in QUEUES or Cabinet(cabinet) not in queries.cabinets_of(person_of(request)):
        raise Http404
    return Cabinet(cabinet)


@login_required
@require_POST
def save_view(request: HttpRequest, cabinet: str) -> HttpResponse:
    queue = _queue_of(request, cabinet)
    filters = filters_in(request.POST)
    name = request.POST.get("name", "")
    person = person_of(request)
    if not _filter_form(person, filters)[1].is_valid():
        return _queue(request, queue, filters, view_name=name)
    try:
        view = saved_views.save_view(person, cabinet=queue.value, name=name, filters=filters)
    except DomainError as error:
        return _queue(request, queue, filters, save_error=error.message, view_name=name)
    messages.success(request, _("The view “%(name)s” is saved.") % {"name": view.name})
    return redirect(view_url(view))


def view_url(view: SavedView) -> str:
    page = reverse(f"cabinets:{view.cabinet}")
    return f"{page}?{view.query}" if view.query else page


@login_required
@require_POST
def delete_view(request: HttpRequest, view_id: int) -> HttpResponse:
    view = saved_views.delete_view(person_of(request), view_id)
    messages.success(request, _("The view “%(name)s” is deleted.") % {"name": view.name})
    return redirect(f"cabinets:{view.cabinet}")
