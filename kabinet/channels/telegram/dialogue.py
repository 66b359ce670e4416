"""What the bot does with one update: commands, the filing dialogue, messages and files for
a ticket, and the inline buttons. Refusals are said in the chat in the person's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from kabinet.channels.telegram import filing, talk
from kabinet.channels.telegram.actions import link_chat, unlink_chat
from kabinet.channels.telegram.chat import Chat
from kabinet.channels.telegram.models import Conversation, TelegramBot
from kabinet.channels.telegram.outgoing import Outgoing
from kabinet.channels.telegram.queries import linked_person
from kabinet.errors import DomainError
from kabinet.orgs.models import Person

LANGUAGES = frozenset({"ru", "en"})


def handle_update(bot: TelegramBot, update: dict[str, Any], out: Outgoing) -> None:
    """Act on one update; the caller has recorded it and holds the transaction."""
    if isinstance(update.get("message"), dict):
        _message(bot, update["message"], out)
    elif isinstance(update.get("callback_query"), dict):
        _callback(bot, update["callback_query"], out)
    # Edited messages, channel posts and the rest are recorded and left alone.


def _object(value: object) -> dict[str, Any]:
    """A JSON object of the update, or an empty one where Telegram sent something else."""
    return value if isinstance(value, dict) else {}


def _language(person: Person | None, sender: dict[str, Any]) -> str:
    if person is not None and person.language in LANGUAGES:
        return person.language
    code = str(sender.get("language_code") or "ru")[:2]
    return code if code in LANGUAGES else "ru"


def _message(bot: TelegramBot, message: dict[str, Any], out: Outgoing) -> None:
    chat_info = message.get("chat")
    if not isinstance(chat_info, dict) or chat_info.get("type") != "private":
        return  # tickets are talked about one to one, never in a group
    chat_id = chat_info.get("id")
    if not isinstance(chat_id, int):
        return
    sender = _object(message.get("from"))
    text = str(message.get("text") or "").strip()
    command, _sep, argument = text.partition(" ") if text.startswith("/") else ("", "", "")
    command = command.split("@")[0]
    if command == "/start" and argument.strip():
        _link(bot, chat_id, sender, argument.strip(), out)
        return
    person = linked_person(bot, chat_id)
    with translation.override(_language(person, sender)):
        if person is None or not person.is_active:
            out.say(chat_id, _unlinked_text())
            return
        chat = _chat(bot, chat_id, person, out)
        try:
            _dispatch(chat, message, command, argument.strip(), text)
        except DomainError as error:
            chat.say(str(error.message))


def _unlinked_text() -> str:
    return _(
        "This chat is not linked to a Kabinet account. Open your profile in the cabinet, "
        "press “Link Telegram” and send the bot the code shown there."
    )


def _chat(bot: TelegramBot, chat_id: int, person: Person, out: Outgoing) -> Chat:
    conversation, _created = Conversation.objects.select_for_update().get_or_create(
        bot=bot, chat_id=chat_id
    )
    return Chat(bot, chat_id, person, conversation, out)


def _link(bot: TelegramBot, chat_id: int, sender: dict[str, Any], code: str, out: Outgoing) -> None:
    with translation.override(_language(None, sender)):
        try:
            person = link_chat(
                bot, code=code, chat_id=chat_id, telegram_user_id=int(sender.get("id") or chat_id)
            )
        except DomainError as error:
            out.say(chat_id, str(error.message))
            return
    with translation.override(_language(person, sender)):
        out.say(
            chat_id,
            _("Linked to %(person)s. ") % {"person": person.get_full_name() or person.username}
            + _help_text(),
        )


def _help_text() -> str:
    return _(
        "/new — file a ticket\n"
        "/ticket KB-000010 — talk about that ticket\n"
        "Reply to a message of the bot to answer its ticket; photos and files go the same way.\n"
        "/quality KB-000010 text — ask the supplier's quality control to expedite that ticket\n"
        "/cancel — leave the current question\n"
        "/stop — unlink this chat"
    )


def _dispatch(chat: Chat, message: dict[str, Any], command: str, argument: str, text: str) -> None:
    if command in {"/start", "/help"}:
        chat.say(_help_text())
    elif command == "/stop":
        unlink_chat(chat.bot, chat.chat_id)
        chat.reset()
        chat.say(_("This chat is unlinked; the bot will not write to you any more."))
    elif command == "/cancel":
        chat.reset()
        chat.say(_("Cancelled."))
    elif command == "/new":
        filing.start(chat)
    elif command == "/quality":
        talk.expedite(chat, argument)
    elif command == "/ticket" and not argument:
        chat.say(_("Send the ticket's number after the command: /ticket KB-000010"))
    elif command == "/ticket":
        ticket = chat.ticket(argument.upper())
        chat.reset(ticket=ticket)
        chat.say(
            _("Now talking about %(number)s: %(subject)s")
            % {"number": ticket.number, "subject": ticket.subject},
            ticket=ticket,
        )
    elif command:
        chat.say(_help_text())
    elif chat.conversation.step == talk.REJECT:
        talk.reject(chat, text)
    elif chat.conversation.step in filing.STEPS or chat.conversation.step.startswith(filing.INTAKE):
        filing.take_text(chat, text)
    else:
        _about_ticket(chat, message, text)


def _about_ticket(chat: Chat, message: dict[str, Any], text: str) -> None:
    ticket = chat.replied_ticket(message)
    if ticket is None:
        chat.say(
            _("Which ticket is this about? Reply to a message of the bot, or send /new.")
            + "\n\n"
            + _help_text()
        )
        return
    if talk.has_file(message):
        talk.attach(chat, ticket, message)
    elif text:
        talk.reply(chat, ticket, text)


def _callback(bot: TelegramBot, query: dict[str, Any], out: Outgoing) -> None:
    message = _object(query.get("message"))
    chat_id = _object(message.get("chat")).get("id")
    if not isinstance(chat_id, int) or "id" not in query:
        return  # a button of an inline query or of a message too old to carry its chat
    out.call("answerCallbackQuery", callback_query_id=query["id"])
    person = linked_person(bot, chat_id)
    sender = _object(query.get("from"))
    with translation.override(_language(person, sender)):
        if person is None or not person.is_active:
            out.say(chat_id, _unlinked_text())
            return
        chat = _chat(bot, chat_id, person, out)
        kind, _sep, value = str(query.get("data") or "").partition(":")
        try:
            _press(chat, kind, value, message)
        except DomainError as error:
            chat.say(str(error.message))


def _press(chat: Chat, kind: str, value: str, message: dict[str, Any]) -> None:
    if kind == "contract":
        filing.choose_contract(chat, value)
    elif kind == "level":
        filing.choose_level(chat, value)
    elif kind in {"accept", "reject", "rate"}:
        number, _sep, rating = value.partition(":")
        ticket = chat.ticket(number)
        if kind == "accept":
            talk.accept(chat, ticket)
        elif kind == "reject":
            talk.ask_rejection_reason(chat, ticket)
        else:
            talk.rate(chat, ticket, rating)
        # The choice is made: its buttons go (a second press would be refused anyway).
        if "message_id" in message:
            chat.out.call(
                "editMessageReplyMarkup",
                chat_id=chat.chat_id,
                message_id=message["message_id"],
                reply_markup={"inline_keyboard": []},
            )
