"""Path converters of every URL map: ``<id:...>`` an integer key that fits the database's
signed 64-bit columns, ``<key:...>`` a path segment without NUL (a ticket number, a file
name), which PostgreSQL cannot compare with text. A segment outside them matches no URL,
so it is a 404 (in the API's error format under /api/), never a database error."""

from __future__ import annotations

from django.urls import register_converter

from kabinet.bounds import parse_id


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django reads ValueError as "this URL does not match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class KeyConverter:
    regex = "[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    """Called by the root URL map before any app's patterns are built."""
    register_converter(IdConverter, "id")
    register_converter(KeyConverter, "key")
