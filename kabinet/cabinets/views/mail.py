"""Inbound mail in the supplier's cabinets: the quarantine list (messages waiting for a
person's decision), one message, and the two decisions (``kabinet.channels.email.quarantine``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kabinet.cabinets.forms.mail import ReleaseForm
from kabinet.cabinets.queries import Cabinet
from kabinet.cabinets.views.common import attempt, cabinet_required, person_of
from kabinet.channels.email.access import access_inbound_message, quarantine_for
from kabinet.channels.email.models import WAITING_OUTCOMES
from kabinet.channels.email.parsing import parse_mail
from kabinet.channels.email.quarantine import discard_message, release_message
from kabinet.errors import ConflictError

PAGE_SIZE = 100


def _quarantine(request: HttpRequest) -> HttpResponse:
    rows = quarantine_for(person_of(request))
    return render(
        request,
        "cabinets/partner/mail_quarantine.html",
        {"rows": rows[:PAGE_SIZE], "total": rows.count()},
    )


@cabinet_required(Cabinet.PARTNER)
@require_GET
def partner_quarantine(request: HttpRequest) -> HttpResponse:
    return _quarantine(request)


@cabinet_required(Cabinet.VENDOR)
@require_GET
def vendor_quarantine(request: HttpRequest) -> HttpResponse:
    return _quarantine(request)


@login_required
@require_GET
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    return _message_page(request, message_id, ReleaseForm())


def _message_page(
    request: HttpRequest, message_id: int, form: ReleaseForm, status: int = 200
) -> HttpResponse:
    row = access_inbound_message(person_of(request), message_id)
    mail = parse_mail(bytes(row.raw))
    context = {
        "row": row,
        "text": mail.text,
        "files": [(f.filename, len(f.data)) for f in mail.files],
        "waiting": row.outcome in WAITING_OUTCOMES,
        "form": form,
    }
    return render(request, "cabinets/partner/mail_message.html", context, status=status)


@login_required
@require_POST
def release(request: HttpRequest, message_id: int) -> HttpResponse:
    person = person_of(request)
    access_inbound_message(person, message_id)  # 404 before reading the form
    form = ReleaseForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["number"]
        if attempt(form, lambda: release_message(message_id, by=person, number=number)):
            messages.success(request, _("The message is added to the ticket as an internal note."))
            return redirect("cabinets:ticket", number=number.strip().upper())
    return _message_page(request, message_id, form, status=400)


@login_required
@require_POST
def discard(request: HttpRequest, message_id: int) -> HttpResponse:
    person = person_of(request)
    try:
        discard_message(message_id, by=person)
    except ConflictError as refusal:
        messages.error(request, str(refusal.message))
        return _message_page(request, message_id, ReleaseForm(), status=409)
    messages.success(request, _("The message is discarded."))
    return redirect("cabinets:home")
