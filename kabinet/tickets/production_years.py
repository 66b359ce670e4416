"""Adding a newly published production calendar year from the vendor's set-up page, as
``kabinet calendar import`` does from the command line: the year is validated and saved,
recorded in the audit trail, and the open deadlines of every contract on that production
calendar are queued to move (the ``recompute`` queue, once this is committed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kabinet.audit.actions import record_change
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.actions.recompute import RecomputeScope
from kabinet.tickets.actions.recompute_queue import queue_recompute
from kabinet.tickets.models import DeadlineRecompute
from kabinet.worktime.production.importer import import_year_file


@dataclass(frozen=True)
class ImportedYear:
    message: str
    recompute: DeadlineRecompute


def import_production_year(
    *,
    path: str,
    name: str,
    organisation: Organisation,
    actor: Person | None,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> ImportedYear:
    """Raises ``ValueError`` (the importer's words, with the line at fault) and changes
    nothing when the file is refused."""
    message = import_year_file(path, name)
    record_change(
        action="production_calendar.imported",
        target=organisation,
        organisation=organisation,
        actor=actor,
        address=address,
        after={"calendar": name, "result": message},
        now=now,
    )
    recompute = queue_recompute(RecomputeScope(calendar=name), now=now)
    return ImportedYear(message=message, recompute=recompute)
