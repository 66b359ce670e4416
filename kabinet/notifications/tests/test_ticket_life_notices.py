"""The ends of a ticket's life are told: the customer before an unanswered solution closes
the ticket by itself and when it has, the supplier when the customer withdraws a ticket or
answers a postponement; each in the reader's language, with dates in the contract's zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.notifications.models import Delivery
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.actions import propose_solution, record_public_reply
from kabinet.tickets.actions.closing import (
    auto_close_plan,
    close_unanswered_proposals,
    withdraw_ticket,
)
from kabinet.tickets.actions.postponement import (
    agree_postponement,
    decline_postponement,
    propose_postponement,
)
from kabinet.tickets.models import PostponementReason, Status
from kabinet.tickets.tests.factories import file_ticket

pytestmark = pytest.mark.usefixtures("consultant_reads_new_tickets_in_the_cabinet")


def _sent(smtp_server: Mailbox, address: str) -> list[tuple[str, str]]:
    deliver_notifications()
    mails = zip(smtp_server.messages, smtp_server.subjects(), smtp_server.bodies(), strict=True)
    return [(subject, body) for m, subject, body in mails if m["To"] == address]


@pytest.fixture(autouse=True)
def languages(world: World) -> None:
    """The customer reads Russian, the engineer English."""
    world.contact.language, world.engineer.language = "ru", "en"
    world.contact.save(update_fields=["language"])
    world.engineer.save(update_fields=["language"])


def test_the_customer_is_told_before_and_when_the_solution_closes_the_ticket(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    propose_solution(ticket, author=world.engineer, body="Установите 4.2.1.")
    ticket.refresh_from_db()
    plan = auto_close_plan(ticket)
    assert plan is not None

    close_unanswered_proposals(now=plan.notice_at)
    close_unanswered_proposals(now=plan.notice_at + dt.timedelta(minutes=5))  # told once
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLUTION_PROPOSED
    _, body = _sent(smtp_server, world.contact.email)[-1]
    notices = Delivery.objects.filter(template="auto_close_notice")
    assert list(notices.values_list("address", flat=True)) == [world.contact.email]
    local = plan.closes_at.astimezone(world.contract.zone)
    assert "закроется автоматически" in body
    assert f"{local:%Y-%m-%d %H:%M} ({world.contract.time_zone})" in body

    close_unanswered_proposals(now=plan.closes_at)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    _sent(smtp_server, world.contact.email)
    closed = Delivery.objects.filter(template="auto_closed")
    assert set(closed.values_list("address", flat=True)) == {
        world.contact.email,
        world.engineer.email,
    }


def test_the_handler_is_told_of_a_withdrawal_with_the_reason(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    ticket.assignee = world.engineer
    ticket.save(update_fields=["assignee"])
    withdraw_ticket(ticket, author=world.contact, reason="Solved it ourselves.")
    subject, body = _sent(smtp_server, world.engineer.email)[-1]
    assert "withdrawn by the customer" in subject
    assert "Solved it ourselves." in body
    assert not Delivery.objects.filter(template="withdrawn", address=world.contact.email)


def test_a_postponement_asks_the_customer_and_the_answer_reaches_the_handler(
    world: World, smtp_server: Mailbox
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    ticket.assignee = world.engineer
    ticket.save(update_fields=["assignee"])
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    until = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    propose_postponement(
        ticket,
        author=world.engineer,
        reason=PostponementReason.CANNOT_REPRODUCE,
        until=until,
        body="We need your data set.",
    )
    _, body = _sent(smtp_server, world.contact.email)[-1]
    with translation.override("ru"):
        label = str(PostponementReason.CANNOT_REPRODUCE.label)
    assert label in body and "cannot_reproduce" not in body
    assert "We need your data set." in body
    assert f"{until.astimezone(world.contract.zone):%Y-%m-%d %H:%M}" in body

    agree_postponement(ticket, author=world.contact)
    subject, _ = _sent(smtp_server, world.engineer.email)[-1]
    assert "Postponement agreed" in subject

    propose_postponement(
        ticket,
        author=world.engineer,
        reason=PostponementReason.NEEDS_DEVELOPMENT,
        until=until + dt.timedelta(days=7),
    )
    decline_postponement(ticket, author=world.contact, reason="We need it now.")
    subject, body = _sent(smtp_server, world.engineer.email)[-1]
    assert "Postponement declined" in subject and "We need it now." in body
