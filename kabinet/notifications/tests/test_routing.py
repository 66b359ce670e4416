"""Who is told, with time moved: a new ticket reaches the personal consultant or its
on-duty group; silence escalates from the group to the lead and the quality controllers;
an unassigned critical ticket pages its group until taken; the vendor's group hears of an
escalation at once. Each rule is the supplier's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import NOW, World
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.lines.models import SupportLine
from kabinet.notifications.models import AlertingRules, Delivery, DutyGroup
from kabinet.notifications.paging import page_unassigned_tickets
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions.details import assign
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.tests.factories import file_ticket

# Level 1: reaction 2 h on the 24×7 clock from NOW; warned at 75 % (1 h 30 min).
WARNED = NOW + dt.timedelta(hours=1, minutes=31)
BREACHED = NOW + dt.timedelta(hours=2, minutes=1)


CRITICAL = {"criticality": 1, "confirmed_phone_24x7": True, "confirmed_email_1h": True}


@dataclass
class Duty:
    group: DutyGroup
    first: Person
    second: Person
    lead: Person
    controller: Person


def _staff(world: World, name: str, role: Role = Role.ENGINEER) -> Person:
    person = PersonFactory.create(username=name)
    grant_role(organisation=world.partner, person=person, role=role)
    return person


@pytest.fixture
def duty(world: World) -> Duty:
    """The partner's default group of two with a lead, and a quality controller."""
    first, second = _staff(world, "duty_first"), _staff(world, "duty_second")
    lead = _staff(world, "lead", Role.MANAGER)
    controller = _staff(world, "controller", Role.QUALITY_CONTROLLER)
    group = DutyGroup.objects.create(
        supplier=world.partner, name="Дежурные", is_default=True, lead=lead
    )
    group.members.set([first, second])
    return Duty(group, first, second, lead, controller)


def _told(template: str) -> list[str]:
    rows = Delivery.objects.filter(template=template).order_by("address")
    return list(rows.values_list("address", flat=True))


def test_an_unassigned_ticket_reaches_its_group_then_the_lead_at_breach(
    world: World, duty: Duty, smtp_server: Mailbox, frozen_time: time_machine.Traveller
) -> None:
    # The sibling's contract has no personal consultant: nobody is assigned.
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    assert ticket.assignee is None
    deliver_notifications()
    assert _told("new_ticket") == [duty.first.email, duty.second.email]

    frozen_time.move_to(WARNED)
    sweep_sla(now=WARNED)
    deliver_notifications()
    assert _told("sla_warning") == [duty.first.email, duty.second.email]

    frozen_time.move_to(BREACHED)
    sweep_sla(now=BREACHED)
    deliver_notifications()
    everyone = sorted([duty.first, duty.second, duty.lead, duty.controller], key=lambda p: p.email)
    assert _told("sla_breach") == [p.email for p in everyone]
    breach_subjects = [s for s in smtp_server.subjects() if "Нарушение SLA" in s]
    assert len(breach_subjects) == 4


