"""Delivery of ticket notifications over a real SMTP server started by the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.test import override_settings

from kabinet import clock
from kabinet.channels import base as channels
from kabinet.channels.email.outbound import EmailChannel
from kabinet.channels.email.tests.smtp import HangingServer, Mailbox, free_port, use_smtp
from kabinet.conftest import NOW, World
from kabinet.notifications.actions import send_delivery
from kabinet.notifications.models import Delivery
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.models import Person
from kabinet.tickets.actions import (
    accept_solution,
    customer_reply,
    propose_solution,
    record_public_reply,
    reopen_ticket,
)
from kabinet.tickets.actions.upload_places import open_upload_place
from kabinet.tickets.models import OutboxMessage
from kabinet.tickets.tests.factories import file_ticket

Capture = Callable[..., AbstractContextManager[Any]]
pytestmark = pytest.mark.usefixtures("consultant_reads_new_tickets_in_the_cabinet")


def test_registration_mail_carries_the_number_and_goes_out_once(
    world: World, smtp_server: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(world.contract, world.contact)

    assert deliver_notifications() == 1
    assert deliver_notifications() == 0

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == world.contact.email
    assert ticket.number is not None
    assert ticket.number in smtp_server.subjects()[0]
    assert "зарегистрировано" in smtp_server.subjects()[0]
    assert message["X-Kabinet-Ticket"] == ticket.number
    assert OutboxMessage.objects.get().sent_at is not None
    assert Delivery.objects.get().sent_at is not None


def test_each_recipient_reads_their_own_language(
    world: World,
    smtp_server: Mailbox,
    django_capture_on_commit_callbacks: Capture,
    frozen_time: time_machine.Traveller,
) -> None:
    world.contact.language = "en"
    world.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(world.contract, world.contact)
        record_public_reply(ticket, author=world.engineer, body="Please try the patch.")
        customer_reply(ticket, author=world.contact, body="The patch did not help.")
    deliver_notifications()

    by_address = {
        m["To"]: (s, b)
        for m, s, b in zip(
            smtp_server.messages, smtp_server.subjects(), smtp_server.bodies(), strict=True
        )
    }
    assert len(smtp_server.messages) == 3
    contact_subjects = [
        s
        for m, s in zip(smtp_server.messages, smtp_server.subjects(), strict=True)
        if m["To"] == world.contact.email
    ]
    assert contact_subjects == [
        f"[{ticket.number}] Ticket registered: {ticket.subject}",
        f"[{ticket.number}] Reply to your ticket: {ticket.subject}",
    ]
    engineer_subject, engineer_body = by_address[world.engineer.email]
    assert engineer_subject == f"[{ticket.number}] Ответ клиента: {ticket.subject}"
    assert "The patch did not help." in engineer_body


def test_a_failed_send_is_retried_later_and_sent_once(
    world: World,
    settings: LazySettings,
    django_capture_on_commit_callbacks: Capture,
    frozen_time: time_machine.Traveller,
) -> None:
    use_smtp(settings, free_port())  # nobody listens there
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(world.contract, world.contact)
    assert deliver_notifications() == 0
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None
    assert delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error

    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        use_smtp(settings, controller.port)
        assert deliver_notifications() == 0  # the retry is not due yet
        frozen_time.shift(120)
        assert deliver_notifications() == 1
        assert deliver_notifications() == 0
    finally:
        controller.stop()
    assert len(mailbox.messages) == 1


def test_a_reopened_ticket_is_announced_to_the_engineer_with_the_reason(
    world: World,
    smtp_server: Mailbox,
    django_capture_on_commit_callbacks: Capture,
    frozen_time: time_machine.Traveller,
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    propose_solution(ticket, author=world.engineer, body="Fixed in 4.2.1.")
    accept_solution(ticket, author=world.contact)
    deliver_notifications()
    before = len(smtp_server.messages)

    with django_capture_on_commit_callbacks(execute=True):
        reopen_ticket(ticket, author=world.contact, reason="The error came back after restart.")
    assert deliver_notifications() == 1

    message, subject, body = (
        smtp_server.messages[before],
        smtp_server.subjects()[before],
        smtp_server.bodies()[before],
    )
    assert message["To"] == world.engineer.email
    assert subject == f"[{ticket.number}] Клиент возобновил обращение: {ticket.subject}"
    assert "The error came back after restart." in body


def test_an_open_upload_place_is_announced_with_its_deadline_and_limit(
    world: World,
    smtp_server: Mailbox,
    django_capture_on_commit_callbacks: Capture,
    frozen_time: time_machine.Traveller,
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    deliver_notifications()
    before = len(smtp_server.messages)

    with django_capture_on_commit_callbacks(execute=True):
        open_upload_place(ticket, author=world.engineer, days=3)
    assert deliver_notifications() == 1

    message, subject, body = (
        smtp_server.messages[before],
        smtp_server.subjects()[before],
        smtp_server.bodies()[before],
    )
    assert message["To"] == world.contact.email  # the engineer opened it: not told
    assert subject.startswith(f"[{ticket.number}] Место для загрузки диагностических данных")
    # Opened Fri 2026-05-08 16:00 Moscow (NOW) for 3 calendar days.
    assert "до 2026-05-11 16:00 (Europe/Moscow)" in body
    assert f"/api/v1/tickets/{ticket.number}/upload-place/files/" in body


def test_without_a_relay_the_embedded_default_writes_mail_to_files(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    mail_dir = tmp_path / "mail"
    file_mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(mail_dir)},
    }
    with override_settings(MAILERS={"default": file_mailer}):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = file_ticket(world.contract, world.contact)
        assert deliver_notifications() == 1
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    assert f"X-Kabinet-Ticket: {ticket.number}" in written
    assert world.contact.email in written


@pytest.fixture
def hanging_smtp_server(settings: LazySettings) -> Iterator[HangingServer]:
    """A server that accepts and never answers; the mailer gives up after 0.3 s."""
    server = HangingServer()
    use_smtp(settings, server.port, timeout=0.3)
    try:
        yield server
    finally:
        server.close()


class SlowChannel:
    """The real email channel, after ``minutes`` pass on the test's clock: a send that took
    that long. ``during`` runs in the middle, while the delivery is claimed."""

    name = "email"

    def __init__(
        self,
        clock_: time_machine.Traveller,
        minutes: int,
        during: Callable[[], None] | None = None,
    ) -> None:
        self.clock, self.minutes, self.during = clock_, minutes, during

    def address_for(self, person: Person) -> str | None:
        return EmailChannel().address_for(person)

    def send(self, message: channels.OutboundMessage) -> None:
        self.clock.shift(dt.timedelta(minutes=self.minutes))
        if self.during is not None:
            self.during()
        EmailChannel().send(message)


def test_a_hanging_mail_server_is_given_up_on_at_the_timeout_and_retried_later(
    world: World, hanging_smtp_server: HangingServer, frozen_time: time_machine.Traveller
) -> None:
    file_ticket(world.contract, world.contact)

    assert deliver_notifications() == 0

    assert hanging_smtp_server.accepted.is_set() is True
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None
    assert delivery.claimed_until is None
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at == NOW + dt.timedelta(minutes=1)


def test_each_retry_backs_off_from_its_own_failure_not_the_batch_start(
    world: World,
    hanging_smtp_server: HangingServer,
    frozen_time: time_machine.Traveller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(3):
        file_ticket(world.contract, world.contact)
    monkeypatch.setattr(channels, "outbound", lambda name: SlowChannel(frozen_time, 10))

    assert deliver_notifications() == 0

    failures = list(
        Delivery.objects.order_by("last_attempt_failed_at").values_list(
            "last_attempt_failed_at", "next_attempt_at"
        )
    )
    minutes = dt.timedelta(minutes=1)
    assert failures == [
        (NOW + 10 * minutes, NOW + 11 * minutes),
        (NOW + 20 * minutes, NOW + 21 * minutes),
        (NOW + 30 * minutes, NOW + 31 * minutes),
    ]


def test_a_claim_holds_through_its_own_send_however_long_the_batch_ran(
    world: World,
    smtp_server: Mailbox,
    frozen_time: time_machine.Traveller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(3):
        file_ticket(world.contract, world.contact)
    second_worker: list[bool] = []

    def another_worker_tries_the_message_being_sent() -> None:
        sending = Delivery.objects.get(claimed_until__isnull=False)
        second_worker.append(send_delivery(sending.pk, now=clock.now()))

    slow = SlowChannel(frozen_time, 4, during=another_worker_tries_the_message_being_sent)
    monkeypatch.setattr(channels, "outbound", lambda name: slow)

    assert deliver_notifications() == 3  # 12 minutes in all, each send under the lease

    assert second_worker == [False, False, False]
    assert len(smtp_server.messages) == 3
    assert len(set(smtp_server.subjects())) == 3
