"""The customer's side is told of the supplier's public answers and proposals: the filer
and the ticket's watchers, by mail. Nothing internal reaches them, and nothing of the
vendor: what the vendor says goes to the partner who filed the vendor ticket, and reaches
the customer only when the partner relays it."""

from __future__ import annotations

import pytest

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.escalations.actions import (
    escalate_to_vendor,
    relay_vendor_answer,
    vendor_return_escalation,
)
from kabinet.escalations.models import VendorReturnReason
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.notifications.actions import add_watcher, remove_watcher
from kabinet.notifications.models import Delivery
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.actions import (
    add_internal_comment,
    log_phone_call,
    propose_solution,
    propose_workaround,
    record_public_reply,
    return_for_information,
)
from kabinet.tickets.models import ReturnReason
from kabinet.tickets.tests.factories import file_ticket

pytestmark = pytest.mark.usefixtures("consultant_reads_new_tickets_in_the_cabinet")


def _templates_to(person_email: str) -> list[str]:
    rows = Delivery.objects.filter(address=person_email).order_by("pk")
    return list(rows.values_list("template", flat=True))


def test_the_filer_and_the_watchers_get_every_public_answer_and_proposal(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    add_watcher(ticket, actor=world.contact, person=world.admin)
    record_public_reply(ticket, author=world.engineer, body="Looking into it.")
    log_phone_call(ticket, author=world.engineer, summary="Called about the logs.")
    return_for_information(ticket, author=world.engineer, reason=ReturnReason.OTHER, body="Logs?")
    propose_workaround(ticket, author=world.engineer, body="Post in two steps.")
    propose_solution(ticket, author=world.engineer, body="Install 4.2.1.")
    add_internal_comment(ticket, author=world.engineer, body="INTERNAL-ONLY-NOTE")
    deliver_notifications()

    answers = ["reply", "reply", "returned_for_information"] + ["solution_proposed"] * 2
    assert _templates_to(world.contact.email) == ["registered", *answers]
    assert _templates_to(world.admin.email) == answers
    assert all("INTERNAL-ONLY-NOTE" not in body for body in smtp_server.bodies())
    admin_bodies = [
        b
        for m, b in zip(smtp_server.messages, smtp_server.bodies(), strict=True)
        if m["To"] == world.admin.email
    ]
    assert "Install 4.2.1." in admin_bodies[-1]


def test_a_removed_watcher_is_told_nothing_more(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    add_watcher(ticket, actor=world.contact, person=world.admin)
    record_public_reply(ticket, author=world.engineer, body="First.")
    deliver_notifications()
    assert remove_watcher(ticket, actor=world.admin, person=world.admin) is True
    record_public_reply(ticket, author=world.engineer, body="Second.")
    deliver_notifications()
    assert _templates_to(world.admin.email) == ["reply"]


def test_nothing_of_the_vendor_reaches_the_customer_until_the_partner_relays_it(
    chain: Chain, smtp_server: Mailbox
) -> None:
    world = chain.world
    ticket = chain.ticket
    add_watcher(ticket, actor=world.contact, person=world.admin)
    escalation = escalate_to_vendor(ticket, author=world.engineer, dossier=full_dossier())
    vendor_ticket = escalation.vendor_ticket
    record_public_reply(vendor_ticket, author=world.vendor_engineer, body="VENDOR-WORDS")
    vendor_return_escalation(
        escalation,
        author=world.vendor_engineer,
        reason=VendorReturnReason.NO_ENVIRONMENT_DESCRIPTION,
    )
    deliver_notifications()

    customer_side = {world.contact.email, world.admin.email}
    for message, body in zip(smtp_server.messages, smtp_server.bodies(), strict=True):
        if message["To"] in customer_side:
            assert vendor_ticket.number not in message["Subject"]
            assert "VENDOR-WORDS" not in body
    assert not Delivery.objects.filter(ticket=vendor_ticket, address__in=customer_side).exists()
    # The partner's engineer filed the vendor ticket: the vendor's answers are theirs.
    told = Delivery.objects.filter(ticket=vendor_ticket, address=world.engineer.email)
    assert list(told.values_list("template", flat=True)) == [
        "registered",
        "reply",
        "returned_for_information",
    ]
    returned = [
        b
        for m, b in zip(smtp_server.messages, smtp_server.bodies(), strict=True)
        if m["To"] == world.engineer.email and vendor_ticket.number in m["Subject"]
    ][-1]
    assert "Причина: нет детального описания оборудования и программного обеспечения" in returned

    relay_vendor_answer(escalation, author=world.engineer, body="Relayed: install 4.2.1.")
    deliver_notifications()
    assert _templates_to(world.admin.email)[-1] == "reply"
    assert "Relayed: install 4.2.1." in smtp_server.bodies()[-1]
