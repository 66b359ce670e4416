# ruff: noqa: RUF012
"""SQLite: what a ticket's INSERT leaves to the database, as on PostgreSQL (0003), so that a
registration runs no statement of its own for it (issue "Speed": at most 8 statements).

A new ticket's number: SQLite hands out the primary key only by inserting, so the insert's
trigger writes the number made of it (``tickets.models.format_number``, the same constants
in ``printf``), unless the row came with one (a bulk load, a copy). Its search text: the
row PostgreSQL's 0003 trigger writes, the lower-cased number and subject cut as
``knowledge.indexing`` cuts them, with ``kabinet_lower`` (Python's ``str.lower``: SQLite's
own folds ASCII only). In one trigger, so that the text sees the number in any order.

The stems: every write of a ticket's text (this insert, the indexer's upsert) has the
database copy the Snowball stems into ``knowledge_ticket_fts`` (``kabinet_stems``, the
search's own ``kabinet.stems.stems_of``), as 0002 has it copy the label: the text and its
stems cannot disagree, whoever writes. Both functions are registered on every connection
by our backend (``kabinet.sqlite``); a connection without them (the ``sqlite3`` shell)
cannot write a ticket. (DELETE and INSERT: a trigger's own OR REPLACE yields to the outer
statement's conflict clause; OR IGNORE likewise, and no outer statement inserting a ticket
has one.)

After tickets 0020: SQLite alters a table by building a new one, which drops the old
one's triggers, so a later migration that rebuilds ``tickets_ticket`` on SQLite must
create ``knowledge_ticket_registered`` again (``test_written_on_insert`` fails without it).
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from kabinet.tickets.models import NUMBER_DIGITS, NUMBER_PREFIX

NUMBER = f"printf('{NUMBER_PREFIX}%0{NUMBER_DIGITS}d', new.id)"
SQLITE = (
    "CREATE TRIGGER knowledge_ticket_registered AFTER INSERT ON tickets_ticket BEGIN "
    f"UPDATE tickets_ticket SET number = {NUMBER} "
    "WHERE id = new.id AND coalesce(new.number, '') = ''; "
    "INSERT OR IGNORE INTO knowledge_tickettext (ticket_id, label, public_text, internal_text) "
    "VALUES (new.id, "
    f"substr(kabinet_lower(coalesce(nullif(new.number, ''), {NUMBER}) || ' ' || new.subject), "
    "1, 320), "
    "new.subject || char(10) || new.description, ''); END",
    "CREATE TRIGGER knowledge_ticket_stems_insert AFTER INSERT ON knowledge_tickettext BEGIN "
    "DELETE FROM knowledge_ticket_fts WHERE rowid = new.ticket_id; "
    "INSERT INTO knowledge_ticket_fts(rowid, public, internal) VALUES (new.ticket_id, "
    "kabinet_stems(new.public_text), kabinet_stems(new.internal_text)); END",
    "CREATE TRIGGER knowledge_ticket_stems_update "
    "AFTER UPDATE OF public_text, internal_text ON knowledge_tickettext BEGIN "
    "DELETE FROM knowledge_ticket_fts WHERE rowid = new.ticket_id; "
    "INSERT INTO knowledge_ticket_fts(rowid, public, internal) VALUES (new.ticket_id, "
    "kabinet_stems(new.public_text), kabinet_stems(new.internal_text)); END",
)
SQLITE_REVERSE = (
    "DROP TRIGGER knowledge_ticket_stems_update",
    "DROP TRIGGER knowledge_ticket_stems_insert",
    "DROP TRIGGER knowledge_ticket_registered",
)


def _run(statements: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, None)  # "%" is printf's, no parameter

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_ticket_text_on_insert"),
        ("tickets", "0020_fewer_ticket_indexes"),
    ]

    operations = [
        migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE), elidable=False),
    ]
