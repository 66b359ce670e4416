"""The ticket's upload place in the cabinet: open it (the supplier, or the customer saying
there is diagnostic data above the attachment limit), close it, put a file into it. One
URL and one action each; errors re-render the ticket page next to the form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms.upload_places import UploadPlaceFileForm, UploadPlaceOpenForm
from kabinet.cabinets.views.acts import run_act
from kabinet.tickets.actions.upload_places import (
    add_to_upload_place,
    close_upload_place,
    open_upload_place,
)


@login_required
@require_POST
def open_place(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "upload_place",
        UploadPlaceOpenForm(request.POST),
        lambda t, p, d: open_upload_place(t, author=p, days=d["days"]),
        _("The upload place is open."),
    )


@login_required
@require_POST
def close_place(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "upload_place",
        forms.Form(request.POST),
        lambda t, p, d: close_upload_place(t, author=p),
        _("The upload place is closed."),
    )


@login_required
@require_POST
def put_file(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "upload_file",
        UploadPlaceFileForm(request.POST, request.FILES),
        lambda t, p, d: add_to_upload_place(
            t,
            author=p,
            filename=d["file"].name,
            content_type=d["file"].content_type or "",
            chunks=d["file"].chunks(),
        ),
        _("File uploaded into the upload place."),
    )
