"""The ticket page (timeline, SLA panel, the tools of the viewer's side, the escalation and
support-line panels) and file download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kabinet import clock
from kabinet.cabinets.forms import tickets as cabinet_forms
from kabinet.cabinets.queries import supplier_staff
from kabinet.cabinets.views import panels
from kabinet.cabinets.views.common import person_of
from kabinet.tickets import deadlines, storage
from kabinet.tickets.access import (
    Side,
    access_attachment,
    access_ticket,
    attachments_for,
    side_of,
    timeline_for,
)
from kabinet.tickets.models import Ticket


def fetch(request: HttpRequest, number: str) -> Ticket:
    """A ticket the person sees (the partner sees its vendor tickets as their customer)."""
    return access_ticket(person_of(request), number)


def blank_forms(ticket: Ticket, supplier: bool) -> dict[str, forms.Form]:
    if not supplier:
        return {
            "reply": cabinet_forms.MessageForm(),
            "attach": cabinet_forms.AttachmentForm(),
            "accept": forms.Form(),
            "reject": cabinet_forms.RejectForm(),
            "rate": cabinet_forms.RateForm(),
            "reopen": cabinet_forms.ReopenForm(),
        }
    return {
        "public": cabinet_forms.PublicReplyForm(),
        "internal": cabinet_forms.MessageForm(),
        "propose": cabinet_forms.ProposalForm(),
        "return": cabinet_forms.ReturnForm(),
        "criticality": cabinet_forms.CriticalityForm(initial={"criticality": ticket.criticality}),
        "assign": cabinet_forms.AssignForm(
            staff=supplier_staff(ticket), initial={"assignee": ticket.assignee_id}
        ),
        "attach": cabinet_forms.AttachmentForm(),
    }


def render_ticket(
    request: HttpRequest,
    ticket: Ticket,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, with one form replaced by its bound (invalid) version when given."""
    person = person_of(request)
    supplier = side_of(person, ticket) == Side.SUPPLIER
    page_forms = blank_forms(ticket, supplier)
    context: dict[str, Any] = {
        "ticket": ticket,
        "supplier": supplier,
        "events": timeline_for(person, ticket),
        "attachments": attachments_for(person, ticket),
        "sla": deadlines.explanation(ticket, clock.now()),
        "acts": {
            "return": "cabinets:return_for_information",
            "criticality": "cabinets:change_criticality",
        },
    }
    extra = [panels.vendor_ticket_chain(person, ticket, supplier)]
    if supplier:
        extra += [
            panels.customer_ticket_chain(person, ticket),
            panels.line_panels(ticket, supplier_staff(ticket)),
        ]
    for panel in extra:
        context.update(panel.context)
        page_forms.update(panel.forms)
    if bound is not None:
        page_forms[bound[0]] = bound[1]
    for key, form in page_forms.items():
        form.auto_id = f"id_{key}_%s"  # many forms on one page: ids (and labels) stay unique
    context.update(forms=page_forms, open_form=bound[0] if bound else "")
    return render(request, "cabinets/ticket/page.html", context, status=status)


@login_required
@require_GET
def ticket(request: HttpRequest, number: str) -> HttpResponse:
    return render_ticket(request, fetch(request, number))


@login_required
@require_GET
def download(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    attachment = access_attachment(person_of(request), number, attachment_id)
    return FileResponse(
        storage.open_stored(attachment.storage_name),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