def test_an_assigned_ticket_warns_its_assignee_alone_and_the_breach_goes_up(
    world: World, duty: Duty, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    assign(ticket, author=duty.first, assignee_id=duty.second.pk)

    frozen_time.move_to(WARNED)
    sweep_sla(now=WARNED)
    frozen_time.move_to(BREACHED)
    sweep_sla(now=BREACHED)
    deliver_notifications()

    assert _told("sla_warning") == [duty.second.email]
    assert _told("sla_breach") == sorted(
        [duty.second.email, duty.lead.email, duty.controller.email]
    )


def test_the_rules_of_telling_are_the_suppliers_data(
    world: World, duty: Duty, frozen_time: time_machine.Traveller
) -> None:
    AlertingRules.objects.create(
        supplier=world.partner,
        warning_to_group_when_unassigned=False,
        breach_to_quality_controllers=False,
    )
    file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    frozen_time.move_to(BREACHED)
    sweep_sla(now=BREACHED)
    deliver_notifications()

    assert _told("sla_warning") == []
    assert _told("sla_breach") == sorted([duty.first.email, duty.second.email, duty.lead.email])


def test_a_contract_with_a_personal_consultant_tells_the_consultant_not_the_group(
    world: World, duty: Duty
) -> None:
    file_ticket(world.contract, world.contact)
    deliver_notifications()
    assert _told("new_ticket") == [world.engineer.email]


def test_the_most_specific_group_takes_the_ticket(world: World, duty: Duty) -> None:
    line = SupportLine.objects.create(supplier=world.partner, key="l1", name="Line 1")
    line_group = DutyGroup.objects.create(supplier=world.partner, name="Line 1", line=line)
    line_group.members.set([duty.first])
    critical = DutyGroup.objects.create(
        supplier=world.partner, name="Line 1, critical", line=line, criticality=1
    )
    critical.members.set([duty.second])
    sibling = DutyGroup.objects.create(
        supplier=world.partner, name="Sibling", customer=world.sibling
    )
    sibling.members.set([duty.lead])

    file_ticket(world.sibling_contract, world.sibling_contact, criticality=3)
    deliver_notifications()
    assert _told("new_ticket") == [duty.lead.email]  # the customer outweighs the line
    sibling.delete()

    file_ticket(world.sibling_contract, world.sibling_contact, criticality=3)
    file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    deliver_notifications()
    assert _told("new_ticket") == sorted([duty.lead.email, duty.first.email, duty.second.email])


def test_an_unassigned_critical_ticket_pages_its_group_until_someone_takes_it(
    world: World, duty: Duty, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    file_ticket(world.sibling_contract, world.sibling_contact, criticality=2)  # not paged
    minutes = dt.timedelta(minutes=1)

    frozen_time.move_to(NOW + 14 * minutes)
    assert page_unassigned_tickets(now=NOW + 14 * minutes) == 0
    frozen_time.move_to(NOW + 15 * minutes)
    assert page_unassigned_tickets(now=NOW + 15 * minutes) == 2
    assert page_unassigned_tickets(now=NOW + 16 * minutes) == 0  # the same round: no page
    frozen_time.move_to(NOW + 31 * minutes)
    assert page_unassigned_tickets(now=NOW + 31 * minutes) == 2
    deliver_notifications()
    assert _told("unassigned_critical") == sorted([duty.first.email] * 2 + [duty.second.email] * 2)

    assign(ticket, author=duty.first, assignee_id=duty.first.pk)
    frozen_time.move_to(NOW + 46 * minutes)
    assert page_unassigned_tickets(now=NOW + 46 * minutes) == 0


def test_paging_follows_the_suppliers_interval_and_levels(
    world: World, duty: Duty, frozen_time: time_machine.Traveller
) -> None:
    AlertingRules.objects.create(
        supplier=world.partner, repage_minutes=5, repage_up_to_criticality=2
    )
    file_ticket(world.sibling_contract, world.sibling_contact, criticality=2)
    at = NOW + dt.timedelta(minutes=5)
    frozen_time.move_to(at)
    assert page_unassigned_tickets(now=at) == 2


def test_the_vendors_group_is_told_of_an_escalation_at_once(
    chain: Chain, smtp_server: Mailbox
) -> None:
    world = chain.world
    vendor_group = DutyGroup.objects.create(supplier=world.vendor, name="1C", is_default=True)
    vendor_group.members.set([world.vendor_engineer])
    deliver_notifications()
    before = len(smtp_server.messages)

    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    deliver_notifications()

    mail = {
        m["To"]: (s, b)
        for m, s, b in zip(
            smtp_server.messages, smtp_server.subjects(), smtp_server.bodies(), strict=True
        )
    }
    number = escalation.vendor_ticket.number
    subject, body = mail[world.vendor_engineer.email]
    assert subject == f"[{number}] Эскалация вендору: {chain.ticket.subject}"
    assert f"Партнёр Partner передал обращение {number} вендору с критичностью 3." in body
    # The customer hears nothing of the vendor ticket.
    assert world.contact.email not in [m["To"] for m in smtp_server.messages[before:]]


def test_a_supplier_without_groups_tells_its_engineers_and_managers(chain: Chain) -> None:
    world = chain.world
    escalation = escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier())
    deliver_notifications()
    told = Delivery.objects.filter(
        template="escalation_received", ticket=escalation.vendor_ticket
    ).values_list("address", flat=True)
    assert list(told) == [world.vendor_engineer.email]
