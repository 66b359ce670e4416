# ruff: noqa: RUF012
"""The full-text structures beside the models, one kind per database.

PostgreSQL: ``tsvector`` columns GENERATED from the text in the same row, under GIN
indexes, and a trigram (pg_trgm) GIN index on the ticket's lower-cased number and subject.
A generated column rather than a write in the actions: the vector is a pure function of the
row's text, so the database keeps it exact for every writer (actions, bulk loads, a restore)
and no reader can see text and vector disagree. SQLite: FTS5 tables of Snowball stems, which
``kabinet.knowledge.indexing`` writes beside the text (SQLite has no Russian stemmer), and
an FTS5 trigram table of the labels.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE knowledge_tickettext ADD COLUMN public_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('russian'::regconfig, public_text)) STORED",
    # Public and internal text together, for the supplier: a query's words may be spread
    # over both. A column of its own, so that rechecking a match reads one stored vector.
    "ALTER TABLE knowledge_tickettext ADD COLUMN all_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('russian'::regconfig, public_text || ' ' || internal_text)) STORED",
    "CREATE INDEX kb_ticket_public_fts ON knowledge_tickettext USING gin (public_vector)",
    "CREATE INDEX kb_ticket_all_fts ON knowledge_tickettext USING gin (all_vector)",
    "CREATE INDEX kb_ticket_label_trgm ON knowledge_tickettext USING gin (label gin_trgm_ops)",
    "ALTER TABLE knowledge_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('russian'::regconfig, title_ru || ' ' || title_en), 'A') || "
    "to_tsvector('russian'::regconfig, body_ru) || "
    "to_tsvector('english'::regconfig, body_en)) STORED",
    "CREATE INDEX kb_article_fts ON knowledge_article USING gin (search_vector)",
)
POSTGRESQL_REVERSE = (
    "DROP INDEX kb_article_fts",
    "ALTER TABLE knowledge_article DROP COLUMN search_vector",
    "DROP INDEX kb_ticket_label_trgm",
    "DROP INDEX kb_ticket_all_fts",
    "DROP INDEX kb_ticket_public_fts",
    "ALTER TABLE knowledge_tickettext DROP COLUMN all_vector",
    "ALTER TABLE knowledge_tickettext DROP COLUMN public_vector",
)
# unicode61 without diacritics removal: "й" stays itself (the stems are lower-case already).
SQLITE = (
    "CREATE VIRTUAL TABLE knowledge_ticket_fts USING fts5("
    "public, internal, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE knowledge_article_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
    # SQLite's trigram index: the lower-cased number and subject, found by any fragment.
    "CREATE VIRTUAL TABLE knowledge_label_fts USING fts5(label, tokenize = 'trigram')",
    # The label is plain text: the database copies it itself, so that a ticket's text is
    # written in one statement more (the stems) rather than two.
    # (DELETE and INSERT: a trigger's own OR REPLACE yields to the outer statement's.)
    "CREATE TRIGGER knowledge_label_insert AFTER INSERT ON knowledge_tickettext BEGIN "
    "DELETE FROM knowledge_label_fts WHERE rowid = new.ticket_id; "
    "INSERT INTO knowledge_label_fts(rowid, label) VALUES (new.ticket_id, new.label); END",
    "CREATE TRIGGER knowledge_label_update AFTER UPDATE OF label ON knowledge_tickettext BEGIN "
    "DELETE FROM knowledge_label_fts WHERE rowid = new.ticket_id; "
    "INSERT INTO knowledge_label_fts(rowid, label) VALUES (new.ticket_id, new.label); END",
)
SQLITE_REVERSE = (
    "DROP TRIGGER knowledge_label_update",
    "DROP TRIGGER knowledge_label_insert",
    "DROP TABLE knowledge_label_fts",
    "DROP TABLE knowledge_article_fts",
    "DROP TABLE knowledge_ticket_fts",
)


def _run(statements: dict[str, tuple[str, ...]]):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
