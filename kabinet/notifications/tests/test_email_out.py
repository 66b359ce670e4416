"""Outbound mail through a real SMTP server: text and HTML alternatives, the ticket number
in the subject, a link to the ticket, the "reply above this line" marker in the reader's
language, and the Message-ID scheme inbound mail relies on."""

from __future__ import annotations

import re

import pytest
from django.conf import LazySettings

from kabinet.channels.email.outbound import reply_markers, ticket_number_in
from kabinet.channels.email.tests.smtp import Mailbox, part_text
from kabinet.conftest import World
from kabinet.notifications.models import Delivery
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.actions import record_public_reply, return_for_information
from kabinet.tickets.models import ReturnReason
from kabinet.tickets.tests.factories import file_ticket

pytestmark = pytest.mark.usefixtures("consultant_reads_new_tickets_in_the_cabinet")


def test_a_notification_is_text_and_html_threaded_under_the_ticket_number(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    record_public_reply(ticket, author=world.engineer, body="Please try the patch.")
    assert deliver_notifications() == 2

    registered, reply = smtp_server.to(world.contact.email)
    number = ticket.number
    assert number is not None
    for message in (registered, reply):
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.get_payload()]  # type: ignore[union-attr]
        assert parts == ["text/plain", "text/html"]
        assert message["In-Reply-To"] == f"<{number}@kabinet.localhost>"
        assert message["References"] == f"<{number}@kabinet.localhost>"
        assert message["Auto-Submitted"] == "auto-generated"
        assert re.fullmatch(rf"<{number}\.[\w.-]+@kabinet\.localhost>", message["Message-ID"])
        assert ticket_number_in(message["Message-ID"]) == number
    assert registered["Message-ID"] != reply["Message-ID"]
    stored = set(Delivery.objects.values_list("message_id", flat=True))
    assert stored == {registered["Message-ID"], reply["Message-ID"]}

    text, html = part_text(reply, "text/plain"), part_text(reply, "text/html")
    assert text.splitlines()[0] == "##- Ответьте выше этой строки -##"
    assert "Please try the patch." in text
    assert f"http://127.0.0.1:8000/tickets/{number}/" in text
    assert "##- Ответьте выше этой строки -##" in html
    assert '<html lang="ru">' in html
    assert "<p>Please try the patch.</p>" in html
    assert f'href="http://127.0.0.1:8000/tickets/{number}/"' in html
    assert f"Открыть {number} в кабинете" in html


def test_an_english_reader_gets_the_marker_and_the_link_in_english(
    world: World, smtp_server: Mailbox
) -> None:
    world.contact.language = "en"
    world.contact.save()
    ticket = file_ticket(world.contract, world.contact, subject="<b>Posting</b> & fails")
    deliver_notifications()

    (message,) = smtp_server.to(world.contact.email)
    assert smtp_server.subjects() == [
        f"[{ticket.number}] Ticket registered: <b>Posting</b> & fails"
    ]
    text, html = part_text(message, "text/plain"), part_text(message, "text/html")
    assert text.splitlines()[0] == "##- Reply above this line -##"
    assert '<html lang="en">' in html
    assert f"Open {ticket.number} in the cabinet" in html
    assert "&lt;b&gt;Posting&lt;/b&gt; &amp; fails" in html  # a subject is text, never markup
    assert "<b>Posting</b>" not in html
    assert reply_markers() == ["##- Ответьте выше этой строки -##", "##- Reply above this line -##"]


def test_the_mail_domain_is_a_setting(
    world: World, smtp_server: Mailbox, settings: LazySettings
) -> None:
    settings.KABINET_MAIL_DOMAIN = "support.example.test"
    ticket = file_ticket(world.contract, world.contact)
    deliver_notifications()

    (message,) = smtp_server.messages
    assert message["References"] == f"<{ticket.number}@support.example.test>"
    assert message["Message-ID"].endswith("@support.example.test>")
    assert ticket_number_in(message["Message-ID"]) == ticket.number
    settings.KABINET_MAIL_DOMAIN = "elsewhere.test"
    assert ticket_number_in(message["Message-ID"]) is None  # not one of ours any more


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", "Причина: недостаточно диагностической информации"),
        ("en", "Reason: diagnostic data is insufficient"),
    ],
)
def test_a_return_reason_reads_as_words_not_a_code(
    world: World, smtp_server: Mailbox, language: str, words: str
) -> None:
    world.contact.language = language
    world.contact.save()
    ticket = file_ticket(world.contract, world.contact)
    return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    deliver_notifications()

    returned = smtp_server.to(world.contact.email)[-1]
    text = part_text(returned, "text/plain")
    assert words in text.splitlines()
    assert "insufficient_diagnostics" not in text
    assert words in part_text(returned, "text/html")
