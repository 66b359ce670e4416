"""The ticket page's whole context, built in one place with every query it needs: the
ticket, its timeline and files for the viewer's side, the SLA explanation, the acts the
viewer may take (from the actions' own guards), their blank forms, the upload place, the
release wait, the escalation to the vendor and the support lines. Templates only show it;
what a side may not see never gets here, because every read goes through an access module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import prefetch_related_objects

from kabinet import sla
from kabinet.cabinets import queries, sla_words
from kabinet.cabinets.forms import chain as chain_forms
from kabinet.cabinets.forms import tickets as ticket_forms
from kabinet.cabinets.forms.knowledge import AnswerWithArticleForm
from kabinet.cabinets.forms.tools import TOOL_FORMS
from kabinet.contracts.models import package_targets_of
from kabinet.escalations import acts as escalation_acts
from kabinet.escalations.actions import escalation_refusal
from kabinet.escalations.dossier import drafted_from
from kabinet.escalations.lowering_consent import pending_lowering
from kabinet.escalations.models import Escalation
from kabinet.knowledge.queries import answers_for_ticket, consulted_resources
from kabinet.lines import acts as line_acts
from kabinet.lines.queries import waiting_handover
from kabinet.orgs.models import Person
from kabinet.tickets import acts as ticket_acts
from kabinet.tickets import deadlines
from kabinet.tickets.access import Side, attachments_for, side_of, timeline_for
from kabinet.tickets.actions.closing import auto_close_plan
from kabinet.tickets.actions.credentials import stored_credentials
from kabinet.tickets.actions.expedite import next_expedite_at
from kabinet.tickets.actions.merging import related_numbers
from kabinet.tickets.actions.postponement import pending_postponement
from kabinet.tickets.actions.upload_places import current_upload_place, latest_upload_place
from kabinet.tickets.models import Ticket

Act = ticket_acts.Act
EscalationAct = escalation_acts.EscalationAct


def available_acts(
    person: Person,
    ticket: Ticket,
    *,
    now: dt.datetime,
    escalation: Escalation | None = None,
    vendor_escalation: Escalation | None = None,
) -> frozenset[str]:
    """Every act ``person`` may take on ``ticket`` at ``now``: the ticket's own
    (``tickets.acts``) with those of the apps built on it (``escalations.acts``,
    ``lines.acts``), which tickets does not know. ``escalation`` and ``vendor_escalation``
    are the ticket's escalations as ``escalations.acts`` reads them."""
    acts: set[str] = set(ticket_acts.available_acts(person, ticket, now=now))
    acts |= escalation_acts.available_acts(
        person, ticket, now=now, escalation=escalation, vendor_escalation=vendor_escalation
    )
    acts |= line_acts.available_acts(person, ticket)
    return frozenset(acts)


def ticket_page(person: Person, ticket: Ticket, *, now: dt.datetime) -> dict[str, Any]:
    """The context of ``cabinets/ticket/page.html`` for ``person``, who sees ``ticket``
    (precondition: fetched through ``tickets.access``); ``forms`` holds a blank form for
    every act offered, keyed as the page's templates name them."""
    supplier = side_of(person, ticket) == Side.SUPPLIER
    escalation = escalation_acts.ticket_escalation(person, ticket) if supplier else None
    vendor_escalation = escalation_acts.vendor_ticket_escalation(person, ticket)
    acts = available_acts(
        person, ticket, now=now, escalation=escalation, vendor_escalation=vendor_escalation
    )
    # The clock's policy and the panel's written terms read the same package rows: once.
    prefetch_related_objects([ticket.contract.package], "targets")
    explanation = deadlines.explanation(ticket, now)
    place = current_upload_place(ticket, now)
    latest = None if place is not None else latest_upload_place(ticket)
    context: dict[str, Any] = {
        "ticket": ticket,
        "supplier": supplier,
        "acts": acts,
        "events": list(timeline_for(person, ticket)),
        "attachments": list(attachments_for(person, ticket)),
        "sla": explanation,
        "sla_rows": sla_words.panel_rows(
            explanation,
            sla_words.written_terms(
                ticket.contract,
                level=explanation.level,
                resolution_class=ticket.resolution_class,
                targets=package_targets_of(ticket.contract),
            ),
        ),
        "waits_for_customer": explanation.phase == sla.Phase.AWAITING_CUSTOMER,
        "upload_place": place,
        "ended_upload_place": latest,
        "release_wait": waiting_handover(ticket) if supplier else None,
        "escalation": escalation,
        "vendor_messages": queries.vendor_messages(person, escalation) if escalation else [],
        "escalate_obstacle": None,
        "vendor_escalation": vendor_escalation,
        "pending_lowering": pending_lowering(ticket)
        if EscalationAct.AGREE_LOWERING in acts
        else None,
        "line_panel": queries.line_panel(ticket, now) if supplier else None,
        "auto_close": auto_close_plan(ticket),
        "postponement": pending_postponement(ticket),
        "related": related_numbers(ticket),
        # That credentials are kept, by whom and since when (never the secret: that only
        # in the response of the act that shows it, ``revealed_secret``).
        "credentials": stored_credentials(ticket) if ticket.is_open else None,
        "revealed_secret": None,
        # Read only when the act is held back (its guard read it already otherwise).
        "next_expedite_at": None,
    }
    if not supplier and ticket.is_open and ticket_acts.Act.REQUEST_EXPEDITE not in acts:
        context["next_expedite_at"] = next_expedite_at(ticket)
    context["article_suggestions"] = answers_for_ticket(person, ticket) if supplier else []
    context["consulted"] = (
        consulted_resources(person, since=ticket.registered_at)
        if EscalationAct.ESCALATE in acts
        else ""
    )
    context["dossier_draft"] = (
        drafted_from(ticket, person, consulted=context["consulted"])
        if EscalationAct.ESCALATE in acts
        else {}
    )
    if supplier and EscalationAct.ESCALATE not in acts:
        context["escalate_obstacle"] = escalation_refusal(person, ticket, now=now)
    context["forms"] = blank_forms(ticket, context)
    return context


