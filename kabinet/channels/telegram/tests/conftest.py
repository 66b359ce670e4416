"""The Telegram tests' world: the fake Bot API server (one per test session), the partner's
bot pointed at it, a package that takes messengers, and a phone that drives a chat through
the real webhook."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from kabinet.channels.telegram.actions import issue_link_code
from kabinet.channels.telegram.models import BotMode, TelegramBot
from kabinet.channels.telegram.tests.bot_api import TOKEN, FakeBotApi
from kabinet.conftest import World
from kabinet.orgs.models import Person

SECRET = "webhook-secret-0123456789"
_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


@pytest.fixture(scope="session")
def fake_api_server() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


@pytest.fixture
def bot_api(fake_api_server: FakeBotApi, settings: LazySettings) -> FakeBotApi:
    fake_api_server.reset()
    settings.KABINET_TELEGRAM_API_URL = fake_api_server.url
    return fake_api_server


@pytest.fixture
def bot(world: World, bot_api: FakeBotApi) -> TelegramBot:
    return TelegramBot.objects.create(
        supplier=world.partner,
        username="partner_support_bot",
        token=TOKEN,
        webhook_secret=SECRET,
        mode=BotMode.WEBHOOK,
    )


@pytest.fixture(autouse=True)
def english_people(world: World) -> None:
    """The bot speaks a linked person's language; these people read English."""
    for person in (world.contact, world.engineer, world.admin):
        person.language = "en"
        person.save(update_fields=["language"])


@pytest.fixture
def messengers(world: World) -> World:
    """Seed 003's channels on the customer's contracts: messengers and email only."""
    for contract in (world.contract, world.sibling_contract):
        contract.package.allowed_channels = ["messenger", "email"]
        contract.package.save()
    return world


@dataclass
class Phone:
    """A person's Telegram app in a private chat with the bot; each act posts one update to
    the webhook and returns what the bot sent back."""

    client: Client
    bot: TelegramBot
    api: FakeBotApi
    chat_id: int
    language: str = "en"
    last: list[dict[str, Any]] = field(default_factory=list)

    def post(self, update: dict[str, Any], secret: str = SECRET) -> Any:
        return self.client.post(
            reverse("telegram:webhook", args=[self.bot.pk]),
            data=update,
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
        )

    def deliver(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.api.calls("sendMessage"))
        response = self.post(update)
        assert response.status_code == 200, response.content
        self.last = self.api.calls("sendMessage")[before:]
        return self.last

    def message(
        self, text: str = "", *, reply_to: int | None = None, **extra: Any
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(_message_ids),
            "date": 0,
            "chat": {"id": self.chat_id, "type": "private"},
            "from": {
                "id": self.chat_id,
                "is_bot": False,
                "first_name": "T",
                "language_code": self.language,
            },
            **extra,
        }
        if text:
            message["text"] = text
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to,
                "date": 0,
                "chat": {"id": self.chat_id, "type": "private"},
            }
        return {"update_id": next(_update_ids), "message": message}

    def send(self, text: str, *, reply_to: int | None = None) -> list[dict[str, Any]]:
        return self.deliver(self.message(text, reply_to=reply_to))

    def photo(
        self, file_id: str, size: int, *, caption: str = "", reply_to: int | None = None
    ) -> list[dict[str, Any]]:
        sizes = [
            {
                "file_id": f"{file_id}-small",
                "file_unique_id": "s",
                "width": 90,
                "height": 90,
                "file_size": 100,
            },
            {"file_id": file_id, "file_unique_id": "l", "width": 800, "height": 600},
        ]
        if size:
            sizes[-1]["file_size"] = size
        extra: dict[str, Any] = {"photo": sizes}
        if caption:
            extra["caption"] = caption
        return self.deliver(self.message(reply_to=reply_to, **extra))

    def press(self, data: str, message_id: int) -> list[dict[str, Any]]:
        update = {
            "update_id": next(_update_ids),
            "callback_query": {
                "id": f"cq-{next(_message_ids)}",
                "from": {
                    "id": self.chat_id,
                    "is_bot": False,
                    "first_name": "T",
                    "language_code": self.language,
                },
                "chat_instance": "1",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": 0,
                    "chat": {"id": self.chat_id, "type": "private"},
                },
            },
        }
        return self.deliver(update)

    def link(self, person: Person) -> list[dict[str, Any]]:
        return self.send(f"/start {issue_link_code(person, self.bot)}")


def buttons(sent: dict[str, Any]) -> list[str]:
    """The callback data of a sent message's inline buttons, in order."""
    rows = (sent.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


@pytest.fixture
def phone(bot: TelegramBot, bot_api: FakeBotApi) -> Phone:
    return Phone(Client(), bot, bot_api, chat_id=700001)


@pytest.fixture
def linked(phone: Phone, messengers: World) -> Phone:
    """The customer's authorised contact, linked."""
    phone.link(messengers.contact)
    return phone
