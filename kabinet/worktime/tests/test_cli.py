"""``kabinet calendar`` as a user runs it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from kabinet.worktime.cli import main, parse_duration


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_add_on_the_default_moscow_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    # 17:00 is the end of the shortened 8 May; 4 h from 9:30 on Tue 12 May.
    assert run(capsys, "add", "2026-05-08T17:00+03:00", "4h") == (
        0,
        "2026-05-12T13:30:00+03:00",
        "",
    )


def test_between_prints_hours_and_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "between", "2026-12-30T17:45+03:00", "2027-01-11T17:15+03:00")
    assert (code, out) == (0, "8 h 00 min")


def test_show_marks_days_off_shortened_and_totals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "2026")
    assert code == 0
    assert "Май 2026" in out
    assert "  8~  9* 10*" in out  # shortened Friday, then the weekend
    assert "2026: 247 рабочих дней" in out


def test_show_marks_working_weekends(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "2025")
    assert "  1+  2*" in out  # Saturday 1 November 2025 was worked


def test_custom_calendar_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "night.json"
    spec.write_text(json.dumps({"timezone": "UTC", "week": {"mon": [["00:00", "24:00"]]}}))
    code, out, _ = run(capsys, "add", "2026-03-09T23:00+00:00", "2h", "--calendar", str(spec))
    assert (code, out) == (0, "2026-03-16T01:00:00+00:00")


def test_errors_are_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "add", "2026-05-08T17:00", "4h")[::2] == (
        2,
        "kabinet calendar: '2026-05-08T17:00' has no UTC offset; "
        "write it like 2026-05-08T17:00+03:00",
    )
    assert run(capsys, "add", "2026-05-08T17:00+03:00", "four")[2].endswith(
        "cannot read the duration 'four'; write it like 4h, 1h30m or 90m"
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"timezone": "UTC",\n "week": }')
    assert (
        "bad.json line 2: not valid JSON" in run(capsys, "--calendar", str(bad), "show", "2026")[2]
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("4h", timedelta(hours=4)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("90m", timedelta(minutes=90)),
        ("2.5h", timedelta(hours=2, minutes=30)),
        ("45s", timedelta(seconds=45)),
        ("08:30", timedelta(hours=8, minutes=30)),
        ("-4h", -timedelta(hours=4)),
    ],
)
def test_parse_duration(text: str, amount: timedelta) -> None:
    assert parse_duration(text) == amount


def test_import_refuses_a_bad_file_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "2028.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<calendar year="2028" lang="ru">\n<days>\n'
        '<day d="02.30" t="1"/>\n</days>\n</calendar>\n'
    )
    assert run(capsys, "import", str(bad))[::2] == (
        2,
        "kabinet calendar: 2028.xml, line 4: day 02.30 is not a date in 2028",
    )
