"""Cursor pagination: stable pages on an index, cost independent of how deep one pages.

A cursor comes back from the client, so it is input like any other: one that does not
decode, or whose position is not a datetime within the fields' range (every ordering here
starts with one), is refused with 400 before it reaches a query.
"""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

from kabinet.bounds import within_range


class CheckedCursorPagination(CursorPagination):
    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor: Cursor | None = super().decode_cursor(request)
        except NotFound:
            raise ParseError(self.invalid_cursor_message) from None
        if cursor is not None and cursor.position is not None and not _is_moment(cursor.position):
            raise ParseError(self.invalid_cursor_message)
        return cursor


def _is_moment(position: Any) -> bool:
    try:
        moment = parse_datetime(str(position))
    except ValueError:  # well formed but not a date, such as month 13
        return False
    return moment is not None and moment.tzinfo is not None and within_range(moment)


class NewestFirstPagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-registered_at", "-id")


class TimelinePagination(CheckedCursorPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering = ("at", "id")
