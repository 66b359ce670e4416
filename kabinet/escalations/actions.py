"""Escalation to the vendor (seed 001): open the linked vendor ticket with the dossier,
relay the vendor's answers, the vendor's return and criticality change, the partner's
resubmission. Each act writes an event on both tickets in one transaction; what the
customer's ticket gets about the vendor side is internal, so the customer never sees it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet.contracts.models import Contract
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.dossier import DossierItem, missing_items, render
from kabinet.escalations.models import Escalation, EscalationState, VendorReturnReason
from kabinet.orgs.models import Certificate, OrganisationKind, PartnerStatus, Person, Role
from kabinet.orgs.queries import has_role
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.actions import registration
from kabinet.tickets.actions.timeline import append_event, finish_change, lock, require_open
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent

# Event notes are stored untranslated (msgids), as core stores its system reasons.
OPENED_NOTE = gettext_noop("Escalated to the vendor.")
RETURNED_NOTE = gettext_noop("The vendor returned the escalation for more information.")
CRITICALITY_NOTE = gettext_noop("The vendor changed the escalation's criticality.")
RESUBMITTED_NOTE = gettext_noop("The escalation was resubmitted to the vendor.")
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
        today = timezone.now().astimezone(ZoneInfo(ticket.contract.time_zone)).date()
        _check_may_escalate(author, partner.pk, partner.kind, today)
        _check_dossier(dossier, performance_issue)
        require_open(ticket)
        if ticket.escalations.filter(vendor_ticket__status__in=_OPEN).exists():
            raise ConflictError(_("The ticket is already escalated to the vendor."))
        vendor_contract = _vendor_contract(partner.pk, today)
        level = ticket.criticality if criticality is None else criticality
        confirmed = dossier[DossierItem.CRITICAL_CONDITIONS] is True
        vendor_ticket = _register_vendor_ticket(
            contract=vendor_contract,
            reporter=author,
            subject=ticket.subject,
            description=render(dossier),
            criticality=level,
            is_production=ticket.is_production,
            confirmed=confirmed,
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
        _note(ticket, author, now, "escalation.opened", OPENED_NOTE, escalation)
        finish_change(ticket, now)
        return escalation


_OPEN = (Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER, Status.SOLUTION_PROPOSED)


def _check_may_escalate(author: Person, partner_id: int, kind: str, day: dt.date) -> None:
    if kind != OrganisationKind.PARTNER or not has_role(author, partner_id, Role.ENGINEER):
        raise NotAllowedError(
            _("Only the partner's engineers may escalate a ticket to the vendor.")
        )
    statuses = PartnerStatus.objects.filter(organisation_id=partner_id)
    if not any(status.covers(day) for status in statuses):
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


def _register_vendor_ticket(
    *,
    contract: Contract,
    reporter: Person,
    subject: str,
    description: str,
    criticality: int,
    is_production: bool,
    confirmed: bool,
    intake: Mapping[str, str],
) -> Ticket:
    # Hazard: core's register_ticket admits only customer-kind organisations as filers, so a
    # partner filing on its own vendor contract is refused there. The filing right is
    # checked above (certificate, partner status); the rest is register_ticket's own rules
    # and creation, called directly until register_ticket admits partners (see issue 4 note).
    intake = dict(intake)
    registration._check_rules(contract, criticality, is_production, intake, "portal")
    return registration._create(
        contract=contract,
        reporter=reporter,
        subject=subject,
        description=description,
        criticality=criticality,
        is_production=is_production,
        confirmations=(confirmed, confirmed),
        intake=intake,
        channel="portal",
        idempotency_key=None,
    )


def relay_vendor_answer(
    escalation: Escalation, *, author: Person, body: str, relay_as: RelayAs = RelayAs.REPLY
) -> TicketEvent:
    """The partner passes the vendor's answer on: a public message (reply, solution or
    workaround) on the customer's ticket, and a note on the vendor ticket. Returns the
    customer-side event; the customer sees the partner's engineer as its author."""
    with transaction.atomic():
        escalation = _lock(escalation)
        if not has_role(author, escalation.partner_id, *_PARTNER_ROLES):
            raise NotAllowedError(_("Only the partner's staff may relay the vendor's answer."))
        customer_ticket = escalation.customer_ticket
        act = {
            RelayAs.REPLY: ticket_actions.record_public_reply,
            RelayAs.SOLUTION: ticket_actions.propose_solution,
            RelayAs.WORKAROUND: ticket_actions.propose_workaround,
        }[RelayAs(relay_as)]
        event = act(customer_ticket, author=author, body=body)
        vendor_ticket = lock(escalation.vendor_ticket)
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


