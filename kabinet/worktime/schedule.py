"""Which local working hours a given date has, once the weekly pattern, the production
calendar and the spec's own exceptions are applied. Knows nothing of time zones."""

from __future__ import annotations

from datetime import date

from kabinet.worktime.production import ProductionCalendar
from kabinet.worktime.spec import CalendarSpec, Hours

SHORTENED_BY = 3600


class DaySchedule:
    """Precedence, strongest first: the spec's ``working_days``, the spec's ``holidays``,
    the production calendar (days off, decree days, working weekends, shortened days), and
    finally the weekly pattern."""

    def __init__(self, spec: CalendarSpec, production: ProductionCalendar | None) -> None:
        self.spec = spec
        self.production = production
        self.regular_weekday = next((h for h in spec.week[:5] if h), ())

    def hours(self, day: date) -> Hours:
        spec = self.spec
        explicit = spec.working_days.get(day)
        if explicit is not None:
            return explicit
        if day in spec.holidays:
            return ()
        production = self.production
        if production is None:
            return spec.week[day.weekday()]
        if day in production.days_off:
            return ()
        if day in production.decree_days and not spec.work_decree_days:
            return ()
        if day in production.working_weekends:
            # A working Saturday or Sunday is worked with the hours of a regular weekday.
            hours = self.regular_weekday
        else:
            hours = spec.week[day.weekday()]
        if day in production.shortened:
            return shorten(hours, SHORTENED_BY)
        return hours

    def can_ever_work(self) -> bool:
        spec = self.spec
        return any(spec.week) or any(spec.working_days.values())


def shorten(hours: Hours, by: int) -> Hours:
    """Take ``by`` seconds off the end of the working day, across intervals if needed."""
    out = list(hours)
    while out and by > 0:
        start, end = out[-1]
        cut = min(by, end - start)
        by -= cut
        if end - cut > start:
            out[-1] = (start, end - cut)
        else:
            out.pop()
    return tuple(out)
