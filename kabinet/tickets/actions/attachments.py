"""Adding a file to a ticket: bytes streamed to disk first, then rows and event in one
transaction (the file is removed again if that transaction fails)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import DomainError
from kabinet.orgs.models import Person
from kabinet.tickets import events, storage
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_party,
    require_supplier,
)
from kabinet.tickets.filenames import without_format_characters
from kabinet.tickets.models import Attachment, EventKind, Ticket, UploadPlace, Visibility


def add_attachment(
    ticket: Ticket,
    *,
    author: Person,
    filename: str,
    content_type: str,
    chunks: Iterable[bytes],
    internal: bool = False,
    now: dt.datetime | None = None,
) -> Attachment:
    """Store a file for the ticket; over the package's size limit raises TooLargeError (413)."""
    filename = clean_filename(filename)
    content_type = clean_content_type(content_type)
    guard_add_attachment(author, ticket, internal=internal)
    stored = storage.store(chunks, limit=ticket.contract.package.attachment_size_limit)
    return keep_stored_file(
        ticket,
        author=author,
        filename=filename,
        content_type=content_type,
        stored=stored,
        visibility=Visibility.INTERNAL if internal else Visibility.PUBLIC,
        now=now,
    )


def guard_add_attachment(actor: Person, ticket: Ticket, *, internal: bool = False) -> None:
    """Raises the refusal of a (public or ``internal``) file by ``actor`` now, whatever the
    file; what the action checks and what ``tickets.acts`` asks."""
    require_party(actor, ticket)
    if internal:
        require_supplier(actor, ticket)
    require_open(ticket)


def clean_filename(filename: str) -> str:
    """The name as stored and offered back: no path separators, no invisible format
    characters (a right-to-left override would disguise the extension), at most 255
    characters."""
    filename = without_format_characters(filename)
    filename = filename.strip().replace("/", "_").replace("\\", "_")[:255]
    if not filename:
        raise DomainError(_("A file name is required."), field="filename")
    if any(unicodedata.category(c) == "Cc" for c in filename):
        raise DomainError(_("The file name contains a control character."), field="filename")
    return filename


# type "/" subtype, each a restricted name of RFC 6838 (at most 127 characters), then
# parameters of visible ASCII; what the browser or client says the file is.
MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w!#$&^.+-]{0,126}/[A-Za-z0-9][\w!#$&^.+-]{0,126}(;[ -~]*)?")
MAX_CONTENT_TYPE = 127


def clean_content_type(content_type: str) -> str:
    """The declared media type as stored and served back: none (stored as
    application/octet-stream), or a media type of at most ``MAX_CONTENT_TYPE`` characters
    with its parameters; anything else is refused."""
    content_type = content_type.strip()
    if not content_type:
        return content_type
    if len(content_type) > MAX_CONTENT_TYPE or not MEDIA_TYPE.fullmatch(content_type):
        raise DomainError(
            _("The Content-Type must be a media type of at most %(count)d characters.")
            % {"count": MAX_CONTENT_TYPE},
            field="Content-Type",
        )
    return content_type


def keep_stored_file(
    ticket: Ticket,
    *,
    author: Person,
    filename: str,
    content_type: str,
    stored: storage.StoredFile,
    visibility: Visibility,
    upload_place: Callable[[Ticket], UploadPlace] | None = None,
    now: dt.datetime | None = None,
) -> Attachment:
    """The rows and the event for bytes already on disk, in one transaction under the row
    lock; the file is removed again if that transaction fails. ``upload_place`` re-reads
    the place under the lock (it may have closed while the bytes arrived)."""
    try:
        with transaction.atomic():
            ticket = lock(ticket)
            place = upload_place(ticket) if upload_place is not None else None
            now = clock.resolve(now)
            attachment = Attachment.objects.create(
                ticket=ticket,
                uploaded_by=author,
                filename=filename,
                content_type=content_type or "application/octet-stream",
                size=stored.size,
                sha256=stored.sha256,
                storage_name=stored.name,
                visibility=visibility,
                uploaded_at=now,
                upload_place=place,
            )
            payload: events.AttachmentAdded = {
                "attachment": attachment.pk,
                "filename": filename,
                "size": stored.size,
            }
            if place is not None:
                payload["upload_place"] = place.pk
            append_event(
                ticket,
                EventKind.ATTACHMENT_ADDED,
                actor=author,
                at=now,
                public=visibility == Visibility.PUBLIC,
                payload=payload,
            )
            finish_change(ticket, now)
            return attachment
    except BaseException:
        storage.delete(stored.name)
        raise
