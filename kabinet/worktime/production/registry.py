"""The bundled production calendars, found by name, loaded once per process.

Only "ru" exists: the Russian calendar, one xmlcalendar file per year in ``data/ru/YYYY.xml``.
A year without a file is simply not covered: ``ProductionCalendar.years`` omits it and no
date of it is a day off, a working weekend, a shortened day or a decree day, so a calendar
built on it follows the plain weekly pattern there. Nothing is guessed for such years.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kabinet.worktime.production import ProductionCalendar
from kabinet.worktime.production.xml_format import PublishedYear, parse_calendar_xml

DATA_DIR = Path(__file__).resolve().parent / "data"
KNOWN_CALENDARS = ("ru",)
YEAR_FILE = re.compile(r"(\d{4})\.xml")


def get_production_calendar(name: str) -> ProductionCalendar:
    check_calendar_name(name)
    return russian_calendar()


@cache
def russian_calendar() -> ProductionCalendar:
    """The Russian calendar over every bundled year. Cached: call ``russian_calendar.cache_clear()``
    after changing the bundled files (``import_year_file`` does)."""
    return load_calendar("ru", DATA_DIR)


def check_calendar_name(name: str) -> None:
    if name not in KNOWN_CALENDARS:
        known = ", ".join(repr(known) for known in KNOWN_CALENDARS)
        raise ValueError(f"unknown production calendar {name!r}; known: {known}")


def load_calendar(name: str, data_dir: Path) -> ProductionCalendar:
    """Read every ``YYYY.xml`` of ``data_dir/name``; uncached, for tests and the importer."""
    years = [load_year_file(path) for path in sorted((data_dir / name).glob("*.xml"))]
    return merge_years(name, years)


def load_year_file(path: Path) -> PublishedYear:
    match = YEAR_FILE.fullmatch(path.name)
    if match is None:
        raise ValueError(f"{path}: a production calendar file must be named YYYY.xml")
    published = parse_calendar_xml(path.read_bytes(), source=str(path))
    if published.year != int(match[1]):
        raise ValueError(f"{path}: the file name says {match[1]}, <calendar> says {published.year}")
    return published


def merge_years(name: str, years: list[PublishedYear]) -> ProductionCalendar:
    return ProductionCalendar(
        name=name,
        years=frozenset(published.year for published in years),
        days_off=frozenset().union(*(published.days_off for published in years)),
        working_weekends=frozenset().union(*(published.working_weekends for published in years)),
        shortened=frozenset().union(*(published.shortened for published in years)),
        decree_days=frozenset().union(*(published.decree_days for published in years)),
    )
