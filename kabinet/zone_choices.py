"""The time-zone picker's choices: zones by country and city in the reader's language, the
most likely first (the zones of the reader's contracts, then Russia west to east, then the
neighbouring countries, then the rest by name), each with its offset now.

The list of zones and their countries is the IANA table shipped with ``tzdata`` (pinned,
read from the package, never fetched). Names come from this project's catalog for Russia's
zones and the neighbouring countries (the names our readers know best, checked by hand) and
from Babel's CLDR data (pinned, on disk) for the rest of the world.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kabinet import clock

type Choice = tuple[str, str]
type Group = tuple[str, list[Choice]]

# Countries a Russian customer or partner most likely works in, in this order after Russia.
NEIGHBOURS = ("BY", "KZ", "UZ", "KG", "AM", "AZ", "GE", "TJ", "TM", "MD", "MN")

COUNTRY_NAMES = {
    "RU": gettext_noop("Russia"),
    "BY": gettext_noop("Belarus"),
    "KZ": gettext_noop("Kazakhstan"),
    "UZ": gettext_noop("Uzbekistan"),
    "KG": gettext_noop("Kyrgyzstan"),
    "AM": gettext_noop("Armenia"),
    "AZ": gettext_noop("Azerbaijan"),
    "GE": gettext_noop("Georgia"),
    "TJ": gettext_noop("Tajikistan"),
    "TM": gettext_noop("Turkmenistan"),
    "MD": gettext_noop("Moldova"),
    "MN": gettext_noop("Mongolia"),
}

# The city (or area) a zone is named after, where the catalog has it in Russian.
CITY_NAMES = {
    "Europe/Kaliningrad": gettext_noop("Kaliningrad"),
    "Europe/Moscow": gettext_noop("Moscow"),
    "Europe/Simferopol": gettext_noop("Simferopol"),
    "Europe/Kirov": gettext_noop("Kirov"),
    "Europe/Volgograd": gettext_noop("Volgograd"),
    "Europe/Astrakhan": gettext_noop("Astrakhan"),
    "Europe/Saratov": gettext_noop("Saratov"),
    "Europe/Ulyanovsk": gettext_noop("Ulyanovsk"),
    "Europe/Samara": gettext_noop("Samara"),
    "Asia/Yekaterinburg": gettext_noop("Yekaterinburg"),
    "Asia/Omsk": gettext_noop("Omsk"),
    "Asia/Novosibirsk": gettext_noop("Novosibirsk"),
    "Asia/Barnaul": gettext_noop("Barnaul"),
    "Asia/Tomsk": gettext_noop("Tomsk"),
    "Asia/Novokuznetsk": gettext_noop("Novokuznetsk"),
    "Asia/Krasnoyarsk": gettext_noop("Krasnoyarsk"),
    "Asia/Irkutsk": gettext_noop("Irkutsk"),
    "Asia/Chita": gettext_noop("Chita"),
    "Asia/Yakutsk": gettext_noop("Yakutsk"),
    "Asia/Khandyga": gettext_noop("Khandyga"),
    "Asia/Vladivostok": gettext_noop("Vladivostok"),
    "Asia/Ust-Nera": gettext_noop("Ust-Nera"),
    "Asia/Magadan": gettext_noop("Magadan"),
    "Asia/Sakhalin": gettext_noop("Sakhalin"),
    "Asia/Srednekolymsk": gettext_noop("Srednekolymsk"),
    "Asia/Kamchatka": gettext_noop("Petropavlovsk-Kamchatsky"),
    "Asia/Anadyr": gettext_noop("Anadyr"),
    "Europe/Minsk": gettext_noop("Minsk"),
    "Asia/Almaty": gettext_noop("Almaty"),
    "Asia/Qyzylorda": gettext_noop("Kyzylorda"),
    "Asia/Qostanay": gettext_noop("Kostanay"),
    "Asia/Aqtobe": gettext_noop("Aktobe"),
    "Asia/Aqtau": gettext_noop("Aktau"),
    "Asia/Atyrau": gettext_noop("Atyrau"),
    "Asia/Oral": gettext_noop("Oral"),
    "Asia/Tashkent": gettext_noop("Tashkent"),
    "Asia/Samarkand": gettext_noop("Samarkand"),
    "Asia/Bishkek": gettext_noop("Bishkek"),
    "Asia/Yerevan": gettext_noop("Yerevan"),
    "Asia/Baku": gettext_noop("Baku"),
    "Asia/Tbilisi": gettext_noop("Tbilisi"),
    "Asia/Dushanbe": gettext_noop("Dushanbe"),
    "Asia/Ashgabat": gettext_noop("Ashgabat"),
    "Europe/Chisinau": gettext_noop("Chisinau"),
    "Asia/Ulaanbaatar": gettext_noop("Ulaanbaatar"),
    "Asia/Hovd": gettext_noop("Khovd"),
}


def _table(name: str) -> list[list[str]]:
    text = (importlib.resources.files("tzdata.zoneinfo") / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code → its zones, as the IANA tables say. A zone the 1970 table files under
    Russia first is Russia's (zone.tab, kept for compatibility, says otherwise)."""
    russian = tuple(row[2] for row in _table("zone1970.tab") if row[0].split(",")[0] == "RU")
    countries: dict[str, list[str]] = {"RU": list(russian)}
    for code, _where, zone, *_rest in _table("zone.tab"):
        if zone not in russian:
            countries.setdefault(code, []).append(zone)
    return {code: tuple(zones) for code, zones in countries.items()}


