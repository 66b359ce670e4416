"""Temporary access credentials (seed 003, 4.3; seed 000, service 2): given by the
customer, kept encrypted, shown only to the assignee and the giver (each showing in the
timeline), never in an event; whatever closes the ticket wipes them and reminds the
customer to change them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError, NotFoundError
from kabinet.tickets import actions
from kabinet.tickets.actions.closing import auto_close_plan
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import (
    EventKind,
    OutboxMessage,
    RefusalReason,
    Ticket,
    TicketCredentials,
)
from kabinet.tickets.tests.factories import file_ticket

SECRET = "https://erp.example.ru admin / Temp-Pa55-2026"


def _given(world: World) -> Ticket:
    """A ticket with credentials and, for now, nobody assigned (the contract's personal
    consultant took it at registration)."""
    ticket = file_ticket(world.contract, world.contact)
    assert ticket.assignee == world.engineer
    actions.assign(ticket, author=world.engineer, assignee_id=None)
    actions.give_credentials(ticket, author=world.contact, secret=SECRET)
    ticket.refresh_from_db()
    return ticket


def test_kept_encrypted_and_shown_to_the_assignee_and_the_giver_only(world: World) -> None:
    ticket = _given(world)
    stored = TicketCredentials.objects.get(ticket=ticket)
    assert SECRET not in stored.ciphertext and "Temp-Pa55" not in stored.ciphertext
    now = dt.datetime.now(dt.UTC)
    # Not assigned yet: the engineer is refused, and so is the customer's admin.
    for stranger in (world.engineer, world.admin, world.sibling_contact):
        assert Act.REVEAL_CREDENTIALS not in available_acts(stranger, ticket, now=now)
        with pytest.raises(NotAllowedError):
            actions.reveal_credentials(ticket, viewer=stranger)
    actions.assign(ticket, author=world.engineer, assignee_id=world.engineer.pk)
    ticket.refresh_from_db()
    assert Act.REVEAL_CREDENTIALS in available_acts(world.engineer, ticket, now=now)
    assert actions.reveal_credentials(ticket, viewer=world.engineer) == SECRET
    assert actions.reveal_credentials(ticket, viewer=world.contact) == SECRET
    viewed = ticket.events.filter(kind=EventKind.CREDENTIALS_VIEWED).order_by("id")
    assert [e.actor for e in viewed] == [world.engineer, world.contact]
    # No event, of any kind, carries the secret.
    for event in ticket.events.all():
        assert "Temp-Pa55" not in json.dumps(event.payload)


def test_the_handler_is_told_they_are_there(world: World) -> None:
    ticket = _given(world)
    given = ticket.events.get(kind=EventKind.CREDENTIALS_GIVEN)
    assert given.payload == {} and given.actor == world.contact
    assert OutboxMessage.objects.filter(event=given).exists()


def test_new_credentials_replace_the_old(world: World) -> None:
    ticket = _given(world)
    actions.give_credentials(ticket, author=world.admin, secret="second")
    stored = TicketCredentials.objects.get(ticket=ticket)
    assert stored.given_by == world.admin
    assert actions.reveal_credentials(ticket, viewer=world.admin) == "second"
    with pytest.raises(NotAllowedError):  # the first giver no longer gave these
        actions.reveal_credentials(ticket, viewer=world.contact)


@pytest.mark.parametrize(("secret", "message"), [("   ", "Enter"), ("x" * 4001, "longer")])
def test_blank_or_overlong_credentials_are_refused_by_field(
    world: World, secret: str, message: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError, match=message) as info:
        actions.give_credentials(ticket, author=world.contact, secret=secret)
    assert info.value.field == "secret"
    assert not TicketCredentials.objects.exists()


def test_only_the_customer_gives_them_and_only_while_open(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        actions.give_credentials(ticket, author=world.engineer, secret=SECRET)
    actions.withdraw_ticket(ticket, author=world.contact)
    with pytest.raises(ConflictError):
        actions.give_credentials(ticket, author=world.contact, secret=SECRET)


def test_the_customer_or_the_assignee_removes_them(world: World) -> None:
    ticket = _given(world)
    with pytest.raises(NotAllowedError):
        actions.remove_credentials(ticket, author=world.engineer)  # not the assignee
    actions.assign(ticket, author=world.engineer, assignee_id=world.engineer.pk)
    removed = actions.remove_credentials(ticket, author=world.engineer)
    assert removed.payload == {"by": "supplier"}
    assert not TicketCredentials.objects.filter(ticket=ticket).exists()
    with pytest.raises(NotFoundError):
        actions.reveal_credentials(ticket, viewer=world.contact)
    with pytest.raises(ConflictError):
        actions.remove_credentials(ticket, author=world.contact)
    actions.give_credentials(ticket, author=world.contact, secret=SECRET)
    assert actions.remove_credentials(ticket, author=world.admin).payload == {"by": "customer"}


def _accept(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    actions.propose_solution(ticket, author=world.engineer, body="Fixed.")
    actions.accept_solution(ticket, author=world.contact)


def _auto_close(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    actions.propose_solution(ticket, author=world.engineer, body="Fixed.")
    ticket.refresh_from_db()
    plan = auto_close_plan(ticket)
    assert plan is not None
    frozen.move_to(plan.closes_at)
    assert actions.close_unanswered_proposals().closed == [ticket.pk]


def _withdraw(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    actions.withdraw_ticket(ticket, author=world.contact)


def _closed_as_withdrawn(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    actions.close_withdrawn_ticket(ticket, author=world.engineer, reason="By phone.")


def _merge(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    other = file_ticket(world.contract, world.contact, subject="The same again")
    actions.merge_ticket(ticket, into=other, author=world.engineer)


def _refuse(world: World, ticket: Ticket, frozen: time_machine.Traveller) -> None:
    actions.refuse_ticket(
        ticket, author=world.engineer, reason=RefusalReason.THIRD_PARTY, body="Ask the bank."
    )


Closing = Callable[[World, Ticket, time_machine.Traveller], None]


@pytest.mark.parametrize(
    "close",
    [_accept, _auto_close, _withdraw, _closed_as_withdrawn, _merge, _refuse],
    ids=["accept", "auto_close", "withdraw", "closed_as_withdrawn", "merge", "refuse"],
)
def test_every_closing_wipes_them_and_reminds_the_customer(
    world: World, frozen_time: time_machine.Traveller, close: Closing
) -> None:
    ticket = _given(world)
    other_ticket = _given(world)  # another ticket's credentials stay
    close(world, ticket, frozen_time)
    ticket.refresh_from_db()
    assert not ticket.is_open
    assert not TicketCredentials.objects.filter(ticket=ticket).exists()
    assert TicketCredentials.objects.filter(ticket=other_ticket).exists()
    wiped = ticket.events.get(kind=EventKind.CREDENTIALS_WIPED)
    assert wiped.actor is None and "Change them" in wiped.payload["body"]
    assert OutboxMessage.objects.filter(event=wiped).exists()
    assert ticket.events.order_by("-at", "-id")[0] == wiped  # after the closing itself


def test_a_closing_without_credentials_writes_nothing_of_them(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.withdraw_ticket(ticket, author=world.contact)
    assert not ticket.events.filter(kind=EventKind.CREDENTIALS_WIPED).exists()
