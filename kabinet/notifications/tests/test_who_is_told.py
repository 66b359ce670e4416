"""The rules of "who is told what" at their edges, with time moved: quiet hours hold back
what is not a critical alert even while the group is on duty; a page passes quiet hours
while the group works and stops when the ticket closes; off duty is read in the group's own
time zone; a kind chosen for the cabinet keeps that kind off the mail for that person only;
someone who has left the supplier or the customer is told nothing more, though still on a
group's list or a ticket's watchers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from kabinet.conftest import NOW, World
from kabinet.notifications.actions import add_watcher
from kabinet.notifications.models import (
    ChannelChoice,
    Delivery,
    DutyGroup,
    Notice,
    NoticeKind,
    Preference,
    QuietHours,
)
from kabinet.notifications.paging import page_unassigned_tickets
from kabinet.notifications.tasks import deliver_notifications
from kabinet.orgs.actions import grant_role, revoke_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.actions.closing import withdraw_ticket
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))
EVENING = dt.datetime(2026, 5, 8, 20, 0, tzinfo=MSK)  # a Friday
MORNING = dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK)
CRITICAL = {"criticality": 1, "confirmed_phone_24x7": True, "confirmed_email_1h": True}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _staff(world: World, name: str, role: Role = Role.ENGINEER) -> Person:
    person = PersonFactory.create(username=name)
    grant_role(organisation=world.partner, person=person, role=role)
    return person


def _quiet_nights(person: Person) -> QuietHours:
    return QuietHours.objects.create(
        person=person, start=dt.time(19, 0), end=dt.time(9, 0), time_zone="Europe/Moscow"
    )


def _group(
    world: World,
    *members: Person,
    calendar: dict[str, Any] | None = None,
    time_zone: str = "Europe/Moscow",
    lead: Person | None = None,
) -> DutyGroup:
    group = DutyGroup.objects.create(
        supplier=world.partner,
        name="Дежурные",
        is_default=True,
        calendar=calendar,
        time_zone=time_zone,
        lead=lead,
    )
    group.members.set(members)
    return group


def test_a_warning_about_a_non_critical_ticket_waits_for_quiet_hours_on_duty_or_not(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    person = _staff(world, "night")
    _quiet_nights(person)
    _group(world, person)  # 24×7: on duty
    frozen_time.move_to(EVENING)
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, criticality=2)
    deliver_notifications()

    new = Delivery.objects.get(template="new_ticket", ticket=ticket)
    assert (new.sent_at, new.next_attempt_at) == (None, MORNING)
    assert Notice.objects.filter(person=person, kind=NoticeKind.NEW_TICKET).exists()


def test_a_page_passes_quiet_hours_while_the_group_works(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    person = _staff(world, "night")
    _quiet_nights(person)
    _group(world, person)
    frozen_time.move_to(EVENING)
    file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    deliver_notifications()
    later = EVENING + dt.timedelta(minutes=15)
    frozen_time.move_to(later)
    assert page_unassigned_tickets(now=later) == 1
    deliver_notifications()
    told = Delivery.objects.filter(recipient=person).order_by("pk")
    assert [(d.template, d.sent_at) for d in told] == [
        ("new_ticket", EVENING),
        ("unassigned_critical", later),
    ]


def test_paging_stops_when_the_customer_withdraws_the_ticket(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    person = _staff(world, "night")
    _group(world, person)
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    first = NOW + dt.timedelta(minutes=15)
    frozen_time.move_to(first)
    assert page_unassigned_tickets(now=first) == 1
    withdraw_ticket(ticket, author=world.sibling_contact, reason="Сами разобрались")
    second = NOW + dt.timedelta(minutes=30)
    frozen_time.move_to(second)
    assert page_unassigned_tickets(now=second) == 0


def test_off_duty_is_read_in_the_groups_own_time_zone(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    """20:00 in Moscow is 03:00 next day in Vladivostok: a Moscow-quiet engineer of a
    Vladivostok office group is off duty then, and on duty at 08:00 Moscow (15:00 there)."""
    person = _staff(world, "far_east")
    _quiet_nights(person)
    office = {"week": {day: [["09:00", "18:00"]] for day in WEEKDAYS}}
    _group(world, person, calendar=office, time_zone="Asia/Vladivostok")

    early = dt.datetime(2026, 5, 8, 8, 0, tzinfo=MSK)
    frozen_time.move_to(early)
    day = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    deliver_notifications()
    frozen_time.move_to(EVENING)
    night = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    deliver_notifications()

    held = Delivery.objects.get(template="new_ticket", ticket=night)
    assert held.next_attempt_at == MORNING
    passed = Delivery.objects.get(template="new_ticket", ticket=day)
    assert passed.sent_at == early


def test_a_breach_chosen_for_the_cabinet_spares_that_person_only(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    member = _staff(world, "member")
    lead = _staff(world, "lead", Role.MANAGER)
    controller = _staff(world, "controller", Role.QUALITY_CONTROLLER)
    _group(world, member, lead=lead)
    Preference.objects.create(
        person=lead, kind=NoticeKind.SLA_BREACH, channel=ChannelChoice.CABINET
    )
    Preference.objects.create(
        person=member, kind=NoticeKind.SLA_WARNING, channel=ChannelChoice.CABINET
    )
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    breached = NOW + dt.timedelta(hours=2, minutes=1)
    frozen_time.move_to(breached)
    sweep_sla(now=breached)
    deliver_notifications()

    mailed = Delivery.objects.filter(ticket=ticket, template__startswith="sla_")
    assert sorted(mailed.values_list("template", "address")) == sorted(
        [("sla_breach", member.email), ("sla_breach", controller.email)]
    )
    listed = Notice.objects.filter(ticket=ticket, kind__startswith="sla_")
    assert sorted(listed.values_list("kind", "person__username")) == [
        ("sla_breach", "controller"),
        ("sla_breach", "lead"),
        ("sla_breach", "member"),
        ("sla_warning", "member"),
    ]


@pytest.mark.parametrize("who", ["member", "lead"])
def test_someone_who_left_the_supplier_is_told_nothing_though_still_listed(
    world: World, frozen_time: time_machine.Traveller, who: str
) -> None:
    stays = _staff(world, "stays")
    leaves = _staff(world, "leaves", Role.MANAGER)
    if who == "member":
        _group(world, stays, leaves)
    else:
        _group(world, stays, lead=leaves)
    revoke_role(organisation=world.partner, person=leaves, role=Role.MANAGER)
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    breached = NOW + dt.timedelta(hours=2, minutes=1)
    frozen_time.move_to(breached)
    sweep_sla(now=breached)
    deliver_notifications()

    assert not Delivery.objects.filter(recipient=leaves).exists()
    assert not Notice.objects.filter(person=leaves).exists()
    assert Delivery.objects.filter(ticket=ticket, recipient=stays, template="sla_breach").exists()


def test_a_watcher_who_left_the_customer_is_told_nothing_more(world: World) -> None:
    colleague = PersonFactory.create(username="colleague")
    grant_role(organisation=world.customer, person=colleague, role=Role.AUTHORISED_CONTACT)
    ticket = file_ticket(world.contract, world.contact)
    add_watcher(ticket, actor=world.contact, person=colleague)
    record_public_reply(ticket, author=world.engineer, body="Первый ответ.")
    deliver_notifications()
    assert Delivery.objects.filter(recipient=colleague, template="reply").count() == 1

    revoke_role(organisation=world.customer, person=colleague, role=Role.AUTHORISED_CONTACT)
    record_public_reply(ticket, author=world.engineer, body="Второй ответ.")
    deliver_notifications()
    assert Delivery.objects.filter(recipient=colleague, template="reply").count() == 1
    assert Delivery.objects.filter(recipient=world.contact, template="reply").count() == 2