def vendor_return_escalation(
    escalation: Escalation, *, author: Person, reason: VendorReturnReason, body: str = ""
) -> TicketEvent:
    """The vendor returns the escalation with a listed reason: the vendor ticket awaits the
    partner (its clocks pause); the partner's ticket gets an internal note."""
    with transaction.atomic():
        escalation = _lock(escalation)
        event = ticket_actions.return_for_information(
            escalation.vendor_ticket,
            author=author,
            reason=ticket_actions.ReturnReason(VendorReturnReason(reason).value),
            body=body,
        )
        escalation.state = EscalationState.RETURNED
        escalation.return_reason = VendorReturnReason(reason)
        escalation.save(update_fields=["state", "return_reason"])
        customer_ticket = lock(escalation.customer_ticket)
        extra = {"reason": escalation.return_reason, "comment": body}
        _note(
            customer_ticket,
            None,
            event.at,
            "escalation.returned",
            RETURNED_NOTE,
            escalation,
            extra,
        )
        finish_change(customer_ticket, event.at)
        return event


def change_vendor_criticality(
    escalation: Escalation, *, author: Person, criticality: int, reason: str
) -> TicketEvent:
    """The vendor's own change of the vendor ticket's level (core's change_criticality);
    the customer's ticket keeps its level and gets an internal note."""
    with transaction.atomic():
        escalation = _lock(escalation)
        before = escalation.vendor_ticket.criticality
        event = ticket_actions.change_criticality(
            escalation.vendor_ticket, author=author, criticality=criticality, reason=reason
        )
        customer_ticket = lock(escalation.customer_ticket)
        extra = {"from": before, "to": criticality, "reason": reason}
        _note(
            customer_ticket,
            None,
            event.at,
            "escalation.criticality_changed",
            CRITICALITY_NOTE,
            escalation,
            extra,
        )
        finish_change(customer_ticket, event.at)
        return event


def resubmit_escalation(
    escalation: Escalation, *, author: Person, dossier: Mapping[str, Any], body: str
) -> TicketEvent:
    """The partner answers a return: the dossier is amended (still complete), and the
    vendor ticket's clocks resume as on a customer's reply."""
    if not body.strip():
        raise DomainError(_("The message is empty."), field="body")
    with transaction.atomic():
        escalation = _lock(escalation)
        if not has_role(author, escalation.partner_id, *_PARTNER_ROLES):
            raise NotAllowedError(_("Only the partner's staff may resubmit the escalation."))
        if escalation.state != EscalationState.RETURNED:
            raise ConflictError(_("The vendor has not returned this escalation."))
        merged = {**escalation.dossier, **dossier}
        _check_dossier(merged, escalation.performance_issue)
        vendor_ticket = lock(escalation.vendor_ticket)
        require_open(vendor_ticket)
        now = timezone.now()
        # A customer reply by the partner (the vendor ticket's customer): core's
        # customer_reply admits only customer-kind organisations, so the same event is
        # written here.
        event = append_event(
            vendor_ticket,
            EventKind.CUSTOMER_REPLY,
            actor=author,
            at=now,
            payload={"body": body, "dossier": sorted(dossier)},
            announce=True,
        )
        if vendor_ticket.status == Status.AWAITING_CUSTOMER:
            vendor_ticket.status = Status.IN_PROGRESS
        finish_change(vendor_ticket, now)
        escalation.dossier = merged
        escalation.state = EscalationState.ACTIVE
        escalation.return_reason = ""
        escalation.save(update_fields=["dossier", "state", "return_reason"])
        customer_ticket = lock(escalation.customer_ticket)
        _note(customer_ticket, author, now, "escalation.resubmitted", RESUBMITTED_NOTE, escalation)
        finish_change(customer_ticket, now)
        return event


def _lock(escalation: Escalation) -> Escalation:
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("customer_ticket__contract", "vendor_ticket__contract")
        .get(pk=escalation.pk)
    )


def _note(
    ticket: Ticket,
    actor: Person | None,
    at: dt.datetime,
    topic: str,
    body: str,
    escalation: Escalation,
    extra: dict[str, Any] | None = None,
) -> TicketEvent:
    """An internal event on the partner's ticket about the vendor side; the customer never
    reads internal events, so it may name the vendor ticket. The vendor's acts are written
    as system events (``actor`` None): the vendor is no party to the customer's ticket."""
    payload = {"topic": topic, "body": body, "escalation": escalation.number, **(extra or {})}
    return append_event(
        ticket, EventKind.INTERNAL_COMMENT, actor=actor, at=at, public=False, payload=payload
    )
