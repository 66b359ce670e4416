# ruff: noqa: RUF012
"""PostgreSQL: a new ticket's number is written by its own INSERT (a trigger before the row
is stored, from the id its default took from the sequence), as SQLite's insert trigger
writes it (knowledge 0004): a registration no longer reads the sequence in a statement of
its own first (issue 15: the fewest statements per registration). A row that comes with a
number keeps it. The same text as ``tickets.models.format_number``: the prefix, then the id
padded with zeros to ``NUMBER_DIGITS`` and never cut.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from kabinet.tickets.models import NUMBER_DIGITS, NUMBER_PREFIX

POSTGRESQL = (
    f"""
CREATE FUNCTION tickets_ticket_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(NEW.number, '') = '' THEN
        NEW.number := '{NUMBER_PREFIX}' || CASE
            WHEN length(NEW.id::text) >= {NUMBER_DIGITS} THEN NEW.id::text
            ELSE lpad(NEW.id::text, {NUMBER_DIGITS}, '0')
        END;
    END IF;
    RETURN NEW;
END
$$
""",
    "CREATE TRIGGER tickets_ticket_number BEFORE INSERT ON tickets_ticket "
    "FOR EACH ROW EXECUTE FUNCTION tickets_ticket_number()",
)
POSTGRESQL_REVERSE = (
    "DROP TRIGGER tickets_ticket_number ON tickets_ticket",
    "DROP FUNCTION tickets_ticket_number()",
)


def _run(statements: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("tickets", "0020_fewer_ticket_indexes")]

    operations = [
        migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE), elidable=False),
    ]
