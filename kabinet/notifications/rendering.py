"""Renders a delivery into a message: one template per kind, its words through gettext in
the recipient's language, first line the subject (which always carries the ticket number).

Templates live in ``templates/notifications/email/<name>.txt``; the Russian words are in
this app's ``locale``. A language the product does not speak falls back to Russian, its
first language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from kabinet.channels.base import OutboundMessage
from kabinet.notifications.models import Delivery
from kabinet.sla import TargetName
from kabinet.tickets.actions.criticality import CUSTOMER_SILENT_REASON
from kabinet.tickets.actions.registration import CRITICAL_UNCONFIRMED_REASON
from kabinet.tickets.models import ReturnReason, Ticket

MAIL_DOMAIN = "kabinet.localhost"
# The target's name as a mail sentence uses it ("the reaction target is due ...").
# Reasons the system writes in English (translated when shown); people's reasons stay typed.
SYSTEM_REASONS = frozenset({CUSTOMER_SILENT_REASON, CRITICAL_UNCONFIRMED_REASON})
TARGET_LABELS: dict[str, Promise] = {
    TargetName.REACTION: pgettext_lazy("SLA target in mail", "reaction"),
    TargetName.UPDATE: pgettext_lazy("SLA target in mail", "status update"),
    TargetName.RESOLUTION: pgettext_lazy("SLA target in mail", "resolution"),
}


def mail_language(code: str) -> str:
    """The language a person's mail is written in: theirs if the product speaks it."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def reason_words(reason: str) -> str:
    """A payload's reason as the reader says it: a return reason's label, a system reason
    translated, a person's own words as typed (never an internal code)."""
    if reason in ReturnReason.values:
        return str(ReturnReason(reason).label)
    return gettext(reason) if reason in SYSTEM_REASONS else reason


def render(delivery: Delivery) -> OutboundMessage:
    ticket = Ticket.objects.select_related("contract", "reporter", "assignee").get(
        pk=delivery.ticket_id
    )
    base_url = settings.KABINET_BASE_URL.rstrip("/")
    context: dict[str, Any] = {
        "ticket": ticket,
        "number": ticket.number,
        "subject": ticket.subject,
        "url": f"{base_url}/tickets/{ticket.number}",
        "api_url": f"{base_url}/api/v1/tickets/{ticket.number}",
        **delivery.context,
    }
    if "target" in context:
        context["target_label"] = TARGET_LABELS[context["target"]]
    try:
        template = get_template(f"notifications/email/{delivery.template}.txt")
    except TemplateDoesNotExist:
        raise ValueError(f"no template for {delivery.template!r}") from None
    with translation.override(mail_language(delivery.language)):
        context["reason"] = reason_words(str(context.get("reason", "")))
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
