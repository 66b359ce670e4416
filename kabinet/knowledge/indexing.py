"""Keeping the search's text of tickets and articles current. Called by the actions that write
(a ticket's through the tickets hooks ``after_register`` and ``after_change``, an article's by
``knowledge.actions``), inside their transaction, never by signals.

PostgreSQL derives its ``tsvector`` columns from the text in the same row (generated
columns), so only the text is written; SQLite has no Snowball stemmer of its own, so the
stems are computed here and written to the FTS5 tables beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db import connection

from kabinet.knowledge.models import Article, TicketText
from kabinet.knowledge.stems import stems_of
from kabinet.tickets.events import NOTE_KINDS
from kabinet.tickets.models import Attachment, Ticket, TicketEvent, Visibility

TICKET_FTS = "knowledge_ticket_fts"
ARTICLE_FTS = "knowledge_article_fts"
LABEL_FTS = "knowledge_label_fts"
FTS_COLUMNS = {
    TICKET_FTS: ("public", "internal"),
    ARTICLE_FTS: ("title", "body"),
    LABEL_FTS: ("label",),
}
BATCH = 2000
SEPARATORS = re.compile(r"[\W_]+")


def index_changed_ticket(ticket: Ticket, now: dt.datetime) -> None:
    """The tickets hook: the ticket's text changed, or may have."""
    index_tickets([ticket.pk])


def ticket_texts(ticket_ids: Iterable[int]) -> list[TicketText]:
    """The searchable text of these tickets from their rows, events and attachments."""
    ids = list(ticket_ids)
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
    events = TicketEvent.objects.filter(ticket_id__in=ids).exclude(kind__in=NOTE_KINDS)
    for ticket_id, visibility, payload in events.values_list("ticket_id", "visibility", "payload"):
        body = payload.get("body") if isinstance(payload, dict) else None
        if isinstance(body, str) and body:
            (public if visibility == Visibility.PUBLIC else internal)[ticket_id].append(body)
    files = Attachment.objects.filter(ticket_id__in=ids)
    for ticket_id, visibility, filename in files.values_list("ticket_id", "visibility", "filename"):
        # Also the name's words apart: PostgreSQL's parser keeps "a_b.zip" as one token.
        words = " ".join(SEPARATORS.sub(" ", filename).split())
        (public if visibility == Visibility.PUBLIC else internal)[ticket_id].append(
            f"{filename} {words}"
        )
    return [
        TicketText(
            ticket_id=pk,
            label=f"{number} {subject}".lower()[:320],
            public_text="\n".join(public[pk]),
            internal_text="\n".join(internal[pk]),
        )
        for pk, (number, subject, _) in texts.items()
    ]


def index_tickets(ticket_ids: Iterable[int]) -> int:
    """Rewrite the search text of these tickets; returns how many were written."""
    rows = ticket_texts(ticket_ids)
    if not rows:
        return 0
    TicketText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["ticket"],
        update_fields=["label", "public_text", "internal_text"],
    )
    if connection.vendor == "sqlite":
        _replace_fts(
            TICKET_FTS,
            [
                (row.ticket_id, stems_of(row.public_text), stems_of(row.internal_text))
                for row in rows
            ],
        )
        _replace_fts(LABEL_FTS, [(row.ticket_id, row.label) for row in rows])
    return len(rows)


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
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(row[0],) for row in rows])
        columns = ", ".join(FTS_COLUMNS[table])
        marks = ", ".join(["%s"] * (len(FTS_COLUMNS[table]) + 1))
        cursor.executemany(f"INSERT INTO {table}(rowid, {columns}) VALUES ({marks})", rows)
