"""The polite answer to mail that could not become what its sender meant, sent only where it
cannot be abused: never to automatic mail or to a sender the supplier's MTA did not vouch
for (the callers decide that), to the From address only (never Reply-To), at most once per
sender and mailbox per ``ANSWER_INTERVAL``, marked ``Auto-Submitted: auto-replied`` so that
other robots do not answer it back.

At most once: the answer is claimed in the database before it is sent, so a crash between
the two loses an answer rather than sending it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils import translation
from django.utils.translation import gettext

from kabinet import clock
from kabinet.channels.email.models import InboundMessage, Mailbox
from kabinet.channels.email.parsing import display_address
from kabinet.channels.email.queries import answered_since

logger = logging.getLogger(__name__)

ANSWER_INTERVAL = dt.timedelta(hours=1)


class Answer(StrEnum):
    UNKNOWN_SENDER = "unknown_sender"
    NOT_A_PARTY = "not_a_party"
    TICKET_CLOSED = "ticket_closed"
    NOT_REGISTERED = "not_registered"
    TOO_LARGE = "too_large"


def _body(answer: Answer, row: InboundMessage) -> str:
    number = row.ticket.number if row.ticket is not None else ""
    url = f"{settings.KABINET_BASE_URL.rstrip('/')}/tickets/{number}/" if number else ""
    texts = {
        Answer.UNKNOWN_SENDER: gettext(
            "Your message was received, but this address is not registered with the support "
            "service, so no ticket was created. The supplier will review it. If you are a "
            "customer's contact, ask your organisation's administrator to add this address."
        ),
        Answer.NOT_A_PARTY: gettext(
            "Your message was received, but this address may not write to this ticket or "
            "file tickets under the contracts this mailbox serves. The supplier will review it."
        ),
        Answer.TICKET_CLOSED: gettext(
            "Ticket %(number)s is closed, so your message was not added to it. Reopen it in "
            "the cabinet (%(url)s) or write a new message without the ticket number."
        )
        % {"number": number, "url": url},
        Answer.NOT_REGISTERED: gettext(
            "Your message could not be registered as a ticket: %(reason)s Please file it in "
            "the cabinet."
        )
        % {"reason": row.reason},
        Answer.TOO_LARGE: gettext(
            "Some files were larger than the support package allows and were not added to "
            "ticket %(number)s. Upload them to the ticket's upload place: %(url)s"
        )
        % {"number": number, "url": url},
    }
    return texts[answer]


def send_answer(pk: int, mailbox: Mailbox, answer: Answer) -> bool:
    """Answer message ``pk``'s sender if the rate allows; whether an answer went out."""
    row = InboundMessage.objects.select_related("ticket", "person").get(pk=pk)
    address = display_address(row.from_header)
    now = clock.resolve(None)
    if not address or answered_since(mailbox, row.sender, now - ANSWER_INTERVAL):
        return False
    claimed = InboundMessage.objects.filter(pk=pk, answered_at__isnull=True).update(answered_at=now)
    if not claimed:
        return False
    message = _message(row, mailbox, answer, address)
    try:
        return mailers.default.send_messages([message]) == 1
    except (smtplib.SMTPException, OSError):
        logger.exception("the answer to inbound message %s was not sent", pk)
        return False


def _message(row: InboundMessage, mailbox: Mailbox, answer: Answer, address: str) -> EmailMessage:
    """In the person's language when the sender is a known person, else Russian then English."""
    languages = [row.person.language] if row.person is not None else ["ru", "en"]
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(_body(answer, row))
    with translation.override(languages[0]):
        subject = gettext("Re: %(subject)s") % {"subject": row.subject or gettext("your message")}
    return EmailMessage(
        subject=subject,
        body="\n\n".join(parts) + "\n",
        from_email=mailbox.address,
        to=[address],
        headers={
            "In-Reply-To": row.message_id,
            "References": row.message_id,
            "Auto-Submitted": "auto-replied",
            "X-Auto-Response-Suppress": "All",
        },
    )
