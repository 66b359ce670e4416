"""Explicit hooks through which apps built on tickets take part in a ticket change without
tickets knowing them: each registers its callbacks once, from its AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kabinet.tickets.models import Ticket

AfterChange = Callable[[Ticket, dt.datetime], object]

_after_change: list[AfterChange] = []
_after_register: list[AfterChange] = []


def on_after_change(callback: AfterChange) -> None:
    """Call ``callback(ticket, now)`` at the end of every ticket change (``finish_change``),
    inside its transaction, with the ticket's row lock held and its new state saved.
    Registering the same callback twice keeps one."""
    if callback not in _after_change:
        _after_change.append(callback)


def after_change(ticket: Ticket, now: dt.datetime) -> None:
    for callback in _after_change:
        callback(ticket, now)


def on_after_register(callback: AfterChange) -> None:
    """Call ``callback(ticket, now)`` once a new ticket and its first events are inserted,
    inside the registration's transaction (a registration is not a ``finish_change``)."""
    if callback not in _after_register:
        _after_register.append(callback)


def after_register(ticket: Ticket, now: dt.datetime) -> None:
    for callback in _after_register:
        callback(ticket, now)
