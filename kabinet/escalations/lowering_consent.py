"""Lowering a critical vendor ticket after restoration is agreed with the partner (seed
001, 4.8.2: "После восстановления, полного или частичного, работоспособности продукта
критичность может быть понижена до уровня 2 или ниже, по согласованию с Партнером").

The vendor proposes the lower level once it proposed a solution or a workaround (the full or
partial restoration); the partner agrees, and the level changes then, or refuses with its
reasons, and the level stays. The same consent shape as the action plan's
(``plan_consent``): a proposal event, one answer per proposal, each announced and on the
vendor ticket's timeline; the change itself is the core's ``change_criticality``.
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

ANSWERS = (EventKind.LOWERING_AGREED, EventKind.LOWERING_REFUSED)
RESTORATIONS = (EventKind.SOLUTION_PROPOSED, EventKind.WORKAROUND_PROPOSED)
LOWER_LEVELS = (Criticality.HIGH, Criticality.STANDARD, Criticality.LOW)
# The reason the agreed change records (a msgid: the timeline reads it in the reader's language).
AGREED_REASON = gettext_noop(
    "Lowered after restoration, as agreed with the partner (seed 001, 4.8.2)."
)


def pending_lowering(vendor_ticket: Ticket) -> TicketEvent | None:
    """The vendor's latest lowering proposal, if the partner has not answered it yet."""
    proposal = (
        vendor_ticket.events.filter(kind=EventKind.LOWERING_PROPOSED).order_by("-at", "-id").first()
    )
    if proposal is None:
        return None
    answered = TicketEvent.objects.filter(
        ticket_id=vendor_ticket.pk, kind__in=ANSWERS, payload__proposal=proposal.pk
    ).exists()
    return None if answered else proposal


def is_restored(vendor_ticket: Ticket) -> bool:
    """Has the vendor restored the product, fully or partly: proposed a solution or a
    workaround on its ticket?"""
    return vendor_ticket.events.filter(
        kind__in=RESTORATIONS, actor_side=ActorSide.SUPPLIER
    ).exists()


def guard_propose_lowering(actor: Person, escalation: Escalation) -> None:
    """The vendor's staff, on its open critical ticket, after a solution or a workaround,
    with no proposal of theirs still waiting for the partner."""
    vendor_ticket = escalation.vendor_ticket
    guard_change_criticality(actor, vendor_ticket)
    if vendor_ticket.criticality != Criticality.CRITICAL:
        raise ConflictError(_("Only a critical ticket is lowered under this rule."))
    if not is_restored(vendor_ticket):
        raise ConflictError(
            _("Propose a solution or a workaround first: the lowering follows restoration.")
        )
    if pending_lowering(vendor_ticket) is not None:
        raise ConflictError(_("A lowering already waits for the partner's answer."))


def propose_lowering(
    escalation: Escalation,
    *,
    author: Person,
    criticality: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The vendor proposes to lower its critical ticket to ``criticality`` (2 or below);
    nothing changes until the partner agrees."""
    if criticality not in LOWER_LEVELS:
        raise DomainError(_("Choose level 2 or below."), field="criticality")
    with transaction.atomic():
        vendor_ticket = lock(escalation.vendor_ticket)
        escalation.vendor_ticket = vendor_ticket
        guard_propose_lowering(author, escalation)
        now = clock.resolve(now)
        proposed: events.LoweringProposed = {
            "from": vendor_ticket.criticality,
            "to": criticality,
            "reason": reason.strip(),
        }
        event = append_event(
            vendor_ticket,
            EventKind.LOWERING_PROPOSED,
            actor=author,
            at=now,
            payload=proposed,
            announce=True,
        )
        finish_change(vendor_ticket, now)
        return event


def guard_answer_lowering(actor: Person, escalation: Escalation) -> TicketEvent:
    """Raises the refusal of an answer by ``actor``; returns the proposal waiting for it."""
    if not is_partner_staff(actor, escalation.partner_id):
        raise NotAllowedError(_("Only the partner's staff may answer the vendor's proposal."))
    vendor_ticket = escalation.vendor_ticket
    require_open(vendor_ticket)
    proposal = pending_lowering(vendor_ticket)
    if proposal is None:
        raise ConflictError(_("No lowering of the criticality waits for your answer."))
    if vendor_ticket.criticality != proposal.payload["from"]:
        raise ConflictError(_("The criticality changed since the vendor proposed the lowering."))
    return proposal


def agree_lowering(
    escalation: Escalation, *, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    """The partner agrees: the agreement is recorded, then the vendor ticket takes the
    proposed level in the vendor's name (its proposal), with the rule as the reason.
    Returns the criticality change."""
    with transaction.atomic():
        vendor_ticket = lock(escalation.vendor_ticket)
        escalation.vendor_ticket = vendor_ticket
        proposal = guard_answer_lowering(author, escalation)
        now = clock.resolve(now)
        _answer(vendor_ticket, author, EventKind.LOWERING_AGREED, proposal, "", now)
        proposer = proposal.actor
        if proposer is None:  # pragma: no cover - a proposal always has its vendor author
            raise ConflictError(_("No lowering of the criticality waits for your answer."))
        return ticket_actions.change_criticality(
            vendor_ticket,
            author=proposer,
            criticality=int(proposal.payload["to"]),
            reason=AGREED_REASON,
            now=now,
        )


def refuse_lowering(
    escalation: Escalation, *, author: Person, reason: str, now: dt.datetime | None = None
) -> TicketEvent:
    """The partner refuses, giving its reasons; the level stays."""
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Give the reasons for keeping the criticality (seed 001, 4.8.2)."), field="reason"
        )
    with transaction.atomic():
        vendor_ticket = lock(escalation.vendor_ticket)
        escalation.vendor_ticket = vendor_ticket
        proposal = guard_answer_lowering(author, escalation)
        now = clock.resolve(now)
        event = _answer(vendor_ticket, author, EventKind.LOWERING_REFUSED, proposal, reason, now)
        finish_change(vendor_ticket, now)
        return event


def _answer(
    vendor_ticket: Ticket,
    author: Person,
    kind: EventKind,
    proposal: TicketEvent,
    reason: str,
    now: dt.datetime,
) -> TicketEvent:
    answer: events.LoweringAnswer = {"proposal": proposal.pk, "reason": reason}
    return append_event(vendor_ticket, kind, actor=author, at=now, payload=answer, announce=True)
