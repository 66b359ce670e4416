"""Renders a delivery into a message: one text template per kind of notice, its words
through gettext in the recipient's language, first line the subject (which always carries
the ticket number); email gets the same words as HTML too, under a "reply above this line"
marker, with a link to the ticket.

Templates live in ``templates/notifications/email/<kind>.txt`` (the HTML layout beside them
wraps any of them); the Russian words are in this app's ``locale``. A language the product
does not speak falls back to Russian, its first language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from kabinet.channels.base import OutboundMessage
from kabinet.channels.email.outbound import reply_marker, thread_root
from kabinet.notifications.models import Delivery
from kabinet.sla import TargetName
from kabinet.tickets.actions.criticality import CUSTOMER_SILENT_REASON
from kabinet.tickets.actions.registration import CRITICAL_UNCONFIRMED_REASON
from kabinet.tickets.models import PostponementReason, RefusalReason, ReturnReason, Ticket

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


def ticket_url(ticket: Ticket) -> str:
    return f"{settings.KABINET_BASE_URL.rstrip('/')}/tickets/{ticket.number}/"


def render(delivery: Delivery) -> OutboundMessage:
    ticket = Ticket.objects.select_related("contract", "reporter", "assignee").get(
        pk=delivery.ticket_id
    )
    base_url = settings.KABINET_BASE_URL.rstrip("/")
    context: dict[str, Any] = {
        "ticket": ticket,
        "number": ticket.number,
        "subject": ticket.subject,
        "url": ticket_url(ticket),
        "api_url": f"{base_url}/api/v1/tickets/{ticket.number}",
        **delivery.context,
    }
    try:
        template = get_template(f"notifications/email/{delivery.template}.txt")
    except TemplateDoesNotExist:
        raise ValueError(f"no template for {delivery.template!r}") from None
    language = mail_language(delivery.language)
    with translation.override(language):
        _add_words(context)
        text = template.render(context)
        subject, _, body = text.strip().partition("\n")
        body = body.strip() + "\n"
        html = ""
        if delivery.channel == "email":
            marker = reply_marker()
            html = render_to_string(
                "notifications/email/layout.html",
                {**context, "body": body, "marker": marker, "language": language},
            )
            body = f"{marker}\n\n{body}"
    return OutboundMessage(
        to=delivery.address,
        subject=" ".join(subject.split()),
        body=body,
        html=html,
        thread=thread_root(ticket.number or ""),
        message_id=delivery.message_id,
        headers={"X-Kabinet-Ticket": ticket.number or ""},
    )


def _add_words(context: dict[str, Any]) -> None:
    """Codes of the context as words in the active language: a return's listed reason (the
    labels the cabinet shows, ``ReturnReason``'s), an automatic rule's reason (a msgid),
    an SLA target's name."""
    if "target" in context:
        context["target_label"] = TARGET_LABELS[context["target"]]
    reason = context.get("reason")
    if reason in ReturnReason.values:
        context["reason"] = str(ReturnReason(reason).label)
    elif (context.get("rule") and reason) or reason in SYSTEM_REASONS:
        context["reason"] = gettext(str(reason))
    if context.get("refusal_reason") in RefusalReason.values:
        context["refusal_reason"] = str(RefusalReason(context["refusal_reason"]).label)
    if context.get("postponement_reason") in PostponementReason.values:
        context["postponement_reason"] = str(
            PostponementReason(context["postponement_reason"]).label
        )
