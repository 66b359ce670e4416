"""Outbound email through Django's default mailer (SMTP in every real deployment).

One SMTP connection per message: deliveries are few and each is claimed separately.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers

from kabinet.channels.base import DeliveryError, OutboundMessage


class EmailChannel:
    name = "email"

    def send(self, message: OutboundMessage) -> None:
        headers = {
            "Message-ID": message.message_id,
            # Replies and notifications of one ticket thread together in mail clients.
            "References": message.thread,
            "In-Reply-To": message.thread,
            **message.headers,
        }
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
        )
        try:
            sent = mailers.default.send_messages([email])
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if sent != 1:
            raise DeliveryError("the mail backend accepted no message")
