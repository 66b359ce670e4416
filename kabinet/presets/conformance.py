"""Reading ``docs/conformance.md``, the clause-by-clause table of the seeds: its rows, the
count per seed, and the preset values its rows quote, so that a test can hold the presets
and the table to each other."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kabinet.presets.spec import Preset

STATUSES = ("yes", "partly", "no", "n/a")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SEED = re.compile(r"^## Seed (\d{3})\b")
_CODE = re.compile(r"`([^`]+)`")
_TEST = re.compile(r"^(kabinet/[\w/]+\.py)::(test_\w+)$")
_TARGET = re.compile(r"^target (\S+) P(\d)(?:-(\d))? (\w+) (\d+) (\w+) (business|24x7)$")
_LINE = re.compile(r"^line (\S+) reaction (\d+) (\w+)$")
_WEEK = re.compile(r"^week (\S+) ([a-z]{3})-([a-z]{3}) (\d\d:\d\d)-(\d\d:\d\d)$")
_CHANNELS = re.compile(r"^channels (\S+) ([\w,]+)$")

# A preset value as a row quotes it: ("target", package, level, kind, amount, unit,
# calendar), ("line", key, amount, unit), ("week", contract, days, start, end) or
# ("channels", package, channels).
Fact = tuple[object, ...]


@dataclass(frozen=True)
class Row:
    seed: str
    clause: str
    status: str
    kabinet: str
    shown_by: tuple[str, ...]


class TableError(ValueError):
    """The table breaks its own format; the message names the line."""


def read_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    seed = ""
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _SEED.match(line)
        if heading:
            seed = heading.group(1)
            continue
        if not line.startswith("| ") or line.startswith("| ---") or line == _HEADER:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) != 4 or not seed:
            raise TableError(f"line {number}: a row has four cells under a seed's heading")
        clause, status, kabinet, shown = cells
        if status not in STATUSES:
            raise TableError(f"line {number}: status {status!r} is not one of {STATUSES}")
        tests = tuple(_CODE.findall(shown))
        rows.append(Row(seed, clause, status, kabinet, tests))
    return rows


_HEADER = "| Clause | Status | Kabinet | Shown by |"


def read_table(path: Path) -> list[Row]:
    return read_rows(path.read_text(encoding="utf-8"))


def counts(rows: Iterable[Row]) -> dict[str, Counter[str]]:
    per_seed: dict[str, Counter[str]] = {}
    for row in rows:
        per_seed.setdefault(row.seed, Counter())[row.status] += 1
    return per_seed


def reference_parts(reference: str) -> tuple[str, str]:
    """The file and test function a "shown by" reference names."""
    match = _TEST.match(reference)
    if match is None:
        raise TableError(f"{reference!r} is not kabinet/<path>.py::test_<name>")
    return match.group(1), match.group(2)


def quoted_facts(rows: Iterable[Row]) -> set[Fact]:
    facts: set[Fact] = set()
    for row in rows:
        for span in _CODE.findall(row.kabinet):
            facts.update(_facts_of(span))
    return facts


def _facts_of(span: str) -> list[Fact]:
    if match := _TARGET.match(span):
        package, first, last, kind, amount, unit, calendar = match.groups()
        levels = range(int(first), int(last or first) + 1)
        return [("target", package, lv, kind, int(amount), unit, calendar) for lv in levels]
    if match := _LINE.match(span):
        key, amount, unit = match.groups()
        return [("line", key, int(amount), unit)]
    if match := _WEEK.match(span):
        contract, first_day, last_day, start, end = match.groups()
        days = DAYS[DAYS.index(first_day) : DAYS.index(last_day) + 1]
        return [("week", contract, days, start, end)]
    if match := _CHANNELS.match(span):
        package, channels = match.groups()
        return [("channels", package, tuple(channels.split(",")))]
    return []


def preset_facts(presets: Iterable[Preset]) -> set[Fact]:
    """Every target, line OLA, one-interval working week and channel list of the presets."""
    facts: set[Fact] = set()
    for preset in presets:
        for package in preset.packages:
            facts.add(("channels", package.key, tuple(package.channels)))
            for level, kind, amount, unit, calendar in package.targets:
                facts.add(("target", package.key, level, kind, amount, unit, calendar))
        for line in preset.lines:
            if line.reaction is not None:
                facts.add(("line", line.key, line.reaction[0], line.reaction[1]))
        for contract in preset.contracts:
            week = contract.calendar.get("week", {})
            intervals = {tuple(map(tuple, spans)) for spans in week.values()}
            if len(intervals) == 1:
                ((start, end),) = next(iter(intervals))
                days = tuple(day for day in DAYS if day in week)
                facts.add(("week", contract.number, days, start, end))
    return facts
