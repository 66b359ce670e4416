"""Outbound email through Django's default mailer (SMTP in every real deployment): text and
HTML as multipart/alternative, and the Message-ID scheme that threads a ticket's mail.

The scheme is a contract with inbound mail: every message Kabinet sends about ticket
KB-000010 has the Message-ID ``<KB-000010.<unique part>@<mail domain>>``, and the ticket's
thread root is ``<KB-000010@<mail domain>>``; ``ticket_number_in`` reads the number back,
and ``reply_markers`` are the lines above which a reply is written.
One SMTP connection per message: deliveries are few and each is claimed separately.
"""

from __future__ import annotations

import re
import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.utils import translation
from django.utils.translation import pgettext_lazy

from kabinet.channels.base import DeliveryError, OutboundMessage

if TYPE_CHECKING:
    from kabinet.orgs.models import Person

REPLY_MARKER = pgettext_lazy("mail", "Reply above this line")
_OWN_ID = re.compile(r"<(?P<number>[A-Z]+-\d+)(?:\.[^@<>\s]+)?@(?P<domain>[^<>\s]+)>")


def mail_domain() -> str:
    return str(settings.KABINET_MAIL_DOMAIN)


def thread_root(number: str) -> str:
    """The id every message about the ticket refers to (it is never sent as a message)."""
    return f"<{number}@{mail_domain()}>"


def message_id(number: str, unique: str) -> str:
    """The Message-ID of one message about the ticket; ``unique`` tells it from the others
    (dots and word characters only)."""
    safe = re.sub(r"[^\w.-]", ".", unique)
    return f"<{number}.{safe}@{mail_domain()}>"


def ticket_number_in(header: str) -> str | None:
    """The ticket number of the first id of ours in a Message-ID / In-Reply-To /
    References header, or None when it names none of ours."""
    for found in _OWN_ID.finditer(header or ""):
        if found["domain"].lower() == mail_domain().lower():
            return found["number"]
    return None


def reply_marker() -> str:
    """The line above which a reply to our mail is written, in the active language; the
    notification's text and HTML open with it."""
    return f"##- {REPLY_MARKER} -##"


def reply_markers() -> list[str]:
    """The marker in every language the product writes mail in: inbound mail cuts a reply
    at the first of them it finds."""
    markers = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            markers.append(reply_marker())
    return markers


class EmailChannel:
    name = "email"

    def address_for(self, person: Person) -> str | None:
        return person.email or None

    def send(self, message: OutboundMessage) -> None:
        headers = {
            "Message-ID": message.message_id,
            # Every message of a ticket answers its thread root, so clients thread them all.
            "In-Reply-To": message.thread,
            "References": message.thread,
            # Vacation responders and well-behaved robots do not answer notifications.
            "Auto-Submitted": "auto-generated",
            **message.headers,
        }
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        try:
            sent = mailers.default.send_messages([email])
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if sent != 1:
            raise DeliveryError("the mail backend accepted no message")
