"""Client cabinet: the organisation's tickets, filing a ticket, contracts, contacts and roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabinet.bounds import parse_id
from kabinet.cabinets import queries
from kabinet.cabinets.forms.filters import TicketFilterForm
from kabinet.cabinets.forms.people import RoleForm
from kabinet.cabinets.forms.tickets import TicketForm, intake_prefill
from kabinet.cabinets.queries import Cabinet, TicketFilter
from kabinet.cabinets.views.common import attempt, cabinet_required, person_of
from kabinet.contracts.access import access_contract
from kabinet.entitlements.queries import contract_quotas
from kabinet.orgs.actions import grant_role, revoke_role
from kabinet.orgs.models import Person, Role
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.actions import add_attachment, register_ticket
from kabinet.tickets.models import Ticket

PAGE_SIZE = 25


@cabinet_required(Cabinet.CLIENT)
@require_GET
def tickets(request: HttpRequest) -> HttpResponse:
    """The customer's tickets, open ones by default, grouped by what needs the reader first
    (``queries.CUSTOMER_ATTENTION``), a page of ``PAGE_SIZE`` at a time."""
    person = person_of(request)
    filters = request.GET.copy()
    filters.pop("page", None)
    form = TicketFilterForm(
        filters or {"status": "open"},
        contracts=queries.customer_contracts(person),
        contacts=queries.customer_contacts(person),
    )
    chosen = TicketFilter(status="open")
    if form.is_valid():
        data = form.cleaned_data
        chosen = TicketFilter(
            contact=data["contact"].pk if data["contact"] else None,
            contract=data["contract"].pk if data["contract"] else None,
            status=data["status"],
            criticality=data["criticality"],
            text=data["text"],
        )
    rows = queries.filtered(queries.customer_tickets(visible_tickets(person), person), chosen)
    rows = queries.in_customer_attention_order(rows).select_related("contract", "reporter")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "tickets": page.object_list,
        "current_query": filters.urlencode(),
        "contracts": queries.customer_contracts(person),
    }
    return render(request, "cabinets/client/tickets.html", context)


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
        initial={"contract": contract.pk, **intake_prefill(person, contract)},
    )
    if request.method == "POST" and form.is_valid():
        created = []
        if attempt(
            form,
            lambda: created.append(file_with_attachments(person, form)),
        ):
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
    }
    return render(request, "cabinets/client/contract.html", context)


def _role_form(request: HttpRequest, person: Person) -> RoleForm:
    organisations = queries.administered_organisations(person)
    people = Person.objects.filter(memberships__organisation__in=organisations).distinct()
    return RoleForm(request.POST or None, organisations=organisations, people=people)


def _people_page(request: HttpRequest, form: RoleForm, status: int = 200) -> HttpResponse:
    organisations = queries.administered_organisations(person_of(request))
    if not organisations.exists():
        raise Http404
    groups = [(org, queries.memberships_of(org)) for org in organisations]
    return render(
        request, "cabinets/client/people.html", {"groups": groups, "form": form}, status=status
    )


@cabinet_required(Cabinet.CLIENT)
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    return _people_page(request, _role_form(request, person_of(request)))


@cabinet_required(Cabinet.CLIENT)
@require_POST
def grant(request: HttpRequest) -> HttpResponse:
    form = _role_form(request, person_of(request))
    if form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: grant_role(
                organisation=data["organisation"], person=data["person"], role=Role(data["role"])
            ),
        ):
            messages.success(request, _("Role granted."))
            return redirect("cabinets:people")
    return _people_page(request, form, status=400)


@cabinet_required(Cabinet.CLIENT)
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    form = _role_form(request, person_of(request))
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    revoke_role(organisation=data["organisation"], person=data["person"], role=Role(data["role"]))
    messages.success(request, _("Role revoked."))
    return redirect("cabinets:people")
