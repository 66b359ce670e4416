"""Fixtures of the inbound mail tests: the real IMAP server (one per session), a folder
and a Mailbox row per test, and a real SMTP server that collects the polite answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import LazySettings

from kabinet.channels.email.models import Mailbox, Security
from kabinet.channels.email.tests.imap_server import Dovecot, free_port, start_dovecot
from kabinet.conftest import World


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def folder(dovecot: Dovecot) -> str:
    return dovecot.new_folder()


@pytest.fixture
def mailbox(world: World, dovecot: Dovecot, folder: str) -> Mailbox:
    box = Mailbox.objects.create(
        name="support",
        supplier=world.partner,
        address="support@partner.test",
        host=dovecot.host,
        port=dovecot.port,
        security=Security.PLAIN,
        username=dovecot.user,
        password=dovecot.password,
        folder=folder,
        authserv_id="mx.partner.test",
    )
    box.contracts.add(world.contract)
    return box


@dataclass
class Collected:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp(settings: LazySettings) -> Iterator[Collected]:
    collected = Collected()
    controller = Controller(collected, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    try:
        yield collected
    finally:
        controller.stop()