def blank_forms(ticket: Ticket, context: dict[str, Any]) -> dict[str, forms.Form]:
    """A blank form per act the page may offer; the page view binds the submitted one."""
    acts: frozenset[str] = context["acts"]
    page_forms: dict[str, forms.Form] = {key: form() for key, form in TOOL_FORMS.items()}
    page_forms["attach"] = ticket_forms.AttachmentForm()
    page_forms.update(
        credentials=ticket_forms.CredentialsForm(),
        reveal_credentials=forms.Form(),
        remove_credentials=forms.Form(),
    )
    if not context["supplier"]:
        page_forms.update(
            reply=ticket_forms.ReplyWithFilesForm(),
            accept=forms.Form(),
            reject=ticket_forms.RejectForm(),
            rate=ticket_forms.RateForm(),
            reopen=ticket_forms.ReopenForm(),
            withdraw=ticket_forms.WithdrawForm(),
            agree_postponement=forms.Form(),
            decline_postponement=ticket_forms.DeclinePostponementForm(),
            expedite=ticket_forms.ExpediteForm(),
        )
    else:
        staff = queries.supplier_staff(ticket)
        page_forms.update(
            public=ticket_forms.PublicReplyForm(),
            internal=ticket_forms.MessageForm(),
            propose=ticket_forms.ProposalForm(),
            criticality=ticket_forms.CriticalityForm(initial={"criticality": ticket.criticality}),
            assign=ticket_forms.AssignForm(staff=staff, initial={"assignee": ticket.assignee_id}),
            agree_deadline=ticket_forms.AgreedDeadlineForm(),
            close_withdrawn=ticket_forms.CloseWithdrawnForm(),
            postpone=ticket_forms.PostponementForm(),
            merge=ticket_forms.MergeForm(),
            link=ticket_forms.LinkForm(),
            refuse=ticket_forms.RefusalForm(),
            article_answer=AnswerWithArticleForm(),
        )
        page_forms["return"] = (
            chain_forms.VendorReturnForm()
            if EscalationAct.VENDOR_RETURN in acts
            else ticket_forms.ReturnForm()
        )
        panel = context["line_panel"]
        if panel is not None:
            page_forms["line"] = chain_forms.LineMoveForm(
                lines=panel.lines,
                staff=staff,
                initial={"line": panel.current.line.key, "assignee": ticket.assignee_id},
            )
    messages = context["vendor_messages"]
    if context["escalation"] is not None:
        latest = messages[0].payload.get("body", "") if messages else ""
        page_forms["relay"] = chain_forms.RelayForm(initial={"body": latest})
    if EscalationAct.AGREE_PLAN in acts:
        page_forms["agree_plan"] = forms.Form()
        page_forms["refuse_plan"] = chain_forms.RefusePlanForm()
    if EscalationAct.LOWER_AFTER_REFUSAL in acts:
        page_forms["lower_after_refusal"] = chain_forms.LowerAfterRefusalForm()
    if EscalationAct.PROPOSE_LOWERING in acts:
        page_forms["propose_lowering"] = chain_forms.ProposeLoweringForm()
    if EscalationAct.AGREE_LOWERING in acts:
        page_forms["agree_lowering"] = forms.Form()
        page_forms["refuse_lowering"] = chain_forms.RefuseLoweringForm()
    if EscalationAct.ESCALATE in acts:
        page_forms["escalate"] = chain_forms.EscalateForm(
            initial={
                **chain_forms.ResubmitForm.initial_from(context["dossier_draft"]),
                "criticality": ticket.criticality,
            },
            files=context["attachments"],
        )
    escalation = context["vendor_escalation"]
    if EscalationAct.RESUBMIT in acts:
        page_forms["resubmit"] = chain_forms.ResubmitForm(
            initial=chain_forms.ResubmitForm.initial_from(escalation.dossier),
            performance_issue=escalation.performance_issue,
        )
    return page_forms
