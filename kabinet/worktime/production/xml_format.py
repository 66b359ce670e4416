"""Reading one year of a production calendar published in the xmlcalendar format.

The format, as Russian production calendars are commonly published::

    <calendar year="2026" lang="ru" date="2025.09.24" country="ru">
      <holidays><holiday id="1" title="Новогодние каникулы"/> ...</holidays>
      <days>
        <day d="01.01" t="1" h="1"/>      t=1: day off (h names the holiday, f="MM.DD" the
        <day d="04.30" t="2"/>            day it was moved from); t=2: working day one hour
        <day d="11.01" t="3"/>            shorter (on a Saturday or Sunday it is also a working
      </days>                             weekend day); t=3: Saturday or Sunday worked in full.
    </calendar>

Dates not listed follow the Monday–Friday week. Kabinet adds two attributes of its own, which
other readers ignore: ``kabinet-decree="<source>"`` on a ``t="1"`` weekday marks an extra paid
non-working day set by presidential decree (2020, 2021), kept apart from the days off because
the published yearly norms count it as worked; ``kabinet-shortened="1"`` on such a day says
that the published calendar had it as a shortened pre-holiday day.

This module only parses and validates; merging years and locating files is the registry's job.
Every refusal is a ``ValueError`` naming the source, the line and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from xml.parsers import expat

DAY_OFF = "1"
SHORTENED = "2"
WORKING_WEEKEND = "3"
KNOWN_TYPES = (DAY_OFF, SHORTENED, WORKING_WEEKEND)

DECREE_ATTRIBUTE = "kabinet-decree"
DECREE_SHORTENED_ATTRIBUTE = "kabinet-shortened"

MONTH_DAY = re.compile(r"(\d{2})\.(\d{2})")
YEAR = re.compile(r"\d{4}")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PublishedYear:
    """One year of a production calendar, in the categories of ``ProductionCalendar``.

    A shortened working Saturday is in both ``working_weekends`` and ``shortened``; a decree
    day that the published calendar shortens is in both ``decree_days`` and ``shortened``.
    """

    year: int
    country: str | None
    days_off: frozenset[date]
    working_weekends: frozenset[date]
    shortened: frozenset[date]
    decree_days: frozenset[date]


def parse_calendar_xml(data: bytes, *, source: str) -> PublishedYear:
    """Parse and validate one xmlcalendar file; ``source`` names it in error messages."""
    reader = _CalendarReader(source)
    parser = expat.ParserCreate()
    reader.attach(parser)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        problem = expat.ErrorString(error.code)
        raise ValueError(f"{source}, line {error.lineno}: malformed XML: {problem}") from None
    return reader.result()


class _CalendarReader:
    """Expat callbacks that collect the days and check each element where it starts."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parser: expat.XMLParserType | None = None
        self.open_elements: list[str] = []
        self.year: int | None = None
        self.country: str | None = None
        self.holiday_ids: set[str] = set()
        self.seen_days: dict[date, int] = {}
        self.saw_days_element = False
        self.days_off: set[date] = set()
        self.working_weekends: set[date] = set()
        self.shortened: set[date] = set()
        self.decree_days: set[date] = set()

    def attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    @property
    def line(self) -> int:
        assert self.parser is not None
        return self.parser.CurrentLineNumber

    def fail(self, problem: str) -> ValueError:
        return ValueError(f"{self.source}, line {self.line}: {problem}")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        parent = self.open_elements[-1] if self.open_elements else None
        self.open_elements.append(name)
        if parent is None:
            self.start_calendar(name, attributes)
        elif name == "holiday" and parent == "holidays":
            self.start_holiday(attributes)
        elif name == "days" and parent == "calendar":
            self.saw_days_element = True
        elif name == "day":
            if parent != "days":
                raise self.fail(f"<day> must be inside <days>, not <{parent}>")
            self.start_day(attributes)
        # Other elements (comments aside) are tolerated so that richer files still load.

    def end(self, name: str) -> None:
        self.open_elements.pop()

    def start_calendar(self, name: str, attributes: dict[str, str]) -> None:
        if name != "calendar":
            raise self.fail(f"the root element is <{name}>, expected <calendar>")
        raw_year = attributes.get("year")
        if raw_year is None:
            raise self.fail("<calendar> has no year attribute")
        if not YEAR.fullmatch(raw_year):
            raise self.fail(f"year {raw_year!r} is not a four-digit year")
        self.year = int(raw_year)
        self.country = attributes.get("country")

    def start_holiday(self, attributes: dict[str, str]) -> None:
        holiday_id = attributes.get("id")
        if holiday_id is None:
            raise self.fail("<holiday> has no id attribute")
        self.holiday_ids.add(holiday_id)

    def start_day(self, attributes: dict[str, str]) -> None:
        raw_day = attributes.get("d")
        if raw_day is None:
            raise self.fail("<day> has no d attribute")
        day = self.parse_month_day(raw_day, "day {}")
        first_line = self.seen_days.get(day)
        if first_line is not None:
            raise self.fail(f"day {raw_day} is listed twice (first on line {first_line})")
        self.seen_days[day] = self.line
        kind = attributes.get("t")
        if kind not in KNOWN_TYPES:
            shown = "no t attribute" if kind is None else f"unknown type t={kind!r}"
            raise self.fail(
                f"day {raw_day} has {shown}; expected t=1 (day off), "
                "t=2 (shortened working day) or t=3 (working weekend day)"
            )
        self.check_references(raw_day, attributes)
        if DECREE_ATTRIBUTE in attributes:
            self.add_decree_day(raw_day, day, kind, attributes)
        elif DECREE_SHORTENED_ATTRIBUTE in attributes:
            raise self.fail(
                f"day {raw_day} has {DECREE_SHORTENED_ATTRIBUTE} without {DECREE_ATTRIBUTE}"
            )
        else:
            self.add_day(raw_day, day, kind)

    def add_day(self, raw_day: str, day: date, kind: str) -> None:
        weekend = day.weekday() >= 5
        if kind == DAY_OFF:
            self.days_off.add(day)
        elif kind == SHORTENED:
            self.shortened.add(day)
            if weekend:
                self.working_weekends.add(day)
        else:
            if not weekend:
                raise self.fail(
                    f"day {raw_day} has t=3 (working weekend day) but {day.isoformat()} "
                    f"is a {WEEKDAY_NAMES[day.weekday()]}"
                )
            self.working_weekends.add(day)

    def add_decree_day(
        self, raw_day: str, day: date, kind: str, attributes: dict[str, str]
    ) -> None:
        if kind != DAY_OFF:
            raise self.fail(f"decree day {raw_day} must have t=1, not t={kind}")
        if not attributes[DECREE_ATTRIBUTE].strip():
            raise self.fail(f"decree day {raw_day} must name its decree in {DECREE_ATTRIBUTE}")
        if day.weekday() >= 5:
            raise self.fail(
                f"decree day {raw_day} falls on a {WEEKDAY_NAMES[day.weekday()]}; "
                "only days that would otherwise be worked are decree days"
            )
        self.decree_days.add(day)
        marker = attributes.get(DECREE_SHORTENED_ATTRIBUTE)
        if marker is None:
            return
        if marker != "1":
            raise self.fail(
                f"day {raw_day} has {DECREE_SHORTENED_ATTRIBUTE}={marker!r}; expected 1"
            )
        self.shortened.add(day)

    def check_references(self, raw_day: str, attributes: dict[str, str]) -> None:
        holiday_id = attributes.get("h")
        if holiday_id is not None and holiday_id not in self.holiday_ids:
            raise self.fail(
                f"day {raw_day} refers to holiday h={holiday_id}, which <holidays> does not declare"
            )
        moved_from = attributes.get("f")
        if moved_from is not None:
            self.parse_month_day(moved_from, "moved-from day f={}")

    def parse_month_day(self, raw: str, label: str) -> date:
        """``label`` is a template such as ``"day {}"`` that shows the raw value in messages."""
        assert self.year is not None  # the root element was checked first
        shown = label.format(raw)
        match = MONTH_DAY.fullmatch(raw)
        if match is None:
            raise self.fail(f"{shown} is not in the MM.DD form")
        month, day = int(match[1]), int(match[2])
        try:
            return date(self.year, month, day)
        except ValueError:
            raise self.fail(f"{shown} is not a date in {self.year}") from None

    def result(self) -> PublishedYear:
        assert self.year is not None  # expat refuses a document without a root element
        if not self.saw_days_element:
            raise ValueError(f"{self.source}: <calendar> has no <days> element")
        return PublishedYear(
            year=self.year,
            country=self.country,
            days_off=frozenset(self.days_off),
            working_weekends=frozenset(self.working_weekends),
            shortened=frozenset(self.shortened),
            decree_days=frozenset(self.decree_days),
        )
