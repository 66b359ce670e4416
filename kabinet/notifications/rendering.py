"""Renders a delivery into a message: a template per language, first line the subject.

Templates live in ``templates/notifications/email/<language>/<name>.txt``; a language
without its own template falls back to Russian, the first language of the product.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import translation

from kabinet.channels.base import OutboundMessage
from kabinet.notifications.models import Delivery
from kabinet.tickets.models import Ticket

FALLBACK_LANGUAGE = "ru"
MAIL_DOMAIN = "kabinet.localhost"


def render(delivery: Delivery) -> OutboundMessage:
    ticket = Ticket.objects.select_related("contract", "reporter", "assignee").get(
        pk=delivery.ticket_id
    )
    language = delivery.language if delivery.language in ("ru", "en") else FALLBACK_LANGUAGE
    context: dict[str, Any] = {
        "ticket": ticket,
        "number": ticket.number,
        "url": f"{settings.KABINET_BASE_URL.rstrip('/')}/tickets/{ticket.number}",
        "api_url": f"{settings.KABINET_BASE_URL.rstrip('/')}/api/v1/tickets/{ticket.number}",
        **delivery.context,
    }
    names = [f"notifications/email/{language}/{delivery.template}.txt"]
    if language != FALLBACK_LANGUAGE:
        names.append(f"notifications/email/{FALLBACK_LANGUAGE}/{delivery.template}.txt")
    try:
        template = select_template(names)
    except TemplateDoesNotExist:
        raise ValueError(f"no template for {delivery.template!r}") from None
    with translation.override(language):
        text = template.render(context)
    subject, _, body = text.strip().partition("\n")
    return OutboundMessage(
        to=delivery.address,
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        thread=f"<{ticket.number}@{MAIL_DOMAIN}>",
        message_id=f"<{delivery.key.replace(':', '.')}@{MAIL_DOMAIN}>",
        headers={"X-Kabinet-Ticket": ticket.number or ""},
    )
