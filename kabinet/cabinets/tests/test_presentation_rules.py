"""STYLE 3.2.14 held by machine: template tags format and never query; templates ask the
page's ``acts`` instead of comparing a ticket's status."""

from __future__ import annotations

import re
from pathlib import Path

KABINET = Path(__file__).resolve().parents[2]
ORM_USE = re.compile(
    r"\.objects\b|\.filter\(|\.exclude\(|\.all\(\)|select_related|prefetch_related"
    r"|\.first\(\)|\.exists\(\)|\.get\(pk|from kabinet\.\w+\.(queries|access)\b"
)
STATUS_TEST = re.compile(r"\bstatus\s*(==|!=)|\bis_open\b")


def test_template_tags_run_no_queries() -> None:
    offenders = [
        f"{path.relative_to(KABINET)}:{number}: {line.strip()}"
        for path in sorted(KABINET.glob("*/templatetags/*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ORM_USE.search(line)
    ]
    assert offenders == []


def test_templates_do_not_restate_what_a_status_allows() -> None:
    offenders = [
        f"{path.relative_to(KABINET)}:{number}"
        for path in sorted(KABINET.glob("*/templates/**/*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATUS_TEST.search(line)
    ]
    assert offenders == []
