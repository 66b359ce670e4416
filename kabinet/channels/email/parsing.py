"""A raw message as Kabinet reads it: addresses, thread ids, the text (decoded from whatever
charset it claims or really has, HTML turned into text) and the files.

Nothing is lost here: a part whose text cannot be decoded with confidence is also kept as a
file, and the raw bytes stay with the InboundMessage. Not here: what the message becomes
(``intake``), quoted history (``quoting``).
"""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses

from charset_normalizer import from_bytes

from kabinet.channels.email.html_text import html_to_text
from kabinet.orgs.emails import normalise_email

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Headers worth reading back in the quarantine list and in tests (the raw has them all).
KEPT_HEADERS = (
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Sender",
    "Return-Path",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "X-Mailer",
    "User-Agent",
    "Content-Type",
)


@dataclass(frozen=True)
class MailFile:
    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass
class ParsedMail:
    message_id: str
    subject: str
    sender: str  # the From address, normalised ("" when there is none usable)
    from_header: str
    in_reply_to: list[str]
    references: list[str]
    text: str
    html_source: str | None  # the HTML the text came from, if it did
    files: list[MailFile]
    headers: dict[str, str]
    message: Message = field(repr=False)

    def header(self, name: str) -> str:
        return header_text(self.message, name)

    def all_headers(self, name: str) -> list[str]:
        return [_text(value) for value in self.message.get_all(name, [])]

    @property
    def thread_ids(self) -> list[str]:
        """In-Reply-To first, then References newest first: the nearest parent wins."""
        return [*self.in_reply_to, *reversed(self.references)]


def parse_mail(raw: bytes) -> ParsedMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    from_header = header_text(message, "From")
    text, html_source, undecoded = _body(message)
    files = [*_files(message), *undecoded]
    return ParsedMail(
        message_id=message_id_of(message, raw),
        subject=" ".join(header_text(message, "Subject").split()),
        sender=_sender(from_header),
        from_header=from_header,
        in_reply_to=MESSAGE_ID.findall(header_text(message, "In-Reply-To")),
        references=MESSAGE_ID.findall(header_text(message, "References")),
        text=text,
        html_source=html_source,
        files=files,
        headers={name: header_text(message, name) for name in KEPT_HEADERS if name in message},
        message=message,
    )


def message_id_of(message: Message, raw: bytes) -> str:
    """The message's own Message-ID, or one made of its bytes' SHA-256 for mail without one
    (so that the same bytes are still the same message)."""
    found = MESSAGE_ID.findall(header_text(message, "Message-ID"))
    if found:
        return str(found[0])[:998]
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@inbound.invalid>"


def header_text(message: Message, name: str) -> str:
    value = message.get(name)
    return "" if value is None else _text(value)


def _text(value: object) -> str:
    try:
        return f"{value}"
    except (UnicodeError, LookupError, ValueError):
        return repr(value)


def _sender(from_header: str) -> str:
    """The one address of From; a From with several addresses names no single sender."""
    addresses = [a for _, a in getaddresses([from_header]) if a]
    if len(addresses) != 1:
        return ""
    return normalise_email(addresses[0])


def display_address(from_header: str) -> str:
    addresses = [a for _, a in getaddresses([from_header]) if a]
    return addresses[0] if len(addresses) == 1 else ""


def _walk(message: Message) -> Iterator[Message]:
    """Every part, without descending into attached messages (those are files whole)."""
    yield message
    if message.get_content_type() == "message/rfc822":
        return
    if message.is_multipart():
        payload = message.get_payload()
        assert isinstance(payload, list)
        for part in payload:
            if isinstance(part, Message):
                yield from _walk(part)


def _body(message: Message) -> tuple[str, str | None, list[MailFile]]:
    """The text of the message (plain preferred, else HTML as text) and the parts kept as
    files because their charset could not be trusted."""
    plain = html = None
    for part in _walk(message):
        if part.is_multipart() or _is_file(part):
            continue
        if part.get_content_type() == "text/plain" and plain is None:
            plain = part
        elif part.get_content_type() == "text/html" and html is None:
            html = part
    chosen = plain or html
    if chosen is None:
        return "", None, []
    text, trusted = decode_part(chosen)
    kept: list[MailFile] = []
    if not trusted:
        kept.append(
            MailFile(
                filename="original-text" + (".html" if chosen is html else ".txt"),
                content_type=chosen.get_content_type(),
                data=_payload(chosen),
            )
        )
    if chosen is html:
        return html_to_text(text), text, kept
    return text, None, kept


def decode_part(part: Message) -> tuple[str, bool]:
    """The part's text, and whether the declared charset decoded it cleanly. A missing,
    unknown or lying charset is guessed from the bytes (charset-normalizer); what no guess
    decodes is replaced character by character (and the caller keeps the bytes)."""
    data = _payload(part)
    declared = (part.get_content_charset() or "").strip().lower()
    for charset in [declared] if declared else ["us-ascii", "utf-8"]:
        try:
            codecs.lookup(charset)
            return data.decode(charset), True
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data).best()
    if best is not None:
        return str(best), False
    return data.decode("utf-8", errors="replace"), False


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _is_file(part: Message) -> bool:
    if part.get_content_type() == "message/rfc822":
        return True
    disposition = part.get_content_disposition()
    if disposition == "attachment":
        return True
    if part.get_content_maintype() == "text" and part.get_filename() is None:
        return False
    return disposition == "inline" or part.get_content_maintype() not in {"text", "multipart"}


def _files(message: Message) -> list[MailFile]:
    files: list[MailFile] = []
    for number, part in enumerate(_walk(message), start=1):
        if part is message or not _is_file(part):
            continue
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            continue
        files.append(_file(part, number))
    return files


def _file(part: Message, number: int) -> MailFile:
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or isinstance(part.get_payload(), list):
        # A forwarded message as an attachment: kept whole, as the .eml it was.
        inner = part.get_payload()
        inner_message = inner[0] if isinstance(inner, list) and inner else None
        data = inner_message.as_bytes() if isinstance(inner_message, EmailMessage) else b""
        return MailFile(_filename(part, number, ".eml"), "message/rfc822", data)
    data = _payload(part)
    return MailFile(
        filename=_filename(part, number, mimetypes.guess_extension(content_type) or ".bin"),
        content_type=content_type,
        data=data,
        inline=part.get_content_disposition() != "attachment",
    )


def _filename(part: Message, number: int, extension: str) -> str:
    try:
        name = part.get_filename()
    except (UnicodeError, LookupError, ValueError):
        name = None
    if name and name.strip():
        return name.strip()
    return f"part-{number}{extension}"
