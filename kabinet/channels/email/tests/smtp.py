"""Real SMTP servers for tests on 127.0.0.1 at a free port: aiosmtpd collecting mail, and a
hanging one that accepts connections and never says a word."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import LazySettings


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages]

    def bodies(self) -> list[str]:
        """Each message's plain text (its text/plain part where it has alternatives)."""
        return [part_text(m, "text/plain") for m in self.messages]

    def html(self) -> list[str]:
        return [part_text(m, "text/html") for m in self.messages]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def part_text(message: Message, content_type: str) -> str:
    """The decoded text of the message's first part of ``content_type`` ("" if none)."""
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_multipart():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def use_smtp(settings: LazySettings, port: int, *, timeout: float = 5) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


class HangingServer:
    """Accepts every connection and never answers, not even the greeting: a client waits
    for its own timeout. ``close`` hangs up on everyone (the clients then read EOF)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # the listener was closed
                return
            self.connections.append(connection)
            self.accepted.set()

    def close(self) -> None:
        for sock in [self.listener, *self.connections]:
            with contextlib.suppress(OSError):  # already hung up
                sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            sock.close()
        self.thread.join(5)


@pytest.fixture
def smtp_server(settings: LazySettings) -> Iterator[Mailbox]:
    """Starts the server and points the default mailer at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    use_smtp(settings, controller.port)
    try:
        yield mailbox
    finally:
        controller.stop()
