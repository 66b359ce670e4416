"""The interface every channel provides, and the registry that picks one by name.

A channel only moves a rendered message; who is told what lives in ``notifications``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OutboundMessage:
    """A rendered message for one recipient. ``thread`` groups messages about one ticket
    (the email channel turns it into Message-ID references)."""

    to: str
    subject: str
    body: str
    thread: str
    message_id: str
    headers: dict[str, str] = field(default_factory=dict)


class DeliveryError(Exception):
    """The channel could not hand the message over; the caller retries later."""


class OutboundChannel(Protocol):
    name: str

    def send(self, message: OutboundMessage) -> None:
        """Hand the message over or raise ``DeliveryError``. Must not retry by itself."""


_FACTORIES: dict[str, Callable[[], OutboundChannel]] = {}


def register(name: str, factory: Callable[[], OutboundChannel]) -> None:
    _FACTORIES[name] = factory


def outbound(name: str) -> OutboundChannel:
    """The channel called ``name``; raises ``KeyError`` for an unknown one."""
    if "email" not in _FACTORIES:  # other channels register from their apps' ready()
        _register_builtin()
    return _FACTORIES[name]()


def _register_builtin() -> None:
    from kabinet.channels.email.outbound import EmailChannel

    register(EmailChannel.name, EmailChannel)
