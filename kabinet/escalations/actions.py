"""Escalation to the vendor (seed 001): open the linked vendor ticket with the dossier,
relay the vendor's answers, the vendor's return and criticality change, the partner's
resubmission. The vendor ticket is worked through the ordinary ticket actions, which copy
each of its changes onto the customer's ticket as an internal event (``tickets.actions.
timeline.mirror_vendor_change``); the customer never sees what happens on the vendor side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet.contracts.models import Contract
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.dossier import DossierItem, missing_items, render
from kabinet.escalations.models import Escalation, EscalationState, VendorReturnReason
from kabinet.orgs.models import Certificate, OrganisationKind, Person, Role
from kabinet.orgs.queries import has_role, partner_status_covers, supplier_organisation_ids
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.actions.timeline import append_event, finish_change, lock, require_open
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent

# Event notes are stored untranslated (msgids), as core stores its system reasons.
OPENED_NOTE = gettext_noop("Escalated to the vendor.")
RELAYED_NOTE = gettext_noop("The answer was relayed to the customer.")


class RelayAs(models.TextChoices):
    """How the relayed answer lands on the customer's ticket."""

    REPLY = "reply", _("reply")
    SOLUTION = "solution", _("solution")
    WORKAROUND = "workaround", _("workaround")


def escalate_to_vendor(
    ticket: Ticket,
    *,
    author: Person,
    dossier: Mapping[str, Any],
    performance_issue: bool = False,
    criticality: int | None = None,
) -> Escalation:
    """Open the vendor ticket on the partner's contract with the vendor for ``ticket``.

    Only an engineer of the ticket's partner, holding a certificate valid today, while the
    partner's status is valid today. ``criticality`` defaults to the customer ticket's;
    level 1 without the confirmed critical conditions is registered as 3 (seed 001, 5).
    """
    with transaction.atomic():
        ticket = lock(ticket)
        partner = ticket.contract.supplier
        today = guard_escalate_to_vendor(author, ticket, now=timezone.now())
        _check_dossier(dossier, performance_issue)
        vendor_contract = _vendor_contract(partner.pk, today)
        level = ticket.criticality if criticality is None else criticality
        confirmed = dossier[DossierItem.CRITICAL_CONDITIONS] is True
        vendor_ticket = ticket_actions.register_ticket(
            contract=vendor_contract,
            reporter=author,
            subject=ticket.subject,
            description=render(dossier),
            criticality=level,
            is_production=ticket.is_production,
            confirmed_phone_24x7=confirmed,
            confirmed_email_1h=confirmed,
            intake=ticket.intake,
        )
        now = timezone.now()
        escalation = Escalation.objects.create(
            customer_ticket=ticket,
            vendor_ticket=vendor_ticket,
            partner=partner,
            escalated_by=author,
            escalated_at=now,
            performance_issue=performance_issue,
            dossier=dict(dossier),
        )
        # The opening note marks where copying the vendor ticket's events starts.
        last = vendor_ticket.events.order_by("-id").values_list("id", flat=True).first()
        append_event(
            ticket,
            EventKind.INTERNAL_COMMENT,
            actor=author,
            at=now,
            public=False,
            payload={
                "topic": "escalation.opened",
                "body": OPENED_NOTE,
                "escalation": escalation.number,
                "vendor_event": last or 0,
            },
        )
        finish_change(ticket, now)
        return escalation


_ONLY_ENGINEERS = _("Only the partner's engineers may escalate a ticket to the vendor.")
_OPEN = (Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER, Status.SOLUTION_PROPOSED)


def guard_escalate_to_vendor(actor: Person, ticket: Ticket, *, now: dt.datetime) -> dt.date:
    """Raises the refusal of an escalation of ``ticket`` by ``actor`` at ``now``, whatever
    the dossier; else returns the day in the contract's zone on which it is judged. What
    ``escalate_to_vendor`` checks and what ``escalations.acts`` asks."""
    if ticket.contract.supplier_id not in supplier_organisation_ids(actor):
        raise NotAllowedError(_ONLY_ENGINEERS)  # before any read: the customer's own case
    partner = ticket.contract.supplier
    if partner.kind != OrganisationKind.PARTNER:
        raise NotAllowedError(_ONLY_ENGINEERS)
    require_open(ticket)
    if ticket.escalations.filter(vendor_ticket__status__in=_OPEN).exists():
        raise ConflictError(_("The ticket is already escalated to the vendor."))
    today = now.astimezone(ZoneInfo(ticket.contract.time_zone)).date()
    _check_may_escalate(actor, partner.pk, partner.kind, today)
    return today


def escalation_refusal(person: Person, ticket: Ticket, *, now: dt.datetime) -> str | Promise | None:
    """Why ``person`` may not escalate ``ticket`` at ``now`` (role, partner status,
    certificate), or None, also when escalating is out of question anyway (a ticket no
    partner supplies, closed, or already escalated): what a page says instead of the form."""
    if ticket.contract.supplier.kind != OrganisationKind.PARTNER:
        return None
    try:
        guard_escalate_to_vendor(person, ticket, now=now)
    except NotAllowedError as refusal:
        return refusal.message
    except DomainError:
        return None
    return None


