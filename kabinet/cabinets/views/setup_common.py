"""What the set-up pages ("Настройка") share: only an organisation admin of a partner or
the vendor opens them (anyone else gets 404), who and from where a change comes, and the
what-if of a change turned into rows a page lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kabinet.accounts.lockouts import client_address
from kabinet.cabinets.views.common import person_of
from kabinet.contracts.access import administered_supplier_ids
from kabinet.contracts.access import administered_suppliers as access_suppliers
from kabinet.contracts.actions import ChangeAuthor
from kabinet.orgs.models import Organisation
from kabinet.tickets.access import visible_tickets
from kabinet.tickets.actions.recompute import RecomputeReport
from kabinet.tickets.models import Ticket

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def setup_required[**P](view: View[P]) -> View[P]:
    """Sign-in required; someone who administers no partner or vendor gets 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not administered_supplier_ids(person_of(request)):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


def administered_suppliers(request: HttpRequest) -> list[Organisation]:
    return list(access_suppliers(person_of(request)))


def author_of(request: HttpRequest) -> ChangeAuthor:
    return ChangeAuthor(person=person_of(request), address=client_address(request) or None)


TARGET_WORDS: dict[str, Promise] = {
    "reaction": _("Reaction"),
    "update": _("Update interval"),
    "resolution": _("Resolution"),
}


@dataclass(frozen=True)
class ShiftRow:
    target: Promise
    earlier: int
    later: int
    became_breached: list[Ticket]
    no_longer_overdue: list[Ticket]


@dataclass(frozen=True)
class WhatIf:
    tickets: int
    changed: int
    rows: list[ShiftRow]


def what_if_rows(request: HttpRequest, report: RecomputeReport) -> WhatIf:
    """The dry run's figures with its ticket ids as tickets the viewer may open."""
    ids = {i for s in report.shifts.values() for i in (*s.became_breached, *s.no_longer_overdue)}
    found = {t.pk: t for t in visible_tickets(person_of(request)).filter(pk__in=ids).order_by("pk")}
    rows = [
        ShiftRow(
            target=TARGET_WORDS[name],
            earlier=shift.earlier,
            later=shift.later,
            became_breached=[found[i] for i in shift.became_breached if i in found],
            no_longer_overdue=[found[i] for i in shift.no_longer_overdue if i in found],
        )
        for name, shift in report.shifts.items()
    ]
    return WhatIf(tickets=report.tickets, changed=report.changed, rows=rows)
