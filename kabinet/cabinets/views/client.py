"""Client cabinet: the organisation's tickets, filing a ticket, contracts. Contacts and roles
are the administration pages (``views.people``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kabinet import clock
from kabinet.bounds import parse_id
from kabinet.cabinets import paging, queries
from kabinet.cabinets.forms.filters import TicketFilterForm
from kabinet.cabinets.forms.tickets import TicketForm, intake_prefill
from kabinet.cabinets.queries import Cabinet, TicketFilter
from kabinet.cabinets.views.common import attempt, cabinet_required, person_of
from kabinet.contracts.access import access_contract
from kabinet.contracts.models import RequestCategory
from kabinet.contracts.service_days import coming_changes, weekly_hours
from kabinet.entitlements.models import ServiceBooking
from kabinet.entitlements.queries import contract_quotas
from kabinet.errors import DomainError
from kabinet.knowledge.queries import MAX_QUERY_LENGTH, text_in_list
from kabinet.orgs.models import Person
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.actions import add_attachment, register_ticket
from kabinet.tickets.models import Ticket


@cabinet_required(Cabinet.CLIENT)
@require_GET
def tickets(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    asked = request.GET.copy()
    asked.setdefault("status", "open")  # the list opens on what is still going on
    form = TicketFilterForm(
        asked,
        contracts=queries.customer_contracts(person),
        contacts=queries.customer_contacts(person),
    )
    chosen = TicketFilter()
    if form.is_valid():
        data = form.cleaned_data
        chosen = TicketFilter(
            contact=data["contact"].pk if data["contact"] else None,
            contract=data["contract"].pk if data["contract"] else None,
            status=data["status"],
            criticality=data["criticality"],
        )
    rows = queries.filtered(queries.customer_tickets(visible_tickets(person), person), chosen)
    rows = queries.with_customer_attention(rows)
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if text:
        rows = text_in_list(rows, text, supplied=False)
    rows = rows.select_related("contract", "reporter")
    status = 200
    cursor = str(request.GET.get("after", ""))
    try:
        page = paging.page_of(rows, CLIENT_ORDER, cursor)
    except DomainError as error:
        form.add_error(None, str(error.message))
        page, status = paging.page_of(rows.none(), CLIENT_ORDER, ""), 400
    query = {k: str(v) for k, v in request.GET.items() if k != "after"}
    context = {
        "form": form,
        "tickets": page.rows,
        "showing_open": chosen.status == "open",
        "next_page": urlencode({**query, "after": page.next_cursor}) if page.next_cursor else "",
        "first_page": urlencode(query) if cursor else "",
        "contracts": queries.customer_contracts(person),
        "query": text,
    }
    return render(request, "cabinets/client/tickets.html", context, status=status)


# What needs the customer first (``queries.CUSTOMER_ATTENTION``), the newest first within
# one status; the page groups by status in this order.
CLIENT_ORDER = (
    paging.Key("attention", paging.KeyKind.INT),
    paging.Key("registered_at", paging.KeyKind.MOMENT, descending=True),
    paging.Key("pk", paging.KeyKind.INT, descending=True),
)


def file_with_attachments(person: Person, form: TicketForm) -> Ticket:
    """Registration and the files attached while filing, in one transaction: a file the
    store refuses leaves no ticket behind, so nothing is filed twice on the retry."""
    data = form.cleaned_data
    with transaction.atomic():
        ticket = register_ticket(
            contract=data["contract"],
            reporter=person,
            subject=data["subject"],
            description=data["description"],
            criticality=data["criticality"],
            is_production=data["is_production"],
            confirmed_phone_24x7=data["confirmed_phone_24x7"],
            confirmed_email_1h=data["confirmed_email_1h"],
            intake=form.intake(),
            more_diagnostic_data=data["more_diagnostic_data"],
            category=data["category"] or RequestCategory.SUPPORT,
        )
        for upload in data["attachments"]:
            add_attachment(
                ticket,
                author=person,
                filename=upload.name,
                content_type=upload.content_type or "",
                chunks=upload.chunks(),
            )
    return ticket


@cabinet_required(Cabinet.CLIENT)
@require_http_methods(["GET", "POST"])
def new_ticket(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    contracts = queries.customer_contracts(person)
    wanted = request.POST.get("contract") or request.GET.get("contract") or ""
    contract_id = parse_id(wanted)
    chosen = contracts.none() if contract_id is None else contracts.filter(pk=contract_id)
    contract = chosen.first() or contracts.first()
    if contract is None:
        raise Http404
    mandatory = list(contract.package.mandatory_intake_fields)
    form = TicketForm(
        request.POST or None,
        request.FILES or None,
        contracts=contracts,
        mandatory=mandatory,
        attachment_limit=contract.package.attachment_size_limit,
        asks_for_screenshots=contract.package.asks_for_screenshots,
        initial={"contract": contract.pk, **intake_prefill(person, contract)},
    )
    if request.method == "POST" and form.is_valid():
        created = []
        if attempt(form, lambda: created.append(file_with_attachments(person, form))):
            messages.success(
                request, _("Ticket %(number)s registered.") % {"number": created[0].number}
            )
            return redirect("cabinets:ticket", number=created[0].number)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "contract": contract, "contracts": contracts}
    return render(request, "cabinets/client/new_ticket.html", context, status=status)


@cabinet_required(Cabinet.CLIENT)
@require_GET
def contract(request: HttpRequest, contract_id: int) -> HttpResponse:
    found = access_contract(person_of(request), contract_id)
    context = {
        "contract": found,
        "targets": found.package.targets.order_by("criticality", "kind"),
        "quotas": contract_quotas(found),
        "bookings": ServiceBooking.objects.filter(request__contract=found)
        .select_related("request__service")
        .order_by("-request__requested_at", "-id")[:50],
        "weekly_hours": weekly_hours(found),
        "coming_changes": coming_changes(found, found.local_date(clock.now())),
    }
    return render(request, "cabinets/client/contract.html", context)
