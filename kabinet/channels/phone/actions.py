"""Registering a ticket taken by phone: the one action the cabinet's phone page calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.contracts.models import Channel, Contract, Package
from kabinet.errors import DomainError, NotAllowedError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets.actions import log_phone_call, register_ticket
from kabinet.tickets.models import CallDirection, Ticket


def sells_phone(package: Package) -> bool:
    """Does the package take tickets by phone? An empty list allows every channel, as
    registration reads it."""
    return not package.allowed_channels or Channel.PHONE in package.allowed_channels


def guard_register_ticket_by_phone(taken_by: Person, contract: Contract) -> None:
    """Raises the refusal of a phone registration by ``taken_by`` on ``contract``."""
    if contract.supplier_id not in supplier_organisation_ids(taken_by):
        raise NotAllowedError(_("Only the supplier's staff may register tickets taken by phone."))
    if not sells_phone(contract.package):
        raise DomainError(
            _("The support package of contract %(number)s does not include phone support.")
            % {"number": contract.number},
            field="contract",
        )


def register_ticket_by_phone(
    *,
    contract: Contract,
    caller: Person,
    taken_by: Person,
    subject: str,
    description: str,
    criticality: int,
    is_production: bool,
    call_notes: str,
    confirmed_phone_24x7: bool = False,
    confirmed_email_1h: bool = False,
    intake: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Register the caller's ticket (``channel="phone"``) and log the incoming call on it,
    in one transaction.

    The caller is the ticket's reporter, under every rule that binds them filing in the
    cabinet (authorised contact, the responsible contact where the package has one, the
    contract in force, the intake fields): the ticket is theirs, they hear its answers and
    accept its solution. The supplier's part is the call: an incoming call logged by
    ``taken_by`` with the notes, which meets nothing (the caller spoke, not the supplier).
    """
    guard_register_ticket_by_phone(taken_by, contract)
    if not call_notes.strip():
        raise DomainError(_("Summarise the call."), field="call_notes")
    now = clock.resolve(now)
    with transaction.atomic():
        ticket = register_ticket(
            contract=contract,
            reporter=caller,
            subject=subject,
            description=description,
            criticality=criticality,
            is_production=is_production,
            confirmed_phone_24x7=confirmed_phone_24x7,
            confirmed_email_1h=confirmed_email_1h,
            intake=intake,
            channel=Channel.PHONE,
            now=now,
        )
        log_phone_call(
            ticket,
            author=taken_by,
            summary=call_notes,
            direction=CallDirection.INCOMING,
            now=now,
        )
    return ticket
