# ruff: noqa: RUF012
"""PostgreSQL: a new ticket's search text is written by the database, in the ticket's own
INSERT, instead of by one more statement of the registration (issue 15: a registration in at
most 8 statements). A new ticket's text is a pure function of its row (its lower-cased number
and subject, its subject and description; nothing internal yet), as
``knowledge.indexing.ticket_texts`` computes it, so the database keeps it exact for every
writer, as it does the vectors (0002). Every later change of the text (a message, a file,
the subject) is still written by ``indexing`` in the change's action. The database's ctype
must fold Cyrillic in ``lower`` (any UTF-8 locale does; ``C`` would not). SQLite's own
trigger, with the stems and the number, is 0004.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL = (
    """
CREATE FUNCTION knowledge_ticket_registered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO knowledge_tickettext (ticket_id, label, public_text, internal_text)
    VALUES (
        NEW.id,
        left(lower(coalesce(NEW.number, '') || ' ' || NEW.subject), 320),
        NEW.subject || E'\\n' || NEW.description,
        ''
    )
    ON CONFLICT (ticket_id) DO NOTHING;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER knowledge_ticket_registered AFTER INSERT ON tickets_ticket "
    "FOR EACH ROW EXECUTE FUNCTION knowledge_ticket_registered()",
)
POSTGRESQL_REVERSE = (
    "DROP TRIGGER knowledge_ticket_registered ON tickets_ticket",
    "DROP FUNCTION knowledge_ticket_registered()",
)


def _run(statements: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_fulltext"),
        ("tickets", "0014_deadline_agreed_and_category"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE), elidable=False),
    ]
