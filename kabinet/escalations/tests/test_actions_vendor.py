"""Relay, vendor return, vendor criticality change and resubmission: both tickets."""

from __future__ import annotations

import pytest

from kabinet.errors import ConflictError, NotAllowedError
from kabinet.escalations.actions import (
    change_vendor_criticality,
    escalate_to_vendor,
    relay_vendor_answer,
    resubmit_escalation,
    vendor_return_escalation,
)
from kabinet.escalations.models import Escalation, EscalationState, RelayAs, VendorReturnReason
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.access import timeline_for
from kabinet.tickets.models import ActorSide, EventKind, Status, Visibility


@pytest.fixture
def escalation(chain: Chain) -> Escalation:
    return escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())


def test_relay_is_one_act_with_an_event_on_both_tickets(
    chain: Chain, escalation: Escalation
) -> None:
    world = chain.world
    ticket_actions.record_public_reply(
        escalation.vendor_ticket, author=world.vendor_engineer, body="Apply hotfix 25.1."
    )
    event = relay_vendor_answer(escalation, author=world.engineer, body="Apply hotfix 25.1.")
    assert event.kind == EventKind.PUBLIC_REPLY
    assert event.visibility == Visibility.PUBLIC
    assert event.actor == world.engineer
    assert event.payload == {"body": "Apply hotfix 25.1.", "action_plan": False}
    note = escalation.vendor_ticket.events.filter(kind=EventKind.ESCALATION_RELAYED).get()
    assert note.payload["customer_event"] == event.pk
    chain.ticket.refresh_from_db()
    assert chain.ticket.reaction_met_at == event.at  # the partner's answer meets reaction
    seen = timeline_for(world.contact, chain.ticket)
    assert all(e.actor != world.vendor_engineer for e in seen)
    assert all(escalation.number not in str(e.payload) for e in seen)


def test_relay_as_solution_proposes_it_to_the_customer(
    chain: Chain, escalation: Escalation
) -> None:
    relay_vendor_answer(
        escalation, author=chain.world.engineer, body="Fixed in 25.2.", relay_as=RelayAs.SOLUTION
    )
    chain.ticket.refresh_from_db()
    assert chain.ticket.status == Status.SOLUTION_PROPOSED


def test_only_the_partner_relays(chain: Chain, escalation: Escalation) -> None:
    with pytest.raises(NotAllowedError):
        relay_vendor_answer(escalation, author=chain.world.vendor_engineer, body="Hi")


def test_vendor_returns_with_a_listed_reason_and_the_customer_sees_nothing(
    chain: Chain, escalation: Escalation
) -> None:
    world = chain.world
    vendor_return_escalation(
        escalation,
        author=world.vendor_engineer,
        reason=VendorReturnReason.NO_REPRODUCTION_SCENARIO,
        body="The scenario does not reproduce.",
    )
    escalation.refresh_from_db()
    escalation.vendor_ticket.refresh_from_db()
    assert escalation.state == EscalationState.RETURNED
    assert escalation.vendor_ticket.status == Status.AWAITING_CUSTOMER
    assert escalation.return_reason == VendorReturnReason.NO_REPRODUCTION_SCENARIO
    note = chain.ticket.events.filter(kind=EventKind.VENDOR_UPDATE).get()
    assert note.visibility == Visibility.INTERNAL
    assert note.actor == world.vendor_engineer and note.actor_side == ActorSide.SUPPLIER
    assert note.payload["vendor_kind"] == EventKind.RETURNED_FOR_INFORMATION
    assert note.payload["status"] == Status.AWAITING_CUSTOMER
    assert note.payload["reason"] == "no_reproduction_scenario"
    assert note.payload["excerpt"] == "The scenario does not reproduce."
    assert [e.kind for e in timeline_for(world.contact, chain.ticket)] == [EventKind.REGISTERED]


def test_the_partner_may_not_return_its_own_escalation(
    chain: Chain, escalation: Escalation
) -> None:
    with pytest.raises(NotAllowedError):
        vendor_return_escalation(
            escalation, author=chain.world.engineer, reason=VendorReturnReason.CRITICALITY_MISMATCH
        )


def test_resubmission_answers_the_return_and_resumes_the_vendor_clocks(
    chain: Chain, escalation: Escalation
) -> None:
    world = chain.world
    with pytest.raises(ConflictError):
        resubmit_escalation(escalation, author=world.engineer, dossier={}, body="More")
    vendor_return_escalation(
        escalation,
        author=world.vendor_engineer,
        reason=VendorReturnReason.NO_ENVIRONMENT_DESCRIPTION,
    )
    resubmit_escalation(
        escalation,
        author=world.engineer,
        dossier={"environment": "2 × Xeon Gold, 256 GB RAM"},
        body="Hardware described.",
    )
    escalation.refresh_from_db()
    escalation.vendor_ticket.refresh_from_db()
    assert escalation.state == EscalationState.ACTIVE
    assert escalation.dossier["environment"] == "2 × Xeon Gold, 256 GB RAM"
    assert escalation.vendor_ticket.status == Status.IN_PROGRESS
    assert escalation.return_reason == ""
    reply = escalation.vendor_ticket.events.get(kind=EventKind.CUSTOMER_REPLY)
    assert reply.actor_side == ActorSide.CUSTOMER
    copies = chain.ticket.events.filter(kind=EventKind.VENDOR_UPDATE)
    assert [(c.payload["vendor_kind"], c.payload["status"]) for c in copies] == [
        (EventKind.RETURNED_FOR_INFORMATION, Status.AWAITING_CUSTOMER),
        (EventKind.CUSTOMER_REPLY, Status.IN_PROGRESS),
    ]
    assert copies.last().actor == world.engineer  # type: ignore[union-attr]


def test_vendor_changes_criticality_with_a_reason_on_the_vendor_ticket_only(
    chain: Chain, escalation: Escalation
) -> None:
    change_vendor_criticality(
        escalation, author=chain.world.vendor_engineer, criticality=4, reason="A question."
    )
    escalation.vendor_ticket.refresh_from_db()
    chain.ticket.refresh_from_db()
    assert escalation.vendor_ticket.criticality == 4
    assert chain.ticket.criticality == 3
    note = chain.ticket.events.filter(kind=EventKind.VENDOR_UPDATE).get()
    assert note.visibility == Visibility.INTERNAL
    assert note.payload["vendor_kind"] == EventKind.CRITICALITY_CHANGED
    assert (note.payload["from"], note.payload["to"]) == (3, 4)
    assert note.payload["excerpt"] == "A question."
