"""Importing a published year file: what is accepted, and how each bad file is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kabinet.worktime.production.importer import import_year_file
from kabinet.worktime.production.registry import DATA_DIR, load_calendar
from kabinet.worktime.production.xml_format import parse_calendar_xml

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
HOLIDAYS = '  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>\n'


def calendar_file(days: str, *, root: str = '<calendar year="2028" lang="ru" country="ru">') -> str:
    """A file whose line 1 is the declaration, 2 the root, 3 <holidays>, 4 <days>, then
    ``days`` from line 5 on."""
    return f"{HEADER}{root}\n{HOLIDAYS}  <days>\n{days}  </days>\n</calendar>\n"


GOOD_2028 = calendar_file(
    '    <day d="01.01" t="1" h="1"/>\n'
    '    <day d="01.03" t="1" f="01.01"/>\n'
    '    <day d="02.22" t="2"/>\n'
    '    <day d="03.04" t="3"/>\n'
    '    <day d="03.06" t="1" f="03.04"/>\n'
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    (target / "ru").mkdir(parents=True)
    return target


def write(tmp_path: Path, text: str, name: str = "upload.xml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_file_is_saved_unchanged_and_loads_back(tmp_path: Path, data_dir: Path) -> None:
    message = import_year_file(write(tmp_path, GOOD_2028), data_dir=data_dir)

    saved = data_dir / "ru" / "2028.xml"
    # 2028 has 260 weekdays; two of the days off fall on one (1 January is a Saturday), the
    # working Saturday 4 March adds one, and 22 February is an hour shorter.
    assert message == f"2028: 259 working days, 2071 hours (40-hour week); saved to {saved}"
    assert saved.read_text(encoding="utf-8") == GOOD_2028
    calendar = load_calendar("ru", data_dir)
    assert calendar.years == frozenset({2028})
    assert calendar.days_off == {date(2028, 1, 1), date(2028, 1, 3), date(2028, 3, 6)}
    assert calendar.working_weekends == {date(2028, 3, 4)}
    assert calendar.shortened == {date(2028, 2, 22)}
    assert calendar.decree_days == frozenset()


def test_reimporting_a_year_replaces_it(tmp_path: Path, data_dir: Path) -> None:
    path = write(tmp_path, GOOD_2028)
    import_year_file(path, data_dir=data_dir)
    message = import_year_file(path, data_dir=data_dir)
    assert message.endswith(f"replaced {data_dir / 'ru' / '2028.xml'}")
    assert [p.name for p in (data_dir / "ru").iterdir()] == ["2028.xml"]


def test_every_bundled_file_passes_the_importer(tmp_path: Path, data_dir: Path) -> None:
    for bundled in sorted((DATA_DIR / "ru").glob("*.xml")):
        message = import_year_file(str(bundled), data_dir=data_dir)
        assert message.startswith(f"{bundled.stem}: ")
    assert load_calendar("ru", data_dir) == load_calendar("ru", DATA_DIR)


def test_decree_markers_load_as_decree_days() -> None:
    published = parse_calendar_xml(
        calendar_file(
            '    <day d="05.02" t="1" kabinet-decree="Указ № 1"/>\n'
            '    <day d="05.03" t="1" kabinet-decree="Указ № 1" kabinet-shortened="1"/>\n'
        ).encode(),
        source="2028.xml",
    )
    assert published.decree_days == {date(2028, 5, 2), date(2028, 5, 3)}
    assert published.shortened == {date(2028, 5, 3)}
    assert published.days_off == frozenset()


def test_unknown_calendar_name_is_refused(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(ValueError) as refused:
        import_year_file(write(tmp_path, GOOD_2028), "kz", data_dir=data_dir)
    assert str(refused.value) == "unknown production calendar 'kz'; known: 'ru'"


def test_missing_file_is_refused(tmp_path: Path, data_dir: Path) -> None:
    missing = tmp_path / "nowhere.xml"
    with pytest.raises(ValueError) as refused:
        import_year_file(str(missing), data_dir=data_dir)
    assert str(refused.value) == f"cannot read {missing}: No such file or directory"


def test_file_for_another_country_is_refused(tmp_path: Path, data_dir: Path) -> None:
    text = calendar_file("", root='<calendar year="2028" lang="ru" country="by">')
    with pytest.raises(ValueError) as refused:
        import_year_file(write(tmp_path, text), data_dir=data_dir)
    assert str(refused.value) == (
        "upload.xml: the file is for country 'by', not the 'ru' production calendar"
    )


BAD_FILES = [
    pytest.param(
        calendar_file('    <day d="01.01" t="1">\n'),
        "line 6: malformed XML: mismatched tag",
        id="malformed",
    ),
    pytest.param("", "line 1: malformed XML: no element found", id="empty"),
    pytest.param(
        calendar_file("", root='<calendar lang="ru">'),
        "line 2: <calendar> has no year attribute",
        id="no-year",
    ),
    pytest.param(
        calendar_file("", root='<calendar year="28">'),
        "line 2: year '28' is not a four-digit year",
        id="bad-year",
    ),
    pytest.param(
        HEADER + '<calendars year="2028"/>\n',
        "line 2: the root element is <calendars>, expected <calendar>",
        id="wrong-root",
    ),
    pytest.param(
        calendar_file('    <day d="01.01" t="4"/>\n'),
        "line 5: day 01.01 has unknown type t='4'; expected t=1 (day off), "
        "t=2 (shortened working day) or t=3 (working weekend day)",
        id="unknown-type",
    ),
    pytest.param(
        calendar_file('    <day d="01.01"/>\n'),
        "line 5: day 01.01 has no t attribute; expected t=1 (day off), "
        "t=2 (shortened working day) or t=3 (working weekend day)",
        id="no-type",
    ),
    pytest.param(
        calendar_file('    <day d="01.01" t="1"/>\n    <day d="02.30" t="1"/>\n'),
        "line 6: day 02.30 is not a date in 2028",
        id="no-such-date",
    ),
    pytest.param(
        calendar_file('    <day d="2028-01-01" t="1"/>\n'),
        "line 5: day 2028-01-01 is not in the MM.DD form",
        id="date-form",
    ),
    pytest.param(
        calendar_file('    <day t="1"/>\n'),
        "line 5: <day> has no d attribute",
        id="no-date",
    ),
    pytest.param(
        calendar_file(
            '    <day d="03.08" t="1"/>\n    <day d="03.07" t="2"/>\n    <day d="03.08" t="1"/>\n'
        ),
        "line 7: day 03.08 is listed twice (first on line 5)",
        id="duplicate",
    ),
    pytest.param(
        calendar_file('    <day d="03.06" t="3"/>\n'),
        "line 5: day 03.06 has t=3 (working weekend day) but 2028-03-06 is a Monday",
        id="t3-on-weekday",
    ),
    pytest.param(
        calendar_file('    <day d="03.06" t="1" f="13.01"/>\n'),
        "line 5: moved-from day f=13.01 is not a date in 2028",
        id="bad-moved-from",
    ),
    pytest.param(
        calendar_file('    <day d="01.02" t="1" h="9"/>\n'),
        "line 5: day 01.02 refers to holiday h=9, which <holidays> does not declare",
        id="unknown-holiday",
    ),
    pytest.param(
        HEADER + '<calendar year="2028">\n  <day d="01.02" t="1"/>\n  <days/>\n</calendar>\n',
        "line 3: <day> must be inside <days>, not <calendar>",
        id="day-outside-days",
    ),
    pytest.param(
        calendar_file('    <day d="05.02" t="2" kabinet-decree="Указ № 1"/>\n'),
        "line 5: decree day 05.02 must have t=1, not t=2",
        id="decree-type",
    ),
    pytest.param(
        calendar_file('    <day d="05.06" t="1" kabinet-decree="Указ № 1"/>\n'),
        "line 5: decree day 05.06 falls on a Saturday; "
        "only days that would otherwise be worked are decree days",
        id="decree-weekend",
    ),
    pytest.param(
        calendar_file('    <day d="05.02" t="1" kabinet-decree=" "/>\n'),
        "line 5: decree day 05.02 must name its decree in kabinet-decree",
        id="decree-unnamed",
    ),
    pytest.param(
        calendar_file('    <day d="05.02" t="2" kabinet-shortened="1"/>\n'),
        "line 5: day 05.02 has kabinet-shortened without kabinet-decree",
        id="shortened-marker-alone",
    ),
    pytest.param(
        HEADER + '<calendar year="2028">\n' + HOLIDAYS + "</calendar>\n",
        "<calendar> has no <days> element",
        id="no-days",
    ),
]


@pytest.mark.parametrize(("text", "problem"), BAD_FILES)
def test_bad_file_is_refused_with_line_and_reason(
    tmp_path: Path, data_dir: Path, text: str, problem: str
) -> None:
    with pytest.raises(ValueError) as refused:
        import_year_file(write(tmp_path, text), data_dir=data_dir)
    separator = ", " if problem.startswith("line") else ": "
    assert str(refused.value) == f"upload.xml{separator}{problem}"
    assert list((data_dir / "ru").iterdir()) == []
