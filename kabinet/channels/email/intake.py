"""Taking one message in, exactly once: ``record_message`` stores it (by mailbox UID and, per
supplier, by Message-ID) in its own transaction before anything is done with it;
``process_message`` then acts on a recorded message in one transaction through the tickets'
own actions, the same the cabinet calls, and records what it became.

A crash between the two leaves a pending row that the next run finishes (``process_pending``);
a crash inside the second rolls it back whole. Not here: IMAP (``imap``), answers to the
sender (``answers``), what a mail says (``parsing``, ``quoting``, ``automatic``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from kabinet import clock
from kabinet.channels.email import answers
from kabinet.channels.email.authentication import authenticated
from kabinet.channels.email.automatic import Automatic, automatic_kind
from kabinet.channels.email.models import InboundMessage, Mailbox, Outcome
from kabinet.channels.email.parsing import MailFile, ParsedMail, message_id_of, parse_mail
from kabinet.channels.email.queries import messages_from, person_by_address, ticket_of_thread
from kabinet.channels.email.quoting import reply_text
from kabinet.channels.email.threads import mail_domain, number_in_message_id
from kabinet.contracts.models import Channel, Contract, Criticality
from kabinet.errors import ConflictError, DomainError
from kabinet.orgs.emails import normalise_email
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets.actions import (
    add_attachment,
    customer_reply,
    record_public_reply,
    register_ticket,
)
from kabinet.tickets.actions.upload_places import current_upload_place, open_upload_place
from kabinet.tickets.models import EventKind, Ticket, TicketEvent

logger = logging.getLogger(__name__)

# The same sender more often than this within the window is a loop (or a flood).
LOOP_LIMIT = 20
LOOP_WINDOW = dt.timedelta(minutes=10)
# A message that failed this many times waits for a person in the quarantine list.
MAX_ATTEMPTS = 5
MAX_SUBJECT = 300


@dataclass
class Decision:
    outcome: Outcome
    reason: str = ""
    person: Person | None = None
    ticket: Ticket | None = None
    event: TicketEvent | None = None
    answer: answers.Answer | None = None
    too_large: list[str] = field(default_factory=list)


def record_message(
    *,
    mailbox: Mailbox | None,
    supplier_id: int,
    raw: bytes,
    uidvalidity: int | None = None,
    uid: int | None = None,
    now: dt.datetime | None = None,
) -> InboundMessage:
    """The message's row, inserted now or found from an earlier run (same mailbox UID). A
    Message-ID the supplier already has is recorded as a duplicate, never acted on."""
    if uid is not None:
        existing = InboundMessage.objects.filter(
            mailbox=mailbox, uidvalidity=uidvalidity, uid=uid
        ).first()
        if existing is not None:
            return existing
    now = clock.resolve(now)
    try:
        mail = parse_mail(raw)
        message_id, headers = mail.message_id, mail.headers
        sender, from_header, subject = mail.sender, mail.from_header, mail.subject
    except Exception:
        logger.exception("inbound mail could not be parsed")
        message_id, headers, sender, from_header, subject = _unparsed(raw)
    row = InboundMessage(
        mailbox=mailbox,
        supplier_id=supplier_id,
        uidvalidity=uidvalidity,
        uid=uid,
        message_id=message_id,
        message_key=message_id,
        raw=raw,
        size=len(raw),
        sender=sender[:320],
        from_header=from_header[:998],
        subject=subject[:998],
        headers=headers,
        received_at=now,
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        if uid is not None:
            again = InboundMessage.objects.filter(
                mailbox=mailbox, uidvalidity=uidvalidity, uid=uid
            ).first()
            if again is not None:
                return again  # a concurrent run recorded this UID first
        row.pk = None
        row.message_key = None
        row.outcome = Outcome.DUPLICATE
        row.reason = gettext_noop("A message with this Message-ID was already taken in.")
        row.processed_at = now
        row.save(force_insert=True)
    return row


def _unparsed(raw: bytes) -> tuple[str, dict[str, str], str, str, str]:
    from email import message_from_bytes

    return message_id_of(message_from_bytes(raw), raw), {}, "", "", ""


def process_pending(mailbox: Mailbox, *, now: dt.datetime | None = None) -> int:
    """Finish what an earlier run recorded but did not act on; returns how many."""
    pending = InboundMessage.objects.filter(mailbox=mailbox, outcome=Outcome.PENDING)
    count = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        try:
            process_message(pk, now=now)
        except Exception:
            continue
        count += 1
    return count


def process_message(pk: int, *, now: dt.datetime | None = None) -> InboundMessage:
    """Act on the recorded message ``pk`` if nobody has yet; safe to call twice. An
    unexpected error rolls the act back and counts an attempt (after ``MAX_ATTEMPTS`` the
    message waits in the quarantine list as failed)."""
    try:
        with transaction.atomic():
            row = (
                InboundMessage.objects.select_for_update(of=("self",))
                .select_related("mailbox")
                .get(pk=pk)
            )
            if row.outcome != Outcome.PENDING:
                return row
            moment = clock.resolve(now)
            decision = decide(row, parse_mail(bytes(row.raw)), moment)
            _store(row, decision, moment)
            if decision.answer is not None and row.mailbox is not None:
                answer, mailbox = decision.answer, row.mailbox
                transaction.on_commit(lambda: answers.send_answer(row.pk, mailbox, answer))
            return row
    except Exception as error:
        logger.exception("inbound message %s failed", pk)
        _count_failure(pk, error, now)
        raise


def _count_failure(pk: int, error: Exception, now: dt.datetime | None) -> None:
    try:
        with transaction.atomic():
            row = InboundMessage.objects.select_for_update().get(pk=pk)
            row.attempts += 1
            row.error = f"{type(error).__name__}: {error}"[:4000]
            if row.attempts >= MAX_ATTEMPTS:
                row.outcome = Outcome.FAILED
                row.processed_at = clock.resolve(now)
            row.save(update_fields=["attempts", "error", "outcome", "processed_at"])
    except Exception:
        logger.exception("could not count the failure of inbound message %s", pk)


def _store(row: InboundMessage, decision: Decision, now: dt.datetime) -> None:
    row.outcome = decision.outcome
    row.reason = decision.reason
    row.person = decision.person
    row.ticket = decision.ticket
    row.event = decision.event
    row.processed_at = now
    row.attempts += 1
    row.error = ""
    row.save()


def decide(row: InboundMessage, mail: ParsedMail, now: dt.datetime) -> Decision:
    """What the message becomes, acted on; runs inside the caller's transaction."""
    mailbox = row.mailbox
    if _is_own_mail(mail, mailbox):
        return Decision(Outcome.LOOP, gettext_noop("Kabinet's own mail came back."))
    kind, sign = automatic_kind(mail)
    if kind is not None:
        outcome = Outcome.BOUNCE if kind == Automatic.BOUNCE else Outcome.AUTO_REPLY
        return Decision(outcome, sign, ticket=ticket_of_thread(row.supplier_id, mail))
    if mailbox is not None and row.sender:
        recent = messages_from(mailbox, row.sender, now - LOOP_WINDOW)
        if recent > LOOP_LIMIT:
            return Decision(Outcome.LOOP, gettext_noop("The same sender writes too often."))
    if not mail.sender:
        return Decision(Outcome.QUARANTINED, gettext_noop("No single sender address in From."))
    if mailbox is not None and mailbox.trust_authentication_results:
        passed, why = authenticated(mail, mailbox.authserv_id)
        if not passed:
            # A forged sender is never answered: the answer would go to the forged address.
            return Decision(Outcome.QUARANTINED, f"{gettext_noop('Not authenticated')}: {why}")
    person = person_by_address(mail.sender)
    if person is None:
        return Decision(
            Outcome.QUARANTINED,
            gettext_noop("The sender is not a registered, active person."),
            answer=answers.Answer.UNKNOWN_SENDER,
        )
    ticket = ticket_of_thread(row.supplier_id, mail)
    if ticket is not None:
        return _join(ticket, person, mail, now)
    return _open(row, person, mail, now)


