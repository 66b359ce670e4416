"""Which ticket a message belongs to, as far as the message itself says: the ticket number
in the subject, and the ids of Kabinet's own mail in In-Reply-To and References.

Kabinet's outbound mail has Message-IDs ``<KB-000010.<anything>@<mail domain>>`` and the
thread id ``<KB-000010@<mail domain>>``; ids of mail Kabinet received are looked up in the
database by ``queries.ticket_of_thread``. Not here: whether the sender may speak there.
"""

from __future__ import annotations

import re

from django.conf import settings

from kabinet.tickets.models import NUMBER_PREFIX

NUMBER = re.compile(rf"(?<![\w-])({re.escape(NUMBER_PREFIX)}\d{{6,}})(?![\w-])", re.I)


def mail_domain() -> str:
    return str(getattr(settings, "KABINET_MAIL_DOMAIN", "kabinet.localhost")).lower()


def numbers_in_subject(subject: str) -> list[str]:
    """Ticket numbers in the subject, first first (``Re: [KB-000010] …`` and the like)."""
    return [match.upper() for match in NUMBER.findall(subject)]


def number_in_message_id(message_id: str) -> str | None:
    """The ticket number of one of Kabinet's own Message-IDs (or its thread id), else None."""
    inner = message_id.strip().removeprefix("<").removesuffix(">")
    local, at, domain = inner.rpartition("@")
    if not at or domain.lower() != mail_domain():
        return None
    number = local.split(".", 1)[0]
    return number.upper() if NUMBER.fullmatch(number) else None
