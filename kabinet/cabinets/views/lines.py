"""Support lines on the ticket page: the supplier's staff move a ticket to another line of
their supplier (``kabinet.lines.actions.move_to_line``), optionally to a person there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets import forms as cabinet_forms
from kabinet.cabinets.queries import supplier_staff
from kabinet.cabinets.views.acts import run_act
from kabinet.cabinets.views.common import person_of
from kabinet.errors import NotFoundError
from kabinet.lines.access import access_line, access_supplier_ticket
from kabinet.lines.actions import move_to_line
from kabinet.lines.models import SupportLine


@login_required
@require_POST
def move(request: HttpRequest, number: str) -> HttpResponse:
    try:
        ticket = access_supplier_ticket(person_of(request), number)
    except NotFoundError:
        raise Http404 from None
    form = cabinet_forms.LineMoveForm(
        request.POST,
        lines=SupportLine.objects.filter(supplier_id=ticket.contract.supplier_id),
        staff=supplier_staff(ticket),
    )
    return run_act(
        request,
        number,
        "line",
        form,
        lambda t, p, d: move_to_line(
            t,
            author=p,
            line=access_line(t, d["line"]),
            reason=d["reason"],
            assignee=d["assignee"],
        ),
        _("The ticket is moved to another support line."),
    )
