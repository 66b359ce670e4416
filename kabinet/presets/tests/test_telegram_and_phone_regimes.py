"""The seeds' channels through Telegram and the phone page's action: seed 003 hears its
customer only by messenger and email, seed 002 sells messengers and phone from Business up
and hears only the responsible contact. The bot speaks Russian to these people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import LazySettings
from django.test import Client

from kabinet.channels.phone.actions import register_ticket_by_phone
from kabinet.channels.telegram.models import BotMode, TelegramBot
from kabinet.channels.telegram.tests.bot_api import TOKEN, FakeBotApi
from kabinet.channels.telegram.tests.conftest import SECRET, Phone, buttons
from kabinet.errors import DomainError
from kabinet.presets.loading import Loaded, load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.tickets.models import Ticket

# Tuesday 2026-11-10 12:00 Moscow: a working hour of every package here.
NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def api(settings: LazySettings) -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    settings.KABINET_TELEGRAM_API_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def moment() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _phone(loaded: Loaded, supplier: str, api: FakeBotApi, chat_id: int) -> Phone:
    bot = TelegramBot.objects.create(
        supplier=loaded.orgs[supplier],
        username=f"{supplier}_bot",
        token=TOKEN,
        webhook_secret=SECRET,
        mode=BotMode.WEBHOOK,
    )
    phone = Phone(Client(), bot, api, chat_id=chat_id, language="ru")
    return phone


def _file(phone: Phone, subject: str) -> list[dict[str, object]]:
    phone.send("/new")
    phone.press("level:3", 1)
    phone.send(subject)
    return phone.send("Подробное описание проблемы.")


@pytest.mark.django_db
def test_seed_003_files_by_messenger(api: FakeBotApi, moment: None) -> None:
    loaded = load_preset(PRESETS["saas_vendor"], tickets=False)
    phone = _phone(loaded, "saas", api, chat_id=3001)
    assert "Чат связан" in str(phone.link(loaded.people["saas.client"])[0]["text"])
    sent = phone.send("/new")
    assert buttons(sent[0]) == ["level:1", "level:2", "level:3", "level:4"]  # one contract
    phone.press("level:4", 1)
    phone.send("Как настроить воронку продаж?")
    sent = phone.send("Нужна воронка из пяти этапов.")
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.contract.number) == ("messenger", "SAAS-0042")
    assert f"Обращение {ticket.number} зарегистрировано" in str(sent[0]["text"])
    # Seed 003 sells no phone support (read in Russian: the webhook's requests, which carry
    # no Accept-Language, left the site's language active).
    with pytest.raises(DomainError, match="не включает поддержку по телефону"):
        register_ticket_by_phone(
            contract=loaded.contracts["SAAS-0042"],
            caller=loaded.people["saas.client"],
            taken_by=loaded.people["saas.support"],
            subject="s",
            description="d",
            criticality=4,
            is_production=False,
            call_notes="n",
        )


@pytest.mark.django_db
def test_seed_002_messengers_and_phone_from_business_up(api: FakeBotApi, moment: None) -> None:
    loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
    basic = _phone(loaded, "int", api, chat_id=2001)
    basic.link(loaded.people["basic.client"])
    sent = basic.send("/new")
    assert "не включает мессенджеры" in str(sent[0]["text"])

    business = Phone(basic.client, basic.bot, api, chat_id=2002, language="ru")
    business.link(loaded.people["business.client"])
    _file(business, "Не приходят уведомления")
    assert Ticket.objects.get().contract.number == "GAMMA-BZ-001"

    colleague = Phone(basic.client, basic.bot, api, chat_id=2003, language="ru")
    colleague.link(loaded.people["business.colleague"])
    sent = colleague.send("/new")
    assert "Татьяна Волкова" in str(sent[0]["text"])  # only the responsible contact files
    assert Ticket.objects.count() == 1

    engineer = loaded.people["gamma.support"]
    with pytest.raises(DomainError, match="не включает поддержку по телефону"):
        register_ticket_by_phone(
            contract=loaded.contracts["GAMMA-B-001"],
            caller=loaded.people["basic.client"],
            taken_by=engineer,
            subject="s",
            description="d",
            criticality=3,
            is_production=False,
            call_notes="n",
        )
    by_phone = register_ticket_by_phone(
        contract=loaded.contracts["GAMMA-BZ-001"],
        caller=loaded.people["business.client"],
        taken_by=engineer,
        subject="Звонок: не работает импорт",
        description="Импорт контактов падает с ошибкой.",
        criticality=3,
        is_production=False,
        call_notes="Звонила Татьяна Волкова в 12:00.",
    )
    assert (by_phone.channel, by_phone.reporter) == ("phone", loaded.people["business.client"])
