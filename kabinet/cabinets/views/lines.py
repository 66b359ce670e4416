"""Support lines on the ticket page: the supplier's staff move a ticket to another line of
their supplier (``kabinet.lines.actions.move_to_line``), optionally to a person there, hand
it to development to wait for a release, and mark that release out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms import chain as cabinet_forms
from kabinet.cabinets.forms.tools import HandoverForm, ReleaseForm
from kabinet.cabinets.queries import supplier_staff
from kabinet.cabinets.views.acts import run_act
from kabinet.cabinets.views.common import person_of
from kabinet.lines.access import access_line, access_supplier_ticket
from kabinet.lines.actions import hand_to_development, move_to_line, release_ticket_version
from kabinet.lines.models import ReleaseKind, SupportLine
from kabinet.tickets.models import Ticket


def _supplier_ticket(request: HttpRequest, number: str) -> Ticket:
    """Only the supplier's staff reach these acts; anyone else gets 404, like a wrong URL."""
    return access_supplier_ticket(person_of(request), number)


@login_required
@require_POST
def move(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _supplier_ticket(request, number)
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


@login_required
@require_POST
def hand_over(request: HttpRequest, number: str) -> HttpResponse:
    _supplier_ticket(request, number)
    return run_act(
        request,
        number,
        "handover",
        HandoverForm(request.POST),
        lambda t, p, d: hand_to_development(t, author=p, version=d["version"]),
        _("The ticket is handed to development and waits for the release."),
    )


@login_required
@require_POST
def release(request: HttpRequest, number: str) -> HttpResponse:
    _supplier_ticket(request, number)
    return run_act(
        request,
        number,
        "release",
        ReleaseForm(request.POST),
        lambda t, p, d: release_ticket_version(t, author=p, kind=ReleaseKind(d["kind"])),
        _("The release is out; the tickets waiting for it resume."),
    )
