"""Partner cabinet and vendor console: the work queue of supplied tickets, and the vendor's
per-partner SLA compliance table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from kabinet.cabinets import queries
from kabinet.cabinets.forms import QueueFilterForm
from kabinet.cabinets.queries import Cabinet, TicketFilter
from kabinet.cabinets.views.common import cabinet_required, person_of
from kabinet.tickets.access import visible_tickets


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    cabinets = queries.cabinets_of(person_of(request))
    if not cabinets:
        raise Http404
    return redirect(f"cabinets:{cabinets[0].value}")


def _queue(request: HttpRequest, template: str, extra: dict[str, object]) -> HttpResponse:
    person = person_of(request)
    supplied = queries.supplier_tickets(visible_tickets(person), person)
    form = QueueFilterForm(
        request.GET or {"status": "open"}, customers=queries.ticket_customers(supplied)
    )
    chosen = TicketFilter(status="open")
    if form.is_valid():
        data = form.cleaned_data
        chosen = TicketFilter(
            status=data["status"],
            criticality=data["criticality"],
            customer=data["customer"].pk if data["customer"] else None,
            mine_for=person if data["mine"] else None,
        )
    rows = queries.in_work_order(queries.filtered(supplied, chosen)).select_related(
        "contract__customer", "assignee", "reporter"
    )
    return render(request, template, {"form": form, "tickets": rows, **extra})


@cabinet_required(Cabinet.PARTNER)
@require_GET
def partner(request: HttpRequest) -> HttpResponse:
    return _queue(request, "cabinets/partner/queue.html", {})


@cabinet_required(Cabinet.VENDOR)
@require_GET
def vendor(request: HttpRequest) -> HttpResponse:
    return _queue(
        request, "cabinets/vendor/console.html", {"compliance": queries.partner_compliance()}
    )
