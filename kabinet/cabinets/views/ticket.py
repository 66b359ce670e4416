"""The ticket page (its context comes whole from ``cabinets.ticket_page``) and file
download."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kabinet import clock
from kabinet.cabinets.ticket_page import ticket_page
from kabinet.cabinets.views.common import person_of
from kabinet.notifications.actions import mark_ticket_read
from kabinet.tickets import storage
from kabinet.tickets.access import access_attachment, access_ticket
from kabinet.tickets.filenames import without_format_characters
from kabinet.tickets.models import Ticket


def fetch(request: HttpRequest, number: str) -> Ticket:
    """A ticket the person sees (the partner sees its vendor tickets as their customer)."""
    return access_ticket(person_of(request), number)


def render_ticket(
    request: HttpRequest,
    ticket: Ticket,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    """The page, with one form replaced by its bound (invalid) version when given;
    ``extra`` adds to the context what only this one response shows."""
    context = ticket_page(person_of(request), ticket, now=clock.now())
    context.update(extra or {})
    page_forms = context["forms"]
    if bound is not None:
        page_forms[bound[0]] = bound[1]
    for key, form in page_forms.items():
        form.auto_id = f"id_{key}_%s"  # many forms on one page: ids (and labels) stay unique
    context["open_form"] = bound[0] if bound else ""
    return render(request, "cabinets/ticket/page.html", context, status=status)


@login_required
@require_GET
def ticket(request: HttpRequest, number: str) -> HttpResponse:
    found = fetch(request, number)
    mark_ticket_read(person_of(request), found)
    return render_ticket(request, found)


@login_required
@require_GET
def download(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    attachment = access_attachment(person_of(request), number, attachment_id)
    return FileResponse(
        storage.open_stored(attachment.storage_name),
        as_attachment=True,
        filename=without_format_characters(attachment.filename),
        content_type=attachment.content_type,
    )
