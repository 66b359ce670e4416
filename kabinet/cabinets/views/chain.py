"""The escalation chain's acts, one URL each, each calling one action of
``kabinet.escalations.actions``: the partner escalates a customer's ticket with the dossier
and relays the vendor's answers; the vendor returns its ticket or changes its level; the
partner resubmits a returned escalation and answers the vendor's action plan, after whose
refusal without reasons the vendor may lower a critical ticket."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabinet.cabinets.forms import chain as cabinet_forms
from kabinet.cabinets.forms.tickets import CriticalityForm
from kabinet.cabinets.views.acts import run_act
from kabinet.cabinets.views.common import person_of
from kabinet.cabinets.views.ticket import fetch
from kabinet.escalations import actions, lowering_consent, plan_consent
from kabinet.escalations.access import access_escalation, access_ticket_escalation
from kabinet.escalations.models import RelayAs, VendorReturnReason
from kabinet.tickets.access import attachments_for


@login_required
@require_POST
def escalate(request: HttpRequest, number: str) -> HttpResponse:
    files = attachments_for(person_of(request), fetch(request, number))
    form = cabinet_forms.EscalateForm(request.POST, files=list(files))
    return run_act(
        request,
        number,
        "escalate",
        form,
        lambda t, p, d: actions.escalate_to_vendor(
            t,
            author=p,
            dossier=form.dossier(),
            performance_issue=d["performance_issue"],
            criticality=d["criticality"],
            attachments=d["attachments"],
        ),
        _("Escalated to the vendor."),
    )


@login_required
@require_POST
def relay(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "relay",
        cabinet_forms.RelayForm(request.POST),
        lambda t, p, d: actions.relay_vendor_answer(
            access_ticket_escalation(p, number),
            author=p,
            body=d["body"],
            relay_as=RelayAs(d["relay_as"]),
        ),
        _("The vendor's answer is relayed to the customer."),
    )


@login_required
@require_POST
def vendor_return(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "return",
        cabinet_forms.VendorReturnForm(request.POST),
        lambda t, p, d: actions.vendor_return_escalation(
            access_escalation(p, number),
            author=p,
            reason=VendorReturnReason(d["reason"]),
            body=d["body"],
        ),
        _("Returned to the partner for information."),
    )


@login_required
@require_POST
def vendor_criticality(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "criticality",
        CriticalityForm(request.POST),
        lambda t, p, d: actions.change_vendor_criticality(
            access_escalation(p, number),
            author=p,
            criticality=d["criticality"],
            reason=d["reason"],
        ),
        _("Criticality changed."),
    )


@login_required
@require_POST
def resubmit(request: HttpRequest, number: str) -> HttpResponse:
    escalation = access_escalation(person_of(request), number)
    form = cabinet_forms.ResubmitForm(request.POST, performance_issue=escalation.performance_issue)
    return run_act(
        request,
        number,
        "resubmit",
        form,
        lambda t, p, d: actions.resubmit_escalation(
            escalation, author=p, dossier=form.dossier(), body=d["body"]
        ),
        _("The escalation is resubmitted to the vendor."),
    )


@login_required
@require_POST
def agree_plan(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "agree_plan",
        forms.Form(request.POST),
        lambda t, p, d: plan_consent.agree_action_plan(access_escalation(p, number), author=p),
        _("You agreed to the vendor's action plan."),
    )


@login_required
@require_POST
def refuse_plan(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "refuse_plan",
        cabinet_forms.RefusePlanForm(request.POST),
        lambda t, p, d: plan_consent.refuse_action_plan(
            access_escalation(p, number), author=p, reason=d["reason"]
        ),
        _("You refused the vendor's action plan."),
    )


@login_required
@require_POST
def lower_after_refusal(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "lower_after_refusal",
        cabinet_forms.LowerAfterRefusalForm(request.POST),
        lambda t, p, d: plan_consent.lower_criticality_after_refusal(
            access_escalation(p, number), author=p, criticality=d["criticality"]
        ),
        _("Criticality lowered: the partner refused the action plan without reasons."),
    )


@login_required
@require_POST
def propose_lowering(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "propose_lowering",
        cabinet_forms.ProposeLoweringForm(request.POST),
        lambda t, p, d: lowering_consent.propose_lowering(
            access_escalation(p, number), author=p, criticality=d["criticality"], reason=d["reason"]
        ),
        _("The lower criticality is proposed to the partner."),
    )


@login_required
@require_POST
def agree_lowering(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "agree_lowering",
        forms.Form(request.POST),
        lambda t, p, d: lowering_consent.agree_lowering(access_escalation(p, number), author=p),
        _("You agreed: the criticality is lowered."),
    )


@login_required
@require_POST
def refuse_lowering(request: HttpRequest, number: str) -> HttpResponse:
    return run_act(
        request,
        number,
        "refuse_lowering",
        cabinet_forms.RefuseLoweringForm(request.POST),
        lambda t, p, d: lowering_consent.refuse_lowering(
            access_escalation(p, number), author=p, reason=d["reason"]
        ),
        _("You refused: the criticality stays."),
    )
