"""``available_acts`` answers from the actions' own guards: what it offers the action takes,
what it withholds the action refuses, for each side and as the ticket moves on."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kabinet.conftest import World
from kabinet.errors import DomainError
from kabinet.tickets import actions
from kabinet.tickets.acts import Act, available_acts
from kabinet.tickets.models import ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket

SUPPLIER_WORK = {
    Act.PUBLIC_REPLY,
    Act.LOG_PHONE_CALL,
    Act.INTERNAL_COMMENT,
    Act.RETURN_FOR_INFORMATION,
    Act.PROPOSE_SOLUTION,
    Act.CHANGE_CRITICALITY,
    Act.CLASSIFY,
    Act.AGREE_DEADLINE,
    Act.ASSIGN,
    Act.EDIT_DETAILS,
    Act.ATTACH,
    Act.ATTACH_INTERNAL,
    Act.OPEN_UPLOAD_PLACE,
    Act.CLOSE_WITHDRAWN,
    Act.PROPOSE_POSTPONEMENT,
    Act.MERGE,
    Act.LINK,
    Act.REFUSE,
}


@pytest.fixture
def ticket(world: World) -> Ticket:
    return file_ticket(world.contract, world.contact)


def acts(world: World, who: str, ticket: Ticket) -> frozenset[Act]:
    ticket.refresh_from_db()
    return available_acts(getattr(world, who), ticket, now=timezone.now())


def test_each_side_is_offered_its_own_acts_on_a_new_ticket(world: World, ticket: Ticket) -> None:
    assert acts(world, "engineer", ticket) == SUPPLIER_WORK
    assert acts(world, "contact", ticket) == {
        Act.CUSTOMER_REPLY,
        Act.EDIT_DETAILS,
        Act.ATTACH,
        Act.OPEN_UPLOAD_PLACE,
        Act.WITHDRAW,
        Act.REQUEST_EXPEDITE,
        Act.GIVE_CREDENTIALS,
    }
    assert acts(world, "other_engineer", ticket) == frozenset()


def test_a_proposal_offers_the_customer_the_decision_and_a_closing_the_rating(
    world: World, ticket: Ticket
) -> None:
    actions.propose_solution(ticket, author=world.engineer, body="Reinstall.")
    assert {Act.ACCEPT_SOLUTION, Act.REJECT_SOLUTION} <= acts(world, "contact", ticket)
    assert Act.PROPOSE_SOLUTION not in acts(world, "engineer", ticket)
    actions.accept_solution(ticket, author=world.contact)
    assert acts(world, "contact", ticket) == {Act.RATE, Act.REOPEN}
    # A note for colleagues stays possible on a closed ticket; nothing else does.
    assert acts(world, "engineer", ticket) == {Act.INTERNAL_COMMENT, Act.LINK}


def test_what_is_withheld_the_action_refuses(world: World, ticket: Ticket) -> None:
    actions.propose_solution(ticket, author=world.engineer, body="Reinstall.")
    ticket.refresh_from_db()
    assert Act.RETURN_FOR_INFORMATION not in acts(world, "engineer", ticket)
    with pytest.raises(DomainError):
        actions.return_for_information(
            ticket, author=world.engineer, reason=ReturnReason.OTHER, body="More?"
        )
    assert Act.ACCEPT_SOLUTION not in acts(world, "engineer", ticket)
    with pytest.raises(DomainError):
        actions.accept_solution(ticket, author=world.engineer)
