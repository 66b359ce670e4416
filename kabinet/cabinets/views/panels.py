"""The ticket page's panels beyond the ticket itself: the escalation to the vendor as the
partner sees it on the customer's ticket, the escalation on the vendor ticket (for the vendor
and for the partner acting as its customer), and the supplier's support lines. Each returns
its template context and its blank forms; nothing here is shown to a side that may not see
it, because every escalation comes through the escalations module's access functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone

from kabinet.cabinets import forms as cabinet_forms
from kabinet.cabinets import queries
from kabinet.errors import NotFoundError
from kabinet.escalations.access import access_escalation, access_ticket_escalation
from kabinet.escalations.actions import escalation_refusal
from kabinet.escalations.models import Escalation, EscalationState
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.tickets.models import Status, Ticket


@dataclass
class Panels:
    context: dict[str, Any] = field(default_factory=dict)
    forms: dict[str, forms.Form] = field(default_factory=dict)


def _found(
    fetch: Callable[[Person, str], Escalation], person: Person, number: str
) -> Escalation | None:
    try:
        return fetch(person, number)
    except NotFoundError:
        return None


def customer_ticket_chain(person: Person, ticket: Ticket) -> Panels:
    """On a customer's ticket, for the partner's staff: the linked vendor ticket with the
    vendor's messages and the relay form, or the dossier form when it may be escalated."""
    if ticket.contract.supplier.kind != OrganisationKind.PARTNER:
        return Panels()
    escalation = _found(access_ticket_escalation, person, ticket.number or "")
    panels = Panels({"escalation": escalation})
    if escalation is not None:
        messages = queries.vendor_messages(person, escalation)
        latest = messages[0].payload.get("body", "") if messages else ""
        panels.context["vendor_messages"] = messages
        panels.forms["relay"] = cabinet_forms.RelayForm(initial={"body": latest})
    if ticket.is_open and not queries.escalation_is_open(escalation):
        obstacle = escalation_refusal(person, ticket, now=timezone.now())
        panels.context["escalate_obstacle"] = obstacle
        if obstacle is None:
            panels.forms["escalate"] = cabinet_forms.EscalateForm(
                initial={"criticality": ticket.criticality}
            )
    return panels


def vendor_ticket_chain(person: Person, ticket: Ticket, supplier: bool) -> Panels:
    """On a vendor ticket: the vendor returns and re-levels it through the escalation's acts;
    the partner (its customer) resubmits a returned escalation with the dossier amended."""
    escalation = _found(access_escalation, person, ticket.number or "")
    if escalation is None:
        return Panels()
    panels = Panels({"vendor_escalation": escalation})
    if supplier:
        panels.forms["return"] = cabinet_forms.VendorReturnForm()
        panels.context["acts"] = {
            "return": "cabinets:vendor_return",
            "criticality": "cabinets:vendor_criticality",
        }
    elif escalation.state == EscalationState.RETURNED and ticket.status != Status.CLOSED:
        panels.forms["resubmit"] = cabinet_forms.ResubmitForm(
            initial=cabinet_forms.ResubmitForm.initial_from(escalation.dossier),
            performance_issue=escalation.performance_issue,
        )
    return panels


def line_panels(ticket: Ticket, staff: Any) -> Panels:
    panel = queries.line_panel(ticket, timezone.now())
    if panel is None:
        return Panels()
    form = cabinet_forms.LineMoveForm(
        lines=panel.lines,
        staff=staff,
        initial={"line": panel.current.line.key, "assignee": ticket.assignee_id},
    )
    return Panels({"line_panel": panel}, {"line": form})
