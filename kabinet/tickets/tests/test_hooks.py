"""The after-change hook: every ticket change calls the registered callbacks, in its
transaction, once each however often they were registered."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.conftest import World
from kabinet.tickets import actions, hooks
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def test_every_change_calls_the_registered_callbacks_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hooks, "_after_change", list(hooks._after_change))
    seen: list[tuple[int, int]] = []

    def record(ticket: Ticket, now: dt.datetime) -> None:
        seen.append((ticket.pk, ticket.version))

    hooks.on_after_change(record)
    hooks.on_after_change(record)
    ticket = file_ticket(world.contract, world.contact)
    actions.record_public_reply(ticket, author=world.engineer, body="On it.")
    actions.add_internal_comment(ticket, author=world.engineer, body="Note.")
    assert seen == [(ticket.pk, 2), (ticket.pk, 3)]
