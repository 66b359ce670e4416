"""Each person's channel per kind of notice and their quiet hours, with time moved: a
message waits for the end of the quiet hours, except an alert about a critical ticket to a
person whose group is on duty; a chosen channel without an address falls back to email;
every notice is in the cabinet's list whatever the channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import time_machine

from kabinet.channels import base as channels
from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
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
from kabinet.orgs.models import Person
from kabinet.tickets.actions import customer_reply
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))
EVENING = dt.datetime(2026, 5, 8, 20, 0, tzinfo=MSK)
MORNING = dt.datetime(2026, 5, 9, 9, 0, tzinfo=MSK)
CRITICAL = {"criticality": 1, "confirmed_phone_24x7": True, "confirmed_email_1h": True}


@pytest.fixture
def quiet_nights(world: World) -> QuietHours:
    return QuietHours.objects.create(
        person=world.engineer, start=dt.time(19, 0), end=dt.time(9, 0), time_zone="Europe/Moscow"
    )


def test_a_message_in_quiet_hours_waits_for_their_end(
    world: World,
    quiet_nights: QuietHours,
    smtp_server: Mailbox,
    frozen_time: time_machine.Traveller,
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    deliver_notifications()
    frozen_time.move_to(EVENING)
    customer_reply(ticket, author=world.contact, body="Any news?")

    deliver_notifications()
    assert len(smtp_server.to(world.engineer.email)) == 1  # the new ticket, not the reply
    reply = Delivery.objects.get(template="customer_reply")
    assert reply.next_attempt_at == MORNING

    frozen_time.move_to(MORNING)
    assert deliver_notifications() == 1
    assert "Any news?" in smtp_server.bodies()[-1]


def test_a_critical_alert_passes_quiet_hours_while_the_group_is_on_duty(
    world: World, quiet_nights: QuietHours, frozen_time: time_machine.Traveller
) -> None:
    group = DutyGroup.objects.create(supplier=world.partner, name="24×7", is_default=True)
    group.members.set([world.engineer])
    frozen_time.move_to(EVENING)
    ticket = file_ticket(world.contract, world.contact, **CRITICAL)
    deliver_notifications()
    warned = EVENING + dt.timedelta(hours=1, minutes=31)
    frozen_time.move_to(warned)
    sweep_sla(now=warned)
    deliver_notifications()

    new, warning = (
        Delivery.objects.get(template=kind, ticket=ticket) for kind in ("new_ticket", "sla_warning")
    )
    assert new.sent_at == EVENING
    assert warning.sent_at == warned


def test_a_critical_alert_waits_when_the_persons_group_is_off_duty(
    world: World, quiet_nights: QuietHours, frozen_time: time_machine.Traveller
) -> None:
    office = {"week": {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    group = DutyGroup.objects.create(
        supplier=world.partner, name="Office", is_default=True, calendar=office
    )
    group.members.set([world.engineer])
    frozen_time.move_to(EVENING)  # Friday evening: the office group is off duty
    ticket = file_ticket(world.contract, world.contact, **CRITICAL)
    deliver_notifications()

    new = Delivery.objects.get(template="new_ticket", ticket=ticket)
    assert new.sent_at is None
    assert new.next_attempt_at == MORNING


def test_a_kind_chosen_for_the_cabinet_only_sends_nothing_and_lists_the_notice(
    world: World, smtp_server: Mailbox
) -> None:
    Preference.objects.create(
        person=world.engineer, kind=NoticeKind.CUSTOMER_REPLY, channel=ChannelChoice.CABINET
    )
    ticket = file_ticket(world.contract, world.contact)
    customer_reply(ticket, author=world.contact, body="Any news?")
    deliver_notifications()

    assert [d.template for d in Delivery.objects.filter(recipient=world.engineer)] == ["new_ticket"]
    kinds = Notice.objects.filter(person=world.engineer).values_list("kind", flat=True)
    assert sorted(kinds) == ["customer_reply", "new_ticket"]


@dataclass
class ChatChannel:
    """A channel that knows the chat of linked people only and keeps what it sends: what
    the Telegram channel provides, through the same protocol."""

    linked: dict[int, str]
    sent: list[channels.OutboundMessage] = field(default_factory=list)
    name: str = "telegram"

    def address_for(self, person: Person) -> str | None:
        return self.linked.get(person.pk)

    def send(self, message: channels.OutboundMessage) -> None:
        self.sent.append(message)


@pytest.fixture
def chat(monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatChannel]:
    channel = ChatChannel(linked={})
    monkeypatch.setitem(channels._FACTORIES, "telegram", lambda: channel)
    yield channel


def test_telegram_reaches_a_linked_person_and_email_an_unlinked_one(
    world: World, chat: ChatChannel, smtp_server: Mailbox
) -> None:
    for person in (world.engineer, world.contact):
        Preference.objects.create(
            person=person, kind=NoticeKind.REGISTERED, channel=ChannelChoice.TELEGRAM
        )
        Preference.objects.create(
            person=person, kind=NoticeKind.NEW_TICKET, channel=ChannelChoice.TELEGRAM
        )
    chat.linked[world.engineer.pk] = "100500"
    ticket = file_ticket(world.contract, world.contact)
    assert deliver_notifications() == 2

    (message,) = chat.sent
    assert message.to == "100500"
    assert message.subject.startswith(f"[{ticket.number}] Новое обращение")
    assert message.html == ""  # no mail layout, no reply marker in a chat
    assert "Ответьте выше" not in message.body
    assert [m["To"] for m in smtp_server.messages] == [world.contact.email]


def test_a_page_held_back_by_quiet_hours_is_not_sent_later(
    world: World, quiet_nights: QuietHours, frozen_time: time_machine.Traveller
) -> None:
    office = {"week": {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    group = DutyGroup.objects.create(
        supplier=world.partner, name="Office", is_default=True, calendar=office
    )
    group.members.set([world.engineer])
    frozen_time.move_to(EVENING)
    ticket = file_ticket(world.sibling_contract, world.sibling_contact, **CRITICAL)
    later = EVENING + dt.timedelta(minutes=15)
    frozen_time.move_to(later)
    page_unassigned_tickets(now=later)

    assert not Delivery.objects.filter(template="unassigned_critical").exists()
    listed = Notice.objects.filter(person=world.engineer, ticket=ticket)
    assert list(listed.values_list("kind", flat=True)) == ["unassigned_critical"]
