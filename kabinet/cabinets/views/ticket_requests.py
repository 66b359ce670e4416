"""The ticket page's acts of seed issue 18, each calling one action: temporary access
credentials (given, shown, removed), the customer's request to expedite, the supplier's
refusal, and the rating of solution and support apart."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms import tickets as cabinet_forms
from kabinet.cabinets.views.acts import run_act
from kabinet.cabinets.views.common import person_of
from kabinet.cabinets.views.ticket import fetch, render_ticket
from kabinet.errors import DomainError, NotFoundError
from kabinet.tickets import actions
from kabinet.tickets.models import RefusalReason


@login_required
@require_POST
def give_credentials(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "credentials",
        cabinet_forms.CredentialsForm(request.POST),
        lambda t, p, d: actions.give_credentials(t, author=p, secret=d["secret"]),
        _(
            "The access credentials are kept encrypted for the ticket's assignee; they are "
            "deleted when the ticket closes."
        ),
    )


@never_cache
@login_required
@require_POST
def reveal_credentials(request: HttpRequest, number: str) -> HttpResponse:
    """The page once more, with the secret shown in this response only (not cached); the
    showing is recorded in the timeline."""
    person = person_of(request)
    ticket = fetch(request, number)
    form = forms.Form(request.POST)
    try:
        secret = actions.reveal_credentials(ticket, viewer=person)
    except NotFoundError:
        raise
    except DomainError as error:
        form.add_error(None, str(error.message))
        return render_ticket(request, ticket, bound=("reveal_credentials", form), status=400)
    return render_ticket(request, ticket, extra={"revealed_secret": secret})


@login_required
@require_POST
def remove_credentials(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "remove_credentials",
        forms.Form(request.POST),
        lambda t, p, d: actions.remove_credentials(t, author=p),
        _("The access credentials are deleted."),
    )


@login_required
@require_POST
def request_expedite(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "expedite",
        cabinet_forms.ExpediteForm(request.POST),
        lambda t, p, d: actions.request_expedite(t, author=p, body=d["body"]),
        _("Your request went to the supplier's quality control and the support team's lead."),
    )


@login_required
@require_POST
def refuse(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "refuse",
        cabinet_forms.RefusalForm(request.POST),
        lambda t, p, d: actions.refuse_ticket(
            t, author=p, reason=RefusalReason(d["reason"]), body=d["body"]
        ),
        _("The ticket is refused and closed; the customer is told the reason."),
    )
