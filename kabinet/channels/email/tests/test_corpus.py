"""Every message of the corpus, put into a real IMAP folder and taken in by the real intake,
becomes what its row in ``corpus.CASES`` says; polite answers reach a real SMTP server."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from kabinet.channels.email.imap import fetch_mailbox
from kabinet.channels.email.models import InboundMessage, Mailbox
from kabinet.channels.email.tests.conftest import Collected
from kabinet.channels.email.tests.corpus import CASES, Case, load
from kabinet.channels.email.tests.imap_server import Dovecot
from kabinet.channels.email.threads import mail_domain
from kabinet.conftest import World
from kabinet.tickets.actions import accept_solution, propose_solution, return_for_information
from kabinet.tickets.models import ReturnReason, Status, Ticket, TicketEvent
from kabinet.tickets.tests.factories import file_ticket

OnCommit = Callable[..., AbstractContextManager[Any]]


def tickets(world: World) -> dict[str, Ticket]:
    number = file_ticket(world.contract, world.contact, subject="Document will not post")
    awaiting = file_ticket(world.contract, world.contact, subject="More information needed")
    return_for_information(
        awaiting, author=world.engineer, reason=ReturnReason.NO_REPRODUCTION_SCENARIO
    )
    closed = file_ticket(world.contract, world.contact, subject="Solved")
    propose_solution(closed, author=world.engineer, body="Update the platform.")
    accept_solution(closed, author=world.contact)
    other = file_ticket(world.other_contract, world.outsider, subject="Elsewhere")
    return {"number": number, "awaiting": awaiting, "closed": closed, "other": other}


def take_in(
    case: Case, world: World, mailbox: Mailbox, dovecot: Dovecot, on_commit: OnCommit
) -> tuple[InboundMessage, dict[str, Ticket]]:
    made = tickets(world)
    if case.trust:
        mailbox.trust_authentication_results = True
        mailbox.save()
    if "attachment_limit" in case.extra:
        package = world.contract.package
        package.attachment_size_limit = int(str(case.extra["attachment_limit"]))
        package.save()
    placeholders = {key.upper(): str(ticket.number) for key, ticket in made.items()}
    placeholders["DOMAIN"] = mail_domain()
    dovecot.append(mailbox.folder, [load(case.file, placeholders)])
    with on_commit(execute=True):
        report = fetch_mailbox(mailbox)
    assert report.taken == 1
    return InboundMessage.objects.get(), made


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_corpus_message_becomes_what_it_must(
    case: Case,
    world: World,
    mailbox: Mailbox,
    dovecot: Dovecot,
    smtp: Collected,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    before = set(Ticket.objects.values_list("pk", flat=True))
    row, made = take_in(case, world, mailbox, dovecot, django_capture_on_commit_callbacks)

    assert row.outcome == case.outcome, row.reason
    new = Ticket.objects.exclude(pk__in=before | {t.pk for t in made.values()})
    ticket: Ticket | None
    if case.ticket == "new":
        assert new.count() == 1
        ticket = new.get()
        assert row.ticket == ticket
        assert ticket.channel == "email"
        assert ticket.reporter == getattr(world, str(case.person))
        if case.subject is not None:
            assert ticket.subject == case.subject
        text = ticket.description
    else:
        assert new.count() == 0, "no ticket may be opened"
        ticket = made[case.ticket] if case.ticket else None
        assert row.ticket == ticket
        text = "\n".join(
            str(e.payload.get("body", "")) for e in TicketEvent.objects.filter(event_of(row))
        )
    if case.person is not None:
        assert row.person == getattr(world, case.person)
    else:
        assert row.person is None
    for fragment in case.contains:
        assert fragment in text, text
    for fragment in case.absent:
        assert fragment not in text, text
    if ticket is not None:
        ticket.refresh_from_db()
        names = sorted(ticket.attachments.values_list("filename", flat=True))
        assert names == sorted(case.files)
        if case.status is not None:
            assert ticket.status == case.status
        if case.event_kind is not None:
            assert row.event is not None and row.event.kind == case.event_kind
        if case.extra.get("upload_place"):
            assert ticket.upload_places.usable_at(row.received_at).exists()
    if case.outcome not in ("joined", "opened"):
        assert row.event is None
    _check_answer(case, row, smtp)
    assert dovecot.count(mailbox.folder, "UNSEEN") == 0
    assert bytes(row.raw).startswith(load(case.file, {})[:20])


def event_of(row: InboundMessage) -> Any:
    from django.db.models import Q

    return Q(pk=row.event_id) if row.event_id else Q(pk__in=[])


def _check_answer(case: Case, row: InboundMessage, smtp: Collected) -> None:
    if not case.answered:
        assert smtp.messages == [], [m["Subject"] for m in smtp.messages]
        assert row.answered_at is None
        return
    assert len(smtp.messages) == 1
    answer = smtp.messages[0]
    sender = row.headers["From"]
    assert answer["X-Envelope-To"] in sender
    assert "contact@example.test" not in answer["X-Envelope-To"] or row.person is not None
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"] == row.message_id
    assert row.answered_at is not None


def test_corpus_has_every_shape_the_issue_names() -> None:
    assert len(CASES) >= 30
    names = " ".join(case.file for case in CASES)
    for shape in ("outlook", "gmail", "thunderbird", "1c", "yandex", "mailru", "cp1251"):
        assert shape in names
    for shape in ("koi8r", "html_only", "inline_image", "forwarded", "autoreply", "bounce"):
        assert shape in names
    for shape in ("spoofed", "reply_to", "cc_outsider"):
        assert shape in names


def test_reply_to_awaiting_ticket_resumes_its_clock(
    world: World,
    mailbox: Mailbox,
    dovecot: Dovecot,
    smtp: Collected,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    case = next(c for c in CASES if c.file.startswith("28_"))
    row, made = take_in(case, world, mailbox, dovecot, django_capture_on_commit_callbacks)
    awaiting = made["awaiting"]
    awaiting.refresh_from_db()
    assert row.ticket == awaiting
    assert awaiting.status == Status.IN_PROGRESS
    assert awaiting.clock_phase != "awaiting_customer"
