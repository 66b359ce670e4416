"""JSON request parsing that refuses what no field needs and no database column can hold.

Nesting deeper than ``MAX_DEPTH`` (no field of the API nests more than a few levels, and
every later step, from validation to rendering an error, walks the value recursively),
lone UTF-16 surrogates (``"\\ud800"``, not encodable as UTF-8) and NUL characters
(refused by PostgreSQL text and jsonb) all answer 400 here instead of failing later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


class StrictJSONParser(JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON text is nested too deeply.")) from None
        depth, strings = _walk(data)
        if depth > MAX_DEPTH:
            raise ParseError(_("The JSON text is nested too deeply."))
        if not all(_storable(text) for text in strings):
            raise ParseError(_("The JSON text contains a character that cannot be stored."))
        return data


def _walk(data: Any) -> tuple[int, list[str]]:
    """The nesting depth of a decoded JSON value and every string in it (keys too).

    Iterative, so that a value nested as deep as the decoder allows is measured without
    the recursion that would fail on it; the walk stops below ``MAX_DEPTH``."""
    strings: list[str] = []
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict | list):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_DEPTH:
                break
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    strings.append(key)
                stack.append((item, depth + 1))
    return deepest, strings


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
