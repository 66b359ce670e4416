"""Whole dialogues through the webhook against the fake Bot API: filing, answering, the
supplier's answer arriving, accepting with a button, rating, rejecting, photos and the
refusals (unlinked person, package without messengers, a person who may not file)."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import LazySettings

from kabinet.channels.base import DeliveryError, OutboundMessage, outbound
from kabinet.channels.telegram.models import SentMessage, TelegramBot
from kabinet.channels.telegram.tests.bot_api import TOKEN
from kabinet.channels.telegram.tests.conftest import Phone, buttons
from kabinet.conftest import World
from kabinet.tickets.actions import propose_solution, record_public_reply, register_ticket
from kabinet.tickets.models import Attachment, EventKind, Status, Ticket, TicketEvent


def _ticket(world: World) -> Ticket:
    return register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Orders do not post",
        description="Posting fails.",
        criticality=3,
        is_production=False,
        channel="email",  # in every package of these tests
    )


def _notify(world: World, ticket: Ticket, subject: str, body: str) -> None:
    """What the notifications app does for a person who prefers Telegram."""
    channel = outbound("telegram")
    address = channel.address_for(world.contact)
    assert address is not None
    channel.send(
        OutboundMessage(
            to=address,
            subject=subject,
            body=body,
            thread=f"<{ticket.number}@kabinet>",
            message_id="<m@kabinet>",
            headers={"X-Kabinet-Ticket": ticket.number or ""},
        )
    )


def test_filing_asks_contract_and_criticality_then_registers(linked: Phone, world: World) -> None:
    sent = linked.send("/new")
    assert buttons(sent[0]) == [
        f"contract:{c.pk}"
        for c in sorted([world.contract, world.sibling_contract], key=lambda c: c.number)
    ]
    sent = linked.press(f"contract:{world.contract.pk}", 1)
    assert buttons(sent[0]) == ["level:1", "level:2", "level:3", "level:4"]
    sent = linked.press("level:2", 1)
    assert "subject" in sent[0]["text"]
    linked.send("Orders do not post")
    sent = linked.send("Posting an order fails with error 500 since Monday.")
    ticket = Ticket.objects.get()
    assert f"Ticket {ticket.number} is registered" in sent[0]["text"]
    assert (ticket.contract, ticket.reporter, ticket.channel) == (
        world.contract,
        world.contact,
        "messenger",
    )
    assert (ticket.criticality, ticket.is_production) == (2, True)
    assert ticket.description == "Posting an order fails with error 500 since Monday."
    registered = TicketEvent.objects.get(ticket=ticket, kind=EventKind.REGISTERED)
    assert registered.payload["channel"] == "messenger"
    assert registered.actor == world.contact


def test_one_contract_is_not_asked(linked: Phone, world: World) -> None:
    world.sibling_contract.delete()
    sent = linked.send("/new")
    assert buttons(sent[0]) == ["level:1", "level:2", "level:3", "level:4"]


def test_mandatory_intake_fields_are_asked_one_by_one(linked: Phone, world: World) -> None:
    world.sibling_contract.delete()
    world.contract.package.mandatory_intake_fields = ["product"]
    world.contract.package.save()
    linked.send("/new")
    linked.press("level:3", 1)
    linked.send("Report is slow")
    sent = linked.send("The sales report takes ten minutes.")
    assert "product" in sent[0]["text"].lower()
    linked.send("3.0.150")
    ticket = Ticket.objects.get()
    assert ticket.intake == {"product": "3.0.150"}


def test_a_package_without_messengers_refuses(phone: Phone, world: World) -> None:
    phone.link(world.contact)  # the factory's package: portal, email and phone
    sent = phone.send("/new")
    assert "does not include messengers" in sent[0]["text"]
    ticket = _ticket(world)
    sent = phone.send(f"/ticket {ticket.number}")
    assert "does not include messengers" in sent[0]["text"]
    assert Ticket.objects.count() == 1


def test_an_unlinked_person_is_refused(phone: Phone, messengers: World) -> None:
    ticket = _ticket(messengers)
    sent = phone.send(f"/ticket {ticket.number}")
    assert "not linked" in sent[0]["text"]
    sent = phone.send("hello")
    assert "not linked" in sent[0]["text"]
    assert not TicketEvent.objects.filter(kind=EventKind.CUSTOMER_REPLY).exists()


def test_a_person_who_may_not_file_is_refused(phone: Phone, messengers: World) -> None:
    # The partner's engineer has no customer-side contract with the bot's supplier.
    phone.link(messengers.engineer)
    sent = phone.send("/new")
    assert "no contract with this supplier" in sent[0]["text"]


def test_another_tenants_ticket_is_not_found(linked: Phone, world: World) -> None:
    other = register_ticket(
        contract=world.other_contract,
        reporter=world.outsider,
        subject="x",
        description="y",
        criticality=3,
        is_production=False,
    )
    sent = linked.send(f"/ticket {other.number}")
    assert sent[0]["text"] == "Ticket not found."


def test_answer_after_choosing_the_ticket(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    sent = linked.send(f"/ticket {(ticket.number or '').lower()}")
    assert f"Now talking about {ticket.number}" in sent[0]["text"]
    sent = linked.send("It fails on every order.")
    assert f"Added to ticket {ticket.number}" in sent[0]["text"]
    reply = TicketEvent.objects.get(ticket=ticket, kind=EventKind.CUSTOMER_REPLY)
    assert (reply.actor, reply.payload["body"]) == (world.contact, "It fails on every order.")


def test_a_message_about_no_ticket_is_asked_about(linked: Phone, world: World) -> None:
    _ticket(world)
    sent = linked.send("Hello?")
    assert "Which ticket is this about?" in sent[0]["text"]
    assert not TicketEvent.objects.filter(kind=EventKind.CUSTOMER_REPLY).exists()


def test_the_suppliers_answer_arrives_and_a_reply_to_it_answers(
    linked: Phone, world: World
) -> None:
    ticket = _ticket(world)
    other = _ticket(world)
    linked.send(f"/ticket {other.number}")  # the reply, not the chosen ticket, decides
    record_public_reply(ticket, author=world.engineer, body="Which version do you run?")
    _notify(world, ticket, f"[{ticket.number}] The supplier answered", "Which version do you run?")
    answer = linked.api.last_sent()
    assert answer["chat_id"] == linked.chat_id
    assert answer["text"].startswith(f"[{ticket.number}] The supplier answered")
    assert "Which version do you run?" in answer["text"]
    linked.send("Version 3.0.150", reply_to=_last_message_id(linked))
    replies = TicketEvent.objects.filter(kind=EventKind.CUSTOMER_REPLY)
    assert [(r.ticket_id, r.payload["body"]) for r in replies] == [(ticket.pk, "Version 3.0.150")]


def test_a_delivery_to_an_unlinked_chat_fails(world: World, bot: TelegramBot) -> None:
    message = OutboundMessage(to="424242", subject="s", body="b", thread="t", message_id="m")
    with pytest.raises(DeliveryError):
        outbound("telegram").send(message)


def test_a_delivery_telegram_refuses_is_a_delivery_error(linked: Phone, world: World) -> None:
    linked.bot.token = "wrong-token"
    linked.bot.save()
    with pytest.raises(DeliveryError, match="401"):
        _notify(world, _ticket(world), "s", "b")


def _last_message_id(phone: Phone) -> int:
    last = SentMessage.objects.filter(chat_id=phone.chat_id).order_by("-message_id").first()
    assert last is not None
    return last.message_id


def test_accept_with_the_button_then_rate(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    propose_solution(ticket, author=world.engineer, body="Reinstall the update.")
    _notify(world, ticket, f"[{ticket.number}] Solution proposed", "Reinstall the update.")
    proposal = linked.api.last_sent()
    assert buttons(proposal) == [f"accept:{ticket.number}", f"reject:{ticket.number}"]
    sent = linked.press(f"accept:{ticket.number}", _last_message_id(linked))
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert buttons(sent[0]) == [f"rate:{ticket.number}:{n}" for n in range(1, 6)]
    assert linked.api.calls("answerCallbackQuery")
    assert linked.api.calls("editMessageReplyMarkup")[-1]["reply_markup"] == {"inline_keyboard": []}
    sent = linked.press(f"rate:{ticket.number}:5", _last_message_id(linked))
    ticket.refresh_from_db()
    assert ticket.rating == 5
    assert "Thank you" in sent[0]["text"]
    sent = linked.press(f"rate:{ticket.number}:1", _last_message_id(linked))
    assert "already been rated" in sent[0]["text"]
    ticket.refresh_from_db()
    assert ticket.rating == 5


def test_reject_with_the_button_asks_why(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    propose_solution(ticket, author=world.engineer, body="Reinstall the update.")
    sent = linked.press(f"reject:{ticket.number}", 1)
    assert "Why does the solution not fit" in sent[0]["text"]
    linked.send("Reinstalling did not help.")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    rejected = TicketEvent.objects.get(ticket=ticket, kind=EventKind.SOLUTION_REJECTED)
    assert rejected.payload["reason"] == "Reinstalling did not help."


def test_a_closed_ticket_notification_offers_the_rating(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    propose_solution(ticket, author=world.engineer, body="Done.")
    linked.press(f"accept:{ticket.number}", 1)
    _notify(world, ticket, f"[{ticket.number}] Closed", "The ticket is closed.")
    assert buttons(linked.api.last_sent())[0] == f"rate:{ticket.number}:1"


def test_a_photo_is_stored_on_the_ticket(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    content = b"\xff\xd8\xff" + b"jpeg" * 1000
    linked.api.files["photo-1"] = content
    linked.send(f"/ticket {ticket.number}")
    sent = linked.photo("photo-1", len(content), caption="The error window")
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachment.size, attachment.content_type) == (len(content), "image/jpeg")
    assert attachment.uploaded_by == world.contact
    assert linked.api.calls("getFile")[-1] == {"file_id": "photo-1"}
    assert TicketEvent.objects.filter(
        ticket=ticket, kind=EventKind.CUSTOMER_REPLY, payload__body="The error window"
    ).exists()
    assert "Added to ticket" in sent[-1]["text"]


def test_a_file_over_the_package_limit_is_refused(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    world.contract.package.attachment_size_limit = 1000
    world.contract.package.save()
    linked.api.files["big"] = b"x" * 5000
    linked.send(f"/ticket {ticket.number}")
    sent = linked.photo("big", 5000)
    assert "larger than" in sent[0]["text"]
    assert not Attachment.objects.exists()
    assert not linked.api.calls("getFile")
    # A file whose size Telegram did not say is bounded while it streams.
    linked.api.files["unsized"] = b"x" * 5000
    sent = linked.photo("unsized", 0)
    assert "larger than" in sent[0]["text"]
    assert not Attachment.objects.exists()


def test_the_suppliers_engineer_answers_publicly(phone: Phone, messengers: World) -> None:
    ticket = _ticket(messengers)
    phone.link(messengers.engineer)
    phone.send(f"/ticket {ticket.number}")
    phone.send("We are looking into it.")
    reply = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PUBLIC_REPLY)
    assert (reply.actor, reply.payload["body"]) == (messengers.engineer, "We are looking into it.")


def test_ticket_without_a_number_says_how(linked: Phone) -> None:
    sent = linked.send("/ticket")
    assert sent[0]["text"] == "Send the ticket's number after the command: /ticket KB-000010"


def test_cancel_leaves_the_filing_dialogue(linked: Phone, world: World) -> None:
    linked.send("/new")
    linked.press(f"contract:{world.contract.pk}", 1)
    linked.press("level:3", 1)
    assert linked.send("/cancel")[0]["text"] == "Cancelled."
    sent = linked.send("This is not a subject any more")
    assert "Which ticket is this about?" in sent[0]["text"]
    assert not Ticket.objects.exists()


def test_a_document_replying_to_the_tickets_message_is_stored(linked: Phone, world: World) -> None:
    ticket = _ticket(world)
    record_public_reply(ticket, author=world.engineer, body="Send the log, please.")
    _notify(world, ticket, f"[{ticket.number}] The supplier answered", "Send the log, please.")
    content = b"2026-05-08 16:00 ERROR posting failed\n" * 50
    linked.api.files["doc-1"] = content
    document = {
        "file_id": "doc-1",
        "file_unique_id": "d1",
        "file_name": "1cv8.log",
        "mime_type": "text/plain",
        "file_size": len(content),
    }
    sent = linked.deliver(linked.message(reply_to=_last_message_id(linked), document=document))
    attachment = Attachment.objects.get(ticket=ticket)
    assert (attachment.filename, attachment.content_type) == ("1cv8.log", "text/plain")
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert sent[0]["text"] == f"File 1cv8.log added to ticket {ticket.number}."


def test_an_unreachable_telegram_fails_the_delivery_without_the_token(
    linked: Phone, world: World, settings: LazySettings
) -> None:
    settings.KABINET_TELEGRAM_API_URL = "http://127.0.0.1:9"  # the discard port: refused
    with pytest.raises(DeliveryError, match="ConnectionError") as raised:
        _notify(world, _ticket(world), "s", "b")
    assert TOKEN not in str(raised.value)
    assert "<token>" in str(raised.value)


def test_quality_control_is_asked_from_the_chat_once_a_day(linked: Phone, world: World) -> None:
    """Seed 004, 5: "ask in the chat to be put through to the quality department"."""
    ticket = _ticket(world)
    assert "/quality KB-000010 text" in linked.send("/quality")[0]["text"]
    sent = linked.send(f"/quality {ticket.number} The warehouse stands.")
    assert "went to the supplier's quality control" in sent[0]["text"]
    asked = TicketEvent.objects.get(ticket=ticket, kind=EventKind.EXPEDITE_REQUESTED)
    assert (asked.actor, asked.payload["body"]) == (world.contact, "The warehouse stands.")
    again = linked.send(f"/quality {ticket.number} Still.")
    assert "less than 24 hours ago" in again[0]["text"]
    assert TicketEvent.objects.filter(kind=EventKind.EXPEDITE_REQUESTED).count() == 1
