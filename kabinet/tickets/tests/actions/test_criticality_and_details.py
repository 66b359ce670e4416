from __future__ import annotations

import pytest

from kabinet.conftest import World
from kabinet.errors import DomainError, NotAllowedError, StaleVersionError
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, ResolutionClass, Ticket
from kabinet.tickets.tests.factories import file_ticket


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_change_criticality_records_reason(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=3)
    event = actions.change_criticality(
        ticket, author=world.engineer, criticality=2, reason="Production is down"
    )
    assert event.payload == {"from": 3, "to": 2, "reason": "Production is down"}
    assert fresh(ticket).criticality == 2


def test_change_criticality_needs_a_reason(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError, match="reason is required") as info:
        actions.change_criticality(ticket, author=world.engineer, criticality=4, reason=" ")
    assert info.value.field == "reason"


def test_raising_non_production_ticket_to_2_is_refused(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=3, is_production=False)
    with pytest.raises(DomainError, match="production"):
        actions.change_criticality(ticket, author=world.engineer, criticality=2, reason="x")


def test_customer_cannot_change_criticality(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        actions.change_criticality(ticket, author=world.contact, criticality=4, reason="x")


def test_classification_is_internal_event(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    event = actions.classify_ticket(
        ticket, author=world.engineer, resolution_class=ResolutionClass.NON_STANDARD
    )
    assert event.visibility == "internal"
    assert fresh(ticket).resolution_class == ResolutionClass.NON_STANDARD


def test_non_standard_ticket_gets_the_longer_resolution_target(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    standard_due = ticket.resolution_due_at
    actions.classify_ticket(
        ticket, author=world.engineer, resolution_class=ResolutionClass.NON_STANDARD
    )
    non_standard_due = fresh(ticket).resolution_due_at
    assert standard_due is not None and non_standard_due is not None
    assert non_standard_due > standard_due


def test_assign_only_to_supplier_staff(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError) as info:
        actions.assign(ticket, author=world.engineer, assignee_id=world.other_engineer.pk)
    assert info.value.field == "assignee"
    actions.assign(ticket, author=world.engineer, assignee_id=None)
    assert fresh(ticket).assignee is None


def test_update_details_with_stale_version_is_refused(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.update_ticket_details(
        ticket, author=world.engineer, expected_version=1, changes={"subject": "A"}
    )
    with pytest.raises(StaleVersionError):
        actions.update_ticket_details(
            ticket, author=world.contact, expected_version=1, changes={"subject": "B"}
        )
    changed = fresh(ticket).events.get(kind=EventKind.DETAILS_CHANGED)
    assert changed.payload["changes"]["subject"][1] == "A"


def test_update_without_changes_appends_nothing(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.update_ticket_details(
        ticket, author=world.contact, expected_version=1, changes={"subject": ticket.subject}
    )
    assert fresh(ticket).version == 1