def _is_own_mail(mail: ParsedMail, mailbox: Mailbox | None) -> bool:
    if mail.header("X-Kabinet-Ticket"):
        return True
    if number_in_message_id(mail.message_id) is not None:
        return True
    if mail.message_id.rstrip(">").endswith("@" + mail_domain()):
        return True
    return mailbox is not None and mail.sender == normalise_email(mailbox.address)


def _join(ticket: Ticket, person: Person, mail: ParsedMail, now: dt.datetime) -> Decision:
    """The reply as the customer's (or, from the supplier's staff, the supplier's public
    reply), through the action the cabinet's reply form calls."""
    supplier_side = ticket.contract.supplier_id in supplier_organisation_ids(person)
    body = reply_text(mail) or _files_line(mail.files)
    if not body.strip():
        return Decision(
            Outcome.REFUSED, gettext_noop("The message is empty."), person=person, ticket=ticket
        )
    try:
        with transaction.atomic():
            if supplier_side:
                event = record_public_reply(ticket, author=person, body=body, now=now)
            else:
                event = customer_reply(ticket, author=person, body=body, now=now)
    except ConflictError as refusal:
        return Decision(
            Outcome.REFUSED,
            str(refusal),
            person=person,
            ticket=ticket,
            answer=answers.Answer.TICKET_CLOSED,
        )
    except DomainError as refusal:
        return Decision(
            Outcome.QUARANTINED,
            str(refusal),
            person=person,
            ticket=ticket,
            answer=answers.Answer.NOT_A_PARTY,
        )
    decision = Decision(Outcome.JOINED, person=person, ticket=ticket, event=event)
    _attach(decision, ticket, person, mail.files, now)
    return decision


