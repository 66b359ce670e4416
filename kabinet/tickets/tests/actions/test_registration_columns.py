"""Registration computes the SLA columns before the insert, on the events it is about to
write, and may take the package's targets from the contract's own read: the columns are
those of a replay of the stored timeline with the targets read afresh."""

from __future__ import annotations

import pytest

from kabinet.conftest import World
from kabinet.contracts.access import access_contract
from kabinet.contracts.models import Contract, package_targets_of
from kabinet.tickets import deadlines
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def _columns(ticket: Ticket) -> dict[str, object]:
    return {name: getattr(ticket, name) for name in deadlines.COLUMNS}


@pytest.mark.parametrize("criticality", [1, 2, 3, 4])
def test_the_columns_written_at_registration_are_the_stored_timelines(
    world: World, criticality: int
) -> None:
    contract = access_contract(world.contact, world.contract.pk, for_filing=True)
    ticket = register_ticket(
        contract=contract,
        reporter=world.contact,
        subject="Cannot post invoices",
        description="Error when posting.",
        criticality=criticality,
        is_production=True,
    )
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.number == ticket.number
    written = _columns(stored)
    assert written == _columns(ticket)
    replayed = Ticket.objects.select_related("contract__package").get(pk=ticket.pk)
    deadlines.refresh(replayed, ticket.registered_at)
    assert _columns(replayed) == written
    assert written["reaction_due_at"] is not None


def test_targets_read_with_the_contract_are_the_packages(world: World) -> None:
    file_ticket(world.contract, world.contact)
    read_with = access_contract(world.contact, world.contract.pk, for_filing=True)
    plain = Contract.objects.get(pk=world.contract.pk)

    def key(contract: Contract) -> list[tuple[object, ...]]:
        return sorted(
            (t.criticality, t.kind, t.amount, t.unit, t.calendar)
            for t in package_targets_of(contract)
        )

    assert key(read_with) == key(plain)
    assert key(plain)
