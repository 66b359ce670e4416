"""One update's view of a chat: the bot, the chat, the linked person (if any), the
conversation row (locked for the update) and what the bot will say back."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kabinet.channels.telegram.buttons import Rows
from kabinet.channels.telegram.models import Conversation, SentMessage, TelegramBot
from kabinet.channels.telegram.outgoing import Outgoing
from kabinet.channels.telegram.queries import messenger_allowed
from kabinet.errors import NotAllowedError, NotFoundError
from kabinet.orgs.models import Person
from kabinet.tickets.access import access_ticket
from kabinet.tickets.models import Ticket


@dataclass
class Chat:
    bot: TelegramBot
    chat_id: int
    person: Person
    conversation: Conversation
    out: Outgoing

    def say(self, text: str, *, buttons: Rows | None = None, ticket: Ticket | None = None) -> None:
        self.out.say(
            self.chat_id, text, buttons=buttons, ticket_id=ticket.pk if ticket is not None else None
        )

    def reset(self, *, ticket: Ticket | None = None) -> None:
        """Leave any dialogue step; with ``ticket``, talk about that ticket from now on."""
        self.conversation.step = ""
        self.conversation.draft = {}
        if ticket is not None:
            self.conversation.ticket = ticket
        self.conversation.save()

    def ticket(self, number: str) -> Ticket:
        """The ticket if the person may see it, it is this bot's supplier's and its package
        takes messengers; not found or refused otherwise, as in the cabinet."""
        ticket = access_ticket(self.person, number)
        if ticket.contract.supplier_id != self.bot.supplier_id:
            raise NotFoundError(_("Ticket not found."))
        if not messenger_allowed(ticket.contract.package):
            raise NotAllowedError(
                _(
                    "The support package of contract %(number)s does not include messengers; "
                    "please use the channels it names."
                )
                % {"number": ticket.contract.number}
            )
        return ticket

    def replied_ticket(self, message: dict[str, object]) -> Ticket | None:
        """The ticket of the bot message this message replies to, or of ``/ticket``."""
        replied = message.get("reply_to_message")
        if isinstance(replied, dict) and "message_id" in replied:
            sent = (
                SentMessage.objects.filter(
                    bot=self.bot, chat_id=self.chat_id, message_id=replied["message_id"]
                )
                .select_related("ticket")
                .first()
            )
            if sent is not None:
                return self.ticket(sent.ticket.number or "")
        chosen = self.conversation.ticket
        if chosen is not None:
            return self.ticket(chosen.number or "")
        return None
