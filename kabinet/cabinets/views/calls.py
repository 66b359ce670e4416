"""Logging a phone call from the ticket page (``kabinet.tickets.actions.log_phone_call``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms.tools import PhoneCallForm
from kabinet.cabinets.views.acts import run_act
from kabinet.tickets import actions


@login_required
@require_POST
def log_phone_call(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "call",
        PhoneCallForm(request.POST),
        lambda t, p, d: actions.log_phone_call(
            t,
            author=p,
            summary=d["summary"],
            called_at=d["called_at"],
            direction=d["direction"],
        ),
        _("The phone call is logged."),
    )
