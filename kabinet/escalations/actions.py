"""Escalation to the vendor (seed 001): open the linked vendor ticket with the dossier,
relay the vendor's answers, the vendor's return and criticality change, the partner's
resubmission. The vendor ticket is worked through the ordinary ticket actions; ``mirroring``
copies each of its changes onto the customer's ticket as an internal vendor update; the
customer never sees what happens on the vendor side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from kabinet import clock
from kabinet.contracts.models import Contract
from kabinet.contracts.prerequisites import require_prerequisites
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.dossier import DossierItem, missing_items, render
from kabinet.escalations.models import (
    Escalation,
    EscalationState,
    RelayAs,
    VendorReturnReason,
)
from kabinet.orgs.models import Certificate, Membership, OrganisationKind, Person, Role
from kabinet.orgs.queries import (
    has_role,
    is_partner_staff,
    partner_status_covers,
    supplier_organisation_ids,
)
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets import events, storage
from kabinet.tickets.access import attachments_for
from kabinet.tickets.actions.attachments import keep_stored_file
from kabinet.tickets.actions.timeline import append_event, finish_change, lock, require_open
from kabinet.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    EventKind,
    ReturnReason,
    Ticket,
    TicketEvent,
    Visibility,
)

# Stored untranslated (msgids): these are note kinds, read in the reader's language.
OPENED_NOTE = gettext_noop("Escalated to the vendor.")
RELAYED_NOTE = gettext_noop("The answer was relayed to the customer.")


def escalate_to_vendor(
    ticket: Ticket,
    *,
    author: Person,
    dossier: Mapping[str, Any],
    performance_issue: bool = False,
    criticality: int | None = None,
    attachments: Collection[int] = (),
    now: dt.datetime | None = None,
) -> Escalation:
    """Open the vendor ticket on the partner's contract with the vendor for ``ticket``.

    Only an engineer of the ticket's partner, holding a certificate valid today, while the
    partner's status is valid today. ``criticality`` defaults to the customer ticket's;
    level 1 without the confirmed critical conditions is registered as 3 (seed 001, 5).
    ``attachments`` are the ids of the customer ticket's files the partner chose to send:
    each is copied onto the vendor ticket (the vendor never reads the customer's ticket).
    """
    copies: list[str] = []
    try:
        return _escalate(
            ticket,
            author=author,
            dossier=dossier,
            performance_issue=performance_issue,
            criticality=criticality,
            attachments=attachments,
            copies=copies,
            now=now,
        )
    except BaseException:
        for name in copies:  # the copies' rows rolled back with the escalation
            storage.delete(name)
        raise


def _escalate(
    ticket: Ticket,
    *,
    author: Person,
    dossier: Mapping[str, Any],
    performance_issue: bool,
    criticality: int | None,
    attachments: Collection[int],
    copies: list[str],
    now: dt.datetime | None,
) -> Escalation:
    with transaction.atomic():
        ticket = lock(ticket)
        partner = ticket.contract.supplier
        today = guard_escalate_to_vendor(author, ticket, now=clock.resolve(now))
        _check_dossier(dossier, performance_issue)
        chosen = _chosen_files(author, ticket, attachments)
        vendor_contract = _vendor_contract(partner.pk, today)
        level = ticket.criticality if criticality is None else criticality
        confirmed = dossier[DossierItem.CRITICAL_CONDITIONS] is True
        vendor_ticket = ticket_actions.register_ticket(
            contract=vendor_contract,
            reporter=author,
            escalation_of=ticket,
            subject=ticket.subject,
            description=render(dossier),
            criticality=level,
            is_production=ticket.is_production,
            confirmed_phone_24x7=confirmed,
            confirmed_email_1h=confirmed,
            intake=ticket.intake,
            now=now,
        )
        for original in chosen:
            _hand_over(original, vendor_ticket, author=author, copies=copies, now=now)
        now = clock.resolve(now)
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
        opened: events.EscalationOpened = {
            "body": OPENED_NOTE,
            "escalation": escalation.number,
            "vendor_event": last or 0,
        }
        append_event(
            ticket, EventKind.ESCALATION_OPENED, actor=author, at=now, public=False, payload=opened
        )
        finish_change(ticket, now)
        return escalation


def _chosen_files(author: Person, ticket: Ticket, ids: Collection[int]) -> list[Attachment]:
    """The files the partner chose, each one the partner sees on ``ticket``; any other id
    is refused without saying whether it exists elsewhere."""
    wanted = set(ids)
    found = list(attachments_for(author, ticket).filter(pk__in=wanted).order_by("id"))
    if len(found) != len(wanted):
        raise DomainError(
            _("Choose the files to send among this ticket's files."), field="attachments"
        )
    return found


def _hand_over(
    original: Attachment,
    vendor_ticket: Ticket,
    *,
    author: Person,
    copies: list[str],
    now: dt.datetime | None,
) -> Attachment:
    """A copy of ``original`` on the vendor ticket, sent by the partner's engineer (its own
    bytes: each ticket's files live and go with that ticket)."""
    with storage.open_stored(original.storage_name) as source:
        stored = storage.store(
            iter(lambda: source.read(COPY_CHUNK), b""), limit=max(original.size, 1)
        )
    copies.append(stored.name)
    return keep_stored_file(
        vendor_ticket,
        author=author,
        filename=original.filename,
        content_type=original.content_type,
        stored=stored,
        visibility=Visibility.PUBLIC,
        now=now,
    )


COPY_CHUNK = 1024 * 1024

_ONLY_ENGINEERS = _("Only the partner's engineers may escalate a ticket to the vendor.")


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
    if ticket.escalations.filter(vendor_ticket__status__in=OPEN_STATUSES).exists():
        raise ConflictError(_("The ticket is already escalated to the vendor."))
    today = ticket.contract.local_date(now)
    _check_may_escalate(actor, partner.pk, partner.kind, today)
    # Seed 001, 2.4: the customer's own contracts in force (its РКЛ, and ИТС ПРОФ where its
    # contract requires it), else the vendor does not hear the case.
    if not ticket.contract.covers(today):
        raise NotAllowedError(
            _(
                "Contract %(number)s is not in force on %(day)s: escalation to the vendor is "
                "not possible."
            )
            % {"number": ticket.contract.number, "day": today.isoformat()}
        )
    require_prerequisites(ticket.contract, now, act="escalation")
    return today


def escalation_refusal(
    person: Person, ticket: Ticket, *, now: dt.datetime | None = None
) -> str | Promise | None:
    """Why ``person`` may not escalate ``ticket`` at ``now`` (role, partner status,
    certificate), or None, also when escalating is out of question anyway (a ticket no
    partner supplies, closed, or already escalated): what a page says instead of the form."""
    if ticket.contract.supplier.kind != OrganisationKind.PARTNER:
        return None
    try:
        guard_escalate_to_vendor(person, ticket, now=clock.resolve(now))
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
    required = _required_certificate(partner_id, day)
    certificates = Certificate.objects.filter(person=author)
    if required:
        certificates = certificates.filter(kind=required)
    if any(certificate.is_valid_on(day) for certificate in certificates):
        _check_partner_staff(partner_id, required, day)
        return
    if required:
        raise NotAllowedError(
            _(
                "Only an engineer with a “%(kind)s” certificate valid on %(day)s may escalate "
                "to the vendor."
            )
            % {"kind": required, "day": day.isoformat()}
        )
    raise NotAllowedError(
        _("Only an engineer with a certificate valid on %(day)s may escalate to the vendor.")
        % {"day": day.isoformat()}
    )


MIN_CERTIFIED_ENGINEERS = 2


def _check_partner_staff(partner_id: int, certificate: str, day: dt.date) -> None:
    """Seed 001, Appendix 2, 4.5, where the vendor's package makes it a rule: at least one
    organisational contact and two authorised engineers (certified as 2.5 asks) on ``day``;
    the refusal says what is missing."""
    contract = _vendor_contracts(partner_id, day).first()
    if contract is None or not contract.package.escalation_requires_staff:
        return
    missing: list[str] = []
    if not Membership.objects.filter(organisation_id=partner_id, role=Role.ORG_ADMIN).exists():
        missing.append(str(_("an organisational contact (an organisation admin)")))
    valid = Certificate.objects.filter(valid_until__gte=day)
    if certificate:
        valid = valid.filter(kind=certificate)
    certified = (
        Membership.objects.filter(
            organisation_id=partner_id,
            role=Role.ENGINEER,
            person__in=valid.values("person"),
        )
        .values("person")
        .distinct()
        .count()
    )
    if certified < MIN_CERTIFIED_ENGINEERS:
        lacking = MIN_CERTIFIED_ENGINEERS - certified
        missing.append(
            ngettext(
                "%(count)d more engineer with a valid certificate",
                "%(count)d more engineers with a valid certificate",
                lacking,
            )
            % {"count": lacking}
        )
    if missing:
        raise NotAllowedError(
            _(
                "Before escalating to the vendor the partner must name at least one "
                "organisational contact and two certified engineers; missing: %(missing)s."
            )
            % {"missing": "; ".join(missing)}
        )


def _required_certificate(partner_id: int, day: dt.date) -> str:
    """The certificate kind the vendor's package asks of escalating engineers (seed 001,
    Appendix 2, 2.5); blank when it names none or no contract is in force."""
    contract = _vendor_contracts(partner_id, day).first()
    return contract.package.escalation_certificate if contract is not None else ""


def _check_dossier(dossier: Mapping[str, Any], performance_issue: bool) -> None:
    missing = missing_items(dossier, performance_issue=performance_issue)
    if missing:
        item = missing[0]
        raise DomainError(
            _("The escalation dossier lacks item %(number)s: %(item)s.")
            % {"number": list(DossierItem).index(item) + 1, "item": item.label},
            field=f"dossier.{item.value}",
        )


def _vendor_contracts(partner_id: int, day: dt.date) -> QuerySet[Contract]:
    """The partner's contracts with the vendor in force on ``day``, the latest first."""
    return (
        Contract.objects.filter(
            customer_id=partner_id,
            supplier__kind=OrganisationKind.VENDOR,
            valid_from__lte=day,
            valid_to__gte=day,
        )
        .select_related("package", "supplier")
        .order_by("-valid_from", "-id")
    )


def _vendor_contract(partner_id: int, day: dt.date) -> Contract:
    contract = _vendor_contracts(partner_id, day).first()
    if contract is None:
        raise DomainError(_("The partner has no contract with the vendor in force today."))
    return contract


def relay_vendor_answer(
    escalation: Escalation,
    *,
    author: Person,
    body: str,
    relay_as: RelayAs = RelayAs.REPLY,
    now: dt.datetime | None = None,
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
        event = act(escalation.customer_ticket, author=author, body=body, now=now)
        now = clock.resolve(now)
        relayed: events.EscalationRelayed = {
            "body": RELAYED_NOTE,
            "relayed_as": relay_as,
            "customer_event": event.pk,
        }
        append_event(
            vendor_ticket,
            EventKind.ESCALATION_RELAYED,
            actor=author,
            at=now,
            public=True,
            payload=relayed,
        )
        finish_change(vendor_ticket, now)
        return event


def guard_relay_vendor_answer(actor: Person, escalation: Escalation) -> None:
    """Raises the refusal of a relay by ``actor``, whatever the answer; the public act on
    the customer's ticket then has its own guard (``record_public_reply``'s and the
    proposals')."""
    if not is_partner_staff(actor, escalation.partner_id):
        raise NotAllowedError(_("Only the partner's staff may relay the vendor's answer."))


def guard_resubmit_escalation(actor: Person, escalation: Escalation) -> None:
    """Raises the refusal of a resubmission by ``actor``, whatever the amended dossier; the
    partner's reply on the vendor ticket then has ``customer_reply``'s guard."""
    if not is_partner_staff(actor, escalation.partner_id):
        raise NotAllowedError(_("Only the partner's staff may resubmit the escalation."))
    if escalation.state != EscalationState.RETURNED:
        raise ConflictError(_("The vendor has not returned this escalation."))


def vendor_return_escalation(
    escalation: Escalation,
    *,
    author: Person,
    reason: VendorReturnReason,
    body: str = "",
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The vendor returns the escalation with one of the listed reasons: the vendor ticket
    awaits the partner (its clocks pause) and the escalation reads as returned; the
    customer's ticket gets the internal copy of the return."""
    with transaction.atomic():
        escalation = _lock(escalation)
        return ticket_actions.return_for_information(
            escalation.vendor_ticket,
            author=author,
            reason=ReturnReason(VendorReturnReason(reason).value),
            body=body,
            now=now,
        )


def change_vendor_criticality(
    escalation: Escalation,
    *,
    author: Person,
    criticality: int,
    reason: str,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The vendor's own change of the vendor ticket's level (core's change_criticality);
    the customer's ticket keeps its level and gets the internal copy of the change."""
    with transaction.atomic():
        escalation = _lock(escalation)
        return ticket_actions.change_criticality(
            escalation.vendor_ticket,
            author=author,
            criticality=criticality,
            reason=reason,
            now=now,
        )


def resubmit_escalation(
    escalation: Escalation,
    *,
    author: Person,
    dossier: Mapping[str, Any],
    body: str,
    now: dt.datetime | None = None,
) -> TicketEvent:
    """The partner answers a return: the dossier is amended (still complete) and the answer
    is the partner's customer reply on the vendor ticket, which resumes its clocks."""
    with transaction.atomic():
        escalation = _lock(escalation)
        guard_resubmit_escalation(author, escalation)
        merged = {**escalation.dossier, **dossier}
        _check_dossier(merged, escalation.performance_issue)
        event = ticket_actions.customer_reply(
            escalation.vendor_ticket, author=author, body=body, now=now
        )
        escalation.dossier = merged
        escalation.save(update_fields=["dossier"])
        return event


def _lock(escalation: Escalation) -> Escalation:
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("customer_ticket__contract", "vendor_ticket__contract")
        .get(pk=escalation.pk)
    )
