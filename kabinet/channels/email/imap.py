"""Reading a mailbox over IMAP (imap-tools): each new message is recorded, then acted on, then
marked \\Seen (or moved to the processed folder), in that order, one message at a time.

Intake resumes after the highest UID recorded under the folder's UIDVALIDITY, which is
advanced in the transaction that records the message: a crash before it refetches the
message (and the row found by its UID stops a second record), a crash after it leaves a
pending row that ``intake.process_pending`` finishes first thing on the next run. A new
UIDVALIDITY starts over from UID 1; the Message-IDs already taken in are then duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, U
from imap_tools.consts import MailMessageFlags
from imap_tools.message import MailMessage

from kabinet import clock
from kabinet.channels.email.intake import process_message, process_pending, record_message
from kabinet.channels.email.models import InboundMessage, Mailbox, Outcome, Security

TIMEOUT_SECONDS = 60
FETCH_BULK = 50


class RawMailMessage(MailMessage):
    """A fetched message as its bytes and UID only: the intake parses it itself."""

    def __init__(self, fetch_data: list[object]) -> None:
        raw, uid_data, flag_data = self._get_message_data_parts(fetch_data)
        self._raw_uid_data = uid_data
        self._raw_flag_data = flag_data
        self.raw: bytes = raw


@dataclass
class FetchReport:
    mailbox: str
    taken: int = 0
    finished: int = 0  # pending rows of an earlier run finished now
    outcomes: dict[str, int] | None = None

    def count(self, outcome: str) -> None:
        self.outcomes = self.outcomes or {}
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


@contextmanager
def connect(mailbox: Mailbox) -> Iterator[BaseMailBox]:
    box: BaseMailBox
    if mailbox.security == Security.SSL:
        box = MailBox(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
    elif mailbox.security == Security.STARTTLS:
        box = MailBoxStartTls(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
    else:
        box = MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
    box.email_message_class = RawMailMessage
    with box.login(mailbox.username, mailbox.secret(), initial_folder=mailbox.folder):
        yield box


def fetch_mailbox(
    mailbox: Mailbox,
    *,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> FetchReport:
    """Take in every new message of ``mailbox``; ``progress(done, total)`` after each."""
    report = FetchReport(mailbox=mailbox.name)
    report.finished = process_pending(mailbox, now=now)
    with connect(mailbox) as box:
        uidvalidity = int(box.folder.status(mailbox.folder, ["UIDVALIDITY"])["UIDVALIDITY"])
        if mailbox.uidvalidity != uidvalidity:
            mailbox.uidvalidity, mailbox.last_uid = uidvalidity, 0
            mailbox.save(update_fields=["uidvalidity", "last_uid"])
        _file_away_leftovers(box, mailbox, uidvalidity)
        # "n:*" always matches the highest message, even below n: filtered again below.
        uids = [
            uid
            for uid in box.uids(AND(uid=U(str(mailbox.last_uid + 1), "*")))
            if int(uid) > mailbox.last_uid
        ]
        # An empty uid_list means "search ALL" to imap-tools.
        fetched = box.fetch(uid_list=uids, mark_seen=False, bulk=FETCH_BULK) if uids else ()
        for message in fetched:
            assert isinstance(message, RawMailMessage)
            uid = int(message.uid or 0)
            row = _record(mailbox, uidvalidity, uid, message.raw, now)
            report.taken += 1
            if row.outcome == Outcome.PENDING:
                try:
                    row = process_message(row.pk, now=now)
                except Exception:
                    report.count("error")
                    continue
            _file_away(box, mailbox, str(uid))
            report.count(row.outcome)
            if progress is not None:
                progress(report.taken, len(uids))
    Mailbox.objects.filter(pk=mailbox.pk).update(last_fetched_at=clock.resolve(now), last_error="")
    return report


def _record(
    mailbox: Mailbox, uidvalidity: int, uid: int, raw: bytes, now: dt.datetime | None
) -> InboundMessage:
    with transaction.atomic():
        row = record_message(
            mailbox=mailbox,
            supplier_id=mailbox.supplier_id,
            raw=raw,
            uidvalidity=uidvalidity,
            uid=uid,
            now=now,
        )
        Mailbox.objects.filter(pk=mailbox.pk, last_uid__lt=uid).update(last_uid=uid)
        mailbox.last_uid = max(mailbox.last_uid, uid)
    return row


def _file_away_leftovers(box: BaseMailBox, mailbox: Mailbox, uidvalidity: int) -> None:
    """Messages an earlier run took in but was stopped before marking or moving."""
    if mailbox.last_uid == 0:
        return
    criteria = AND(uid=U("1", str(mailbox.last_uid)))
    if not mailbox.processed_folder:
        criteria = AND(criteria, seen=False)
    candidates = [int(uid) for uid in box.uids(criteria)]
    done = InboundMessage.objects.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, uid__in=candidates
    ).exclude(outcome=Outcome.PENDING)
    uids = [str(uid) for uid in done.values_list("uid", flat=True)]
    if not uids:
        return
    if mailbox.processed_folder:
        box.move(uids, mailbox.processed_folder)
    else:
        box.flag(uids, MailMessageFlags.SEEN, True)


def _file_away(box: BaseMailBox, mailbox: Mailbox, uid: str) -> None:
    if mailbox.processed_folder:
        box.move(uid, mailbox.processed_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)
