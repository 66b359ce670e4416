"""Action plans need the partner's consent (seed 001, 4.8.2): the vendor's action plan (a
public reply of the "action plan" type on the vendor ticket) is agreed or refused by the
partner; a refusal must give reasons, and one without reasons lets the vendor lower the
critical ticket to level 2 or below.

The answers are events on the vendor ticket (ACTION_PLAN_AGREED / ACTION_PLAN_REFUSED,
announced); the lowering is the core's ``change_criticality`` with the rule as its reason.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.contracts.models import Criticality
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.models import Escalation
from kabinet.orgs.models import Person
from kabinet.orgs.queries import is_partner_staff
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets import events
from kabinet.tickets.actions.criticality import guard_change_criticality
from kabinet.tickets.actions.timeline import append_event, finish_change, lock, require_open
from kabinet.tickets.models import ActorSide, EventKind, Ticket, TicketEvent

ANSWERS = (EventKind.ACTION_PLAN_AGREED, EventKind.ACTION_PLAN_REFUSED)
# The reason the lowering records (a msgid: the timeline reads it in the reader's language).
LOWERED_REASON = gettext_noop(
    "The partner refused the action plan without giving reasons (seed 001, 4.8.2)."
)


def latest_plan(vendor_ticket: Ticket) -> TicketEvent | None:
    """The vendor's latest action plan on the vendor ticket."""
    return (
        vendor_ticket.events.filter(
            kind=EventKind.PUBLIC_REPLY,
            actor_side=ActorSide.SUPPLIER,
            payload__action_plan=True,
        )
        .order_by("-at", "-id")
        .first()
    )


def answer_to(plan: TicketEvent) -> TicketEvent | None:
    return (
        TicketEvent.objects.filter(
            ticket_id=plan.ticket_id, kind__in=ANSWERS, payload__plan=plan.pk
        )
        .order_by("-at", "-id")
        .first()
    )


def guard_answer_action_plan(actor: Person, escalation: Escalation) -> TicketEvent:
    """Raises the refusal of an answer by ``actor``; returns the plan waiting for it."""
    if not is_partner_staff(actor, escalation.partner_id):
        raise NotAllowedError(_("Only the partner's staff may answer the vendor's action plan."))
    require_open(escalation.vendor_ticket)
    plan = latest_plan(escalation.vendor_ticket)
    if plan is None or answer_to(plan) is not None:
        raise ConflictError(_("No action plan of the vendor waits for your answer."))
    return plan


def agree_action_plan(
    escalation: Escalation, *, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    return _answer(escalation, author, EventKind.ACTION_PLAN_AGREED, "", now)


def refuse_action_plan(
    escalation: Escalation, *, author: Person, reason: str = "", now: dt.datetime | None = None
) -> TicketEvent:
    """The partner refuses the plan; without reasons the vendor may then lower a critical
    ticket (``lower_criticality_after_refusal``)."""
    return _answer(escalation, author, EventKind.ACTION_PLAN_REFUSED, reason.strip(), now)


def _answer(
    escalation: Escalation,
    author: Person,
    kind: EventKind,
    reason: str,
    now: dt.datetime | None,
) -> TicketEvent:
    with transaction.atomic():
        vendor_ticket = lock(escalation.vendor_ticket)
        escalation.vendor_ticket = vendor_ticket
        plan = guard_answer_action_plan(author, escalation)
        now = clock.resolve(now)
        event = append_event(
            vendor_ticket,
            kind,
            actor=author,
            at=now,
            payload=events.ActionPlanAnswer(plan=plan.pk, reason=reason),
            announce=True,
        )
        finish_change(vendor_ticket, now)
        return event


def guard_lower_after_refusal(actor: Person, escalation: Escalation) -> None:
    """The vendor may lower a critical vendor ticket once the partner refused its latest
    action plan without reasons."""
    vendor_ticket = escalation.vendor_ticket
    guard_change_criticality(actor, vendor_ticket)
    if vendor_ticket.criticality != Criticality.CRITICAL:
        raise ConflictError(_("Only a critical ticket is lowered under this rule."))
    plan = latest_plan(vendor_ticket)
    answer = answer_to(plan) if plan is not None else None
    if answer is None or answer.kind != EventKind.ACTION_PLAN_REFUSED or answer.payload["reason"]:
        raise ConflictError(
            _("Only after the partner refused the action plan without giving reasons.")
        )


def lower_criticality_after_refusal(
    escalation: Escalation,
    *,
    author: Person,
    criticality: int,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """Lower the critical vendor ticket to ``criticality`` (2 or below) under 4.8.2."""
    if criticality not in (Criticality.HIGH, Criticality.STANDARD, Criticality.LOW):
        raise DomainError(_("Choose level 2 or below."), field="criticality")
    with transaction.atomic():
        vendor_ticket = lock(escalation.vendor_ticket)
        escalation.vendor_ticket = vendor_ticket
        guard_lower_after_refusal(author, escalation)
        return ticket_actions.change_criticality(
            vendor_ticket, author=author, criticality=criticality, reason=LOWERED_REASON, now=now
        )
