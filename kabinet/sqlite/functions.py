"""The SQL functions every SQLite connection of Kabinet has, registered by the backend as
the connection opens (``kabinet.sqlite.base``): the triggers and queries that call them never
meet a connection without them. Python's own rules, so that SQLite computes what the Python
code and PostgreSQL compute: SQLite's ``lower`` folds ASCII only, and SQLite has no
Snowball stemmer. Deterministic, so SQLite may use them in indexes and triggers; None-safe,
as SQL functions are (NULL in, NULL out)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kabinet.stems import stems_of

LOWER = "kabinet_lower"
STEMS = "kabinet_stems"
Value = str | bytes | int | float | None  # what SQLite passes and takes back


def lower(value: Value) -> Value:
    """``str.lower``: every alphabet ("Ошибка" → "ошибка"), as PostgreSQL's ``lower`` in a
    UTF-8 database."""
    return value.lower() if isinstance(value, str) else value


def stems(value: Value) -> Value:
    """The Snowball stems of a text, as the FTS5 tables hold them (``stems_of``)."""
    return stems_of(value) if isinstance(value, str) else value


FUNCTIONS: tuple[tuple[str, Callable[[Value], Value]], ...] = ((LOWER, lower), (STEMS, stems))


def register(connection: sqlite3.Connection) -> None:
    for name, function in FUNCTIONS:
        connection.create_function(name, 1, function, deterministic=True)
