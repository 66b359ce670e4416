"""A ticket's upload place for diagnostic data above the package's attachment limit (seed
001: "above 5 MB a separate upload place is given"): opening, closing, and files into it.

Not here: the bytes themselves (``tickets.storage``) and who sees the files (``access``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.errors import ConflictError, DomainError, TooLargeError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets import events, storage
from kabinet.tickets.actions.attachments import (
    clean_content_type,
    clean_filename,
    keep_stored_file,
)
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_party,
    require_supplier,
)
from kabinet.tickets.models import Attachment, EventKind, Ticket, UploadPlace, Visibility

UPLOAD_PLACE_DAYS = 14
MAX_UPLOAD_PLACE_DAYS = 90
# Stored untranslated (msgids): these are note kinds, read in the reader's language.
OPENED_NOTE = gettext_noop(
    "An upload place for diagnostic data above the attachment limit is open; its limit and "
    "deadline are shown with the ticket's files."
)
REQUESTED_NOTE = gettext_noop(
    "The customer has diagnostic data above the attachment limit; an upload place is open, "
    "its limit and deadline are shown with the ticket's files."
)
CLOSED_NOTE = gettext_noop("The upload place is closed; files already uploaded stay.")


def current_upload_place(ticket: Ticket, now: dt.datetime | None = None) -> UploadPlace | None:
    """The ticket's place that takes files now, if any (at most one is usable at a time)."""
    moment = clock.resolve(now)
    return ticket.upload_places.usable_at(moment).order_by("-opened_at", "-id").first()


def latest_upload_place(ticket: Ticket) -> UploadPlace | None:
    """The most recently opened place, usable or not (to say until when it was open)."""
    return ticket.upload_places.order_by("-opened_at", "-id").first()


def open_upload_place(
    ticket: Ticket, *, author: Person, days: int | None = None, now: dt.datetime | None = None
) -> UploadPlace:
    """Give the open ticket an upload place with the package's ``large_upload_limit`` per
    file, usable for ``days`` calendar days (14 by default).

    The supplier's staff open one at will and may choose ``days``; the customer opening one
    is the customer saying that there is diagnostic data above the limit, and the seed
    promises the place in that case, so it opens at once with the defaults. One usable place
    per ticket at a time: a second one is a ConflictError.
    """
    require_party(author, ticket)
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        place = open_upload_place_locked(ticket, author=author, now=now, days=days)
        finish_change(ticket, now)
        return place


def open_upload_place_locked(
    ticket: Ticket, *, author: Person, now: dt.datetime, days: int | None = None
) -> UploadPlace:
    """``open_upload_place`` inside the caller's transaction, for an action that opens a
    place as part of its own change (registration, when the customer says at filing that
    there is more diagnostic data). Preconditions: inside ``transaction.atomic``, holding
    the ticket's row lock (or having created the ticket in this transaction), ``author``
    a party of the ticket. The place's event means nothing to the SLA clock, so the
    ticket's columns need no recompute for it."""
    supplier = ticket.contract.supplier_id in supplier_organisation_ids(author)
    if days is not None and not supplier:
        raise DomainError(_("Only the supplier's staff may choose the period."), field="days")
    days = UPLOAD_PLACE_DAYS if days is None else days
    if not 1 <= days <= MAX_UPLOAD_PLACE_DAYS:
        raise DomainError(
            _("The period is from 1 to %(max)s days.") % {"max": MAX_UPLOAD_PLACE_DAYS},
            field="days",
        )
    _require_place_can_open(ticket, now)
    place = UploadPlace.objects.create(
        ticket=ticket,
        opened_by=author,
        opened_at=now,
        expires_at=now + dt.timedelta(days=days),
        limit=ticket.contract.package.large_upload_limit,
    )
    opened: events.UploadPlaceOpened = {
        "body": OPENED_NOTE if supplier else REQUESTED_NOTE,
        "upload_place": place.pk,
        "limit": place.limit,
        "expires_at": place.expires_at.isoformat(),
        "requested": not supplier,
    }
    append_event(
        ticket, EventKind.UPLOAD_PLACE_OPENED, actor=author, at=now, payload=opened, announce=True
    )
    return place


