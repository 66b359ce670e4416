"""escalate_to_vendor: who may, what the dossier must hold, what each side then sees."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from kabinet.contracts.models import Contract
from kabinet.errors import DomainError, NotAllowedError, NotFoundError
from kabinet.escalations.actions import escalate_to_vendor, escalation_refusal
from kabinet.escalations.dossier import DossierItem
from kabinet.escalations.models import EscalationState
from kabinet.escalations.tests.conftest import EXPERT, Chain, certify, full_dossier
from kabinet.orgs.models import Certificate
from kabinet.tickets.access import access_ticket, timeline_for
from kabinet.tickets.models import EventKind, Visibility


def test_certified_engineer_opens_a_linked_vendor_ticket_with_its_own_clocks(chain: Chain) -> None:
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    vendor_ticket = escalation.vendor_ticket
    assert vendor_ticket.contract.number == "V-1"
    assert vendor_ticket.contract.supplier == world.vendor
    assert vendor_ticket.reporter == world.engineer
    assert vendor_ticket.number != chain.ticket.number
    assert vendor_ticket.reaction_due_at is not None
    assert escalation.state == EscalationState.ACTIVE
    assert "Windows Server 2022" in vendor_ticket.description
    note = chain.ticket.events.get(kind=EventKind.ESCALATION_OPENED)
    assert note.visibility == Visibility.INTERNAL
    assert note.payload["escalation"] == vendor_ticket.number


def test_the_customer_never_sees_the_escalation_or_the_vendor_ticket(chain: Chain) -> None:
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    visible = timeline_for(world.contact, chain.ticket)
    assert [event.kind for event in visible] == [EventKind.REGISTERED]
    with pytest.raises(NotFoundError):
        access_ticket(world.contact, escalation.number)


@pytest.mark.parametrize("item", [i for i in DossierItem if i is not DossierItem.PERFORMANCE])
def test_a_missing_dossier_item_is_refused_naming_it(chain: Chain, item: DossierItem) -> None:
    dossier = full_dossier()
    del dossier[item.value]
    with pytest.raises(DomainError) as refusal:
        escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=dossier)
    assert str(item.label) in str(refusal.value.message)
    assert refusal.value.field == f"dossier.{item.value}"


def test_the_refusal_reads_in_russian(chain: Chain) -> None:
    dossier = full_dossier(test_scenario="  ")
    with translation.override("ru"), pytest.raises(DomainError) as refusal:
        escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=dossier)
    with translation.override("ru"):
        assert str(refusal.value.message) == (
            "В досье эскалации нет пункта 8: тестовый сценарий и тестовые данные."
        )


def test_performance_data_is_required_only_for_a_performance_issue(chain: Chain) -> None:
    engineer = chain.world.engineer
    with pytest.raises(DomainError, match="performance data before and after"):
        escalate_to_vendor(
            chain.ticket, author=engineer, dossier=full_dossier(), performance_issue=True
        )
    escalation = escalate_to_vendor(
        chain.ticket,
        author=engineer,
        dossier=full_dossier(performance_before_after="12 s before, 95 s after"),
        performance_issue=True,
    )
    assert escalation.performance_issue is True


def test_critical_without_confirmed_conditions_is_registered_as_standard(chain: Chain) -> None:
    escalation = escalate_to_vendor(
        chain.ticket,
        author=chain.world.engineer,
        dossier=full_dossier(critical_conditions_confirmed=False),
        criticality=1,
    )
    assert escalation.vendor_ticket.criticality == 3


def test_an_engineer_without_a_certificate_is_refused(chain: Chain) -> None:
    with pytest.raises(NotAllowedError, match="certificate valid on 2026-05-08"):
        escalate_to_vendor(chain.ticket, author=chain.uncertified, dossier=full_dossier())


def test_a_lapsed_partner_is_refused_but_keeps_reading(chain: Chain) -> None:
    with pytest.raises(NotAllowedError, match="status is not valid on 2026-05-08"):
        escalate_to_vendor(
            chain.lapsed_ticket, author=chain.lapsed_engineer, dossier=full_dossier()
        )
    number = chain.lapsed_ticket.number
    assert number is not None
    assert access_ticket(chain.lapsed_engineer, number) == chain.lapsed_ticket


def test_a_customer_contact_may_not_escalate(chain: Chain) -> None:
    with pytest.raises(NotAllowedError, match="Only the partner's engineers"):
        escalate_to_vendor(chain.ticket, author=chain.world.contact, dossier=full_dossier())


def test_a_ticket_is_escalated_once_while_the_vendor_works_it(chain: Chain) -> None:
    escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())
    with pytest.raises(DomainError, match="already escalated"):
        escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())


def test_the_refusal_a_page_reads_is_the_actions_own(chain: Chain) -> None:
    world = chain.world
    assert escalation_refusal(world.engineer, chain.ticket, now=timezone.now()) is None
    cases = [
        (chain.uncertified, chain.ticket, "certificate valid on 2026-05-08"),
        (chain.lapsed_engineer, chain.lapsed_ticket, "status is not valid on 2026-05-08"),
        (world.contact, chain.ticket, "Only the partner's engineers"),
        (world.vendor_engineer, chain.ticket, "Only the partner's engineers"),
    ]
    for person, ticket, words in cases:
        assert words in str(escalation_refusal(person, ticket, now=timezone.now()))
        with pytest.raises(NotAllowedError, match=words):
            escalate_to_vendor(ticket, author=person, dossier=full_dossier())


def test_the_vendor_package_names_the_certificate_an_engineer_needs(chain: Chain) -> None:
    # Seed 001, Appendix 2, 2.5: «1С:Эксперт по технологическим вопросам», valid today.
    world = chain.world
    package = Contract.objects.get(number="V-1").package
    package.escalation_certificate = EXPERT
    package.save()
    Certificate.objects.filter(person=world.engineer).update(kind="1С:Профессионал")
    with pytest.raises(NotAllowedError) as refusal:
        escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    assert str(refusal.value) == (
        f"Only an engineer with a “{EXPERT}” certificate valid on 2026-05-08 may escalate to "
        "the vendor."
    )
    assert escalation_refusal(world.engineer, chain.ticket) == str(refusal.value)
    certify(world.engineer)
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    assert escalation.vendor_ticket.contract.number == "V-1"
