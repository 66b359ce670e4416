"""Which escalation acts a person may take on a ticket now, each answered by the guards its
action calls (the escalation's own, then the ticket action it performs): escalating a
customer's ticket, relaying the vendor's answer, the vendor's return and re-levelling of its
ticket, the partner's resubmission, and the partner's consent to the vendor's action plan
(with the vendor's lowering after a refusal without reasons), and the partner's consent to
lowering a critical ticket after restoration. The cabinet unions this with
``tickets.acts``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from kabinet.escalations.access import visible_escalations
from kabinet.escalations.actions import (
    guard_escalate_to_vendor,
    guard_relay_vendor_answer,
    guard_resubmit_escalation,
)
from kabinet.escalations.lowering_consent import guard_answer_lowering, guard_propose_lowering
from kabinet.escalations.models import Escalation
from kabinet.escalations.plan_consent import guard_answer_action_plan, guard_lower_after_refusal
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets.actions.criticality import guard_change_criticality
from kabinet.tickets.actions.replies import (
    guard_customer_reply,
    guard_record_public_reply,
    guard_return_for_information,
)
from kabinet.tickets.acts import permitted
from kabinet.tickets.models import Ticket


class EscalationAct(StrEnum):
    ESCALATE = "escalate"
    RELAY = "relay"
    VENDOR_RETURN = "vendor_return"
    VENDOR_CRITICALITY = "vendor_criticality"
    RESUBMIT = "resubmit"
    AGREE_PLAN = "agree_action_plan"
    REFUSE_PLAN = "refuse_action_plan"
    LOWER_AFTER_REFUSAL = "lower_after_plan_refusal"
    PROPOSE_LOWERING = "propose_lowering"
    AGREE_LOWERING = "agree_lowering"
    REFUSE_LOWERING = "refuse_lowering"


def ticket_escalation(person: Person, ticket: Ticket) -> Escalation | None:
    """The latest escalation of a customer's ticket, for its supplier's staff (precondition:
    ``ticket`` was fetched through ``tickets.access``); None for anyone else."""
    if ticket.contract.supplier_id not in supplier_organisation_ids(person):
        return None
    escalations = visible_escalations(person).filter(customer_ticket=ticket)
    return escalations.order_by("-escalated_at", "-id").first()


def vendor_ticket_escalation(person: Person, ticket: Ticket) -> Escalation | None:
    """The escalation whose vendor ticket ``ticket`` is, as the vendor and the partner see
    it; None on a ticket no vendor supplies."""
    if ticket.contract.supplier.kind != OrganisationKind.VENDOR:
        return None
    return visible_escalations(person).filter(vendor_ticket=ticket).first()


def _guard_relay(person: Person, ticket: Ticket, escalation: Escalation) -> None:
    guard_relay_vendor_answer(person, escalation)
    guard_record_public_reply(person, ticket)


def _guard_resubmit(person: Person, ticket: Ticket, escalation: Escalation) -> None:
    guard_resubmit_escalation(person, escalation)
    guard_customer_reply(person, ticket)


def available_acts(
    person: Person,
    ticket: Ticket,
    *,
    now: dt.datetime,
    escalation: Escalation | None,
    vendor_escalation: Escalation | None,
) -> frozenset[EscalationAct]:
    """The escalation acts ``person`` may take on ``ticket`` at ``now``, given the ticket's
    escalations as ``ticket_escalation`` and ``vendor_ticket_escalation`` read them (the
    page shows them too, so they are read once)."""
    acts: set[EscalationAct] = set()
    if permitted(guard_escalate_to_vendor, person, ticket, now=now):
        acts.add(EscalationAct.ESCALATE)
    if escalation is not None and permitted(_guard_relay, person, ticket, escalation):
        acts.add(EscalationAct.RELAY)
    if vendor_escalation is not None:
        if permitted(guard_return_for_information, person, ticket):
            acts.add(EscalationAct.VENDOR_RETURN)
        if permitted(guard_change_criticality, person, ticket):
            acts.add(EscalationAct.VENDOR_CRITICALITY)
        if permitted(_guard_resubmit, person, ticket, vendor_escalation):
            acts.add(EscalationAct.RESUBMIT)
        if permitted(guard_answer_action_plan, person, vendor_escalation):
            acts |= {EscalationAct.AGREE_PLAN, EscalationAct.REFUSE_PLAN}
        if permitted(guard_lower_after_refusal, person, vendor_escalation):
            acts.add(EscalationAct.LOWER_AFTER_REFUSAL)
        if permitted(guard_propose_lowering, person, vendor_escalation):
            acts.add(EscalationAct.PROPOSE_LOWERING)
        if permitted(guard_answer_lowering, person, vendor_escalation):
            acts |= {EscalationAct.AGREE_LOWERING, EscalationAct.REFUSE_LOWERING}
    return frozenset(acts)
