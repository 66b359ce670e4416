"""House rule (STYLE 3.2, rule 13): time comes in as an argument. Runtime code reads the wall
clock only through ``kabinet.clock`` and never patches it; tests move time with
``time_machine``."""

from __future__ import annotations

import re
from pathlib import Path

import kabinet

ROOT = Path(kabinet.__file__).parent
FORBIDDEN = re.compile(
    r"\b(timezone|datetime)\.now\("  # the wall clock, read past kabinet.clock
    r"|\bunittest\.mock\b|\bfrom unittest import mock\b"  # patching, of time or anything
)


def _runtime(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" not in parts and "migrations" not in parts and parts != ("clock.py",)


def test_runtime_code_reads_the_clock_only_through_kabinet_clock() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in ROOT.rglob("*.py")
        if _runtime(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []


def test_the_rule_sees_what_it_forbids() -> None:
    assert FORBIDDEN.search("now = timezone.now()")
    assert FORBIDDEN.search("stamp = dt.datetime.now(dt.UTC)")
    assert FORBIDDEN.search("from unittest import mock")
    assert FORBIDDEN.search("with unittest.mock.patch.object(timezone, 'now'):")
    assert not FORBIDDEN.search("now = clock.now()")
