"""The time-zone picker's choices (issue 16, point 2): by country and city in the reader's
language, the likely zones first, each zone offered once with its offset, every zone of
the IANA table present, and a zone the table does not list still offered when it is the
current choice."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

from django.utils import translation

from kabinet.zone_choices import zone_choices, zones_by_country

SUMMER = dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)


def flat(groups: list[tuple[str, list[tuple[str, str]]]]) -> list[str]:
    return [zone for _label, zones in groups for zone, _name in zones]


def test_russian_reader_sees_russian_names_likely_first() -> None:
    with translation.override("ru"):
        groups = zone_choices(["Asia/Yekaterinburg"], now=SUMMER)
    label, first = groups[0]
    assert label == "Вероятнее всего"
    assert first == [
        ("Asia/Yekaterinburg", "Екатеринбург, Россия (UTC+5)"),
        ("Europe/Moscow", "Москва, Россия (UTC+3)"),
    ]
    assert groups[1][0] == "Россия"
    russia = [name for _zone, name in groups[1][1]]
    assert russia[0] == "Калининград (UTC+2)"
    assert russia[-1].startswith("Анадырь") or russia[-1].startswith("Петропавловск")
    assert [g[0] for g in groups[2:5]] == ["Беларусь", "Казахстан", "Узбекистан"]


def test_english_reader_and_offsets_west_to_east() -> None:
    with translation.override("en"):
        groups = zone_choices(now=SUMMER)
    assert groups[0] == ("Most likely", [("Europe/Moscow", "Moscow, Russia (UTC+3)")])
    russia = dict(groups[1][1])
    assert russia["Asia/Kamchatka"] == "Petropavlovsk-Kamchatsky (UTC+12)"
    offsets = [name.rsplit("UTC", 1)[1] for name in russia.values()]
    hours = [int(o.strip(")").replace("+", "") or 0) for o in offsets]
    assert hours == sorted(hours)
    berlin = next(zones for label, zones in groups if label == "Germany")
    assert ("Europe/Berlin", "Berlin (UTC+2)") in berlin


def test_every_zone_once_and_none_missing() -> None:
    zones = flat(zone_choices(["Asia/Omsk"], now=SUMMER))
    assert len(zones) == len(set(zones))
    listed = {zone for zones in zones_by_country().values() for zone in zones}
    assert listed | {"UTC"} == set(zones)
    assert listed <= available_timezones()


def test_a_current_zone_outside_the_table_stays_offered() -> None:
    groups = zone_choices(["Europe/Kiev", "Mars/Olympus"], now=SUMMER)
    assert "Europe/Kiev" in flat(groups[:1])
    assert "Mars/Olympus" not in flat(groups)


def test_the_rest_of_the_world_in_the_readers_language() -> None:
    with translation.override("ru"):
        groups = dict(zone_choices(now=SUMMER))
    assert ("Europe/Berlin", "Берлин (UTC+2)") in groups["Германия"]
    assert ("America/New_York", "Нью-Йорк (UTC−4)") in groups["Соединенные Штаты"]
    with translation.override("en"):
        groups = dict(zone_choices(now=SUMMER))
    assert ("America/New_York", "New York (UTC−4)") in groups["United States"]
