"""Exactly once against the real IMAP server: runs repeated, copies of one message, a
database that refuses writes, a new UIDVALIDITY, a run stopped between recording and acting."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from kabinet.channels.email.imap import fetch_mailbox
from kabinet.channels.email.intake import LOOP_LIMIT, record_message
from kabinet.channels.email.models import InboundMessage, Mailbox, Outcome
from kabinet.channels.email.tests.conftest import Collected
from kabinet.channels.email.tests.imap_server import Dovecot
from kabinet.conftest import World, read_only_database
from kabinet.tickets.models import Ticket

OnCommit = Callable[..., AbstractContextManager[Any]]


def request(index: int, sender: str = "contact@example.test", message_id: str = "") -> bytes:
    message_id = message_id or f"<request-{index}@example.test>"
    return (
        f"From: {sender}\r\nTo: support@partner.test\r\nSubject: Request {index}\r\n"
        f"Message-ID: {message_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Text of request {index}.\r\n"
    ).encode()


def test_a_second_run_takes_in_nothing_new(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.append(mailbox.folder, [request(i) for i in range(3)])
    assert fetch_mailbox(mailbox).taken == 3
    mailbox.refresh_from_db()
    assert fetch_mailbox(mailbox).taken == 0
    assert Ticket.objects.count() == 3
    assert dovecot.count(mailbox.folder, "UNSEEN") == 0


def test_copies_of_one_message_act_once(world: World, mailbox: Mailbox, dovecot: Dovecot) -> None:
    """The same Message-ID twice in one folder, and again in the supplier's second mailbox."""
    same = request(1, message_id="<same@example.test>")
    dovecot.append(mailbox.folder, [same, same])
    second = Mailbox.objects.create(
        name="sales",
        supplier=world.partner,
        address="sales@partner.test",
        host=mailbox.host,
        port=mailbox.port,
        security=mailbox.security,
        username=mailbox.username,
        password=mailbox.password,
        folder=dovecot.new_folder(),
    )
    second.contracts.add(world.contract)
    dovecot.append(second.folder, [same])

    fetch_mailbox(mailbox)
    fetch_mailbox(second)

    outcomes = sorted(InboundMessage.objects.values_list("outcome", flat=True))
    assert outcomes == ["duplicate", "duplicate", "opened"]
    assert Ticket.objects.count() == 1


def test_a_database_that_refuses_writes_loses_nothing(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.append(mailbox.folder, [request(i) for i in range(3)])
    # The savepoint keeps the test's own transaction usable after the refused writes.
    with pytest.raises(DatabaseError), transaction.atomic(), read_only_database():
        fetch_mailbox(mailbox)
    assert dovecot.count(mailbox.folder, "UNSEEN") == 3

    mailbox.refresh_from_db()
    report = fetch_mailbox(mailbox)

    assert report.taken == 3
    assert Ticket.objects.count() == 3
    assert set(InboundMessage.objects.values_list("outcome", flat=True)) == {"opened"}
    assert dovecot.count(mailbox.folder, "UNSEEN") == 0


def test_a_message_recorded_but_not_acted_on_is_finished_by_the_next_run(
    world: World, mailbox: Mailbox, dovecot: Dovecot
) -> None:
    dovecot.append(mailbox.folder, [request(1)])
    status = dovecot.client()
    status.select(mailbox.folder)
    _, data = status.status(mailbox.folder, "(UIDVALIDITY)")
    status.logout()
    uidvalidity = int(data[0].split()[-1].strip(b")"))
    # What a run killed right after recording leaves behind: the row, the UID advanced.
    row = record_message(
        mailbox=mailbox,
        supplier_id=world.partner.pk,
        raw=request(1),
        uidvalidity=uidvalidity,
        uid=1,
    )
    Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=uidvalidity, last_uid=1)
    mailbox.refresh_from_db()
    assert row.outcome == Outcome.PENDING

    report = fetch_mailbox(mailbox)

    assert (report.finished, report.taken) == (1, 0)
    row.refresh_from_db()
    assert row.outcome == Outcome.OPENED
    assert Ticket.objects.count() == 1
    assert dovecot.count(mailbox.folder, "UNSEEN") == 0, "left unread by the killed run"


def test_a_new_uidvalidity_reads_the_folder_again_as_duplicates(
    mailbox: Mailbox, dovecot: Dovecot
) -> None:
    messages = [request(i) for i in range(2)]
    dovecot.append(mailbox.folder, messages)
    fetch_mailbox(mailbox)
    # The folder made anew under the same name (as a server restore does): a new UIDVALIDITY.
    dovecot.recreate(mailbox.folder)
    dovecot.append(mailbox.folder, messages)

    report = fetch_mailbox(mailbox)

    assert report.outcomes == {"duplicate": 2}
    assert Ticket.objects.count() == 2


def test_moved_to_the_processed_folder_when_one_is_set(mailbox: Mailbox, dovecot: Dovecot) -> None:
    mailbox.processed_folder = dovecot.new_folder()
    mailbox.save()
    dovecot.append(mailbox.folder, [request(1)])
    fetch_mailbox(mailbox)
    assert dovecot.count(mailbox.folder) == 0
    assert dovecot.count(mailbox.processed_folder) == 1


def test_the_same_sender_too_often_is_a_loop(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.append(mailbox.folder, [request(i) for i in range(LOOP_LIMIT + 3)])
    report = fetch_mailbox(mailbox)
    assert report.outcomes == {"opened": LOOP_LIMIT, "loop": 3}


def test_a_stranger_is_answered_once_per_interval(
    mailbox: Mailbox,
    dovecot: Dovecot,
    smtp: Collected,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    dovecot.append(mailbox.folder, [request(i, sender="who@new.test") for i in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        report = fetch_mailbox(mailbox)
    assert report.outcomes == {"quarantined": 3}
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["X-Envelope-To"] == "who@new.test"
    assert smtp.messages[0]["From"] == "support@partner.test"
    body = smtp.messages[0].get_payload(decode=True)
    assert isinstance(body, bytes)
    assert "не зарегистрирован" in body.decode() or "not registered" in body.decode()


def test_a_package_without_email_opens_no_ticket_and_says_why(
    world: World,
    mailbox: Mailbox,
    dovecot: Dovecot,
    smtp: Collected,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    package = world.contract.package
    package.allowed_channels = ["portal"]
    package.save()
    dovecot.append(mailbox.folder, [request(1)])
    with django_capture_on_commit_callbacks(execute=True):
        fetch_mailbox(mailbox)
    row = InboundMessage.objects.get()
    assert row.outcome == Outcome.REFUSED
    assert "email" in row.reason
    assert Ticket.objects.count() == 0
    assert len(smtp.messages) == 1
