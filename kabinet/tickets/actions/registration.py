"""Registration: the one path that creates a ticket."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.contracts.models import Channel, Contract, Criticality, IntakeField, RequestCategory
from kabinet.contracts.prerequisites import require_prerequisites
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.models import OrganisationKind, Person
from kabinet.orgs.queries import (
    is_partner_staff,
    partner_status_covers,
    speaks_for_customer,
    supplier_organisation_ids,
)
from kabinet.tickets import deadlines, events, hooks
from kabinet.tickets.actions.timeline import new_event
from kabinet.tickets.actions.upload_places import open_upload_place_locked
from kabinet.tickets.models import EventKind, Ticket, format_number
from kabinet.tickets.outbox import announce_event

UNCONFIRMED_CRITICAL_LEVEL = Criticality.STANDARD
ESCALATION_ONLY = _(
    "Tickets reach the vendor only by escalation: open the customer's ticket and escalate "
    "it with the full dossier."
)
# Stored untranslated in the timeline; the API translates it when it renders the event.
CRITICAL_UNCONFIRMED_REASON = gettext_noop(
    "Criticality 1 requires confirmed 24×7 phone availability and email replies within "
    "1 hour; registered as criticality 3."
)


@dataclass(frozen=True)
class Registration:
    ticket: Ticket
    replayed: bool  # an earlier request with the same key and the same content made it


def register_ticket(
    *,
    contract: Contract,
    reporter: Person,
    subject: str,
    description: str,
    criticality: int,
    is_production: bool,
    confirmed_phone_24x7: bool = False,
    confirmed_email_1h: bool = False,
    intake: Mapping[str, str] | None = None,
    channel: str = Channel.PORTAL,
    idempotency_key: str | None = None,
    more_diagnostic_data: bool = False,
    escalation_of: Ticket | None = None,
    category: str = RequestCategory.SUPPORT,
    now: dt.datetime | None = None,
) -> Ticket:
    """Register a ticket: number assigned, clocks started, the contact notified on commit.

    Filed by the customer's authorised contacts (only by the responsible contact where the
    package says so), by a partner's engineers and managers on the partner's own contract
    with the vendor while its status is valid, or by the supplier's staff on the
    customer's behalf. An ``idempotency_key`` is as in ``register_ticket_once``. Where the
    package binds level 1 to the customer's conditions, criticality 1 without both
    confirmations is registered as 3, and a system event says why. ``more_diagnostic_data``
    is the filer saying that the diagnostic data exceed the package's attachment limit (seed
    001): the ticket's upload place opens in the same transaction, and the registration's
    message names it. ``category`` (a RequestCategory) must be one the package covers; any
    other is refused as outside the package's support, naming the package (seeds 002-004).

    On a partner's own contract with the vendor a ticket is only ever the escalation of a
    customer's ticket: ``escalation_of`` is that ticket, given by
    ``escalations.escalate_to_vendor`` alone, after its gate (engineer, certificate,
    partner status, full dossier). Every other way in is refused (seed 001).
    """
    return register_ticket_once(
        contract=contract,
        reporter=reporter,
        subject=subject,
        description=description,
        criticality=criticality,
        is_production=is_production,
        confirmed_phone_24x7=confirmed_phone_24x7,
        confirmed_email_1h=confirmed_email_1h,
        intake=intake,
        channel=channel,
        idempotency_key=idempotency_key,
        more_diagnostic_data=more_diagnostic_data,
        escalation_of=escalation_of,
        category=category,
        now=now,
    ).ticket


def register_ticket_once(
    *,
    contract: Contract,
    reporter: Person,
    subject: str,
    description: str,
    criticality: int,
    is_production: bool,
    confirmed_phone_24x7: bool = False,
    confirmed_email_1h: bool = False,
    intake: Mapping[str, str] | None = None,
    channel: str = Channel.PORTAL,
    idempotency_key: str | None = None,
    more_diagnostic_data: bool = False,
    escalation_of: Ticket | None = None,
    category: str = RequestCategory.SUPPORT,
    now: dt.datetime | None = None,
) -> Registration:
    """``register_ticket``, saying whether the answer is a replay: with an
    ``idempotency_key`` this reporter already used for the same content (every argument
    but ``escalation_of`` and ``now``), the first ticket, unchanged; used for different content, a
    ConflictError (409). Concurrent requests with one key make one ticket either way."""
    intake = dict(intake or {})
    # A support question is fingerprinted without its category, as before categories.
    extra = {} if category == RequestCategory.SUPPORT else {"category": str(category)}
    fingerprint = request_fingerprint(
        contract=contract.pk,
        subject=subject,
        description=description,
        criticality=criticality,
        is_production=is_production,
        confirmed_phone_24x7=confirmed_phone_24x7,
        confirmed_email_1h=confirmed_email_1h,
        intake=intake,
        channel=str(channel),
        more_diagnostic_data=more_diagnostic_data,
        **extra,
    )
    # No read of the key before the insert: the key's unique index finds a retry (below),
    # and a retry that the rules would refuse now still answers the first ticket.
    try:
        guard_register_ticket(reporter, contract, escalation_of=escalation_of, now=now)
        _check_rules(contract, criticality, is_production, intake, channel, now)
        check_category(contract, category)
    except DomainError:
        if idempotency_key and (replay := _replay(reporter, idempotency_key, fingerprint)):
            return replay
        raise
    try:
        # A savepoint (two more statements inside a caller's transaction) only where an
        # error inside is recovered from: a lost race for the idempotency key.
        with transaction.atomic(savepoint=bool(idempotency_key)):
            ticket = _create(
                contract=contract,
                reporter=reporter,
                subject=subject,
                description=description,
                criticality=criticality,
                is_production=is_production,
                confirmations=(confirmed_phone_24x7, confirmed_email_1h),
                intake=intake,
                channel=channel,
                idempotency=(idempotency_key, fingerprint) if idempotency_key else None,
                more_diagnostic_data=more_diagnostic_data,
                category=category,
                now=now,
            )
    except IntegrityError:
        # A retry, or a concurrent request with the same key that won the race: the first
        # ticket is the answer.
        if idempotency_key and (replay := _replay(reporter, idempotency_key, fingerprint)):
            return replay
        raise
    return Registration(ticket=ticket, replayed=False)


def request_fingerprint(**content: object) -> str:
    """SHA-256 of the canonical JSON of a request's content (keys sorted, no spacing), so
    that the same content in another order or layout is the same request."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(reporter: Person, key: str, fingerprint: str) -> Registration | None:
    first = Ticket.objects.filter(reporter=reporter, idempotency_key=key).first()
    if first is None:
        return None
    # Tickets registered before fingerprints were kept have none to compare.
    if first.idempotency_fingerprint and first.idempotency_fingerprint != fingerprint:
        raise ConflictError(
            _(
                "This Idempotency-Key was already used for a different request (ticket "
                "%(number)s); send a new key for a new ticket."
            )
            % {"number": first.number},
            field="Idempotency-Key",
        )
    return Registration(ticket=first, replayed=True)


