"""Registering a ticket taken by phone, on the caller's behalf
(``kabinet.channels.phone.actions.register_ticket_by_phone``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kabinet.bounds import parse_id
from kabinet.cabinets.forms.phone import PhoneTicketForm
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.channels.phone.actions import register_ticket_by_phone
from kabinet.channels.phone.queries import phone_callers, phone_contracts
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets.models import Ticket


@login_required
@require_http_methods(["GET", "POST"])
def phone_ticket(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    supplier_ids = supplier_organisation_ids(person)
    if not supplier_ids:
        raise Http404
    contracts = phone_contracts(supplier_ids)
    wanted = parse_id(request.POST.get("contract") or request.GET.get("contract") or "")
    contract = (contracts.filter(pk=wanted).first() if wanted else None) or contracts.first()
    form = PhoneTicketForm(
        request.POST or None,
        contracts=contracts,
        callers=phone_callers(contracts).prefetch_related("memberships__organisation"),
        mandatory=list(contract.package.mandatory_intake_fields) if contract else [],
        attachment_limit=contract.package.attachment_size_limit if contract else 0,
        initial={"contract": contract.pk if contract else None},
    )
    created: list[Ticket] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: created.append(
                register_ticket_by_phone(
                    contract=data["contract"],
                    caller=data["caller"],
                    taken_by=person,
                    subject=data["subject"],
                    description=data["description"],
                    criticality=data["criticality"],
                    is_production=data["is_production"],
                    call_notes=data["call_notes"],
                    confirmed_phone_24x7=data["confirmed_phone_24x7"],
                    confirmed_email_1h=data["confirmed_email_1h"],
                    intake=form.intake(),
                )
            ),
        ):
            number = created[0].number
            messages.success(request, _("Ticket %(number)s registered.") % {"number": number})
            return redirect("cabinets:ticket", number=number)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "contract": contract}
    return render(request, "cabinets/partner/phone_ticket.html", context, status=status)
