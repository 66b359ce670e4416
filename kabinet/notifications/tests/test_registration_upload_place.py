"""The registration message of a ticket filed with more diagnostic data names the upload
place (until when, the limit, the curl line); without the statement it does not; the
engineer is told of the place, the contact once only."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.tests.factories import file_ticket

Capture = Callable[..., AbstractContextManager[Any]]
pytestmark = pytest.mark.usefixtures("consultant_reads_new_tickets_in_the_cabinet")
MB = 1024 * 1024


def _mail(smtp_server: Mailbox) -> dict[str, tuple[str, str]]:
    return {
        m["To"]: (s, b)
        for m, s, b in zip(
            smtp_server.messages, smtp_server.subjects(), smtp_server.bodies(), strict=True
        )
    }


def test_registration_names_the_place_opened_with_it(
    world: World, smtp_server: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    package = world.contract.package
    package.large_upload_limit = 200 * MB
    package.save()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(world.contract, world.contact, more_diagnostic_data=True)

    assert deliver_notifications() == 2

    mail = _mail(smtp_server)
    assert len(smtp_server.messages) == 2  # the contact's registration, the engineer's place
    subject, body = mail[world.contact.email]
    assert subject.startswith(f"[{ticket.number}] Обращение зарегистрировано")
    # Filed Fri 2026-05-08 16:00 Moscow; the place is open 14 calendar days.
    assert "открыто место для загрузки до 2026-05-22 16:00 (Europe/Moscow)" in body
    assert "файлы до 200,0\xa0МБ каждый" in body
    assert f"/api/v1/tickets/{ticket.number}/upload-place/files/" in body
    engineer_subject, _ = mail[world.engineer.email]
    assert "Место для загрузки диагностических данных" in engineer_subject


def test_registration_in_english_names_the_place(
    world: World, smtp_server: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    world.contact.language = "en"
    world.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(world.contract, world.contact, more_diagnostic_data=True)
    deliver_notifications()

    _, body = _mail(smtp_server)[world.contact.email]
    assert "An upload place is open for them until 2026-05-22 16:00 (Europe/Moscow)" in body


def test_registration_without_the_statement_mentions_no_place(
    world: World, smtp_server: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(world.contract, world.contact)

    assert deliver_notifications() == 1

    _, body = _mail(smtp_server)[world.contact.email]
    assert "место для загрузки" not in body and "upload-place" not in body
