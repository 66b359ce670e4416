"""HTML mail as safe plain text: scripts, styles and markup gone, layout kept as line breaks
(inscriptis); optionally without the quoted history that mail clients wrap in known
containers (Gmail's ``gmail_quote``, Thunderbird's ``blockquote type=cite``, Outlook's
reply header block)."""

from __future__ import annotations

from typing import Any

import lxml.html
from inscriptis import get_text
from lxml import etree

# Where mail clients put the message being answered.
QUOTE_CONTAINERS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]",
    "//blockquote[@type='cite']",
    "//*[@id='divRplyFwdMsg']",
    "//*[@id='appendonsend']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]",
    "//*[@data-marker='__QUOTED_TEXT__']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' yandex_quote ')]",
)


def html_to_text(html: str, *, without_quotes: bool = False) -> str:
    """Plain text of ``html``; never raises on broken markup (the text is then the markup's
    text content as the parser recovered it)."""
    if not html.strip():
        return ""
    try:
        document = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return str(get_text(html)).strip()
    if without_quotes:
        for path in QUOTE_CONTAINERS:
            for element in document.xpath(path):
                _drop_with_following(element)
    return str(get_text(lxml.html.tostring(document, encoding="unicode"))).strip()


def _drop_with_following(element: Any) -> None:
    """Outlook puts the reply header in a div and the quoted message after it, as siblings:
    the header and everything after it in its parent go."""
    parent = element.getparent()
    if parent is None:
        return
    if element.get("id") in {"divRplyFwdMsg", "appendonsend"}:
        for following in list(element.itersiblings()):
            parent.remove(following)
    parent.remove(element)
