"""File names as shown to people and offered to their browsers: without the invisible format
characters (Unicode category Cf: the bidirectional controls U+202A–U+202E, U+2066–U+2069,
U+200E/F, U+061C, zero-width and tag characters) that let ``invoice\u202efdp.exe`` read as
``invoiceexe.pdf``. Removed rather than replaced, so the extension seen is the real one."""

from __future__ import annotations

import unicodedata


def without_format_characters(name: str) -> str:
    return "".join(c for c in name if unicodedata.category(c) != "Cf")
