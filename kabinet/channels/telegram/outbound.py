"""Telegram as an outbound channel: a notification goes to the person's linked chat with
the bot of the ticket's supplier, carrying the buttons the ticket offers that person now
(accept or reject a proposal, rate a closed ticket); a reply to it answers the ticket."""

from __future__ import annotations

from kabinet.channels.base import DeliveryError, OutboundMessage
from kabinet.channels.telegram.buttons import ticket_buttons
from kabinet.channels.telegram.client import BotApi, BotApiError
from kabinet.channels.telegram.models import TelegramLink
from kabinet.channels.telegram.outgoing import message_params, remember
from kabinet.channels.telegram.queries import ticket_by_number
from kabinet.orgs.models import Person
from kabinet.tickets.models import Ticket

TICKET_HEADER = "X-Kabinet-Ticket"


class TelegramChannel:
    name = "telegram"

    def address_for(self, person: Person) -> str | None:
        """The chat id of the person's most recent link, or None (not linked, inactive)."""
        if not person.is_active:
            return None
        link = (
            TelegramLink.objects.filter(person=person, bot__active=True)
            .order_by("-linked_at", "-pk")
            .first()
        )
        return str(link.chat_id) if link is not None else None

    def send(self, message: OutboundMessage) -> None:
        """``message.to`` is a chat id. The bot is the ticket's supplier's where the person
        is linked to it, else the bot of the chat's link."""
        ticket = ticket_by_number(message.headers.get(TICKET_HEADER, ""))
        link = _link(message.to, ticket)
        if link is None:
            raise DeliveryError(f"chat {message.to} is not linked to an active bot")
        buttons = ticket_buttons(link.person, ticket) if ticket is not None else []
        text = f"{message.subject}\n\n{message.body}".strip()
        params = message_params(link.chat_id, text, buttons or None)
        try:
            sent = BotApi(link.bot.resolved_token()).call("sendMessage", params)
        except BotApiError as exc:
            raise DeliveryError(str(exc)) from exc
        if ticket is not None and isinstance(sent, dict):
            remember(link.bot, sent, ticket.pk)


def _link(to: str, ticket: Ticket | None) -> TelegramLink | None:
    try:
        chat_id = int(to)
    except ValueError:
        return None
    links = TelegramLink.objects.filter(chat_id=chat_id, bot__active=True).select_related(
        "bot", "person"
    )
    if ticket is not None:
        own = links.filter(bot__supplier_id=ticket.contract.supplier_id).first()
        if own is not None:
            return own
    return links.order_by("-linked_at", "-pk").first()
