"""The yearly working-time norm that the government publishes with each production calendar.

Computed the official way: a Monday–Friday week, 8 hours a working day, one hour less on each
shortened day (the norm of a 40-hour week). Decree days count as worked, because the published
norms were fixed before, and apart from, the presidential decrees.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from kabinet.worktime.production.xml_format import PublishedYear

HOURS_PER_DAY = 8


class YearNorm(NamedTuple):
    working_days: int
    hours: int


def norm_of_year(published: PublishedYear) -> YearNorm:
    working_days = 0
    hours = 0
    day = date(published.year, 1, 1)
    while day.year == published.year:
        if _is_worked(published, day):
            working_days += 1
            hours += HOURS_PER_DAY - (1 if day in published.shortened else 0)
        day += timedelta(days=1)
    return YearNorm(working_days, hours)


def _is_worked(published: PublishedYear, day: date) -> bool:
    if day in published.days_off:
        return False
    return day.weekday() < 5 or day in published.working_weekends
