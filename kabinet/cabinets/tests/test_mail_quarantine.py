"""The supplier's mail quarantine pages: who may see and decide (everyone else gets 404), and
what releasing and discarding do. Messages are taken in by the real intake."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.cabinets.tests.test_access_matrix import (
    ADMIN,
    ANON,
    CONTACT,
    ENGINEER,
    OTHER_ENGINEER,
    OUTSIDER,
    PEOPLE,
    SIBLING,
    VENDOR,
    login,
)
from kabinet.channels.email.intake import process_message, record_message
from kabinet.channels.email.models import InboundMessage, Mailbox, Outcome
from kabinet.conftest import World
from kabinet.tickets.models import EventKind, Ticket, Visibility
from kabinet.tickets.tests.factories import file_ticket

STRANGER_MAIL = (
    b"From: Stranger <stranger@unknown.test>\r\nTo: support@partner.test\r\n"
    b"Subject: QUARANTINED-SUBJECT\r\nMessage-ID: <q-1@unknown.test>\r\n"
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nPlease call me back about the invoice.\r\n"
    b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf"
    b"\r\n\r\n%PDF-1.4\r\n--b--\r\n"
)


@pytest.fixture
def ticket(world: World) -> Ticket:
    return file_ticket(world.contract, world.contact)


@pytest.fixture
def waiting(world: World) -> InboundMessage:
    mailbox = Mailbox.objects.create(
        name="support",
        supplier=world.partner,
        address="support@partner.test",
        host="127.0.0.1",
        username="support",
    )
    row = record_message(mailbox=mailbox, supplier_id=world.partner.pk, raw=STRANGER_MAIL)
    row = process_message(row.pk)
    assert row.outcome == Outcome.QUARANTINED
    return row


PAGES: dict[str, dict[str, int]] = {
    "/partner/mail/": {
        CONTACT: 404,
        ADMIN: 404,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 200,
        OTHER_ENGINEER: 200,  # their own supplier's list, without this message
        VENDOR: 404,
    },
    "/vendor/mail/": {
        CONTACT: 404,
        ADMIN: 404,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 200,
    },
    "/mail/{id}/": {
        CONTACT: 404,
        ADMIN: 404,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 200,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
}
ACTS: dict[str, dict[str, int]] = {
    "/mail/{id}/release/": {who: 404 for who in PEOPLE if who != ANON} | {ENGINEER: 302},
    "/mail/{id}/discard/": {who: 404 for who in PEOPLE if who != ANON} | {ENGINEER: 302},
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_mail_page_access(
    world: World, waiting: InboundMessage, client: Client, page: str, who: str
) -> None:
    login(client, world, who)
    response = client.get(page.format(id=waiting.pk))
    expected = 302 if who == ANON else PAGES[page][who]
    assert response.status_code == expected
    shown = b"QUARANTINED-SUBJECT" in response.content
    assert shown is (expected == 200 and who == ENGINEER)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("act", list(ACTS))
def test_mail_act_access(
    world: World, waiting: InboundMessage, ticket: Ticket, client: Client, act: str, who: str
) -> None:
    login(client, world, who)
    response = client.post(act.format(id=waiting.pk), {"number": ticket.number})
    expected = 302 if who == ANON else ACTS[act][who]
    assert response.status_code == expected
    waiting.refresh_from_db()
    decided = waiting.outcome != Outcome.QUARANTINED
    assert decided is (who == ENGINEER)


def test_release_puts_the_mail_on_the_ticket_for_the_supplier_only(
    world: World, waiting: InboundMessage, ticket: Ticket, client: Client
) -> None:
    assert ticket.number is not None
    login(client, world, ENGINEER)
    response = client.post(f"/mail/{waiting.pk}/release/", {"number": ticket.number.lower()})
    assert response["Location"] == f"/tickets/{ticket.number}/"
    waiting.refresh_from_db()
    assert (waiting.outcome, waiting.ticket, waiting.decided_by) == (
        Outcome.RELEASED,
        ticket,
        world.engineer,
    )
    note = ticket.events.get(kind=EventKind.INTERNAL_COMMENT)
    assert note.visibility == Visibility.INTERNAL
    assert "Please call me back about the invoice." in note.payload["body"]
    assert list(ticket.attachments.values_list("filename", "visibility")) == [
        ("a.pdf", Visibility.INTERNAL)
    ]
    login(client, world, CONTACT)
    assert b"call me back" not in client.get(f"/tickets/{ticket.number}/").content
    login(client, world, ENGINEER)
    assert b"QUARANTINED-SUBJECT" not in client.get("/partner/mail/").content


def test_release_to_another_suppliers_ticket_is_refused_on_the_form(
    world: World, waiting: InboundMessage, client: Client
) -> None:
    elsewhere = file_ticket(world.other_contract, world.outsider)
    assert elsewhere.number is not None
    login(client, world, ENGINEER)
    response = client.post(f"/mail/{waiting.pk}/release/", {"number": elsewhere.number})
    assert response.status_code == 400
    assert f"no ticket {elsewhere.number}".encode() in response.content
    assert elsewhere.number.encode() in response.content  # what was typed is kept
    waiting.refresh_from_db()
    assert waiting.outcome == Outcome.QUARANTINED


def test_a_decided_message_cannot_be_decided_again(
    world: World, waiting: InboundMessage, client: Client
) -> None:
    login(client, world, ENGINEER)
    assert client.post(f"/mail/{waiting.pk}/discard/").status_code == 302
    response = client.post(f"/mail/{waiting.pk}/discard/")
    assert response.status_code == 409
    assert b"already decided" in response.content


def test_the_quarantine_speaks_russian_first(
    world: World, waiting: InboundMessage, client: Client
) -> None:
    login(client, world, ENGINEER)
    page = client.get("/partner/mail/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Карантин почты" in page
    assert "в карантине" in page
    assert "Отправитель не зарегистрирован или не активен." in page
    assert "1 письмо ждёт решения." in page