def _open(row: InboundMessage, person: Person, mail: ParsedMail, now: dt.datetime) -> Decision:
    """A new ticket on the contract of the sender's customer that the mailbox serves."""
    contract = _contract_for(row.mailbox, person)
    if contract is None:
        reason = gettext_noop(
            "The sender speaks for no customer whose contract this mailbox serves."
        )
        return Decision(
            Outcome.QUARANTINED, reason, person=person, answer=answers.Answer.NOT_A_PARTY
        )
    subject = mail.subject or gettext("(no subject)")
    description = mail.text.strip() or subject
    try:
        with transaction.atomic():
            ticket = register_ticket(
                contract=contract,
                reporter=person,
                subject=subject[:MAX_SUBJECT],
                description=description,
                criticality=Criticality.STANDARD,
                is_production=False,
                channel=Channel.EMAIL,
                now=now,
            )
    except DomainError as refusal:
        return Decision(
            Outcome.REFUSED, str(refusal), person=person, answer=answers.Answer.NOT_REGISTERED
        )
    event = ticket.events.filter(kind=EventKind.REGISTERED).first()
    decision = Decision(Outcome.OPENED, person=person, ticket=ticket, event=event)
    _attach(decision, ticket, person, mail.files, now)
    return decision


def _contract_for(mailbox: Mailbox | None, person: Person) -> Contract | None:
    """The first contract (oldest) the mailbox serves whose customer the person speaks for
    directly, else through the company group. Supplier staff open no ticket by mail: whose
    ticket it would be is not theirs to say in a mail."""
    if mailbox is None:
        return None
    if mailbox.supplier_id in supplier_organisation_ids(person):
        return None
    customers = customer_organisation_ids(person)
    contracts = list(
        mailbox.contracts.filter(customer_id__in=customers)
        .select_related("package", "customer")
        .order_by("pk")
    )
    direct = {m.organisation_id for m in person.memberships.all()}
    contracts.sort(key=lambda c: (c.customer_id not in direct, c.pk))
    return contracts[0] if contracts else None


def _attach(
    decision: Decision, ticket: Ticket, person: Person, files: list[MailFile], now: dt.datetime
) -> None:
    """Files under the package's limit become the ticket's attachments; larger ones are
    named in the answer with the ticket's upload place, opened for them if none is."""
    limit = ticket.contract.package.attachment_size_limit
    for mail_file in files:
        if len(mail_file.data) > limit:
            decision.too_large.append(mail_file.filename)
            continue
        try:
            with transaction.atomic():
                add_attachment(
                    ticket,
                    author=person,
                    filename=mail_file.filename,
                    content_type=mail_file.content_type,
                    chunks=[mail_file.data],
                    now=now,
                )
        except DomainError as refusal:
            decision.reason = f"{decision.reason} {mail_file.filename}: {refusal}".strip()
    if decision.too_large:
        if current_upload_place(ticket, now) is None:
            try:
                with transaction.atomic():
                    open_upload_place(ticket, author=person, now=now)
            except DomainError as refusal:
                decision.reason = f"{decision.reason} {refusal}".strip()
        decision.reason = (
            f"{decision.reason} {gettext_noop('Too large')}: {', '.join(decision.too_large)}"
        ).strip()
        decision.answer = answers.Answer.TOO_LARGE


def _files_line(files: list[MailFile]) -> str:
    names = ", ".join(f.filename for f in files)
    return gettext("Files sent by email: %(names)s") % {"names": names} if names else ""
