"""Partner cabinet and vendor console: the work queue of supplied tickets, its filters and the
person's saved views of it, and the vendor's SLA compliance of every partner (the SLA report)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kabinet import clock
from kabinet.cabinets import paging, queries, queue_export, saved_views, triage
from kabinet.cabinets.bulk import run_bulk
from kabinet.cabinets.forms.filters import BulkForm, QueueFilterForm
from kabinet.cabinets.models import SavedView
from kabinet.cabinets.paging import Key
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


def _filter_form(
    person: Person, data: dict[str, str], cabinet: Cabinet = Cabinet.PARTNER
) -> tuple[TicketQuerySet, QueueFilterForm]:
    """The person's supplied tickets and the filter form over them, offering only the
    person's own supplier side (and the chain views only in the partner's queue)."""
    supplied = queries.supplier_tickets(visible_tickets(person), person)
    suppliers = supplier_organisation_ids(person)
    return supplied, QueueFilterForm(
        data or {"status": "open"},
        customers=queries.ticket_customers(supplied),
        contracts=queries.supplied_contracts(suppliers),
        lines=queries.supplier_lines(suppliers),
        people=queries.supplier_people(suppliers),
        views=triage.views_for(partner=cabinet is Cabinet.PARTNER),
    )


def chosen_rows(
    person: Person, cabinet: Cabinet, data: dict[str, str], now: dt.datetime
) -> tuple[QueueFilterForm, TicketQuerySet, TicketQuerySet, tuple[Key, ...]]:
    """The filter form over ``data``, the person's supplied tickets, the tickets of the
    chosen filters and view in the chosen order, and that order's paging keys; a refused
    form chooses nothing. The page and its export read the same rows."""
    supplied, form = _filter_form(person, data, cabinet)
    if not form.is_valid():
        rows, keys = triage.sorted_by(supplied.none(), triage.Sort.WORK)
        return form, supplied, rows, keys
    chosen = queries.filtered(supplied, form.ticket_filter(person))
    view = form.chosen_view()
    if view is not None:
        chosen = triage.in_view(chosen, view, now)
    rows, keys = triage.sorted_by(chosen, form.chosen_sort())
    return form, supplied, rows, keys


def _queue(
    request: HttpRequest, cabinet: Cabinet, data: dict[str, str], **extra: object
) -> HttpResponse:
    """The queue under the filters in ``data``, one page after the cursor ``after``;
    filters the form refuses (or a damaged cursor) show no tickets and answer 400, with
    the reason next to the field."""
    person = person_of(request)
    now = clock.now()
    form, supplied, chosen, keys = chosen_rows(person, cabinet, data, now)
    valid = form.is_valid()
    rows = queries.with_current_line_name(chosen).select_related(
        "contract__customer", "assignee", "reporter"
    )
    cursor = str(request.GET.get("after", ""))
    try:
        narrow = valid and triage.narrows_first(form.chosen_view())
        page = paging.page_of(rows, keys, cursor, narrow_first=narrow)
    except DomainError as error:
        form.add_error(None, str(error.message))
        valid = False
        page = paging.page_of(rows.none(), keys, "")
    views = triage.views_for(partner=cabinet is Cabinet.PARTNER)
    counts = triage.view_counts(supplied, views, now)
    current_view = form.cleaned_data.get("view", "") if valid else ""
    context = {
        "form": form,
        "tickets": page.rows,
        "next_page": urlencode({**data, "after": page.next_cursor}) if page.next_cursor else "",
        "first_page": urlencode(data) if cursor else "",
        "ready_views": [
            (view, triage.VIEW_LABELS[view], counts[view], _with_view(data, view)) for view in views
        ],
        "current_view": current_view,
        "export_query": urlencode(data),
        "bulk_form": _bulk_form(person, None),
        "back_query": urlencode({**data, "after": cursor}) if cursor else urlencode(data),
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


def _with_view(data: dict[str, str], view: triage.View) -> str:
    """The query of ``view`` over the open tickets, in the current order."""
    kept = {"view": view.value, "status": "open"}
    if data.get("sort"):
        kept["sort"] = data["sort"]
    return urlencode(kept)


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
    if not _filter_form(person, filters, queue)[1].is_valid():
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


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def export(request: HttpRequest, cabinet: str, kind: str) -> HttpResponse:
    """The queue's current view (filters, ready-made view, order) as CSV or XLSX, up to
    ``EXPORT_LIMIT`` rows; refused filters answer 400 with the reason, as the page does."""
    queue = _queue_of(request, cabinet)
    if kind not in EXPORT_TYPES:
        raise Http404
    data = filters_in(request.GET)
    now = clock.now()
    form, _supplied, rows, keys = chosen_rows(person_of(request), queue, data, now)
    if not form.is_valid():
        return _queue(request, queue, data)
    ordered = rows.select_related("contract__customer", "assignee").order_by(
        *(key.ordering for key in keys)
    )
    table = queue_export.table(
        ordered[: queue_export.EXPORT_LIMIT], ZoneInfo(timezone.get_current_timezone_name())
    )
    body = queue_export.to_csv(table) if kind == "csv" else queue_export.to_xlsx(table)
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    stamp = timezone.localtime(now).strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="queue-{stamp}.{kind}"'
    return response


def _bulk_form(person: Person, data: QueryDict | None) -> BulkForm:
    suppliers = supplier_organisation_ids(person)
    return BulkForm(
        data,
        lines=queries.supplier_lines(suppliers),
        people=queries.supplier_people(suppliers),
    )


@login_required
@require_POST
def bulk(request: HttpRequest, cabinet: str) -> HttpResponse:
    """A bulk act on the selected tickets, each through its own action; the page lists
    each ticket's outcome (done, or why not). A refused form answers 400 with the reason."""
    queue = _queue_of(request, cabinet)
    person = person_of(request)
    form = _bulk_form(person, request.POST)
    back = str(request.POST.get("back", ""))
    context: dict[str, object] = {"form": form, "cabinet": queue.value, "back": back}
    if not form.is_valid():
        return render(request, "cabinets/parts/bulk_results.html", context, status=400)
    outcomes = run_bulk(person, form.cleaned_data["tickets"], form.choice())
    context["outcomes"] = outcomes
    context["done"] = sum(outcome.done for outcome in outcomes)
    return render(request, "cabinets/parts/bulk_results.html", context)
