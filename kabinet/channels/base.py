"""The interface every channel provides, and the registry that picks one by name.

A channel only moves a rendered message to an address it knows for a person; who is told
what, and through which channel, lives in ``notifications``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kabinet.orgs.models import Person

FALLBACK = "email"
"""The channel every person can be reached on; a person with no address on another channel
is told here instead."""


@dataclass(frozen=True)
class OutboundMessage:
    """A rendered message for one recipient.

    ``body`` is plain text and ``html`` (optional) the same message as HTML; channels that
    cannot show HTML send ``body``. ``thread`` is the ticket's thread root and
    ``message_id`` this message's own id: the email channel writes them as Message-ID,
    In-Reply-To and References so that mail clients thread a ticket's messages."""

    to: str
    subject: str
    body: str
    thread: str
    message_id: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class DeliveryError(Exception):
    """The channel could not hand the message over; the caller retries later."""


class OutboundChannel(Protocol):
    name: str

    def send(self, message: OutboundMessage) -> None:
        """Hand the message over or raise ``DeliveryError``. Must not retry by itself."""

    def address_for(self, person: Person) -> str | None:
        """Where this channel reaches ``person`` (an email address, a chat id), or None when
        the person has none here (not linked, no address): they are then told by email."""


_FACTORIES: dict[str, Callable[[], OutboundChannel]] = {}


def register(name: str, factory: Callable[[], OutboundChannel]) -> None:
    """Make a channel available by name; an app registers its channel once, from its
    ``AppConfig.ready()``."""
    _FACTORIES[name] = factory


def outbound(name: str) -> OutboundChannel:
    """The channel called ``name``; raises ``KeyError`` for an unknown one."""
    _ensure_builtin()
    return _FACTORIES[name]()


def is_registered(name: str) -> bool:
    _ensure_builtin()
    return name in _FACTORIES


def address_on(name: str, person: Person) -> tuple[str, str] | None:
    """The channel and address that reach ``person`` on channel ``name``: that channel if it
    is registered and knows an address for them, else email; None if neither does."""
    for candidate in dict.fromkeys((name, FALLBACK)):
        if not is_registered(candidate):
            continue
        address = outbound(candidate).address_for(person)
        if address:
            return candidate, address
    return None


def _ensure_builtin() -> None:
    if FALLBACK not in _FACTORIES:
        from kabinet.channels.email.outbound import EmailChannel

        register(EmailChannel.name, EmailChannel)
