"""The one normal form of an email address, under which two addresses are the same person's.

The local part is Unicode case folded (``ß`` and ``ss`` fold together, the dotless ``ı`` and
the dotted ``İ`` stay apart from ``i``); the domain is its IDNA (UTS 46) ASCII form, so
``ПРИМЕР.РФ`` and ``xn--e1afmkfd.xn--p1ai`` are one domain and ``kabınet`` is not
``kabinet``. The database compares the stored result exactly and never folds case itself:
its own folding differs between engines and collations.
"""

from __future__ import annotations

import unicodedata

import idna


def normalise_email(address: str) -> str:
    """The normal form of ``address``, or "" when it is no address (no ``@``, an empty side,
    or a domain IDNA refuses): such an address matches nothing, not even itself."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        return ""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", local).casefold())
    try:
        ascii_domain = idna.encode(domain.removesuffix("."), uts46=True).decode("ascii")
    except idna.IDNAError:
        return ""
    return f"{folded}@{ascii_domain}"
