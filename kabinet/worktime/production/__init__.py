"""Production calendars: which dates a country's decrees make days off, working weekend
days or shortened pre-holiday days. Data only; the arithmetic lives in the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ProductionCalendar:
    """One country's production calendar over the years it has data for.

    ``days_off`` are dates that are not worked whatever their weekday (public holidays and
    days off moved by decree). ``working_weekends`` are Saturdays or Sundays worked as a
    regular weekday. ``shortened`` days end one hour earlier. ``decree_days`` are the extra
    paid non-working days set by presidential decree (2020, 2021): they are not part of the
    published yearly totals, and a calendar spec may choose to work them.
    """

    name: str
    years: frozenset[int]
    days_off: frozenset[date]
    working_weekends: frozenset[date]
    shortened: frozenset[date]
    decree_days: frozenset[date]

    def covers(self, day: date) -> bool:
        return day.year in self.years
