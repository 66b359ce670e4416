"""What the bot says back while it takes an update: collected during the update's
transaction and sent after it commits, so that a rolled-back update says nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kabinet.channels.telegram.client import BotApi, BotApiError
from kabinet.channels.telegram.models import SentMessage, TelegramBot

log = logging.getLogger(__name__)
MAX_TEXT = 4096  # Telegram's limit on a message's text


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    ticket_id: int | None = None  # a reply to the message it sends answers this ticket


@dataclass
class Outgoing:
    bot: TelegramBot
    calls: list[Call] = field(default_factory=list)

    def say(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: list[list[tuple[str, str]]] | None = None,
        ticket_id: int | None = None,
    ) -> None:
        self.calls.append(Call("sendMessage", message_params(chat_id, text, buttons), ticket_id))

    def call(self, method: str, **params: Any) -> None:
        self.calls.append(Call(method, params))

    def flush(self) -> None:
        """Send everything in order; a failure is logged and the rest still goes out (the
        state change it reports is already committed)."""
        api = BotApi(self.bot.resolved_token())
        for call in self.calls:
            try:
                result = api.call(call.method, call.params)
            except BotApiError as exc:
                log.warning("telegram bot %s: %s", self.bot.pk, exc)
                continue
            if call.ticket_id is not None and isinstance(result, dict):
                remember(self.bot, result, call.ticket_id)
        self.calls.clear()


def message_params(
    chat_id: int, text: str, buttons: list[list[tuple[str, str]]] | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {"chat_id": chat_id, "text": text[:MAX_TEXT]}
    if buttons:
        params["reply_markup"] = keyboard(buttons)
    return params


def keyboard(rows: list[list[tuple[str, str]]]) -> dict[str, Any]:
    """An inline keyboard from rows of (label, callback data)."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


def remember(bot: TelegramBot, message: dict[str, Any], ticket_id: int) -> None:
    """Record that the sent ``message`` speaks about the ticket."""
    chat = message.get("chat") or {}
    if "message_id" not in message or "id" not in chat:
        return
    SentMessage.objects.get_or_create(
        bot=bot,
        chat_id=chat["id"],
        message_id=message["message_id"],
        defaults={"ticket_id": ticket_id},
    )
