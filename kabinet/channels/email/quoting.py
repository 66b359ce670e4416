"""What the sender wrote this time: a reply without the quoted history and the signature.

Russian mail clients' markers (Outlook's «От:/Отправлено:» block, Gmail's «пн, 7 дек.
2026 г. в 10:00, … <…>:», Yandex's and Mail.ru's «… пишет:», «С уважением,», «Отправлено с
iPhone») are cut here; the English ones by mail-parser-reply. The full text always stays in
the raw message; a reply that would be cut to nothing is kept whole.
"""

from __future__ import annotations

import re

from mailparser_reply import EmailReplyParser

from kabinet.channels.email.html_text import html_to_text
from kabinet.channels.email.parsing import ParsedMail

# A line that starts the quoted message on its own.
QUOTE_STARTS = (
    re.compile(r"^-{2,}\s*(Original Message|Исходное сообщение|Пересылаемое сообщение)", re.I),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r".*(пишет|написал\(а\)|написала?|wrote)\s*:\s*$", re.I),
    # Gmail and Mail.ru in Russian: "пн, 7 дек. 2026 г. в 10:00, Имя <a@b>:"
    re.compile(r".*\d{4}.*<[^<>\s]+@[^<>\s]+>\s*:\s*$"),
)
# A header block of a quoted message: "От:" / "From:" followed within 4 lines by a sent line.
HEADER_FROM = re.compile(r"^\*?(От|From)\s*:\*?\s", re.I)
HEADER_NEXT = re.compile(r"^\*?(Отправлено|Дата|Sent|Date|Кому|To)\s*:", re.I)
SIGNATURE_STARTS = (
    re.compile(r"^--\s*$"),
    re.compile(r"^(С уважением|С наилучшими пожеланиями|Спасибо заранее)[,.!]?\s*$", re.I),
    re.compile(r"^(Best regards|Kind regards|Regards|Best wishes)[,.!]?\s*$", re.I),
    re.compile(r"^(Отправлено|Sent) (с|из|from) .{0,60}$", re.I),
)
# A signature is only the tail of a message: a marker further up is the text itself.
SIGNATURE_TAIL_LINES = 10

_english = EmailReplyParser(languages=["en"])


def reply_text(mail: ParsedMail) -> str:
    """The new part of a reply, for the ticket's timeline."""
    text = mail.text
    if mail.html_source is not None:
        text = html_to_text(mail.html_source, without_quotes=True) or text
    cut = strip_quoted(text)
    return cut or mail.text.strip()


def strip_quoted(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    lines = lines[: _quote_start(lines)]
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
        lines.pop()
    lines = lines[: _signature_start(lines)]
    cut = "\n".join(lines).strip()
    if not cut:
        return ""
    english = _english.parse_reply(text=cut)
    return (english or cut).strip()


def _quote_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if any(pattern.match(stripped) for pattern in QUOTE_STARTS):
            return index
        if HEADER_FROM.match(stripped) and any(
            HEADER_NEXT.match(following.strip()) for following in lines[index + 1 : index + 5]
        ):
            return index
        if stripped.startswith(">") and all(
            not rest.strip() or rest.lstrip().startswith(">") for rest in lines[index:]
        ):
            return index
    return len(lines)


def _signature_start(lines: list[str]) -> int:
    tail = max(0, len(lines) - SIGNATURE_TAIL_LINES)
    for index in range(tail, len(lines)):
        if index > 0 and any(pattern.match(lines[index].strip()) for pattern in SIGNATURE_STARTS):
            return index
    return len(lines)
