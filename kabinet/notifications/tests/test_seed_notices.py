"""Who is told of seed issue 18's acts, and what the mail says: a request to expedite
reaches the supplier's quality controllers and the group's lead (as a breach does) and the
handler; credentials given tell the handler, their wiping at closing reminds the customer,
and no mail carries the secret; a refusal tells the customer the reason in words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.notifications.models import Delivery, DutyGroup
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets import actions
from kabinet.tickets.models import RefusalReason
from kabinet.tickets.tests.factories import file_ticket

SECRET = "vpn.example.ru admin / Temp-Pa55"


@dataclass
class Management:
    lead: Person
    controller: Person
    member: Person


def _staff(world: World, name: str, role: Role) -> Person:
    person = PersonFactory.create(username=name)
    grant_role(organisation=world.partner, person=person, role=role)
    return person


@pytest.fixture
def management(world: World) -> Management:
    lead = _staff(world, "lead", Role.MANAGER)
    controller = _staff(world, "controller", Role.QUALITY_CONTROLLER)
    member = _staff(world, "member", Role.ENGINEER)
    group = DutyGroup.objects.create(
        supplier=world.partner, name="Дежурные", is_default=True, lead=lead
    )
    group.members.set([member])
    return Management(lead, controller, member)


def _told(template: str) -> list[str]:
    rows = Delivery.objects.filter(template=template).order_by("address")
    return list(rows.values_list("address", flat=True))


def test_expediting_reaches_quality_control_the_lead_and_the_handler(
    world: World, management: Management, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert ticket.assignee == world.engineer
    actions.request_expedite(ticket, author=world.contact, body="Склад стоит второй день.")
    deliver_notifications()
    people = [management.controller, management.lead, world.engineer]
    assert _told("expedite_requested") == sorted(p.email for p in people)
    assert management.member.email not in _told("expedite_requested")  # the assignee handles
    assert any("Клиент просит ускорить решение" in s for s in smtp_server.subjects())
    assert "Склад стоит второй день." in "\n".join(smtp_server.bodies())


def test_credentials_never_travel_by_mail_and_closing_reminds_the_customer(
    world: World, management: Management, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.give_credentials(ticket, author=world.contact, secret=SECRET)
    deliver_notifications()
    assert _told("credentials_given") == [world.engineer.email]
    actions.propose_solution(ticket, author=world.engineer, body="Готово.")
    actions.accept_solution(ticket, author=world.contact)
    deliver_notifications()
    assert _told("change_credentials") == [world.contact.email]
    assert any(s.startswith(f"[{ticket.number}] Смените") for s in smtp_server.subjects())
    everything = "\n".join(smtp_server.bodies() + smtp_server.html() + smtp_server.subjects())
    assert "Temp-Pa55" not in everything
    assert "Смените" in everything


def test_a_refusal_tells_the_customer_the_reason_in_words(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.refuse_ticket(
        ticket,
        author=world.engineer,
        reason=RefusalReason.UNDOCUMENTED_CAPABILITIES,
        body="Используется закрытый API платформы.",
    )
    deliver_notifications()
    assert _told("refused") == [world.contact.email]
    body = "\n".join(smtp_server.bodies())
    assert "недокументированные возможности" in body
    assert "undocumented_capabilities" not in body
    assert "Используется закрытый API платформы." in body
