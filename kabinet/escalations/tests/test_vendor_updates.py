"""The vendor ticket worked through the ordinary ticket actions: each change the partner may
read on it is copied onto the customer's ticket as an internal event, in the same
transaction; the customer never receives the copies, through the API or the cabinet."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.errors import DomainError, NotAllowedError
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.mirroring import mirror_vendor_change
from kabinet.escalations.models import Escalation, EscalationState
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.orgs.models import Person
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.models import (
    ActorSide,
    EventKind,
    ReturnReason,
    Status,
    TicketEvent,
    Visibility,
)

VENDOR_WORDS = "VENDOR-SIDE: the managed lock escalates on the register table."


@pytest.fixture
def escalation(chain: Chain) -> Escalation:
    return escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())


def copies(chain: Chain) -> list[TicketEvent]:
    return list(chain.ticket.events.filter(kind=EventKind.VENDOR_UPDATE).order_by("id"))


def browser(person: Person) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client


def test_every_readable_change_of_the_vendor_ticket_is_copied_once(
    chain: Chain, escalation: Escalation
) -> None:
    world, vendor_ticket = chain.world, escalation.vendor_ticket
    vendor, partner = world.vendor_engineer, world.engineer
    ticket_actions.record_public_reply(vendor_ticket, author=vendor, body=VENDOR_WORDS)
    ticket_actions.add_internal_comment(vendor_ticket, author=vendor, body="Ask the DBA.")
    ticket_actions.assign(vendor_ticket, author=vendor, assignee_id=vendor.pk)
    ticket_actions.return_for_information(
        vendor_ticket,
        author=vendor,
        reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS,
        body="Send the technological log.",
    )
    ticket_actions.customer_reply(vendor_ticket, author=partner, body="Log attached.")
    ticket_actions.propose_solution(vendor_ticket, author=vendor, body="Patch 25.1.3.")
    ticket_actions.reject_solution(vendor_ticket, author=partner, reason="Still fails.")
    ticket_actions.change_criticality(
        vendor_ticket, author=vendor, criticality=2, reason="Production is stopped."
    )
    ticket_actions.propose_solution(vendor_ticket, author=vendor, body="Patch 25.1.4.")
    ticket_actions.accept_solution(vendor_ticket, author=partner)
    ticket_actions.rate_ticket(vendor_ticket, author=partner, rating=5, comment="Fast.")

    got = copies(chain)
    assert [(c.payload["vendor_kind"], c.payload["status"], c.actor) for c in got] == [
        (EventKind.PUBLIC_REPLY, Status.IN_PROGRESS, vendor),
        (EventKind.RETURNED_FOR_INFORMATION, Status.AWAITING_CUSTOMER, vendor),
        (EventKind.CUSTOMER_REPLY, Status.IN_PROGRESS, partner),
        (EventKind.SOLUTION_PROPOSED, Status.SOLUTION_PROPOSED, vendor),
        (EventKind.SOLUTION_REJECTED, Status.IN_PROGRESS, partner),
        (EventKind.CRITICALITY_CHANGED, Status.IN_PROGRESS, vendor),
        (EventKind.SOLUTION_PROPOSED, Status.SOLUTION_PROPOSED, vendor),
        (EventKind.SOLUTION_ACCEPTED, Status.CLOSED, partner),
        (EventKind.RATED, Status.CLOSED, partner),
    ]
    assert [c.payload["excerpt"] for c in got] == [
        VENDOR_WORDS,
        "Send the technological log.",
        "Log attached.",
        "Patch 25.1.3.",
        "Still fails.",
        "Production is stopped.",
        "Patch 25.1.4.",
        "",
        "Fast.",
    ]
    assert all(c.visibility == Visibility.INTERNAL for c in got)
    assert all(c.actor_side == ActorSide.SUPPLIER for c in got)
    assert all(c.payload["escalation"] == escalation.number for c in got)
    assert got[1].payload["reason"] == "insufficient_diagnostics"
    assert (got[5].payload["from"], got[5].payload["to"]) == (3, 2)
    assert got[8].payload["rating"] == 5
    vendor_events = {e.pk: e for e in vendor_ticket.events.all()}
    assert all(vendor_events[c.payload["vendor_event"]].at == c.at for c in got)
    chain.ticket.refresh_from_db()
    assert chain.ticket.status == Status.REGISTERED  # the customer's ticket keeps its state
    assert chain.ticket.criticality == 3


def test_the_copies_leave_the_customer_tickets_clocks_alone(
    chain: Chain, escalation: Escalation
) -> None:
    before = (chain.ticket.reaction_due_at, chain.ticket.reaction_met_at)
    ticket_actions.record_public_reply(
        escalation.vendor_ticket, author=chain.world.vendor_engineer, body=VENDOR_WORDS
    )
    chain.ticket.refresh_from_db()
    assert (chain.ticket.reaction_due_at, chain.ticket.reaction_met_at) == before
    assert chain.ticket.reaction_met_at is None


def test_a_long_message_is_cut_to_an_excerpt(chain: Chain, escalation: Escalation) -> None:
    body = "word " * 100
    ticket_actions.record_public_reply(
        escalation.vendor_ticket, author=chain.world.vendor_engineer, body=body
    )
    [copy] = copies(chain)
    assert len(copy.payload["excerpt"]) == 200
    assert copy.payload["excerpt"].endswith("…")
    assert copy.payload["excerpt"].startswith("word word")


def test_the_copy_is_in_the_same_transaction_as_the_change(
    chain: Chain, escalation: Escalation
) -> None:
    vendor_ticket = escalation.vendor_ticket
    with pytest.raises(DomainError), transaction.atomic():
        ticket_actions.record_public_reply(
            vendor_ticket, author=chain.world.vendor_engineer, body=VENDOR_WORDS
        )
        assert len(copies(chain)) == 1
        raise DomainError("rolled back")
    assert copies(chain) == []
    assert not vendor_ticket.events.filter(kind=EventKind.PUBLIC_REPLY).exists()


def test_a_ticket_that_escalates_nothing_gets_no_copies(chain: Chain) -> None:
    world = chain.world
    ticket_actions.record_public_reply(chain.ticket, author=world.engineer, body="On it.")
    assert mirror_vendor_change(chain.ticket, chain.ticket.updated_at) == []
    assert copies(chain) == []


def test_an_ordinary_return_and_answer_read_as_the_escalations(
    chain: Chain, escalation: Escalation
) -> None:
    vendor_ticket = escalation.vendor_ticket
    ticket_actions.return_for_information(
        vendor_ticket,
        author=chain.world.vendor_engineer,
        reason=ReturnReason.NO_INVESTIGATION_HISTORY,
    )
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.RETURNED
    assert escalation.return_reason == "no_investigation_history"
    assert escalation.get_return_reason_display() == "no history of the investigation so far"
    ticket_actions.customer_reply(vendor_ticket, author=chain.world.engineer, body="History.")
    answered = Escalation.objects.get(pk=escalation.pk)
    assert answered.state == EscalationState.ACTIVE
    assert answered.return_reason == ""


def test_the_customer_never_receives_the_copies_the_partner_does(
    chain: Chain, escalation: Escalation
) -> None:
    world = chain.world
    ticket_actions.record_public_reply(
        escalation.vendor_ticket, author=world.vendor_engineer, body=VENDOR_WORDS
    )
    path = f"/api/v1/tickets/{chain.ticket.number}/events"
    for customer in (world.contact, world.admin, world.sibling_contact):
        response = client_for(customer).get(path)
        assert response.status_code == 200
        assert EventKind.VENDOR_UPDATE not in response.content.decode()
        assert VENDOR_WORDS not in response.content.decode()
        page = browser(customer).get(f"/tickets/{chain.ticket.number}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "The vendor replied on the vendor ticket." not in html
        assert VENDOR_WORDS not in html
        assert escalation.number not in html
    events = client_for(world.engineer).get(path).json()["results"]
    [copy] = [e for e in events if e["kind"] == EventKind.VENDOR_UPDATE]
    assert copy["visibility"] == "internal"
    assert copy["payload"]["excerpt"] == VENDOR_WORDS
    assert copy["payload"]["status"] == "in_progress"
    html = browser(world.engineer).get(f"/tickets/{chain.ticket.number}/").content.decode()
    assert "The vendor replied on the vendor ticket." in html
    assert client_for(world.other_engineer).get(path).status_code == 404


def test_the_partner_reopens_its_closed_vendor_ticket_and_the_partner_sees_it(
    chain: Chain, escalation: Escalation
) -> None:
    world, vendor_ticket = chain.world, escalation.vendor_ticket
    ticket_actions.propose_solution(vendor_ticket, author=world.vendor_engineer, body="Patch.")
    ticket_actions.accept_solution(vendor_ticket, author=world.engineer)
    with pytest.raises(NotAllowedError):
        ticket_actions.reopen_ticket(vendor_ticket, author=world.contact, reason="Back again.")
    with pytest.raises(NotAllowedError):
        ticket_actions.reopen_ticket(
            vendor_ticket, author=world.vendor_engineer, reason="Back again."
        )

    ticket_actions.reopen_ticket(vendor_ticket, author=world.engineer, reason="Back again.")

    vendor_ticket.refresh_from_db()
    assert vendor_ticket.status == Status.IN_PROGRESS
    last = copies(chain)[-1]
    assert (last.payload["vendor_kind"], last.payload["status"]) == (
        EventKind.REOPENED,
        Status.IN_PROGRESS,
    )
    assert last.payload["excerpt"] == "Back again."


def test_credentials_stay_with_their_ticket_and_a_vendor_refusal_is_copied(
    chain: Chain, escalation: Escalation
) -> None:
    """The customer's credentials never reach the vendor: the vendor sees the partner's
    ticket not at all, and credentials the partner passes on live on the vendor ticket
    alone (no copy of those events comes back). A vendor's refusal is copied with its note."""
    from kabinet.tickets.models import RefusalReason

    world, vendor_ticket = chain.world, escalation.vendor_ticket
    ticket_actions.give_credentials(chain.ticket, author=world.contact, secret="cust / Pa55")
    with pytest.raises(DomainError):
        ticket_actions.reveal_credentials(chain.ticket, viewer=world.vendor_engineer)
    ticket_actions.give_credentials(vendor_ticket, author=world.engineer, secret="partner / X1")
    ticket_actions.assign(
        vendor_ticket, author=world.vendor_engineer, assignee_id=world.vendor_engineer.pk
    )
    shown = ticket_actions.reveal_credentials(vendor_ticket, viewer=world.vendor_engineer)
    assert shown == "partner / X1"
    ticket_actions.refuse_ticket(
        vendor_ticket,
        author=world.vendor_engineer,
        reason=RefusalReason.BEYOND_REQUIREMENTS,
        body="32-bit server.",
    )
    kinds = [c.payload["vendor_kind"] for c in copies(chain)]
    assert not [k for k in kinds if k.startswith("credentials_")]
    refused = [c for c in copies(chain) if c.payload["vendor_kind"] == "refused"]
    assert len(refused) == 1
    assert refused[0].payload["body"] == "The vendor refused the vendor ticket; it is closed."
    assert refused[0].payload["excerpt"] == "32-bit server."
