"""Ticket text search: a typed ticket number (with or without its prefix) finds that
ticket, anything else finds tickets with every word in the subject or the description,
ignoring case in every alphabet (also on SQLite). Which tickets are searched is the
caller's queryset."""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, Q, TextField
from django.db.models.sql.compiler import SQLCompiler

from kabinet.sqlite import functions
from kabinet.tickets.models import NUMBER_PREFIX, TicketQuerySet, format_number

# "KB-000123", "kb123" or a bare "123" (what one reads out on the phone).
NUMBER_TYPED = re.compile(
    rf"(?:{re.escape(NUMBER_PREFIX.rstrip('-'))}-?)?(\d{{1,9}})", re.IGNORECASE
)


class Lowered(Func):
    """``LOWER`` for every alphabet. SQLite's own ``LOWER`` and ``LIKE`` fold ASCII only
    ("Ошибка" would not match "ошибка"), so on SQLite Python's ``str.lower`` is called
    instead, which our backend registers on every connection (``kabinet.sqlite``);
    PostgreSQL's ``LOWER`` folds Cyrillic."""

    function = "LOWER"
    arity = 1
    output_field = TextField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, function=functions.LOWER, **extra)


def matching_text(tickets: TicketQuerySet, text: str) -> TicketQuerySet:
    """A ticket number ("KB-000123", "kb-123", a bare "123"): exactly that ticket, through
    the unique index on the number. Anything else: every word somewhere in the subject or
    the description, ignoring case."""
    typed = NUMBER_TYPED.fullmatch(text.strip())
    if typed is not None:
        return tickets.filter(number=format_number(int(typed[1])))
    tickets = tickets.alias(
        subject_lower=Lowered("subject"), description_lower=Lowered("description")
    )
    for word in text.lower().split():
        tickets = tickets.filter(
            Q(subject_lower__contains=word) | Q(description_lower__contains=word)
        )
    return tickets
