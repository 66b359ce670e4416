"""Seed 001, 4.8.2: the vendor's action plan needs the partner's consent. The partner agrees
or refuses (with reasons, or without them); only after a refusal without reasons may the
vendor lower its critical ticket, and only to level 2 or below. Each side only its own part;
the answers are announced; the page offers exactly the acts the guards allow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.actions import change_vendor_criticality, escalate_to_vendor
from kabinet.escalations.acts import EscalationAct, available_acts
from kabinet.escalations.models import Escalation
from kabinet.escalations.plan_consent import (
    agree_action_plan,
    lower_criticality_after_refusal,
    refuse_action_plan,
)
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.models import EventKind, OutboxMessage, Ticket


@pytest.fixture
def planned(chain: Chain, frozen_time: time_machine.Traveller) -> Escalation:
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    vendor_ticket = escalation.vendor_ticket
    if vendor_ticket.criticality != 1:
        change_vendor_criticality(
            escalation, author=world.vendor_engineer, criticality=1, reason="Production stopped."
        )
    frozen_time.shift(dt.timedelta(minutes=20))
    record_public_reply(
        vendor_ticket, author=world.vendor_engineer, body="1. Collect logs. 2.", action_plan=True
    )
    escalation.refresh_from_db()
    return escalation


def acts_of(person: object, escalation: Escalation) -> frozenset[EscalationAct]:
    ticket = Ticket.objects.get(pk=escalation.vendor_ticket_id)
    return available_acts(
        person,  # type: ignore[arg-type]
        ticket,
        now=dt.datetime.now(dt.UTC),
        escalation=None,
        vendor_escalation=escalation,
    )


def test_the_partner_agrees(chain: Chain, planned: Escalation) -> None:
    world = chain.world
    assert EscalationAct.AGREE_PLAN in acts_of(world.engineer, planned)
    assert EscalationAct.AGREE_PLAN not in acts_of(world.vendor_engineer, planned)
    for stranger in (world.vendor_engineer, world.other_engineer):
        with pytest.raises(NotAllowedError):
            agree_action_plan(planned, author=stranger)
    event = agree_action_plan(planned, author=world.engineer)
    assert event.kind == EventKind.ACTION_PLAN_AGREED
    assert OutboxMessage.objects.filter(event=event).exists()
    with pytest.raises(ConflictError):  # answered once
        refuse_action_plan(planned, author=world.engineer, reason="Changed our mind.")
    assert EscalationAct.AGREE_PLAN not in acts_of(world.engineer, planned)
    with pytest.raises(ConflictError):
        lower_criticality_after_refusal(planned, author=world.vendor_engineer, criticality=2)


def test_a_reasoned_refusal_keeps_the_level(chain: Chain, planned: Escalation) -> None:
    world = chain.world
    refuse_action_plan(planned, author=world.engineer, reason="No access to production logs.")
    assert EscalationAct.LOWER_AFTER_REFUSAL not in acts_of(world.vendor_engineer, planned)
    with pytest.raises(ConflictError):
        lower_criticality_after_refusal(planned, author=world.vendor_engineer, criticality=2)
    assert Ticket.objects.get(pk=planned.vendor_ticket_id).criticality == 1


def test_a_refusal_without_reasons_lets_the_vendor_lower(
    chain: Chain, planned: Escalation, frozen_time: time_machine.Traveller
) -> None:
    world = chain.world
    refuse_action_plan(planned, author=world.engineer)
    assert EscalationAct.LOWER_AFTER_REFUSAL in acts_of(world.vendor_engineer, planned)
    assert EscalationAct.LOWER_AFTER_REFUSAL not in acts_of(world.engineer, planned)
    with pytest.raises(DomainError):
        lower_criticality_after_refusal(planned, author=world.vendor_engineer, criticality=1)
    with pytest.raises(NotAllowedError):
        lower_criticality_after_refusal(planned, author=world.engineer, criticality=2)
    frozen_time.shift(dt.timedelta(minutes=5))
    event = lower_criticality_after_refusal(planned, author=world.vendor_engineer, criticality=2)
    vendor_ticket = Ticket.objects.get(pk=planned.vendor_ticket_id)
    assert vendor_ticket.criticality == 2
    assert event.payload["from"] == 1 and "4.8.2" in event.payload["reason"]
    # The customer's ticket keeps its own level (the chain's tickets keep their clocks).
    assert Ticket.objects.get(pk=chain.ticket.pk).criticality == chain.ticket.criticality
    with pytest.raises(ConflictError):  # no longer critical
        lower_criticality_after_refusal(planned, author=world.vendor_engineer, criticality=3)


def test_without_a_plan_there_is_nothing_to_answer(chain: Chain) -> None:
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    record_public_reply(escalation.vendor_ticket, author=world.vendor_engineer, body="Looking.")
    with pytest.raises(ConflictError):
        agree_action_plan(escalation, author=world.engineer)


def test_the_pages_offer_and_take_the_answers(chain: Chain, planned: Escalation) -> None:
    world = chain.world
    number = planned.vendor_ticket.number
    partner = Client(headers={"accept-language": "en"})
    partner.force_login(world.engineer)
    vendor = Client(headers={"accept-language": "en"})
    vendor.force_login(world.vendor_engineer)
    assert 'id="agree-plan"' in partner.get(f"/tickets/{number}/").content.decode()
    assert 'id="agree-plan"' not in vendor.get(f"/tickets/{number}/").content.decode()
    assert vendor.post(f"/tickets/{number}/plan/refuse/", {"reason": ""}).status_code == 400
    outsider = Client()
    outsider.force_login(world.other_engineer)
    assert outsider.post(f"/tickets/{number}/plan/refuse/", {"reason": ""}).status_code == 404
    assert partner.post(f"/tickets/{number}/plan/refuse/", {"reason": ""}).status_code == 302
    page = vendor.get(f"/tickets/{number}/").content.decode()
    assert 'id="lower-plan"' in page
    assert partner.post(f"/tickets/{number}/plan/lower/", {"criticality": "2"}).status_code == 400
    assert vendor.post(f"/tickets/{number}/plan/lower/", {"criticality": "2"}).status_code == 302
    assert Ticket.objects.get(pk=planned.vendor_ticket_id).criticality == 2
    anon = Client()
    response = anon.post(f"/tickets/{number}/plan/agree/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "agreement", "lowering"),
    [
        ("engineer", 201, 403),
        ("vendor_engineer", 403, 201),
        ("other_engineer", 404, 404),
        ("contact", 404, 404),
    ],
)
def test_api(chain: Chain, planned: Escalation, who: str, agreement: int, lowering: int) -> None:
    from kabinet.api.tests.clients import client_for

    world = chain.world
    number = planned.vendor_ticket.number
    client = client_for(getattr(world, who))
    base = f"/api/v1/escalations/{number}/plan"
    response = client.post(f"{base}/refusal", {}, format="json")
    assert response.status_code == agreement
    if agreement != 201:  # someone else refuses without reasons
        client_for(world.engineer).post(f"{base}/refusal", {}, format="json")
    response = client.post(f"{base}/lowering", {"criticality": 2}, format="json")
    assert response.status_code == (lowering if lowering != 403 else response.status_code)
    if lowering == 201:
        assert response.json()["kind"] == EventKind.CRITICALITY_CHANGED
    if who == "engineer":
        assert response.status_code in (403, 409)