def guard_register_ticket(
    reporter: Person,
    contract: Contract,
    *,
    escalation_of: Ticket | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Raises the refusal of a registration by ``reporter`` on ``contract``, whatever the
    ticket's content; what every path that files a ticket goes through."""
    if contract.supplier_id in supplier_organisation_ids(reporter):
        return  # supplier staff register tickets taken by phone or email
    if contract.customer.kind == OrganisationKind.PARTNER:
        _check_partner_may_file(reporter, contract, now)
        if escalation_of is None or escalation_of.contract.supplier_id != contract.customer_id:
            raise NotAllowedError(ESCALATION_ONLY)
        return
    if not speaks_for_customer(reporter, contract.customer_id):
        raise NotAllowedError(_("Only authorised contacts may file tickets."))
    check_responsible_contact(reporter, contract)


def _check_partner_may_file(reporter: Person, contract: Contract, now: dt.datetime | None) -> None:
    """A partner is the customer of its own contract with the vendor: only its engineers
    and managers, while the partner's status is valid (a lapsed partner keeps read access
    only), and then only by escalation."""
    if not is_partner_staff(reporter, contract.customer_id):
        raise NotAllowedError(
            _("Only the partner's engineers and managers may file tickets with the vendor.")
        )
    today = contract.local_date(clock.resolve(now))
    if not partner_status_covers(contract.customer_id, today):
        raise NotAllowedError(
            _(
                "The partner's status is not valid on %(day)s; new tickets cannot be filed "
                "with the vendor."
            )
            % {"day": today.isoformat()}
        )


@dataclass(frozen=True)
class ResponsibleRefusals:
    """What a refused person reads under the responsible-contact rule, per act: msgids
    (translated when raised), ``none_appointed`` with ``%(number)s``, ``named`` with
    ``%(person)s``."""

    none_appointed: str
    named: str


FILING_REFUSALS = ResponsibleRefusals(
    none_appointed=gettext_noop(
        "The support package accepts tickets only from the customer's responsible "
        "contact, and none is appointed on contract %(number)s; an organisation "
        "admin appoints one."
    ),
    named=gettext_noop(
        "The support package accepts tickets only from the customer's responsible "
        "contact: %(person)s."
    ),
)


def check_responsible_contact(
    person: Person, contract: Contract, refusals: ResponsibleRefusals = FILING_REFUSALS
) -> None:
    """Seed 002: a package that gives all consultations to one responsible contact hears
    the customer through that person only (filing here, reopening in ``resolution``);
    anyone else is refused with the contact's name."""
    if not contract.package.single_responsible_contact:
        return
    responsible = list(contract.responsible_contacts.order_by("pk"))
    if person in responsible:
        return
    if not responsible:
        raise NotAllowedError(gettext(refusals.none_appointed) % {"number": contract.number})
    raise NotAllowedError(
        gettext(refusals.named) % {"person": ", ".join(str(p) for p in responsible)}
    )


def _check_rules(
    contract: Contract,
    criticality: int,
    is_production: bool,
    intake: dict[str, str],
    channel: str,
    now: dt.datetime | None,
) -> None:
    today = contract.local_date(clock.resolve(now))
    if not contract.covers(today):
        raise DomainError(
            _("Contract %(number)s is not in force on %(day)s; new tickets cannot be filed.")
            % {"number": contract.number, "day": today.isoformat()},
            field="contract",
        )
    require_prerequisites(contract, clock.resolve(now), act="filing")
    if criticality not in Criticality.values:
        raise DomainError(_("Criticality must be 1, 2, 3 or 4."), field="criticality")
    package = contract.package
    if package.requires_production(criticality) and not is_production:
        raise DomainError(
            _("Criticality 1 and 2 are only for production systems."), field="criticality"
        )
    if package.allowed_channels and channel not in package.allowed_channels:
        raise DomainError(
            _("Channel %(channel)s is not included in the support package.") % {"channel": channel},
            field="channel",
        )
    for name in package.mandatory_intake_fields:
        if not str(intake.get(name, "")).strip():
            label = IntakeField(name).label if name in IntakeField.values else name
            raise DomainError(
                _("The field “%(field)s” is required by the support package.") % {"field": label},
                field=f"intake.{name}",
            )


def check_category(contract: Contract, category: str) -> None:
    """Seeds 002-004: a ticket asks for what its package covers. Consultations on
    configuration outside Business and Premium, wishes where the supplier takes none, paid
    work where the package is support only: refused as outside the package, by name."""
    if category not in RequestCategory.values:
        raise DomainError(_("Unknown request category."), field="category")
    package = contract.package
    if category not in package.categories():
        raise DomainError(
            _(
                "The support package “%(package)s” does not cover “%(category)s”: this "
                "request is outside its support."
            )
            % {"package": package.name, "category": RequestCategory(category).label},
            field="category",
        )


def consultant_of(contract: Contract) -> int | None:
    """Who takes new tickets first: the contract's personal consultant, where its package
    includes a dedicated specialist (seed 002: Premium only; seed 000's consultant)."""
    return contract.personal_consultant_id if contract.package.dedicated_specialist else None


def _create(
    *,
    contract: Contract,
    reporter: Person,
    subject: str,
    description: str,
    criticality: int,
    is_production: bool,
    confirmations: tuple[bool, bool],
    intake: dict[str, str],
    channel: str,
    idempotency: tuple[str, str] | None,
    more_diagnostic_data: bool,
    category: str,
    now: dt.datetime | None,
) -> Ticket:
    """``idempotency``: the key and the fingerprint of the request's content.

    The SLA columns are computed before the insert, on the events about to be written
    (the whole timeline of a new ticket as the clock reads it), so that the ticket row is
    written once with them."""
    now = clock.resolve(now)
    downgraded = not contract.package.confirms_critical(criticality, confirmations)
    ticket = Ticket(
        contract=contract,
        reporter=reporter,
        assignee_id=consultant_of(contract),
        subject=subject,
        description=description,
        criticality=UNCONFIRMED_CRITICAL_LEVEL if downgraded else criticality,
        is_production=is_production,
        confirmed_phone_24x7=confirmations[0],
        confirmed_email_1h=confirmations[1],
        intake=intake,
        channel=channel,
        category=category,
        registered_at=now,
        updated_at=now,
        idempotency_key=idempotency[0] if idempotency else None,
        idempotency_fingerprint=idempotency[1] if idempotency else "",
    )
    if ticket.assignee_id is not None and Contract.personal_consultant.is_cached(contract):
        ticket.assignee = contract.personal_consultant  # the answer names them unread
    payload: events.Registered = {
        "criticality": ticket.criticality,
        "requested_criticality": criticality,
        "channel": channel,
    }
    if more_diagnostic_data:
        payload["more_diagnostic_data"] = True
    registered = new_event(ticket, EventKind.REGISTERED, actor=reporter, at=now, payload=payload)
    timeline = [registered]
    if downgraded:
        change: events.CriticalityChanged = {
            "from": 1,
            "to": UNCONFIRMED_CRITICAL_LEVEL,
            "rule": "critical_unconfirmed",
            "reason": CRITICAL_UNCONFIRMED_REASON,
        }
        timeline.append(
            new_event(ticket, EventKind.CRITICALITY_CHANGED, actor=None, at=now, payload=change)
        )
    # The upload place's event, below, means nothing to the clock.
    deadlines.refresh(ticket, now, events=timeline)
    _insert(ticket)
    for event in timeline:
        event.save(force_insert=True)
    announce_event(registered.pk)
    if more_diagnostic_data:
        open_upload_place_locked(ticket, author=reporter, now=now)
    hooks.after_register(ticket, now)
    return ticket


def _insert(ticket: Ticket) -> None:
    """Insert a new ticket with its number, its primary key's: the database allocates the
    key, so numbers are unique under any concurrency without a counter row that every
    registration would have to lock. The insert's own trigger writes the number (tickets
    migration 0021 on PostgreSQL, knowledge migration 0004 on SQLite), and the row in hand
    gets the same one."""
    ticket.save(force_insert=True)
    ticket.number = format_number(ticket.pk)
