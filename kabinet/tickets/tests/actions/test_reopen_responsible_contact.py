"""Reopening under seed 002's one responsible contact: only that person may reopen; others
(the reporter included, once no longer responsible) are refused with the person's name,
the same check as filing; without the package's rule any authorised contact may."""

from __future__ import annotations

import re

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.contracts.actions import (
    appoint_responsible_contact,
    set_single_responsible_contact,
    withdraw_responsible_contact,
)
from kabinet.errors import NotAllowedError
from kabinet.orgs.models import Person
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, Status, Ticket
from kabinet.tickets.tests.factories import file_ticket


def _closed(world: World, reporter: Person) -> Ticket:
    ticket = file_ticket(world.contract, reporter)
    actions.propose_solution(ticket, author=world.engineer, body="Patch applied")
    actions.accept_solution(ticket, author=reporter)
    return Ticket.objects.get(pk=ticket.pk)


def _single(world: World, responsible: Person | None) -> None:
    set_single_responsible_contact(package=world.contract.package, single=True)
    if responsible is not None:
        appoint_responsible_contact(
            contract=world.contract, person_id=responsible.pk, author=world.admin
        )


def test_the_responsible_contact_reopens(world: World, frozen_time: time_machine.Traveller) -> None:
    _single(world, world.contact)
    ticket = _closed(world, world.contact)

    event = actions.reopen_ticket(ticket, author=world.contact, reason="It fails again")

    assert event.kind == EventKind.REOPENED
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_an_admin_who_is_not_the_responsible_contact_is_refused_by_name(world: World) -> None:
    _single(world, world.contact)
    ticket = _closed(world, world.contact)

    expected = (
        "The support package reopens tickets only at the request of the customer's "
        f"responsible contact: {world.contact}."
    )
    with pytest.raises(NotAllowedError, match=re.escape(expected)):
        actions.reopen_ticket(ticket, author=world.admin, reason="It fails again")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_the_reporter_no_longer_responsible_is_refused_and_the_new_one_reopens(
    world: World,
) -> None:
    _single(world, world.contact)
    ticket = _closed(world, world.contact)
    withdraw_responsible_contact(contract=world.contract, person=world.contact, author=world.admin)
    appoint_responsible_contact(
        contract=world.contract, person_id=world.admin.pk, author=world.admin
    )

    with pytest.raises(NotAllowedError, match=re.escape(f"responsible contact: {world.admin}.")):
        actions.reopen_ticket(ticket, author=world.contact, reason="It fails again")

    actions.reopen_ticket(ticket, author=world.admin, reason="It fails again")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_with_nobody_appointed_the_refusal_says_who_appoints_one(world: World) -> None:
    ticket = _closed(world, world.contact)  # filed before the package's rule applied
    _single(world, None)

    with pytest.raises(NotAllowedError, match=re.escape(world.contract.number)) as refused:
        actions.reopen_ticket(ticket, author=world.contact, reason="It fails again")
    assert "none is appointed" in str(refused.value.message)
    assert "an organisation admin appoints one" in str(refused.value.message)


def test_without_the_rule_any_authorised_contact_reopens(world: World) -> None:
    set_single_responsible_contact(package=world.contract.package, single=False)
    ticket = _closed(world, world.contact)

    actions.reopen_ticket(ticket, author=world.admin, reason="It fails again")

    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_filing_still_reads_the_filing_refusal(world: World) -> None:
    _single(world, world.contact)

    expected = (
        "The support package accepts tickets only from the customer's responsible "
        f"contact: {world.contact}."
    )
    with pytest.raises(NotAllowedError, match=re.escape(expected)):
        file_ticket(world.contract, world.admin)
