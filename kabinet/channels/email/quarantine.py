"""The supplier's decision on a message that waits in quarantine: release it into one of its
tickets, or discard it. Both are recorded on the message with who decided and when.

A released message goes onto the ticket as an internal comment by the person who released
it, with its files as internal attachments: its sender was not heard as a party, so only the
supplier's own staff decide what the customer sees of it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.channels.email.access import access_inbound_message
from kabinet.channels.email.models import WAITING_OUTCOMES, InboundMessage, Outcome
from kabinet.channels.email.parsing import parse_mail
from kabinet.errors import ConflictError, DomainError, NotFoundError
from kabinet.orgs.models import Person
from kabinet.tickets.access import access_ticket
from kabinet.tickets.actions import add_attachment, add_internal_comment
from kabinet.tickets.models import Ticket, TicketEvent


def release_message(
    pk: int, *, by: Person, number: str, now: dt.datetime | None = None
) -> TicketEvent:
    """Put waiting message ``pk`` onto the supplier's ticket ``number``."""
    with transaction.atomic():
        row = access_inbound_message(by, pk, for_update=True)
        _require_waiting(row)
        ticket = _supplier_ticket(by, number.strip().upper(), row.supplier_id)
        now = clock.resolve(now)
        mail = parse_mail(bytes(row.raw))
        heading = gettext("Mail from %(sender)s, released from quarantine: %(subject)s") % {
            "sender": row.from_header or row.sender,
            "subject": row.subject,
        }
        event = add_internal_comment(
            ticket, author=by, body=f"{heading}\n\n{mail.text.strip()}", now=now
        )
        for mail_file in mail.files:
            if len(mail_file.data) > ticket.contract.package.attachment_size_limit:
                continue  # the raw message, with the file, stays with the record
            try:
                with transaction.atomic():
                    add_attachment(
                        ticket,
                        author=by,
                        filename=mail_file.filename,
                        content_type=mail_file.content_type,
                        chunks=[mail_file.data],
                        internal=True,
                        now=now,
                    )
            except DomainError:
                continue
        _decide(row, Outcome.RELEASED, by, now)
        row.ticket, row.event = ticket, event
        row.save(update_fields=["ticket", "event"])
        return event


def discard_message(pk: int, *, by: Person, now: dt.datetime | None = None) -> InboundMessage:
    """Keep waiting message ``pk`` for the record only; it leaves the quarantine list."""
    with transaction.atomic():
        row = access_inbound_message(by, pk, for_update=True)
        _require_waiting(row)
        _decide(row, Outcome.DISCARDED, by, clock.resolve(now))
        return row


def _supplier_ticket(by: Person, number: str, supplier_id: int) -> Ticket:
    """The ticket, if it is one of this supplier's; else a refusal on the form's field (the
    message stays in quarantine, the number typed stays in the form)."""
    refusal = DomainError(
        _("There is no ticket %(number)s among the tickets you supply.") % {"number": number},
        field="number",
    )
    try:
        ticket = access_ticket(by, number)
    except NotFoundError:
        raise refusal from None
    if ticket.contract.supplier_id != supplier_id:
        raise refusal
    return ticket


def _require_waiting(row: InboundMessage) -> None:
    if row.outcome not in WAITING_OUTCOMES:
        raise ConflictError(_("This message was already decided on."))


def _decide(row: InboundMessage, outcome: Outcome, by: Person, now: dt.datetime) -> None:
    row.outcome, row.decided_by, row.decided_at = outcome, by, now
    row.save(update_fields=["outcome", "decided_by", "decided_at"])