def guard_open_upload_place(actor: Person, ticket: Ticket, *, now: dt.datetime) -> None:
    """Raises the refusal of an upload place opened by ``actor`` at ``now``, whatever the
    period: what ``open_upload_place`` checks (the party before the lock, the rest under it)
    and what ``tickets.acts`` asks."""
    require_party(actor, ticket)
    _require_place_can_open(ticket, now)


def _require_place_can_open(ticket: Ticket, now: dt.datetime) -> None:
    require_open(ticket)
    if current_upload_place(ticket, now) is not None:
        raise ConflictError(_("The ticket already has an open upload place."))


def guard_close_upload_place(actor: Person, ticket: Ticket, *, now: dt.datetime) -> UploadPlace:
    """The place ``actor`` may close at ``now``, else the refusal."""
    require_supplier(actor, ticket)
    place = current_upload_place(ticket, now)
    if place is None:
        raise ConflictError(_("The ticket has no open upload place."))
    return place


def close_upload_place(
    ticket: Ticket, *, author: Person, now: dt.datetime | None = None
) -> UploadPlace:
    """Close the ticket's usable upload place (supplier staff only); files already in it
    stay on the ticket."""
    with transaction.atomic():
        ticket = lock(ticket)
        now = clock.resolve(now)
        place = guard_close_upload_place(author, ticket, now=now)
        place.closed_at, place.closed_by = now, author
        place.save(update_fields=["closed_at", "closed_by"])
        closed: events.UploadPlaceClosed = {"body": CLOSED_NOTE, "upload_place": place.pk}
        append_event(ticket, EventKind.UPLOAD_PLACE_CLOSED, actor=author, at=now, payload=closed)
        finish_change(ticket, now)
        return place


def usable_upload_place(ticket: Ticket, now: dt.datetime | None = None) -> UploadPlace:
    """The place a file may go into now, else ConflictError (409): none open, expired,
    closed, or the ticket closed."""
    require_open(ticket)
    place = current_upload_place(ticket, now)
    if place is None:
        latest = latest_upload_place(ticket)
        if latest is not None and latest.closed_at is None:
            raise ConflictError(_("The upload place has expired."))
        if latest is not None:
            raise ConflictError(_("The upload place is closed."))
        raise ConflictError(_("The ticket has no open upload place."))
    return place


def guard_add_to_upload_place(
    actor: Person, ticket: Ticket, *, now: dt.datetime | None = None
) -> UploadPlace:
    """The place ``actor`` may put a file into at ``now``, else the refusal."""
    require_party(actor, ticket)
    return usable_upload_place(ticket, now)


def place_too_large(limit: int) -> TooLargeError:
    return TooLargeError(
        _("The file is larger than the upload place allows: %(size)s (%(limit)s bytes).")
        % {"size": filesizeformat(limit), "limit": limit},
        field="file",
    )


def add_to_upload_place(
    ticket: Ticket,
    *,
    author: Person,
    filename: str,
    content_type: str,
    chunks: Iterable[bytes],
    now: dt.datetime | None = None,
) -> Attachment:
    """Stream a file into the ticket's usable upload place; it becomes a public attachment
    marked as from the place. Above the place's limit: TooLargeError (413), nothing kept.
    A place closed or expired while the bytes arrived refuses the file at the end (409)."""
    filename = clean_filename(filename)
    content_type = clean_content_type(content_type)
    place = guard_add_to_upload_place(author, ticket, now=now)
    stored = storage.store(chunks, limit=place.limit, refusal=place_too_large(place.limit))
    return keep_stored_file(
        ticket,
        author=author,
        filename=filename,
        content_type=content_type,
        stored=stored,
        visibility=Visibility.PUBLIC,
        upload_place=lambda locked: usable_upload_place(locked, now),
        now=now,
    )