@cache
def _english_countries() -> dict[str, str]:
    return {row[0]: row[1] for row in _table("iso3166.tab")}


@cache
def _cldr(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _reader_locale() -> Locale | None:
    return _cldr(translation.get_language() or "ru")


def country_name(code: str) -> str:
    if code in COUNTRY_NAMES:
        return _(COUNTRY_NAMES[code])
    locale = _reader_locale()
    if locale is not None and code in locale.territories:
        return str(locale.territories[code])
    return _english_countries().get(code, code)


@lru_cache(maxsize=2048)
def _cldr_city(zone: str, language: str) -> str:
    locale = _cldr(language)
    if locale is None:
        return ""
    try:
        return str(get_timezone_location(zone, locale=locale, return_city=True))
    except LookupError:
        return ""


def city_name(zone: str) -> str:
    if zone in CITY_NAMES:
        return _(CITY_NAMES[zone])
    return _cldr_city(zone, translation.get_language() or "ru") or zone.rsplit("/", 1)[-1].replace(
        "_", " "
    )


def offset_words(zone: str, at: dt.datetime) -> str:
    """ "UTC+3", "UTC−3:30": the zone's offset at ``at``."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _choice(zone: str, at: dt.datetime, *, country: str = "") -> Choice:
    city = city_name(zone)
    place = f"{city}, {country}" if country else city
    return zone, f"{place} ({offset_words(zone, at)})"


def _by_offset(zones: Iterable[str], at: dt.datetime) -> list[str]:
    return sorted(zones, key=lambda z: (at.astimezone(ZoneInfo(z)).utcoffset(), z))


@cache
def _country_of() -> dict[str, str]:
    return {zone: code for code, zones in zones_by_country().items() for zone in zones}


@lru_cache(maxsize=8)  # a few languages, today's offsets: a server running for years stays small
def _groups(language: str, day: dt.date) -> tuple[Group, ...]:
    """The country groups in the reader's language; offsets as on ``day``."""
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    countries = zones_by_country()
    groups: list[Group] = []
    for code in ("RU", *NEIGHBOURS):
        zones = _by_offset(countries.get(code, ()), at)
        groups.append((country_name(code), [_choice(z, at) for z in zones]))
    rest = [code for code in countries if code != "RU" and code not in NEIGHBOURS]
    for code in sorted(rest, key=country_name):
        zones = sorted(countries[code], key=city_name)
        groups.append((country_name(code), [_choice(z, at) for z in zones]))
    groups.append((_("Universal time"), [("UTC", _("Coordinated universal time (UTC)"))]))
    return tuple(groups)


def zone_choices(likely: Sequence[str] = (), *, now: dt.datetime | None = None) -> list[Group]:
    """The picker's groups, in the active language. ``likely`` (the zones of the reader's
    contracts, the current choice) come first, each named with its country."""
    likely = [zone for zone in likely if zone]
    at = clock.resolve(now)
    day = at.date()
    language = translation.get_language() or "ru"
    groups = list(_groups(language, day))
    country_of = _country_of()
    known = {zone for _label, zones in groups for zone, _name in zones}
    wanted = [zone for zone in dict.fromkeys([*likely, "Europe/Moscow"]) if zone in known]
    first = [_choice(zone, at, country=country_name(country_of[zone])) for zone in wanted]
    first += [(zone, zone) for zone in likely if zone not in known and _is_zone(zone)]
    # Each zone once in the list (a select with one value twice marks both as chosen).
    rest = [(label, [c for c in zones if c[0] not in wanted]) for label, zones in groups]
    return [(_("Most likely"), first), *((label, zones) for label, zones in rest if zones)]


def _is_zone(name: str) -> bool:
    return name in available_timezones()
