"""Django's SQLite backend, except that the database file is made private before SQLite
opens it: created 0600 (its folder 0700) whatever the umask (SQLite creates the -wal and -shm
files with the database file's mode, so they follow; older ones lose the others' bits), and
that every connection has Kabinet's SQL functions (``kabinet.sqlite.functions``) from its
first statement on: the knowledge triggers call them in any write of a ticket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

from kabinet.private_files import ensure_private
from kabinet.sqlite import functions


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params["database"])
        if not self.creation.is_in_memory_db(name) and not name.startswith("file:"):
            database = Path(name)
            ensure_private(database)
            for suffix in ("-wal", "-shm"):
                companion = database.with_name(database.name + suffix)
                if companion.exists():
                    ensure_private(companion)
        connection = super().get_new_connection(conn_params)
        functions.register(connection)
        return connection