def _check_may_escalate(author: Person, partner_id: int, kind: str, day: dt.date) -> None:
    if kind != OrganisationKind.PARTNER or not has_role(author, partner_id, Role.ENGINEER):
        raise NotAllowedError(_ONLY_ENGINEERS)
    if not partner_status_covers(partner_id, day):
        raise NotAllowedError(
            _(
                "The partner's status is not valid on %(day)s; escalation to the vendor is "
                "not possible."
            )
            % {"day": day.isoformat()}
        )
    certificates = Certificate.objects.filter(person=author)
    if not any(certificate.is_valid_on(day) for certificate in certificates):
        raise NotAllowedError(
            _("Only an engineer with a certificate valid on %(day)s may escalate to the vendor.")
            % {"day": day.isoformat()}
        )


def _check_dossier(dossier: Mapping[str, Any], performance_issue: bool) -> None:
    missing = missing_items(dossier, performance_issue=performance_issue)
    if missing:
        item = missing[0]
        raise DomainError(
            _("The escalation dossier lacks item %(number)s: %(item)s.")
            % {"number": list(DossierItem).index(item) + 1, "item": item.label},
            field=f"dossier.{item.value}",
        )


def _vendor_contract(partner_id: int, day: dt.date) -> Contract:
    contracts = Contract.objects.filter(
        customer_id=partner_id,
        supplier__kind=OrganisationKind.VENDOR,
        valid_from__lte=day,
        valid_to__gte=day,
    ).select_related("package", "supplier")
    contract = contracts.order_by("-valid_from", "-id").first()
    if contract is None:
        raise DomainError(_("The partner has no contract with the vendor in force today."))
    return contract


def relay_vendor_answer(
    escalation: Escalation, *, author: Person, body: str, relay_as: RelayAs = RelayAs.REPLY
) -> TicketEvent:
    """The partner passes the vendor's answer on: a public message (reply, solution or
    workaround) on the customer's ticket, and a note on the vendor ticket. Returns the
    customer-side event; the customer sees the partner's engineer as its author."""
    with transaction.atomic():
        escalation = _lock(escalation)
        guard_relay_vendor_answer(author, escalation)
        # Vendor ticket before the customer's: the order every vendor-side act locks in.
        vendor_ticket = lock(escalation.vendor_ticket)
        act = {
            RelayAs.REPLY: ticket_actions.record_public_reply,
            RelayAs.SOLUTION: ticket_actions.propose_solution,
            RelayAs.WORKAROUND: ticket_actions.propose_workaround,
        }[RelayAs(relay_as)]
        event = act(escalation.customer_ticket, author=author, body=body)
        now = timezone.now()
        append_event(
            vendor_ticket,
            EventKind.INTERNAL_COMMENT,
            actor=author,
            at=now,
            public=True,
            payload={
                "topic": "escalation.relayed",
                "body": RELAYED_NOTE,
                "relayed_as": relay_as,
                "customer_event": event.pk,
            },
        )
        finish_change(vendor_ticket, now)
        return event


_PARTNER_ROLES = (Role.ENGINEER, Role.MANAGER)


def guard_relay_vendor_answer(actor: Person, escalation: Escalation) -> None:
    """Raises the refusal of a relay by ``actor``, whatever the answer; the public act on
    the customer's ticket then has its own guard (``record_public_reply``'s and the
    proposals')."""
    if not has_role(actor, escalation.partner_id, *_PARTNER_ROLES):
        raise NotAllowedError(_("Only the partner's staff may relay the vendor's answer."))


def guard_resubmit_escalation(actor: Person, escalation: Escalation) -> None:
    """Raises the refusal of a resubmission by ``actor``, whatever the amended dossier; the
    partner's reply on the vendor ticket then has ``customer_reply``'s guard."""
    if not has_role(actor, escalation.partner_id, *_PARTNER_ROLES):
        raise NotAllowedError(_("Only the partner's staff may resubmit the escalation."))
    if escalation.state != EscalationState.RETURNED:
        raise ConflictError(_("The vendor has not returned this escalation."))


def vendor_return_escalation(
    escalation: Escalation, *, author: Person, reason: VendorReturnReason, body: str = ""
) -> TicketEvent:
    """The vendor returns the escalation with one of the listed reasons: the vendor ticket
    awaits the partner (its clocks pause) and the escalation reads as returned; the
    customer's ticket gets the internal copy of the return."""
    with transaction.atomic():
        escalation = _lock(escalation)
        return ticket_actions.return_for_information(
            escalation.vendor_ticket,
            author=author,
            reason=ticket_actions.ReturnReason(VendorReturnReason(reason).value),
            body=body,
        )


def change_vendor_criticality(
    escalation: Escalation, *, author: Person, criticality: int, reason: str
) -> TicketEvent:
    """The vendor's own change of the vendor ticket's level (core's change_criticality);
    the customer's ticket keeps its level and gets the internal copy of the change."""
    with transaction.atomic():
        escalation = _lock(escalation)
        return ticket_actions.change_criticality(
            escalation.vendor_ticket, author=author, criticality=criticality, reason=reason
        )


def resubmit_escalation(
    escalation: Escalation, *, author: Person, dossier: Mapping[str, Any], body: str
) -> TicketEvent:
    """The partner answers a return: the dossier is amended (still complete) and the answer
    is the partner's customer reply on the vendor ticket, which resumes its clocks."""
    with transaction.atomic():
        escalation = _lock(escalation)
        guard_resubmit_escalation(author, escalation)
        merged = {**escalation.dossier, **dossier}
        _check_dossier(merged, escalation.performance_issue)
        event = ticket_actions.customer_reply(escalation.vendor_ticket, author=author, body=body)
        escalation.dossier = merged
        escalation.save(update_fields=["dossier"])
        return event


def _lock(escalation: Escalation) -> Escalation:
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("customer_ticket__contract", "vendor_ticket__contract")
        .get(pk=escalation.pk)
    )
