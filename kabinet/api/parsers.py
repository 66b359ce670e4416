"""JSON request parsing that refuses text no database column can hold.

Nesting too deep for the decoder, lone UTF-16 surrogates (``"\\ud800"``, not encodable
as UTF-8) and NUL characters (refused by PostgreSQL text and jsonb) all answer 400 here
instead of failing later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


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
        if not all(_storable(text) for text in _strings(data)):
            raise ParseError(_("The JSON text contains a character that cannot be stored."))
        return data


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
