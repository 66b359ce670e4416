"""The webhook takes updates only with the bot's secret token, each once; polling takes the
same updates by ``getUpdates`` with the same exactly-once record."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from kabinet.channels.telegram.models import BotMode, TelegramBot, TelegramUpdate
from kabinet.channels.telegram.tasks import poll_bots
from kabinet.channels.telegram.tests.conftest import SECRET, Phone
from kabinet.channels.telegram.updates import poll_once
from kabinet.conftest import World, read_only_database
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import EventKind, TicketEvent


def test_a_wrong_or_missing_secret_is_forbidden(phone: Phone) -> None:
    update = phone.message("/help")
    assert phone.post(update, secret="wrong").status_code == 403
    url = reverse("telegram:webhook", args=[phone.bot.pk])
    assert phone.client.post(url, data=update, content_type="application/json").status_code == 403
    assert not TelegramUpdate.objects.exists()
    assert not phone.api.calls("sendMessage")


def test_a_bot_without_a_secret_takes_no_webhook(phone: Phone) -> None:
    phone.bot.webhook_secret = ""
    phone.bot.save()
    assert phone.post(phone.message("/help"), secret="").status_code == 403


def test_an_unknown_or_inactive_bot_is_not_found(phone: Phone) -> None:
    phone.bot.active = False
    phone.bot.save()
    assert phone.post(phone.message("/help")).status_code == 404


def test_a_body_that_is_not_an_update_is_a_400(phone: Phone) -> None:
    url = reverse("telegram:webhook", args=[phone.bot.pk])
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for body in ("not json", "[1, 2]", '{"update_id": "x"}'):
        # Telegram sends no Accept-Language: the answer is in Russian, the site's language.
        response = phone.client.post(
            url, data=body, content_type="application/json", headers=headers
        )
        assert response.status_code == 400
        assert response.json()["detail"] == "Тело запроса — не обновление Telegram."
    english = {**headers, "Accept-Language": "en"}
    response = phone.client.post(url, data="{", content_type="application/json", headers=english)
    assert response.json()["detail"] == "The body is not a Telegram update."


def test_get_is_not_allowed(phone: Phone) -> None:
    response = phone.client.get(reverse("telegram:webhook", args=[phone.bot.pk]))
    assert response.status_code == 405


def test_a_repeated_update_is_acted_on_once(linked: Phone, world: World) -> None:
    ticket = register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="s",
        description="d",
        criticality=3,
        is_production=False,
        channel="email",
    )
    linked.send(f"/ticket {ticket.number}")
    update = linked.message("Only once, please.")
    first = linked.post(update)
    second = linked.post(update)
    assert (first.json()["taken"], second.json()["taken"]) == (True, False)
    replies = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CUSTOMER_REPLY)
    assert replies.count() == 1


def test_polling_takes_each_update_once(phone: Phone, messengers: World) -> None:
    phone.bot.mode = BotMode.POLLING
    phone.bot.save()
    phone.api.updates.extend([phone.message("/help"), phone.message("/help")])
    assert poll_once(phone.bot) == 2
    assert poll_once(phone.bot) == 0
    offsets = [call.get("offset") for call in phone.api.calls("getUpdates")]
    last = phone.api.updates[-1]["update_id"]
    assert offsets == [None, last + 1]
    assert len(phone.api.calls("sendMessage")) == 2
    assert TelegramUpdate.objects.filter(bot=phone.bot).count() == 2


def test_the_poll_command_and_task(phone: Phone, messengers: World, capsys: object) -> None:
    phone.bot.mode = BotMode.POLLING
    phone.bot.save()
    phone.api.updates.append(phone.message("/help"))
    call_command("telegram", "poll", "--once")
    phone.api.updates.append(phone.message("/help"))
    assert poll_bots() == 1
    assert TelegramUpdate.objects.count() == 2


def test_the_webhook_command_sets_the_secret(phone: Phone) -> None:
    call_command(
        "telegram", "webhook", "--bot", str(phone.bot.pk), "--url", "https://desk.example/"
    )
    call = phone.api.calls("setWebhook")[-1]
    assert call["url"] == f"https://desk.example/telegram/{phone.bot.pk}/webhook"
    assert call["secret_token"] == SECRET


def test_a_token_from_the_environment(phone: Phone, monkeypatch: object) -> None:
    import pytest

    bot = TelegramBot.objects.get()
    bot.token, bot.token_env = "", "KABINET_TEST_BOT_TOKEN"
    assert bot.resolved_token() == ""
    mp = pytest.MonkeyPatch()
    mp.setenv("KABINET_TEST_BOT_TOKEN", "abc")
    assert bot.resolved_token() == "abc"
    mp.undo()


def test_odd_updates_are_recorded_and_left_alone(phone: Phone) -> None:
    odd = [
        {"update_id": 9001, "message": {"chat": {"type": "private"}}},
        {"update_id": 9002, "message": {"chat": {"id": 5, "type": "group"}, "text": "/new"}},
        {"update_id": 9003, "callback_query": {"data": "accept:KB-000001"}},
        {"update_id": 9004, "edited_message": {"text": "x"}},
        {"update_id": 9005, "message": "text"},
    ]
    for update in odd:
        assert phone.post(update).status_code == 200
    assert TelegramUpdate.objects.count() == len(odd)
    assert not phone.api.calls("sendMessage")


def test_a_malformed_file_is_answered_not_crashed_on(linked: Phone, world: World) -> None:
    ticket = register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="s",
        description="d",
        criticality=3,
        is_production=False,
        channel="email",
    )
    linked.send(f"/ticket {ticket.number}")
    sent = linked.deliver(linked.message(document={"file_name": "a.log"}))
    assert "could not be fetched" in sent[0]["text"]


def test_a_deactivated_person_is_no_longer_heard(linked: Phone, world: World) -> None:
    world.contact.is_active = False
    world.contact.save()
    sent = linked.send("/new")
    assert "not linked" in sent[0]["text"]


def test_a_poisoned_update_is_kept_and_the_next_one_goes_on(linked: Phone, world: World) -> None:
    linked.bot.mode = BotMode.POLLING
    linked.bot.save()
    poisoned = linked.message("Version 3")
    poisoned["message"]["reply_to_message"] = {"message_id": "not a number", "date": 0}
    linked.api.updates.extend([poisoned, linked.message("/help")])
    assert poll_once(linked.bot) == 2
    kept = TelegramUpdate.objects.get(update_id=poisoned["update_id"])
    assert kept.error.startswith("ValueError")
    assert TelegramUpdate.objects.get(update_id=poisoned["update_id"] + 1).error == ""
    assert poll_once(linked.bot) == 0  # the offset moved past both


def test_a_database_fault_records_nothing_and_the_retry_is_taken(linked: Phone) -> None:
    update = linked.message("/help")
    with read_only_database():
        response = linked.post(update)
    assert response.status_code == 503
    assert not TelegramUpdate.objects.filter(update_id=update["update_id"]).exists()
    assert linked.post(update).json()["taken"] is True
