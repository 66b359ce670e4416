"""Linking a chat with ``/start <code>``: one-time, expiring, replaced by a newer code;
unlinking by ``/stop`` and from the cabinet."""

from __future__ import annotations

import datetime as dt

import time_machine

from kabinet.channels.base import outbound
from kabinet.channels.telegram.actions import issue_link_code, unlink_person
from kabinet.channels.telegram.models import LinkCode, TelegramLink
from kabinet.channels.telegram.tests.conftest import Phone
from kabinet.conftest import World


def test_start_with_the_cabinet_code_links_the_chat(phone: Phone, world: World) -> None:
    sent = phone.link(world.contact)
    assert "Linked to contact" in sent[0]["text"]
    link = TelegramLink.objects.get(bot=phone.bot)
    assert (link.person, link.chat_id) == (world.contact, phone.chat_id)
    assert outbound("telegram").address_for(world.contact) == str(phone.chat_id)


def test_only_a_hash_of_the_code_is_kept(phone: Phone, world: World) -> None:
    code = issue_link_code(world.contact, phone.bot)
    assert not LinkCode.objects.filter(code_hash=code).exists()
    assert LinkCode.objects.filter(person=world.contact).count() == 1


def test_a_code_links_only_once(phone: Phone, world: World) -> None:
    code = issue_link_code(world.contact, phone.bot)
    phone.send(f"/start {code}")
    other = Phone(phone.client, phone.bot, phone.api, chat_id=700999)
    sent = other.send(f"/start {code}")
    assert "unknown, used or expired" in sent[0]["text"]
    assert TelegramLink.objects.get(bot=phone.bot).chat_id == phone.chat_id


def test_an_expired_code_is_refused(
    phone: Phone, world: World, frozen_time: time_machine.Traveller
) -> None:
    code = issue_link_code(world.contact, phone.bot)
    frozen_time.shift(dt.timedelta(minutes=16))
    sent = phone.send(f"/start {code}")
    assert "unknown, used or expired" in sent[0]["text"]
    assert not TelegramLink.objects.exists()


def test_a_newer_code_replaces_the_older_one(phone: Phone, world: World) -> None:
    first = issue_link_code(world.contact, phone.bot)
    issue_link_code(world.contact, phone.bot)
    sent = phone.send(f"/start {first}")
    assert "unknown, used or expired" in sent[0]["text"]


def test_a_deactivated_person_cannot_link(phone: Phone, world: World) -> None:
    code = issue_link_code(world.contact, phone.bot)
    world.contact.is_active = False
    world.contact.save()
    sent = phone.send(f"/start {code}")
    assert "deactivated" in sent[0]["text"]
    assert not TelegramLink.objects.exists()


def test_stop_unlinks_the_chat(linked: Phone, world: World) -> None:
    sent = linked.send("/stop")
    assert "unlinked" in sent[0]["text"]
    assert not TelegramLink.objects.exists()
    assert outbound("telegram").address_for(world.contact) is None
    sent = linked.send("/new")
    assert "not linked" in sent[0]["text"]


def test_unlinking_from_the_cabinet(linked: Phone, world: World) -> None:
    assert unlink_person(world.contact, linked.bot) is True
    assert not TelegramLink.objects.exists()


def test_russian_is_spoken_to_a_russian_telegram(phone: Phone, world: World) -> None:
    phone.language = "ru"
    sent = phone.send("/new")
    assert "не связан" in sent[0]["text"]
