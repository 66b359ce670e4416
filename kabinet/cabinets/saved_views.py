"""Saved views of the work queue: the named actions ``save_view`` and ``delete_view``, and the
one fetch of a view, which only its owner passes.

Which filters exist is the queue form's business; a view stores whatever filter values the
page hands over, as the query string the queue reads them from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.cabinets.models import SavedView
from kabinet.errors import ConflictError, DomainError, NotFoundError
from kabinet.orgs.models import Person

MAX_VIEWS = 20  # per person and queue
MAX_NAME = 80
MAX_QUERY = 500


def saved_views_of(person: Person, cabinet: str) -> QuerySet[SavedView]:
    return SavedView.objects.filter(person=person, cabinet=cabinet)


def access_saved_view(person: Person, view_id: int) -> SavedView:
    """The person's own view; anyone else's is not found, exactly like a missing one."""
    view = SavedView.objects.filter(person=person, pk=view_id).first()
    if view is None:
        raise NotFoundError(_("No such saved view."))
    return view


def save_view(
    person: Person,
    *,
    cabinet: str,
    name: str,
    filters: Mapping[str, str],
    now: dt.datetime | None = None,
) -> SavedView:
    """Keep the filters under a name in the person's list for this queue. Names are unique
    per person and queue, ignoring case; at most ``MAX_VIEWS`` of them."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the view a name."), field="name")
    if len(name) > MAX_NAME:
        raise DomainError(
            _("A view name has at most %(count)s characters.") % {"count": MAX_NAME},
            field="name",
        )
    query = urlencode(list(filters.items()))
    if len(query) > MAX_QUERY:
        raise DomainError(_("These filters are too long to save."), field="name")
    with transaction.atomic():
        # Locking the owner serialises two saves of one person: the count and the
        # duplicate check below then hold.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        existing = list(saved_views_of(person, cabinet).values_list("name", flat=True))
        if name.casefold() in {other.casefold() for other in existing}:
            raise ConflictError(
                _("You already have a view named “%(name)s”.") % {"name": name}, field="name"
            )
        if len(existing) >= MAX_VIEWS:
            raise ConflictError(
                _("You have %(count)s saved views, the most there can be; delete one first.")
                % {"count": MAX_VIEWS},
                field="name",
            )
        return SavedView.objects.create(
            person=person, cabinet=cabinet, name=name, query=query, created_at=clock.resolve(now)
        )


def delete_view(person: Person, view_id: int) -> SavedView:
    """Delete the person's own view; returns it (unsaved) so the page can name it."""
    with transaction.atomic():
        view = access_saved_view(person, view_id)
        view.delete()
        return view
