"""Keeping the search's text of tickets and articles current. Called by the actions that write
(a ticket's through the tickets hook ``after_change``, an article's by ``knowledge.actions``),
inside their transaction, never by signals. A new ticket's text is written by the database
in the ticket's own INSERT (migrations 0003 and 0004), so a registration calls nothing here.

Only the text is written: PostgreSQL derives its ``tsvector`` columns from it in the same row
(generated columns), SQLite's triggers copy its Snowball stems (``kabinet_stems``, our
backend's SQL function) and label into the FTS5 tables (migrations 0002 and 0004). The
articles' stems are still written here beside them on SQLite.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Value
from django.db.models.fields.json import KT

from kabinet.knowledge.models import Article, TicketText
from kabinet.stems import stems_of
from kabinet.tickets.events import NOTE_KINDS
from kabinet.tickets.models import Attachment, Ticket, TicketEvent, Visibility

TICKET_FTS = "knowledge_ticket_fts"
ARTICLE_FTS = "knowledge_article_fts"
LABEL_FTS = "knowledge_label_fts"
# The tables written from here; the tickets' two are written by triggers (0002 and 0004).
FTS_COLUMNS = {ARTICLE_FTS: ("title", "body")}
BATCH = 2000
SEPARATORS = re.compile(r"[\W_]+")


def index_changed_ticket(ticket: Ticket, now: dt.datetime) -> None:
    """The tickets hook after every change: the text may have changed (a message, a file,
    the subject); the ticket row is the one the action holds."""
    _write(ticket_texts([ticket.pk], known={ticket.pk: ticket}))


def _text(pk: int, number: str, public: list[str], internal: list[str]) -> TicketText:
    """The row of a ticket's text; a new ticket's is the same, written by its INSERT's
    trigger (migrations 0003 and 0004, which cut the label alike)."""
    subject = public[0] if public else ""
    return TicketText(
        ticket_id=pk,
        label=f"{number} {subject}".lower()[:320],
        public_text="\n".join(public),
        internal_text="\n".join(internal),
    )


def ticket_texts(
    ticket_ids: Iterable[int], known: dict[int, Ticket] | None = None
) -> list[TicketText]:
    """The searchable text of these tickets from their rows (read unless ``known``),
    events and attachments."""
    ids = list(ticket_ids)
    if known is not None:
        texts = {pk: (t.number or "", t.subject, t.description) for pk, t in known.items()}
    else:
        texts = {
            pk: (number or "", subject, description)
            for pk, number, subject, description in Ticket.objects.filter(pk__in=ids).values_list(
                "pk", "number", "subject", "description"
            )
        }
    public: dict[int, list[str]] = {
        pk: [subject, description] for pk, (_, subject, description) in texts.items()
    }
    internal: dict[int, list[str]] = {pk: [] for pk in texts}
    # One read for both: the messages' bodies and the files' names, with who may read them.
    bodies = (
        TicketEvent.objects.filter(ticket_id__in=ids, payload__has_key="body")
        .exclude(kind__in=NOTE_KINDS)
        .values_list("ticket_id", "visibility", KT("payload__body"), Value(False))
        .order_by()
    )
    files = (
        Attachment.objects.filter(ticket_id__in=ids)
        .values_list("ticket_id", "visibility", "filename", Value(True))
        .order_by()
    )
    for ticket_id, visibility, text, is_file in bodies.union(files, all=True).order_by():
        if not text:
            continue
        if is_file:
            # Also the name's words apart: PostgreSQL's parser keeps "a_b.zip" as one token.
            text = f"{text} {' '.join(SEPARATORS.sub(' ', text).split())}"
        (public if visibility == Visibility.PUBLIC else internal)[ticket_id].append(text)
    return [_text(pk, number, public[pk], internal[pk]) for pk, (number, _, _) in texts.items()]


def index_tickets(ticket_ids: Iterable[int]) -> int:
    """Rewrite the search text of these tickets; returns how many were written."""
    rows = ticket_texts(ticket_ids)
    _write(rows)
    return len(rows)


def _write(rows: list[TicketText]) -> None:
    """One upsert of the text, on either database: PostgreSQL derives its vectors, SQLite's
    triggers write the stems and the label's trigram row (migrations 0002 and 0004)."""
    if not rows:
        return
    TicketText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["ticket"],
        update_fields=["label", "public_text", "internal_text"],
    )


def reindex_all_tickets(*, batch: int = BATCH) -> int:
    """Every ticket's text again, in batches of ids (after an import or a bulk load)."""
    done, last = 0, 0
    while True:
        ids = list(
            Ticket.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        done += index_tickets(ids)
        last = ids[-1]


def index_articles(articles: Iterable[Article]) -> None:
    """SQLite only: the stems of the articles' titles and bodies (PostgreSQL's generated
    column follows the row by itself)."""
    if connection.vendor != "sqlite":
        return
    _replace_fts(
        ARTICLE_FTS,
        [
            (
                article.pk,
                stems_of(f"{article.title_ru}\n{article.title_en}"),
                stems_of(f"{article.body_ru}\n{article.body_en}"),
            )
            for article in articles
        ],
    )


def _replace_fts(table: str, rows: Sequence[tuple[int | str, ...]]) -> None:
    columns = ", ".join(FTS_COLUMNS[table])
    marks = ", ".join(["%s"] * (len(FTS_COLUMNS[table]) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT OR REPLACE INTO {table}(rowid, {columns}) VALUES ({marks})", rows
        )
