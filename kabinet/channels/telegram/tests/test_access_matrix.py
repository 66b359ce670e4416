"""Who may open the linking page, ask for a code and unlink; and who may post to the
webhook (only Telegram, by the secret token). Other tenants' bots are 404, never 403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kabinet.channels.telegram.models import LinkCode, TelegramBot
from kabinet.channels.telegram.tests.conftest import SECRET, Phone
from kabinet.conftest import World

ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR = (
    "anon",
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)
# The partner's bot: its customers (and their company group) and its own staff may link.
MAY_LINK = {CONTACT, ADMIN, SIBLING, ENGINEER}
PEOPLE = (ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR)


def _client(world: World, who: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    if who != ANON:
        client.force_login(getattr(world, who))
    return client


@pytest.mark.parametrize("who", PEOPLE)
def test_the_linking_page(world: World, bot: TelegramBot, who: str) -> None:
    response = _client(world, who).get(reverse("telegram:link"))
    if who == ANON:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("@partner_support_bot" in response.content.decode()) is (who in MAY_LINK)


@pytest.mark.parametrize("who", PEOPLE)
def test_asking_for_a_code(world: World, bot: TelegramBot, who: str) -> None:
    response = _client(world, who).post(reverse("telegram:issue_code", args=[bot.pk]))
    expected = 302 if who == ANON else 200 if who in MAY_LINK else 404
    assert response.status_code == expected
    assert LinkCode.objects.exists() is (expected == 200)
    if expected == 200:
        assert "/start " in response.content.decode()
        assert "https://t.me/partner_support_bot?start=" in response.content.decode()


@pytest.mark.parametrize("who", PEOPLE)
def test_unlinking(world: World, bot: TelegramBot, who: str) -> None:
    response = _client(world, who).post(reverse("telegram:unlink", args=[bot.pk]))
    expected = 302 if who == ANON or who in MAY_LINK else 404
    assert response.status_code == expected
    if who in MAY_LINK:
        assert response.url == reverse("telegram:link")  # type: ignore[attr-defined]


def test_the_cabinet_unlink_removes_the_link(phone: Phone, world: World) -> None:
    phone.link(world.contact)
    client = _client(world, CONTACT)
    page = client.get(reverse("telegram:link")).content.decode()
    assert "Unlink Telegram" in page
    client.post(reverse("telegram:unlink", args=[phone.bot.pk]))
    assert "Link Telegram" in client.get(reverse("telegram:link")).content.decode()
    assert not world.contact.telegram_links.exists()


def test_the_profile_page_leads_to_linking(world: World) -> None:
    page = _client(world, CONTACT).get(reverse("cabinets:account")).content.decode()
    assert reverse("telegram:link") in page


@pytest.mark.parametrize(
    ("secret", "expected"),
    [(None, 403), ("", 403), ("wrong", 403), (SECRET[:-1], 403), (SECRET, 200)],
)
def test_the_webhook_by_secret(phone: Phone, secret: str | None, expected: int) -> None:
    url = reverse("telegram:webhook", args=[phone.bot.pk])
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    update = phone.message("/help")
    response = Client().post(url, data=update, content_type="application/json", headers=headers)
    assert response.status_code == expected


def test_a_signed_in_session_is_no_way_into_the_webhook(phone: Phone, world: World) -> None:
    url = reverse("telegram:webhook", args=[phone.bot.pk])
    response = _client(world, ENGINEER).post(
        url, data=phone.message("/help"), content_type="application/json"
    )
    assert response.status_code == 403


def test_another_bots_secret_does_not_open_this_one(phone: Phone, world: World) -> None:
    other = TelegramBot.objects.create(
        supplier=world.other_partner, username="other_bot", token="1:x", webhook_secret="other"
    )
    url = reverse("telegram:webhook", args=[phone.bot.pk])
    headers = {"X-Telegram-Bot-Api-Secret-Token": other.webhook_secret}
    response = Client().post(
        url, data=phone.message("/help"), content_type="application/json", headers=headers
    )
    assert response.status_code == 403
    missing = reverse("telegram:webhook", args=[other.pk + 100])
    assert Client().post(missing, data={}, content_type="application/json").status_code == 404
