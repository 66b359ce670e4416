"""SLA alerts recorded by the sweep reach the assignee once, in their language, when the
outbox is drained."""

from __future__ import annotations

import datetime as dt

import time_machine

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.notifications.models import Delivery
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))
# Level 4, filed Fri 2026-05-08 16:00 Moscow: reaction due Tue the 12th at 16:30, warned at 14:30.
WARNED = dt.datetime(2026, 5, 12, 14, 31, tzinfo=MSK)
BREACHED = dt.datetime(2026, 5, 12, 16, 31, tzinfo=MSK)


def test_the_assignee_is_told_of_each_alert_once(
    world: World, smtp_server: Mailbox, frozen_time: time_machine.Traveller
) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    deliver_notifications()  # the registration
    before = len(smtp_server.messages)

    frozen_time.move_to(WARNED)
    sweep_sla(now=WARNED)
    assert deliver_notifications() == 1
    frozen_time.move_to(BREACHED)
    sweep_sla(now=BREACHED)
    sweep_sla(now=BREACHED)
    assert deliver_notifications() == 1
    assert deliver_notifications() == 0

    # The assignee (the personal consultant) is told of each alert once.
    alerts = Delivery.objects.filter(template__startswith="sla_")
    assert sorted(alerts.values_list("template", "address")) == [
        ("sla_breach", world.engineer.email),
        ("sla_warning", world.engineer.email),
    ]
    # Decoding a folded Subject header may double a space between its encoded words.
    subjects = [" ".join(s.split()) for s in smtp_server.subjects()[before:]]
    assert subjects == [
        f"[{ticket.number}] Предупреждение SLA: время реакции до 2026-05-12 16:30 (Europe/Moscow)",
        f"[{ticket.number}] Нарушение SLA: время реакции",
    ]


def test_an_english_assignee_reads_the_alert_in_english(
    world: World, smtp_server: Mailbox, frozen_time: time_machine.Traveller
) -> None:
    world.engineer.language = "en"
    world.engineer.save()
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    deliver_notifications()
    before = len(smtp_server.messages)

    frozen_time.move_to(BREACHED)
    sweep_sla(now=BREACHED)
    deliver_notifications()

    # No scan ran in the warning's window: the warning comes first, marked late.
    subjects = [" ".join(s.split()) for s in smtp_server.subjects()[before:]]
    assert subjects == [
        f"[{ticket.number}] SLA warning (late): reaction due 2026-05-12 16:30 (Europe/Moscow)",
        f"[{ticket.number}] SLA breached: reaction",
    ]
    assert "This warning comes late" in smtp_server.bodies()[before]
    assert (
        f"The reaction target of ticket {ticket.number} “{ticket.subject}” was breached: "
        "it was due 2026-05-12 16:30 (Europe/Moscow)." in smtp_server.bodies()[before + 1]
    )
