"""``kabinet calendar``: show a year, add working time, measure working time between two
instants, import a published production calendar year."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from kabinet.worktime.calendar import Calendar

DEFAULT_SPEC = {
    "timezone": "Europe/Moscow",
    "week": {
        **{day: [["09:30", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
        "sat": [],
        "sun": [],
    },
    "production_calendar": "ru",
}
DURATION = re.compile(r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+)m(?:in)?)?(?:(?P<s>\d+)s)?$")


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        calendar = _load_calendar(args.calendar)
        print(args.run(calendar, args))
    except ValueError as exc:
        print(f"kabinet calendar: {exc}", file=sys.stderr)
        return 2
    return 0


def parse_duration(text: str) -> timedelta:
    """``4h``, ``1h30m``, ``90m``, ``45s``, ``2.5h``, ``HH:MM``; a leading ``-`` subtracts."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").strip().lower()
    if re.fullmatch(r"\d+:\d{2}", body):
        clock_hours, clock_minutes = body.split(":")
        return sign * timedelta(hours=int(clock_hours), minutes=int(clock_minutes))
    match = DURATION.match(body)
    if not body or match is None:
        raise ValueError(f"cannot read the duration {text!r}; write it like 4h, 1h30m or 90m")
    hours = float(match["h"] or 0)
    return sign * timedelta(hours=hours, minutes=int(match["m"] or 0), seconds=int(match["s"] or 0))


def parse_instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"cannot read the date and time {text!r}; use ISO 8601") from exc
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset; write it like 2026-05-08T17:00+03:00")
    return value


def format_duration(amount: timedelta) -> str:
    seconds = int(amount.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    tail = f" {secs} s" if secs else ""
    return f"{sign}{hours} h {minutes:02d} min{tail}"


def _show(calendar: Calendar, args: argparse.Namespace) -> str:
    from kabinet.worktime.grid import render_year

    return render_year(calendar, args.year)


def _add(calendar: Calendar, args: argparse.Namespace) -> str:
    result = calendar.add(parse_instant(args.start), parse_duration(args.amount))
    return result.isoformat()


def _between(calendar: Calendar, args: argparse.Namespace) -> str:
    return format_duration(calendar.between(parse_instant(args.a), parse_instant(args.b)))


def _import(calendar: Calendar, args: argparse.Namespace) -> str:
    from kabinet.worktime.production.importer import import_year_file

    return import_year_file(args.file, args.name)


def _load_calendar(path: str | None) -> Calendar:
    if path is None:
        return Calendar.from_spec(DEFAULT_SPEC)
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    return Calendar.from_spec(spec)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kabinet calendar",
        description="Business-time tools (default calendar: Moscow 9:30–18:00, Russian calendar)",
    )
    parser.add_argument("--calendar", metavar="FILE.json", help="calendar spec to use")
    # --calendar is accepted before or after the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--calendar", metavar="FILE.json", default=argparse.SUPPRESS)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    show = commands.add_parser("show", help="print a year as month grids", parents=[common])
    show.add_argument("year", type=int)
    show.set_defaults(run=_show)
    add = commands.add_parser(
        "add", help="instant when an amount of working time has passed", parents=[common]
    )
    add.add_argument("start", help="e.g. 2026-05-08T17:00+03:00")
    add.add_argument("amount", help="e.g. 4h, 1h30m, 90m")
    add.set_defaults(run=_add)
    between = commands.add_parser("between", help="working time in [A, B)", parents=[common])
    between.add_argument("a")
    between.add_argument("b")
    between.set_defaults(run=_between)
    load = commands.add_parser(
        "import", help="add a published production calendar year (XML)", parents=[common]
    )
    load.add_argument("file")
    load.add_argument("--name", default="ru", help="production calendar name (default: ru)")
    load.set_defaults(run=_import)
    return parser
