"""Seed 001, 4.8.2: after a full or partial restoration the vendor's critical ticket is
lowered to level 2 or below only by agreement with the partner. The vendor proposes, the
partner agrees (the level changes then, on the timeline) or refuses with reasons (the
level stays). Each side only its own part; the pages and the API offer exactly that."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.escalations.actions import change_vendor_criticality, escalate_to_vendor
from kabinet.escalations.acts import EscalationAct, available_acts
from kabinet.escalations.lowering_consent import (
    AGREED_REASON,
    agree_lowering,
    propose_lowering,
    refuse_lowering,
)
from kabinet.escalations.models import Escalation
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.tickets.actions import propose_workaround
from kabinet.tickets.models import EventKind, OutboxMessage, Ticket


@pytest.fixture
def critical(chain: Chain, frozen_time: time_machine.Traveller) -> Escalation:
    """A critical vendor ticket, not yet restored."""
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    if escalation.vendor_ticket.criticality != 1:
        change_vendor_criticality(
            escalation, author=world.vendor_engineer, criticality=1, reason="Production stopped."
        )
    frozen_time.shift(dt.timedelta(minutes=20))
    escalation.refresh_from_db()
    return escalation


@pytest.fixture
def restored(chain: Chain, critical: Escalation, frozen_time: time_machine.Traveller) -> Escalation:
    propose_workaround(
        critical.vendor_ticket, author=chain.world.vendor_engineer, body="Post with the old form."
    )
    frozen_time.shift(dt.timedelta(minutes=5))
    critical.refresh_from_db()
    return critical


def acts_of(person: object, escalation: Escalation) -> frozenset[EscalationAct]:
    ticket = Ticket.objects.get(pk=escalation.vendor_ticket_id)
    return available_acts(
        person,  # type: ignore[arg-type]
        ticket,
        now=dt.datetime.now(dt.UTC),
        escalation=None,
        vendor_escalation=escalation,
    )


def level(escalation: Escalation) -> int:
    return Ticket.objects.get(pk=escalation.vendor_ticket_id).criticality


def test_the_lowering_waits_for_restoration(chain: Chain, critical: Escalation) -> None:
    vendor = chain.world.vendor_engineer
    assert EscalationAct.PROPOSE_LOWERING not in acts_of(vendor, critical)
    with pytest.raises(ConflictError, match="restoration"):
        propose_lowering(critical, author=vendor, criticality=2)


def test_the_partner_agrees_and_the_level_changes_then(
    chain: Chain, restored: Escalation, frozen_time: time_machine.Traveller
) -> None:
    world = chain.world
    assert EscalationAct.PROPOSE_LOWERING in acts_of(world.vendor_engineer, restored)
    assert EscalationAct.PROPOSE_LOWERING not in acts_of(world.engineer, restored)
    with pytest.raises(NotAllowedError):
        propose_lowering(restored, author=world.engineer, criticality=2)
    with pytest.raises(DomainError) as level_one:
        propose_lowering(restored, author=world.vendor_engineer, criticality=1)
    assert level_one.value.field == "criticality"
    proposal = propose_lowering(
        restored, author=world.vendor_engineer, criticality=2, reason="Workaround in place."
    )
    assert (proposal.payload["from"], proposal.payload["to"]) == (1, 2)
    assert OutboxMessage.objects.filter(event=proposal).exists()
    assert level(restored) == 1  # nothing changes before the partner agrees
    with pytest.raises(ConflictError):  # one proposal at a time
        propose_lowering(restored, author=world.vendor_engineer, criticality=3)
    assert EscalationAct.AGREE_LOWERING in acts_of(world.engineer, restored)
    assert EscalationAct.AGREE_LOWERING not in acts_of(world.vendor_engineer, restored)
    for stranger in (world.vendor_engineer, world.other_engineer, world.contact):
        with pytest.raises(NotAllowedError):
            agree_lowering(restored, author=stranger)
    frozen_time.shift(dt.timedelta(minutes=3))
    change = agree_lowering(restored, author=world.engineer)
    assert change.kind == EventKind.CRITICALITY_CHANGED
    assert (change.payload["from"], change.payload["to"]) == (1, 2)
    assert change.payload["reason"] == AGREED_REASON
    assert change.actor == world.vendor_engineer  # in the proposer's name
    assert level(restored) == 2
    kinds = list(
        Ticket.objects.get(pk=restored.vendor_ticket_id)
        .events.order_by("at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds[-3:] == [
        EventKind.LOWERING_PROPOSED,
        EventKind.LOWERING_AGREED,
        EventKind.CRITICALITY_CHANGED,
    ]
    # The customer's ticket keeps its own level; the partner reads the copies there.
    assert Ticket.objects.get(pk=chain.ticket.pk).criticality == chain.ticket.criticality
    with pytest.raises(ConflictError):  # answered once
        refuse_lowering(restored, author=world.engineer, reason="Changed our mind.")


def test_a_refusal_needs_reasons_and_keeps_the_level(chain: Chain, restored: Escalation) -> None:
    world = chain.world
    propose_lowering(restored, author=world.vendor_engineer, criticality=3)
    with pytest.raises(DomainError) as blank:
        refuse_lowering(restored, author=world.engineer, reason="  ")
    assert blank.value.field == "reason"
    refusal = refuse_lowering(
        restored, author=world.engineer, reason="The workaround fails on the night batch."
    )
    assert refusal.kind == EventKind.LOWERING_REFUSED
    assert OutboxMessage.objects.filter(event=refusal).exists()
    assert level(restored) == 1
    assert EscalationAct.AGREE_LOWERING not in acts_of(world.engineer, restored)
    with pytest.raises(ConflictError):
        agree_lowering(restored, author=world.engineer)
    # The vendor may propose again later, once the partner answered.
    assert EscalationAct.PROPOSE_LOWERING in acts_of(world.vendor_engineer, restored)


def test_a_level_changed_meanwhile_makes_the_proposal_stale(
    chain: Chain, restored: Escalation
) -> None:
    world = chain.world
    propose_lowering(restored, author=world.vendor_engineer, criticality=3)
    change_vendor_criticality(
        restored, author=world.vendor_engineer, criticality=2, reason="Mismatch (section 5)."
    )
    with pytest.raises(ConflictError):
        agree_lowering(restored, author=world.engineer)
    assert level(restored) == 2


def test_the_pages_offer_and_take_the_acts(chain: Chain, restored: Escalation) -> None:
    world = chain.world
    number = restored.vendor_ticket.number
    partner = Client(headers={"accept-language": "ru"})
    partner.force_login(world.engineer)
    vendor = Client(headers={"accept-language": "en"})
    vendor.force_login(world.vendor_engineer)
    outsider = Client()
    outsider.force_login(world.other_engineer)
    assert 'id="propose-lowering"' in vendor.get(f"/tickets/{number}/").content.decode()
    assert 'id="propose-lowering"' not in partner.get(f"/tickets/{number}/").content.decode()
    url = f"/tickets/{number}/lowering"
    assert partner.post(f"{url}/propose/", {"criticality": "2"}).status_code == 400
    assert outsider.post(f"{url}/propose/", {"criticality": "2"}).status_code == 404
    response = vendor.post(f"{url}/propose/", {"criticality": "1"})
    assert response.status_code == 400
    assert (
        vendor.post(f"{url}/propose/", {"criticality": "2", "reason": "Restored."}).status_code
        == 302
    )
    page = partner.get(f"/tickets/{number}/").content.decode()
    assert 'id="agree-lowering"' in page
    assert "Вендор предлагает понизить критичность" in page
    assert "1 → 2: Restored." in page
    response = partner.post(f"{url}/refuse/", {"reason": ""})
    assert response.status_code == 400
    assert "Обязательное поле." in response.content.decode()
    assert vendor.post(f"{url}/agree/").status_code == 400
    assert outsider.post(f"{url}/agree/").status_code == 404
    assert partner.post(f"{url}/agree/").status_code == 302
    assert level(restored) == 2
    timeline = partner.get(f"/tickets/{number}/").content.decode()
    timeline = timeline[timeline.index('class="timeline"') :]
    assert "Понижение критичности согласовано" in timeline
    assert "Понижена после восстановления по согласованию с партнером" in timeline
    anon = Client()
    response = anon.post(f"{url}/agree/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "proposal", "answer"),
    [
        ("vendor_engineer", 201, 403),
        ("engineer", 403, 201),
        ("other_engineer", 404, 404),
        ("contact", 404, 404),
    ],
)
def test_api(chain: Chain, restored: Escalation, who: str, proposal: int, answer: int) -> None:
    world = chain.world
    base = f"/api/v1/escalations/{restored.vendor_ticket.number}/lowering"
    client = client_for(getattr(world, who))
    response = client.post(f"{base}/proposal", {"criticality": 2}, format="json")
    assert response.status_code == proposal
    if proposal != 201:
        made = client_for(world.vendor_engineer).post(
            f"{base}/proposal", {"criticality": 2}, format="json"
        )
        assert made.status_code == 201
    refusal = client.post(f"{base}/refusal", {"reason": ""}, format="json")
    assert refusal.status_code == (404 if answer == 404 else 400)  # the shape first
    response = client.post(f"{base}/agreement", format="json")
    assert response.status_code == answer
    if answer == 201:
        assert response.json()["kind"] == EventKind.CRITICALITY_CHANGED
        assert level(restored) == 2
    else:
        assert level(restored) == 1
