"""One URL and one view per act on a ticket; each calls exactly one action of
``kabinet.tickets.actions``. An invalid form or a refused act re-renders the ticket page
with the message next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms import tickets as cabinet_forms
from kabinet.cabinets.queries import supplier_staff
from kabinet.cabinets.views.common import attempt, person_of
from kabinet.cabinets.views.ticket import fetch, render_ticket
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.tickets import actions
from kabinet.tickets.access import access_ticket
from kabinet.tickets.models import PostponementReason, ReturnReason, Ticket, format_number
from kabinet.tickets.search import NUMBER_TYPED

Perform = Callable[[Ticket, Person, dict[str, Any]], object]


def run_act(
    request: HttpRequest, number: str, key: str, form: forms.Form, perform: Perform, done: str
) -> HttpResponse:
    """Validate ``form``, call ``perform`` (one action); back to the ticket page on success,
    else the page again with ``form`` bound under ``key`` and its errors, status 400."""
    person = person_of(request)
    ticket = fetch(request, number)
    if form.is_valid() and attempt(form, lambda: perform(ticket, person, form.cleaned_data)):
        messages.success(request, done)
        return redirect("cabinets:ticket", number=ticket.number)
    return render_ticket(request, ticket, bound=(key, form), status=400)


def with_files(reply: Perform) -> Perform:
    """``reply`` (one action) and then each attached file (``add_attachment``) in one
    transaction: a file the store refuses sends nothing, and the page comes back with the
    text typed and the refusal next to the files."""

    def perform(ticket: Ticket, person: Person, data: dict[str, Any]) -> object:
        with transaction.atomic():
            done = reply(ticket, person, data)
            for upload in data["attachments"]:
                actions.add_attachment(
                    ticket,
                    author=person,
                    filename=upload.name,
                    content_type=upload.content_type or "",
                    chunks=upload.chunks(),
                )
        return done

    return perform


@login_required
@require_POST
def public_reply(request: HttpRequest, number: str) -> HttpResponse:
    found = fetch(request, number)
    # On a vendor ticket the vendor's engineer answers the partner, not a customer.
    to_partner = found.contract.supplier.kind == OrganisationKind.VENDOR
    limit = found.contract.package.attachment_size_limit
    return run_act(
        request,
        number,
        "public",
        cabinet_forms.PublicReplyForm(request.POST, request.FILES, attachment_limit=limit),
        with_files(
            lambda t, p, d: actions.record_public_reply(
                t, author=p, body=d["body"], action_plan=d["action_plan"]
            )
        ),
        _("Reply sent to the partner.") if to_partner else _("Reply sent to the customer."),
    )


@login_required
@require_POST
def internal_comment(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "internal",
        cabinet_forms.MessageForm(request.POST),
        lambda t, p, d: actions.add_internal_comment(t, author=p, body=d["body"]),
        _("Internal comment added."),
    )


@login_required
@require_POST
def customer_reply(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "reply",
        cabinet_forms.ReplyWithFilesForm(
            request.POST,
            request.FILES,
            attachment_limit=fetch(request, number).contract.package.attachment_size_limit,
        ),
        with_files(lambda t, p, d: actions.customer_reply(t, author=p, body=d["body"])),
        _("Message sent."),
    )


@login_required
@require_POST
def return_for_information(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "return",
        cabinet_forms.ReturnForm(request.POST),
        lambda t, p, d: actions.return_for_information(
            t, author=p, reason=ReturnReason(d["reason"]), body=d["body"]
        ),
        _("Returned to the customer for information."),
    )


@login_required
@require_POST
def change_criticality(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "criticality",
        cabinet_forms.CriticalityForm(request.POST),
        lambda t, p, d: actions.change_criticality(
            t, author=p, criticality=d["criticality"], reason=d["reason"]
        ),
        _("Criticality changed."),
    )


@login_required
@require_POST
def agree_deadline(request: HttpRequest, number: str) -> HttpResponse:
    def perform(t: Ticket, p: Person, d: dict[str, Any]) -> object:
        due = d["due"]
        if due is not None:  # typed in the contract's zone, whatever the server's
            due = due.replace(tzinfo=None).replace(tzinfo=ZoneInfo(t.contract.time_zone))
        return actions.agree_resolution_deadline(
            t, author=p, reason=d["reason"], due=due, amount=d["amount"], unit=d["unit"]
        )

    return run_act(
        request,
        number,
        "agree_deadline",
        cabinet_forms.AgreedDeadlineForm(request.POST),
        perform,
        _("The agreed resolution term is recorded."),
    )


@login_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    ticket = fetch(request, number)
    form = cabinet_forms.AssignForm(request.POST, staff=supplier_staff(ticket))
    return run_act(
        request,
        number,
        "assign",
        form,
        lambda t, p, d: actions.assign(
            t, author=p, assignee_id=d["assignee"].pk if d["assignee"] else None
        ),
        _("Assignment saved."),
    )


@login_required
@require_POST
def propose_solution(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "propose",
        cabinet_forms.ProposalForm(request.POST),
        lambda t, p, d: actions.propose_solution(t, author=p, body=d["body"]),
        _("Solution proposed to the customer."),
    )


@login_required
@require_POST
def propose_workaround(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "propose",
        cabinet_forms.ProposalForm(request.POST),
        lambda t, p, d: actions.propose_workaround(t, author=p, body=d["body"]),
        _("Workaround proposed to the customer."),
    )


@login_required
@require_POST
def accept_solution(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "accept",
        forms.Form(request.POST),
        lambda t, p, d: actions.accept_solution(t, author=p),
        _("Solution accepted; the ticket is closed."),
    )


@login_required
@require_POST
def reject_solution(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "reject",
        cabinet_forms.RejectForm(request.POST),
        lambda t, p, d: actions.reject_solution(t, author=p, reason=d["reason"]),
        _("Solution rejected; the ticket is reopened."),
    )


@login_required
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "rate",
        cabinet_forms.RateForm(request.POST),
        lambda t, p, d: actions.rate_ticket(
            t,
            author=p,
            rating=d["rating"],
            solution_rating=d["solution_rating"],
            comment=d["comment"],
        ),
        _("Thank you for the rating."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "reopen",
        cabinet_forms.ReopenForm(request.POST),
        lambda t, p, d: actions.reopen_ticket(t, author=p, reason=d["reason"]),
        _("The ticket is reopened; the SLA clocks resume from the time already used."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "withdraw",
        cabinet_forms.WithdrawForm(request.POST),
        lambda t, p, d: actions.withdraw_ticket(t, author=p, reason=d["reason"]),
        _("The ticket is withdrawn and closed; its SLA clocks are stopped."),
    )


@login_required
@require_POST
def close_withdrawn(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "close_withdrawn",
        cabinet_forms.CloseWithdrawnForm(request.POST),
        lambda t, p, d: actions.close_withdrawn_ticket(t, author=p, reason=d["reason"]),
        _("The ticket is closed as withdrawn by the customer; its SLA clocks are stopped."),
    )


@login_required
@require_POST
def propose_postponement(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "postpone",
        cabinet_forms.PostponementForm(request.POST),
        lambda t, p, d: actions.propose_postponement(
            t, author=p, reason=PostponementReason(d["reason"]), until=d["until"], body=d["body"]
        ),
        _("The postponement is proposed; the resolution moves once the customer agrees."),
    )


@login_required
@require_POST
def agree_postponement(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "agree_postponement",
        forms.Form(request.POST),
        lambda t, p, d: actions.agree_postponement(t, author=p),
        _("You agreed to the postponement; the resolution is due at the agreed time."),
    )


@login_required
@require_POST
def decline_postponement(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "decline_postponement",
        cabinet_forms.DeclinePostponementForm(request.POST),
        lambda t, p, d: actions.decline_postponement(t, author=p, reason=d["reason"]),
        _("You declined the postponement; the resolution stays due as it was."),
    )


def _other(person: Person, typed: str) -> Ticket:
    """The other ticket of a merge or a link, typed by its number (a bare one too); one the
    person may not see is "no such ticket", like one that does not exist."""
    found = NUMBER_TYPED.fullmatch(typed.strip())
    try:
        if found is None:
            raise NotFoundError(_("No such ticket."))
        return access_ticket(person, format_number(int(found[1])))
    except NotFoundError:
        raise DomainError(_("No such ticket."), field="other") from None


@login_required
@require_POST
def merge(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "merge",
        cabinet_forms.MergeForm(request.POST),
        lambda t, p, d: actions.merge_ticket(
            t, into=_other(p, d["other"]), author=p, reason=d["reason"]
        ),
        _("The ticket is closed as a duplicate; the work goes on in the other ticket."),
    )


@login_required
@require_POST
def link(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "link",
        cabinet_forms.LinkForm(request.POST),
        lambda t, p, d: actions.link_tickets(t, other=_other(p, d["other"]), author=p),
        _("The tickets are linked."),
    )


@login_required
@require_POST
def attach(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "attach",
        cabinet_forms.AttachmentForm(request.POST, request.FILES),
        lambda t, p, d: actions.add_attachment(
            t,
            author=p,
            filename=d["file"].name,
            content_type=d["file"].content_type or "",
            chunks=d["file"].chunks(),
            internal=d["internal"],
        ),
        _("File attached."),
    )
