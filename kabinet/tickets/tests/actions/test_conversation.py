"""Replies, returns for information, proposals, acceptance, rejection and rating."""

from __future__ import annotations

import pytest

from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, ReturnReason, Status, Ticket, Visibility
from kabinet.tickets.tests.factories import file_ticket


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_public_reply_moves_ticket_in_progress_and_bumps_version(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    event = actions.record_public_reply(ticket, author=world.engineer, body="On it")
    assert event.visibility == Visibility.PUBLIC
    assert event.actor_side == "supplier"
    ticket = fresh(ticket)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.version == 2


def test_customer_cannot_post_supplier_reply(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        actions.record_public_reply(ticket, author=world.contact, body="hi")
    with pytest.raises(NotAllowedError):
        actions.add_internal_comment(ticket, author=world.contact, body="hi")


def test_empty_message_is_refused(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError, match="empty") as info:
        actions.customer_reply(ticket, author=world.contact, body="   ")
    assert info.value.field == "body"


def test_internal_comment_is_internal(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    event = actions.add_internal_comment(ticket, author=world.engineer, body="note")
    assert event.visibility == Visibility.INTERNAL
    assert fresh(ticket).status == Status.REGISTERED


def test_return_for_information_and_customer_answer(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.NO_ENVIRONMENT_DESCRIPTION
    )
    assert fresh(ticket).status == Status.AWAITING_CUSTOMER
    actions.customer_reply(ticket, author=world.contact, body="Windows Server 2022")
    assert fresh(ticket).status == Status.IN_PROGRESS


def test_return_with_other_reason_needs_explanation(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError, match="Explain") as info:
        actions.return_for_information(ticket, author=world.engineer, reason=ReturnReason.OTHER)
    assert info.value.field == "body"


def test_solution_accept_closes_then_rate_once(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    assert fresh(ticket).status == Status.SOLUTION_PROPOSED
    actions.accept_solution(ticket, author=world.contact)
    closed = fresh(ticket)
    assert closed.status == Status.CLOSED
    assert closed.closed_at is not None
    actions.rate_ticket(ticket, author=world.admin, rating=4, comment="Quick, thanks")
    assert fresh(ticket).rating == 4
    with pytest.raises(ConflictError, match="already been rated"):
        actions.rate_ticket(ticket, author=world.contact, rating=5)


def test_solution_and_support_are_rated_apart_with_wishes(world: World) -> None:
    """Seed 000: "the quality of the solution, the quality of its support, and wishes"."""
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    actions.accept_solution(ticket, author=world.contact)
    event = actions.rate_ticket(
        ticket, author=world.contact, rating=5, solution_rating=3, comment="Call us first."
    )
    assert event.payload == {"rating": 5, "solution_rating": 3, "comment": "Call us first."}
    rated = fresh(ticket)
    assert (rated.rating, rated.solution_rating, rated.rating_comment) == (5, 3, "Call us first.")
    # Reopened, the ratings clear (kept in the timeline) and the next closing is rated anew.
    reopened = actions.reopen_ticket(ticket, author=world.contact, reason="Back again.")
    assert reopened.payload["previous_solution_rating"] == 3
    assert fresh(ticket).solution_rating is None


@pytest.mark.parametrize("rating", [0, 6])
def test_solution_rating_outside_1_to_5_is_refused(world: World, rating: int) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError) as info:
        actions.rate_ticket(ticket, author=world.contact, rating=4, solution_rating=rating)
    assert info.value.field == "solution_rating"


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_outside_1_to_5_is_refused(world: World, rating: int) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(DomainError) as info:
        actions.rate_ticket(ticket, author=world.contact, rating=rating)
    assert info.value.field == "rating"


def test_rating_an_open_ticket_is_a_conflict(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(ConflictError):
        actions.rate_ticket(ticket, author=world.contact, rating=5)


def test_reject_reopens(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    event = actions.reject_solution(ticket, author=world.contact, reason="Still broken")
    assert event.kind == EventKind.SOLUTION_REJECTED
    assert fresh(ticket).status == Status.IN_PROGRESS


def test_accept_without_proposal_is_a_conflict(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(ConflictError):
        actions.accept_solution(ticket, author=world.contact)


def test_workaround_resolves_only_when_package_says_so(world: World) -> None:
    package = world.contract.package
    package.workaround_resolves = False
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_workaround(ticket, author=world.engineer, body="Use export")
    assert fresh(ticket).status == Status.IN_PROGRESS


def test_closed_ticket_takes_no_more_replies(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Patch")
    actions.accept_solution(ticket, author=world.contact)
    with pytest.raises(ConflictError, match="closed"):
        actions.record_public_reply(ticket, author=world.engineer, body="One more thing")
