"""``register_ticket_by_phone``: the caller's ticket, the supplier's logged call, one
transaction, and the refusals (not the supplier, no phone in the package, a caller who may
not file, no notes)."""

from __future__ import annotations

import pytest

from kabinet.channels.phone.actions import register_ticket_by_phone
from kabinet.conftest import World
from kabinet.errors import DomainError, NotAllowedError
from kabinet.orgs.models import Person
from kabinet.tickets.models import EventKind, Status, Ticket, TicketEvent


def _register(
    world: World, *, caller: Person, taken_by: Person, notes: str = "Called at 16:00"
) -> Ticket:
    return register_ticket_by_phone(
        contract=world.contract,
        caller=caller,
        taken_by=taken_by,
        subject="Printing hangs",
        description="Printing an invoice hangs the client.",
        criticality=3,
        is_production=False,
        call_notes=notes,
    )


def test_the_callers_ticket_with_the_call_logged(world: World) -> None:
    ticket = _register(world, caller=world.contact, taken_by=world.engineer)
    assert (ticket.reporter, ticket.channel) == (world.contact, "phone")
    registered = TicketEvent.objects.get(ticket=ticket, kind=EventKind.REGISTERED)
    assert registered.payload["channel"] == "phone"
    call = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PUBLIC_REPLY)
    assert call.actor == world.engineer
    assert call.payload["via"] == "phone"
    assert call.payload["direction"] == "incoming"
    assert call.payload["body"] == "Called at 16:00"
    # The caller spoke, not the supplier: the reaction is still due.
    ticket.refresh_from_db()
    assert ticket.status == Status.REGISTERED


def test_a_package_without_phone_refuses(world: World) -> None:
    world.contract.package.allowed_channels = ["messenger", "email"]
    world.contract.package.save()
    with pytest.raises(DomainError, match="does not include phone support"):
        _register(world, caller=world.contact, taken_by=world.engineer)
    assert not Ticket.objects.exists()


def test_only_the_suppliers_staff_take_phone_tickets(world: World) -> None:
    with pytest.raises(NotAllowedError, match="Only the supplier's staff"):
        _register(world, caller=world.contact, taken_by=world.other_engineer)
    with pytest.raises(NotAllowedError):
        _register(world, caller=world.contact, taken_by=world.admin)
    assert not Ticket.objects.exists()


def test_the_caller_must_be_someone_who_may_file(world: World) -> None:
    with pytest.raises(NotAllowedError, match="Only authorised contacts may file tickets"):
        _register(world, caller=world.outsider, taken_by=world.engineer)
    assert not Ticket.objects.exists()
    assert not TicketEvent.objects.exists()


def test_the_call_needs_notes(world: World) -> None:
    with pytest.raises(DomainError, match="Summarise the call"):
        _register(world, caller=world.contact, taken_by=world.engineer, notes="  ")
    assert not Ticket.objects.exists()
