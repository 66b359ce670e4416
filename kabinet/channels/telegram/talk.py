"""Talking about one ticket in the chat: a message becomes the customer's reply (or the
supplier's public reply, from supplier staff), photos and files become attachments, buttons
accept or reject a proposal and rate a closed ticket. Each through the ticket's own action,
as the cabinet calls it."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kabinet.channels.telegram.buttons import ticket_buttons
from kabinet.channels.telegram.chat import Chat
from kabinet.channels.telegram.client import BotApi, BotApiError
from kabinet.errors import DomainError, TooLargeError
from kabinet.tickets import actions
from kabinet.tickets.access import Side, side_of
from kabinet.tickets.actions.resolution import guard_reject_solution
from kabinet.tickets.models import Ticket

REJECT = "reject"


def reply(chat: Chat, ticket: Ticket, text: str) -> None:
    if side_of(chat.person, ticket) == Side.SUPPLIER:
        actions.record_public_reply(ticket, author=chat.person, body=text)
    else:
        actions.customer_reply(ticket, author=chat.person, body=text)
    chat.say(_("Added to ticket %(number)s.") % {"number": ticket.number}, ticket=ticket)


def attach(chat: Chat, ticket: Ticket, message: dict[str, Any]) -> None:
    """The message's photo (its largest size) or document, stored by ``add_attachment``
    under the package's size limit; its caption becomes a reply."""
    name, content_type, file = _file_of(message)
    limit = ticket.contract.package.attachment_size_limit
    if int(file.get("file_size") or 0) > limit:
        raise TooLargeError(_too_large(limit))
    api = BotApi(chat.bot.resolved_token())
    try:
        found = api.call("getFile", {"file_id": file["file_id"]})
        chunks = api.download(found["file_path"])
        actions.add_attachment(
            ticket, author=chat.person, filename=name, content_type=content_type, chunks=chunks
        )
    except BotApiError:
        chat.say(_("The file could not be fetched from Telegram; please send it again."))
        return
    except TooLargeError:
        raise TooLargeError(_too_large(limit)) from None
    caption = str(message.get("caption") or "").strip()
    if caption:
        reply(chat, ticket, caption)
        return
    chat.say(
        _("File %(name)s added to ticket %(number)s.") % {"name": name, "number": ticket.number},
        ticket=ticket,
    )


def _too_large(limit: int) -> str:
    return _(
        "The file is larger than %(limit)s, the limit of your support package; please ask "
        "for an upload place on the ticket page."
    ) % {"limit": filesizeformat(limit)}


def _file_of(message: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    number = message.get("message_id")
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        # Telegram lists the sizes smallest first.
        found, name, content_type = photos[-1], f"photo-{number}.jpg", "image/jpeg"
    else:
        found = message.get("document")
        found = found if isinstance(found, dict) else {}
        name = str(found.get("file_name") or f"file-{number}")
        content_type = str(found.get("mime_type") or "")
    if not isinstance(found, dict) or not isinstance(found.get("file_id"), str):
        raise DomainError(_("The file could not be fetched from Telegram; please send it again."))
    return name, content_type, found


def has_file(message: dict[str, Any]) -> bool:
    return bool(message.get("photo") or message.get("document"))


def accept(chat: Chat, ticket: Ticket) -> None:
    actions.accept_solution(ticket, author=chat.person)
    ticket.refresh_from_db()
    chat.say(
        _("Ticket %(number)s is closed. How would you rate the answer?")
        % {"number": ticket.number},
        buttons=ticket_buttons(chat.person, ticket) or None,
        ticket=ticket,
    )


def ask_rejection_reason(chat: Chat, ticket: Ticket) -> None:
    # The guard is asked now, so that the person is not asked for a reason in vain.
    guard_reject_solution(chat.person, ticket)
    chat.conversation.step = REJECT
    chat.conversation.draft = {"ticket": ticket.number}
    chat.conversation.save()
    chat.say(_("Why does the solution not fit? Your answer goes to the supplier."), ticket=ticket)


def reject(chat: Chat, text: str) -> None:
    number = str(chat.conversation.draft.get("ticket", ""))
    ticket = chat.ticket(number)
    if not text:
        chat.say(_("Please answer with text."))
        return
    actions.reject_solution(ticket, author=chat.person, reason=text)
    chat.reset(ticket=ticket)
    chat.say(
        _("The solution is rejected; ticket %(number)s is back in work.") % {"number": number},
        ticket=ticket,
    )


def rate(chat: Chat, ticket: Ticket, value: str) -> None:
    if not value.isdigit():
        raise DomainError(_("The rating must be from 1 to 5."))
    actions.rate_ticket(ticket, author=chat.person, rating=int(value))
    chat.say(_("Thank you for your rating!"), ticket=ticket)


def expedite(chat: Chat, argument: str) -> None:
    """``/quality KB-000010 text``: the request to expedite (seed 004, 5: "ask to be put
    through to the quality department" from the chat), as from the cabinet."""
    number, _sep, body = argument.partition(" ")
    if not number or not body.strip():
        chat.say(_("Send the ticket's number and your request: /quality KB-000010 text"))
        return
    ticket = chat.ticket(number.upper())
    actions.request_expedite(ticket, author=chat.person, body=body)
    chat.say(
        _(
            "Your request on ticket %(number)s went to the supplier's quality control and "
            "the support team's lead."
        )
        % {"number": ticket.number},
        ticket=ticket,
    )
