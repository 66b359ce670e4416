"""Years of a contract's term: the periods that package quotas are counted in (seeds 000 and
002 sell "N a year" of the contract, not of the calendar). Term year k runs from
``valid_from`` + k years to the day before the next anniversary, the last one ending with
the contract. Knows nothing of quotas themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kabinet.contracts.models import Contract


@dataclass(frozen=True)
class TermYear:
    """One year of a contract's term; ``number`` counts from 1, ``end`` is inclusive."""

    number: int
    start: dt.date
    end: dt.date
    zone: ZoneInfo

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Half-open instants [start, after end): midnights in the contract's time zone."""
        first = dt.datetime.combine(self.start, dt.time(), self.zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), self.zone)
        return first, after


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` moved by whole years; 29 February falls back to 28 February."""
    year = start.year + years
    try:
        return start.replace(year=year)
    except ValueError:
        return start.replace(year=year, day=28)


def term_year(contract: Contract, at: dt.datetime) -> TermYear:
    """The term year that holds the instant ``at`` (a day in the contract's time zone).
    Before the term starts that is the first year; after it ends, the last one, so that an
    expired contract still shows what its final year used."""
    day = min(max(contract.local_date(at), contract.valid_from), contract.valid_to)
    index = day.year - contract.valid_from.year
    if anniversary(contract.valid_from, index) > day:
        index -= 1
    start = anniversary(contract.valid_from, index)
    end = min(anniversary(contract.valid_from, index + 1) - dt.timedelta(days=1), contract.valid_to)
    return TermYear(number=index + 1, start=start, end=end, zone=contract.zone)
