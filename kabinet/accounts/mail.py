"""The two mails of accounts, invitation and password reset, composed from templates in the
person's language and sent through Django's default mailer (not the notifications outbox:
a link that opens an account is sent once, now, to whoever asked, and never retried later)."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation

from kabinet.orgs.models import Person

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """A link for a mail: the site's base address (``KABINET_BASE_URL``) and ``path``."""
    return settings.KABINET_BASE_URL.rstrip("/") + path


def send(person: Person, template: str, context: dict[str, object]) -> bool:
    """Render ``accounts/mail/<template>_subject.txt`` and ``_body.txt`` in the person's
    language and send them; False when the mail server refused or was unreachable (the
    caller tells the person who asked), True once it was handed over."""
    language = person.language if person.language in {"ru", "en"} else "ru"
    with translation.override(language):
        context = {"person": person, **context}
        subject = render_to_string(f"accounts/mail/{template}_subject.txt", context)
        body = render_to_string(f"accounts/mail/{template}_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    try:
        return bool(mailers.default.send_messages([message]))
    except (OSError, smtplib.SMTPException):
        log.warning("accounts mail %s to person %s not sent", template, person.pk, exc_info=True)
        return False
